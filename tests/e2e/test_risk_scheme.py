"""The risk scheme page in a real browser, checked by axe-core: a PMO Lead renames a
probability value and moves a cell to another band, saves, and the heat map reads the new
label and band."""

from __future__ import annotations

from typing import Any

import pytest

from pmp.models import RiskScheme

from ..conftest import World
from ..pmp.conftest import record
from .conftest import assert_accessible, log_in

pytestmark = pytest.mark.e2e


def test_a_pmo_lead_changes_a_label_and_a_band_and_the_heat_map_follows(
    page: Any, world: World, password: str
) -> None:
    record(world, "risk")  # residual 2 x 4: high by default
    log_in(page, "customer.pmo_lead", password)
    page.goto("/programs/alpha/pmp/raid/")
    page.get_by_role("link", name="Risk scheme", exact=True).click()
    page.wait_for_url("**/pmp/raid/risk-scheme/")
    assert page.get_by_role("heading", level=1).inner_text() == "Risk scheme"
    assert_accessible(page, "raid-risk-scheme")

    page.get_by_label("Probability 2", exact=True).fill("Seldom")
    page.get_by_label("Band for probability 2 (Unlikely), impact 4 (Major)").select_option(
        "moderate"
    )
    page.get_by_role("button", name="Preview band changes").click()
    preview = page.locator("#scheme-preview")
    assert "1 band of open risks would change" in preview.inner_text()
    assert "R-1" in preview.inner_text()
    assert_accessible(page, "raid-risk-scheme-preview")

    page.get_by_role("button", name="Save the scheme").click()
    page.wait_for_url("**/pmp/raid/risk-scheme/")
    assert "The risk scheme is saved." in page.locator("main").inner_text()
    assert "Seldom" in page.locator("#scheme-scales").inner_text()
    assert_accessible(page)
    scheme = RiskScheme.objects.get(program=world.program)
    assert scheme.probability_labels[1] == "Seldom"
    assert scheme.bands[1][3] == "moderate"

    page.get_by_role("link", name="Heat map and trend").click()
    page.wait_for_url("**/pmp/raid/heat-map/")
    row = page.locator("#heat-map tbody tr").nth(3)  # probability 2
    assert row.locator("th").inner_text() == "2: Seldom"
    cell = row.locator("td").nth(3)  # impact 4
    assert cell.locator(".raid-cell__count").inner_text() == "1"
    assert cell.locator(".raid-cell__band").inner_text() == "Moderate"
