"""Governance in a real browser, every page checked by axe-core: the provider's PMO Lead sets
up a joint body with members of both parties, records a meeting with its attendees, agenda
and minutes, records a decision and two actions in it, finds them in the RAID log linked to
the meeting, downloads the meeting's PDF, and sees the next meeting's agenda start with the
open actions and the risks due for review."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone
from pypdf import PdfReader

from pmp.models import GovernanceBody, Meeting, RaidItem
from programs.models import Membership

from ..conftest import World
from ..pmp.conftest import record
from .conftest import assert_accessible, log_in

pytestmark = pytest.mark.e2e

LEAD = "provider.pmo_lead"
HOME = "/programs/alpha/pmp/governance/"
MINUTES = """## Cut-over readiness

The provider walked through the **mock conversion** results.

- Payroll history reconciles for 2024 and 2025.
- Leave balances still differ for 12 people.
"""


def _name(world: World, username: str) -> str:
    return Membership.objects.get(program=world.program, user=world.user(username)).display_name


def _tick(page: Any, world: World, username: str, on: bool = True) -> None:
    """Tick (or untick) a member's box by its label: USWDS hides the input itself."""
    name = _name(world, username)
    if page.get_by_role("checkbox", name=name).is_checked() != on:
        page.locator("label.usa-checkbox__label", has_text=name).click()
    assert page.get_by_role("checkbox", name=name).is_checked() == on


def _choose(select: Any, world: World, username: str) -> None:
    """Select the option naming ``username``'s member (labelled with party and role)."""
    option = select.locator("option", has_text=_name(world, username))
    select.select_option(label=option.inner_text())


def test_a_meeting_records_its_decisions_and_actions_in_the_raid_log(
    page: Any, world: World, password: str
) -> None:
    today = timezone.localdate()
    # A risk due for review before the next meeting: that meeting's agenda starts with it.
    risk = record(world, "risk", next_review_on=today + dt.timedelta(days=3))

    log_in(page, LEAD, password)
    page.goto("/programs/alpha/")
    page.get_by_role("link", name="Governance", exact=True).click()
    page.wait_for_url(f"**{HOME}")
    assert "The program has no governance bodies yet." in page.content()
    assert page.get_by_role("link", name="New meeting").count() == 0  # not before a body
    assert_accessible(page, "governance-home-empty")

    # A joint body with members of both parties.
    page.get_by_role("link", name="New governance body").click()
    page.wait_for_url("**/governance/bodies/new/")
    page.get_by_label("Name").fill("Joint Cut-over Board")
    page.get_by_label("Purpose and decisions").fill("Decides go or no-go for each mock.")
    page.get_by_label("Cadence").select_option("biweekly")
    _choose(page.get_by_label("Chair"), world, "customer.program_manager")
    for username in ("customer.program_manager", "customer.pmo_lead", LEAD, "provider.pmo_team"):
        _tick(page, world, username)
    assert_accessible(page, "governance-body-form")
    page.get_by_role("button", name="Save").click()
    page.wait_for_url(f"**{HOME}")
    body = GovernanceBody.objects.get(program=world.program, name="Joint Cut-over Board")
    row = page.locator(f"#body-{body.pk}")
    assert _name(world, "customer.pmo_lead") in row.inner_text()
    assert _name(world, "provider.pmo_team") in row.inner_text()
    assert_accessible(page, "governance-home")

    # A meeting held this morning: its attendees are the body's members, as offered.
    row.get_by_role("link", name="New meeting of Joint Cut-over Board").click()
    page.wait_for_url("**/governance/meetings/new/?body=*")
    assert page.get_by_role("checkbox", name=_name(world, "customer.pmo_lead")).is_checked()
    _tick(page, world, "provider.pmo_team", on=False)
    page.get_by_label("Date and time").fill(f"{today:%Y-%m-%d}T00:00")
    page.get_by_label("Duration (minutes)").fill("90")
    page.get_by_label("Location").fill("Room 4100 and video link")
    page.get_by_label("Status").select_option("held")
    page.get_by_label("Agenda").fill("1. Mock conversion results\n2. Go or no-go")
    page.get_by_role("textbox", name="Minutes").fill(MINUTES)
    assert_accessible(page, "governance-meeting-form")
    page.get_by_role("button", name="Save").click()
    meeting = Meeting.objects.get(body=body)
    page.wait_for_url(f"**{HOME}meetings/{meeting.pk}/")
    assert sorted(m.display_name for m in meeting.attendees.all()) == sorted(
        _name(world, u) for u in ("customer.program_manager", "customer.pmo_lead", LEAD)
    )
    minutes = page.get_by_role("region", name="Minutes")
    assert minutes.get_by_role("heading", name="Cut-over readiness").is_visible()
    assert minutes.locator("strong", has_text="mock conversion").is_visible()
    assert minutes.get_by_role("listitem").count() == 2
    attendees = page.get_by_role("region", name="Attendees").inner_text()
    assert f"{_name(world, 'customer.program_manager')} (Customer, " in attendees
    assert "chair" in attendees
    assert _name(world, "provider.pmo_team") not in attendees
    assert_accessible(page, "governance-meeting")

    # One decision and two actions.
    decision = page.get_by_role("region", name="Record a decision")
    assert decision.get_by_label("Decided by").input_value() == "Joint Cut-over Board"
    decision.get_by_label("Title").fill("Proceed to the second mock conversion")
    decision.get_by_label("What was decided").fill("The second mock runs on the March data.")
    decision.get_by_role("button", name="Record the decision").click()
    page.wait_for_url(f"**/meetings/{meeting.pk}/#records")
    recorded = "D-1 Proceed to the second mock conversion is in the RAID log."
    assert page.get_by_text(recorded).is_visible()
    # An action due before the meeting that assigns it is refused beside its date.
    action = page.get_by_role("region", name="Record an action")
    action.get_by_label("Title").fill("Backdated action")
    _choose(action.get_by_label("Owner", exact=True), world, LEAD)
    action.get_by_label("Due").fill(f"{today - dt.timedelta(days=1):%Y-%m-%d}")
    action.get_by_role("button", name="Record the action").click()
    page.wait_for_url(f"**/meetings/{meeting.pk}/action/#action-heading")  # back at the form
    action = page.get_by_role("region", name="Record an action")
    assert "An action is due on or after the meeting that assigned it" in action.inner_text()
    assert not RaidItem.objects.filter(kind="action").exists()
    assert_accessible(page, "governance-meeting-refused")
    for title, owner in (
        ("Reconcile the leave balances", "provider.pmo_team"),
        ("Brief the HR staff on the mock", "customer.pmo_lead"),
    ):
        action = page.get_by_role("region", name="Record an action")
        action.get_by_label("Title").fill(title)
        _choose(action.get_by_label("Owner", exact=True), world, owner)
        action.get_by_label("Due").fill(f"{today + dt.timedelta(days=14):%Y-%m-%d}")
        action.get_by_role("button", name="Record the action").click()
        page.wait_for_url(f"**/meetings/{meeting.pk}/#records")
    records = page.locator("table", has=page.locator("caption", has_text="recorded in this"))
    assert records.locator("tbody th").all_inner_texts() == ["A-1", "A-2", "D-1"]
    assert "Decided by Joint Cut-over Board" in records.inner_text()
    assert_accessible(page, "governance-meeting-records")

    # The RAID log holds them, each linked to the meeting.
    page.get_by_role("link", name="RAID log", exact=True).click()
    page.wait_for_url("**/pmp/raid/")
    for reference in ("D-1", "A-1", "A-2"):
        row = page.locator(f"#item-{reference}")
        link = row.get_by_role("link", name=str(meeting))
        assert link.get_attribute("href") == meeting.get_absolute_url()
    assert RaidItem.objects.filter(meeting=meeting).count() == 3
    assert RaidItem.objects.get(kind="action", number=1).source == "meeting"
    assert_accessible(page, "governance-raid-log")
    page.locator("#item-D-1").get_by_role("link", name=str(meeting)).click()
    page.wait_for_url(f"**{HOME}meetings/{meeting.pk}/")

    # The meeting's PDF opens and names the decision.
    with page.expect_download() as download_info:
        page.get_by_role("link", name="PDF of this meeting's agenda").click()
    download = download_info.value
    assert download.suggested_filename == f"alpha-joint-cut-over-board-{today:%Y-%m-%d}.pdf"
    pdf = PdfReader(io.BytesIO(Path(download.path()).read_bytes()))
    text = " ".join((p.extract_text() or "") for p in pdf.pages)
    text = " ".join(text.split())
    assert "Proceed to the second mock conversion" in text
    assert "Reconcile the leave balances" in text

    # The next meeting, with no agenda typed, starts from the open actions and risks due.
    page.goto(f"{HOME}meetings/new/?body={body.pk}")
    page.get_by_label("Date and time").fill(f"{today + dt.timedelta(days=7):%Y-%m-%d}T10:00")
    page.get_by_role("button", name="Save").click()
    following = Meeting.objects.filter(body=body).exclude(pk=meeting.pk).get()
    page.wait_for_url(f"**{HOME}meetings/{following.pk}/")
    agenda = page.get_by_role("region", name="Agenda")
    headings = agenda.get_by_role("heading", level=3).all_inner_texts()
    assert headings[:2] == ["Open actions", "Risks due for review"]
    items = agenda.get_by_role("listitem").all_inner_texts()
    assert items[0].startswith("A-1 Reconcile the leave balances")
    assert items[1].startswith("A-2 Brief the HR staff on the mock")
    assert items[2].startswith(f"{risk.reference} {risk.title}")
    assert_accessible(page, "governance-next-meeting")
