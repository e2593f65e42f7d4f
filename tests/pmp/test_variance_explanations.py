"""Variance explanations: asked for when a closed month's variance crosses its threshold;
the provider explains, the customer accepts or returns; refusals name the rule and change
nothing."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType

from pmp.models import ExplanationStatus, VarianceExplanation
from pmp.services.earned_value import period_close
from pmp.services.earned_value_setup import settings_update
from pmp.services.variance import explanation_review, explanation_submit, is_overdue
from programs.errors import DomainError, PermissionRefused
from programs.federal_calendar import add_business_days
from programs.models import AuditEvent
from programs.registers.workflow import TransitionRefused
from tests.conftest import World

from .earned_value_fixtures import JAN, PM, acknowledged, cost_loaded, progress, today_is

TODAY = date(2027, 3, 15)
EXPLANATION = {
    "cause": "Phase 1 design took longer than planned.",
    "impact": "Build starts two weeks late.",
    "corrective_action": "A second engineer joins in March.",
}


@pytest.fixture
def requested(world: World, monkeypatch: pytest.MonkeyPatch) -> list[VarianceExplanation]:
    today_is(monkeypatch, TODAY)
    cost_loaded(world)
    acknowledged(world, JAN, {"1": "3000.00"})
    progress(world, 2, 100)
    _, items = period_close(acting_user=world.user(PM), program=world.program, month=JAN)
    return items


def test_closing_asks_for_each_variance_that_crosses_its_threshold(
    world: World, requested: list[VarianceExplanation]
) -> None:
    # Account 1: CV +$1,000 (25%, favourable) and SV -$12,050 (-75%); account 2: SV -100%.
    found = {(i.control_account.wbs, i.kind): i for i in requested}
    assert set(found) == {("1", "cost"), ("1", "schedule"), ("2", "schedule")}
    assert found["1", "cost"].variance == Decimal("1000.00")
    assert found["1", "cost"].variance_percent == Decimal("25.00")
    assert [i.reference for i in requested] == ["VA-001", "VA-002", "VA-003"]
    due = add_business_days(TODAY, 10)
    assert all(i.status == ExplanationStatus.REQUESTED and i.due_on == due for i in requested)
    assert all(i.history.get().action == "request" for i in requested)
    assert not is_overdue(requested[0], TODAY) and is_overdue(requested[0], date(2027, 4, 30))


def test_an_amount_threshold_asks_too_and_nothing_under_it(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    today_is(monkeypatch, TODAY)
    cost_loaded(world)
    settings_update(
        acting_user=world.user(PM),
        program=world.program,
        cost_threshold_percent=Decimal(100),
        schedule_threshold_percent=Decimal(100),
        schedule_threshold_amount=Decimal("10000.00"),
    )
    _, items = period_close(acting_user=world.user(PM), program=world.program, month=JAN)
    # SV: account 1 is -$16,050 (-100%), account 2 -$4,850 (-100%): both at 100%.
    assert {(i.control_account.wbs, i.kind) for i in items} == {
        ("1", "schedule"),
        ("2", "schedule"),
    }


def test_the_life_cycle_provider_submits_customer_returns_then_accepts(
    world: World, requested: list[VarianceExplanation]
) -> None:
    item = requested[0]
    explanation_submit(acting_user=world.user("provider.pmo_lead"), item=item, **EXPLANATION)
    assert item.status == ExplanationStatus.SUBMITTED and item.cause == EXPLANATION["cause"]
    explanation_review(
        acting_user=world.user("customer.program_manager"),
        item=item,
        accept=False,
        reason="Say which tasks slipped.",
    )
    assert item.status == ExplanationStatus.RETURNED
    explanation_submit(
        acting_user=world.user("provider.program_manager"),
        item=item,
        **(EXPLANATION | {"cause": "1.2 design: two more weeks of review."}),
    )
    explanation_review(acting_user=world.user("customer.executive_sponsor"), item=item, accept=True)
    assert item.status == ExplanationStatus.ACCEPTED
    assert [h.action for h in item.history.all()] == [
        "request",
        "submit",
        "return",
        "submit",
        "accept",
    ]
    assert item.history.get(action="return").reason == "Say which tasks slipped."
    events = AuditEvent.objects.filter(target_type__model="varianceexplanation")
    assert events.filter(target_id=str(item.pk)).count() == 5


@pytest.mark.parametrize(
    ("username", "rule"),
    [
        ("customer.program_manager", "provider's Program Managers"),
        ("provider.pmo_team", "provider's Program Managers"),  # does not see costs
        ("provider.viewer", "provider's Program Managers"),
        ("independent.ivv_agent", "provider's Program Managers"),
        ("outsider", "provider's Program Managers"),
    ],
)
def test_only_the_providers_editors_who_see_costs_submit(
    world: World, requested: list[VarianceExplanation], username: str, rule: str
) -> None:
    item = requested[0]
    events = AuditEvent.objects.count()
    with pytest.raises(PermissionRefused, match=rule):
        explanation_submit(acting_user=world.user(username), item=item, **EXPLANATION)
    item.refresh_from_db()
    assert item.status == ExplanationStatus.REQUESTED and item.cause == ""
    assert AuditEvent.objects.count() == events


@pytest.mark.parametrize(
    "username",
    ["provider.program_manager", "customer.pmo_team", "customer.viewer", "outsider"],
)
def test_only_the_customers_managers_who_see_costs_review(
    world: World, requested: list[VarianceExplanation], username: str
) -> None:
    item = requested[0]
    explanation_submit(acting_user=world.user("provider.pmo_lead"), item=item, **EXPLANATION)
    events = AuditEvent.objects.count()
    with pytest.raises(PermissionRefused, match="customer's Program Managers"):
        explanation_review(acting_user=world.user(username), item=item, accept=True)
    item.refresh_from_db()
    assert item.status == ExplanationStatus.SUBMITTED
    assert AuditEvent.objects.count() == events


@pytest.mark.parametrize("missing", ["cause", "impact", "corrective_action"])
def test_every_part_of_the_explanation_is_required(
    world: World, requested: list[VarianceExplanation], missing: str
) -> None:
    with pytest.raises(DomainError) as refused:
        explanation_submit(
            acting_user=world.user("provider.pmo_lead"),
            item=requested[0],
            **(EXPLANATION | {missing: "  "}),
        )
    assert refused.value.field == missing
    requested[0].refresh_from_db()
    assert requested[0].status == ExplanationStatus.REQUESTED


def test_steps_follow_the_status_and_a_return_needs_its_reason(
    world: World, requested: list[VarianceExplanation]
) -> None:
    item = requested[0]
    customer = world.user("customer.program_manager")
    with pytest.raises(TransitionRefused, match="only an item that is submitted"):
        explanation_review(acting_user=customer, item=item, accept=True)
    explanation_submit(acting_user=world.user("provider.pmo_lead"), item=item, **EXPLANATION)
    with pytest.raises(DomainError, match="needs a reason") as refused:
        explanation_review(acting_user=customer, item=item, accept=False, reason=" ")
    assert refused.value.field == "reason"
    with pytest.raises(TransitionRefused):
        explanation_submit(acting_user=world.user("provider.pmo_lead"), item=item, **EXPLANATION)
    item.refresh_from_db()
    assert item.status == ExplanationStatus.SUBMITTED


def test_each_step_moves_the_explanation_on_a_revision(
    world: World, requested: list[VarianceExplanation]
) -> None:
    item = requested[0]
    assert item.revision == 1
    provider = world.user("provider.pmo_lead")
    explanation_submit(acting_user=provider, item=item, **EXPLANATION)
    with pytest.raises(TransitionRefused):
        explanation_submit(acting_user=provider, item=item, **EXPLANATION)
    explanation_review(
        acting_user=world.user("customer.program_manager"), item=item, accept=False, reason="Why?"
    )
    item.refresh_from_db()
    assert item.revision == 3  # the refused submission moved nothing
    events = AuditEvent.objects.filter(
        action="transition",
        target_type=ContentType.objects.get_for_model(item),
        target_id=str(item.pk),
    ).order_by("pk")
    assert [e.changes["revision"] for e in events] == [[1, 2], [2, 3]]
