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
