"""Writes of assignments (a resource on a task), with Microsoft Project's edit rules per task
type, and the checks of a task's calendar, type, earned value method and money.

What stays put when one of duration, units and work changes:

| task type      | units change        | work change         | task duration change |
|----------------|---------------------|---------------------|----------------------|
| fixed units    | duration follows    | duration follows    | work follows         |
| fixed work     | duration follows    | duration follows    | units follow         |
| fixed duration | work follows        | units follow        | work follows         |

where an assignment lasts ``delay + work / units`` and a task with work assignments lasts as
long as its longest one. An effort-driven task keeps its total work when a resource comes or
goes: the work is shared again in proportion to units. Each write checks the task's owner
party, refuses under change control what would move the task's duration, recomputes the
schedule and is audited (amounts recorded as changed, not shown: the audit log is read by
members who may not see money)."""

from __future__ import annotations

import math
from decimal import Decimal, InvalidOperation
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Max

from programs.choices import AuditAction
from programs.errors import DomainError, ErrorCode
from programs.policy import require
from programs.services.audit import audit_record, snapshot
from schedule.choices import EarnedValueMethodChoice, ResourceTypeChoice, TaskTypeChoice
from schedule.limits import (
    MAX_AMOUNT,
    MAX_DURATION_DAYS,
    MAX_EV_WEIGHTS,
    MAX_LAG_DAYS,
    MAX_RATE,
    MAX_UNITS,
    MAX_WORK_DAYS,
)
from schedule.models import Assignment, Resource, Schedule, Task

from .resources import calendar_problem
from .schedules import under_change_control
from .tasks import hide_money, lock_schedule, schedule_changed

ASSIGNMENT_FIELDS = [
    "units",
    "work",
    "actual_work",
    "remaining_work",
    "delay",
    "quantity",
    "cost",
    "actual_cost",
]


def _money(
    value: Any, *, field: str, what: str, limit: Decimal = MAX_AMOUNT, places: int = 2
) -> Decimal:
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise DomainError(f"{what} is an amount; “{value}” is not.", field=field) from None
    if not number.is_finite() or not Decimal(0) <= number <= limit:
        raise DomainError(f"{what} is between 0 and {limit:,}.", field=field)
    quantum = Decimal(1).scaleb(-places)
    if number != number.quantize(quantum):
        raise DomainError(f"{what} has at most {places} decimal places.", field=field)
    return number.quantize(quantum)


def clean_task_money_and_types(task: Task) -> None:
    """A task's calendar, type, earned value method and amounts make sense (called by the
    task services' checks)."""
    if task.calendar is not None:
        problem = calendar_problem(task.calendar)
        if problem:
            raise DomainError(f"The calendar of {task}: {problem}", field="calendar")
    if task.task_type not in TaskTypeChoice.values:
        raise DomainError(
            "Choose a task type: fixed units, fixed work or fixed duration.", field="task_type"
        )
    if task.ev_method not in EarnedValueMethodChoice.values:
        raise DomainError(
            "Choose an earned value method: percent complete, 0/100, 50/50 or weighted milestones.",
            field="ev_method",
        )
    for name in ("effort_driven", "ignore_resource_calendars"):
        if not isinstance(getattr(task, name), bool):
            raise DomainError(
                f"{name.replace('_', ' ').capitalize()} is true or false.", field=name
            )
    task.fixed_cost = _money(task.fixed_cost, field="fixed_cost", what=f"The fixed cost of {task}")
    if task.actual_cost is not None:
        task.actual_cost = _money(
            task.actual_cost, field="actual_cost", what=f"The actual cost of {task}"
        )
    weights = task.ev_weights
    if not isinstance(weights, list) or len(weights) > MAX_EV_WEIGHTS:
        raise DomainError(
            f"Earned value weights are a list of at most {MAX_EV_WEIGHTS} percentages.",
            field="ev_weights",
        )
    if any(isinstance(w, bool) or not isinstance(w, int) or not 0 < w <= 100 for w in weights):
        raise DomainError(
            "Each earned value weight is a whole percentage from 1 to 100.", field="ev_weights"
        )
    weighted = task.ev_method == EarnedValueMethodChoice.WEIGHTED_MILESTONES
    if weighted and sum(weights) != 100:
        raise DomainError(
            f"{task} earns by weighted milestones: its weights sum to 100 (now {sum(weights)}).",
            field="ev_weights",
        )
    if weights and not weighted:
        raise DomainError(
            "Only a task earning by weighted milestones has earned value weights.",
            field="ev_weights",
        )


# -- the arithmetic of duration, units and work ---------------------------------------------


def _length(a: Assignment) -> int:
    """Working minutes from the task's start to the end of ``a``'s work."""
    if a.units <= 0:
        return a.delay
    return a.delay + math.ceil(a.work * 100 / a.units)


def _is_work(a: Assignment, resources: dict[int, Resource]) -> bool:
    return resources[a.resource_id].type == ResourceTypeChoice.WORK


def _duration_from(work: list[Assignment]) -> int | None:
    return max((_length(a) for a in work), default=None)


def _share(total: int, work: list[Assignment]) -> None:
    """Share ``total`` work among ``work`` in proportion to units (the remainder to the
    first, so the sum is exact)."""
    units = sum(a.units for a in work)
    if not work or units <= 0:
        return
    given = 0
    for a in work:
        a.work = total * a.units // units
        given += a.work
    work[0].work += total - given


def _units_for(a: Assignment, duration: int, task: Task) -> int:
    span = duration - a.delay
    if span <= 0:
        raise DomainError(
            f"{task} lasts no longer than the delay of {a.resource}: give it a longer duration "
            "before giving the resource work on it.",
            field="work",
        )
    return max(1, round(a.work * 100 / span))


def _work_for(a: Assignment, duration: int) -> int:
    return max(0, round((duration - a.delay) * a.units / 100))


# -- checks ---------------------------------------------------------------------------------


def _whole(value: Any, *, field: str, what: str, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise DomainError(f"{what} is a whole number from {low:,} to {high:,}.", field=field)
    return value


def _clean_assignment(a: Assignment, resource: Resource, schedule: Schedule) -> None:
    per_day = schedule.minutes_per_day or 480
    name = f"{resource} on {a.task}"
    work_limit = MAX_WORK_DAYS * per_day
    if isinstance(a.units, int) and not isinstance(a.units, bool) and a.units < 0:
        raise DomainError(f"The units of {name} cannot be negative.", field="units")
    for field in ("work", "actual_work"):
        value = getattr(a, field)
        if isinstance(value, int) and not isinstance(value, bool) and value < 0:
            what = field.replace("_", " ")
            raise DomainError(f"The {what} of {name} cannot be negative.", field=field)
    _whole(a.units, field="units", what=f"The units of {name} (percent)", low=0, high=MAX_UNITS)
    for field, what in (("work", "work"), ("actual_work", "actual work")):
        _whole(
            getattr(a, field),
            field=field,
            what=f"The {what} of {name} (working minutes)",
            low=0,
            high=work_limit,
        )
    if a.remaining_work is not None:
        _whole(
            a.remaining_work,
            field="remaining_work",
            what=f"The remaining work of {name} (working minutes)",
            low=0,
            high=work_limit,
        )
    _whole(
        a.delay,
        field="delay",
        what=f"The delay of {name} (working minutes)",
        low=0,
        high=MAX_LAG_DAYS * per_day,
    )
    a.quantity = _money(
        a.quantity, field="quantity", what=f"The quantity of {name}", limit=MAX_RATE, places=4
    )
    for field in ("cost", "actual_cost"):
        if getattr(a, field) is not None:
            what = f"The {field.replace('_', ' ')} of {name}"
            setattr(a, field, _money(getattr(a, field), field=field, what=what))
    if resource.type == ResourceTypeChoice.WORK:
        if a.units == 0 and a.work:
            raise DomainError(
                f"{name} has work at 0% units: give it units, or no work.", field="units"
            )
        if a.cost is not None:
            raise DomainError(
                f"{resource} is a work resource: its cost comes from its rates and work, not "
                "from an amount.",
                field="cost",
            )
        if a.quantity:
            raise DomainError(
                f"{resource} is a work resource: it has no quantity.", field="quantity"
            )
    else:
        kind = ResourceTypeChoice(resource.type).label.lower()
        if a.work or a.actual_work or a.remaining_work:
            raise DomainError(
                f"{resource} is a {kind} resource: it does no work, it is used "
                + ("by quantity." if resource.type == ResourceTypeChoice.MATERIAL else "by cost."),
                field="work",
            )
        if resource.type == ResourceTypeChoice.COST and a.quantity:
            raise DomainError(
                f"{resource} is a cost resource: it has no quantity.", field="quantity"
            )
        if resource.type == ResourceTypeChoice.MATERIAL and a.cost is not None:
            raise DomainError(
                f"{resource} is a material resource: its cost comes from its rate and quantity.",
                field="cost",
            )
    if a.task.is_milestone and a.work:
        raise DomainError(
            f"{a.task} is a milestone: it has no duration, so {resource} has no work on it.",
            field="work",
        )


def _set_duration(task: Task, duration: int | None, schedule: Schedule) -> dict[str, list[Any]]:
    """Give ``task`` the duration its assignments make (None: unchanged); what changed."""
    if duration is None or duration == task.duration:
        return {}
    if task.is_milestone:
        return {}
    per_day = schedule.minutes_per_day or 480
    if duration > MAX_DURATION_DAYS * per_day:
        raise DomainError(
            f"{task} would last more than {MAX_DURATION_DAYS:,} days: give its resources "
            "more units or less work.",
            field="work",
        )
    if under_change_control(schedule):
        raise DomainError(
            f"The schedule has an agreed baseline: this would change the duration of {task}, "
            "which changes by change request.",
            code=ErrorCode.UNDER_CHANGE_CONTROL,
            field="work",
        )
    before = task.duration
    task.duration = duration
    task.save(update_fields=["duration", "updated_at"])
    return {f"duration of task {task.uid}": [before, duration]}


def _task_assignments(task: Task, *, exclude: int | None = None) -> list[Assignment]:
    rows = task.assignments.select_related("resource").select_for_update(of=("self",))
    if exclude is not None:
        rows = rows.exclude(pk=exclude)
    found = list(rows.order_by("uid"))
    for a in found:
        a.task = task
    return found


def _save_others(
    before: dict[int, tuple[int, int]], others: list[Assignment]
) -> dict[str, list[Any]]:
    """Store the work and units the rules gave the task's other assignments; what changed."""
    changed = [a for a in others if before[a.pk] != (a.units, a.work)]
    for a in changed:
        _whole(a.units, field="units", what=f"The units of {a}", low=0, high=MAX_UNITS)
    Assignment.objects.bulk_update(changed, ["units", "work"])
    changes: dict[str, list[Any]] = {}
    for a in changed:
        old_units, old_work = before[a.pk]
        if old_units != a.units:
            changes[f"units of {a.resource}"] = [old_units, a.units]
        if old_work != a.work:
            changes[f"work of {a.resource}"] = [old_work, a.work]
    return changes


def _next_uid(schedule: Schedule) -> int:
    return (schedule.assignments.aggregate(m=Max("uid"))["m"] or 0) + 1


def _lock_task(task: Task, schedule: Schedule) -> Task:
    task = Task.objects.select_for_update().get(pk=task.pk)
    task.schedule = schedule
    return task


def _refuse_summary(task: Task) -> None:
    if task.is_summary:
        raise DomainError(
            f"{task} is a summary task: assign resources to the tasks under it.", field="task"
        )


# -- writes ---------------------------------------------------------------------------------


@transaction.atomic
def assignment_create(
    *,
    acting_user: User,
    task: Task,
    resource: Resource,
    units: int | None = None,
    work: int | None = None,
    **values: Any,
) -> Assignment:
    """Assign ``resource`` to ``task``. Without ``work`` a work resource gets the task's
    duration at its units, or on an effort-driven task its share of the task's work."""
    schedule = lock_schedule(task.schedule)
    task = _lock_task(task, schedule)
    require(acting_user, "change", task)
    if resource.schedule_id != schedule.pk:
        raise DomainError(f"{resource} is not a resource of this schedule.", field="resource")
    _refuse_summary(task)
    if task.assignments.filter(resource=resource).exists():
        raise DomainError(
            f"{resource} is already assigned to {task}: change that assignment instead.",
            field="resource",
        )
    for key in values:
        if key not in ASSIGNMENT_FIELDS:
            raise DomainError(f"{key} is not a field of an assignment.", field=key)
    is_work = resource.type == ResourceTypeChoice.WORK
    assignment = Assignment(
        schedule=schedule,
        uid=_next_uid(schedule),
        task=task,
        resource=resource,
        units=(100 if units is None else units) if is_work else 100,
        work=work or 0,
        **values,
    )
    _clean_assignment(assignment, resource, schedule)
    others = [a for a in _task_assignments(task) if a.resource.type == ResourceTypeChoice.WORK]
    before = {a.pk: (a.units, a.work) for a in others}
    duration: int | None = None
    fixed_duration = task.task_type == TaskTypeChoice.FIXED_DURATION
    if is_work and not task.is_milestone:
        total = sum(a.work for a in others)
        if work is None and task.effort_driven and total > 0:
            _share(total, [*others, assignment])
            if fixed_duration:
                for a in [*others, assignment]:
                    a.units = _units_for(a, task.duration, task)
            else:
                duration = _duration_from([*others, assignment])
        elif work is None:
            assignment.work = _work_for(assignment, task.duration)
        elif fixed_duration and units is None:
            assignment.units = _units_for(assignment, task.duration, task)
        elif not fixed_duration:
            duration = _duration_from([*others, assignment])
        _clean_assignment(assignment, resource, schedule)
    changes = _save_others(before, others) | _set_duration(task, duration, schedule)
    assignment.save()
    schedule_changed(schedule)
    created = snapshot(assignment, ["uid", *ASSIGNMENT_FIELDS])
    event = audit_record(
        acting_user=acting_user,
        program=schedule.program,
        action=AuditAction.CREATE,
        target=assignment,
        changes={
            "task": [None, task.uid],
            "resource": [None, resource.uid],
            **{k: [None, v] for k, v in created.items() if v not in (None, 0, "0", "0.0000")},
            **changes,
        },
    )
    hide_money(event)
    return assignment


@transaction.atomic
def assignment_update(*, acting_user: User, assignment: Assignment, **values: Any) -> Assignment:
    """Change an assignment; its task's type says what follows (see the module's table)."""
    schedule = lock_schedule(assignment.schedule)
    assignment = Assignment.objects.select_related("resource").get(pk=assignment.pk)
    task = _lock_task(assignment.task, schedule)
    assignment.task = task
    require(acting_user, "change", task)
    before = snapshot(assignment, ASSIGNMENT_FIELDS)
    for key, value in values.items():
        if key not in ASSIGNMENT_FIELDS:
            raise DomainError(f"{key} is not a field of an assignment.", field=key)
        setattr(assignment, key, value)
    resource = assignment.resource
    _clean_assignment(assignment, resource, schedule)
    units_changed = before["units"] != assignment.units
    work_changed = before["work"] != assignment.work
    duration: int | None = None
    if resource.type == ResourceTypeChoice.WORK and not task.is_milestone:
        if task.task_type == TaskTypeChoice.FIXED_DURATION:
            if units_changed and not work_changed:
                assignment.work = _work_for(assignment, task.duration)
            elif work_changed and not units_changed:
                assignment.units = _units_for(assignment, task.duration, task)
            _clean_assignment(assignment, resource, schedule)
        elif units_changed or work_changed or before["delay"] != assignment.delay:
            others = [
                a
                for a in _task_assignments(task, exclude=assignment.pk)
                if a.resource.type == ResourceTypeChoice.WORK
            ]
            duration = _duration_from([*others, assignment])
    changes = _set_duration(task, duration, schedule)
    assignment.save()
    schedule_changed(schedule)
    after = snapshot(assignment, ASSIGNMENT_FIELDS)
    changed = {k: [before[k], after[k]] for k in ASSIGNMENT_FIELDS if before[k] != after[k]}
    if changed or changes:
        event = audit_record(
            acting_user=acting_user,
            program=schedule.program,
            action=AuditAction.UPDATE,
            target=assignment,
            changes=changed | changes,
        )
        hide_money(event)
    return assignment


@transaction.atomic
def assignment_delete(*, acting_user: User, assignment: Assignment) -> None:
    """Take a resource off a task. On an effort-driven task the others take over its work;
    on a fixed-units or fixed-work one the duration follows the assignments left."""
    schedule = lock_schedule(assignment.schedule)
    assignment = Assignment.objects.select_related("resource").get(pk=assignment.pk)
    task = _lock_task(assignment.task, schedule)
    require(acting_user, "change", task)
    others = [
        a
        for a in _task_assignments(task, exclude=assignment.pk)
        if a.resource.type == ResourceTypeChoice.WORK
    ]
    before = {a.pk: (a.units, a.work) for a in others}
    duration: int | None = None
    is_work = assignment.resource.type == ResourceTypeChoice.WORK
    if is_work and others and not task.is_milestone:
        if task.effort_driven:
            _share(sum(a.work for a in others) + assignment.work, others)
        if task.task_type == TaskTypeChoice.FIXED_DURATION:
            if task.effort_driven:
                for a in others:
                    a.units = _units_for(a, task.duration, task)
        else:
            duration = _duration_from(others)
    label = str(assignment)
    uid = assignment.uid
    changes = _save_others(before, others) | _set_duration(task, duration, schedule)
    assignment.delete()
    schedule_changed(schedule)
    audit_record(
        acting_user=acting_user,
        program=schedule.program,
        action=AuditAction.DELETE,
        target=schedule,
        changes={f"assignment {uid}": [label, None], **changes},
    )


def follow_task_duration(task: Task) -> None:
    """A task's duration was changed by hand: its work assignments follow its type (work on
    fixed-units and fixed-duration tasks, units on fixed-work ones). The caller holds the
    lock, audits and recomputes."""
    work = [a for a in _task_assignments(task) if a.resource.type == ResourceTypeChoice.WORK]
    if not work or task.is_milestone:
        return
    schedule = task.schedule
    for a in work:
        if task.task_type == TaskTypeChoice.FIXED_WORK:
            a.units = _units_for(a, task.duration, task)
        else:
            a.work = _work_for(a, task.duration)
        _clean_assignment(a, a.resource, schedule)
    Assignment.objects.bulk_update(work, ["units", "work"])
