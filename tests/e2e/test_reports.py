"""Status reports in a real browser, checked by axe-core: the customer's Program Manager
builds May's report from the list, follows the job to the report, and reads each area's
status in words with its indicators and the proposed rating's reasons."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from ..conftest import World
from ..ivv.conftest import file_finding
from ..pmp.conftest import record
from ..qasp.conftest import record_month
from ..qasp.factories import make_approved_qasp
from .conftest import assert_accessible, log_in

pytestmark = pytest.mark.e2e


def test_build_a_report_and_read_it(
    page: Any, world: World, password: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("programs.limits.today", lambda: date(2026, 6, 15))
    make_approved_qasp(world.program)
    record_month(world, 5, value="98")
    record(world, "risk", on_status_report=True)
    file_finding(world, severity=1, title="No rollback plan", raised_on=date(2026, 6, 1))

    log_in(page, "customer.program_manager", password)
    page.goto("/programs/alpha/reports/")
    assert "No status report has been built yet." in page.get_by_role("main").inner_text()
    assert_accessible(page, "reports-list-empty")

    page.get_by_label("Period").select_option(label="May 2026")
    page.get_by_role("button", name="Build the report").click()
    page.wait_for_url("**/jobs/**")
    assert "The status report of May 2026 is built" in page.get_by_role("main").inner_text()
    page.get_by_role("link", name="Open the report").click()
    page.wait_for_url("**/reports/*/")
    main = page.get_by_role("main").inner_text()
    assert "Status report of May 2026" in main
    assert "CIO rating: 2 - Moderately High Risk" in main
    assert "IV&V is red: Open critical findings 1" in main
    assert "PS-1" in main and "Not acceptable" in main
    assert_accessible(page, "reports-report")

    page.goto("/programs/alpha/reports/")
    assert "May 2026" in page.get_by_role("main").inner_text()
    assert_accessible(page, "reports-list")


def test_both_parties_review_the_customer_rates_and_release(
    page: Any, world: World, password: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from reports.models import StatusReport
    from reports.services.builds import report_build_run, report_build_start

    monkeypatch.setattr("programs.limits.today", lambda: date(2026, 6, 15))
    record(world, "risk", on_status_report=True)
    job = report_build_start(
        acting_user=world.user("customer.program_manager"),
        program=world.program,
        period_start=date(2026, 5, 1),
    )
    report_build_run(job_id=job.pk)
    report = StatusReport.objects.get()
    url = f"/programs/alpha/reports/{report.pk}/"

    log_in(page, "provider.program_manager", password)
    page.goto(url)
    page.get_by_text("Edit the narratives").click()
    page.get_by_label("The provider's accomplishments").fill("Mock conversion 2 reconciled.")
    assert_accessible(page, "reports-narratives")
    page.get_by_role("button", name="Save the narratives").click()
    page.wait_for_url(f"**{url}")
    page.get_by_role("button", name="Approve for the provider").click()
    page.wait_for_url(f"**{url}")
    assert "Your party's approval is recorded." in page.get_by_role("main").inner_text()

    page.context.clear_cookies()
    log_in(page, "customer.program_manager", password)
    page.goto(url)
    page.get_by_role("button", name="Approve for the customer").click()
    page.wait_for_url(f"**{url}")
    page.get_by_label("CIO rating").select_option(label="4 - Moderately Low Risk")
    page.get_by_role("button", name="Record the rating").click()
    assert "needs a comment saying why" in page.get_by_role("main").inner_text()
    assert_accessible(page, "reports-rating-refused")
    page.get_by_label("Comment").fill("The risk is being retired this month.")
    page.get_by_role("button", name="Record the rating").click()
    page.wait_for_url(f"**{url}")
    page.get_by_role("button", name="Release the report").click()
    page.wait_for_url(f"**{url}")
    main = page.get_by_role("main").inner_text()
    assert "The report of May 2026 is released." in main and "SHA-256" in main
    assert "CIO rating: 4 - Moderately Low Risk" in main
    assert_accessible(page, "reports-released")

    page.goto("/programs/alpha/reports/settings/")
    assert_accessible(page, "reports-settings")
