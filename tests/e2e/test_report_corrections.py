"""Correcting a released status report in a real browser, checked by axe-core: a refusal
without a reason, then the correction followed through its job to revision 2, the superseded
revision pointing to it, and the list showing both revisions."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from ..conftest import World
from ..pmp.conftest import record
from .conftest import assert_accessible, log_in

pytestmark = pytest.mark.e2e


def test_correct_a_released_report(
    page: Any, world: World, password: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from reports.models import StatusReport
    from reports.services.builds import report_build_run, report_build_start
    from reports.services.lifecycle import report_approve, report_rate, report_release

    monkeypatch.setattr("programs.limits.today", lambda: date(2026, 6, 15))
    record(world, "risk", on_status_report=True)
    pm, provider = world.user("customer.program_manager"), world.user("provider.program_manager")
    job = report_build_start(acting_user=pm, program=world.program, period_start=date(2026, 5, 1))
    report_build_run(job_id=job.pk)
    report = StatusReport.objects.get()
    report_approve(acting_user=pm, report=report)
    report_approve(acting_user=provider, report=report)
    report_rate(acting_user=pm, report=report, rating=report.proposed_rating or 3)
    report_release(acting_user=provider, report=report)
    url = f"/programs/alpha/reports/{report.pk}/"

    log_in(page, "provider.pmo_lead", password)
    page.goto(url)
    page.get_by_text("Correct this released report").click()
    page.get_by_role("button", name="Correct the report").click()
    assert "A correction needs a reason" in page.get_by_role("main").inner_text()
    assert_accessible(page, "reports-correction-refused")
    page.screenshot(path="/tmp/rcorr-refused.png", full_page=True)
    page.get_by_label("Why it is corrected").fill("The cost figures of May were posted twice.")
    page.get_by_role("button", name="Correct the report").click()
    page.wait_for_url("**/jobs/**")
    page.get_by_role("link", name="Open the report").click()
    page.wait_for_url("**/reports/*/")
    main = page.get_by_role("main").inner_text()
    assert "Draft, revision 2" in main and "posted twice" in main
    assert_accessible(page, "reports-correction")
    page.screenshot(path="/tmp/rcorr-revision2.png", full_page=True)

    page.goto(url)
    assert "superseded by a correction" in page.get_by_role("main").inner_text()
    assert_accessible(page, "reports-superseded")
    page.screenshot(path="/tmp/rcorr-superseded.png")
    page.goto("/programs/alpha/reports/")
    assert "Released, superseded" in page.get_by_role("main").inner_text()
    page.screenshot(path="/tmp/rcorr-list.png")
