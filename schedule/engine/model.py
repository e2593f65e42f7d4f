"""The engine's plain data: what goes in (a ``Project``) and what comes out (a ``Result``).

Time inside the engine is counted in working minutes, as Microsoft Project counts it, so
part-day durations and lags schedule exactly; people see days (``Project.minutes_per_day``).
Nothing here knows about Django.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum


class LinkType(StrEnum):
    FS = "FS"  # finish-to-start
    SS = "SS"  # start-to-start
    FF = "FF"  # finish-to-finish
    SF = "SF"  # start-to-finish


class LagUnit(StrEnum):
    """How a lag is counted: in the calendar's working minutes, or in elapsed minutes
    (Microsoft Project's "edays", "ehrs": round the clock, weekends included)."""

    WORKING = "working"
    ELAPSED = "elapsed"


class Constraint(StrEnum):
    ASAP = "asap"  # as soon as possible
    ALAP = "alap"  # as late as possible
    SNET = "snet"  # start no earlier than
    SNLT = "snlt"  # start no later than
    FNET = "fnet"  # finish no earlier than
    FNLT = "fnlt"  # finish no later than
    MSO = "mso"  # must start on
    MFO = "mfo"  # must finish on


#: Constraints that pin a task to a date whatever its logic says (DCMA check 5 counts them).
HARD_CONSTRAINTS = frozenset({Constraint.MSO, Constraint.MFO, Constraint.SNLT, Constraint.FNLT})

WorkingTimes = tuple[tuple[int, int], ...]
"""Working periods of one day as (from, to) minutes after midnight, ascending, not overlapping;
an empty tuple is a day off. (480, 720), (780, 1020) is 8:00-12:00 and 13:00-17:00."""

STANDARD_DAY: WorkingTimes = ((480, 720), (780, 1020))


@dataclass(frozen=True, slots=True)
class CalendarException:
    """Dates ``start`` to ``end`` (inclusive) work ``working_times`` instead of the usual
    week: empty for a closure, periods for an extra working day. Recurring exceptions are
    expanded into one exception per occurrence before they reach the engine."""

    start: date
    end: date
    working_times: WorkingTimes = ()
    name: str = ""


@dataclass(frozen=True, slots=True)
class CalendarSpec:
    """A working-time calendar: the week (Monday first, seven entries), US federal holidays or
    not, and exceptions. An exception wins over a holiday, a holiday over the week."""

    name: str = "Standard"
    week: tuple[WorkingTimes, ...] = (STANDARD_DAY,) * 5 + ((), ())
    us_federal_holidays: bool = True
    exceptions: tuple[CalendarException, ...] = ()
    #: Hashed once: the engine keys its calendars by spec, thousands of times per run.
    _hash: int = field(default=0, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        key = (self.name, self.week, self.us_federal_holidays, self.exceptions)
        object.__setattr__(self, "_hash", hash(key))

    def __hash__(self) -> int:
        return self._hash


class TaskType(StrEnum):
    """What stays put when one of duration, units and work changes (Microsoft Project's task
    types). The engine schedules from work and units on fixed-units and fixed-work tasks and
    from the duration on fixed-duration ones; the edit rules live in the portal's services."""

    FIXED_UNITS = "fixed_units"
    FIXED_DURATION = "fixed_duration"
    FIXED_WORK = "fixed_work"


class EarnedValueMethod(StrEnum):
    """How a task earns its budget (ANSI/EIA-748 earned value techniques)."""

    PERCENT_COMPLETE = "percent_complete"
    ZERO_HUNDRED = "0/100"  # earns all at finish
    FIFTY_FIFTY = "50/50"  # half at start, half at finish
    WEIGHTED_MILESTONES = "weighted_milestones"  # the weights of the steps passed


class ResourceType(StrEnum):
    WORK = "work"  # people or roles: scheduled on their calendar, paid by the hour
    MATERIAL = "material"  # consumed by quantity: no calendar, paid by the unit
    COST = "cost"  # a cost item (travel, licences): the amount is entered per assignment


@dataclass(frozen=True, slots=True)
class Rate:
    """One row of a resource's cost rate table: in effect from ``effective`` (the start of
    time when ``None``) until the next row's date. Money is in dollars; ``standard`` and
    ``overtime`` are per hour for work resources and per unit for material ones."""

    effective: date | None = None
    standard: Decimal = Decimal(0)
    overtime: Decimal = Decimal(0)
    per_use: Decimal = Decimal(0)


@dataclass(frozen=True, slots=True)
class Resource:
    uid: int
    name: str = ""
    type: ResourceType = ResourceType.WORK
    #: Most of the resource's time it may be given at once, in percent (100 = one full-time
    #: person, 300 = three). Work resources only.
    max_units: int = 100
    #: The resource's working time (its base calendar with its own exceptions); ``None`` means
    #: the project calendar. Material and cost resources have none.
    calendar: CalendarSpec | None = None
    #: Cost rate table, ascending by ``effective``; empty means free.
    rates: tuple[Rate, ...] = ()


@dataclass(frozen=True, slots=True)
class Assignment:
    """A resource on a task.

    Work resources: ``units`` is the share of the resource's time in percent (50 part-time,
    150 over-time) and ``work`` the working minutes it spends; on a fixed-units or fixed-work
    task the assignment lasts ``remaining work / units`` on its calendar. Material resources:
    ``quantity`` units consumed. Cost resources: ``cost`` is the amount. ``actual_cost``
    entered directly wins over the cost of the actual work.
    """

    uid: int
    task: int
    resource: int
    units: int = 100
    work: int = 0  # working minutes
    actual_work: int = 0  # working minutes
    #: Work left; ``None`` means ``work - actual_work``.
    remaining_work: int | None = None
    #: Working minutes after the task's start before this assignment begins.
    delay: int = 0
    quantity: Decimal = Decimal(0)
    cost: Decimal | None = None
    actual_cost: Decimal | None = None

    @property
    def remaining(self) -> int:
        if self.remaining_work is not None:
            return self.remaining_work
        return max(0, self.work - self.actual_work)


@dataclass(frozen=True, slots=True)
class Task:
    """One row of the schedule. A task whose ``uid`` is some other task's ``parent`` is a
    summary task: its dates, duration and percent complete roll up from its children, and its
    own ``duration`` is ignored. Tasks are given in outline order (a parent before its
    children)."""

    uid: int
    name: str = ""
    duration: int = 0  # working minutes
    milestone: bool = False
    parent: int | None = None
    constraint: Constraint = Constraint.ASAP
    constraint_date: datetime | None = None
    deadline: datetime | None = None
    actual_start: datetime | None = None
    actual_finish: datetime | None = None
    percent_complete: int = 0  # 0..100
    #: A manually scheduled task keeps ``start`` (and its duration) whatever its logic says.
    manual: bool = False
    start: datetime | None = None
    #: The task's own calendar (Microsoft Project's task calendar), which then governs its
    #: dates; ``None`` means the project calendar.
    calendar: CalendarSpec | None = None
    #: With a task calendar: schedule on it alone, not on the working time it shares with
    #: the calendars of the task's resources.
    ignore_resource_calendars: bool = False
    type: TaskType = TaskType.FIXED_UNITS
    effort_driven: bool = False
    fixed_cost: Decimal = Decimal(0)
    #: Actual cost entered directly for the task (otherwise it comes from actual work).
    actual_cost: Decimal | None = None
    ev_method: EarnedValueMethod = EarnedValueMethod.PERCENT_COMPLETE
    #: For weighted milestones: each step's share of the budget in percent, in order, summing
    #: to 100; a step is earned once percent complete reaches the running total.
    ev_weights: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class Link:
    predecessor: int
    successor: int
    type: LinkType = LinkType.FS
    lag: int = 0  # minutes, negative for a lead; working or elapsed per ``lag_unit``
    lag_unit: LagUnit = LagUnit.WORKING


@dataclass(frozen=True, slots=True)
class Project:
    start: datetime
    tasks: Sequence[Task]
    links: Sequence[Link] = ()
    calendar: CalendarSpec = field(default_factory=CalendarSpec)
    #: Progress is reported against this moment: remaining work is scheduled from it.
    status_date: datetime | None = None
    #: A task is critical when its total float is at or below this many working minutes.
    critical_float: int = 0
    minutes_per_day: int = 480
    minutes_per_week: int = 2400
    resources: Sequence[Resource] = ()
    assignments: Sequence[Assignment] = ()


@dataclass(frozen=True, slots=True)
class TaskTimes:
    """Computed dates of one task. ``start``/``finish`` are what the schedule forecasts
    (actuals where the task has them, early dates otherwise)."""

    uid: int
    start: datetime
    finish: datetime
    early_start: datetime
    early_finish: datetime
    late_start: datetime
    late_finish: datetime
    total_float: int  # working minutes; negative when a constraint or deadline forces it
    free_float: int  # working minutes
    critical: bool
    summary: bool
    duration: int  # working minutes (rolled up for summary tasks)
    percent_complete: int  # rolled up (duration-weighted) for summary tasks
    work: int = 0  # working minutes of its work assignments (summed up for summary tasks)


@dataclass(frozen=True, slots=True)
class AssignmentTimes:
    """When one assignment's work happens: from ``start`` to ``finish`` on ``calendar`` (the
    resource's, shared with the task's unless it ignores resource calendars), spread flat.
    Material and cost assignments follow their task's dates."""

    uid: int
    task: int
    resource: int
    start: datetime
    finish: datetime
    calendar: CalendarSpec
    #: Working minutes on ``calendar`` from start to finish (0 for material and cost ones).
    duration: int = 0


@dataclass(frozen=True, slots=True)
class Result:
    project: Project
    start: datetime
    finish: datetime
    tasks: dict[int, TaskTimes]
    #: Critical tasks (not summaries), in early start order.
    critical_path: tuple[int, ...]
    assignments: dict[int, AssignmentTimes] = field(default_factory=dict)
