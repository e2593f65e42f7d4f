"""Published worked examples reproduced, every printed figure asserted.

1. "Earned Value Exercise" (the fence), credited in its footnote to *PMP Exam Prep*, p. 210;
   no author or year printed on the page; https://studylib.net/doc/5898152/earned-value-exercise.
   Inputs: four control accounts (the sides) of $1,000 each, status at the end of day 3.
   Printed: PV 3,000; EV 2,500; AC 2,800; BAC 4,000; CV -300; CPI .893; SV -500; SPI .833;
   EAC 4,479; ETC 1,679; VAC -479.

   Rounding: the example divides BAC by the CPI already rounded to three places,
   4,000 / .893 = 4,479.28, printed to the dollar as 4,479, and takes ETC and VAC from that.
   ``indicators`` divides by the unrounded CPI (BAC x AC / EV = 4,480.00 exactly); the test
   asserts both: the exact figure, and the printed ones by the example's own rounding
   applied to our CPI.

2. "Explanation", Project Management PrepCast PMP exam discussion forum, topic 9649, answer
   by Harry J. Elston (the forum dates its posts only relatively),
   https://www.project-management-prepcast.com/kunena/pmp-exam-discussion/9649-explanation.
   A project planned to take 5 months, evenly, half done after 3 months. Printed: ES 2.5
   months, SV(t) -0.5 months, SPI(t) 0.83 (two places).

Inputs are in ``worked_example.py``.
"""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from pmp.evm.earned_schedule import earned_schedule
from pmp.evm.series import EacMethod, PeriodFigures, earned_value_series

from . import worked_example as example


def test_the_fence_reproduces_the_printed_basic_figures_and_variances() -> None:
    period = earned_value_series(
        budgets=example.FENCE_BUDGETS,
        periods=[PeriodFigures(example.FENCE_STATUS_DATE, example.FENCE_STATUS)],
    ).periods[0]
    program = period.program
    printed = example.FENCE_PUBLISHED
    for name in ("pv", "ev", "ac", "bac", "cv", "sv"):
        assert getattr(program, name) == printed[name], name


def test_the_fence_reproduces_the_printed_indices_to_three_places() -> None:
    program = (
        earned_value_series(
            budgets=example.FENCE_BUDGETS,
            periods=[PeriodFigures(example.FENCE_STATUS_DATE, example.FENCE_STATUS)],
        )
        .periods[0]
        .program
    )
    assert program.cpi is not None and program.spi is not None
    three = Decimal("0.001")
    assert program.cpi.quantize(three, ROUND_HALF_UP) == example.FENCE_PUBLISHED["cpi"]
    assert program.spi.quantize(three, ROUND_HALF_UP) == example.FENCE_PUBLISHED["spi"]
    assert (program.cpi, program.spi) == (Decimal("0.8929"), Decimal("0.8333"))


def test_the_fence_estimates_by_the_examples_rounding_and_exactly() -> None:
    period = earned_value_series(
        budgets=example.FENCE_BUDGETS,
        periods=[PeriodFigures(example.FENCE_STATUS_DATE, example.FENCE_STATUS)],
        eac_method=EacMethod.CPI,
    ).periods[0]
    program = period.program
    printed = example.FENCE_PUBLISHED
    assert program.cpi is not None
    # The example's way: BAC over the CPI rounded to three places, to the dollar.
    cpi_printed = program.cpi.quantize(Decimal("0.001"), ROUND_HALF_UP)
    eac_printed = (program.bac / cpi_printed).quantize(Decimal(1), ROUND_HALF_UP)
    assert eac_printed == printed["eac"]
    assert eac_printed - program.ac == printed["etc"]
    assert program.bac - eac_printed == printed["vac"]
    # Ours, from the unrounded CPI: 4,000 x 2,800 / 2,500.
    assert (period.eac, period.etc, period.vac) == (
        Decimal("4480.00"),
        Decimal("1680.00"),
        Decimal("-480.00"),
    )


def test_the_fence_sides_are_control_accounts_whose_sums_are_the_program() -> None:
    period = earned_value_series(
        budgets=example.FENCE_BUDGETS,
        periods=[PeriodFigures(example.FENCE_STATUS_DATE, example.FENCE_STATUS)],
    ).periods[0]
    sides = period.accounts
    assert [sides[key].ac for key in example.FENCE_BUDGETS] == [
        Decimal("1000.00"),
        Decimal("1200.00"),
        Decimal("600.00"),
        Decimal("0.00"),
    ]
    for name in ("bac", "pv", "ev", "ac"):
        assert sum(getattr(side, name) for side in sides.values()) == getattr(period.program, name)


def test_earned_schedule_reproduces_the_printed_figures() -> None:
    schedule = earned_schedule(
        planned=example.ES_PLANNED,
        ev=example.ES_EARNED,
        at=example.ES_ACTUAL_TIME,
        baseline_start=date(2026, 1, 1),  # ours: the source names no dates
    )
    printed = example.ES_PUBLISHED
    assert schedule.es == printed["es"]
    assert schedule.sv_t == printed["sv_t"]
    assert schedule.spi_t is not None
    assert schedule.spi_t.quantize(Decimal("0.01"), ROUND_HALF_UP) == printed["spi_t"]
    assert schedule.pd == 5  # "planned to take 5 months"
