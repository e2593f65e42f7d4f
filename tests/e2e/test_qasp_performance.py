"""The QASP's performance pages in a real browser, checked by axe-core: the scorecard with
its verdicts in words, a standard's trend drawn by Chart.js over the table that holds its
figures, the open corrective action requests by age, and the paged surveillance log."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from programs.models import Membership
from qasp.choices import CarStatus
from qasp.models import CorrectiveActionRequest

from ..conftest import World
from ..qasp.factories import bulk_records, make_approved_qasp
from .conftest import assert_accessible, log_in

pytestmark = pytest.mark.e2e

TODAY = date(2026, 6, 15)


@pytest.fixture
def performance(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("programs.limits.today", lambda: TODAY)
    make_approved_qasp(world.program)
    evaluator = Membership.objects.get(
        program=world.program, user=world.user("customer.program_manager")
    )
    bulk_records(world.program, evaluator, 5, months=5)  # PS-1, January to May
    CorrectiveActionRequest.objects.create(
        program=world.program,
        number=1,
        status=CarStatus.ISSUED,
        standard_code="PS-1",
        standard_text="Service availability during business hours",
        escalation_level="car",
        issued_on=TODAY - timedelta(days=40),
        description="Availability fell below the AQL in January.",
        response_due=TODAY - timedelta(days=26),
    )


def test_scorecard_trend_and_cars_by_age(
    page: Any, world: World, password: str, performance: None
) -> None:
    log_in(page, "provider.program_manager", password)
    page.goto("/programs/alpha/qasp/performance/")
    main = page.get_by_role("main").inner_text()
    assert "Not acceptable" in main and "Acceptable" in main and "Not yet recorded" in main
    assert "Q2 FY2026" in main
    assert_accessible(page, "qasp-performance-scorecard")

    page.get_by_role("link", name="PS-1 trend").click()
    page.wait_for_url("**/performance/standards/PS-1/")
    table = page.locator("#trend-table")
    assert "January 2026" in table.inner_text() and "Not acceptable" in table.inner_text()
    page.wait_for_function("() => window.Chart && Chart.getChart(document.querySelector('canvas'))")
    datasets = page.evaluate(
        "() => Chart.getChart(document.querySelector('canvas')).data.datasets.map("
        "d => [d.label, d.data.length, d.pointStyle])"
    )
    assert datasets[0][0].startswith("Observed") and datasets[1][0].startswith("AQL")
    assert datasets[0][2][0] == "triangle" and datasets[0][2][1] == "circle"
    assert_accessible(page, "qasp-performance-trend")

    page.goto("/programs/alpha/qasp/performance/corrective-action-requests/")
    main = page.get_by_role("main").inner_text()
    assert "CAR-001" in main and "40 days" in main
    assert_accessible(page, "qasp-performance-cars")


def test_the_log_pages_and_offers_its_exports(
    page: Any, world: World, password: str, performance: None
) -> None:
    evaluator = Membership.objects.get(
        program=world.program, user=world.user("customer.program_manager")
    )
    bulk_records(world.program, evaluator, 100, first=5)
    log_in(page, "customer.program_manager", password)
    page.goto("/programs/alpha/qasp/surveillance/log/?verdict=acceptable")
    assert (
        page.get_by_role("link", name="Excel of these records")
        .get_attribute("href")
        .endswith("?verdict=acceptable")
    )
    page.get_by_role("link", name="Next page").click()
    page.wait_for_url("**/log/?verdict=acceptable&page=2")
    assert "Page 2 of 2" in page.get_by_role("main").inner_text()
    assert_accessible(page, "qasp-surveillance-log-paged")
