"""The communications plan in a real browser, every page checked by axe-core: a customer
editor adds an item and sees its next due date computed, marks it done (when and by whom are
recorded), sees an item past its date flagged overdue in words, and opens the calendar of the
coming month."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from pmp.models import CommunicationItem
from pmp.services import communications as comms
from programs.models import Membership

from ..conftest import World
from .conftest import assert_accessible, log_in

pytestmark = pytest.mark.e2e

EDITOR = "customer.pmo_team"
PLAN = "/programs/alpha/pmp/communications/"


def _long(day: dt.date) -> str:
    """A date as the pages write it in full: November 30, 2026."""
    return f"{day:%B} {day.day}, {day.year}"


def _day_heading(day: dt.date) -> str:
    """A calendar day's heading: Monday, November 30."""
    return f"{day:%A, %B} {day.day}"


def test_add_an_item_mark_it_done_and_see_what_is_overdue_and_coming(
    page: Any, world: World, password: str
) -> None:
    today = timezone.localdate()
    late = comms.item_create(
        acting_user=world.user("provider.pmo_team"),
        program=world.program,
        title="Monthly status report to OMB",
        audience="OMB",
        channel="report",
        frequency="monthly",
        starts_on=today - dt.timedelta(days=5),
    )
    editor = Membership.objects.get(program=world.program, user=world.user(EDITOR))

    log_in(page, EDITOR, password)
    page.goto("/programs/alpha/")
    page.get_by_role("link", name="Communications plan", exact=True).click()
    page.wait_for_url(f"**{PLAN}")
    # Overdue is said in words, in the row and above the table, not by colour alone.
    assert page.get_by_role("status").inner_text().strip() == "1 communication overdue."
    late_row = page.locator(f"#item-{late.pk}")
    assert late_row.get_by_text("Overdue", exact=True).is_visible()
    assert_accessible(page, "communications-plan-overdue")

    # A weekly email last sent three days ago: due again in four days.
    page.get_by_role("link", name="New communication").click()
    page.wait_for_url(f"**{PLAN}new/")
    page.get_by_label("What").fill("Weekly status email")
    page.get_by_label("Audience").fill("Both PMOs and the executive sponsors")
    page.get_by_label("Purpose").fill("Progress, risks and decisions of the week.")
    page.get_by_label("Channel").select_option("email")
    page.get_by_label("Frequency").select_option("weekly")
    owner = page.get_by_label("Owner (optional)")
    owner.select_option(label=owner.locator("option", has_text=editor.display_name).inner_text())
    page.get_by_label("Last done").fill(f"{today - dt.timedelta(days=3):%Y-%m-%d}")
    assert_accessible(page, "communications-item-form")
    page.get_by_role("button", name="Save").click()
    item = CommunicationItem.objects.get(program=world.program, title="Weekly status email")
    page.wait_for_url(f"**{PLAN}{item.pk}/")
    due = today + dt.timedelta(days=4)
    assert item.next_due_on == due
    summary = page.locator("h1 + p").inner_text()
    assert f"Next due: {_long(due)}." in summary
    assert "Overdue" not in summary
    assert page.get_by_text("Not recorded as done yet.").is_visible()
    assert_accessible(page, "communications-item")

    # Marked done today: the next due date moves a week on, and who and when are recorded.
    assert page.get_by_label("Done on").input_value() == f"{today:%Y-%m-%d}"
    page.get_by_label("Note").fill("Sent after the joint PMO meeting.")
    page.get_by_role("button", name="Mark done").click()
    page.wait_for_url(f"**{PLAN}{item.pk}/")
    following = today + dt.timedelta(days=7)
    assert page.get_by_text(
        f"Weekly status email is recorded as done; next due {_long(following)}."
    ).is_visible()
    assert f"Next due: {_long(following)}." in page.locator("h1 + p").inner_text()
    done = page.locator("table", has=page.locator("caption", has_text="Times Weekly status"))
    cells = done.locator("tbody tr").first.locator("th, td").all_inner_texts()
    assert cells[0] == f"{today:%Y-%m-%d}"
    assert cells[1] == f"{world.user(EDITOR).get_full_name()} (Customer)"
    assert cells[3] == "Sent after the joint PMO meeting."
    item.refresh_from_db()
    assert (item.last_done_on, item.next_due_on) == (today, following)
    delivery = item.deliveries.get()
    assert delivery.recorded_by == world.user(EDITOR)
    assert cells[2] == f"{timezone.localtime(delivery.recorded_at):%Y-%m-%d %H:%M}"
    assert_accessible(page, "communications-item-done")

    # The plan lists both, soonest due first, the late one flagged.
    page.get_by_role("link", name="Communications plan", exact=True).first.click()
    page.wait_for_url(f"**{PLAN}")
    rows = page.locator("#communications tbody tr")
    assert rows.locator("th").all_inner_texts() == [
        "Monthly status report to OMB",
        "Weekly status email",
    ]
    assert "Overdue" in rows.nth(0).locator("td").last.inner_text()
    assert rows.nth(1).locator("td").last.inner_text() == f"{following:%Y-%m-%d}"
    assert_accessible(page, "communications-plan")

    # The calendar of the coming month: the overdue item first, then day by day.
    page.get_by_role("link", name="Calendar of the coming month").click()
    page.wait_for_url(f"**{PLAN}calendar/")
    overdue = page.get_by_role("region", name="Overdue")
    assert "Monthly status report to OMB" in overdue.inner_text()
    assert "Overdue" in overdue.inner_text()
    for week in range(1, 5):
        day = today + dt.timedelta(days=7 * week)
        region = page.get_by_role("region", name=_day_heading(day))
        assert "Weekly status email: Email to Both PMOs" in region.inner_text()
    monthly = comms.add_months(today - dt.timedelta(days=5), 1)
    region = page.get_by_role("region", name=_day_heading(monthly))
    assert "Monthly status report to OMB" in region.inner_text()
    assert_accessible(page, "communications-calendar")
