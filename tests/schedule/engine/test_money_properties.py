"""Properties of costs, time-phasing and earned value on random resource-loaded projects."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date, datetime, timedelta
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from schedule.engine.calendar import WorkCalendar
from schedule.engine.cost import Pricer, RateTable, costs, roots, to_cents
from schedule.engine.earned import earned_value
from schedule.engine.model import (
    Assignment,
    CalendarSpec,
    EarnedValueMethod,
    Project,
    Rate,
    Resource,
    ResourceType,
    Result,
    Task,
)
from schedule.engine.timephase import (
    Period,
    Series,
    apportion,
    baseline_spread,
    next_period,
    period_start,
    time_phased,
)

from .money import DAY, START, schedule

SLOW = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
MONEY = st.decimals(min_value=0, max_value=500, places=2)
#: Amounts and rates whose products overflow 64 bits.
HUGE = st.decimals(min_value=0, max_value=10**12, places=9)
FOUR_DAYS = CalendarSpec("Four tens", week=(((420, 1020),),) * 4 + ((), (), ()))


@st.composite
def resources(draw: st.DrawFn, uid: int, money: st.SearchStrategy[Decimal] = MONEY) -> Resource:
    kind = draw(st.sampled_from(list(ResourceType)))
    rates: list[Rate] = []
    if kind is not ResourceType.COST:
        offsets = sorted(draw(st.sets(st.integers(0, 120), max_size=3)))
        rates = [Rate(None, draw(money), per_use=draw(money))]
        rates += [
            Rate(date(2026, 6, 1) + timedelta(days=o), draw(money), per_use=draw(money))
            for o in offsets
        ]
    calendar = FOUR_DAYS if kind is ResourceType.WORK and draw(st.booleans()) else None
    units = draw(st.sampled_from((50, 100, 200)))
    return Resource(uid, f"R{uid}", kind, units, calendar, tuple(rates))


@st.composite
def projects(draw: st.DrawFn, money: st.SearchStrategy[Decimal] = MONEY) -> tuple[Project, Result]:
    count = draw(st.integers(1, 12))
    tasks: list[Task] = []
    for uid in range(1, count + 1):
        parent = draw(st.sampled_from([None, *(t.uid for t in tasks)]))
        tasks.append(
            Task(
                uid,
                f"T{uid}",
                draw(st.sampled_from((0, 60, DAY, 3 * DAY, 10 * DAY, 40 * DAY))),
                parent=parent,
                fixed_cost=draw(
                    st.sampled_from((Decimal(0), Decimal("0.01"), Decimal(1000))) | money
                ),
                percent_complete=draw(st.integers(0, 100)),
                ev_method=draw(st.sampled_from(list(EarnedValueMethod))),
                ev_weights=(10, 30, 60),
            )
        )
    pool = [draw(resources(uid, money)) for uid in range(1, draw(st.integers(1, 4)) + 1)]
    parents = {t.parent for t in tasks}
    leaves = [t.uid for t in tasks if t.uid not in parents]
    assignments = []
    for uid in range(1, draw(st.integers(0, 10)) + 1):
        work = draw(st.integers(0, 20 * DAY))
        assignments.append(
            Assignment(
                uid,
                draw(st.sampled_from(leaves)),
                draw(st.sampled_from(pool)).uid,
                units=draw(st.sampled_from((25, 50, 100, 150))),
                work=work,
                actual_work=draw(st.integers(0, work)),
                delay=draw(st.sampled_from((0, 0, 90, DAY))),
                quantity=draw(st.decimals(min_value=0, max_value=1000, places=3)),
                cost=draw(money),
            )
        )
    project = Project(start=START, tasks=tasks, resources=pool, assignments=assignments)
    starts = {uid: START + timedelta(days=draw(st.integers(0, 150))) for uid in leaves}
    return project, schedule(project, starts)


@SLOW
@given(projects())
def test_every_roll_up_is_the_exact_sum_of_its_parts(case: tuple[Project, Result]) -> None:
    project, result = case
    found = costs(project, result)
    for task in project.tasks:
        parts = [found.assignments[a.uid] for a in project.assignments if a.task == task.uid]
        parts += [found.tasks[t.uid] for t in project.tasks if t.parent == task.uid]
        cost = task.fixed_cost + sum((p.cost for p in parts), Decimal(0))
        assert found.tasks[task.uid].cost == cost
        # Nothing entered: what was spent and what is left make the cost.
        line = found.tasks[task.uid]
        assert line.actual + line.remaining == line.cost
    top = [found.tasks[t.uid] for t in project.tasks if t.parent is None]
    assert found.total.cost == sum((t.cost for t in top), Decimal(0))
    assert found.total.actual == sum((t.actual for t in top), Decimal(0))


@SLOW
@given(projects(), st.sampled_from(list(Period)))
def test_the_spread_adds_up_to_the_costs_in_every_period_size(
    case: tuple[Project, Result], period: Period
) -> None:
    project, result = case
    found = costs(project, result)
    phased = time_phased(project, result, period)
    for assignment in project.assignments:
        cents = sum(phased.assignments[assignment.uid].cost.values())
        assert cents == to_cents(found.assignments[assignment.uid].cost)
        resource = next(r for r in project.resources if r.uid == assignment.resource)
        work = sum(phased.assignments[assignment.uid].work.values())
        assert work == (assignment.work if resource.type is ResourceType.WORK else 0)
    for task in project.tasks:
        assert sum(phased.tasks[task.uid].cost.values()) == to_cents(found.tasks[task.uid].cost)
    assert sum(phased.project.cost.values()) == to_cents(found.total.cost)
    for resource in project.resources:
        mine = [a.uid for a in project.assignments if a.resource == resource.uid]
        for key, value in phased.resources[resource.uid].cost.items():
            assert value == sum(phased.assignments[uid].cost.get(key, 0) for uid in mine)
    for key, value in phased.project.work.items():
        top = [t.uid for t in project.tasks if t.parent is None]
        assert value == sum(phased.tasks[uid].work.get(key, 0) for uid in top)
    assert all(value > 0 for value in phased.project.cost.values())


@SLOW
@given(projects(), st.integers(-10, 200))
def test_earned_value_never_exceeds_the_budget(case: tuple[Project, Result], days: int) -> None:
    project, result = case
    baseline = baseline_spread(project, result)
    values = earned_value(project, result, baseline, START.date() + timedelta(days=days))
    for value in [*values.tasks.values(), values.program]:
        assert Decimal(0) <= value.ev <= value.bac
        assert Decimal(0) <= value.pv <= value.bac
    assert values.program.bac == costs(project, result).total.cost


# -- the spread, one assignment at a time ----------------------------------------------------


def _pieces(
    calendar: WorkCalendar, at: datetime, start: int, finish: int, period: Period
) -> list[tuple[date, int, int]]:
    """(period, first minute, last minute) of a span, walking period by period."""
    key = period_start(at.date(), period)
    if finish <= start:
        return [(key, start, start)]
    found = []
    low = start
    while low < finish:
        boundary = next_period(key, period)
        high = min(
            finish, calendar.to_minutes(datetime(boundary.year, boundary.month, boundary.day))
        )
        if high > low:
            found.append((key, low, high))
            low = high
        key = boundary
    return found


def _weight(table: RateTable, low: int, high: int) -> int:
    weight = 0
    for index, rate in enumerate(table.rates):
        weight += max(0, min(high, table.bounds[index + 1]) - max(low, table.bounds[index])) * rate
    return weight


def _add(target: dict[date, int], keys: list[date], values: list[int]) -> None:
    for key, value in zip(keys, values, strict=True):
        if value:
            target[key] = target.get(key, 0) + value


def reference(
    project: Project, result: Result, period: Period
) -> tuple[dict[int, Series], dict[int, Series], dict[int, Series], Series]:
    """Assignments, tasks (own, then rolled up), resources and project, spread the plain way:
    each assignment priced, walked period by period and rounded on its own."""
    pricer = Pricer(project, result)
    assignments: dict[int, Series] = {}
    own = {task.uid: Series({}, {}) for task in project.tasks}
    resources = {resource.uid: Series({}, {}) for resource in project.resources}
    for assignment in project.assignments:
        priced = pricer.price(assignment)
        times = result.assignments.get(assignment.uid)
        at = times.start if times is not None else result.tasks[assignment.task].start
        pieces = _pieces(priced.calendar, at, priced.start, priced.finish, period)
        keys = [key for key, _, _ in pieces]
        minutes = [high - low for _, low, high in pieces]
        weights = minutes
        if priced.resource.type is not ResourceType.COST:
            weights = [_weight(priced.table, low, high) for _, low, high in pieces]
        series = assignments[assignment.uid] = Series({}, {})
        _add(series.work, keys, apportion(priced.work, minutes))
        _add(series.cost, keys, apportion(priced.variable, weights))
        _add(series.cost, keys[:1], [priced.per_use])
        for target in (own[assignment.task], resources[assignment.resource]):
            _add(target.work, list(series.work), list(series.work.values()))
            _add(target.cost, list(series.cost), list(series.cost.values()))
    for task in project.tasks:
        if task.fixed_cost:
            calendar, start, finish = pricer.task_span(task)
            pieces = _pieces(calendar, result.tasks[task.uid].start, start, finish, period)
            minutes = [high - low for _, low, high in pieces]
            fixed = apportion(to_cents(task.fixed_cost), minutes)
            _add(own[task.uid].cost, [key for key, _, _ in pieces], fixed)
    known = {task.uid for task in project.tasks}
    for task in reversed(project.tasks):
        if task.parent is not None and task.parent in known:
            for mine, theirs in ((own[task.parent], own[task.uid]),):
                _add(mine.work, list(theirs.work), list(theirs.work.values()))
                _add(mine.cost, list(theirs.cost), list(theirs.cost.values()))
    whole = Series({}, {})
    for uid in roots(project.tasks):
        _add(whole.work, list(own[uid].work), list(own[uid].work.values()))
        _add(whole.cost, list(own[uid].cost), list(own[uid].cost.values()))
    return assignments, own, resources, whole


def _own_costs(project: Project, result: Result) -> dict[int, list[tuple[date, int]]]:
    flat = replace(project, tasks=[replace(task, parent=None) for task in project.tasks])
    _, tasks, _, _ = reference(flat, result, Period.DAY)
    return {uid: sorted(series.cost.items()) for uid, series in tasks.items() if series.cost}


@SLOW
@given(projects(MONEY | HUGE), st.sampled_from(list(Period)), st.booleans(), st.randoms())
def test_the_spread_is_the_one_of_each_assignment_on_its_own(
    case: tuple[Project, Result], period: Period, placed: bool, order: random.Random
) -> None:
    project, result = case
    if not placed:  # nothing placed by the scheduler: every assignment on its task's dates
        result = replace(result, assignments={})
    tasks = list(project.tasks)
    order.shuffle(tasks)  # out of outline order, a summary rolls up only what reached it
    project = replace(project, tasks=tasks)
    phased = time_phased(project, result, period)
    assignments, tasks_, resources, whole = reference(project, result, period)
    assert phased.assignments == assignments
    assert phased.tasks == tasks_
    assert phased.resources == resources
    assert phased.project == whole
    assert baseline_spread(project, result) == _own_costs(project, result)
