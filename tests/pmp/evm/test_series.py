"""The status-period series: accounts, program sums and the chosen EAC."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pmp.evm.errors import EarnedValueDataError
from pmp.evm.series import (
    Cumulative,
    EacMethod,
    PeriodFigures,
    earned_value_series,
    estimate,
)
from schedule.engine.earned import indicators

JAN, FEB = date(2026, 1, 31), date(2026, 2, 28)
BUDGETS = {"1.1": 100_000_00, "1.2": 50_000_00}


def test_each_period_measures_every_account_and_the_program_from_the_sums() -> None:
    periods = [
        PeriodFigures(JAN, {"1.1": Cumulative(10_000_00, 8_000_00, 9_000_00)}),
        PeriodFigures(
            FEB,
            {
                "1.1": Cumulative(30_000_00, 24_000_00, 30_000_00),
                "1.2": Cumulative(10_000_00, 12_000_00, 10_000_00),
            },
        ),
    ]
    series = earned_value_series(budgets=BUDGETS, periods=periods)
    assert series.bac == Decimal("150000.00")
    assert [p.status_date for p in series.periods] == [JAN, FEB]
    january = series.periods[0]
    assert january.accounts["1.2"] == indicators(50_000_00, 0, 0, 0)  # not started yet
    assert january.program.ev == Decimal("8000.00")
    february = series.periods[1].program
    assert (february.pv, february.ev, february.ac) == (
        Decimal("40000.00"),
        Decimal("36000.00"),
        Decimal("40000.00"),
    )
    assert february.cpi == Decimal("0.9000")  # 36,000 / 40,000, not the mean of 0.8 and 1.2


@pytest.mark.parametrize(
    ("method", "eac"),
    [
        (EacMethod.CPI, Decimal("166666.67")),  # 150,000 / 0.9
        (EacMethod.ATYPICAL, Decimal("154000.00")),  # 40,000 + 114,000
        (EacMethod.COMPOSITE, Decimal("180740.74")),  # 40,000 + 114,000 / (0.9 x 0.9)
    ],
)
def test_the_program_estimates_by_its_method_with_the_others_alongside(
    method: EacMethod, eac: Decimal
) -> None:
    period = PeriodFigures(
        FEB,
        {
            "1.1": Cumulative(30_000_00, 24_000_00, 30_000_00),
            "1.2": Cumulative(10_000_00, 12_000_00, 10_000_00),
        },
    )
    measures = earned_value_series(budgets=BUDGETS, periods=[period], eac_method=method)
    first = measures.periods[0]
    assert (first.eac_method, first.eac) == (method, eac)
    assert first.etc == eac - Decimal("40000.00")
    assert first.vac == Decimal("150000.00") - eac
    assert set(first.estimates) == set(EacMethod)
    assert first.estimates[method] == eac


def test_an_undefined_estimate_leaves_etc_and_vac_undefined() -> None:
    series = earned_value_series(
        budgets=BUDGETS, periods=[PeriodFigures(JAN, {})], eac_method=EacMethod.COMPOSITE
    )
    assert (series.periods[0].eac, series.periods[0].etc, series.periods[0].vac) == (None,) * 3
    assert series.periods[0].estimates[EacMethod.ATYPICAL] == Decimal("150000.00")


def test_bad_figures_are_refused_with_every_reason() -> None:
    periods = [
        PeriodFigures(date(2026, 2, 15), {"9.9": Cumulative(1, 1, 1)}),
        PeriodFigures(JAN, {"1.1": Cumulative(-1, 200_000_00, 0)}),
    ]
    with pytest.raises(EarnedValueDataError) as refused:
        earned_value_series(budgets=BUDGETS, periods=periods)
    problems = " ".join(refused.value.problems)
    assert "last day of its month" in problems
    assert "periods go in date order" in problems
    assert "'9.9' has no budget" in problems
    assert "PV is negative" in problems
    assert "no more than the budget can be earned" in problems


def test_a_budget_cannot_be_negative() -> None:
    with pytest.raises(EarnedValueDataError, match="budget at completion is negative"):
        earned_value_series(budgets={"1": -5}, periods=[])


CENTS = st.integers(min_value=0, max_value=10**11)


@st.composite
def accounts(draw: st.DrawFn) -> tuple[dict[str, int], dict[str, Cumulative]]:
    count = draw(st.integers(min_value=1, max_value=6))
    budgets, values = {}, {}
    for index in range(count):
        bac = draw(CENTS)
        pv = draw(st.integers(min_value=0, max_value=bac))
        ev = draw(st.integers(min_value=0, max_value=bac))
        budgets[f"CA{index}"] = bac
        values[f"CA{index}"] = Cumulative(pv, ev, draw(CENTS))
    return budgets, values


@settings(max_examples=150, deadline=None)
@given(accounts())
def test_program_indices_are_those_of_the_summed_accounts(
    drawn: tuple[dict[str, int], dict[str, Cumulative]],
) -> None:
    budgets, values = drawn
    period = earned_value_series(budgets=budgets, periods=[PeriodFigures(JAN, values)]).periods[0]
    sums = [
        sum(budgets.values()),
        sum(v.pv for v in values.values()),
        sum(v.ev for v in values.values()),
        sum(v.ac for v in values.values()),
    ]
    assert period.program == indicators(*sums)
    for method in EacMethod:
        assert period.estimates[method] == estimate(period.program, method)


@settings(max_examples=150, deadline=None)
@given(st.integers(min_value=1, max_value=10**11), st.integers(min_value=1, max_value=10**11))
def test_the_methods_agree_when_cpi_and_spi_are_one(bac: int, earned: int) -> None:
    ev = min(bac, earned)
    value = indicators(bac, ev, ev, ev)
    assert value.eac == value.eac_atypical == value.eac_composite == value.bac
