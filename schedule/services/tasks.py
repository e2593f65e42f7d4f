"""Writes of tasks and dependencies. Each one is checked against the owner party of the task,
refused under change control where it would move the agreed logic, recomputed at once, and
audited; a change the engine refuses (a loop, a milestone with a duration) rolls back whole."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import F, Max

from programs.choices import JOINT_OWNER_CHOICES, JOINT_OWNERS, AuditAction, in_words
from programs.concurrency import check_revision
from programs.errors import DomainError, ErrorCode
from programs.models import AuditEvent, Membership
from programs.policy import can, require, require_all
from programs.services.audit import audit_record, audit_update, snapshot
from schedule.choices import (
    CONTROLLED_TASK_FIELDS,
    ConstraintChoice,
    LagUnitChoice,
    LinkTypeChoice,
)
from schedule.limits import (
    MAX_DURATION_DAYS,
    MAX_LAG_DAYS,
    MAX_NAME_LENGTH,
    MAX_NOTES_LENGTH,
    MAX_WBS_LENGTH,
    check_date,
    check_minutes,
    check_text,
    task_date_error,
)
from schedule.models import Dependency, Schedule, Task

from .compute import recompute
from .schedules import refuse_task_beyond_limit, under_change_control

TASK_FIELDS = [
    "name",
    "wbs",
    "owner_party",
    "responsible",
    "duration",
    "is_milestone",
    "constraint_type",
    "constraint_date",
    "deadline",
    "actual_start",
    "actual_finish",
    "percent_complete",
    "manual",
    "manual_start",
    "notes",
    "calendar",
    "ignore_resource_calendars",
    "task_type",
    "effort_driven",
    "fixed_cost",
    "actual_cost",
    "ev_method",
    "ev_weights",
]
DEPENDENCY_FIELDS = ["type", "lag", "lag_unit"]
DATED_CONSTRAINTS = frozenset(ConstraintChoice.values) - {"asap", "alap"}


def _lock_schedule(schedule: Schedule) -> Schedule:
    """Changes to one schedule queue here: each recomputes the whole network."""
    return Schedule.objects.select_for_update().select_related("program").get(pk=schedule.pk)


def _changed(schedule: Schedule) -> None:
    schedule.revision += 1
    schedule.save(update_fields=["revision", "updated_at"])
    recompute(schedule)


#: Fields whose values the audit log records as changed without showing them.
MONEY_FIELDS = frozenset({"cost", "actual_cost", "fixed_cost"})
HIDDEN = "(amount not shown)"


def hide_money(event: AuditEvent | None) -> None:
    """Keep amounts out of an audit event: it records that they changed, not what to."""
    if event is None or not MONEY_FIELDS & set(event.changes):
        return
    event.changes = {
        k: [None if v is None else HIDDEN for v in pair] if k in MONEY_FIELDS else pair
        for k, pair in event.changes.items()
    }
    event.save(update_fields=["changes"])


# What the services of resources and assignments share with these.
lock_schedule = _lock_schedule
schedule_changed = _changed


def _refuse_under_change_control(schedule: Schedule, what: str) -> None:
    if under_change_control(schedule):
        raise DomainError(
            f"The schedule has an agreed baseline: {what} by change request.",
            code=ErrorCode.UNDER_CHANGE_CONTROL,
        )


def refresh_outline(schedule: Schedule) -> None:
    """Keep the outline consistent after tasks come or go: positions in outline order (a
    summary task before its children), outline levels from the parents, summary flags."""
    tasks = list(schedule.tasks.order_by("position"))
    children: dict[int | None, list[Task]] = {}
    for task in tasks:
        children.setdefault(task.parent_id, []).append(task)
    ordered: list[tuple[Task, int]] = []
    stack = [(t, 1) for t in reversed(children.get(None, []))]
    while stack:
        task, level = stack.pop()
        ordered.append((task, level))
        stack.extend((c, level + 1) for c in reversed(children.get(task.pk, [])))
    changed = []
    for position, (task, level) in enumerate(ordered, start=1):
        summary = task.pk in children
        if (task.position, task.outline_level, task.is_summary) != (position, level, summary):
            task.position, task.outline_level, task.is_summary = position, level, summary
            changed.append(task)
    Task.objects.bulk_update(changed, ["position", "outline_level", "is_summary"], batch_size=500)


TASK_DATES = {
    "constraint_date": "A constraint date",
    "deadline": "A deadline",
    "actual_start": "An actual start",
    "actual_finish": "An actual finish",
    "manual_start": "A manual start",
}


def _check_task_dates(task: Task, before: dict[str, Any] | None = None) -> None:
    """The task's dates make sense for the program; an update checks those it changes."""
    schedule = task.schedule
    for name, what in TASK_DATES.items():
        if before is not None and before[name] == snapshot(task, [name])[name]:
            continue
        problem = task_date_error(
            schedule.program,
            getattr(task, name),
            field=name,
            what=what.replace("A ", "The ").replace("An ", "The "),
            status_date=schedule.status_date,
        )
        if problem:
            raise DomainError(problem, field=name)


def _clean_task(task: Task) -> None:
    if not task.name.strip():
        raise DomainError("Name the task.", field="name")
    check_text(task.name, field="name", limit=MAX_NAME_LENGTH, what="A task name")
    check_text(task.wbs, field="wbs", limit=MAX_WBS_LENGTH, what="A WBS code")
    check_text(task.notes, field="notes", limit=MAX_NOTES_LENGTH, what="A task's notes")
    if isinstance(task.duration, int) and task.duration < 0:
        raise DomainError("A duration cannot be negative.", field="duration")
    check_minutes(
        task.duration,
        per_day=task.schedule.minutes_per_day,
        field="duration",
        low_days=0,
        high_days=MAX_DURATION_DAYS,
        what="A duration",
    )
    if not isinstance(task.percent_complete, int):
        raise DomainError("Percent complete is a whole number.", field="percent_complete")
    for name, what in TASK_DATES.items():
        check_date(getattr(task, name), field=name, what=what)
    if task.is_milestone and task.duration:
        raise DomainError(
            "A milestone has no duration: set it to 0 days, or untick milestone.",
            field="duration",
        )
    if not 0 <= task.percent_complete <= 100:
        raise DomainError("Percent complete is between 0 and 100.", field="percent_complete")
    if task.constraint_type not in ConstraintChoice.values:
        raise DomainError(
            f"Choose a constraint: {in_words(ConstraintChoice, lower=True)}.",
            field="constraint_type",
        )
    if task.constraint_type in DATED_CONSTRAINTS and task.constraint_date is None:
        label = ConstraintChoice(task.constraint_type).label
        raise DomainError(f"“{label}” needs a constraint date.", field="constraint_date")
    if task.owner_party not in JOINT_OWNERS:
        owners = [label[0].lower() + label[1:] for _, label in JOINT_OWNER_CHOICES]
        raise DomainError(
            f"Choose an owner party: {', '.join(owners[:-1])} or {owners[-1]}.",
            field="owner_party",
        )
    if task.actual_finish and not task.actual_start:
        raise DomainError("A task that finished has an actual start too.", field="actual_start")
    if task.actual_start and task.actual_finish and task.actual_finish < task.actual_start:
        raise DomainError("The actual finish is before the actual start.", field="actual_finish")
    if task.manual and task.manual_start is None:
        raise DomainError("A manually scheduled task needs its start date.", field="manual_start")
    from .assignments import clean_task_money_and_types  # it imports this module

    clean_task_money_and_types(task)
    if (
        task.responsible_id is not None
        and not Membership.objects.filter(
            program=task.schedule.program, user_id=task.responsible_id
        ).exists()
    ):
        raise DomainError(
            "The responsible person must be a member of the program.", field="responsible"
        )


def subtree(schedule: Schedule, task: Task) -> list[tuple[int, int, str, str, str]]:
    """(pk, uid, owner party, WBS, name) of the tasks under ``task`` at any depth, in outline
    order (read as values: a schedule may hold tens of thousands)."""
    rows = schedule.tasks.order_by("position").values_list(
        "pk", "parent_id", "uid", "owner_party", "wbs", "name"
    )
    below: set[int] = {task.pk}
    found = []
    for pk, parent_id, uid, owner_party, wbs, name in rows:
        if parent_id in below:  # outline order: parents come before their children
            below.add(pk)
            found.append((pk, uid, owner_party, wbs, name))
    return found


def first_of_each_owner(
    schedule: Schedule, rows: list[tuple[int, int, str, str, str]]
) -> list[Task]:
    """The first task of each owner party among ``rows``, in outline order. The policy decides
    a task of the schedule by its owner party alone, so checking these finds the first task
    the member may not change as surely as checking every one."""
    firsts: dict[str, Task] = {}
    for pk, uid, owner_party, wbs, name in rows:
        if owner_party not in firsts:
            firsts[owner_party] = Task(
                pk=pk, schedule=schedule, uid=uid, owner_party=owner_party, wbs=wbs, name=name
            )
    return list(firsts.values())


def _next_uid(schedule: Schedule) -> int:
    return (schedule.tasks.aggregate(m=Max("uid"))["m"] or 0) + 1


@transaction.atomic
def task_create(
    *,
    acting_user: User,
    schedule: Schedule,
    name: str,
    duration: int = 0,
    parent: Task | None = None,
    after: Task | None = None,
    **values: Any,
) -> Task:
    """A new task at the end of ``parent``'s children (or after ``after``), recomputed."""
    schedule = _lock_schedule(schedule)
    _refuse_under_change_control(schedule, "new tasks come in")
    refuse_task_beyond_limit(schedule)
    if parent is not None and parent.schedule_id != schedule.pk:
        raise DomainError("The summary task is not in this schedule.", field="parent")
    if parent is not None:
        # A task put under another rolls up into it: that changes the parent too.
        parent.schedule = schedule
        require_all(
            acting_user,
            "change",
            [parent],
            doing=f"put a task under {parent}",
            relation="that changes",
            field="parent",
        )
    task = Task(
        schedule=schedule,
        uid=_next_uid(schedule),
        name=name.strip(),
        duration=duration,
        parent=parent,
        position=0,
    )
    for key, value in values.items():
        if key not in TASK_FIELDS:
            raise DomainError(f"{key} is not a field of a task.", field=key)
        setattr(task, key, value)
    require(acting_user, "change", task)
    _clean_task(task)
    _check_task_dates(task)
    # Place it: after ``after``'s subtree, or after the parent's last descendant.
    anchor = after or parent
    if anchor is not None:
        last = anchor
        while True:
            deeper = schedule.tasks.filter(parent=last).order_by("-position").first()
            if deeper is None:
                break
            last = deeper
        schedule.tasks.filter(position__gt=last.position).update(position=F("position") + 1)
        task.position = last.position + 1
    else:
        task.position = (schedule.tasks.aggregate(m=Max("position"))["m"] or 0) + 1
    task.save()
    refresh_outline(schedule)
    _changed(schedule)
    task.refresh_from_db()
    event = audit_record(
        acting_user=acting_user,
        program=schedule.program,
        action=AuditAction.CREATE,
        target=task,
        changes={k: [None, v] for k, v in snapshot(task, ["uid", *TASK_FIELDS]).items() if v},
    )
    hide_money(event)
    return task


@transaction.atomic
def task_update(
    *, acting_user: User, task: Task, revision: int | None = None, **values: Any
) -> Task:
    """Change a task's fields; under change control its logic and dates stay as agreed.
    ``revision`` is the task's revision the change was made from: if someone has changed the
    task since, nothing is written (StaleEditError with their changes)."""
    schedule = _lock_schedule(task.schedule)
    task = Task.objects.select_for_update().get(pk=task.pk)
    task.schedule = schedule
    require(acting_user, "change", task)
    check_revision(task, revision, what=f"task {task.uid}, {task}")
    before = snapshot(task, TASK_FIELDS)
    for key, value in values.items():
        if key not in TASK_FIELDS:
            raise DomainError(f"{key} is not a field of a task.", field=key)
        setattr(task, key, value)
    after = snapshot(task, TASK_FIELDS)
    moved = sorted(k for k in CONTROLLED_TASK_FIELDS if before[k] != after[k])
    if moved and under_change_control(schedule):
        raise DomainError(
            f"The schedule has an agreed baseline: {', '.join(moved)} of {task} change by "
            "change request.",
            code=ErrorCode.UNDER_CHANGE_CONTROL,
            field=moved[0],
        )
    if task.is_summary and before["duration"] != after["duration"]:
        raise DomainError(
            f"{task} is a summary task: its duration comes from its tasks.", field="duration"
        )
    _clean_task(task)
    _check_task_dates(task, before)
    task.save()
    if before["duration"] != after["duration"]:
        # The task's type says what its assignments give for the new duration.
        from .assignments import follow_task_duration

        follow_task_duration(task)
    # Moving a task to another party must leave it where the user may still change it.
    if not can(acting_user, "change", task):
        raise DomainError(
            "You would no longer be able to change this task: keep it with your party or shared.",
            field="owner_party",
        )
    _changed(schedule)
    hide_money(
        audit_update(
            acting_user=acting_user,
            program=schedule.program,
            target=task,
            before=before,
            fields=TASK_FIELDS,
        )
    )
    return task


@transaction.atomic
def task_delete(*, acting_user: User, task: Task) -> None:
    """Remove a task (a summary task with everything under it) and its dependencies."""
    schedule = _lock_schedule(task.schedule)
    task = Task.objects.get(pk=task.pk)
    require(acting_user, "change", task)
    _refuse_under_change_control(schedule, "tasks are removed")
    below = subtree(schedule, task)
    require_all(acting_user, "change", first_of_each_owner(schedule, below), doing=f"delete {task}")
    gone = snapshot(task, ["uid", "wbs", "name"])
    descendants = len(below)
    task.delete()
    refresh_outline(schedule)
    _changed(schedule)
    audit_record(
        acting_user=acting_user,
        program=schedule.program,
        action=AuditAction.DELETE,
        target=schedule,
        changes={f"task {gone['uid']}": [f"{gone['wbs']} {gone['name']}".strip(), None]}
        | ({"child tasks removed": [descendants, 0]} if descendants else {}),
    )


def _clean_dependency(dependency: Dependency) -> None:
    if dependency.type not in LinkTypeChoice.values:
        raise DomainError(f"“{dependency.type}” is not a link type.", field="type")
    if dependency.lag_unit not in LagUnitChoice.values:
        raise DomainError(f"“{dependency.lag_unit}” is not a lag unit.", field="lag_unit")
    if dependency.predecessor_id == dependency.successor_id:
        raise DomainError("A task cannot depend on itself.", field="predecessor")
    check_minutes(
        dependency.lag,
        per_day=dependency.schedule.minutes_per_day,
        field="lag",
        low_days=-MAX_LAG_DAYS,
        high_days=MAX_LAG_DAYS,
        what="A lag",
    )


@transaction.atomic
def dependency_create(
    *,
    acting_user: User,
    predecessor: Task,
    successor: Task,
    type: str = "FS",
    lag: int = 0,
    lag_unit: str = "working",
) -> Dependency:
    schedule = _lock_schedule(successor.schedule)
    if predecessor.schedule_id != schedule.pk:
        raise DomainError("Both tasks must be in the same schedule.", field="predecessor")
    dependency = Dependency(
        schedule=schedule,
        predecessor=predecessor,
        successor=successor,
        type=type,
        lag=lag,
        lag_unit=lag_unit,
    )
    require(acting_user, "change", successor)
    _refuse_under_change_control(schedule, "dependencies change")
    _clean_dependency(dependency)
    if Dependency.objects.filter(predecessor=predecessor, successor=successor).exists():
        raise DomainError(
            f"{successor} already depends on {predecessor}: change that link instead.",
            field="predecessor",
        )
    dependency.save()
    _changed(schedule)
    audit_record(
        acting_user=acting_user,
        program=schedule.program,
        action=AuditAction.CREATE,
        target=dependency,
        changes={
            "predecessor": [None, predecessor.uid],
            "successor": [None, successor.uid],
            "type": [None, type],
            "lag": [None, lag],
            "lag_unit": [None, lag_unit],
        },
    )
    return dependency


@transaction.atomic
def dependency_update(
    *, acting_user: User, dependency: Dependency, revision: int | None = None, **values: Any
) -> Dependency:
    """Change a dependency's type or lag, made from its ``revision`` (see ``task_update``)."""
    schedule = _lock_schedule(dependency.schedule)
    dependency = (
        Dependency.objects.select_for_update()
        .select_related("predecessor", "successor")
        .get(pk=dependency.pk)
    )
    dependency.schedule = schedule
    require(acting_user, "change", dependency)
    check_revision(dependency, revision, what=f"the dependency {dependency}")
    _refuse_under_change_control(schedule, "dependencies change")
    before = snapshot(dependency, DEPENDENCY_FIELDS)
    for key, value in values.items():
        if key not in DEPENDENCY_FIELDS:
            raise DomainError(f"{key} is not a field of a dependency.", field=key)
        setattr(dependency, key, value)
    _clean_dependency(dependency)
    dependency.save()
    _changed(schedule)
    audit_update(
        acting_user=acting_user,
        program=schedule.program,
        target=dependency,
        before=before,
        fields=DEPENDENCY_FIELDS,
    )
    return dependency


@transaction.atomic
def dependency_delete(*, acting_user: User, dependency: Dependency) -> None:
    schedule = _lock_schedule(dependency.schedule)
    require(acting_user, "change", dependency)
    _refuse_under_change_control(schedule, "dependencies change")
    label = str(dependency)
    dependency.delete()
    _changed(schedule)
    audit_record(
        acting_user=acting_user,
        program=schedule.program,
        action=AuditAction.DELETE,
        target=schedule,
        changes={"dependency": [label, None]},
    )


def days_to_minutes(schedule: Schedule, days: float | int | None) -> int:
    return round((days or 0) * schedule.minutes_per_day)
