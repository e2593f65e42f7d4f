"""From the passes' working minutes to the ``Result`` people read: datetimes, floats on each
task's own calendar, summaries rolled up, and when each assignment's work happens."""

from __future__ import annotations

from collections import deque
from collections.abc import Mapping
from dataclasses import fields, make_dataclass
from itertools import repeat
from operator import sub
from typing import Any, Protocol, TypeVar

from .calendar import FAR, OnClock, WorkCalendar
from .lanes import Shape, WorkPlan
from .model import AssignmentTimes, CalendarSpec, Project, ResourceType, Result, TaskTimes

_Built = TypeVar("_Built", TaskTimes, AssignmentTimes)


class Handled(Protocol):
    """What the result reads of a task the passes handled apart (progress, a manual start,
    lanes of its own)."""

    done: bool
    manual_start: int | None
    shape: Shape | None


def build_result(
    project: Project,
    plan: WorkPlan,
    hours: dict[CalendarSpec, OnClock | None],
    calendar: WorkCalendar,
    start_at: int,
    finish_at: int,
    summary: list[bool],
    parent_of: list[int],
    rollup_of: list[int],
    specials: Mapping[int, Handled],
    es: list[int],
    ef: list[int],
    ls: list[int],
    lf: list[int],
    free: list[int],
) -> Result:
    """The ``Result`` of the passes' node arrays (``es`` to ``free``: the tasks' nodes first,
    then the summaries' roll-ups)."""
    tasks = project.tasks
    n = len(tasks)
    # Per task (by position): early/late dates in minutes; summaries rolled up from children.
    t_es = es[:n]
    t_ef = ef[:n]
    t_ls = ls[:n]
    t_lf = lf[:n]
    weight = [0] * n  # duration-weighted percent complete of leaves, and their duration
    worked = [0] * n
    counted = [0] * n
    pct_sum = [0] * n
    for position in range(n):
        if summary[position]:
            t_es[position] = t_ls[position] = FAR
            t_ef[position] = t_lf[position] = -FAR
        else:
            task = tasks[position]
            weight[position] = plan.durations[position]
            worked[position] = plan.durations[position] * task.percent_complete
            counted[position] = 1
            pct_sum[position] = task.percent_complete
    for position in range(n - 1, -1, -1):
        parent = parent_of[position]
        if parent < 0:
            continue
        if t_es[position] < t_es[parent]:
            t_es[parent] = t_es[position]
        if t_ef[position] > t_ef[parent]:
            t_ef[parent] = t_ef[position]
        if t_ls[position] < t_ls[parent]:
            t_ls[parent] = t_ls[position]
        if t_lf[position] > t_lf[parent]:
            t_lf[parent] = t_lf[position]
        weight[parent] += weight[position]
        worked[parent] += worked[position]
        counted[parent] += counted[position]
        pct_sum[parent] += pct_sum[position]

    critical_float = project.critical_float
    to_datetime = calendar.to_datetime
    early_starts = calendar.datetimes_of(t_es, finish=False)
    early_finishes = calendar.datetimes_of(t_ef, finish=True)
    late_starts = calendar.datetimes_of(t_ls, finish=False)
    late_finishes = calendar.datetimes_of(t_lf, finish=True)
    totals = list(map(sub, t_lf, t_ef))
    if not plan.one_clock:
        free = free[:]
        _read_on_own_calendars(
            plan,
            hours,
            summary,
            project.calendar,
            finish_at,
            t_ef,
            t_lf,
            totals,
            free,
        )
    criticals = [total <= critical_float for total in totals]
    durations = plan.durations[:]
    percents = [task.percent_complete for task in tasks]
    frees = free[:n]
    starts = early_starts[:]
    finishes = early_finishes[:]
    for position in range(n):
        if summary[position]:
            rollup = rollup_of[position]
            frees[position] = free[rollup] if rollup >= 0 else FAR
            durations[position] = _span_on(hours[project.calendar], t_es[position], t_ef[position])
            percents[position] = (
                (worked[position] + weight[position] // 2) // weight[position]
                if weight[position]
                else (pct_sum[position] + counted[position] // 2) // counted[position]
            )
    for position, special in specials.items():
        task = tasks[position]
        if special.done:
            criticals[position] = False
        if task.actual_start is not None:
            starts[position] = task.actual_start
        if task.actual_finish is not None:
            finishes[position] = task.actual_finish
        elif special.manual_start is not None and task.start is not None:
            starts[position] = task.start
    first_start = FAR
    last_finish = -FAR
    for position in range(n):
        slack = frees[position]
        total = totals[position]
        if slack == FAR:
            slack = finish_at - t_ef[position]
        frees[position] = 0 if slack < 0 or total < 0 else slack if slack < total else total
        if summary[position]:
            continue
        e_s = t_es[position]
        e_f = t_ef[position]
        if e_s < first_start:
            first_start = e_s
        if e_f > last_finish:
            last_finish = e_f
        if e_s == e_f:
            # A milestone sits at the end of what it follows, except at the project start.
            at = early_starts[position] = early_finishes[position] = to_datetime(
                e_f, finish=e_f > start_at
            )
            if starts[position] is not tasks[position].actual_start:
                starts[position] = at
            if finishes[position] is not tasks[position].actual_finish:
                finishes[position] = at
            l_f = t_lf[position]
            late_starts[position] = late_finishes[position] = to_datetime(
                l_f, finish=l_f > start_at
            )
    if first_start == FAR:
        first_start = last_finish = start_at
    out = _built(
        TaskTimes,
        uid=[task.uid for task in tasks],
        start=starts,
        finish=finishes,
        early_start=early_starts,
        early_finish=early_finishes,
        late_start=late_starts,
        late_finish=late_finishes,
        total_float=totals,
        free_float=frees,
        critical=criticals,
        summary=summary,
        duration=durations,
        percent_complete=percents,
        work=_rolled_up(plan.work, parent_of),
    )
    critical = sorted(
        (t_es[position], position)
        for position in range(n)
        if criticals[position] and not summary[position]
    )
    return Result(
        project=project,
        start=calendar.to_datetime(first_start, finish=False),
        finish=calendar.to_datetime(last_finish, finish=last_finish > first_start),
        tasks=dict(zip([task.uid for task in tasks], out, strict=True)),
        critical_path=tuple(tasks[position].uid for _, position in critical),
        assignments=_assignment_times(project, plan, calendar, specials, t_es, t_ef, out)
        if project.assignments
        else {},
    )


def _span_on(own: OnClock | None, start: int, finish: int) -> int:
    """Working minutes of a calendar (``None``: the clock) between two clock minutes."""
    if own is None:
        return finish - start
    return own.minutes(finish) - own.minutes(start)


def _read_on_own_calendars(
    plan: WorkPlan,
    hours: dict[CalendarSpec, OnClock | None],
    summary: list[bool],
    project_calendar: CalendarSpec,
    finish_at: int,
    t_ef: list[int],
    t_lf: list[int],
    totals: list[int],
    free: list[int],
) -> None:
    """Float in each task's own working time, not the clock's: a task on the standard
    calendar has no float over a night when the clock counts night-shift hours. A task's
    own calendar is its task calendar, else the project calendar (summaries too)."""
    own_specs = plan.own
    last: CalendarSpec | None = None  # the spec looked up last (a spec hashes slowly)
    own: OnClock | None = None
    for position in range(len(totals)):
        spec = project_calendar if summary[position] else own_specs[position]
        if spec is not last:
            last, own = spec, hours[spec]
        if own is None:
            continue
        early_minutes = own.minutes(t_ef[position])
        totals[position] = own.minutes(t_lf[position]) - early_minutes
        slack = free[position]
        if slack == FAR:
            slack = finish_at - t_ef[position]
        if not summary[position] and slack > 0:
            free[position] = own.minutes(t_ef[position] + slack) - early_minutes


def _rolled_up(values: list[int], parent_of: list[int]) -> list[int]:
    out = values[:]
    for position in range(len(out) - 1, -1, -1):
        parent = parent_of[position]
        if parent >= 0:
            out[parent] += out[position]
    return out


def _assignment_times(
    project: Project,
    plan: WorkPlan,
    clock: WorkCalendar,
    specials: Mapping[int, Handled],
    t_es: list[int],
    t_ef: list[int],
    times: list[TaskTimes],
) -> dict[int, AssignmentTimes]:
    """When each assignment's work happens. A work assignment runs its lane from the task's
    early start; a task that slipped (progress resumed later) moves its lanes' finishes by the
    slip. Material and cost assignments span their task.

    Built column by column, in the project's order of assignments: most work keeps its
    task's dates (a lane on the clock as long as the task's longest), and only the others
    are worked out one by one."""
    assignments = project.assignments
    lanes_of = plan.assignment_lanes
    positions = plan.assignment_tasks
    longest = plan.durations
    firsts = [t_es[position] for position in positions]
    lasts = [t_ef[position] for position in positions]
    specs = [lane.spec if lane is not None else None for lane in lanes_of]
    durations = [lane.duration if lane is not None else 0 for lane in lanes_of]
    spanning: list[int] = []
    for slot, lane in enumerate(lanes_of):
        if lane is None:
            spanning.append(slot)
        elif lane.duration != longest[positions[slot]]:
            # Lanes start together: a shorter one finishes as much earlier.
            last = lasts[slot] - longest[positions[slot]] + lane.duration
            lasts[slot] = last if last > firsts[slot] else firsts[slot]
    for position, special in specials.items():
        shape = special.shape
        if shape is None or shape.lanes[0].slot is None:
            continue
        nominal, dated = shape.lane_dates(t_es[position])
        slip = t_ef[position] - nominal
        for lane, first, last in dated:
            at = lane.slot
            assert at is not None
            firsts[at] = first
            lasts[at] = last + slip if last + slip > first else first
    starts = clock.datetimes_of(firsts, finish=False)
    finishes = clock.datetimes_of(lasts, finish=True)
    for slot, (first, last) in enumerate(zip(firsts, lasts, strict=True)):
        if last <= first:  # nothing to do: its finish reads as a start
            finishes[slot] = starts[slot]
    if spanning:
        kinds = {resource.uid: resource.type for resource in project.resources}
        for slot in spanning:
            position = positions[slot]
            task_times = times[position]
            specs[slot] = plan.own[position]
            starts[slot] = task_times.start
            finishes[slot] = task_times.finish
            if kinds[assignments[slot].resource] is ResourceType.WORK:
                durations[slot] = task_times.duration
    uids = [assignment.uid for assignment in assignments]
    made = _built(
        AssignmentTimes,
        uid=uids,
        task=[assignment.task for assignment in assignments],
        resource=[assignment.resource for assignment in assignments],
        start=starts,
        finish=finishes,
        calendar=specs,
        duration=durations,
    )
    return dict(zip(uids, made, strict=True))


def _built(cls: type[_Built], **columns: list[Any]) -> list[_Built]:
    """Instances of a frozen dataclass with slots (``TaskTimes``, ``AssignmentTimes``), built
    column by column. Its own ``__init__`` sets each field through ``object.__setattr__``, the
    price of freezing: a hundred thousand instances take a quarter of a second. Instead, its
    unfrozen twin (the same slots) takes the fields through a plain ``__init__``, and each
    instance then becomes a ``cls``: a class may change to another of the same layout. That
    takes a sixth of the time."""
    twin = _UNFROZEN[cls]
    made: list[Any] = list(map(twin, *(columns[field.name] for field in fields(cls))))
    deque(map(setattr, made, repeat("__class__"), repeat(cls)), maxlen=0)
    return made


#: ``TaskTimes`` and ``AssignmentTimes`` with the same fields and slots, not frozen.
_UNFROZEN = {
    cls: make_dataclass(
        f"Unfrozen{cls.__name__}",
        [(field.name, field.type) for field in fields(cls)],
        slots=True,
        eq=False,
        repr=False,
        match_args=False,
    )
    for cls in (TaskTimes, AssignmentTimes)
}
