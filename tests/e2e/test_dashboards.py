"""The dashboards in a real browser, checked by axe-core: the customer's Executive Sponsor
finds both of their programs in the portfolio, opens one's dashboard from it and reads why
the cost tile has its colour, in words."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from programs.choices import Party, Role
from programs.services.memberships import membership_create

from ..conftest import World
from ..factories import superuser
from ..ivv.conftest import file_finding
from ..pmp.earned_value_fixtures import JAN, acknowledged, cost_loaded, progress, today_is
from .conftest import assert_accessible, log_in

pytestmark = pytest.mark.e2e

SPONSOR = "customer.executive_sponsor"


def test_the_sponsor_reads_the_portfolio_and_a_programs_dashboard(
    page: Any, world: World, password: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    today_is(monkeypatch, date(2027, 2, 15))
    cost_loaded(world)
    acknowledged(world, JAN, {"1": "3600", "2": "1000"})  # 15 % over the value earned
    progress(world, 2, 100)
    file_finding(world, severity=1, title="No rollback plan", raised_on=date(2027, 1, 2))
    membership_create(
        acting_user=superuser(),
        program=world.other_program,
        user=world.user(SPONSOR),
        party=Party.CUSTOMER,
        role=Role.EXECUTIVE_SPONSOR,
        override_reason="Sponsors both of the agency's programs.",
    )

    log_in(page, SPONSOR, password)
    page.get_by_role("link", name="Portfolio", exact=True).click()
    page.wait_for_url("**/reports/portfolio/")
    table = page.locator("#portfolio").inner_text()
    assert "alpha: Program Alpha" in table and "beta: Program Beta" in table
    assert "2 of 2 programs" in table
    assert_accessible(page, "dashboard-portfolio")

    page.get_by_role("link", name="alpha: Program Alpha").click()
    page.wait_for_url("**/programs/alpha/dashboard/")
    cost = page.locator("#tile-cost").inner_text()
    # A 15% overrun: the variance alone is yellow, the CPI outside the program's bands red.
    assert "Cost: Red" in cost
    assert "Because: Cost performance index (CPI) 0.87" in cost
    assert "outside the program's yellow band of 0.90 to 1.10" in cost
    ivv = page.locator("#tile-ivv").inner_text()
    assert "IV&V: Red" in ivv and "a critical finding is open" in ivv
    page.locator("canvas[data-chart-table='s-curve-table']").wait_for()
    assert_accessible(page, "dashboard-program")
