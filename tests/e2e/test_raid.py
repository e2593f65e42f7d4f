"""The RAID log in a real browser, checked by axe-core: a customer editor records a risk
with inherent and residual ratings, finds it on the heat map (before and after the
response), and turns it into an issue when it occurs."""

from __future__ import annotations

from typing import Any

import pytest

from pmp.models import RaidItem

from ..conftest import World
from .conftest import assert_accessible, log_in

pytestmark = pytest.mark.e2e


def _shown(cell: Any) -> tuple[str, str]:
    """A heat-map cell's count and band, as the cell shows them in words."""
    count = cell.locator(".raid-cell__count").inner_text()
    return count, cell.locator(".raid-cell__band").inner_text()


def test_record_a_risk_see_it_on_the_heat_map_and_turn_it_into_an_issue(
    page: Any, world: World, password: str
) -> None:
    log_in(page, "customer.pmo_team", password)
    page.goto("/programs/alpha/")
    page.get_by_role("link", name="RAID log", exact=True).click()
    page.wait_for_url("**/programs/alpha/pmp/raid/")
    assert_accessible(page, "raid-log-empty")

    page.get_by_role("link", name="Record a risk").click()
    page.wait_for_url("**/pmp/raid/new/risk/")
    page.get_by_label("Title").fill("Payroll history fails to reconcile")
    page.get_by_label("Owning party").select_option("shared")
    page.get_by_label("Category").select_option("data")
    page.get_by_label("Probability before the response").select_option("4")
    page.get_by_label("Impact before the response").select_option("5")
    page.get_by_label("Probability after the response").select_option("2")
    page.get_by_label("Impact after the response").select_option("3")
    assert_accessible(page, "raid-new-risk")
    page.get_by_role("button", name="Record the risk").click()
    page.wait_for_url("**/pmp/raid/R-1/")
    assert "R-1" in page.get_by_role("heading", level=1).inner_text()
    page.wait_for_function("() => window.Chart && Chart.getChart('score-chart')")
    assert_accessible(page, "raid-risk")

    page.goto("/programs/alpha/pmp/raid/heat-map/")
    heat = page.locator("#heat-map")
    assert "1 risk, residual" in page.get_by_role("heading", level=2).first.inner_text()
    cell = heat.locator("tbody tr").nth(3).locator("td").nth(2)  # probability 2, impact 3
    assert _shown(cell) == ("1", "Moderate")
    page.wait_for_function("() => window.Chart && Chart.getChart('trend-chart')")
    assert_accessible(page, "raid-heat-map")
    page.get_by_role("link", name="Show inherent (before response)").click()
    cell = page.locator("#heat-map tbody tr").nth(1).locator("td").nth(4)  # 4 x 5
    assert _shown(cell) == ("1", "Very high")
    cell.get_by_role("link").click()
    assert "R-1" in page.locator("#raid-items").inner_text()

    page.goto("/programs/alpha/pmp/raid/R-1/")
    page.get_by_label("What happened").fill("The first mock conversion failed to reconcile.")
    page.get_by_role("button", name="Turn into an issue").click()
    page.wait_for_url("**/pmp/raid/I-1/")
    assert_accessible(page, "raid-issue")
    risk = RaidItem.objects.get(kind="risk", number=1)
    assert risk.status == "occurred"
    assert RaidItem.objects.get(kind="issue", number=1).from_risk == risk
