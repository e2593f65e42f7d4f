"""A built report's life: the narratives each party writes, each party's approval, the
customer's rating and the release that freezes it.

- Narratives: the customer's accomplishments are the customer's Program Manager's or PMO
  Lead's to write, the provider's the provider's; the next period and the decisions needed
  either party's. A change withdraws the approvals given (they approved other words).
- Approval: a Program Manager or PMO Lead approves for their party, once; with both parties'
  approvals the report is reviewed.
- Rating: the customer's Program Manager confirms the proposed rating or overrides it, and an
  override needs a comment saying why.
- Release: with both approvals and the customer's rating, a Program Manager or PMO Lead of
  either party releases it; the SHA-256 of what was released (snapshot, narratives, rating)
  is recorded and nothing changes after.

Each takes ``acting_user=``, checks the rule first, refuses with the rule named and nothing
changed, and writes and audits in one transaction.
"""

from __future__ import annotations

import hashlib
import json
from functools import partial
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from programs import limits
from programs.choices import AuditAction, Party
from programs.errors import DomainError, ErrorCode, PermissionRefused
from programs.models import Job
from programs.services.audit import audit_record

from ..choices import StatusReportStatus
from ..models import StatusReport
from ..rules import BUILDERS, RATERS, manager_party, may_build, may_rate
from . import builds

#: Each narrative and the party that writes it (None: either party).
NARRATIVES: dict[str, str | None] = {
    "accomplishments_customer": Party.CUSTOMER,
    "accomplishments_provider": Party.PROVIDER,
    "next_period": None,
    "decisions_needed": None,
}
NARRATIVE_LABELS = {
    "accomplishments_customer": "the customer's accomplishments",
    "accomplishments_provider": "the provider's accomplishments",
    "next_period": "what is planned for the next period",
    "decisions_needed": "the decisions needed",
}
NARRATIVE_LIMIT = 5000
COMMENT_LIMIT = 2000
WRITERS = (
    "Only the Program Managers and PMO Leads of the customer and the provider write a report's "
    "narratives and approve it."
)


def _locked(report: StatusReport) -> StatusReport:
    locked = StatusReport.objects.select_for_update().get(pk=report.pk)
    locked.program = report.program
    return locked


def _refuse_released(report: StatusReport) -> None:
    if report.status == StatusReportStatus.RELEASED:
        raise DomainError(
            f"The report of {report.period_label} is released and never changes; a correction "
            "is a new revision.",
            code=ErrorCode.VERSION_LOCKED,
            field="status",
        )


def _approvals(report: StatusReport) -> dict[str, bool]:
    return {
        Party.CUSTOMER: report.customer_approved_by_id is not None,
        Party.PROVIDER: report.provider_approved_by_id is not None,
    }


def _withdraw_approvals(report: StatusReport) -> bool:
    withdrawn = any(_approvals(report).values())
    for party in (Party.CUSTOMER, Party.PROVIDER):
        setattr(report, f"{party}_approved_by", None)
        setattr(report, f"{party}_approved_at", None)
    report.status = StatusReportStatus.DRAFT
    return withdrawn


@transaction.atomic
def report_narratives_update(
    *, acting_user: User, report: StatusReport, values: dict[str, str]
) -> StatusReport:
    """Set the narratives in ``values`` (those the person's party writes)."""
    party = manager_party(acting_user, report.program)
    if party is None:
        raise PermissionRefused(WRITERS)
    report = _locked(report)
    _refuse_released(report)
    changes: dict[str, list[Any]] = {}
    for name, raw in values.items():
        if name not in NARRATIVES:
            raise TypeError(f"A status report has no narrative {name!r}.")
        value = raw.strip()
        if value == getattr(report, name):
            continue
        owner = NARRATIVES[name]
        label = NARRATIVE_LABELS[name]
        if owner is not None and owner != party:
            raise PermissionRefused(
                f"Only the {owner}'s Program Manager or PMO Lead writes {label}.", field=name
            )
        limits.check_text(value, field=name, limit=NARRATIVE_LIMIT, what=label.capitalize())
        changes[name] = [getattr(report, name), value]
    if not changes:
        return report
    for name, (_, value) in changes.items():
        setattr(report, name, value)
    if _withdraw_approvals(report):
        changes["approvals"] = ["given", "withdrawn: the narratives changed"]
    report.save()
    audit_record(
        acting_user=acting_user,
        program=report.program,
        action=AuditAction.UPDATE,
        target=report,
        changes=changes,
    )
    return report


@transaction.atomic
def report_approve(*, acting_user: User, report: StatusReport) -> StatusReport:
    """Approve the report for the person's party; with both parties it is reviewed."""
    party = manager_party(acting_user, report.program)
    if party is None:
        raise PermissionRefused(WRITERS)
    report = _locked(report)
    _refuse_released(report)
    if _approvals(report)[party]:
        raise DomainError(
            f"The {party} has already approved the report of {report.period_label}.",
            code=ErrorCode.PARTY_ALREADY_SIGNED,
            field="approvals",
        )
    setattr(report, f"{party}_approved_by", acting_user)
    setattr(report, f"{party}_approved_at", timezone.now())
    before = report.status
    if all(_approvals(report).values()):
        report.status = StatusReportStatus.REVIEWED
    report.save()
    audit_record(
        acting_user=acting_user,
        program=report.program,
        action=AuditAction.APPROVE,
        target=report,
        changes={"approved for": [None, party], "status": [before, report.status]},
    )
    return report


@transaction.atomic
def report_rate(
    *, acting_user: User, report: StatusReport, rating: int, comment: str = ""
) -> StatusReport:
    """The customer's rating: the proposed one confirmed, or another with a comment."""
    if not may_rate(acting_user, report.program):
        raise PermissionRefused(RATERS)
    report = _locked(report)
    _refuse_released(report)
    if rating not in range(1, 6):
        raise DomainError("A CIO rating is from 1 (high risk) to 5 (low risk).", field="rating")
    comment = comment.strip()
    if rating != report.proposed_rating and not comment:
        raise DomainError(
            f"Overriding the proposed rating ({report.proposed_rating or 'none'}) with "
            f"{rating} needs a comment saying why.",
            field="comment",
        )
    limits.check_text(comment, field="comment", limit=COMMENT_LIMIT, what="The comment")
    before = [report.confirmed_rating, report.rating_comment]
    report.confirmed_rating = rating
    report.rating_comment = comment
    report.rating_confirmed_by = acting_user
    report.rating_confirmed_at = timezone.now()
    report.save()
    audit_record(
        acting_user=acting_user,
        program=report.program,
        action=AuditAction.UPDATE,
        target=report,
        changes={"confirmed_rating": [before[0], rating], "rating_comment": [before[1], comment]},
    )
    return report


def released_content(report: StatusReport) -> bytes:
    """What a release freezes, as canonical JSON: the snapshot, the narratives, the rating."""
    content = {
        "snapshot": report.snapshot,
        "narratives": {name: getattr(report, name) for name in NARRATIVES},
        "rating": {"value": report.confirmed_rating, "comment": report.rating_comment},
    }
    return json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def _queue_release_email(report_id: int) -> None:
    from ..tasks import send_released_report  # the task module imports the services

    send_released_report.delay(report_id)


@transaction.atomic
def report_release(*, acting_user: User, report: StatusReport) -> StatusReport:
    """Release the reviewed report: frozen, its SHA-256 recorded."""
    if not may_build(acting_user, report.program):
        raise PermissionRefused(BUILDERS.replace("build", "release"))
    report = _locked(report)
    _refuse_released(report)
    missing = [party for party, given in _approvals(report).items() if not given]
    if missing:
        raise DomainError(
            "A report is released once the customer and the provider have both approved it; "
            f"the {' and the '.join(missing)} has not.",
            field="approvals",
        )
    if report.confirmed_rating is None:
        raise DomainError(
            "The customer's Program Manager confirms or overrides the proposed rating before "
            "the report is released.",
            field="rating",
        )
    report.status = StatusReportStatus.RELEASED
    report.released_at = timezone.now()
    report.released_by = acting_user
    report.sha256 = hashlib.sha256(released_content(report)).hexdigest()
    report.save()
    audit_record(
        acting_user=acting_user,
        program=report.program,
        action=AuditAction.TRANSITION,
        target=report,
        changes={
            "status": [StatusReportStatus.REVIEWED, StatusReportStatus.RELEASED],
            "sha256": [None, report.sha256],
        },
    )
    transaction.on_commit(partial(_queue_release_email, report.pk))
    return report


CORRECTION_LIMIT = 2000


def report_correct(
    *, acting_user: User, report: StatusReport, reason: str, request_key: str = ""
) -> tuple[StatusReport, Job]:
    """Correct the released report: a new revision of its period, a draft carrying the
    released narratives and the reason, then rebuilt from today's figures by the build job
    (the period's latest revision is now that draft, so the build updates it). The released
    revision is never touched. The new revision and the job to follow."""
    if not may_build(acting_user, report.program):
        raise PermissionRefused(BUILDERS.replace("build", "correct"))
    reason = reason.strip()
    with transaction.atomic():
        released = _locked(report)
        if released.status != StatusReportStatus.RELEASED:
            raise DomainError(
                f"Only a released report is corrected; the report of {released.period_label} "
                f"is {released.get_status_display().lower()}: change it directly.",
                field="status",
            )
        latest = (
            StatusReport.objects.select_for_update()
            .filter(program=released.program, period_start=released.period_start)
            .order_by("-revision")
            .first()
        )
        if latest is not None and latest.pk != released.pk:
            raise DomainError(
                f"Revision {released.revision} of {released.period_label} is superseded by "
                f"revision {latest.revision}; correct the latest revision.",
                field="revision",
            )
        if not reason:
            raise DomainError(
                "A correction needs a reason saying what it corrects.", field="reason"
            )
        limits.check_text(reason, field="reason", limit=CORRECTION_LIMIT, what="The reason")
        correction = StatusReport.objects.create(
            program=released.program,
            period_start=released.period_start,
            period_end=released.period_end,
            revision=released.revision + 1,
            due_on=released.due_on,
            schema_version=released.schema_version,
            snapshot=released.snapshot,
            built_at=timezone.now(),
            built_by=acting_user,
            proposed_rating=released.proposed_rating,
            rating_reasons=released.rating_reasons,
            correction_reason=reason,
            **{name: getattr(released, name) for name in NARRATIVES},
        )
        audit_record(
            acting_user=acting_user,
            program=released.program,
            action=AuditAction.CREATE,
            target=correction,
            changes={
                "revision": [released.revision, correction.revision],
                "correction_reason": [None, reason],
            },
        )
        job = builds.report_build_start(
            acting_user=acting_user,
            program=released.program,
            period_start=released.period_start,
            request_key=request_key,
        )
    return correction, job
