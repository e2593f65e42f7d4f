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

from .calendar import FAR, OnClock, calendar_problems, intersect_calendars, union_calendar
from .cost import validate_resources
from .errors import Problem
from .model import CalendarSpec, Project, ResourceType, Task, TaskType


@dataclass(slots=True)
class Lane:
    spec: CalendarSpec
    duration: int  # working minutes on ``spec``
    delay: int = 0  # working minutes on ``spec`` after the task's start
    #: For a work assignment: its position in the project's assignments.
    slot: int | None = None
    #: ``spec`` read on the clock; ``None`` when ``spec`` is the clock.
    hours: OnClock | None = None


#: A shaped task's dates from a start: (from, percent done, start, finish, each lane's start
#: and finish).
_Dated = tuple[int, int, int, int, list[tuple[Lane, int, int]]]


class Shape:
    """Dates of a shaped task on the clock, through its lanes. Every method takes and gives
    clock minutes: a start as the minute work begins, a finish as the minute it is done. A
    lane with nothing left to do (a milestone) sits where its links put it, as Microsoft
    Project puts a milestone at the moment its predecessor finishes, whatever the hours."""

    __slots__ = ("dated", "delayed", "lanes")

    def __init__(self, lanes: list[Lane]) -> None:
        self.lanes = lanes
        self.delayed = False
        for lane in lanes:
            if lane.delay:
                self.delayed = True
        #: The forward pass's dates.
        self.dated: _Dated | None = None

    def forward(self, at: int, percent: int = 0) -> tuple[int, int]:
        """Start and finish when work may begin at ``at`` (``percent`` of it already done):
        the forward pass's. The lanes' own dates are kept in ``dated`` for the result."""
        dated = self.dated = self._dated(at, percent)
        return dated[2], dated[3]

    def dates(self, at: int) -> tuple[int, int]:
        """Start and finish when work begins at ``at``, asked after the forward pass (which
        keeps its lane dates)."""
        dated = self._dated(at, 0)
        return dated[2], dated[3]

    def lane_dates(self, at: int) -> tuple[int, list[tuple[Lane, int, int]]]:
        """The finish, and each lane's start and finish, when work begins at ``at``."""
        dated = self._dated(at, 0)
        return dated[3], dated[4]

    def _dated(self, at: int, percent: int) -> _Dated:
        """From the forward pass's start, the dates are the forward pass's, unless a lane
        waits a delay: no lane works between where work could begin and where the first
        lane does, so each lane begins where it did."""
        dated = self.dated
        if (
            dated is not None
            and dated[1] == percent
            and (dated[0] == at or (dated[2] == at and (percent or not self.delayed)))
        ):
            return dated
        out = []
        start = FAR
        finish = -FAR
        for lane in self.lanes:
            left = (lane.duration * (100 - percent) + 50) // 100 if percent else lane.duration
            delay = 0 if percent else lane.delay
            hours = lane.hours
            if not left and not lane.delay:
                first = last = at
            elif hours is None:
                first = at + delay
                last = first + left
            else:
                first, last = hours.forward(at, delay, left)
            out.append((lane, first, last))
            if first < start:
                start = first
            if last > finish:
                finish = last
        return at, percent, start, finish, out

    def backward(self, limit: int, percent: int = 0) -> tuple[int, int]:
        """Late start and late finish when the work must be done by ``limit``."""
        start = FAR
        finish = -FAR
        for lane in self.lanes:
            left = (lane.duration * (100 - percent) + 50) // 100 if percent else lane.duration
            delay = 0 if percent else lane.delay
            hours = lane.hours
            if not left and not lane.delay:
                first = last = limit
            elif hours is None:
                last = limit
                first = limit - left - delay if left else limit
            else:
                first, last = hours.backward(limit, delay, left)
            if first < start:
                start = first
            if last > finish:
                finish = last
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
    #: Per task position: whether its dates come through its lanes (a lane keeps other
    #: hours than the clock's, or waits a delay); the others are plain arithmetic.
    shaped: list[bool]
    #: Per task position: the sum of its work assignments' work.
    work: list[int]
    #: Per task position: the calendar its float and duration are read on.
    own: list[CalendarSpec]
    #: Per assignment (the project's order): its lane, or ``None`` for an assignment that
    #: spans its task (material, cost, no work to do).
    assignment_lanes: list[Lane | None]
    #: Per assignment: its task's position (-1 for none).
    assignment_tasks: list[int]
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
            [False] * len(tasks),
            [0] * len(tasks),
            [base] * len(tasks),
            [],
            [],
            {base},
            [],
        )
    problems = validate_resources(project)
    resources = {resource.uid: resource for resource in project.resources}
    # Each work resource's calendar, and whether it keeps other hours than the project's
    # (material and cost resources have no lanes).
    hours_of: dict[int, tuple[CalendarSpec, bool]] = {}
    for resource in project.resources:
        if resource.type is ResourceType.WORK:
            spec = resource.calendar or base
            hours_of[resource.uid] = (spec, spec is not base and spec != base)
    off_hours: set[int] = set()  # the resources off the project's hours that have lanes
    index_of = {task.uid: position for position, task in enumerate(tasks)}
    assignments = project.assignments
    assignment_tasks = [index_of.get(assignment.task, -1) for assignment in assignments]
    assigned: list[list[int]] = [[] for _ in tasks]
    for slot, position in enumerate(assignment_tasks):
        if position >= 0 and assignments[slot].resource in resources:
            assigned[position].append(slot)
    durations = [task.duration for task in tasks]
    lanes: list[list[Lane] | None] = [None] * len(tasks)
    shaped = [False] * len(tasks)
    assignment_lanes: list[Lane | None] = [None] * len(assignments)
    work = [0] * len(tasks)
    own = [task.calendar or base for task in tasks]
    specs: set[CalendarSpec] = {base}
    # A lane lasts its work over its units (rounded to the minute), or the task's duration
    # on a fixed-duration task; worked out inline below, once per assignment.
    fixed_duration = TaskType.FIXED_DURATION
    for position, task in enumerate(tasks):
        if summary[position]:
            continue
        slots = assigned[position]
        task_calendar = task.calendar
        if not slots and task_calendar is None:
            continue
        task_lanes: list[Lane] = []
        longest = 0
        worked = 0
        odd = False  # off the project calendar's hours, or delayed
        for slot in slots:
            assignment = assignments[slot]
            found = hours_of.get(assignment.resource)
            if found is None:
                continue
            worked += assignment.work
            if assignment.units <= 0 or assignment.work <= 0 or task.milestone:
                continue
            spec, off = found
            if task_calendar is None:
                if off:
                    off_hours.add(assignment.resource)
            else:
                if task.ignore_resource_calendars:
                    spec = task_calendar
                else:
                    spec = intersect_calendars(task_calendar, spec)
                    if calendar_problems(spec):
                        resource = resources[assignment.resource]
                        problems.append(
                            Problem(
                                f"{_label(task)}: its calendar {task_calendar.name!r} and the "
                                f"calendar of {resource.name or 'resource'} (UID "
                                f"{resource.uid}) share no working time.",
                                task.uid,
                            )
                        )
                        continue
                off = spec != base
                if off:
                    specs.add(spec)
            if off or assignment.delay:
                odd = True
            length = (
                task.duration
                if task.type is fixed_duration
                else (assignment.work * 100 + assignment.units // 2) // assignment.units
            )
            lane = assignment_lanes[slot] = Lane(spec, length, assignment.delay, slot)
            task_lanes.append(lane)
            if length + assignment.delay > longest:
                longest = length + assignment.delay
        work[position] = worked
        if task_lanes:
            durations[position] = longest
        else:
            task_lanes = [Lane(own[position], task.duration)]
            odd = own[position] != base
        lanes[position] = task_lanes
        shaped[position] = odd
    specs.update(hours_of[uid][0] for uid in off_hours)
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
            held = lanes[position]
            if held is None:
                if not summary[position]:
                    lanes[position] = [Lane(base, task.duration)]
                    shaped[position] = True
            else:
                shaped[position] = any(
                    lane.delay or (lane.spec is not clock and lane.spec != clock) for lane in held
                )
    specs.add(clock)
    return WorkPlan(
        clock,
        durations,
        lanes,
        shaped,
        work,
        own,
        assignment_lanes,
        assignment_tasks,
        specs,
        problems,
    )
