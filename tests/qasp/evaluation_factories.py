"""Corrective action requests written directly (ORM) as evidence of performance evaluations,
and the steps of an evaluation's life cycle through its services."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.utils import timezone

from programs.models import Membership, Program
from qasp.choices import CarStatus, EvaluationKind
from qasp.models import CarHistory, CorrectiveActionRequest, PerformanceEvaluation
from qasp.services import evaluations as services
from tests.conftest import World


def make_car(program: Program, number: int, *, returns: int = 0, **kw: Any) -> Any:
    values: dict[str, Any] = {
        "status": CarStatus.CLOSED,
        "standard_code": "PS-1",
        "standard_text": "Service availability during business hours",
        "escalation_level": "car",
        "issued_on": date(2026, 2, 9),
        "description": "Availability under the AQL in January.",
        "response_due": date(2026, 2, 23),
        "answered_on": date(2026, 2, 20),
        "closed_on": date(2026, 3, 31),
    }
    car = CorrectiveActionRequest.objects.create(program=program, number=number, **values | kw)
    for _ in range(returns):
        CarHistory.objects.create(
            item=car,
            action="return",
            from_status=CarStatus.ANSWERED,
            to_status=CarStatus.RETURNED,
            actor_name="cust.pm",
            at=timezone.make_aware(datetime(2026, 2, 25, 10)),
        )
    return car


def customer_member(world: World, role: str = "customer.program_manager") -> Membership:
    return Membership.objects.get(program=world.program, user=world.user(role))


def make_evaluation(world: World, evaluator: str = "customer.program_manager") -> Any:
    """The quarterly evaluation of Q2 FY2026 (January to March 2026), a draft."""
    return services.evaluation_create(
        acting_user=world.user("customer.program_manager"),
        program=world.program,
        kind=EvaluationKind.QUARTERLY,
        period_start=date(2026, 1, 1),
        period_end=date(2026, 3, 31),
        evaluator=customer_member(world, evaluator),
    )


RATED = {
    "quality": (3, "Met the AQLs but for January's availability."),
    "schedule": (3, ""),
    "cost_control": (3, ""),
    "management": (4, "Answered the one request on time."),
}


def rate_all(world: World, evaluation: PerformanceEvaluation) -> PerformanceEvaluation:
    return services.evaluation_rate(
        acting_user=world.user("customer.program_manager"),
        evaluation=evaluation,
        ratings=RATED,
        summary="A satisfactory quarter.",
    )


def opened(world: World, evaluator: str = "customer.program_manager") -> PerformanceEvaluation:
    evaluation = rate_all(world, make_evaluation(world, evaluator))
    return services.evaluation_open(
        acting_user=world.user("customer.program_manager"), evaluation=evaluation
    )


def commented(world: World) -> PerformanceEvaluation:
    return services.evaluation_comment(
        acting_user=world.user("provider.program_manager"),
        evaluation=opened(world),
        text="We fixed January's outage in February.",
    )
