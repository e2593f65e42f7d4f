"""The schedule between the database and the engine: load it as plain data, compute it, and
store what the engine computed. Every change to tasks, links or settings ends here."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from django.db.models import Prefetch
from django.utils import timezone

from programs.errors import DomainError, ErrorCode
from schedule.clock import from_engine, to_engine
from schedule.engine.cost import Cost, Costs, costs
from schedule.engine.cpm import compute
from schedule.engine.errors import ScheduleError
from schedule.engine.model import Assignment as EngineAssignment
from schedule.engine.model import (
    CalendarException,
    CalendarSpec,
    Constraint,
    EarnedValueMethod,
    LagUnit,
    Link,
    LinkType,
    Rate,
    ResourceType,
    Result,
    TaskTimes,
    TaskType,
)
from schedule.engine.model import Resource as EngineResource
from schedule.engine.model import Task as EngineTask
from schedule.interchange.data import AssignmentRecord, ResourceRecord, ScheduleData, TaskRecord
from schedule.models import Assignment, Dependency, Resource, ResourceRate, Schedule, Task

COMPUTED_FIELDS = [
    "start",
    "finish",
    "early_start",
    "early_finish",
    "late_start",
    "late_finish",
    "total_float",
    "free_float",
    "is_critical",
    "duration",
    "percent_complete",
    "work",
    "computed_cost",
    "computed_actual_cost",
]
ASSIGNMENT_COMPUTED_FIELDS = ["start", "finish", "computed_cost", "computed_actual_cost"]


# -- the calendar, stored as JSON ---------------------------------------------------------


def calendar_spec(stored: dict[str, Any]) -> CalendarSpec:
    """The engine's calendar from the schedule's stored one (the standard calendar when empty)."""
    if not stored:
        return CalendarSpec()
    default = CalendarSpec()
    week = stored.get("week") or [list(day) for day in default.week]
    return CalendarSpec(
        name=stored.get("name") or default.name,
        week=tuple(tuple((int(a), int(b)) for a, b in day) for day in week),
        us_federal_holidays=bool(stored.get("us_federal_holidays", True)),
        exceptions=tuple(
            CalendarException(
                start=date.fromisoformat(e["start"]),
                end=date.fromisoformat(e["end"]),
                working_times=tuple((int(a), int(b)) for a, b in e.get("working_times", [])),
                name=e.get("name", ""),
            )
            for e in stored.get("exceptions", [])
        ),
    )


def calendar_json(spec: CalendarSpec) -> dict[str, Any]:
    return {
        "name": spec.name,
        "week": [[list(period) for period in day] for day in spec.week],
        "us_federal_holidays": spec.us_federal_holidays,
        "exceptions": [
            {
                "start": e.start.isoformat(),
                "end": e.end.isoformat(),
                "working_times": [list(period) for period in e.working_times],
                "name": e.name,
            }
            for e in spec.exceptions
        ],
    }


# -- database rows to engine data ---------------------------------------------------------


def engine_task(task: Task, *, parent_uid: int | None) -> EngineTask:
    return EngineTask(
        uid=task.uid,
        name=task.name,
        duration=task.duration,
        milestone=task.is_milestone,
        parent=parent_uid,
        constraint=Constraint(task.constraint_type),
        constraint_date=to_engine(task.constraint_date),
        deadline=to_engine(task.deadline),
        actual_start=to_engine(task.actual_start),
        actual_finish=to_engine(task.actual_finish),
        percent_complete=task.percent_complete,
        manual=task.manual,
        start=to_engine(task.manual_start),
        calendar=calendar_spec(task.calendar) if task.calendar is not None else None,
        ignore_resource_calendars=task.ignore_resource_calendars,
        type=TaskType(task.task_type),
        effort_driven=task.effort_driven,
        fixed_cost=task.fixed_cost,
        actual_cost=task.actual_cost,
        ev_method=EarnedValueMethod(task.ev_method),
        ev_weights=tuple(task.ev_weights or ()),
    )


def engine_resource(resource: Resource) -> EngineResource:
    """The engine's resource, its rates prefetched (ascending, the undated row first)."""
    rates = sorted(
        resource.rates.all(), key=lambda r: (r.effective is not None, r.effective or date.min)
    )
    return EngineResource(
        uid=resource.uid,
        name=resource.name,
        type=ResourceType(resource.type),
        max_units=resource.max_units,
        calendar=calendar_spec(resource.calendar) if resource.calendar is not None else None,
        rates=tuple(
            Rate(effective=r.effective, standard=r.standard, overtime=r.overtime, per_use=r.per_use)
            for r in rates
        ),
    )


def engine_assignment(
    assignment: Assignment, task_uids: dict[int, int], resource_uids: dict[int, int]
) -> EngineAssignment:
    return EngineAssignment(
        uid=assignment.uid,
        task=task_uids[assignment.task_id],
        resource=resource_uids[assignment.resource_id],
        units=assignment.units,
        work=assignment.work,
        actual_work=assignment.actual_work,
        remaining_work=assignment.remaining_work,
        delay=assignment.delay,
        quantity=assignment.quantity,
        cost=assignment.cost,
        actual_cost=assignment.actual_cost,
    )


def stands_for(resource: Resource) -> str:
    """Whom a resource stands for, as files name people (email, else full name, else
    username) and roles."""
    member = resource.member
    if member is None:
        return resource.role
    return member.email or member.get_full_name() or member.get_username()


def engine_link(dependency: Dependency, uids: dict[int, int]) -> Link:
    return Link(
        predecessor=uids[dependency.predecessor_id],
        successor=uids[dependency.successor_id],
        type=LinkType(dependency.type),
        lag=dependency.lag,
        lag_unit=LagUnit(dependency.lag_unit),
    )


#: What the engine and the files need of a task: a read for them alone leaves out the
#: computed dates, which cost more to load than everything else.
INPUT_FIELDS = (
    "schedule_id",
    "uid",
    "position",
    "parent_id",
    "wbs",
    "name",
    "outline_level",
    "is_summary",
    "is_milestone",
    "owner_party",
    "duration",
    "constraint_type",
    "constraint_date",
    "deadline",
    "actual_start",
    "actual_finish",
    "percent_complete",
    "manual",
    "manual_start",
    "notes",
    "responsible__username",
    "calendar",
    "ignore_resource_calendars",
    "task_type",
    "effort_driven",
    "fixed_cost",
    "actual_cost",
    "ev_method",
    "ev_weights",
)


def load_tasks(schedule: Schedule) -> list[Task]:
    return list(schedule.tasks.order_by("position").select_related("responsible"))


def load_task_inputs(schedule: Schedule) -> list[Task]:
    """The tasks with only what the engine and the files read (see INPUT_FIELDS)."""
    return list(
        schedule.tasks.order_by("position").select_related("responsible").only(*INPUT_FIELDS)
    )


def load_resources(schedule: Schedule) -> list[Resource]:
    """The schedule's resources with their rates and the members they stand for (two
    queries)."""
    return list(
        schedule.resources.order_by("uid")
        .select_related("member")
        .prefetch_related(Prefetch("rates", queryset=ResourceRate.objects.order_by("pk")))
    )


def load_assignments(schedule: Schedule) -> list[Assignment]:
    return list(Assignment.objects.filter(schedule=schedule).order_by("uid"))


def schedule_data(
    schedule: Schedule,
    tasks: list[Task] | None = None,
    dependencies: list[Dependency] | None = None,
    resources: Sequence[Resource] | None = None,
    assignments: Sequence[Assignment] | None = None,
) -> ScheduleData:
    """The schedule as plain data (five queries, whatever its size)."""
    tasks = load_task_inputs(schedule) if tasks is None else tasks
    if dependencies is None:
        dependencies = list(
            Dependency.objects.filter(schedule=schedule)
            .order_by("pk")
            .only("predecessor_id", "successor_id", "type", "lag", "lag_unit")
        )
    uids = {t.pk: t.uid for t in tasks}
    records = tuple(
        TaskRecord(
            task=engine_task(t, parent_uid=uids.get(t.parent_id) if t.parent_id else None),
            wbs=t.wbs,
            outline_level=t.outline_level,
            notes=t.notes,
            owner_party=t.owner_party,
            responsible=t.responsible.get_username() if t.responsible else "",
        )
        for t in tasks
    )
    resources = load_resources(schedule) if resources is None else resources
    assignments = load_assignments(schedule) if assignments is None else assignments
    resource_uids = {r.pk: r.uid for r in resources}
    start = to_engine(schedule.project_start)
    assert start is not None
    return ScheduleData(
        name=schedule.name,
        start=start,
        records=records,
        links=tuple(engine_link(d, uids) for d in dependencies),
        calendar=calendar_spec(schedule.calendar),
        status_date=to_engine(schedule.status_date),
        critical_float=schedule.critical_float,
        minutes_per_day=schedule.minutes_per_day,
        minutes_per_week=schedule.minutes_per_week,
        resources=tuple(
            ResourceRecord(
                resource=engine_resource(r),
                owner_party=r.owner_party,
                stands_for=stands_for(r),
                initials=r.initials,
                group=r.group,
            )
            for r in resources
        ),
        assignments=tuple(
            AssignmentRecord(assignment=engine_assignment(a, uids, resource_uids))
            for a in assignments
        ),
    )


def domain_error(error: ScheduleError, *, field: str | None = None) -> DomainError:
    """An engine refusal as the portal shows it: every problem, each naming its task."""
    problems = [{"task_uid": p.task, "message": p.message} for p in error.problems]
    return DomainError(
        " ".join(p.message for p in error.problems),
        code=ErrorCode.SCHEDULE_INVALID,
        field=field,
        extra={"problems": problems},
    )


def compute_data(data: ScheduleData) -> Result:
    try:
        return compute(data.to_project())
    except ScheduleError as error:
        raise domain_error(error) from error


def price(data: ScheduleData, result: Result) -> Costs:
    """What every assignment and task costs, from the same data and result the dates came
    from (rates in effect when the work happens, cost per use, material, fixed cost)."""
    try:
        return costs(data.to_project(), result)
    except ScheduleError as error:
        raise domain_error(error) from error


def assignment_dates(result: Result, uid: int) -> tuple[Any, Any]:
    """When an assignment's work happens, as the engine scheduled it."""
    times = result.assignments[uid]
    return from_engine(times.start), from_engine(times.finish)


def set_assignment_computed(assignment: Assignment, result: Result, cost: Cost | None) -> bool:
    """Put the engine's dates and costs on ``assignment``; say whether anything changed."""
    start, finish = assignment_dates(result, assignment.uid)
    values = {
        "start": start,
        "finish": finish,
        "computed_cost": cost.cost if cost is not None else None,
        "computed_actual_cost": cost.actual if cost is not None else None,
    }
    if all(getattr(assignment, k) == v for k, v in values.items()):
        return False
    for k, v in values.items():
        setattr(assignment, k, v)
    return True


def store_assignment_dates(
    assignments: Sequence[Assignment], result: Result, priced: Costs
) -> None:
    """Put the computed dates and costs on ``assignments`` and save those that changed."""
    changed = [
        a for a in assignments if set_assignment_computed(a, result, priced.assignments.get(a.uid))
    ]
    if changed:
        Assignment.objects.bulk_update(changed, ASSIGNMENT_COMPUTED_FIELDS, batch_size=500)


def recompute(schedule: Schedule) -> Result:
    """Compute the schedule and store the results on the tasks and assignments that changed
    (the caller holds the transaction; a refusal raises before anything is written): dates,
    floats, work and costs."""
    tasks = load_tasks(schedule)
    assignments = load_assignments(schedule)
    data = schedule_data(schedule, tasks, assignments=assignments)
    result = compute_data(data)
    priced = price(data, result)
    changed = [
        task
        for task in tasks
        if set_computed(task, result.tasks[task.uid], priced.tasks.get(task.uid))
    ]
    if changed:
        Task.objects.bulk_update(changed, COMPUTED_FIELDS, batch_size=500)
    store_assignment_dates(assignments, result, priced)
    schedule.start = from_engine(result.start)
    schedule.finish = from_engine(result.finish)
    schedule.computed_at = timezone.now()
    schedule.save(update_fields=["start", "finish", "computed_at", "updated_at"])
    return result


def computed_values(times: TaskTimes, cost: Cost | None = None) -> dict[str, object]:
    """What the engine computed for a task, by field: dates, floats, work, its duration as
    its assignments give it, ``cost``, and a summary task's rolled-up percent complete."""
    values: dict[str, object] = {
        "start": from_engine(times.start),
        "finish": from_engine(times.finish),
        "early_start": from_engine(times.early_start),
        "early_finish": from_engine(times.early_finish),
        "late_start": from_engine(times.late_start),
        "late_finish": from_engine(times.late_finish),
        "total_float": times.total_float,
        "free_float": times.free_float,
        "is_critical": times.critical,
        "work": times.work,
        "duration": times.duration,
        "computed_cost": cost.cost if cost is not None else None,
        "computed_actual_cost": cost.actual if cost is not None else None,
    }
    if times.summary:
        values["percent_complete"] = times.percent_complete
    return values


def set_computed(task: Task, times: TaskTimes, cost: Cost | None = None) -> bool:
    """Put what the engine computed on ``task`` (``computed_values``); say whether anything
    changed."""
    values = computed_values(times, cost)
    if all(getattr(task, k) == v for k, v in values.items()):
        return False
    for k, v in values.items():
        setattr(task, k, v)
    return True
