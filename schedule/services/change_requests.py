"""Schedule change control (Play 3.1, activity 9): a change request is proposed with its impact
computed, decided by a program manager of each party, and, once both approve, applied to the
schedule in one transaction (optionally proposing a new baseline for agreement)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from programs.choices import ActivityStatus, AuditAction, Party
from programs.errors import DomainError, ErrorCode
from programs.limits import program_date_error
from programs.policy import membership_of, require
from programs.services.audit import audit_record
from programs.services.board import activity_record_evidence
from schedule.changes import ChangeError, assess_impact
from schedule.choices import CHANGE_APPROVING_ROLES, ChangeRequestStatus, Decision
from schedule.clock import from_engine
from schedule.interchange.data import ScheduleData
from schedule.limits import MAX_TEXT_LENGTH, MAX_TITLE_LENGTH, check_text
from schedule.models import (
    Assignment,
    ChangeRequest,
    ChangeRequestDecision,
    Dependency,
    Resource,
    Schedule,
    Task,
)

from .baselines import baseline_create, baseline_propose
from .compute import load_tasks, recompute, schedule_data
from .schedules import task_limit
from .tasks import refresh_outline

DECIDING_PARTIES = (Party.CUSTOMER, Party.PROVIDER)


def change_request_impact(
    schedule: Schedule, changes: list[dict[str, Any]]
) -> tuple[ScheduleData, dict[str, Any]]:
    """The schedule with ``changes`` applied and their impact, as a proposal stores it."""
    data = schedule_data(schedule)
    program = schedule.program

    def date_check(value: date | datetime, what: str) -> str | None:
        return program_date_error(program, value, what=what)

    try:
        changed, impact = assess_impact(data, changes, date_check=date_check)
    except ChangeError as error:
        raise DomainError(
            " ".join(error.problems),
            code=ErrorCode.SCHEDULE_INVALID,
            field="changes",
            extra={"problems": [{"message": p} for p in error.problems]},
        ) from error
    names = {r.task.uid: r.task.name for r in (*data.records, *changed.records)}
    return changed, impact.as_json(names)


@transaction.atomic
def change_request_propose(
    *,
    acting_user: User,
    schedule: Schedule,
    title: str,
    description: str,
    justification: str,
    changes: list[dict[str, Any]],
    rebaseline: bool = False,
) -> ChangeRequest:
    """Propose a change; its impact on the finish date and the critical path is computed now,
    against the schedule as it stands, and again when the change is applied."""
    schedule = Schedule.objects.select_for_update().select_related("program").get(pk=schedule.pk)
    require(acting_user, "change", schedule)
    membership = membership_of(acting_user, schedule.program)
    for field, value, label in (
        ("title", title, "Give the change request a title."),
        ("description", description, "Say what changes."),
        ("justification", justification, "Say why the schedule must change."),
    ):
        if not value.strip():
            raise DomainError(label, field=field)
        check_text(
            value.strip(),
            field=field,
            limit=MAX_TITLE_LENGTH if field == "title" else MAX_TEXT_LENGTH,
            what=f"The {field}",
        )
    _, impact = change_request_impact(schedule, changes)
    number = (schedule.change_requests.aggregate(m=Max("number"))["m"] or 0) + 1
    change_request = ChangeRequest.objects.create(
        schedule=schedule,
        number=number,
        title=title.strip(),
        description=description.strip(),
        justification=justification.strip(),
        changes=changes,
        impact=impact,
        impact_revision=schedule.revision,
        rebaseline=rebaseline,
        requested_by=acting_user,
        party=membership.party if membership else "",
    )
    audit_record(
        acting_user=acting_user,
        program=schedule.program,
        action=AuditAction.CREATE,
        target=change_request,
        changes={
            "title": [None, change_request.title],
            "changes": [None, len(changes)],
            "finish_delta_days": [None, impact["finish_delta_days"]],
        },
    )
    activity_record_evidence(
        acting_user=acting_user,
        program=schedule.program,
        key="manage_schedule",
        evidence=schedule,
        status=ActivityStatus.IN_PROGRESS,
    )
    return change_request


def approver_party(user: User, change_request: ChangeRequest) -> str | None:
    """The party ``user`` decides ``change_request`` for, or None."""
    membership = membership_of(user, change_request.schedule.program)
    if (
        membership is None
        or membership.party not in DECIDING_PARTIES
        or membership.role not in CHANGE_APPROVING_ROLES
    ):
        return None
    return membership.party


def _sync(schedule: Schedule, changed: ScheduleData) -> dict[str, int]:
    """Make the stored tasks and links what ``changed`` says (it came from them plus the
    request's operations): update, add and remove rows; return counts for the audit."""
    tasks = {t.uid: t for t in load_tasks(schedule)}
    wanted = {r.task.uid: r for r in changed.records}
    removed = [uid for uid in tasks if uid not in wanted]
    Task.objects.filter(schedule=schedule, uid__in=removed).delete()
    updated = added = 0
    for position, record in enumerate(changed.records, start=1):
        t = record.task
        values = {
            "name": t.name,
            "duration": t.duration,
            "is_milestone": t.milestone,
            "constraint_type": t.constraint.value,
            "constraint_date": from_engine(t.constraint_date),
            "deadline": from_engine(t.deadline),
            "fixed_cost": t.fixed_cost,
            "position": position,
        }
        task = tasks.get(t.uid)
        parent = tasks.get(t.parent) if t.parent is not None else None
        if task is None:
            task = Task.objects.create(
                schedule=schedule, uid=t.uid, parent=parent, outline_level=1, **values
            )
            tasks[t.uid] = task
            added += 1
        elif any(getattr(task, k) != v for k, v in values.items()):
            for k, v in values.items():
                setattr(task, k, v)
            task.revision += 1  # an edit form opened before the change is now stale
            task.save()
            updated += 1
    stored = {
        (d.predecessor.uid, d.successor.uid): d
        for d in Dependency.objects.filter(schedule=schedule).select_related(
            "predecessor", "successor"
        )
    }
    links = {(lk.predecessor, lk.successor): lk for lk in changed.links}
    Dependency.objects.filter(pk__in=[d.pk for k, d in stored.items() if k not in links]).delete()
    for key, link in links.items():
        values = {"type": link.type.value, "lag": link.lag, "lag_unit": link.lag_unit.value}
        dependency = stored.get(key)
        if dependency is None:
            Dependency.objects.create(
                schedule=schedule, predecessor=tasks[key[0]], successor=tasks[key[1]], **values
            )
        elif any(getattr(dependency, k) != v for k, v in values.items()):
            for k, v in values.items():
                setattr(dependency, k, v)
            dependency.revision += 1
            dependency.save()
    refresh_outline(schedule)
    return {
        "tasks_updated": updated,
        "tasks_added": added,
        "tasks_removed": len(removed),
        **_sync_assignments(schedule, changed, tasks),
    }


def _sync_assignments(
    schedule: Schedule, changed: ScheduleData, tasks: dict[int, Task]
) -> dict[str, int]:
    """Make the stored assignments what ``changed`` says (added, re-unitted, removed)."""
    stored = {a.uid: a for a in Assignment.objects.filter(schedule=schedule)}
    wanted = {r.assignment.uid: r.assignment for r in changed.assignments}
    gone = [uid for uid in stored if uid not in wanted]
    Assignment.objects.filter(schedule=schedule, uid__in=gone).delete()
    resources = {r.uid: r for r in Resource.objects.filter(schedule=schedule)}
    added = updated = 0
    for uid, a in wanted.items():
        row = stored.get(uid)
        values = {"units": a.units, "work": a.work, "quantity": a.quantity, "cost": a.cost}
        if row is None:
            Assignment.objects.create(
                schedule=schedule,
                uid=uid,
                task=tasks[a.task],
                resource=resources[a.resource],
                **values,
            )
            added += 1
        elif any(getattr(row, k) != v for k, v in values.items()):
            for k, v in values.items():
                setattr(row, k, v)
            row.save()
            updated += 1
    return {
        "assignments_added": added,
        "assignments_updated": updated,
        "assignments_removed": len(gone),
    }


def _apply(change_request: ChangeRequest, *, acting_user: User) -> None:
    schedule = change_request.schedule
    changed, impact = change_request_impact(schedule, change_request.changes)
    if len(changed.records) > task_limit():
        raise DomainError(
            f"The change would give the schedule {len(changed.records):,} tasks; a schedule "
            f"holds at most {task_limit():,}.",
            code=ErrorCode.TOO_MANY_TASKS,
        )
    counts = _sync(schedule, changed)
    schedule.revision += 1
    schedule.save(update_fields=["revision", "updated_at"])
    recompute(schedule)
    change_request.impact = impact
    change_request.impact_revision = schedule.revision
    change_request.status = ChangeRequestStatus.APPROVED
    change_request.decided_at = timezone.now()
    change_request.save()
    audit_record(
        acting_user=acting_user,
        program=schedule.program,
        action=AuditAction.APPROVE,
        target=change_request,
        changes={
            "status": [ChangeRequestStatus.PROPOSED, ChangeRequestStatus.APPROVED],
            **{k: [0, v] for k, v in counts.items() if v},
            "finish": [impact["finish_before"], impact["finish_after"]],
        },
    )
    if change_request.rebaseline:
        baseline = baseline_create(
            acting_user=acting_user,
            schedule=schedule,
            name=f"Rebaseline after {change_request.reference}",
            description=(
                f"Proposed when {change_request.reference} ({change_request.title}) was "
                f"approved: {change_request.justification}"
            ),
        )
        baseline_propose(acting_user=acting_user, baseline=baseline)
        change_request.resulting_baseline = baseline
        change_request.save(update_fields=["resulting_baseline"])


@transaction.atomic
def change_request_decide(
    *, acting_user: User, change_request: ChangeRequest, decision: str, comment: str = ""
) -> ChangeRequest:
    """Record a program manager's decision for their party. A rejection is final; the second
    party's approval applies the change."""
    change_request = (
        ChangeRequest.objects.select_for_update()
        .select_related("schedule__program")
        .get(pk=change_request.pk)
    )
    schedule = Schedule.objects.select_for_update().get(pk=change_request.schedule_id)
    change_request.schedule = schedule
    require(acting_user, "view", change_request)
    party = approver_party(acting_user, change_request)
    if party is None:
        raise DomainError(
            "Only a program manager of the customer or the provider decides change requests.",
            code=ErrorCode.NOT_AN_APPROVER,
        )
    if change_request.status != ChangeRequestStatus.PROPOSED:
        raise DomainError(
            f"{change_request.reference} is {change_request.get_status_display().lower()}.",
            code=ErrorCode.ALREADY_DECIDED,
        )
    if decision not in Decision.values:
        raise DomainError("Approve or reject.", field="decision")
    if decision == Decision.REJECT and not comment.strip():
        raise DomainError("Say why the change is rejected.", field="comment")
    check_text(comment.strip(), field="comment", limit=MAX_TEXT_LENGTH, what="A comment")
    if change_request.decisions.filter(party=party).exists():
        raise DomainError(
            f"The {Party(party).label.lower()} has already decided {change_request.reference}.",
            code=ErrorCode.ALREADY_DECIDED,
        )
    membership = membership_of(acting_user, schedule.program)
    assert membership is not None
    ChangeRequestDecision.objects.create(
        change_request=change_request,
        decided_by=acting_user,
        party=party,
        role=membership.role,
        decision=decision,
        comment=comment.strip(),
    )
    audit_record(
        acting_user=acting_user,
        program=schedule.program,
        action=AuditAction.SIGN,
        target=change_request,
        changes={f"{party} decision": [None, decision]},
    )
    if decision == Decision.REJECT:
        change_request.status = ChangeRequestStatus.REJECTED
        change_request.decided_at = timezone.now()
        change_request.save(update_fields=["status", "decided_at"])
        audit_record(
            acting_user=acting_user,
            program=schedule.program,
            action=AuditAction.UPDATE,
            target=change_request,
            changes={"status": [ChangeRequestStatus.PROPOSED, ChangeRequestStatus.REJECTED]},
        )
    elif set(change_request.decisions.values_list("party", flat=True)) >= set(DECIDING_PARTIES):
        _apply(change_request, acting_user=acting_user)
    return change_request


@transaction.atomic
def change_request_withdraw(*, acting_user: User, change_request: ChangeRequest) -> ChangeRequest:
    change_request = ChangeRequest.objects.select_for_update().get(pk=change_request.pk)
    require(acting_user, "change", change_request)
    if change_request.status != ChangeRequestStatus.PROPOSED:
        raise DomainError(
            f"{change_request.reference} is {change_request.get_status_display().lower()}.",
            code=ErrorCode.ALREADY_DECIDED,
        )
    if change_request.requested_by_id != acting_user.pk:
        membership = membership_of(acting_user, change_request.schedule.program)
        if membership is None or membership.party != change_request.party:
            raise DomainError(
                "Only the requester's party withdraws a change request.",
                code=ErrorCode.PERMISSION_DENIED,
            )
    change_request.status = ChangeRequestStatus.WITHDRAWN
    change_request.decided_at = timezone.now()
    change_request.save(update_fields=["status", "decided_at"])
    audit_record(
        acting_user=acting_user,
        program=change_request.schedule.program,
        action=AuditAction.UPDATE,
        target=change_request,
        changes={"status": [ChangeRequestStatus.PROPOSED, ChangeRequestStatus.WITHDRAWN]},
    )
    return change_request


def change_request_refresh_impact(change_request: ChangeRequest) -> ChangeRequest:
    """Recompute a proposed change's impact when the schedule moved since (a read: the
    stored impact is refreshed without an audit event, as computed values are)."""
    schedule = change_request.schedule
    if (
        change_request.status == ChangeRequestStatus.PROPOSED
        and change_request.impact_revision != schedule.revision
    ):
        try:
            _, impact = change_request_impact(schedule, change_request.changes)
        except DomainError:
            return change_request
        change_request.impact = impact
        change_request.impact_revision = schedule.revision
        change_request.save(update_fields=["impact", "impact_revision"])
    return change_request
