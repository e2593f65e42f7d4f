"""Earned schedule: ES by interpolation, the time indicators, the forecast finish."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pmp.evm.earned_schedule import (
    EarnedSchedule,
    date_after,
    earned_schedule,
    month_end,
    periods_elapsed,
    planned_duration,
)
from pmp.evm.errors import EarnedValueDataError

START = date(2026, 1, 15)  # period 1 is January 2026
PLAN = [100, 300, 600, 800, 1000]


def measure(ev: int, at: int, planned: list[int] | None = None) -> EarnedSchedule:
    return earned_schedule(planned=planned or PLAN, ev=ev, at=at, baseline_start=START)


def test_es_interpolates_within_the_period_where_ev_falls() -> None:
    schedule = measure(450, 4)  # past month 2 (300), half of month 3's 300
    assert (schedule.whole_periods, schedule.es) == (2, Decimal("2.5000"))
    assert schedule.sv_t == Decimal("-1.5000")
    assert schedule.spi_t == Decimal("0.6250")
    assert schedule.pd == 5
    assert schedule.ieac_t == Decimal("8.0000")  # 5 / 0.625
    assert schedule.planned_finish == date(2026, 5, 31)
    assert schedule.forecast_finish == date(2026, 8, 31)
    assert (schedule.pv_c, schedule.pv_next) == (Decimal("3.00"), Decimal("6.00"))
    assert not schedule.complete


def test_no_earned_value_earns_no_schedule() -> None:
    schedule = measure(0, 2)
    assert (schedule.es, schedule.spi_t, schedule.ieac_t) == (Decimal(0), Decimal(0), None)
    assert schedule.forecast_finish is None


def test_no_time_elapsed_leaves_the_ratios_undefined() -> None:
    schedule = measure(0, 0)
    assert (schedule.es, schedule.sv_t, schedule.spi_t, schedule.ieac_t) == (
        Decimal(0),
        Decimal(0),
        None,
        None,
    )


def test_complete_work_has_earned_the_planned_duration() -> None:
    late = measure(1000, 7)
    assert late.complete
    assert (late.es, late.sv_t) == (Decimal("5.0000"), Decimal("-2.0000"))
    assert late.ieac_t == Decimal("7.0000")  # the actual duration
    assert late.pv_next is None
    assert late.forecast_finish == date(2026, 7, 31)


def test_flat_periods_count_as_earned() -> None:
    planned = [0, 0, 200, 200, 400]
    assert measure(0, 1, planned).es == Decimal("2.0000")  # nothing planned before month 3
    assert measure(200, 5, planned).es == Decimal("4.0000")  # the plan adds nothing in month 4
    assert measure(300, 5, planned).es == Decimal("4.5000")
    assert measure(400, 5, [*planned, 400, 400]).pd == 5  # a flat tail is not duration


def test_the_duration_of_a_fraction_of_a_month_falls_within_it() -> None:
    assert date_after(START, Fraction(1)) == date(2026, 1, 31)
    assert date_after(START, Fraction(3, 2)) == date(2026, 2, 14)  # half of February's 28
    assert date_after(START, Fraction(1, 100)) == date(2026, 1, 1)
    assert month_end(START, 14) == date(2027, 2, 28)


def test_a_forecast_past_the_calendar_has_no_date() -> None:
    crawling = measure(1, 40, [1_000_000])  # ES = 0.000001 after 40 months
    assert crawling.ieac_t == Decimal("40000000.0000")
    assert crawling.forecast_finish is None


def test_periods_elapsed_count_both_months() -> None:
    assert periods_elapsed(START, date(2026, 1, 31)) == 1
    assert periods_elapsed(START, date(2026, 12, 31)) == 12
    assert periods_elapsed(START, date(2025, 12, 31)) == 0


def test_a_status_date_within_a_month_counts_that_month_to_its_day() -> None:
    # 20 November 2026 is 20/30 of the eleventh month of a plan starting in January 2026.
    assert periods_elapsed(START, date(2026, 11, 20)) == Fraction(10) + Fraction(2, 3)
    assert periods_elapsed(START, date(2026, 2, 14)) == 1 + Fraction(1, 2)
    assert planned_duration([5, 10, 10]) == 2


@pytest.mark.parametrize(
    ("planned", "ev", "at", "message"),
    [
        ([], 0, 1, "no planned value curve"),
        ([0, 0], 0, 1, "plans no budget"),
        ([100, 50, 200], 10, 1, "Period 2: the cumulative planned value falls"),
        ([100], 101, 1, "outside 0 to the budget"),
        ([100], 10, -1, "cannot be negative"),
    ],
)
def test_bad_curves_are_refused(planned: list[int], ev: int, at: int, message: str) -> None:
    with pytest.raises(EarnedValueDataError, match=message):
        earned_schedule(planned=planned, ev=ev, at=at, baseline_start=START)


@st.composite
def curves(draw: st.DrawFn) -> list[int]:
    steps = draw(st.lists(st.integers(min_value=0, max_value=10**9), min_size=1, max_size=24))
    total, curve = 0, []
    for step in steps:
        total += step
        curve.append(total)
    if curve[-1] == 0:
        curve[-1] = 1
    return curve


@settings(max_examples=200, deadline=None)
@given(curves(), st.data())
def test_es_stays_within_the_planned_duration_and_grows_with_ev(
    planned: list[int], data: st.DataObject
) -> None:
    bac = planned[-1]
    low = data.draw(st.integers(min_value=0, max_value=bac))
    high = data.draw(st.integers(min_value=low, max_value=bac))
    at = data.draw(st.integers(min_value=0, max_value=40))
    first = earned_schedule(planned=planned, ev=low, at=at, baseline_start=START)
    second = earned_schedule(planned=planned, ev=high, at=at, baseline_start=START)
    assert Decimal(0) <= first.es <= second.es <= Decimal(first.pd) <= len(planned)
    assert second.complete == (high == bac)
    if at:
        assert first.spi_t is not None
        assert abs(first.spi_t - first.es / at) <= Decimal("0.0001")
