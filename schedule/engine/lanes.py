"""Work on calendars: how long a task lasts when its resources or its own calendar, not the
project's, set its hours.

Microsoft Project schedules each work assignment on its resource's calendar (the working time
it shares with the task's calendar, when the task has one and does not ignore resource
calendars); the assignment lasts its remaining work divided by its units (a 50 % assignment of
40 hours lasts 80 working hours), or the task's duration on a fixed-duration task. The task
starts with its first assignment and finishes with its last. A task without work assignments
runs its duration on its own calendar, or the project's.

Each such stretch of work is a *lane*: a calendar, a duration and a delay from the task's
start. The critical path method counts time on one clock, a calendar working whenever any of
the schedule's calendars works, so every lane's minutes are minutes of the clock. A task whose
only lane runs on the clock itself is plain arithmetic (its duration adds to its start); any
other task is *shaped*: its dates come from converting through its lanes' calendars, forward
(start to finish) and backward (late finish to late start).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .calendar import WorkCalendar, calendar_problems, intersect_calendars, union_calendar
from .cost import validate_resources
from .errors import Problem
from .model import Assignment, CalendarSpec, Project, ResourceType, Task, TaskType


@dataclass(slots=True)
class Lane:
    spec: CalendarSpec
    duration: int  # working minutes on ``spec``
    delay: int = 0  # working minutes on ``spec`` after the task's start
    assignment: int | None = None  # uid, for a work assignment
    calendar: WorkCalendar | None = None


class Shape:
    """Dates of a shaped task on the clock, through its lanes. Every method takes and gives
    clock minutes: a start as the minute work begins, a finish as the minute it is done. A
    lane with nothing left to do (a milestone) sits where its links put it, as Microsoft
    Project puts a milestone at the moment its predecessor finishes, whatever the hours."""

    __slots__ = ("clock", "dated", "lanes")

    def __init__(self, clock: WorkCalendar, lanes: list[Lane]) -> None:
        self.clock = clock
        self.lanes = lanes
        #: The last forward pass: (from, percent done, each lane's start and finish).
        self.dated: tuple[int, int, list[tuple[Lane, int, int]]] | None = None

    def _left(self, lane: Lane, percent: int) -> int:
        if not percent:
            return lane.duration
        return (lane.duration * (100 - percent) + 50) // 100

    def forward(self, at: int, percent: int = 0) -> tuple[int, int]:
        """Start and finish when work may begin at ``at`` (``percent`` of it already done).
        The lanes' own dates are kept in ``dated`` for the result to read."""
        dated = self.lane_dates(at, percent)
        self.dated = (at, percent, dated)
        if len(dated) == 1:
            return dated[0][1], dated[0][2]
        return min(first for _, first, _ in dated), max(last for _, _, last in dated)

    def lane_dates(self, at: int, percent: int = 0) -> list[tuple[Lane, int, int]]:
        """Each lane's start and finish when the task's work begins at ``at``."""
        if self.dated is not None and self.dated[0] == at and self.dated[1] == percent:
            return self.dated[2]
        clock = self.clock
        moment = clock.to_datetime(at, finish=False)
        out = []
        for lane in self.lanes:
            calendar = lane.calendar
            assert calendar is not None
            left = self._left(lane, percent)
            if not left and not lane.delay:
                first = last = at
            else:
                begin = calendar.to_minutes(moment) + (0 if percent else lane.delay)
                first = clock.to_minutes(calendar.to_datetime(begin, finish=False))
                last = (
                    clock.to_minutes(calendar.to_datetime(begin + left, finish=True))
                    if left
                    else first
                )
            out.append((lane, first, last))
        return out

    def backward(self, limit: int, percent: int = 0) -> tuple[int, int]:
        """Late start and late finish when the work must be done by ``limit``."""
        clock = self.clock
        moment = clock.to_datetime(limit, finish=True)
        start = finish = None
        for lane in self.lanes:
            calendar = lane.calendar
            assert calendar is not None
            left = self._left(lane, percent)
            if not left and not lane.delay:
                first = last = limit
            else:
                end = calendar.to_minutes(moment)
                last = clock.to_minutes(calendar.to_datetime(end, finish=True))
                begin = end - left - (0 if percent else lane.delay)
                first = clock.to_minutes(calendar.to_datetime(begin, finish=False))
                if not left:
                    first = last
            if start is None or first < start:
                start = first
            if finish is None or last > finish:
                finish = last
        assert start is not None and finish is not None
        return start, finish

    def start_for_finish(self, finish: int) -> int:
        """The latest start that is done by ``finish``."""
        return self.backward(finish)[0]


@dataclass(slots=True)
class WorkPlan:
    """What the schedule's calendars and assignments mean for the critical path method."""

    clock: CalendarSpec
    #: Per task position: its duration on its lanes (the longest lane), as people read it.
    durations: list[int]
    #: Per task position: its lanes; ``None`` for a task that runs its duration on the clock
    #: (and for summaries).
    lanes: list[list[Lane] | None]
    #: Per task position: the sum of its work assignments' work.
    work: list[int]
    #: Per task position: the calendar its float and duration are read on.
    own: list[CalendarSpec]
    #: Every calendar the plan uses, the clock and the project calendar included.
    specs: set[CalendarSpec]
    problems: list[Problem]

    @property
    def one_clock(self) -> bool:
        """Whether every task keeps the clock's hours (the common case: one calendar)."""
        return len(self.specs) == 1


def _label(task: Task) -> str:
    return f"{task.name or 'Task'} (UID {task.uid})"


def plan_work(project: Project, summary: Sequence[bool]) -> WorkPlan:
    """Lanes of every task, the clock that holds them all, and the problems found (every
    one, each naming its task, resource or assignment)."""
    tasks = project.tasks
    base = project.calendar
    if (
        not project.assignments
        and not project.resources
        and all(task.calendar is None for task in tasks)
    ):
        return WorkPlan(
            base,
            [task.duration for task in tasks],
            [None] * len(tasks),
            [0] * len(tasks),
            [base] * len(tasks),
            {base},
            [],
        )
    problems = validate_resources(project)
    resources = {resource.uid: resource for resource in project.resources}
    index_of = {task.uid: position for position, task in enumerate(tasks)}
    assigned: list[list[Assignment]] = [[] for _ in tasks]
    for assignment in project.assignments:
        position = index_of.get(assignment.task)
        if position is not None and assignment.resource in resources:
            assigned[position].append(assignment)
    durations = [task.duration for task in tasks]
    lanes: list[list[Lane] | None] = [None] * len(tasks)
    work = [0] * len(tasks)
    own = [task.calendar or base for task in tasks]
    specs: set[CalendarSpec] = {base}
    # A lane lasts its work over its units (rounded to the minute), or the task's duration
    # on a fixed-duration task; worked out inline below, once per assignment.
    fixed_duration = TaskType.FIXED_DURATION
    for position, task in enumerate(tasks):
        if summary[position]:
            continue
        if not assigned[position] and task.calendar is None:
            continue
        task_lanes: list[Lane] = []
        longest = 0
        for assignment in assigned[position]:
            resource = resources[assignment.resource]
            if resource.type is not ResourceType.WORK:
                continue
            work[position] += assignment.work
            if assignment.units <= 0 or assignment.work <= 0 or task.milestone:
                continue
            spec = resource.calendar or base
            if task.calendar is not None:
                if task.ignore_resource_calendars:
                    spec = task.calendar
                else:
                    spec = intersect_calendars(task.calendar, spec)
                    if calendar_problems(spec):
                        problems.append(
                            Problem(
                                f"{_label(task)}: its calendar {task.calendar.name!r} and the "
                                f"calendar of {resource.name or 'resource'} (UID "
                                f"{resource.uid}) share no working time.",
                                task.uid,
                            )
                        )
                        continue
            if spec is not base:
                specs.add(spec)
            length = (
                task.duration
                if task.type is fixed_duration
                else (assignment.work * 100 + assignment.units // 2) // assignment.units
            )
            task_lanes.append(Lane(spec, length, assignment.delay, assignment.uid))
            if length + assignment.delay > longest:
                longest = length + assignment.delay
        if task_lanes:
            durations[position] = longest
        else:
            task_lanes = [Lane(own[position], task.duration)]
        lanes[position] = task_lanes
    if task_calendars := {task.calendar for task in tasks if task.calendar is not None}:
        for spec in task_calendars:
            if calendar_problems(spec):
                names = [_label(t) for t in tasks if t.calendar == spec][:3]
                problems.append(
                    Problem(
                        f"The task calendar {spec.name!r} of {', '.join(names)} has no "
                        "working time."
                    )
                )
        specs.update(task_calendars)
    clock = union_calendar([base, *(specs - {base})]) if len(specs) > 1 else base
    if clock != base:
        # Tasks without lanes of their own run their duration on the project calendar.
        for position, task in enumerate(tasks):
            if lanes[position] is None and not summary[position]:
                lanes[position] = [Lane(base, task.duration)]
    specs.add(clock)
    return WorkPlan(clock, durations, lanes, work, own, specs, problems)
