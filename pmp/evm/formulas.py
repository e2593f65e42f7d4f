"""Each measure's formula in words and in symbols, and the same with its values in, for the
pages to show beside each figure ("CPI = 812,500.00 ÷ 850,000.00 = 0.9559").

A rendered formula substitutes the figures as they are shown (money to the cent, indices to
four places) and ends with the measure as computed. Where a measure is computed from an
unrounded index (the EACs), the index is written out as its own quotient, so that the line
recomputes exactly; TCPI to the EAC shows the EAC to the cent and so may differ from a hand
recomputation in the last place.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from decimal import Decimal
from enum import StrEnum
from string import Formatter

from schedule.engine.earned import EarnedValue

from .earned_schedule import EarnedSchedule

MINUS = "\u2212"
TIMES = "\u00d7"
DIVIDE = "\u00f7"

Value = Decimal | int | None


class Unit(StrEnum):
    MONEY = "money"  # dollars to the cent
    INDEX = "index"  # a ratio to four places
    PERCENT = "percent"
    PERIODS = "periods"  # months, earned schedule


@dataclass(frozen=True, slots=True)
class Formula:
    measure: str  # the field it explains ("cpi")
    symbol: str  # "CPI"
    name: str  # "Cost performance index"
    words: str  # the formula in words
    expression: str  # its right-hand side in symbols: "EV ÷ AC"
    template: str  # the same with a placeholder for each figure: "{ev} ÷ {ac}"
    unit: Unit

    @property
    def symbols(self) -> str:
        return f"{self.symbol} = {self.expression}"


def _formula(
    measure: str, symbol: str, name: str, words: str, expression: str, template: str, unit: Unit
) -> Formula:
    signs = {"-": MINUS, "*": TIMES, "/": DIVIDE}
    for ascii_sign, sign in signs.items():
        expression = expression.replace(f" {ascii_sign} ", f" {sign} ")
        template = template.replace(f" {ascii_sign} ", f" {sign} ")
    return Formula(measure, symbol, name, words, expression, template, unit)


FORMULAS: dict[str, Formula] = {
    f.measure: f
    for f in (
        _formula(
            "cv", "CV", "Cost variance",
            "Earned value less actual cost; below zero is over cost.",
            "EV - AC", "{ev} - {ac}", Unit.MONEY,
        ),
        _formula(
            "sv", "SV", "Schedule variance",
            "Earned value less planned value; below zero is behind schedule.",
            "EV - PV", "{ev} - {pv}", Unit.MONEY,
        ),
        _formula(
            "cpi", "CPI", "Cost performance index",
            "Earned value divided by actual cost: the work got for each dollar spent.",
            "EV / AC", "{ev} / {ac}", Unit.INDEX,
        ),
        _formula(
            "spi", "SPI", "Schedule performance index",
            "Earned value divided by planned value: the work done for each dollar of work "
            "planned.",
            "EV / PV", "{ev} / {pv}", Unit.INDEX,
        ),
        _formula(
            "cv_percent", "CV%", "Cost variance percent",
            "Cost variance as a percentage of earned value.",
            "CV / EV * 100", "{cv} / {ev} * 100", Unit.PERCENT,
        ),
        _formula(
            "sv_percent", "SV%", "Schedule variance percent",
            "Schedule variance as a percentage of planned value.",
            "SV / PV * 100", "{sv} / {pv} * 100", Unit.PERCENT,
        ),
        _formula(
            "eac", "EAC", "Estimate at completion (CPI)",
            "The budget divided by the cost performance index: the cost efficiency so far "
            "goes on to the end.",
            "BAC / CPI", "{bac} / ({ev} / {ac})", Unit.MONEY,
        ),
        _formula(
            "eac_atypical", "EAC", "Estimate at completion (atypical)",
            "Actual cost plus the budget of the work remaining: the rest goes to budget.",
            "AC + (BAC - EV)", "{ac} + ({bac} - {ev})", Unit.MONEY,
        ),
        _formula(
            "eac_composite", "EAC", "Estimate at completion (composite)",
            "Actual cost plus the budget of the work remaining divided by the product of the "
            "cost and schedule performance indices: both weigh on the rest.",
            "AC + (BAC - EV) / (CPI * SPI)",
            "{ac} + ({bac} - {ev}) / (({ev} / {ac}) * ({ev} / {pv}))", Unit.MONEY,
        ),
        _formula(
            "etc", "ETC", "Estimate to complete",
            "The estimate at completion less the actual cost so far.",
            "EAC - AC", "{eac} - {ac}", Unit.MONEY,
        ),
        _formula(
            "vac", "VAC", "Variance at completion",
            "The budget less the estimate at completion; below zero is an overrun.",
            "BAC - EAC", "{bac} - {eac}", Unit.MONEY,
        ),
        _formula(
            "tcpi", "TCPI", "To-complete performance index (to the budget)",
            "The work remaining divided by the budget remaining: the cost efficiency the rest "
            "must reach to finish within the budget.",
            "(BAC - EV) / (BAC - AC)", "({bac} - {ev}) / ({bac} - {ac})", Unit.INDEX,
        ),
        _formula(
            "tcpi_eac", "TCPI", "To-complete performance index (to the EAC)",
            "The work remaining divided by the estimate remaining: the cost efficiency the "
            "rest must reach to finish at the estimate at completion.",
            "(BAC - EV) / (EAC - AC)", "({bac} - {ev}) / ({eac} - {ac})", Unit.INDEX,
        ),
        _formula(
            "es", "ES", "Earned schedule",
            "The whole periods whose planned value has been earned, plus the share earned of "
            "the next period's planned value.",
            "C + (EV - PV_C) / (PV_C+1 - PV_C)",
            "{whole_periods} + ({ev} - {pv_c}) / ({pv_next} - {pv_c})", Unit.PERIODS,
        ),
        _formula(
            "sv_t", "SV(t)", "Schedule variance (time)",
            "Earned schedule less the actual time elapsed, in months.",
            "ES - AT", "{es} - {at}", Unit.PERIODS,
        ),
        _formula(
            "spi_t", "SPI(t)", "Schedule performance index (time)",
            "Earned schedule divided by the actual time elapsed.",
            "ES / AT", "{es} / {at}", Unit.INDEX,
        ),
        _formula(
            "ieac_t", "IEAC(t)", "Independent estimate of duration at completion",
            "The planned duration divided by the schedule performance index (time), in months.",
            "PD / SPI(t)", "{pd} / ({es} / {at})", Unit.PERIODS,
        ),
    )
}  # fmt: skip

BASIC = {
    "bac": "BAC, budget at completion: the budget of all the work.",
    "pv": "PV, planned value: the budget of the work planned to be done by the status date.",
    "ev": "EV, earned value: the budget of the work done by the status date.",
    "ac": "AC, actual cost: what the work done has cost.",
}

UNITS = {
    **dict.fromkeys(("bac", "pv", "ev", "ac", "pv_c", "pv_next"), Unit.MONEY),
    **dict.fromkeys(("at", "pd", "whole_periods"), Unit.PERIODS),
    **{f.measure: f.unit for f in FORMULAS.values()},
}


def show(value: Value, unit: Unit) -> str:
    """A figure as the pages print it: money with thousands separators and cents, indices
    to four places, negative numbers with a minus sign."""
    if value is None:
        return "undefined"
    if isinstance(value, int) and unit is Unit.PERIODS:
        text = f"{value:,}"
    elif unit is Unit.MONEY:
        text = f"{Decimal(value):,.2f}"
    elif unit is Unit.PERCENT:
        text = f"{Decimal(value):,.2f}%"
    else:
        text = f"{Decimal(value):,.4f}"
    return text.replace("-", MINUS)


def values_of(
    value: EarnedValue | None = None, schedule: EarnedSchedule | None = None
) -> dict[str, Value]:
    """The figures of an ``EarnedValue`` and an ``EarnedSchedule`` by field name."""
    found: dict[str, Value] = {}
    for source in (value, schedule):
        if source is not None:
            for each in fields(source):
                figure = getattr(source, each.name)
                if isinstance(figure, Decimal | int) and not isinstance(figure, bool):
                    found[each.name] = figure
                elif figure is None:
                    found[each.name] = None
    at = found.get("at")
    if isinstance(at, Decimal) and at == at.to_integral_value():
        found["at"] = int(at)  # whole months read as such: AT = 13 at a month's end
    return found


def render(measure: str, values: Mapping[str, Value]) -> str:
    """``measure``'s formula with the figures of ``values`` substituted and its result:
    ``render("cpi", {"ev": ..., "ac": ..., "cpi": ...})`` gives
    "CPI = EV ÷ AC = 812,500.00 ÷ 850,000.00 = 0.9559"."""
    formula = FORMULAS[measure]
    if measure == "es" and values.get("pv_next") is None:  # complete: ES is PD
        return f"ES = PD = {show(values['pd'], Unit.PERIODS)} = {show(values['es'], Unit.PERIODS)}"
    names = [name for _, name, _, _ in Formatter().parse(formula.template) if name]
    figures = {}
    for name in names:
        figure = values[name]
        text = show(figure, UNITS[name])
        figures[name] = f"({text})" if figure is not None and figure < 0 else text
    substituted = formula.template.format(**figures)
    return f"{formula.symbols} = {substituted} = {show(values[measure], formula.unit)}"
