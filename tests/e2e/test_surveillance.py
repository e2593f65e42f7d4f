"""QASP surveillance in a real browser, checked by axe-core: the customer's Program Manager
records an unacceptable month from the schedule, and the provider's Program Manager rebuts
it."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from qasp.models import SurveillanceRecord

from ..conftest import World
from ..qasp.factories import make_approved_qasp
from .conftest import assert_accessible, log_in

pytestmark = pytest.mark.e2e


def test_record_an_unacceptable_month_and_rebut_it(
    page: Any, world: World, password: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("programs.limits.today", lambda: date(2026, 6, 15))
    make_approved_qasp(world.program)
    log_in(page, "customer.program_manager", password)
    page.goto("/programs/alpha/qasp/surveillance/")
    assert "Overdue" in page.get_by_role("main").inner_text()
    assert_accessible(page, "qasp-surveillance-schedule")

    page.get_by_role("link", name="Record PS-1, May 2026").click()
    page.wait_for_url("**/qasp/surveillance/new/**")
    page.get_by_label("Measured value").fill("99.1")
    page.get_by_label("Date recorded").fill("2026-06-10")
    assert_accessible(page, "qasp-surveillance-new")
    page.get_by_role("button", name="Record", exact=True).click()
    page.wait_for_url("**/qasp/surveillance/*/")
    main = page.get_by_role("main").inner_text()
    assert "Not acceptable" in main and "99.1" in main
    assert_accessible(page, "qasp-surveillance-record")

    page.context.clear_cookies()
    log_in(page, "provider.program_manager", password)
    record = SurveillanceRecord.objects.get()
    page.goto(f"/programs/alpha/qasp/surveillance/{record.pk}/")
    page.get_by_label("Rebuttal").fill("The outage of May 12 was a planned release window.")
    page.get_by_role("button", name="Send the rebuttal").click()
    page.wait_for_url(f"**/qasp/surveillance/{record.pk}/")
    assert "planned release window" in page.get_by_role("main").inner_text()
    record.refresh_from_db()
    assert record.rebuttal.startswith("The outage") and not record.acceptable
    assert_accessible(page, "qasp-surveillance-rebutted")

    page.goto("/programs/alpha/qasp/surveillance/log/")
    assert_accessible(page, "qasp-surveillance-log")
