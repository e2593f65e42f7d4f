"""What the portal proposes when a surveillance record misses its AQL: a corrective action
request on the standard, with this record and the standard's other unacceptable records not
in an open request, a drafted description (observed against the AQL, per period), and the
escalation level (the lowest, or the one above an earlier request of the same standard in
the last 12 months). A read: nothing is written until the customer issues it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from programs import limits
from programs.federal_calendar import add_months

from .. import periods
from ..car_rules import escalation_keys, next_level
from ..choices import OPEN_CAR_STATUSES, CarStatus
from ..models import CorrectiveActionRequest, SurveillanceRecord
from ..standards import approved_standards
from .car_checks import response_due_after


@dataclass(frozen=True)
class Proposal:
    standard_code: str
    standard_text: str
    records: list[SurveillanceRecord]
    description: str
    escalation_level: str
    response_due: date
    #: The earlier request of the standard in the last 12 months the level steps up from.
    earlier: CorrectiveActionRequest | None


def _observed(record: SurveillanceRecord, frequency: str) -> str:
    label = periods.period_label(record.period, frequency)
    return f"{label}: observed {record.observed_value.normalize():f} {record.unit}".rstrip()


def proposed_car(record: SurveillanceRecord) -> Proposal | None:
    """The request the portal proposes for ``record``; None if it is acceptable."""
    if record.acceptable:
        return None
    program = record.program
    others = (
        SurveillanceRecord.objects.filter(
            program=program, standard_code=record.standard_code, acceptable=False
        )
        .exclude(pk=record.pk)
        .exclude(corrective_action_requests__status__in=OPEN_CAR_STATUSES)
    )
    records = sorted([record, *others], key=lambda r: r.period)
    standard = {s.code: s for s in approved_standards(program)}.get(record.standard_code)
    frequency = standard.frequency if standard else "monthly"
    observed = "; ".join(_observed(r, frequency) for r in records)
    aql = record.aql_text[0].lower() + record.aql_text[1:]
    description = (
        f"{record.standard_code} ({record.standard_text}) missed its acceptable quality level "
        f"({aql}): {observed}. Give the root cause, the corrective action and its target date."
    )
    today = limits.today()
    earlier = (
        CorrectiveActionRequest.objects.filter(
            program=program,
            standard_code=record.standard_code,
            issued_on__gte=add_months(today, -12),
        )
        .exclude(status=CarStatus.WITHDRAWN)
        .order_by("-issued_on", "-number")
        .first()
    )
    keys = escalation_keys()
    level = keys[0]
    if earlier is not None:
        level = next_level(earlier.escalation_level) or earlier.escalation_level
        if level not in keys:
            level = keys[0]
    return Proposal(
        standard_code=record.standard_code,
        standard_text=standard.standard if standard else record.standard_text,
        records=records,
        description=description,
        escalation_level=level,
        response_due=response_due_after(today),
        earlier=earlier,
    )


def open_car_of(record: SurveillanceRecord) -> CorrectiveActionRequest | None:
    """The open request ``record`` is part of, if any."""
    return (
        CorrectiveActionRequest.objects.filter(records=record, status__in=OPEN_CAR_STATUSES)
        .select_related("program")
        .first()
    )
