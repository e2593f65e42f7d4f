"""Earned value worked out by hand.

The baseline: a ten-day task (1 to 12 June 2026) budgeted at $1,000 of fixed cost, $100 a
working day. Status date Friday 5 June: $500 planned by then.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from decimal import Decimal

import pytest

from schedule.engine.earned import EarnedValue, earned_percent, earned_value, indicators
from schedule.engine.errors import ScheduleError
from schedule.engine.model import EarnedValueMethod, Project, Task
from schedule.engine.timephase import baseline_spread

from .money import DAY, START, schedule

STATUS = date(2026, 6, 5)
PLAN = Task(1, "Design", 10 * DAY, fixed_cost=Decimal(1000))


def measure(task: Task, status: date | None = STATUS) -> EarnedValue:
    planned = Project(start=START, tasks=[PLAN])
    baseline = baseline_spread(planned, schedule(planned))
    current = Project(start=START, tasks=[task])
    return earned_value(current, schedule(current), baseline, status).tasks[1]


def progress(percent: int, method: EarnedValueMethod, **more: object) -> Task:
    return replace(PLAN, percent_complete=percent, ev_method=method, **more)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("method", "percent", "earned"),
    [
        (EarnedValueMethod.PERCENT_COMPLETE, 40, "400.00"),
        (EarnedValueMethod.ZERO_HUNDRED, 40, "0.00"),
        (EarnedValueMethod.ZERO_HUNDRED, 100, "1000.00"),
        (EarnedValueMethod.FIFTY_FIFTY, 0, "0.00"),
        (EarnedValueMethod.FIFTY_FIFTY, 1, "500.00"),
        (EarnedValueMethod.FIFTY_FIFTY, 99, "500.00"),
        (EarnedValueMethod.FIFTY_FIFTY, 100, "1000.00"),
    ],
)
def test_each_method_earns_its_share_of_the_budget(
    method: EarnedValueMethod, percent: int, earned: str
) -> None:
    assert measure(progress(percent, method)).ev == Decimal(earned)


def test_fifty_fifty_earns_half_on_an_actual_start_without_progress() -> None:
    started = progress(0, EarnedValueMethod.FIFTY_FIFTY, actual_start=datetime(2026, 6, 1, 8))
    assert measure(started).ev == Decimal("500.00")


@pytest.mark.parametrize(("percent", "earned"), [(24, 0), (25, 25), (49, 25), (50, 50), (99, 50)])
def test_weighted_milestones_earn_the_steps_reached(percent: int, earned: int) -> None:
    task = progress(percent, EarnedValueMethod.WEIGHTED_MILESTONES, ev_weights=(25, 25, 50))
    assert earned_percent(task, percent) == earned
    assert measure(task).ev == Decimal(earned * 10).quantize(Decimal("0.01"))


def test_weights_that_do_not_add_up_to_a_hundred_are_refused() -> None:
    task = progress(40, EarnedValueMethod.WEIGHTED_MILESTONES, ev_weights=(30, 30))
    with pytest.raises(ScheduleError, match="add up to 60%, not 100%"):
        measure(task)


def test_the_derived_measures_follow_domain_section_5() -> None:
    value = measure(progress(40, EarnedValueMethod.PERCENT_COMPLETE, actual_cost=Decimal(500)))
    assert (value.bac, value.pv, value.ev, value.ac) == (
        Decimal("1000.00"),
        Decimal("500.00"),
        Decimal("400.00"),
        Decimal("500.00"),
    )
    assert (value.cv, value.sv) == (Decimal("-100.00"), Decimal("-100.00"))
    assert (value.cpi, value.spi) == (Decimal("0.8000"), Decimal("0.8000"))
    assert (value.cv_percent, value.sv_percent) == (Decimal("-25.00"), Decimal("-20.00"))
    assert value.eac == Decimal("1250.00")
    assert value.eac_atypical == Decimal("1100.00")
    assert (value.etc, value.vac) == (Decimal("750.00"), Decimal("-250.00"))
    assert value.tcpi == Decimal("1.2000")
    # AC + (BAC - EV) / (CPI x SPI) = 500 + 600 / 0.64; (BAC - EV) / (EAC - AC) = 600 / 750.
    assert value.eac_composite == Decimal("1437.50")
    assert value.tcpi_eac == Decimal("0.8000")


def test_the_composite_estimate_divides_by_the_unrounded_indices() -> None:
    # CPI = 2/3 and SPI = 2/3 round to 0.6667; 1,000 / 0.6667^2 would give 3,249.63.
    value = indicators(bac=300_000, pv=150_000, ev=100_000, ac=150_000)
    assert (value.cpi, value.spi) == (Decimal("0.6667"), Decimal("0.6667"))
    assert value.eac_composite == Decimal("6000.00")  # 1,500 + 2,000 x 9/4
    assert value.eac == Decimal("4500.00")


def test_the_composite_estimate_rounds_half_up_once() -> None:
    # 1 cent + 2 cents x 1 x 1 / 4: 1.5 cents rounds to 2; AC + (BAC - EV) x AC x PV / EV^2.
    value = indicators(bac=4, pv=1, ev=2, ac=1)
    assert value.eac_composite == Decimal("0.02")


def test_tcpi_to_the_estimate_is_the_cpi_while_work_remains() -> None:
    value = indicators(bac=1_000_00, pv=600_00, ev=500_00, ac=625_00)
    assert value.tcpi_eac == value.cpi == Decimal("0.8000")
    assert value.tcpi == Decimal("1.3333")
    finished = indicators(bac=1_000_00, pv=1_000_00, ev=1_000_00, ac=1_200_00)
    assert finished.tcpi_eac is None
    assert finished.eac_composite == Decimal("1200.00")


def test_ratios_with_a_zero_denominator_are_none() -> None:
    value = indicators(bac=1000, pv=0, ev=0, ac=0)
    assert (value.cpi, value.spi, value.cv_percent, value.sv_percent) == (None,) * 4
    assert (value.eac, value.etc, value.vac) == (None, None, None)
    assert (value.eac_composite, value.tcpi_eac) == (None, None)
    assert value.tcpi == Decimal("1.0000")
    assert indicators(bac=1000, pv=10, ev=5, ac=1000).tcpi is None
    assert indicators(bac=1000, pv=0, ev=5, ac=5).eac_composite is None


def test_planned_value_counts_the_status_day() -> None:
    assert measure(PLAN, date(2026, 5, 29)).pv == Decimal("0.00")
    assert measure(PLAN, date(2026, 6, 1)).pv == Decimal("100.00")
    assert measure(PLAN, date(2026, 7, 1)).pv == Decimal("1000.00")


def test_earned_value_needs_a_status_date() -> None:
    with pytest.raises(ScheduleError, match="needs a status date"):
        measure(PLAN, None)


def test_summaries_and_the_program_add_their_leaves_then_derive() -> None:
    tasks = [
        Task(1, "Phase"),
        replace(PLAN, uid=2, parent=1),
        Task(3, "Build", 5 * DAY, parent=1, fixed_cost=Decimal(500)),
        Task(4, "Later", 5 * DAY, fixed_cost=Decimal(250)),
    ]
    planned = Project(start=START, tasks=tasks)
    baseline = baseline_spread(planned, schedule(planned))
    tasks[1] = replace(tasks[1], percent_complete=50, actual_cost=Decimal(600))
    tasks[2] = replace(tasks[2], percent_complete=100, actual_cost=Decimal(400))
    current = Project(start=START, tasks=tasks, status_date=datetime(2026, 6, 5, 17))
    values = earned_value(current, schedule(current), baseline)
    phase = values.tasks[1]
    assert (phase.bac, phase.pv, phase.ev, phase.ac) == (
        Decimal("1500.00"),
        Decimal("1000.00"),
        Decimal("1000.00"),
        Decimal("1000.00"),
    )
    assert phase.cpi == Decimal("1.0000")
    assert values.program.bac == Decimal("1750.00")
    assert values.program.pv == Decimal("1250.00")
    assert values.program.spi == Decimal("0.8000")
