"""Performance evaluations through their services: the proposal from the period's evidence,
rating, opening for comment, the provider's comment and the evaluator's signature; each
refusal names its field and rule and changes nothing; a signed evaluation never changes."""

from __future__ import annotations

import hashlib
from datetime import date, timedelta
from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType

from programs.errors import DomainError, PermissionRefused
from programs.models import AuditEvent
from qasp.choices import CarStatus, EvaluationKind, EvaluationStatus
from qasp.evaluation_periods import default_period, period_text
from qasp.models import PerformanceEvaluation
from qasp.services import evaluations as services
from tests.conftest import World

from .conftest import record_month
from .evaluation_factories import (
    RATED,
    commented,
    customer_member,
    make_car,
    make_evaluation,
    opened,
    rate_all,
)

pytestmark = pytest.mark.usefixtures("qasp")


def _events(evaluation: PerformanceEvaluation) -> Any:
    return AuditEvent.objects.filter(
        target_type=ContentType.objects.get_for_model(PerformanceEvaluation),
        target_id=str(evaluation.pk),
    )


def _state(evaluation: PerformanceEvaluation) -> tuple[Any, ...]:
    evaluation.refresh_from_db()
    ratings = tuple(evaluation.ratings.values_list("area", "rating", "narrative", "proposed"))
    events = _events(evaluation).count()
    return (
        evaluation.status,
        evaluation.summary,
        evaluation.provider_comment,
        evaluation.signed_hash,
        ratings,
        events,
    )


def _refused(call: Any, evaluation: PerformanceEvaluation, message: str, field: str) -> None:
    before = _state(evaluation)
    with pytest.raises(DomainError) as caught:
        call()
    assert message in caught.value.message
    assert caught.value.field == field
    assert _state(evaluation) == before


def test_the_default_period_is_the_last_fiscal_quarter_or_year_ended() -> None:
    assert default_period("quarterly", date(2026, 6, 15)) == (date(2026, 1, 1), date(2026, 3, 31))
    assert default_period("quarterly", date(2026, 11, 2)) == (date(2026, 7, 1), date(2026, 9, 30))
    assert default_period("annual", date(2026, 11, 2)) == (date(2025, 10, 1), date(2026, 9, 30))


def test_create_proposes_from_the_records_and_cars_of_the_period(world: World) -> None:
    record_month(world, 1, "98")  # not acceptable (AQL at least 99.5)
    record_month(world, 2, "99.8")
    record_month(world, 3, "99.9")
    record_month(world, 4, "99.9")  # after the period: not evidence
    make_car(world.program, 1, returns=1)
    make_car(world.program, 2, issued_on=date(2025, 11, 3), closed_on=date(2025, 12, 1))
    evaluation = make_evaluation(world)
    assert evaluation.status == EvaluationStatus.DRAFT
    assert period_text(evaluation) == "Q2 FY2026 (January to March 2026)"
    rows = {r.area: r for r in evaluation.ratings.all()}
    assert list(rows) == ["quality", "schedule", "cost_control", "management"]
    assert rows["quality"].proposed == 2
    assert rows["quality"].proposal_reasons[:2] == [
        "2 of 3 surveillance results met their AQL (67%).",
        "PS-1 missed its AQL in January 2026.",
    ]
    assert rows["management"].proposed == 3
    assert "CAR-001 was returned once before its answer was accepted." in (
        rows["management"].proposal_reasons
    )
    assert not any("CAR-002" in r for r in rows["management"].proposal_reasons)
    assert rows["schedule"].proposed is None
    assert rows["schedule"].proposal_reasons[0].startswith("No surveillance or corrective")
    event = _events(evaluation).get(action="create")
    assert event.changes["proposed"][1]["management"] == 3


def test_refresh_proposes_again_from_evidence_made_since(world: World) -> None:
    evaluation = make_evaluation(world)
    assert evaluation.ratings.get(area="quality").proposed is None
    record_month(world, 2, "99.9")
    services.evaluation_refresh(acting_user=world.user("customer.pmo_team"), evaluation=evaluation)
    assert evaluation.ratings.get(area="quality").proposed == 4


@pytest.mark.parametrize(
    ("kwargs", "message", "field"),
    [
        ({"kind": "monthly"}, "Choose a quarterly or an annual evaluation.", "kind"),
        (
            {"period_end": date(2026, 4, 30)},
            "A quarterly evaluation covers at most 3 months",
            "period_end",
        ),
        (
            {"period_start": date(2026, 4, 1), "period_end": date(2026, 6, 30)},
            "A period is evaluated once it has ended: this one ends June 30, 2026.",
            "period_end",
        ),
        (
            {"period_start": date(2025, 7, 1), "period_end": date(2025, 9, 30)},
            "outside the QASP's agreed surveillance period (January 1, 2026 to December 31, 2026)",
            "period_start",
        ),
        (
            {"period_end": date(2025, 12, 31)},
            "The period ends on or after its first day.",
            "period_end",
        ),
    ],
)
def test_create_refuses_a_period_not_evaluable(
    world: World, kwargs: dict[str, Any], message: str, field: str
) -> None:
    values: dict[str, Any] = {
        "kind": EvaluationKind.QUARTERLY,
        "period_start": date(2026, 1, 1),
        "period_end": date(2026, 3, 31),
        "evaluator": customer_member(world),
    }
    with pytest.raises(DomainError) as caught:
        services.evaluation_create(
            acting_user=world.user("customer.program_manager"),
            program=world.program,
            **values | kwargs,
        )
    assert message in caught.value.message and caught.value.field == field
    assert not PerformanceEvaluation.objects.exists()


def test_an_annual_evaluation_may_overlap_the_agreed_period(world: World) -> None:
    evaluation = services.evaluation_create(
        acting_user=world.user("customer.pmo_lead"),
        program=world.program,
        kind=EvaluationKind.ANNUAL,
        period_start=date(2025, 6, 1),
        period_end=date(2026, 5, 31),
        evaluator=customer_member(world),
    )
    assert period_text(evaluation) == "June 1, 2025 to May 31, 2026"


def test_one_evaluation_per_kind_and_period(world: World) -> None:
    make_evaluation(world)
    with pytest.raises(DomainError) as caught:
        make_evaluation(world)
    assert caught.value.message == (
        "The program already has a quarterly evaluation for Q2 FY2026 (January to March 2026)."
    )
    assert PerformanceEvaluation.objects.count() == 1


def test_the_evaluator_is_a_customer_member(world: World) -> None:
    with pytest.raises(DomainError) as caught:
        services.evaluation_create(
            acting_user=world.user("customer.program_manager"),
            program=world.program,
            kind=EvaluationKind.QUARTERLY,
            period_start=date(2026, 1, 1),
            period_end=date(2026, 3, 31),
            evaluator=customer_member(world, "provider.program_manager"),
        )
    assert caught.value.field == "evaluator"
    assert not PerformanceEvaluation.objects.exists()


@pytest.mark.parametrize(
    "username", ["provider.program_manager", "customer.viewer", "independent.ivv_agent"]
)
def test_only_customer_editors_create(world: World, username: str) -> None:
    with pytest.raises(PermissionRefused) as caught:
        services.evaluation_create(
            acting_user=world.user(username),
            program=world.program,
            kind=EvaluationKind.QUARTERLY,
            period_start=date(2026, 1, 1),
            period_end=date(2026, 3, 31),
            evaluator=customer_member(world),
        )
    assert caught.value.message == "Only the customer's editors create a performance evaluation."
    assert not PerformanceEvaluation.objects.exists()


def test_rate_keeps_the_proposal_and_audits(world: World) -> None:
    evaluation = rate_all(world, make_evaluation(world))
    quality = evaluation.ratings.get(area="quality")
    assert (quality.rating, quality.narrative) == RATED["quality"]
    assert quality.proposal_reasons  # the proposal stays beside the rating
    assert evaluation.summary == "A satisfactory quarter."
    event = AuditEvent.objects.filter(target_id=str(evaluation.pk), action="update").get()
    assert event.changes["quality"] == [[None, ""], list(RATED["quality"])]


@pytest.mark.parametrize(
    ("ratings", "message", "field"),
    [
        ({"quality": (5, "")}, "A rating of Exceptional needs a narrative", "narrative_quality"),
        ({"schedule": (2, " ")}, "A rating of Marginal needs a narrative", "narrative_schedule"),
        ({"management": (1, "")}, "Unsatisfactory needs a narrative", "narrative_management"),
        ({"quality": (6, "")}, "Rate Quality from 1 (Unsatisfactory) to 5", "rating_quality"),
        ({"quality": (3, "x" * 20_001)}, "at most 20,000 characters", "narrative_quality"),
        ({"morale": (3, "")}, "The evaluation has no rating area morale", "ratings"),
    ],
)
def test_rate_refuses(
    world: World, ratings: dict[str, tuple[int, str]], message: str, field: str
) -> None:
    evaluation = make_evaluation(world)
    _refused(
        lambda: services.evaluation_rate(
            acting_user=world.user("customer.program_manager"),
            evaluation=evaluation,
            ratings={"cost_control": (4, "Changed"), **ratings},
        ),
        evaluation,
        message,
        field,
    )


def test_open_needs_every_area_rated(world: World) -> None:
    evaluation = make_evaluation(world)
    services.evaluation_rate(
        acting_user=world.user("customer.program_manager"),
        evaluation=evaluation,
        ratings={"quality": (3, "")},
    )
    _refused(
        lambda: services.evaluation_open(
            acting_user=world.user("customer.program_manager"), evaluation=evaluation
        ),
        evaluation,
        "Rate every area before opening the evaluation: Schedule is not rated.",
        "rating_schedule",
    )


def test_open_sets_the_comment_window_and_freezes_the_ratings(world: World) -> None:
    evaluation = opened(world)
    assert evaluation.status == EvaluationStatus.OPEN_FOR_COMMENT
    assert (evaluation.opened_on, evaluation.comment_due) == (
        date(2026, 6, 15),
        date(2026, 6, 29),
    )
    _refused(
        lambda: services.evaluation_rate(
            acting_user=world.user("customer.program_manager"),
            evaluation=evaluation,
            ratings={"quality": (4, "")},
        ),
        evaluation,
        "only while it is a draft",
        None,  # type: ignore[arg-type]
    )


def test_the_provider_comments_once_until_due(world: World) -> None:
    evaluation = commented(world)
    assert evaluation.provider_comment == "We fixed January's outage in February."
    assert evaluation.commented_by_name
    _refused(
        lambda: services.evaluation_comment(
            acting_user=world.user("provider.pmo_team"), evaluation=evaluation, text="Again"
        ),
        evaluation,
        "The provider has already commented on this evaluation.",
        "provider_comment",
    )


def test_a_comment_after_its_due_date_is_refused(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    evaluation = opened(world)
    monkeypatch.setattr("programs.limits.today", lambda: date(2026, 6, 30))
    _refused(
        lambda: services.evaluation_comment(
            acting_user=world.user("provider.program_manager"), evaluation=evaluation, text="Late"
        ),
        evaluation,
        "The provider's comment was due by June 29, 2026.",
        "provider_comment",
    )


@pytest.mark.parametrize("username", ["customer.program_manager", "provider.viewer"])
def test_only_provider_commenters_comment(world: World, username: str) -> None:
    evaluation = opened(world)
    _refused(
        lambda: services.evaluation_comment(
            acting_user=world.user(username), evaluation=evaluation, text="A comment"
        ),
        evaluation,
        "Only members of the provider who may comment comment on a performance evaluation.",
        None,  # type: ignore[arg-type]
    )


def test_the_evaluator_signs_after_the_comment_with_its_hash(world: World) -> None:
    evaluation = commented(world)
    signed = services.evaluation_sign(
        acting_user=world.user("customer.program_manager"), evaluation=evaluation
    )
    assert signed.status == EvaluationStatus.SIGNED and signed.signed_at
    canonical = services.canonical(signed)
    assert '"provider_comment":"We fixed January\'s outage in February."' in canonical
    assert signed.signed_hash == hashlib.sha256(canonical.encode()).hexdigest()
    event = _events(signed).latest("pk")
    assert event.changes["status"] == ["open_for_comment", "signed"]


def test_without_a_comment_the_evaluator_signs_after_the_window(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    evaluation = opened(world)
    _refused(
        lambda: services.evaluation_sign(
            acting_user=world.user("customer.program_manager"), evaluation=evaluation
        ),
        evaluation,
        "The provider may comment until June 29, 2026",
        "status",
    )
    monkeypatch.setattr("programs.limits.today", lambda: date(2026, 6, 15) + timedelta(days=15))
    signed = services.evaluation_sign(
        acting_user=world.user("customer.program_manager"), evaluation=evaluation
    )
    assert signed.status == EvaluationStatus.SIGNED


@pytest.mark.parametrize(
    "username",
    ["provider.program_manager", "provider.executive_sponsor", "customer.executive_sponsor"],
)
def test_only_the_evaluator_signs_never_the_provider(world: World, username: str) -> None:
    evaluation = commented(world)
    _refused(
        lambda: services.evaluation_sign(acting_user=world.user(username), evaluation=evaluation),
        evaluation,
        "Only the customer's evaluator named on the evaluation signs it; the provider "
        "comments on its evaluation but never signs it.",
        None,  # type: ignore[arg-type]
    )


def test_a_signed_evaluation_never_changes(world: World) -> None:
    evaluation = services.evaluation_sign(
        acting_user=world.user("customer.program_manager"), evaluation=commented(world)
    )
    pm = world.user("customer.program_manager")
    for call, message in [
        (lambda: services.evaluation_rate(acting_user=pm, evaluation=evaluation, ratings={}), ""),
        (lambda: services.evaluation_refresh(acting_user=pm, evaluation=evaluation), ""),
        (lambda: services.evaluation_open(acting_user=pm, evaluation=evaluation), ""),
        (lambda: services.evaluation_sign(acting_user=pm, evaluation=evaluation), "already"),
        (
            lambda: services.evaluation_comment(
                acting_user=world.user("provider.pmo_lead"), evaluation=evaluation, text="Late"
            ),
            "signed",
        ),
    ]:
        before = _state(evaluation)
        with pytest.raises(DomainError) as caught:
            call()
        assert message in caught.value.message
        assert _state(evaluation) == before


def test_open_cars_at_the_period_end_make_management_marginal(world: World) -> None:
    make_car(
        world.program,
        1,
        status=CarStatus.ISSUED,
        issued_on=date(2026, 3, 16),
        response_due=date(2026, 3, 30),
        answered_on=None,
        closed_on=None,
    )
    management = make_evaluation(world).ratings.get(area="management")
    assert management.proposed == 2
    assert "CAR-001 is awaiting the provider's answer, 77 days overdue." in (
        management.proposal_reasons
    )
