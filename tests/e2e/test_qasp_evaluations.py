"""CPARS-style performance evaluations in a real browser, checked by axe-core on each page:
the customer's Program Manager creates the quarterly evaluation, reads the portal's proposal
and why, rates and opens it; the provider's Program Manager comments; the customer's Program
Manager, the evaluator, signs."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from programs.models import Membership
from qasp.choices import EvaluationStatus
from qasp.models import PerformanceEvaluation
from qasp.services.surveillance import record_create

from ..conftest import World
from ..qasp.factories import make_approved_qasp
from .conftest import assert_accessible, log_in

pytestmark = pytest.mark.e2e

PM = "customer.program_manager"


def _record(world: World, month: int, value: str) -> None:
    record_create(
        acting_user=world.user(PM),
        program=world.program,
        standard_code="PS-1",
        period=date(2026, month, 1),
        evaluator=Membership.objects.get(program=world.program, user=world.user(PM)),
        recorded_on=date(2026, 4, 6),
        measured_value=Decimal(value),
    )


def test_create_rate_open_comment_and_sign(
    page: Any, world: World, password: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("programs.limits.today", lambda: date(2026, 6, 15))
    make_approved_qasp(world.program)
    _record(world, 1, "98")
    _record(world, 2, "99.8")
    _record(world, 3, "99.9")

    log_in(page, PM, password)
    page.goto("/programs/alpha/qasp/evaluations/")
    page.get_by_role("link", name="Performance evaluations").first.wait_for()
    assert_accessible(page, "qasp-evaluations-empty")
    page.get_by_role("link", name="New evaluation").click()
    assert page.get_by_label("Period from").input_value() == "2026-01-01"
    assert page.get_by_label("Period to").input_value() == "2026-03-31"
    assert_accessible(page, "qasp-evaluation-new")
    page.get_by_role("button", name="Create the evaluation").click()
    page.wait_for_url("**/qasp/evaluations/*/")
    main = page.get_by_role("main").inner_text()
    assert "CPARS-style quarterly evaluation, Q2 FY2026" in main
    assert "The portal proposes: Satisfactory (3)" not in main
    assert "The portal proposes: Marginal (2)" in main
    assert "2 of 3 surveillance results met their AQL (67%)." in main
    assert "PS-1 missed its AQL in January 2026." in main
    assert "rate it from your own evidence" in main
    assert_accessible(page, "qasp-evaluation-draft")

    page.get_by_role("link", name="Rate and narrate").click()
    page.get_by_label("Quality rating").select_option("2")
    page.get_by_role("button", name="Save the ratings").click()
    assert "A rating of Marginal needs a narrative" in page.get_by_role("main").inner_text()
    assert_accessible(page, "qasp-evaluation-rate-refused")
    page.get_by_label("Quality narrative").fill("January's availability missed its AQL.")
    for area in ("Schedule", "Cost control", "Management"):
        page.get_by_label(f"{area} rating").select_option("3")
    page.get_by_label("Overall assessment").fill("A satisfactory quarter but for January.")
    page.get_by_role("button", name="Save the ratings").click()
    page.wait_for_url("**/qasp/evaluations/*/")
    assert "Quality: Marginal (2)" in page.get_by_role("main").inner_text()
    page.get_by_role("button", name="Open for the provider's comment").click()
    page.wait_for_url("**/qasp/evaluations/*/")
    assert "Open for the provider's comment until June 29, 2026." in page.inner_text("body")
    assert_accessible(page, "qasp-evaluation-open")

    evaluation = PerformanceEvaluation.objects.get()
    page.context.clear_cookies()
    log_in(page, "provider.program_manager", password)
    page.goto(f"/programs/alpha/qasp/evaluations/{evaluation.pk}/")
    assert page.get_by_role("button", name="Sign the evaluation").count() == 0
    page.get_by_label("The provider's comment").fill("January's outage was fixed in February.")
    page.get_by_role("button", name="Send the comment").click()
    page.wait_for_url(f"**/qasp/evaluations/{evaluation.pk}/")
    assert "fixed in February" in page.get_by_role("main").inner_text()
    assert_accessible(page, "qasp-evaluation-commented")

    page.context.clear_cookies()
    log_in(page, PM, password)
    page.goto(f"/programs/alpha/qasp/evaluations/{evaluation.pk}/")
    page.get_by_role("button", name="Sign the evaluation").click()
    page.wait_for_url(f"**/qasp/evaluations/{evaluation.pk}/")
    assert "It will not change." in page.get_by_role("main").inner_text()
    evaluation.refresh_from_db()
    assert evaluation.status == EvaluationStatus.SIGNED and len(evaluation.signed_hash) == 64
    assert_accessible(page, "qasp-evaluation-signed")
    page.goto("/programs/alpha/qasp/evaluations/")
    assert "Signed" in page.get_by_role("main").inner_text()
    assert_accessible(page, "qasp-evaluations")
