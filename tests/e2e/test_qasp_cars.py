"""Corrective action requests in a real browser, checked by axe-core on each new page: the
customer's Program Manager records an unacceptable month and issues the proposed request;
the provider's Program Manager answers; the customer returns it once, then accepts the new
answer; a later acceptable record closes it."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from qasp.models import CorrectiveActionRequest, SurveillanceRecord

from ..conftest import World
from ..qasp.factories import make_approved_qasp
from .conftest import assert_accessible, log_in

pytestmark = pytest.mark.e2e


def _as(page: Any, username: str, password: str) -> None:
    page.context.clear_cookies()
    log_in(page, username, password)


def _record(page: Any, period: str, value: str) -> None:
    page.goto(f"/programs/alpha/qasp/surveillance/new/?standard=PS-1&period={period}")
    page.get_by_label("Measured value").fill(value)
    page.get_by_label("Date recorded").fill("2026-06-12")
    page.get_by_role("button", name="Record", exact=True).click()
    page.wait_for_url("**/qasp/surveillance/*/")


def _answer(page: Any, root_cause: str) -> None:
    page.goto("/programs/alpha/qasp/cars/1/")
    page.get_by_label("Root cause").fill(root_cause)
    page.get_by_label("Corrective action", exact=True).fill("Add a standby controller.")
    page.get_by_label("Target date").fill("2026-06-30")
    page.get_by_role("button", name="Send the answer").click()
    page.wait_for_url("**/qasp/cars/1/")


def test_issue_answer_return_accept_and_close_by_a_later_record(
    page: Any, world: World, password: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("programs.limits.today", lambda: date(2026, 6, 15))
    make_approved_qasp(world.program)
    log_in(page, "customer.program_manager", password)
    _record(page, "2026-05-01", "98.2")
    assert "Not acceptable" in page.get_by_role("main").inner_text()
    page.get_by_role("link", name="Issue a corrective action request").click()
    page.wait_for_url("**/qasp/cars/new/?record=*")
    assert "May 2026: observed 98.2 %" in page.get_by_label("Description").input_value()
    assert_accessible(page, "qasp-car-issue")
    page.get_by_role("button", name="Issue the request").click()
    page.wait_for_url("**/qasp/cars/1/")
    assert "CAR-001" in page.get_by_role("main").inner_text()
    assert_accessible(page, "qasp-car-issued")

    _as(page, "provider.program_manager", password)
    _answer(page, "A storage controller failed.")
    assert "awaiting the customer's evaluation" in page.get_by_role("main").inner_text().lower()

    _as(page, "customer.program_manager", password)
    page.goto("/programs/alpha/qasp/cars/1/")
    assert_accessible(page, "qasp-car-answered")
    page.get_by_label("Why the answer is returned").fill("Why did the controller fail?")
    page.get_by_role("button", name="Return", exact=True).click()
    page.wait_for_url("**/qasp/cars/1/")
    assert "returned to the provider" in page.get_by_role("main").inner_text().lower()

    _as(page, "provider.program_manager", password)
    _answer(page, "No firmware updates were applied to the controllers.")

    _as(page, "customer.program_manager", password)
    page.goto("/programs/alpha/qasp/cars/1/")
    page.get_by_role("button", name="Accept", exact=True).click()
    page.wait_for_url("**/qasp/cars/1/")
    assert "awaiting verification" in page.get_by_role("main").inner_text().lower()

    _record(page, "2026-06-01", "99.9")
    car = CorrectiveActionRequest.objects.get()
    assert car.status == "closed"
    assert car.verifying_record == SurveillanceRecord.objects.get(period=date(2026, 6, 1))
    page.goto("/programs/alpha/qasp/cars/1/")
    main = page.get_by_role("main").inner_text()
    assert "Closed on June 15, 2026" in main
    assert_accessible(page, "qasp-car-closed")

    page.goto("/programs/alpha/qasp/cars/")
    assert "CAR-001" in page.get_by_role("main").inner_text()
    assert_accessible(page, "qasp-car-register")
    page.goto(f"/programs/alpha/qasp/surveillance/{car.records.get().pk}/")
    assert_accessible(page, "qasp-car-record-panel")
