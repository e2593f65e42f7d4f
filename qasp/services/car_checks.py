"""What corrective action requests check before they are written: the due dates the
settings give, and the records a request may be issued on."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.conf import settings

from programs import limits
from programs.errors import DomainError
from programs.federal_calendar import add_business_days
from programs.models import Program

from ..choices import OPEN_CAR_STATUSES
from ..models import CorrectiveActionRequest, SurveillanceRecord


def response_due_after(day: date) -> date:
    """The provider's answer is due QASP_CAR_RESPONSE_BUSINESS_DAYS business days after."""
    return add_business_days(day, settings.QASP_CAR_RESPONSE_BUSINESS_DAYS)


def evaluation_due_after(day: date) -> date:
    """The customer's evaluation is due QASP_CAR_EVALUATION_BUSINESS_DAYS business days after."""
    return add_business_days(day, settings.QASP_CAR_EVALUATION_BUSINESS_DAYS)


def check_response_due(program: Program, due: date, *, after: date) -> None:
    limits.check_program_date(program, due, field="response_due", what="The response due date")
    if due <= after:
        raise DomainError(
            f"The response is due after {after:%B %-d, %Y}, the day it is asked.",
            field="response_due",
        )


def issuable_records(
    program: Program, standard_code: str, record_ids: Iterable[int]
) -> list[SurveillanceRecord]:
    ids = sorted({int(i) for i in record_ids})
    if not ids:
        raise DomainError(
            "Name at least one unacceptable surveillance record the request is about.",
            field="records",
        )
    found = {r.pk: r for r in SurveillanceRecord.objects.filter(program=program, pk__in=ids)}
    missing = [i for i in ids if i not in found]
    if missing:
        raise DomainError(
            f"{program.name} has no surveillance record {missing[0]}.", field="records"
        )
    records = sorted(found.values(), key=lambda r: r.period)
    for record in records:
        if record.standard_code != standard_code:
            raise DomainError(
                f"The record {record} is of {record.standard_code}, not {standard_code}: a "
                "request is about one standard.",
                field="records",
            )
        if record.acceptable:
            raise DomainError(
                f"The record {record} is acceptable: a request is about records that miss the AQL.",
                field="records",
            )
    taken = (
        CorrectiveActionRequest.objects.filter(
            program=program, status__in=OPEN_CAR_STATUSES, records__in=records
        )
        .order_by("number")
        .first()
    )
    if taken is not None:
        raise DomainError(
            f"{taken.reference} is already open on a record named; answer that request "
            "instead, or withdraw it first.",
            field="records",
        )
    return records
