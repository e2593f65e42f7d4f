"""The charter pages in a real browser, each checked by axe-core: start, edit, submit, sign,
a new version and the comparison shown in place on the charter page."""

from __future__ import annotations

from typing import Any

import pytest

from programs.choices import DocumentStatus
from programs.models import DocumentVersion

from ..charter.conftest import EDITOR, SPONSORS, url
from ..conftest import World
from .conftest import assert_accessible, log_in

pytestmark = pytest.mark.e2e


def test_charter_pages_in_a_browser(page: Any, world: World, password: str) -> None:
    log_in(page, EDITOR, password)
    page.goto(url("charter"))
    assert_accessible(page, "charter-empty")
    page.get_by_role("button", name="Start the charter").click()
    page.wait_for_url(f"**{url('edit', 1)}")
    assert_accessible(page, "charter-edit")

    page.get_by_label("Purpose and vision").fill("One integrated PMO for the HR migration.")
    for label in (
        "Justification and business case",
        "Objectives and success criteria",
        "Scope: in",
        "Scope: out",
        "Governance and decision authority",
        "Assumptions",
        "Constraints",
        "Initial risks",
    ):
        page.get_by_label(label, exact=True).fill(f"{label}: agreed by both parties.")
    page.get_by_label("Budget (USD)").fill("4,250,000")
    page.get_by_label("Funding source").fill("Working Capital Fund")
    page.get_by_label("Milestone, row 1").fill("Integrated PMO stood up")
    page.get_by_label("Planned date, row 1").fill("2026-03-02")
    page.get_by_label("Milestone, row 2").fill("Go-live")
    page.get_by_role("button", name="Save version 1").click()
    assert page.get_by_role("alert").filter(has_text="was not saved").is_visible()
    assert page.get_by_text("Milestones, row 2, Planned date: Planned date is required.").count()
    assert_accessible(page, "charter-edit-error")
    page.get_by_label("Planned date, row 2").fill("2027-04-05")
    page.get_by_role("button", name="Save version 1").click()
    page.wait_for_url(f"**{url('version', 1)}")
    assert_accessible(page, "charter-version-draft")

    page.get_by_role("button", name="Submit for review").click()
    page.wait_for_url(f"**{url('version', 1)}")
    version = DocumentVersion.objects.get(document__program=world.program)
    assert version.status == DocumentStatus.IN_REVIEW

    for sponsor in SPONSORS:
        page.get_by_role("button", name="Log out").click()
        log_in(page, sponsor, password)
        page.goto(url("version", 1))
        assert_accessible(page, f"charter-sign-{sponsor}")
        page.get_by_role("button", name="Sign version 1").click()
        page.wait_for_url(f"**{url('version', 1)}")
    version.refresh_from_db()
    assert version.status == DocumentStatus.APPROVED
    assert_accessible(page, "charter-version-approved")

    page.get_by_role("button", name="Log out").click()
    log_in(page, EDITOR, password)
    page.goto(url("charter"))
    page.get_by_label("Reason for the new version").select_option("timeline_change")
    page.get_by_role("button", name="Start a new version").click()
    page.wait_for_url("**/charter/new-version/")
    refusal = page.get_by_text("Describe the reason for the new version.").first
    refusal.wait_for()
    assert refusal.is_visible()
    assert_accessible(page, "charter-new-version-error")
    page.get_by_label("What changed and why").fill("Go-live moves to 2027 after Fit-Gap.")
    page.get_by_role("button", name="Start a new version").click()
    page.wait_for_url(f"**{url('edit', 2)}")
    page.get_by_label("Scope: in", exact=True).fill("Core HR, payroll and time and attendance.")
    page.get_by_role("button", name="Save version 2").click()
    page.wait_for_url(f"**{url('version', 2)}")

    page.goto(url("charter"))
    assert_accessible(page, "charter-home")
    page.get_by_role("button", name="Compare").click()
    result = page.locator("#compare-result")
    result.locator("h2").wait_for()
    assert page.url.endswith(f"{url('compare')}?a=1&b=2")  # pushed, so the link can be shared
    assert result.get_by_text("Scope: in").first.is_visible()
    assert result.locator("ins").first.is_visible()
    assert page.locator("h1").count() == 1  # swapped in place, still the charter page
    assert_accessible(page, "charter-compare-inline")
    page.goto(f"{url('compare')}?a=1&b=2")
    assert_accessible(page, "charter-compare")


def test_returning_a_signed_charter_asks_why_in_a_browser(
    page: Any, world: World, password: str
) -> None:
    from programs.services.documents import version_sign

    from ..factories import make_charter

    version = make_charter(world.program, state="in_review", editor=world.user(EDITOR))
    version_sign(acting_user=world.user(SPONSORS[0]), version=version)
    log_in(page, EDITOR, password)
    page.goto(url("version", 1))
    page.get_by_role("link", name="Return to draft").click()
    page.wait_for_url(f"**{url('return-to-draft', 1)}")
    assert page.get_by_text("These signatures will be voided").is_visible()
    assert_accessible(page, "charter-return-to-draft")
    page.get_by_label("Why return it to draft").fill("The budget figure is wrong.")
    page.get_by_role("button", name="Return to draft and void the signatures").click()
    page.wait_for_url(f"**{url('version', 1)}")
    assert page.get_by_text("Returned to draft: The budget figure is wrong.").is_visible()
    assert_accessible(page, "charter-voided-signatures")
    version.refresh_from_db()
    assert version.status == DocumentStatus.DRAFT
