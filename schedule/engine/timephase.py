"""Time-phased work and cost: how much happens in each day, week, month or fiscal period.

An assignment's work and cost are spread flat over its working time, minute-exact on its
calendar: the working minutes in a period are the difference of the calendar's working
minutes at the period's boundaries, never a walk over the days. Money is in integer cents
and each assignment's spread is rounded by largest remainder (ties to the earlier period),
so the periods always add up exactly to the assignment's cost from ``cost.costs`` and every
roll-up (task, WBS summary, resource, project) to the sum of its parts.

Accruals are Microsoft Project's defaults: a work or material assignment's cost follows its
work (a rate change moves the weight), the per-use cost falls on its start, a cost
resource's amount and a task's fixed cost are prorated over the working time (the task's
calendar for fixed cost). Material quantities are not work: they add to cost only.

Pricing is one Python pass over the assignments; cutting the spans into periods, rounding
and adding up are array operations over all of them at once (``spreading``).

Federal fiscal years run October to September (FY2027 starts 1 October 2026) and their
periods are the months, period 1 being October.
"""

from __future__ import annotations

from array import array
from bisect import bisect_right
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import Any

import numpy as np
import numpy.typing as npt

from .calendar import WorkCalendar
from .cost import Pricer, RateTable, rate_table, round_half_up, to_cents, value_cents
from .model import (
    Assignment,
    CalendarSpec,
    Project,
    Resource,
    ResourceType,
    Result,
    Task,
    TaskTimes,
)
from .spreading import Ints, at_rates, cut, ints, rate_weights, roll_up, share, sums
from .spreading import apportion as apportion  # where it always was


class Period(StrEnum):
    DAY = "day"
    WEEK = "week"  # ISO week, from Monday
    MONTH = "month"
    FISCAL_PERIOD = "fiscal_period"  # a month, labelled by federal fiscal year and period
    FISCAL_YEAR = "fiscal_year"  # 1 October to 30 September


def period_start(day: date, period: Period) -> date:
    """The first day of the period that holds ``day`` (the period's key)."""
    if period is Period.DAY:
        return day
    if period is Period.WEEK:
        return day - timedelta(days=day.weekday())
    if period is Period.FISCAL_YEAR:
        return date(day.year if day.month >= 10 else day.year - 1, 10, 1)
    return day.replace(day=1)


def next_period(key: date, period: Period) -> date:
    """The first day of the period after the one starting ``key``."""
    if period is Period.DAY:
        return key + timedelta(days=1)
    if period is Period.WEEK:
        return key + timedelta(days=7)
    if period is Period.FISCAL_YEAR:
        return date(key.year + 1, 10, 1)
    return date(key.year + 1, 1, 1) if key.month == 12 else date(key.year, key.month + 1, 1)


def fiscal_period(day: date) -> tuple[int, int]:
    """Federal fiscal year and period (1 = October ... 12 = September) of ``day``."""
    return (day.year + 1 if day.month >= 10 else day.year), (day.month - 10) % 12 + 1


def period_label(key: date, period: Period) -> str:
    """How people read a period: ``2026-06-01``, ``2026-W23``, ``2026-06``, ``FY2027 P01``,
    ``FY2027``."""
    if period is Period.WEEK:
        year, week, _ = key.isocalendar()
        return f"{year}-W{week:02d}"
    if period is Period.MONTH:
        return f"{key.year}-{key.month:02d}"
    if period is Period.FISCAL_PERIOD:
        year, number = fiscal_period(key)
        return f"FY{year} P{number:02d}"
    if period is Period.FISCAL_YEAR:
        return f"FY{fiscal_period(key)[0]}"
    return key.isoformat()


def cumulative(series: Mapping[date, int]) -> list[tuple[date, int]]:
    """Running totals in date order: the S-curve of a planned value (or any) series."""
    out = []
    running = 0
    for key in sorted(series):
        running += series[key]
        out.append((key, running))
    return out


@dataclass(slots=True)
class Series:
    """Values by period key (the period's first day); only periods with a value are kept.
    (Not frozen: one is built per assignment, and frozen ones cost more to build.)"""

    work: dict[date, int]  # working minutes of work resources
    cost: dict[date, int]  # cents


@dataclass(frozen=True, slots=True)
class TimePhased:
    """``tasks`` are rolled up: a WBS summary holds its children's values (and its own)."""

    period: Period
    assignments: dict[int, Series]
    tasks: dict[int, Series]
    resources: dict[int, Series]
    project: Series


class Splitter:
    """Working minutes of a span in each period. The period keys form one grid and each
    calendar keeps the working minute at every key, so a span's pieces are a search and a
    few list reads. The grid grows in place to hold whatever it is asked about."""

    def __init__(self, period: Period, first: date | None = None, last: date | None = None) -> None:
        self.period = period
        #: ``keys[i]`` starts period ``i``; the last key only ends the one before it.
        self.keys: list[date] = []
        self._midnights: list[datetime] = []  # the keys as datetimes, for the calendars
        self._edges: dict[WorkCalendar, list[int]] = {}
        self._keys: dict[date, date] = {}
        if first is not None and last is not None:
            self.reach(first, last)

    def key(self, day: date) -> date:
        found = self._keys.get(day)
        if found is None:
            found = self._keys[day] = period_start(day, self.period)
        return found

    def edges(self, calendar: WorkCalendar) -> list[int]:
        """The working minute at each key on ``calendar`` (kept in step with the keys)."""
        edges = self._edges.get(calendar)
        if edges is None:
            edges = self._edges[calendar] = calendar.minutes_of(self._midnights)
        return edges

    def cover(self, calendar: WorkCalendar, start: int, finish: int) -> list[int]:
        """``edges``, the grid grown to hold the working minutes ``start`` to ``finish``."""
        edges = self.edges(calendar)
        if not edges or start < edges[0] or finish > edges[-1]:
            self.reach(
                calendar.to_datetime(start, finish=False).date(),
                calendar.to_datetime(finish, finish=True).date(),
            )
        return edges

    def reach(self, first: date, last: date) -> None:
        """Add the periods from the one holding ``first`` to the one holding ``last`` that
        the grid lacks, and their edges on every calendar seen so far."""
        keys = self.keys
        low = period_start(first, self.period)
        high = next_period(period_start(last, self.period), self.period)
        if not keys:
            before, after = self._run(low, high), []
        else:
            before = self._run(low, keys[0])[:-1] if low < keys[0] else []
            after = self._run(keys[-1], high)[1:]
        keys[:0] = before
        keys += after
        earlier, later = _midnights(before), _midnights(after)
        self._midnights[:0] = earlier
        self._midnights += later
        for calendar, edges in self._edges.items():
            edges[:0] = calendar.minutes_of(earlier)
            edges += calendar.minutes_of(later)

    def _run(self, key: date, stop: date) -> list[date]:
        """Keys from ``key`` to the first one at or after ``stop``."""
        run = [key]
        while key < stop:
            key = next_period(key, self.period)
            run.append(key)
        return run

    def split(
        self, calendar: WorkCalendar, at: datetime, start: int, finish: int
    ) -> tuple[list[date], list[int], list[int]]:
        """Period keys, and for each the first and last working minute of the span in it; a
        span without working time falls in the period of ``at``, its start."""
        if finish <= start:
            return [self.key(at.date())], [start], [start]
        edges = self.cover(calendar, start, finish)
        keys = self.keys
        index = bisect_right(edges, start) - 1
        found: list[date] = []
        lows: list[int] = []
        highs: list[int] = []
        low = start
        while low < finish:
            high = edges[index + 1]
            if high > finish:
                high = finish
            if high > low:  # a period without working time has no piece
                found.append(keys[index])
                lows.append(low)
                highs.append(high)
                low = high
            index += 1
        return found, lows, highs


def _midnights(days: Iterable[date]) -> list[datetime]:
    return [datetime(day.year, day.month, day.day) for day in days]


#: A span to spread is a row of: task and resource (indexes; -1 for a fixed cost), calendar
#: (an index into ``_Spans.calendars``), working minutes of start and finish, work, the cents
#: that follow the work, the per-use cents, and the rate table weighing the cost (-1: none).
_COLUMNS = 9
#: A calendar spec, its calendar and index, the working minute of each datetime converted on
#: it, and per resource uid its rates there (``_Spans._rates``).
_Clock = tuple[CalendarSpec, WorkCalendar, int, dict[datetime, int], dict[int, tuple[int, ...]]]


class _Spans:
    """The spans of a project to spread, priced as ``Pricer.price`` prices them: every
    assignment, then every task's fixed cost over the task's working time. Pricing 20,000
    assignments one call at a time took longer than all the spreading, so the scheduler's
    work assignments, nearly all of them, are priced here without building a ``Priced``, and
    each datetime of the scheduler (they repeat: a task's assignments start together) is
    converted to working minutes once."""

    def __init__(self, project: Project, result: Result) -> None:
        self.project = project
        self.result = result
        self.pricer = Pricer(project, result)
        self.tasks = {task.uid: index for index, task in enumerate(project.tasks)}
        self.resources = {r.uid: index for index, r in enumerate(project.resources)}
        self.calendars: list[WorkCalendar] = []
        self.tables: list[RateTable] = []
        #: The rows one after the other: 64-bit integers, no Python object per row.
        self.rows = array("q")
        #: Rows without working time, and the start that gives their period.
        self.resting: dict[int, datetime] = {}
        #: Rows of work at rates that change over it: their cost waits for the cost weights.
        self.at_rates: list[int] = []
        self._clocks: dict[int, _Clock] = {}
        self._calendar_index: dict[WorkCalendar, int] = {}
        self._table_index: dict[int, int] = {}

    def add_assignments(self) -> None:
        by_uid = self.pricer.resources
        tasks = self.tasks
        resources = self.resources
        times_of = self.result.assignments
        clocks = self._clocks
        rows = self.rows
        work_kind = ResourceType.WORK
        for assignment in self.project.assignments:
            times = times_of.get(assignment.uid)
            resource = by_uid[assignment.resource]
            if times is None or resource.type is not work_kind:
                self._add_priced(assignment)
                continue
            # ``_span``, inlined: this loop is most of the pricing.
            spec = times.calendar
            clock = clocks.get(id(spec))
            if clock is None or clock[0] is not spec:
                clock = self._clock(spec)
            _, calendar, index, minutes_at, rates_of = clock
            start = minutes_at.get(times.start)
            if start is None:
                start = minutes_at[times.start] = calendar.to_minutes(times.start)
            finish = minutes_at.get(times.finish)
            if finish is None:
                finish = minutes_at[times.finish] = calendar.to_minutes(times.finish)
            if finish <= start:
                finish = start
                self.resting[len(rows) // _COLUMNS] = times.start
            rates = rates_of.get(resource.uid)
            if rates is None:
                rates = rates_of[resource.uid] = self._rates(resource, calendar)
            work = assignment.actual_work + assignment.remaining
            # Half up, as ``round_half_up`` (nothing here is negative): the work at its
            # rate, and the per-use cost once per unit assigned.
            if len(rates) == 3:
                numerator, denominator, per_use = rates
                variable = (work * numerator + denominator) // (2 * denominator)
                table = -1
            else:
                table = rates[0]
                changing = self.tables[table]
                per_use = changing.per_use[changing.index_at(start)]
                if finish > start:
                    self.at_rates.append(len(rows) // _COLUMNS)
                    variable = 0
                else:
                    variable = round_half_up(*value_cents(changing, start, 0, work, work, 60))
            rows.extend((
                tasks[assignment.task], resources[assignment.resource], index, start,
                finish, work, variable, (per_use * assignment.units + 50) // 100, table,
            ))  # fmt: skip

    def add_fixed_costs(self) -> None:
        default = self.project.calendar
        for task in self.project.tasks:
            if task.fixed_cost:
                times = self.result.tasks[task.uid]
                index, start, finish = self._span(task.calendar or default, times)
                self.rows.extend((
                    self.tasks[task.uid], -1, index, start, finish, 0,
                    to_cents(task.fixed_cost), 0, -1,
                ))  # fmt: skip

    def _add_priced(self, assignment: Assignment) -> None:
        """An assignment the scheduler did not place, or not of a work resource."""
        priced = self.pricer.price(assignment, planned_only=True)
        table = -1
        if len(priced.table.rates) > 1 and priced.resource.type is not ResourceType.COST:
            table = self._table(priced.table)
        if priced.finish <= priced.start:
            times = self.result.assignments.get(assignment.uid)
            at = times.start if times is not None else self.result.tasks[assignment.task].start
            self.resting[len(self.rows) // _COLUMNS] = at
        self.rows.extend((
            self.tasks[assignment.task], self.resources[assignment.resource],
            self._calendar(priced.calendar), priced.start, priced.finish, priced.work,
            priced.variable, priced.per_use, table,
        ))  # fmt: skip

    def _span(self, spec: CalendarSpec, times: TaskTimes) -> tuple[int, int, int]:
        """The calendar (index) and the working minutes of start and finish on ``spec`` of
        the next row, as ``Pricer.task_span`` has them."""
        clock = self._clocks.get(id(spec))
        if clock is None or clock[0] is not spec:
            clock = self._clock(spec)
        _, calendar, index, minutes_at, _ = clock
        start = minutes_at.get(times.start)
        if start is None:
            start = minutes_at[times.start] = calendar.to_minutes(times.start)
        finish = minutes_at.get(times.finish)
        if finish is None:
            finish = minutes_at[times.finish] = calendar.to_minutes(times.finish)
        if finish <= start:
            self.resting[len(self.rows) // _COLUMNS] = times.start
        return index, start, max(start, finish)

    def _clock(self, spec: CalendarSpec) -> _Clock:
        calendar = self.pricer.calendars.get(spec)
        clock = self._clocks[id(spec)] = (spec, calendar, self._calendar(calendar), {}, {})
        return clock

    def _calendar(self, calendar: WorkCalendar) -> int:
        index = self._calendar_index.get(calendar)
        if index is None:
            index = self._calendar_index[calendar] = len(self.calendars)
            self.calendars.append(calendar)
        return index

    def _table(self, table: RateTable) -> int:
        index = self._table_index.get(id(table))
        if index is None:
            index = self._table_index[id(table)] = len(self.tables)
            self.tables.append(table)
        return index

    def _rates(self, resource: Resource, calendar: WorkCalendar) -> tuple[int, ...]:
        """At one rate: twice the numerator and the denominator of its cents per working
        minute, and its per-use cents (as ``Pricer.price`` has them); otherwise the index of
        its rate table."""
        table = rate_table(resource, calendar)
        if len(table.rates) == 1:
            return 200 * table.rates[0], 60 * table.denominator, table.per_use[0]
        return (self._table(table),)


@dataclass(frozen=True, slots=True)
class _Spread:
    """Every span cut into its periods, with its work and cost in each."""

    keys: npt.NDArray[Any]  # the period keys (dates), by period index
    width: int  # period indexes are below it
    #: The first spans are the assignments, in the project's order: pieces up to this.
    assignments: int
    task: Ints  # per span
    resource: Ints  # per span
    span: Ints  # per piece, in span order
    period: Ints  # per piece
    work: Ints  # per piece
    cost: Ints  # per piece


def _spread(project: Project, result: Result, period: Period) -> _Spread:
    """Every assignment and fixed cost priced, cut at the period boundaries and shared out
    over the pieces."""
    spans = _Spans(project, result)
    spans.add_assignments()
    count = len(spans.rows) // _COLUMNS
    spans.add_fixed_costs()
    task, resource, calendar, start, finish, work, variable, per_use, table = (
        np.frombuffer(spans.rows, dtype=np.int64).reshape(-1, _COLUMNS).T
    )
    splitter = Splitter(period, result.start.date(), result.finish.date())
    keys, edges, resting = _grid(spans, splitter, calendar, start, finish)
    pieces = cut(edges, calendar, start, finish, resting)
    weights = rate_weights(pieces, table, [(t.bounds, t.rates) for t in spans.tables])
    if spans.at_rates:
        rows = ints(spans.at_rates)
        weighted = np.add.reduceat(weights, pieces.bounds[:-1])[rows]
        denominators = [spans.tables[which].denominator for which in table[rows].tolist()]
        variable[rows] = at_rates(work[rows], weighted, finish[rows] - start[rows], denominators)
    cost = share(pieces, variable, weights)
    cost[pieces.bounds[:-1]] += per_use
    return _Spread(
        np.array(keys, dtype=object),
        len(keys),
        int(pieces.bounds[count]),
        task,
        resource,
        pieces.span,
        pieces.period,
        share(pieces, work, pieces.minutes),
        cost,
    )


def _grid(
    spans: _Spans, splitter: Splitter, calendar: Ints, start: Ints, finish: Ints
) -> tuple[list[date], Ints, Ints]:
    """The period keys, grown from the result's to hold every span; the working minute at
    each key on each calendar; and the period of each span without working time."""
    working = finish > start
    first = np.full(len(spans.calendars), np.iinfo(np.int64).max)
    last = np.full(len(spans.calendars), np.iinfo(np.int64).min)
    np.minimum.at(first, calendar[working], start[working])
    np.maximum.at(last, calendar[working], finish[working])
    for on, low, high in zip(spans.calendars, first.tolist(), last.tolist(), strict=True):
        if low < high:
            splitter.cover(on, low, high)
    for at in spans.resting.values():
        splitter.reach(at.date(), at.date())
    keys = splitter.keys
    position = {key: index for index, key in enumerate(keys)}
    resting = np.zeros(len(start), dtype=np.int64)
    for row, at in spans.resting.items():
        resting[row] = position[splitter.key(at.date())]
    edges = [splitter.edges(on) for on in spans.calendars] or [[0] * len(keys)]
    return keys, ints(edges), resting


def _series(
    count: int, owner: Ints, keys: npt.NDArray[Any], period: Ints, work: Ints, cost: Ints
) -> list[Series]:
    """A series for each owner ``0`` to ``count - 1`` of rows in owner order, the periods
    with nothing left out."""
    parts = []
    for values in (work, cost):
        kept = np.flatnonzero(values)
        bounds = np.searchsorted(owner[kept], np.arange(count + 1)).tolist()
        parts.append((bounds, keys[period[kept]].tolist(), values[kept].tolist()))
    (work_bounds, work_keys, works), (cost_bounds, cost_keys, costs) = parts
    return [
        Series(_entries(work_keys, works, a, b), _entries(cost_keys, costs, c, d))
        for a, b, c, d in zip(
            work_bounds, work_bounds[1:], cost_bounds, cost_bounds[1:], strict=False
        )
    ]


def _entries(keys: list[date], values: list[int], low: int, high: int) -> dict[date, int]:
    """``keys[low:high]`` to ``values[low:high]``: a literal for one or two periods, most
    owners' (building 20,000 dicts from slices took longer than the spreading)."""
    if high - low == 1:
        return {keys[low]: values[low]}
    if high - low == 2:
        return {keys[low]: values[low], keys[low + 1]: values[low + 1]}
    return dict(zip(keys[low:high], values[low:high], strict=True))


def _own(spread: _Spread) -> tuple[Ints, list[Ints]]:
    """Each task's own values (its assignments and fixed cost) by ``task * width + period``."""
    return sums(spread.task[spread.span] * spread.width + spread.period, spread.work, spread.cost)


def _parents(tasks: Sequence[Task]) -> Ints:
    """Each task's parent (index), -1 for a top-level task."""
    index: dict[int | None, int] = {task.uid: position for position, task in enumerate(tasks)}
    return ints([index.get(task.parent, -1) for task in tasks])


def time_phased(project: Project, result: Result, period: Period = Period.MONTH) -> TimePhased:
    """Planned work and cost by ``period`` for every assignment, task (rolled up), resource
    and the project. Raises ``ScheduleError`` as ``cost.costs`` does."""
    spread = _spread(project, result, period)
    keys, width, mine = spread.keys, spread.width, spread.assignments
    span, periods = spread.span[:mine], spread.period[:mine]
    work, cost = spread.work[:mine], spread.cost[:mine]
    assignments = _series(len(project.assignments), span, keys, periods, work, cost)
    codes, (work, cost) = sums(spread.resource[span] * width + periods, work, cost)
    resources = _series(len(project.resources), codes // width, keys, codes % width, work, cost)
    parent = _parents(project.tasks)
    codes, own = _own(spread)
    codes, (work, cost) = roll_up(parent, codes, width, *own)
    tasks = _series(len(project.tasks), codes // width, keys, codes % width, work, cost)
    top = parent[codes // width] < 0
    codes, (work, cost) = sums(codes[top] % width, work[top], cost[top])
    (whole,) = _series(1, np.zeros(len(codes), dtype=np.int64), keys, codes, work, cost)
    return TimePhased(
        period,
        dict(zip([a.uid for a in project.assignments], assignments, strict=True)),
        dict(zip([t.uid for t in project.tasks], tasks, strict=True)),
        dict(zip([r.uid for r in project.resources], resources, strict=True)),
        whole,
    )


# -- baselines ------------------------------------------------------------------------------

BaselineSpread = dict[int, list[tuple[date, int]]]
"""What a baseline stores of its planned values: per task uid, its own planned cost (its
assignments and fixed cost, not its children's) as (day, cents) for the days that have some,
in date order. Roll a summary up by adding its descendants' entries."""


def baseline_spread(project: Project, result: Result) -> BaselineSpread:
    """The project's planned cost by day and task, compact enough to store with a baseline."""
    spread = _spread(project, result, Period.DAY)
    codes, (_, cost) = _own(spread)
    kept = np.flatnonzero(cost)
    task = codes[kept] // spread.width
    bounds = np.searchsorted(task, np.arange(len(project.tasks) + 1)).tolist()
    days = spread.keys[codes[kept] % spread.width].tolist()
    entries = list(zip(days, cost[kept].tolist(), strict=True))
    return {
        row.uid: entries[low:high]
        for row, low, high in zip(project.tasks, bounds, bounds[1:], strict=False)
        if high > low
    }


def planned_value_at(entries: Sequence[tuple[date, int]], day: date) -> int:
    """Cents planned up to and including ``day`` in one task's stored entries."""
    return sum(cents for when, cents in entries if when <= day)


def budget(entries: Sequence[tuple[date, int]]) -> int:
    """All the cents of one task's stored entries (its budget at completion)."""
    return sum(cents for _, cents in entries)


def by_label(series: Mapping[date, int], period: Period) -> dict[str, int]:
    """A series keyed by its periods' labels, in date order (for a table or a chart)."""
    return {period_label(key, period): series[key] for key in sorted(series)}
