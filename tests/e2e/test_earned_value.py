"""Earned value in a real browser, each page checked by axe-core: the month's measures with
their formulas, lights and the charts drawn from their tables; closing a month from the page;
a variance explanation submitted by the provider and accepted by the customer's Program
Manager."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from pmp.models import ExplanationStatus, VarianceExplanation

from ..conftest import World
from ..pmp.earned_value_fixtures import JAN, PM, acknowledged, cost_loaded, progress, today_is
from .conftest import assert_accessible, log_in

pytestmark = pytest.mark.e2e

EV = "/programs/alpha/pmp/cost/earned-value/"


def test_the_evm_page_and_a_variance_explanation_accepted(
    page: Any, world: World, password: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    today_is(monkeypatch, date(2027, 3, 15))
    cost_loaded(world)
    acknowledged(world, JAN, {"1": "3000.00"})
    progress(world, 2, 100)

    # The provider's Program Manager reads the month and closes January from the page.
    log_in(page, PM, password)
    page.goto(EV)
    assert page.get_by_role("heading", name="Earned value, March 2027").is_visible()
    page.get_by_role("button", name="Close January 2027").click()
    page.wait_for_url(f"**{EV}?month=2027-01")
    assert "January 2027 is closed" in page.locator(".usa-alert").first.inner_text()
    assert "CPI = EV ÷ AC = 4,000.00 ÷ 3,000.00 = 1.3333" in page.locator("#measures").inner_text()
    # The charts are drawn (Chart.js sizes each canvas) from the tables beside them.
    page.wait_for_function(
        "() => Array.from(document.querySelectorAll('canvas[data-chart-table]'))"
        ".every(c => c.width > 0 && window.Chart && Chart.getChart(c))"
    )
    assert_accessible(page, "earned-value")

    # Closing asked for explanations: the provider answers the first.
    page.goto("/programs/alpha/pmp/cost/variance/")
    assert_accessible(page, "variance-explanations")
    page.get_by_role("link", name="VA-001").click()
    page.get_by_label("Cause").fill("Design review of the payroll configuration ran long.")
    page.get_by_label("Impact on the program").fill("The build starts two weeks late.")
    page.get_by_label("Corrective action").fill("A second engineer joins the build in March.")
    assert_accessible(page, "variance-explanation-requested")
    page.get_by_role("button", name="Submit").click()
    page.wait_for_load_state()
    assert "VA-001 submitted" in page.locator(".usa-alert").first.inner_text()

    # The customer's Program Manager accepts it.
    page.context.clear_cookies()
    log_in(page, "customer.program_manager", password)
    page.goto("/programs/alpha/pmp/cost/variance/VA-001/")
    assert_accessible(page, "variance-explanation-submitted")
    page.get_by_role("button", name="Accept").click()
    page.wait_for_load_state()
    assert "VA-001 accepted" in page.locator(".usa-alert").first.inner_text()
    assert VarianceExplanation.objects.get(number=1).status == ExplanationStatus.ACCEPTED
    assert page.locator("#history tbody tr").count() == 3
