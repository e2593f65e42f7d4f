"""The investment's IT Dashboard identifiers on the report settings page in a real browser,
checked by axe-core: a bad UII is refused beside its field, a good one saved."""

from __future__ import annotations

from typing import Any

import pytest

from reports.models import ReportSettings

from ..conftest import World
from .conftest import assert_accessible, log_in

pytestmark = pytest.mark.e2e


def test_set_the_investment_identifiers(page: Any, world: World, password: str) -> None:
    log_in(page, "customer.program_manager", password)
    page.goto("/programs/alpha/reports/settings/")
    page.get_by_label("Agency code").fill("023")
    page.get_by_label("Current UII").fill("23-1234")
    page.get_by_label("Investment name").fill("HR Modernization")
    page.get_by_role("button", name="Save the settings").click()
    main = page.get_by_role("main").inner_text()
    assert "A UII is the three-digit agency code, a hyphen and nine digits" in main
    assert not ReportSettings.objects.exists()
    assert_accessible(page, "reports-settings-bad-uii")
    page.screenshot(path="/tmp/itd/settings-refused.png", full_page=True)
    page.get_by_label("Current UII").fill("023-000001234")
    page.get_by_role("button", name="Save the settings").click()
    page.wait_for_url("**/programs/alpha/reports/")
    assert "CSV files (zip)" in page.get_by_role("main").inner_text()
    assert_accessible(page, "reports-list-it-dashboard")
    assert ReportSettings.objects.get().current_uii == "023-000001234"
