"""Time-phased work and cost: how much happens in each day, week, month or fiscal period.

An assignment's work and cost are spread flat over its working time, minute-exact on its
calendar: the working minutes in a period are two lookups (``WorkCalendar.to_minutes`` at
the period's boundaries), never a walk over the days. Money is in integer cents and each
assignment's spread is rounded by largest remainder (ties to the earlier period), so the
periods always add up exactly to the assignment's cost from ``cost.costs`` and every roll-up
(task, WBS summary, resource, project) to the sum of its parts.

Accruals are Microsoft Project's defaults: a work or material assignment's cost follows its
work (a rate change moves the weight), the per-use cost falls on its start, a cost
resource's amount and a task's fixed cost are prorated over the working time (the task's
calendar for fixed cost). Material quantities are not work: they add to cost only.

Federal fiscal years run October to September (FY2027 starts 1 October 2026) and their
periods are the months, period 1 being October.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum

from .calendar import WorkCalendar
from .cost import Priced, Pricer, RateTable, fixed_cost_cents, roots
from .model import Project, ResourceType, Result


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


def apportion(total: int, weights: Sequence[int]) -> list[int]:
    """``total`` split in proportion to ``weights`` in whole units that add up to it: each
    gets the floor of its share, and the units left go to the largest remainders, the earlier
    one first on a tie. All weights zero puts everything in the first place."""
    count = len(weights)
    if count == 1:
        return [total]
    whole = sum(weights)
    if whole == 0:
        return [total] + [0] * (count - 1)
    shares = []
    remainders = []
    for weight in weights:
        share, remainder = divmod(total * weight, whole)
        shares.append(share)
        remainders.append(remainder)
    left = total - sum(shares)
    if left:
        for index in sorted(range(count), key=lambda i: (-remainders[i], i))[:left]:
            shares[index] += 1
    return shares


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
    """Working minutes of a span in each period, from the minutes at period boundaries
    (cached per calendar and date: neighbouring assignments share their boundaries)."""

    def __init__(self, period: Period) -> None:
        self.period = period
        self._boundaries: dict[int, dict[date, int]] = {}
        self._keys: dict[date, date] = {}
        self._next: dict[date, date] = {}

    def key(self, day: date) -> date:
        found = self._keys.get(day)
        if found is None:
            found = self._keys[day] = period_start(day, self.period)
        return found

    def split(
        self, calendar: WorkCalendar, at: datetime, start: int, finish: int
    ) -> tuple[list[date], list[int], list[int]]:
        """Period keys, and for each the first and last working minute of the span in it."""
        day = at.date()
        key = self._keys.get(day)
        if key is None:
            key = self._keys[day] = period_start(day, self.period)
        if finish <= start:
            return [key], [start], [start]
        cache = self._boundaries.get(id(calendar))
        if cache is None:
            cache = self._boundaries[id(calendar)] = {}
        following = self._next
        keys: list[date] = []
        lows: list[int] = []
        highs: list[int] = []
        low = start
        while low < finish:
            boundary = following.get(key)
            if boundary is None:
                boundary = following[key] = next_period(key, self.period)
            edge = cache.get(boundary)
            if edge is None:
                edge = cache[boundary] = calendar.to_minutes(
                    datetime(boundary.year, boundary.month, boundary.day)
                )
            high = edge if edge < finish else finish
            if high > low:
                keys.append(key)
                lows.append(low)
                highs.append(high)
                low = high
            key = boundary
        return keys, lows, highs


def _cost_weights(table: RateTable, lows: list[int], highs: list[int]) -> list[int]:
    """Each piece's share of a cost that follows the work: its minutes, times the rate in
    effect over them where the rate changes."""
    if len(table.rates) == 1:
        return [high - low for low, high in zip(lows, highs, strict=True)]
    bounds = table.bounds
    weights = []
    for low, high in zip(lows, highs, strict=True):
        weight = 0
        index = max(0, bisect_right(bounds, low) - 1)
        position = low
        while position < high:
            end = min(high, bounds[index + 1])
            weight += (end - position) * table.rates[index]
            position = end
            index += 1
        weights.append(weight)
    return weights


def _add(target: dict[date, int], keys: Iterable[date], values: Iterable[int]) -> None:
    for key, value in zip(keys, values, strict=True):
        if value:
            target[key] = target.get(key, 0) + value


def _assignment_series(
    priced: Priced, keys: list[date], lows: list[int], highs: list[int]
) -> Series:
    """An assignment over several periods: work by working minutes, cost by the rate in
    effect over them, per use at the start."""
    work: dict[date, int] = {}
    cost: dict[date, int] = {}
    minutes = [high - low for low, high in zip(lows, highs, strict=True)]
    if priced.work:
        _add(work, keys, apportion(priced.work, minutes))
    if priced.resource.type is ResourceType.COST:
        weights = minutes
    else:
        weights = _cost_weights(priced.table, lows, highs)
    _add(cost, keys, apportion(priced.variable, weights))
    if priced.per_use:
        cost[keys[0]] = cost.get(keys[0], 0) + priced.per_use
    return Series(work, cost)


def _merge(target: Series, source: Series) -> None:
    for key, value in source.work.items():
        target.work[key] = target.work.get(key, 0) + value
    for key, value in source.cost.items():
        target.cost[key] = target.cost.get(key, 0) + value


def _own(
    project: Project, result: Result, period: Period
) -> tuple[dict[int, Series], dict[int, Series], dict[int, Series]]:
    """Series of each assignment, each task's own (its assignments and fixed cost, not its
    children) and each resource. An assignment within one period, the common case by month,
    is added without building lists."""
    pricer = Pricer(project, result)
    splitter = Splitter(period)
    split = splitter.split
    price = pricer.price
    assignment_times = result.assignments
    task_times = result.tasks
    tasks: dict[int, Series] = {task.uid: Series({}, {}) for task in project.tasks}
    resources: dict[int, Series] = {r.uid: Series({}, {}) for r in project.resources}
    assignments: dict[int, Series] = {}
    for assignment in project.assignments:
        priced = price(assignment, planned_only=True)
        times = assignment_times.get(assignment.uid)
        at = times.start if times is not None else task_times[assignment.task].start
        keys, lows, highs = split(priced.calendar, at, priced.start, priced.finish)
        task = tasks[assignment.task]
        resource = resources[assignment.resource]
        if len(keys) > 1:
            series = _assignment_series(priced, keys, lows, highs)
            _merge(task, series)
            _merge(resource, series)
            assignments[assignment.uid] = series
            continue
        key = keys[0]
        work = priced.work
        cost = priced.variable + priced.per_use
        assignments[assignment.uid] = Series(
            {key: work} if work else {}, {key: cost} if cost else {}
        )
        if work:
            task.work[key] = task.work.get(key, 0) + work
            resource.work[key] = resource.work.get(key, 0) + work
        if cost:
            task.cost[key] = task.cost.get(key, 0) + cost
            resource.cost[key] = resource.cost.get(key, 0) + cost
    for task_row in project.tasks:
        if not task_row.fixed_cost:
            continue
        fixed = fixed_cost_cents(task_row)[0]
        calendar, start, finish = pricer.task_span(task_row)
        keys, lows, highs = split(calendar, task_times[task_row.uid].start, start, finish)
        minutes = [high - low for low, high in zip(lows, highs, strict=True)]
        _add(tasks[task_row.uid].cost, keys, apportion(fixed, minutes))
    return assignments, tasks, resources


def time_phased(project: Project, result: Result, period: Period = Period.MONTH) -> TimePhased:
    """Planned work and cost by ``period`` for every assignment, task (rolled up), resource
    and the project. Raises ``ScheduleError`` as ``cost.costs`` does."""
    assignments, tasks, resources = _own(project, result, period)
    known = set(tasks)
    for task in reversed(project.tasks):
        if task.parent is not None and task.parent in known:
            _merge(tasks[task.parent], tasks[task.uid])
    whole = Series({}, {})
    for uid in roots(project.tasks):
        _merge(whole, tasks[uid])
    return TimePhased(period, assignments, tasks, resources, whole)


# -- baselines ------------------------------------------------------------------------------

BaselineSpread = dict[int, list[tuple[date, int]]]
"""What a baseline stores of its planned values: per task uid, its own planned cost (its
assignments and fixed cost, not its children's) as (day, cents) for the days that have some,
in date order. Roll a summary up by adding its descendants' entries."""


def baseline_spread(project: Project, result: Result) -> BaselineSpread:
    """The project's planned cost by day and task, compact enough to store with a baseline."""
    _, tasks, _ = _own(project, result, Period.DAY)
    return {uid: sorted(series.cost.items()) for uid, series in tasks.items() if series.cost}


def planned_value_at(entries: Sequence[tuple[date, int]], day: date) -> int:
    """Cents planned up to and including ``day`` in one task's stored entries."""
    return sum(cents for when, cents in entries if when <= day)


def budget(entries: Sequence[tuple[date, int]]) -> int:
    """All the cents of one task's stored entries (its budget at completion)."""
    return sum(cents for _, cents in entries)


def by_label(series: Mapping[date, int], period: Period) -> dict[str, int]:
    """A series keyed by its periods' labels, in date order (for a table or a chart)."""
    return {period_label(key, period): series[key] for key in sorted(series)}
