"""Writes of surveillance: recording an observation of a standard for a period, correcting
it, and the provider's rebuttal. Each takes ``acting_user=``, checks who may act first
(``qasp.rules``), validates with a message naming the field, writes and audits in one
transaction; a refusal changes nothing."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.utils import timezone

from programs import limits
from programs.choices import AuditAction, Party
from programs.errors import DomainError, PermissionRefused
from programs.federal_calendar import add_business_days
from programs.models import Membership, Program, person_name
from programs.services.audit import audit_record, audit_update, snapshot

from .. import periods
from ..models import SAMPLING_METHODS, SurveillanceRecord, observed_value, standard_of
from ..rules import (
    CORRECT_RULE,
    REBUT_RULE,
    RECORD_RULE,
    is_provider_commenter,
    may_correct,
    may_record,
)
from ..standards import Standard, approved_version, standards_of
from .cars import cars_close_by_record

#: What a record says that its recorder gives (and may correct before a rebuttal).
OBSERVATION_FIELDS = [
    "population",
    "sample_size",
    "defects",
    "measured_value",
    "evaluator",
    "recorded_on",
    "notes",
]
_AUDITED = [
    "standard_code",
    "period",
    *OBSERVATION_FIELDS,
    "observed_value",
    "acceptable",
    "rebuttal_due",
]


def rebuttal_due(recorded_on: date) -> date:
    return add_business_days(recorded_on, settings.QASP_REBUTTAL_BUSINESS_DAYS)


def standard_and_period(program: Program, code: str) -> tuple[Standard, tuple[date, date]]:
    """The standard ``code`` of the approved QASP and its agreed surveillance period."""
    version = approved_version(program)
    if version is None:
        raise DomainError(
            f"{program.name} has no approved QASP: surveillance follows its standards.",
            field="standard_code",
        )
    found = {s.code: s for s in standards_of(version.content)}
    if code not in found:
        raise DomainError(
            f"The approved QASP has no standard {code or '(none given)'}.", field="standard_code"
        )
    agreed = periods.agreed_period(version.content)
    if agreed is None:
        raise DomainError("The approved QASP states no surveillance period.", field="period")
    return found[code], agreed


def check_period(standard: Standard, agreed: tuple[date, date], period: date | None) -> None:
    """A period of ``standard`` that may be observed: the first day of its month or quarter,
    inside the ``agreed`` surveillance period, started by today."""
    if period is None:
        raise DomainError("Give the period surveilled.", field="period")
    frequency = standard.frequency
    if not periods.is_aligned(period, frequency):
        span = "quarter" if frequency == "quarterly" else "month"
        raise DomainError(
            f"{standard.code} is surveilled {frequency}: the period is the first day of a "
            f"{span} ({periods.period_start(period, frequency):%B %-d, %Y}).",
            field="period",
        )
    first, last = agreed
    end = periods.period_end(period, frequency) if frequency in periods.SCHEDULED else period
    if end < first or period > last:
        raise DomainError(
            f"The period is outside the QASP's agreed surveillance period "
            f"({first:%B %-d, %Y} to {last:%B %-d, %Y}).",
            field="period",
        )
    if period > limits.today():
        raise DomainError("A period is surveilled once it has started.", field="period")


def check_figures(standard_method: str, direction: str, values: dict[str, Any]) -> Decimal:
    """The observed value of ``values`` (population, sample_size, defects, measured_value)
    for a standard surveilled by ``standard_method`` against an AQL read ``direction``
    (at least, at most), after the checks every observation
    passes, a surveillance record or a metric the provider reports: counts not negative,
    for sampling a sample of at least 1 no larger than the population and defects no more
    than the sample, otherwise a measured value. Each refusal names its field."""
    for name, what in (
        ("population", "The population"),
        ("sample_size", "The sample size"),
        ("defects", "The defects found"),
    ):
        value = values.get(name)
        if value is not None and value < 0:
            raise DomainError(f"{what} is not negative.", field=name)
    population, sample, defects = (
        values.get("population"),
        values.get("sample_size"),
        values.get("defects"),
    )
    measured = values.get("measured_value")
    if standard_method in SAMPLING_METHODS:
        if not sample:
            raise DomainError("Give the sample size (at least 1).", field="sample_size")
        if defects is None:
            raise DomainError("Give the defects found in the sample.", field="defects")
        if population is not None and sample > population:
            raise DomainError(
                f"The sample ({sample}) is larger than the population ({population}).",
                field="sample_size",
            )
        if defects > sample:
            raise DomainError(
                f"The defects found ({defects}) are more than the sample ({sample}).",
                field="defects",
            )
    else:
        if measured is None:
            raise DomainError("Give the measured value.", field="measured_value")
        if measured < 0:
            raise DomainError("The measured value is not negative.", field="measured_value")
    observed = observed_value(
        standard_method, direction, defects=defects, sample_size=sample, measured=measured
    )
    assert observed is not None
    return observed


def _check_observation(
    program: Program, standard_method: str, direction: str, values: dict[str, Any]
) -> Decimal:
    observed = check_figures(standard_method, direction, values)
    evaluator: Membership | None = values.get("evaluator")
    if evaluator is None or evaluator.program_id != program.pk or evaluator.party != Party.CUSTOMER:
        raise DomainError(
            "The evaluator is a member of the customer (the COR or another).", field="evaluator"
        )
    limits.check_program_date(
        program,
        values.get("recorded_on"),
        field="recorded_on",
        what="The date recorded",
        past_only=True,
    )
    limits.check_text(
        values.get("notes") or "", field="notes", limit=limits.MAX_TEXT_LENGTH, what="The notes"
    )
    return observed


def record_create(
    *,
    acting_user: User,
    program: Program,
    standard_code: str,
    period: date,
    evaluator: Membership | None,
    recorded_on: date,
    population: int | None = None,
    sample_size: int | None = None,
    defects: int | None = None,
    measured_value: Decimal | None = None,
    notes: str = "",
) -> SurveillanceRecord:
    """Record the surveillance of ``standard_code`` of the approved QASP for ``period`` (the
    first day of its month or quarter, inside the agreed period): the customer's editors only;
    one record per standard and period. The standard's text, AQL and method are copied, the
    observed value and the verdict computed; the provider may rebut it until
    QASP_REBUTTAL_BUSINESS_DAYS business days after ``recorded_on``."""
    if not may_record(acting_user, program):
        raise PermissionRefused(RECORD_RULE)
    standard, agreed = standard_and_period(program, standard_code)
    check_period(standard, agreed, period)
    values: dict[str, Any] = {
        "population": population,
        "sample_size": sample_size,
        "defects": defects,
        "measured_value": measured_value,
        "evaluator": evaluator,
        "recorded_on": recorded_on,
        "notes": (notes or "").strip(),
    }
    observed = _check_observation(program, standard.method, standard.direction, values)
    if SurveillanceRecord.objects.filter(
        program=program, standard_code=standard.code, period=period
    ).exists():
        raise DomainError(
            f"{standard.code} already has a record for "
            f"{periods.period_label(period, standard.frequency)}.",
            field="period",
        )
    sampling = standard.method in SAMPLING_METHODS
    try:
        with transaction.atomic():
            record = SurveillanceRecord(
                program=program,
                standard_code=standard.code,
                standard_text=standard.standard,
                aql=standard.aql,
                direction=standard.direction,
                unit=standard.unit,
                period=period,
                method=standard.method,
                observed_value=observed,
                acceptable=standard.acceptable(observed),
                rebuttal_due=rebuttal_due(recorded_on),
                **(values | ({"measured_value": None} if sampling else {"defects": None})),
            )
            record.full_clean(validate_constraints=False)
            record.save()
            audit_record(
                acting_user=acting_user,
                program=program,
                action=AuditAction.CREATE,
                target=record,
                changes={k: [None, v] for k, v in snapshot(record, _AUDITED).items()},
            )
            # An acceptable record verifies the accepted corrective action requests of its
            # standard, however it is made (page, API, import, demo).
            cars_close_by_record(acting_user=acting_user, record=record)
    except IntegrityError as exc:  # a concurrent record of the same standard and period
        raise DomainError(
            f"{standard.code} already has a record for this period.", field="period"
        ) from exc
    return record


def record_update(
    *, acting_user: User, record: SurveillanceRecord, **values: Any
) -> SurveillanceRecord:
    """Correct what a record observed (its numbers, evaluator, date, notes): the customer's
    editors, until the provider rebuts it. The standard and period never change (record
    another period instead); the observed value, verdict and rebuttal due date follow."""
    unknown = set(values) - set(OBSERVATION_FIELDS)
    if unknown:
        raise TypeError(f"record_update takes no {sorted(unknown)}")
    with transaction.atomic():
        locked = (
            SurveillanceRecord.objects.select_for_update()
            .select_related("program")
            .get(pk=record.pk)
        )
        if not may_correct(acting_user, locked):
            raise PermissionRefused(CORRECT_RULE)
        merged = {name: values.get(name, getattr(locked, name)) for name in OBSERVATION_FIELDS}
        merged["notes"] = (merged["notes"] or "").strip()
        observed = _check_observation(locked.program, locked.method, locked.direction, merged)
        before = snapshot(locked, _AUDITED)
        for name, value in merged.items():
            setattr(locked, name, value)
        if locked.uses_sampling:
            locked.measured_value = None
        else:
            locked.defects = None
        locked.observed_value = observed
        locked.acceptable = standard_of(locked).acceptable(observed)
        locked.rebuttal_due = rebuttal_due(locked.recorded_on)
        locked.full_clean(validate_constraints=False)
        locked.save()
        audit_update(
            acting_user=acting_user,
            program=locked.program,
            target=locked,
            before=before,
            fields=_AUDITED,
        )
    return locked


def rebuttal_add(*, acting_user: User, record: SurveillanceRecord, text: str) -> SurveillanceRecord:
    """The provider's rebuttal of a record: its members who may comment, once, on or before
    the rebuttal due date. The record itself stays as the customer made it."""
    text = (text or "").strip()
    with transaction.atomic():
        locked = (
            SurveillanceRecord.objects.select_for_update()
            .select_related("program")
            .get(pk=record.pk)
        )
        if not is_provider_commenter(acting_user, locked.program):
            raise PermissionRefused(REBUT_RULE)
        if locked.rebuttal:
            raise DomainError("The provider has already rebutted this record.", field="rebuttal")
        if limits.today() > locked.rebuttal_due:
            raise DomainError(
                f"The rebuttal was due by {locked.rebuttal_due:%B %-d, %Y}.", field="rebuttal"
            )
        if not text:
            raise DomainError("Say why the provider rebuts the record.", field="rebuttal")
        limits.check_text(text, field="rebuttal", limit=limits.MAX_TEXT_LENGTH, what="The rebuttal")
        locked.rebuttal = text
        locked.rebutted_by = acting_user
        locked.rebutted_by_name = person_name(acting_user)
        locked.rebutted_at = timezone.now()
        locked.save(update_fields=["rebuttal", "rebutted_by", "rebutted_by_name", "rebutted_at"])
        audit_record(
            acting_user=acting_user,
            program=locked.program,
            action=AuditAction.UPDATE,
            target=locked,
            changes={"rebuttal": ["", text]},
        )
    return locked
