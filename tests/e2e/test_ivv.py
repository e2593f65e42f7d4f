"""The IV&V findings register in a real browser, checked by axe-core: the IV&V agent files a
finding, the provider's Program Manager answers it, and the register shows its charts drawn
by Chart.js beside their tables, with no Content-Security-Policy refusal."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from ivv.models import Finding

from ..conftest import World
from ..ivv.conftest import file_finding
from .conftest import assert_accessible, log_in

pytestmark = pytest.mark.e2e


def test_register_and_a_finding(page: Any, world: World, password: str) -> None:
    file_finding(world, raised_on=date.today() - timedelta(days=70), severity=1)
    log_in(page, "independent.ivv_agent", password)
    page.goto("/programs/alpha/")
    page.get_by_role("link", name="IV&V", exact=True).click()
    page.wait_for_url("**/programs/alpha/ivv/")
    assert "Answer overdue" in page.locator("#findings").inner_text()
    page.wait_for_function("() => window.Chart && Chart.getChart('chart-1')")
    assert_accessible(page, "ivv-register")

    page.get_by_role("link", name="File a finding").click()
    page.wait_for_url("**/ivv/new/")
    page.get_by_label("Title").fill("Test scripts have no negative cases")
    page.get_by_label("Source").select_option("test")
    page.get_by_label("Category").select_option("testing")
    page.get_by_label("Severity").select_option("2")
    page.get_by_label("Integrity level").select_option("3")
    page.get_by_label("Party that answers").select_option("provider")
    page.get_by_label("Description").fill("The payroll test scripts test only the happy path.")
    assert_accessible(page, "ivv-new")
    page.get_by_role("button", name="File the finding").click()
    page.wait_for_url("**/ivv/2/")
    assert "IVV-002" in page.get_by_role("heading", level=1).inner_text()
    assert_accessible(page, "ivv-finding-open")

    page.context.clear_cookies()
    log_in(page, "provider.program_manager", password)
    page.goto("/programs/alpha/ivv/2/")
    page.get_by_label("The program's answer").select_option("non_concur")
    page.get_by_role("button", name="Send the answer").click()
    assert "An answer of non-concur states its rationale." in page.content()
    assert_accessible(page, "ivv-finding-refused")
    page.get_by_label("Rationale").fill("Negative cases are in the regression suite.")
    page.get_by_role("button", name="Send the answer").click()
    page.wait_for_url("**/ivv/2/")
    assert Finding.objects.get(number=2).status == "answered"
    assert "open to answered (non-concur)" in page.locator("table").last.inner_text()
    assert_accessible(page, "ivv-finding-answered")
