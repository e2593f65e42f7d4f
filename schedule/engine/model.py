"""The engine's plain data: what goes in (a ``Project``) and what comes out (a ``Result``).

Time inside the engine is counted in working minutes, as Microsoft Project counts it, so
part-day durations and lags schedule exactly; people see days (``Project.minutes_per_day``).
Nothing here knows about Django.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
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


@dataclass(frozen=True, slots=True)
class Result:
    project: Project
    start: datetime
    finish: datetime
    tasks: dict[int, TaskTimes]
    #: Critical tasks (not summaries), in early start order.
    critical_path: tuple[int, ...]
