"""Writes of corrective action requests (CARs): issuing one on the unacceptable surveillance
records of a standard, the provider's answer, the customer's evaluation (accept, or return
with the reason), withdrawing, escalating, and closing by a later acceptable record.

Each takes ``acting_user=``, checks the rule first (``qasp.car_rules``), validates with a
message naming the field, writes, records a history row and an audit event in one
transaction; a refusal changes nothing. What the portal proposes for an unacceptable record
is ``qasp.services.car_proposals`` (``proposed_car``, importable from here too)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from programs import limits
from programs.choices import AuditAction
from programs.errors import DomainError, PermissionRefused
from programs.models import Program, person_name
from programs.policy import membership_of
from programs.registers import allocate_number, transition_apply
from programs.services.audit import audit_record

from ..car_rules import ISSUE_RULE, WORKFLOW, escalation_keys, may_issue, next_level
from ..choices import CarStatus
from ..models import CarHistory, CorrectiveActionRequest, SurveillanceRecord
from ..models.cars import escalation_label
from ..standards import approved_standards
from .car_checks import (
    check_response_due,
    evaluation_due_after,
    issuable_records,
    response_due_after,
)
from .car_proposals import Proposal as Proposal
from .car_proposals import proposed_car as proposed_car

_TEXT = limits.MAX_TEXT_LENGTH


def _history(
    car: CorrectiveActionRequest, user: User, action: str, before: str, details: dict[str, Any]
) -> CarHistory:
    membership = membership_of(user, car.program)
    return CarHistory.objects.create(
        item=car,
        action=action,
        from_status=before,
        to_status=car.status,
        actor=user,
        actor_name=person_name(user),
        actor_party=membership.party if membership else "",
        actor_role=membership.role if membership else "",
        details=details,
        at=timezone.now(),
    )


def car_issue(
    *,
    acting_user: User,
    program: Program,
    standard_code: str,
    record_ids: Iterable[int],
    escalation_level: str,
    description: str,
    response_due: date | None = None,
) -> CorrectiveActionRequest:
    """Issue a CAR on ``record_ids``: unacceptable records of ``standard_code`` of this
    program, none already in an open request. The customer's editors only. Numbered CAR-001,
    CAR-002... per program; the answer is due ``response_due`` (by default
    QASP_CAR_RESPONSE_BUSINESS_DAYS business days after today)."""
    if not may_issue(acting_user, program):
        raise PermissionRefused(ISSUE_RULE)
    standard_code = (standard_code or "").strip()
    if not standard_code:
        raise DomainError("Name the performance standard breached.", field="standard_code")
    records = issuable_records(program, standard_code, record_ids)
    if escalation_level not in escalation_keys():
        levels = ", ".join(label.lower() for _, label in settings.QASP_ESCALATION_LEVELS)
        raise DomainError(f"The escalation level is one of: {levels}.", field="escalation_level")
    description = (description or "").strip()
    if not description:
        raise DomainError(
            "Describe what was found and what is asked of the provider.", field="description"
        )
    limits.check_text(description, field="description", limit=_TEXT, what="The description")
    today = limits.today()
    due = response_due or response_due_after(today)
    check_response_due(program, due, after=today)
    standards = {s.code: s for s in approved_standards(program)}
    standard = standards.get(standard_code)
    with transaction.atomic():
        car = CorrectiveActionRequest(
            program=program,
            number=allocate_number(program, CorrectiveActionRequest.register_key),
            status=CarStatus.ISSUED,
            standard_code=standard_code,
            standard_text=standard.standard if standard else records[-1].standard_text,
            escalation_level=escalation_level,
            issued_on=today,
            issued_by=acting_user,
            description=description,
            response_due=due,
        )
        car.full_clean()
        car.save()
        car.records.set(records)
        _history(car, acting_user, "issue", "", {"records": [str(r) for r in records]})
        audit_record(
            acting_user=acting_user,
            program=program,
            action=AuditAction.CREATE,
            target=car,
            changes={
                "standard_code": [None, standard_code],
                "records": [None, [str(r) for r in records]],
                "escalation_level": [None, escalation_level],
                "description": [None, description],
                "response_due": [None, due.isoformat()],
            },
        )
    return car


def _apply(
    acting_user: User,
    car: CorrectiveActionRequest,
    name: str,
    *,
    reason: str = "",
    changes: dict[str, Any] | None = None,
    validate: Any = None,
    details: dict[str, Any] | None = None,
) -> CarHistory:
    limits.check_text(reason, field="reason", limit=_TEXT, what="The reason")
    history = transition_apply(
        acting_user=acting_user,
        item=car,
        workflow=WORKFLOW,
        name=name,
        history_model=CarHistory,
        reason=reason,
        changes=changes,
        validate=validate,
        details=details,
    )
    assert isinstance(history, CarHistory)
    return history


def car_answer(
    *,
    acting_user: User,
    car: CorrectiveActionRequest,
    root_cause: str,
    corrective_action: str,
    target_date: date | None,
) -> CarHistory:
    """The provider's answer: the root cause, the corrective action and its target date (not
    before the day of the answer). The customer's evaluation is then due
    QASP_CAR_EVALUATION_BUSINESS_DAYS business days later."""
    root_cause, corrective_action = (root_cause or "").strip(), (corrective_action or "").strip()
    today = limits.today()

    def validate(locked: CorrectiveActionRequest) -> None:
        if not root_cause:
            raise DomainError("State the root cause of the breach.", field="root_cause")
        limits.check_text(root_cause, field="root_cause", limit=_TEXT, what="The root cause")
        if not corrective_action:
            raise DomainError(
                "State the corrective action the provider takes.", field="corrective_action"
            )
        limits.check_text(
            corrective_action,
            field="corrective_action",
            limit=_TEXT,
            what="The corrective action",
        )
        if target_date is None:
            raise DomainError("Give the corrective action's target date.", field="target_date")
        limits.check_program_date(
            locked.program, target_date, field="target_date", what="The target date"
        )
        if target_date < today:
            raise DomainError(
                f"The target date is on or after the day of the answer ({today:%B %-d, %Y}).",
                field="target_date",
            )

    return _apply(
        acting_user,
        car,
        "answer",
        changes={
            "root_cause": root_cause,
            "corrective_action": corrective_action,
            "target_date": target_date,
            "answered_on": today,
            "evaluation_due": evaluation_due_after(today),
        },
        validate=validate,
    )


def car_accept(*, acting_user: User, car: CorrectiveActionRequest, note: str = "") -> CarHistory:
    """The customer accepts the answer: the request waits for a later acceptable record of
    its standard to verify the corrective action."""
    return _apply(
        acting_user, car, "accept", reason=note or "", changes={"evaluated_on": limits.today()}
    )


def car_return(
    *,
    acting_user: User,
    car: CorrectiveActionRequest,
    reason: str,
    response_due: date | None = None,
) -> CarHistory:
    """The customer returns the answer to the provider with the reason: a new answer is due
    ``response_due`` (by default QASP_CAR_RESPONSE_BUSINESS_DAYS business days after today)."""
    today = limits.today()
    due = response_due or response_due_after(today)

    def validate(locked: CorrectiveActionRequest) -> None:
        check_response_due(locked.program, due, after=today)

    return _apply(
        acting_user,
        car,
        "return",
        reason=reason,
        changes={"evaluated_on": today, "response_due": due, "evaluation_due": None},
        validate=validate,
        details={"response_due": due.isoformat()},
    )


def car_withdraw(*, acting_user: User, car: CorrectiveActionRequest, reason: str) -> CarHistory:
    """The customer withdraws an open request, with the reason (a record corrected, a
    request issued in error)."""
    return _apply(acting_user, car, "withdraw", reason=reason)


def car_escalate(*, acting_user: User, car: CorrectiveActionRequest, reason: str) -> CarHistory:
    """The customer escalates an open request to the next level of QASP_ESCALATION_LEVELS,
    with the reason; recorded in the history, the status kept."""
    # The next level is read off the locked row: ``validate`` fills these in before
    # ``transition_apply`` writes them.
    changes: dict[str, Any] = {}
    details: dict[str, Any] = {}

    def validate(locked: CorrectiveActionRequest) -> None:
        level = next_level(locked.escalation_level)
        if level is None:
            raise DomainError(
                f"{locked.reference} is at the highest escalation level "
                f"({escalation_label(locked.escalation_level).lower()}).",
                field="escalation_level",
            )
        changes["escalation_level"] = level
        details.update({"from_level": locked.escalation_level, "to_level": level})

    return _apply(
        acting_user,
        car,
        "escalate",
        reason=reason,
        changes=changes,
        validate=validate,
        details=details,
    )


def latest_period(car: CorrectiveActionRequest) -> date | None:
    """The period of the latest record the request is about."""
    return car.records.aggregate(latest=Max("period"))["latest"]


def car_close_verified(
    *, acting_user: User, car: CorrectiveActionRequest, record: SurveillanceRecord
) -> CarHistory:
    """Close an accepted request: ``record`` is an acceptable surveillance record of its
    standard for a period later than its latest record, and verifies the corrective action."""

    def validate(locked: CorrectiveActionRequest) -> None:
        latest = latest_period(locked)
        if (
            record.program_id != locked.program_id
            or record.standard_code != locked.standard_code
            or not record.acceptable
            or (latest is not None and record.period <= latest)
        ):
            after = f" after {latest:%B %Y}" if latest else ""
            raise DomainError(
                f"{locked.reference} closes on an acceptable record of {locked.standard_code} "
                f"for a period{after}.",
                field="verifying_record",
            )

    return _apply(
        acting_user,
        car,
        "close",
        changes={"verifying_record": record, "closed_on": limits.today()},
        validate=validate,
        details={"verifying_record": str(record)},
    )


def cars_close_by_record(*, acting_user: User, record: SurveillanceRecord) -> list[CarHistory]:
    """Called as ``record`` is created, in its transaction: an acceptable record closes each
    accepted request of its standard whose latest record is of an earlier period."""
    if not record.acceptable:
        return []
    accepted = (
        CorrectiveActionRequest.objects.filter(
            program_id=record.program_id,
            standard_code=record.standard_code,
            status=CarStatus.ACCEPTED,
        )
        .annotate(latest=Max("records__period"))
        .filter(latest__lt=record.period)
        .select_related("program")
    )
    return [car_close_verified(acting_user=acting_user, car=car, record=record) for car in accepted]
