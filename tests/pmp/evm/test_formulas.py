"""Each formula in words and symbols, and rendered with its figures."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from pmp.evm.earned_schedule import earned_schedule
from pmp.evm.formulas import BASIC, FORMULAS, Unit, render, show, values_of
from schedule.engine.earned import EarnedValue, indicators

VALUE = indicators(bac=1_000_000_00, pv=1_000_000_00, ev=812_500_00, ac=850_000_00)


def test_every_measure_has_a_formula_in_words_and_symbols() -> None:
    measured = set(EarnedValue.__dataclass_fields__) - set(BASIC)
    assert measured <= set(FORMULAS)
    assert FORMULAS["cpi"].symbols == "CPI = EV ÷ AC"
    assert FORMULAS["eac_composite"].symbols == "EAC = AC + (BAC \u2212 EV) ÷ (CPI \u00d7 SPI)"
    assert all(f.words.endswith(".") for f in FORMULAS.values())


@pytest.mark.parametrize(
    ("measure", "rendered"),
    [
        ("cpi", "CPI = EV ÷ AC = 812,500.00 ÷ 850,000.00 = 0.9559"),
        ("cv", "CV = EV \u2212 AC = 812,500.00 \u2212 850,000.00 = \u221237,500.00"),
        (
            "sv_percent",
            "SV% = SV ÷ PV \u00d7 100 = (\u2212187,500.00) ÷ 1,000,000.00 \u00d7 100 "
            "= \u221218.75%",
        ),
        (
            "eac",
            "EAC = BAC ÷ CPI = 1,000,000.00 ÷ (812,500.00 ÷ 850,000.00) = 1,046,153.85",
        ),
        (
            "tcpi",
            "TCPI = (BAC \u2212 EV) ÷ (BAC \u2212 AC) = (1,000,000.00 \u2212 812,500.00) ÷ "
            "(1,000,000.00 \u2212 850,000.00) = 1.2500",
        ),
    ],
)
def test_a_formula_renders_with_its_figures(measure: str, rendered: str) -> None:
    assert render(measure, values_of(VALUE)) == rendered


def test_an_undefined_result_says_so() -> None:
    idle = values_of(indicators(bac=100_00, pv=0, ev=0, ac=0))
    assert render("cpi", idle) == "CPI = EV ÷ AC = 0.00 ÷ 0.00 = undefined"


def test_earned_schedule_formulas_render_with_the_interpolation() -> None:
    schedule = earned_schedule(
        planned=[100_00, 300_00, 600_00], ev=450_00, at=3, baseline_start=date(2026, 1, 1)
    )
    figures = values_of(schedule=schedule)
    assert render("es", figures) == (
        "ES = C + (EV \u2212 PV_C) ÷ (PV_C+1 \u2212 PV_C) = 2 + (450.00 \u2212 300.00) ÷ "
        "(600.00 \u2212 300.00) = 2.5000"
    )
    assert render("spi_t", figures) == "SPI(t) = ES ÷ AT = 2.5000 ÷ 3 = 0.8333"
    assert render("ieac_t", figures) == "IEAC(t) = PD ÷ SPI(t) = 3 ÷ (2.5000 ÷ 3) = 3.6000"
    done = earned_schedule(planned=[100_00], ev=100_00, at=2, baseline_start=date(2026, 1, 1))
    assert render("es", values_of(schedule=done)) == "ES = PD = 1 = 1.0000"


def test_figures_print_by_their_unit() -> None:
    assert show(Decimal("-1234.5"), Unit.MONEY) == "\u22121,234.50"
    assert show(Decimal("0.95"), Unit.INDEX) == "0.9500"
    assert show(7, Unit.PERIODS) == "7"
    assert show(None, Unit.INDEX) == "undefined"
