"""Properties of costs, time-phasing and earned value on random resource-loaded projects."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from schedule.engine.cost import costs, to_cents
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
from schedule.engine.timephase import Period, baseline_spread, time_phased

from .money import DAY, START, schedule

SLOW = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
MONEY = st.decimals(min_value=0, max_value=500, places=2)
FOUR_DAYS = CalendarSpec("Four tens", week=(((420, 1020),),) * 4 + ((), (), ()))


@st.composite
def resources(draw: st.DrawFn, uid: int) -> Resource:
    kind = draw(st.sampled_from(list(ResourceType)))
    rates: list[Rate] = []
    if kind is not ResourceType.COST:
        offsets = sorted(draw(st.sets(st.integers(0, 120), max_size=3)))
        rates = [Rate(None, draw(MONEY), per_use=draw(MONEY))]
        rates += [
            Rate(date(2026, 6, 1) + timedelta(days=o), draw(MONEY), per_use=draw(MONEY))
            for o in offsets
        ]
    calendar = FOUR_DAYS if kind is ResourceType.WORK and draw(st.booleans()) else None
    units = draw(st.sampled_from((50, 100, 200)))
    return Resource(uid, f"R{uid}", kind, units, calendar, tuple(rates))


@st.composite
def projects(draw: st.DrawFn) -> tuple[Project, Result]:
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
                fixed_cost=draw(st.sampled_from((Decimal(0), Decimal("0.01"), Decimal(1000)))),
                percent_complete=draw(st.integers(0, 100)),
                ev_method=draw(st.sampled_from(list(EarnedValueMethod))),
                ev_weights=(10, 30, 60),
            )
        )
    pool = [draw(resources(uid)) for uid in range(1, draw(st.integers(1, 4)) + 1)]
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
                cost=draw(MONEY),
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
