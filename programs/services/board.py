"""The Play 3.1 board: activities' status, due dates, assignees and evidence.

Where an activity has an artifact rule (``programs.board``), its status is the one its
evidence gives; setting another is an override that needs a reason and records who and when.
Blocked needs a reason on every activity.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.utils import timezone

from ..board import ArtifactRule, artifact_rule
from ..choices import ActivityStatus, AuditAction, in_words
from ..errors import DomainError, ErrorCode
from ..limits import MAX_TEXT_LENGTH, check_program_date, check_text
from ..models import PlayActivity, Program
from ..policy import require
from .audit import audit_record, audit_update, diff, snapshot

ACTIVITY_FIELDS = ["status", "due_date", "assignee"]
STATUS_FIELDS = ["status", "status_reason", "overridden_by", "overridden_at"]
AUDITED_FIELDS = [*ACTIVITY_FIELDS, *STATUS_FIELDS[1:]]


def _label(status: str) -> str:
    return str(ActivityStatus(status).label)


def _clear_override(activity: PlayActivity) -> None:
    activity.status_reason = ""
    activity.overridden_by = None
    activity.overridden_at = None


def _set_status(
    activity: PlayActivity, *, status: str, reason: str, rule: ArtifactRule | None, by: User
) -> None:
    """Set a status a person chose, with the reason they gave (checked here)."""
    check_text(reason, field="reason", limit=MAX_TEXT_LENGTH, what="A reason")
    derived = rule.derive(activity.program) if rule is not None else None
    if status == derived:
        activity.status = status
        _clear_override(activity)
        return
    if not reason and status == ActivityStatus.BLOCKED:
        raise DomainError(
            f"Say what blocks activity {activity.number}.",
            code=ErrorCode.REASON_REQUIRED,
            field="reason",
        )
    if not reason and rule is not None and derived is not None:
        raise DomainError(
            f"Say why activity {activity.number} is “{_label(status)}”: its status follows "
            f"{rule.evidence}, which gives “{_label(derived)}”.",
            code=ErrorCode.REASON_REQUIRED,
            field="reason",
        )
    activity.status = status
    activity.status_reason = reason
    if rule is not None:
        activity.overridden_by = by
        activity.overridden_at = timezone.now()


@transaction.atomic
def activity_update(
    *,
    acting_user: User,
    activity: PlayActivity,
    reason: str | None = None,
    clear_override: bool = False,
    **values: Any,
) -> PlayActivity:
    """Change an activity's status, due date or assignee (a member of the same program).

    A status other than the one the activity's artifact gives is an override and needs a
    ``reason``, as Blocked does; ``clear_override`` returns to the status the artifact gives.
    """
    require(acting_user, "change", activity)
    before = snapshot(activity, AUDITED_FIELDS)
    for name in values:
        if name not in ACTIVITY_FIELDS:
            raise DomainError(f"{name} is not a field of a Play 3.1 activity.", field=name)
    status = values.pop("status", None)
    for name, value in values.items():
        setattr(activity, name, value)
    if before["due_date"] != snapshot(activity, ["due_date"])["due_date"]:
        check_program_date(
            activity.program, activity.due_date, field="due_date", what="The due date"
        )
    if activity.assignee is not None and activity.assignee.program_id != activity.program_id:
        raise DomainError("The assignee must be a member of this program.", field="assignee")
    if status is not None and status not in ActivityStatus.values:
        raise DomainError(
            f"Choose a status: {in_words(ActivityStatus, lower=True)}.", field="status"
        )
    rule = artifact_rule(activity.key)
    reason = (reason or "").strip()
    if clear_override:
        if rule is None:
            raise DomainError(
                f"Activity {activity.number} is moved by hand: it has no status of its "
                "artifact to return to.",
                field="clear_override",
            )
        activity.status = rule.derive(activity.program)
        _clear_override(activity)
    elif status is not None and (status != activity.status or reason):
        _set_status(activity, status=status, reason=reason, rule=rule, by=acting_user)
    activity.save()
    audit_update(
        acting_user=acting_user,
        program=activity.program,
        target=activity,
        before=before,
        fields=AUDITED_FIELDS,
    )
    return activity


def activity_record_evidence(
    *,
    acting_user: User | None,
    program: Program,
    key: str,
    evidence: models.Model,
    status: str | None = None,
) -> PlayActivity:
    """Link an artifact to the activity it evidences and bring its status up to date.
    Called inside the artifact's own service transaction.

    An activity with an artifact rule takes the status the rule derives (``status`` is not
    used), unless a person overrode it; an override that the evidence has caught up with ends.
    An activity without a rule takes ``status`` when given."""
    activity = PlayActivity.objects.select_for_update().get(program=program, key=key)
    activity.program = program
    fields = ["evidence_type", "evidence_id", *STATUS_FIELDS]
    before = snapshot(activity, fields)
    activity.evidence_type = ContentType.objects.get_for_model(type(evidence))
    activity.evidence_id = evidence.pk
    _follow_evidence(activity, fallback=status)
    activity.save()
    _audit_system_change(acting_user, activity, before, fields)
    return activity


def activity_follow_evidence(*, acting_user: User | None, program: Program, key: str) -> None:
    """Bring the status of an activity with an artifact rule up to date after its evidence
    changed (an onboarding item ticked off, the program's phase moved on)."""
    if artifact_rule(key) is None:
        return
    activity = PlayActivity.objects.select_for_update().get(program=program, key=key)
    activity.program = program
    before = snapshot(activity, STATUS_FIELDS)
    _follow_evidence(activity, fallback=None)
    activity.save()
    _audit_system_change(acting_user, activity, before, STATUS_FIELDS)


def _follow_evidence(activity: PlayActivity, *, fallback: str | None) -> None:
    rule = artifact_rule(activity.key)
    if rule is None:
        if fallback is not None:
            activity.status = fallback
        return
    derived = rule.derive(activity.program)
    if not activity.is_overridden:
        activity.status = derived
    elif activity.status == derived:
        _clear_override(activity)


def _audit_system_change(
    acting_user: User | None, activity: PlayActivity, before: dict[str, Any], fields: list[str]
) -> None:
    changes = diff(before, snapshot(activity, fields))
    if changes:
        audit_record(
            acting_user=acting_user,
            program=activity.program,
            action=AuditAction.UPDATE,
            target=activity,
            changes=changes,
        )
