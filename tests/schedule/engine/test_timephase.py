"""Time-phased work and cost worked out by hand (standard calendar, federal holidays off)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from itertools import accumulate

from hypothesis import given
from hypothesis import strategies as st

from schedule.engine.model import Assignment, Project, Rate, Resource, ResourceType, Task
from schedule.engine.spreading import Pieces, ints, share
from schedule.engine.timephase import (
    Period,
    apportion,
    baseline_spread,
    budget,
    by_label,
    cumulative,
    fiscal_period,
    period_label,
    period_start,
    planned_value_at,
    time_phased,
)

from .money import DAY, START, schedule

HOUR = 60
ANN = Resource(1, "Ann", rates=(Rate(None, Decimal(100), per_use=Decimal(50)),))


def test_fixed_cost_is_prorated_over_the_task_working_time() -> None:
    p = Project(start=START, tasks=[Task(1, "Design", 10 * DAY, fixed_cost=Decimal(1000))])
    phased = time_phased(p, schedule(p), Period.WEEK)
    assert phased.tasks[1].cost == {date(2026, 6, 1): 50000, date(2026, 6, 8): 50000}
    daily = time_phased(p, schedule(p), Period.DAY).project.cost
    assert len(daily) == 10 and set(daily.values()) == {10000}


def test_work_and_cost_follow_the_assignment_and_per_use_falls_on_its_start() -> None:
    # Ann starts two days into the task (delay), half time: 16 hours over Wed 3 to Fri 12.
    p = Project(
        start=START,
        tasks=[Task(1, "Design", 10 * DAY)],
        resources=[ANN],
        assignments=[Assignment(1, 1, 1, units=25, work=16 * HOUR, delay=2 * DAY)],
    )
    daily = time_phased(p, schedule(p), Period.DAY).assignments[1]
    assert min(daily.work) == date(2026, 6, 3)
    assert set(daily.work.values()) == {120}
    # 2 h at $100 and $50 per use, charged per unit assigned: 25 % of it.
    assert daily.cost[date(2026, 6, 3)] == 20000 + 1250
    assert daily.cost[date(2026, 6, 4)] == 20000
    assert sum(daily.cost.values()) == 161250


def test_a_rate_change_moves_the_cost_into_the_periods_after_it() -> None:
    # Monday 22 June to Friday 3 July (3 July observed Independence Day): 9 working days,
    # 7 in June at $100 and 2 in July at $130, one person full time.
    ann = Resource(1, "Ann", rates=(Rate(None, Decimal(100)), Rate(date(2026, 7, 1), Decimal(130))))
    p = Project(
        start=datetime(2026, 6, 22, 8),
        tasks=[Task(1, "Test", 9 * DAY)],
        resources=[ann],
        assignments=[Assignment(1, 1, 1, 100, 9 * DAY)],
    )
    monthly = time_phased(p, schedule(p), Period.MONTH).resources[1]
    assert monthly.work == {date(2026, 6, 1): 7 * DAY, date(2026, 7, 1): 2 * DAY}
    assert monthly.cost == {date(2026, 6, 1): 560000, date(2026, 7, 1): 208000}


def test_fiscal_periods_turn_over_on_the_first_of_october() -> None:
    assert fiscal_period(date(2026, 9, 30)) == (2026, 12)
    assert fiscal_period(date(2026, 10, 1)) == (2027, 1)
    assert period_label(date(2026, 10, 1), Period.FISCAL_PERIOD) == "FY2027 P01"
    assert period_label(date(2026, 10, 1), Period.FISCAL_YEAR) == "FY2027"
    assert period_start(date(2026, 9, 30), Period.FISCAL_YEAR) == date(2025, 10, 1)
    # Monday 28 September to Friday 2 October: three days in FY2026, two in FY2027.
    p = Project(
        start=datetime(2026, 9, 28, 8),
        tasks=[Task(1, "Cutover", 5 * DAY, fixed_cost=Decimal(500))],
        resources=[ANN],
        assignments=[Assignment(1, 1, 1, 100, 5 * DAY)],
    )
    result = schedule(p)
    periods = time_phased(p, result, Period.FISCAL_PERIOD).project
    assert by_label(periods.work, Period.FISCAL_PERIOD) == {
        "FY2026 P12": 3 * DAY,
        "FY2027 P01": 2 * DAY,
    }
    assert by_label(periods.cost, Period.FISCAL_PERIOD) == {
        "FY2026 P12": 275000,  # 24 h at $100, $50 per use, 3/5 of $500
        "FY2027 P01": 180000,
    }
    years = time_phased(p, result, Period.FISCAL_YEAR).project.work
    assert years == {date(2025, 10, 1): 3 * DAY, date(2026, 10, 1): 2 * DAY}


def test_iso_weeks_start_on_monday_and_skip_the_holiday() -> None:
    # From Wednesday 17 June: 17, 18 (Juneteenth off), then 22 to 24 June.
    p = Project(
        start=datetime(2026, 6, 17, 8),
        tasks=[Task(1, "Build", 5 * DAY)],
        resources=[ANN],
        assignments=[Assignment(1, 1, 1, 100, 5 * DAY)],
    )
    weeks = time_phased(p, schedule(p), Period.WEEK).project.work
    assert weeks == {date(2026, 6, 15): 2 * DAY, date(2026, 6, 22): 3 * DAY}
    assert period_label(date(2026, 6, 15), Period.WEEK) == "2026-W25"


def test_rounding_to_cents_gives_the_leftover_to_the_largest_remainders() -> None:
    assert apportion(10000, [1, 1, 1]) == [3334, 3333, 3333]
    assert apportion(10, [1, 2, 3, 4]) == [1, 2, 3, 4]
    assert apportion(5, [3, 3, 1]) == [2, 2, 1]
    assert apportion(7, [0, 0]) == [7, 0]
    p = Project(start=START, tasks=[Task(1, "Review", 3 * DAY, fixed_cost=Decimal(100))])
    daily = time_phased(p, schedule(p), Period.DAY).project.cost
    assert list(daily.values()) == [3334, 3333, 3333]


TOTALS = st.integers(0, 9) | st.integers(0, 2**62)
WEIGHTS = st.lists(st.integers(0, 5) | st.integers(0, 2**40), min_size=1, max_size=6)


@given(st.lists(st.tuples(TOTALS, WEIGHTS), max_size=30))
def test_sharing_out_many_totals_at_once_is_apportioning_each_one(
    spans: list[tuple[int, list[int]]],
) -> None:
    # Ties, zero weights, and products far beyond 64 bits (shared out in Python's integers).
    counts = [len(weights) for _, weights in spans]
    weights = ints([weight for _, each in spans for weight in each])
    nowhere = ints([0] * len(weights))
    span = ints([index for index, count in enumerate(counts) for _ in range(count)])
    pieces = Pieces(span, nowhere, nowhere, weights, ints([0, *accumulate(counts)]))
    shared = share(pieces, ints([total for total, _ in spans]), weights)
    assert shared.tolist() == [part for total, each in spans for part in apportion(total, each)]


def test_summaries_resources_and_project_are_the_sum_of_their_parts() -> None:
    bob = Resource(2, "Bob", rates=(Rate(None, Decimal(80)),))
    travel = Resource(3, "Travel", ResourceType.COST)
    p = Project(
        start=START,
        tasks=[
            Task(1, "Phase"),
            Task(2, "Design", 10 * DAY, parent=1),
            Task(3, "Build", 5 * DAY, parent=1, fixed_cost=Decimal(99)),
        ],
        resources=[ANN, bob, travel],
        assignments=[
            Assignment(1, 2, 1, 50, 40 * HOUR),
            Assignment(2, 3, 1, 100, 40 * HOUR),
            Assignment(3, 3, 2, 100, 40 * HOUR),
            Assignment(4, 2, 3, cost=Decimal("333.33")),
        ],
    )
    phased = time_phased(p, schedule(p), Period.WEEK)
    for key in (date(2026, 6, 1), date(2026, 6, 8)):
        children = phased.tasks[2].cost.get(key, 0) + phased.tasks[3].cost.get(key, 0)
        assert phased.tasks[1].cost[key] == children == phased.project.cost[key]
    # Per use by units: half of $50, then all of it.
    assert sum(phased.resources[1].cost.values()) == 400000 + 400000 + 2500 + 5000
    assert sum(phased.resources[3].cost.values()) == 33333
    assert sum(phased.project.work.values()) == 120 * HOUR


def test_cumulative_planned_value_is_an_s_curve_of_running_totals() -> None:
    assert cumulative({date(2026, 6, 8): 5, date(2026, 6, 1): 2}) == [
        (date(2026, 6, 1), 2),
        (date(2026, 6, 8), 7),
    ]


def test_a_baseline_stores_each_task_own_planned_cost_by_day() -> None:
    p = Project(
        start=START,
        tasks=[
            Task(1, "Phase"),
            Task(2, "Design", 2 * DAY, parent=1, fixed_cost=Decimal(200)),
            Task(3, "Idle", DAY, parent=1),
        ],
    )
    stored = baseline_spread(p, schedule(p))
    assert stored == {2: [(date(2026, 6, 1), 10000), (date(2026, 6, 2), 10000)]}
    assert planned_value_at(stored[2], date(2026, 5, 31)) == 0
    assert planned_value_at(stored[2], date(2026, 6, 1)) == 10000
    assert budget(stored[2]) == 20000
