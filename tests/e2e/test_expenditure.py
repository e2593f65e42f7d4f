"""The provider's monthly expenditure report in a real browser, checked by axe-core: the
provider's Program Manager submits March's report, the customer's disputes a line, the
provider corrects it with a new revision, and the customer acknowledges the correction."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from pmp.models import ExpenditureReport, ReportStatus
from schedule.models import Task

from ..conftest import World
from ..pmp.expenditure_world import CUSTOMER_PM, costed
from ..schedule.test_earned_value import PM
from .conftest import assert_accessible, log_in

__all__ = ["costed"]

pytestmark = pytest.mark.e2e

REPORT = "/programs/alpha/pmp/cost/expenditure/2027-03/"


def _as(page: Any, username: str, password: str) -> None:
    page.context.clear_cookies()
    log_in(page, username, password)


def test_submit_dispute_correct_acknowledge(page: Any, costed: World, password: str) -> None:
    Task.objects.filter(schedule__program=costed.program, wbs="1.1").update(
        computed_actual_cost=Decimal("1500.00")
    )
    _as(page, PM, password)
    page.goto("/programs/alpha/pmp/cost/expenditure/")
    assert "Overdue" not in page.locator("#month-2027-03").inner_text()
    assert_accessible(page, "expenditure-list-empty")
    page.get_by_role("link", name="Submit a report").click()
    page.wait_for_url("**/cost/expenditure/new/")
    assert page.get_by_label("Month", exact=True).input_value() == "2027-03"
    page.get_by_label("Actual cost of 1", exact=True).fill("1200.50")
    page.get_by_label("Actual cost of 2", exact=True).fill("800")
    page.get_by_label("Resource or role, row 1").fill("Engineer")
    page.get_by_label("Hours, row 1").fill("40")
    page.get_by_label("Narrative").fill("Analysis finished; the build started.")
    assert_accessible(page, "expenditure-new")
    page.get_by_role("button", name="Submit the report").click()
    page.wait_for_url(f"**{REPORT}")
    assert "$2,000.50" in page.locator("#expenditure-lines").inner_text()
    assert_accessible(page, "expenditure-report-submitted")

    _as(page, CUSTOMER_PM, password)
    page.goto(REPORT)
    page.get_by_label("Reason to dispute 2").fill("No timesheets for the build.")
    page.locator("#expenditure-lines tbody tr").nth(1).get_by_role("button", name="Dispute").click()
    page.wait_for_url(f"**{REPORT}")
    assert page.locator("#report-status").inner_text().startswith("Disputed")
    assert "No timesheets for the build." in page.locator("#expenditure-lines").inner_text()
    assert_accessible(page, "expenditure-report-disputed")

    _as(page, PM, password)
    page.goto(REPORT)
    page.get_by_role("link", name="Submit a correction").click()
    page.wait_for_url("**/2027-03/correct/")
    assert "No timesheets for the build." in page.locator("#lines-form").inner_text()
    page.get_by_label("Actual cost of 2", exact=True).fill("640")
    assert_accessible(page, "expenditure-correct")
    page.get_by_role("button", name="Submit the correction").click()
    page.wait_for_url(f"**{REPORT}")
    assert "(corrects revision 1)" in page.locator(".cost-facts").inner_text()

    _as(page, CUSTOMER_PM, password)
    page.goto(REPORT)
    page.get_by_role("button", name="Acknowledge the report").click()
    page.wait_for_url(f"**{REPORT}")
    assert page.locator("#report-status").inner_text().startswith("Acknowledged")
    assert_accessible(page, "expenditure-report-acknowledged")
    page.get_by_role("link", name="1", exact=True).click()
    page.wait_for_url("**?revision=1")
    assert "kept as history" in page.content()
    assert_accessible(page, "expenditure-report-superseded")
    page.goto("/programs/alpha/pmp/cost/expenditure/")
    assert "$1,500.00" in page.locator("#expenditure-reconciliation").inner_text()
    assert_accessible(page, "expenditure-list")

    revisions = ExpenditureReport.objects.order_by("revision").values_list("status", flat=True)
    assert list(revisions) == [ReportStatus.SUPERSEDED, ReportStatus.ACKNOWLEDGED]
