"""Writes of the service metrics the provider reports: submitting one standard's values for a
period, or many at once (all or nothing, every problem located by its row), withdrawing a
submission awaiting validation, and the customer's validation into a surveillance record or
rejection with a reason. Each takes ``acting_user=``, checks who may act first
(``qasp.metric_rules``), validates with a message naming the field, writes and audits in
one transaction; a refusal changes nothing.

A submission is checked as a surveillance record is (``surveillance.check_period`` and
``check_figures``): a standard of the approved QASP, a period aligned to its frequency inside
the agreed period and started, the figures its method needs. One submission per standard
and period is open (awaiting validation or validated), and none once the customer has
recorded that period itself."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.utils import timezone

from programs import limits
from programs.choices import AuditAction
from programs.errors import DomainError, PermissionRefused
from programs.models import Membership, Program, person_name
from programs.services.audit import audit_record, snapshot
from programs.uploads import check_size

from ..choices import MetricStatus
from ..imports.metrics_sheet import read_file
from ..metric_rules import REVIEW_RULE, SUBMIT_RULE, WITHDRAW_RULE, awaiting, may_submit
from ..models import MetricSubmission, SurveillanceRecord
from ..rules import may_record
from .metric_checks import AUDITED, MetricPlan, MetricRow, RowProblem, check_rows, rows_refused
from .surveillance import record_create

#: The size limit of a metrics file (``settings.UPLOAD_LIMITS``).
UPLOAD_KIND = "metrics"


def _create(
    acting_user: User, program: Program, cleaned: dict[str, Any], file_name: str
) -> MetricSubmission:
    submission = MetricSubmission(
        program=program,
        status=MetricStatus.SUBMITTED,
        submitted_by=acting_user,
        submitted_by_name=person_name(acting_user),
        submitted_at=timezone.now(),
        file_name=file_name[:255],
        **cleaned,
    )
    submission.full_clean(validate_constraints=False)
    submission.save()
    audit_record(
        acting_user=acting_user,
        program=program,
        action=AuditAction.CREATE,
        target=submission,
        changes={k: [None, v] for k, v in snapshot(submission, AUDITED).items()},
    )
    return submission


def _taken(exc: IntegrityError) -> DomainError:
    return DomainError(
        "Another submission of this standard and period was made at the same time.",
        field="period",
    )


def metric_submit(
    *,
    acting_user: User,
    program: Program,
    standard_code: str,
    period: date | None,
    population: int | None = None,
    sample_size: int | None = None,
    defects: int | None = None,
    measured_value: Decimal | None = None,
    source: str = "",
    notes: str = "",
) -> MetricSubmission:
    """The provider's values of ``standard_code`` for ``period``, awaiting the customer's
    validation: the provider's editors only."""
    if not may_submit(acting_user, program):
        raise PermissionRefused(SUBMIT_RULE)
    _, cleaned = MetricPlan(program).check(
        {
            "standard_code": standard_code,
            "period": period,
            "population": population,
            "sample_size": sample_size,
            "defects": defects,
            "measured_value": measured_value,
            "source": source,
            "notes": notes,
        }
    )
    try:
        with transaction.atomic():
            return _create(acting_user, program, cleaned, "")
    except IntegrityError as exc:
        raise _taken(exc) from exc


def metric_submit_many(
    *,
    acting_user: User,
    program: Program,
    rows: list[MetricRow],
    file_name: str = "",
    problems: list[RowProblem] | None = None,
    what: str = "The metrics",
) -> list[MetricSubmission]:
    """Submit every row, all or nothing: the provider's editors only. Any problem (those
    found reading a file, ``problems``, and the rows' own) refuses them all, each listed
    with its row and column."""
    if not may_submit(acting_user, program):
        raise PermissionRefused(SUBMIT_RULE)
    cleaned_rows, found = check_rows(program, rows)
    every = sorted([*(problems or []), *found], key=lambda p: p.row)
    if every:
        raise rows_refused(every, what=what)
    if not cleaned_rows:
        raise DomainError(f"{what} have no row of values.", field="file")
    try:
        with transaction.atomic():
            return [_create(acting_user, program, c, file_name) for c in cleaned_rows]
    except IntegrityError as exc:
        raise _taken(exc) from exc


def metric_import(
    *, acting_user: User, program: Program, data: bytes, filename: str
) -> list[MetricSubmission]:
    """Submit the rows of an uploaded Excel or CSV file (``imports.metrics_sheet`` reads
    it), all or nothing: what cannot be read and what the plan refuses are reported
    together, each with its row and column."""
    if not may_submit(acting_user, program):
        raise PermissionRefused(SUBMIT_RULE)
    check_size(kind=UPLOAD_KIND, size=len(data))
    rows, problems = read_file(data, filename)
    return metric_submit_many(
        acting_user=acting_user,
        program=program,
        rows=rows,
        problems=problems,
        file_name=filename,
        what=f"The metrics of “{filename[:80]}”",
    )


def _locked(submission: MetricSubmission) -> MetricSubmission:
    return (
        MetricSubmission.objects.select_for_update().select_related("program").get(pk=submission.pk)
    )


def metric_withdraw(*, acting_user: User, submission: MetricSubmission) -> None:
    """Take back a submission awaiting validation: the provider's editors. It is removed
    (the audit keeps what it said), so the period may be submitted again."""
    with transaction.atomic():
        locked = _locked(submission)
        if not may_submit(acting_user, locked.program):
            raise PermissionRefused(WITHDRAW_RULE)
        if not awaiting(locked):
            raise DomainError(
                f"The submission is {locked.get_status_display().lower()}: only one awaiting "
                "validation is withdrawn.",
                field="status",
            )
        audit_record(
            acting_user=acting_user,
            program=locked.program,
            action=AuditAction.DELETE,
            target=locked,
            changes={k: [v, None] for k, v in snapshot(locked, AUDITED).items()},
        )
        locked.delete()


def _check_awaiting(acting_user: User, locked: MetricSubmission) -> None:
    if not may_record(acting_user, locked.program):
        raise PermissionRefused(REVIEW_RULE)
    if not awaiting(locked):
        raise DomainError(
            f"The submission is already {locked.get_status_display().lower()}.", field="status"
        )


def validation_notes(submission: MetricSubmission, notes: str) -> str:
    """The record's notes: the provider's submission they come from, and its source."""
    parts = [
        f"Validated from the provider's submission by {submission.submitted_by_name} on "
        f"{timezone.localtime(submission.submitted_at):%B %-d, %Y}"
        + (f" (file {submission.file_name})" if submission.file_name else "")
        + f". Source: {submission.source or 'not stated'}."
    ]
    if submission.notes:
        parts.append(f"Provider's notes: {submission.notes}")
    if notes.strip():
        parts.append(notes.strip())
    return "\n\n".join(parts)


def metric_validate(
    *,
    acting_user: User,
    submission: MetricSubmission,
    evaluator: Membership | None,
    recorded_on: date | None,
    notes: str = "",
) -> SurveillanceRecord:
    """The customer's editors accept the provider's values: the surveillance record of its
    standard and period is made from them (``record_create``: the verdict is computed there,
    the evaluator and date are the customer's), and the submission is validated into it."""
    with transaction.atomic():
        locked = _locked(submission)
        _check_awaiting(acting_user, locked)
        record = record_create(
            acting_user=acting_user,
            program=locked.program,
            standard_code=locked.standard_code,
            period=locked.period,
            evaluator=evaluator,
            recorded_on=recorded_on,  # type: ignore[arg-type]  # record_create refuses None
            population=locked.population,
            sample_size=locked.sample_size,
            defects=locked.defects,
            measured_value=locked.measured_value,
            notes=validation_notes(locked, notes),
        )
        _reviewed(acting_user, locked, MetricStatus.VALIDATED, record=record)
    return record


def metric_reject(
    *, acting_user: User, submission: MetricSubmission, reason: str
) -> MetricSubmission:
    """The customer's editors refuse the provider's values, saying why; the provider may
    submit the period again."""
    reason = (reason or "").strip()
    with transaction.atomic():
        locked = _locked(submission)
        _check_awaiting(acting_user, locked)
        if not reason:
            raise DomainError("Say why the submission is rejected.", field="reason")
        limits.check_text(reason, field="reason", limit=limits.MAX_TEXT_LENGTH, what="The reason")
        _reviewed(acting_user, locked, MetricStatus.REJECTED, reason=reason)
    return locked


def _reviewed(
    acting_user: User,
    locked: MetricSubmission,
    status: str,
    *,
    record: SurveillanceRecord | None = None,
    reason: str = "",
) -> None:
    before = {"status": locked.status, "record": None, "rejection_reason": ""}
    locked.status = status
    locked.record = record
    locked.rejection_reason = reason
    locked.reviewed_by = acting_user
    locked.reviewed_by_name = person_name(acting_user)
    locked.reviewed_at = timezone.now()
    locked.save(
        update_fields=[
            "status",
            "record",
            "rejection_reason",
            "reviewed_by",
            "reviewed_by_name",
            "reviewed_at",
        ]
    )
    after = {"status": status, "record": record.pk if record else None, "rejection_reason": reason}
    audit_record(
        acting_user=acting_user,
        program=locked.program,
        action=AuditAction.UPDATE,
        target=locked,
        changes={k: [before[k], after[k]] for k in after if before[k] != after[k]},
    )
