"""The Play 3.1 board: activities' status, due dates, assignees and evidence."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction

from ..choices import ActivityStatus, AuditAction, in_words
from ..errors import DomainError
from ..limits import check_program_date
from ..models import PlayActivity, Program
from ..policy import require
from .audit import audit_record, audit_update, diff, snapshot

ACTIVITY_FIELDS = ["status", "due_date", "assignee"]


@transaction.atomic
def activity_update(*, acting_user: User, activity: PlayActivity, **values: Any) -> PlayActivity:
    """Change an activity's status, due date or assignee (a member of the same program)."""
    require(acting_user, "change", activity)
    before = snapshot(activity, ACTIVITY_FIELDS)
    for name, value in values.items():
        if name not in ACTIVITY_FIELDS:
            raise DomainError(f"{name} is not a field of a Play 3.1 activity.", field=name)
        setattr(activity, name, value)
    if before["due_date"] != snapshot(activity, ["due_date"])["due_date"]:
        check_program_date(
            activity.program, activity.due_date, field="due_date", what="The due date"
        )
    if activity.status not in ActivityStatus.values:
        raise DomainError(
            f"Choose a status: {in_words(ActivityStatus, lower=True)}.",
            field="status",
        )
    if activity.assignee is not None and activity.assignee.program_id != activity.program_id:
        raise DomainError("The assignee must be a member of this program.", field="assignee")
    activity.save()
    audit_update(
        acting_user=acting_user,
        program=activity.program,
        target=activity,
        before=before,
        fields=ACTIVITY_FIELDS,
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
    """Link an artifact to the activity it evidences (and move the activity's status).
    Called inside the artifact's own service transaction."""
    activity = PlayActivity.objects.select_for_update().get(program=program, key=key)
    before = snapshot(activity, ["status", "evidence_type", "evidence_id"])
    activity.evidence_type = ContentType.objects.get_for_model(type(evidence))
    activity.evidence_id = evidence.pk
    if status is not None:
        activity.status = status
    activity.save()
    changes = diff(before, snapshot(activity, ["status", "evidence_type", "evidence_id"]))
    if changes:
        audit_record(
            acting_user=acting_user,
            program=program,
            action=AuditAction.UPDATE,
            target=activity,
            changes=changes,
        )
    return activity
