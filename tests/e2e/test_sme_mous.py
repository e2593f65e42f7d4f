"""SME MOUs and sessions in a real browser, checked by axe-core: a customer PMO Lead starts an
SME's MOU and records a Fit-Gap session; the flag reads in words on both pages."""

from __future__ import annotations

from typing import Any

import pytest

from raci.models import Session, SessionAttendance

from ..conftest import World
from ..raci.mou_helpers import member
from .conftest import assert_accessible, log_in

pytestmark = pytest.mark.e2e


def test_mous_and_sessions_pages(page: Any, world: World, password: str) -> None:
    log_in(page, "customer.pmo_lead", password)
    page.goto("/programs/alpha/responsibilities/")
    page.get_by_role("link", name="SME MOUs").click()
    page.wait_for_url("**/responsibilities/mous/")
    assert_accessible(page, "sme-mous-empty")

    page.get_by_role("link", name="New MOU").click()
    page.wait_for_url("**/mous/new/")
    assert_accessible(page, "sme-mou-new")
    sme = member(world, "customer.sme")
    page.get_by_label("Subject-matter expert").select_option(str(sme.pk))
    page.get_by_role("button", name="Start the MOU").click()
    document = sme.documents.get()
    page.wait_for_url(f"**/responsibilities/mous/{document.pk}/")
    assert page.get_by_role("heading", level=1).inner_text().startswith("SME MOU: ")
    assert_accessible(page, "sme-mou-home")
    page.get_by_role("link", name="SME MOUs").first.click()
    page.wait_for_url("**/responsibilities/mous/")
    row = page.locator(f"#mou-{document.pk}")
    assert "Version 1 draft" in row.inner_text()
    assert "not signed yet" in row.inner_text()
    assert_accessible(page, "sme-mous")

    page.get_by_role("link", name="SME sessions").first.click()
    page.wait_for_url("**/responsibilities/sessions/")
    page.get_by_label("Date").fill("2026-02-02")
    page.get_by_label("Session type").select_option("fit_gap")
    page.get_by_label("Topic or area").fill("Payroll Fit-Gap")
    invited = page.get_by_role("group", name="Invited SMEs")
    # USWDS draws the boxes on the labels: a person clicks those.
    invited.locator("label", has_text=sme.display_name).click()
    invited.locator("label", has_text=member(world, "provider.sme").display_name).click()
    attended = page.get_by_role("group", name="Attended")
    attended.locator("label", has_text=sme.display_name).click()
    assert attended.get_by_label(sme.display_name, exact=False).is_checked()
    page.get_by_role("button", name="Record session").click()
    page.wait_for_url("**/responsibilities/sessions/")
    session = Session.objects.get()
    assert SessionAttendance.objects.filter(session=session).count() == 2
    text = page.locator("main").inner_text()
    assert "Below commitment: attended 0 of 1 invited sessions (0%)" in text
    assert_accessible(page, "sme-sessions")
