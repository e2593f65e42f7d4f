"""Corrective action request services: the life cycle with its history and audit, every
refusal naming its rule or field with nothing changed, numbering, the proposal, and closing
by a later acceptable record (not an earlier period, not another standard)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType

from programs.errors import DomainError, PermissionRefused
from programs.federal_calendar import add_business_days
from programs.models import AuditEvent
from qasp import car_rules
from qasp.choices import CarStatus
from qasp.models import CarHistory, CorrectiveActionRequest
from qasp.services import cars
from qasp.services.car_proposals import open_car_of, proposed_car
from tests.conftest import World

from .car_helpers import CUSTOMER_PM, PROVIDER_PM, accepted, answer, issue, missed
from .conftest import TODAY, record_month

pytestmark = pytest.mark.usefixtures("qasp")


def _unchanged(car: CorrectiveActionRequest) -> dict[str, Any]:
    fresh = CorrectiveActionRequest.objects.get(pk=car.pk)
    return {
        "status": fresh.status,
        "level": fresh.escalation_level,
        "root_cause": fresh.root_cause,
        "revision": fresh.revision,
        "history": fresh.history.count(),
        "audit": AuditEvent.objects.count(),
    }


def test_issue_numbers_per_program_and_sets_the_response_due(world: World) -> None:
    march, april = missed(world, 3, 4)
    first = issue(world, march)
    second = issue(world, april, escalation_level="car")
    assert (first.reference, second.reference) == ("CAR-001", "CAR-002")
    assert first.status == CarStatus.ISSUED and first.issued_on == TODAY
    assert first.response_due == add_business_days(TODAY, 10)
    assert first.standard_text == "Service availability during business hours"
    assert list(first.records.all()) == [march]
    assert first.history.get().action == "issue"
    event = AuditEvent.objects.filter(
        action="create",
        target_type=ContentType.objects.get_for_model(CorrectiveActionRequest),
        target_id=str(first.pk),
    ).last()
    assert event is not None and event.changes["standard_code"] == [None, "PS-1"]


@pytest.mark.parametrize(
    ("kwargs", "field", "message"),
    [
        ({"record_ids": []}, "records", "at least one unacceptable"),
        ({"record_ids": [99999]}, "records", "has no surveillance record 99999"),
        ({"standard_code": "PS-2"}, "records", "is of PS-1, not PS-2"),
        ({"escalation_level": "court"}, "escalation_level", "escalation level is one of"),
        ({"description": "  "}, "description", "Describe what was found"),
        ({"response_due": TODAY}, "response_due", "due after June 15, 2026"),
    ],
)
def test_issue_refusals_name_the_field_and_write_nothing(
    world: World, kwargs: dict[str, Any], field: str, message: str
) -> None:
    (march,) = missed(world, 3)
    audit = AuditEvent.objects.count()
    with pytest.raises(DomainError) as refused:
        issue(world, march, **kwargs)
    assert refused.value.field == field and message in refused.value.message
    assert not CorrectiveActionRequest.objects.exists()
    assert AuditEvent.objects.count() == audit


def test_issue_refuses_acceptable_records_others_programs_and_records_in_an_open_car(
    world: World,
) -> None:
    (march,) = missed(world, 3)
    good = record_month(world, 4, "99.9")
    with pytest.raises(DomainError, match="is acceptable") as refused:
        issue(world, good)
    assert refused.value.field == "records"
    issue(world, march)
    with pytest.raises(DomainError, match="CAR-001 is already open") as refused:
        issue(world, march)
    assert refused.value.field == "records"
    assert CorrectiveActionRequest.objects.count() == 1


@pytest.mark.parametrize(
    "username", ["provider.program_manager", "independent.ivv_agent", "customer.viewer"]
)
def test_only_customer_editors_issue(world: World, username: str) -> None:
    (march,) = missed(world, 3)
    with pytest.raises(PermissionRefused) as refused:
        issue(world, march, user=username)
    assert refused.value.message == car_rules.ISSUE_RULE
    assert not CorrectiveActionRequest.objects.exists()


def test_the_life_cycle_answer_return_answer_accept_and_close_by_a_later_record(
    world: World,
) -> None:
    march, april = missed(world, 3, 4)
    car = issue(world, march, april)
    answer(world, car)
    car.refresh_from_db()
    assert car.status == CarStatus.ANSWERED and car.answered_on == TODAY
    assert car.evaluation_due == add_business_days(TODAY, 5)
    cars.car_return(
        acting_user=world.user(CUSTOMER_PM), car=car, reason="The root cause is a symptom."
    )
    car.refresh_from_db()
    assert car.status == CarStatus.RETURNED and car.evaluation_due is None
    assert car.response_due == add_business_days(TODAY, 10)
    answer(world, car, root_cause="No capacity planning for storage.")
    cars.car_accept(acting_user=world.user(CUSTOMER_PM), car=car)
    car.refresh_from_db()
    assert car.status == CarStatus.ACCEPTED and car.evaluated_on == TODAY
    may = record_month(world, 5, "99.9")
    car.refresh_from_db()
    assert car.status == CarStatus.CLOSED
    assert (car.verifying_record, car.closed_on) == (may, TODAY)
    history = list(car.history.values_list("action", "from_status", "to_status", "actor_party"))
    assert history == [
        ("issue", "", "issued", "customer"),
        ("answer", "issued", "answered", "provider"),
        ("return", "answered", "returned", "customer"),
        ("answer", "returned", "answered", "provider"),
        ("accept", "answered", "accepted", "customer"),
        ("close", "accepted", "closed", "customer"),
    ]
    assert car.history.get(action="return").reason == "The root cause is a symptom."
    assert AuditEvent.objects.filter(action="transition").count() == 5


def test_the_customer_may_not_answer_and_the_provider_may_not_evaluate(world: World) -> None:
    car = issue(world, *missed(world, 3))
    before = _unchanged(car)
    with pytest.raises(PermissionRefused) as refused:
        answer(world, car, user=CUSTOMER_PM)
    assert refused.value.message == car_rules.ANSWER_RULE
    assert _unchanged(car) == before
    answer(world, car)
    before = _unchanged(car)
    provider = world.user(PROVIDER_PM)
    with pytest.raises(PermissionRefused) as refused:
        cars.car_accept(acting_user=provider, car=car)
    assert refused.value.message == car_rules.EVALUATE_RULE
    with pytest.raises(PermissionRefused) as refused:
        cars.car_return(acting_user=provider, car=car, reason="x")
    assert refused.value.message == car_rules.EVALUATE_RULE
    assert _unchanged(car) == before


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"root_cause": ""}, "root_cause"),
        ({"corrective_action": " "}, "corrective_action"),
        ({"target_date": None}, "target_date"),
        ({"target_date": date(2026, 6, 14)}, "target_date"),
    ],
)
def test_an_answer_needs_root_cause_action_and_a_target_date_not_in_the_past(
    world: World, kwargs: dict[str, Any], field: str
) -> None:
    car = issue(world, *missed(world, 3))
    before = _unchanged(car)
    with pytest.raises(DomainError) as refused:
        answer(world, car, **kwargs)
    assert refused.value.field == field
    assert _unchanged(car) == before


def test_a_return_needs_a_reason_and_an_accepted_car_cannot_be_answered(world: World) -> None:
    car = issue(world, *missed(world, 3))
    answer(world, car)
    before = _unchanged(car)
    with pytest.raises(DomainError, match="Returned needs a reason") as refused:
        cars.car_return(acting_user=world.user(CUSTOMER_PM), car=car, reason=" ")
    assert refused.value.field == "reason" and _unchanged(car) == before
    cars.car_accept(acting_user=world.user(CUSTOMER_PM), car=car)
    before = _unchanged(car)
    with pytest.raises(DomainError, match="only an item that is") as refused:
        answer(world, car)
    assert refused.value.field == "status" and _unchanged(car) == before


def test_escalation_steps_up_each_level_with_a_reason_and_keeps_the_status(world: World) -> None:
    car = issue(world, *missed(world, 3))
    user = world.user(CUSTOMER_PM)
    with pytest.raises(DomainError) as refused:
        cars.car_escalate(acting_user=user, car=car, reason="")
    assert refused.value.field == "reason"
    cars.car_escalate(acting_user=user, car=car, reason="No answer at the meeting.")
    cars.car_escalate(acting_user=user, car=car, reason="Still no answer.")
    car.refresh_from_db()
    assert (car.escalation_level, car.status) == ("cure_notice", CarStatus.ISSUED)
    before = _unchanged(car)
    with pytest.raises(DomainError, match="highest escalation level") as refused:
        cars.car_escalate(acting_user=user, car=car, reason="Again.")
    assert refused.value.field == "escalation_level" and _unchanged(car) == before
    rows = car.history.filter(action="escalate")
    assert [(h.from_status, h.to_status) for h in rows] == [("issued", "issued")] * 2
    assert rows.last().details == {"from_level": "car", "to_level": "cure_notice"}  # type: ignore[union-attr]
    with pytest.raises(PermissionRefused, match="Only the customer's editors escalate"):
        cars.car_escalate(acting_user=world.user(PROVIDER_PM), car=car, reason="x")


def test_withdraw_needs_a_reason_and_ends_the_request(world: World) -> None:
    car = issue(world, *missed(world, 3))
    user = world.user(CUSTOMER_PM)
    with pytest.raises(DomainError) as refused:
        cars.car_withdraw(acting_user=user, car=car, reason="")
    assert refused.value.field == "reason"
    with pytest.raises(PermissionRefused, match="withdraw"):
        cars.car_withdraw(acting_user=world.user(PROVIDER_PM), car=car, reason="x")
    cars.car_withdraw(acting_user=user, car=car, reason="Issued in error.")
    car.refresh_from_db()
    assert car.status == CarStatus.WITHDRAWN and not car.is_open
    with pytest.raises(DomainError, match="CAR-001 is withdrawn"):
        answer(world, car)


def test_no_close_by_an_earlier_period_another_standard_or_before_acceptance(
    world: World,
) -> None:
    (march,) = missed(world, 3)
    car = issue(world, march)
    record_month(world, 4, "99.9")  # later, acceptable, but the answer is not accepted yet
    car.refresh_from_db()
    assert car.status == CarStatus.ISSUED
    car = accepted(world, car)
    record_month(world, 2, "99.9")  # an earlier period
    cars_module_record = world.user(CUSTOMER_PM)
    from qasp.services.surveillance import record_create

    from .conftest import evaluator

    record_create(
        acting_user=cars_module_record,
        program=world.program,
        standard_code="PS-2",
        period=date(2026, 4, 1),
        evaluator=evaluator(world),
        recorded_on=date(2026, 6, 10),
        population=100,
        sample_size=50,
        defects=0,
    )
    record_month(world, 5, "97")  # later but not acceptable
    car.refresh_from_db()
    assert car.status == CarStatus.ACCEPTED and car.verifying_record is None


def test_close_verified_refuses_a_record_that_does_not_verify(world: World) -> None:
    (march,) = missed(world, 3)
    feb = record_month(world, 2, "99.9")
    car = accepted(world, issue(world, march))
    before = _unchanged(car)
    with pytest.raises(DomainError, match="closes on an acceptable record of PS-1") as refused:
        cars.car_close_verified(acting_user=world.user(CUSTOMER_PM), car=car, record=feb)
    assert refused.value.field == "verifying_record" and _unchanged(car) == before
    may = record_month(world, 5, "99.9")  # closes it through the hook
    car.refresh_from_db()
    assert car.verifying_record == may
    assert CarHistory.objects.filter(item=car, action="close").count() == 1


def test_the_proposal_gathers_the_standards_unacceptable_records_and_steps_up_the_level(
    world: World,
) -> None:
    march, april = missed(world, 3, 4)
    proposal = proposed_car(april)
    assert proposal is not None
    assert proposal.records == [march, april]
    assert proposal.escalation_level == "discussion" and proposal.earlier is None
    assert "March 2026: observed 98 %" in proposal.description
    assert "April 2026: observed 98 %" in proposal.description
    assert "acceptable quality level (at least 99.5 %)" in proposal.description
    assert proposal.response_due == add_business_days(TODAY, 10)
    car = issue(world, march)
    assert open_car_of(march) == car and open_car_of(april) is None
    proposal = proposed_car(april)
    assert proposal is not None
    assert proposal.records == [april]  # March is in an open request
    assert (proposal.escalation_level, proposal.earlier) == ("car", car)
    assert proposed_car(record_month(world, 5, "99.9")) is None


def test_each_step_moves_the_request_on_a_revision_and_a_refused_one_does_not(
    world: World,
) -> None:
    car = issue(world, *missed(world, 3))
    assert car.revision == 1
    answer(world, car)
    cars.car_escalate(
        acting_user=world.user(CUSTOMER_PM), car=car, reason="No answer at the meeting."
    )
    car.refresh_from_db()
    assert (car.status, car.revision) == (CarStatus.ANSWERED, 3)  # escalating keeps the status
    target = {"target_type": ContentType.objects.get_for_model(car), "target_id": str(car.pk)}
    steps = AuditEvent.objects.filter(action="transition", **target).order_by("pk")
    assert [(e.changes["transition"][1], e.changes["revision"]) for e in steps] == [
        ("answer", [1, 2]),
        ("escalate", [2, 3]),
    ]
    before = _unchanged(car)
    with pytest.raises(PermissionRefused):
        cars.car_accept(acting_user=world.user(PROVIDER_PM), car=car)
    assert _unchanged(car) == before
