"""The earned value report as people read it, shared by the page, the PDF and the workbook:
each measure with its value ("$1,234.56", indices to four places) and its formula with the
figures in; the lights in words, naming the indicator that set each colour; the control
accounts in the layout of the CPR's Format 1; and the tables the charts are drawn from."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from programs.federal_calendar import add_months, month_start, months_between
from schedule.engine.cost import to_dollars

from .evm.formulas import BASIC, FORMULAS, Unit, Value, render, values_of
from .evm.lights import Colour, Light, Lights
from .evm.series import EacMethod
from .selectors.earned_value import AccountRow, Report

MINUS = "\u2212"
#: The measure of ``FORMULAS`` that is each method's EAC.
EAC_MEASURE = {
    EacMethod.CPI: "eac",
    EacMethod.ATYPICAL: "eac_atypical",
    EacMethod.COMPOSITE: "eac_composite",
}
#: How far past the plan the EAC projection may reach on the S-curve, in months.
PROJECTION_LIMIT = 120


def money(value: Decimal | None) -> str:
    """Dollars with separators and cents, a minus sign before a negative amount; an undefined
    amount in words."""
    if value is None:
        return "Undefined"
    text = f"${abs(value):,.2f}"
    return f"{MINUS}{text}" if value < 0 else text


def index(value: Decimal | None) -> str:
    return "Undefined" if value is None else f"{value:.4f}".replace("-", MINUS)


def percent(value: Decimal | None) -> str:
    return "Undefined" if value is None else f"{value:,.2f}%".replace("-", MINUS)


def periods(value: Decimal | int | None) -> str:
    if value is None:
        return "Undefined"
    return f"{value} months".replace("-", MINUS)


def shown(value: Value, unit: Unit) -> str:
    if unit is Unit.MONEY:
        return money(None if value is None else Decimal(value))
    if unit is Unit.PERCENT:
        return percent(None if value is None else Decimal(value))
    if unit is Unit.PERIODS:
        return periods(value)
    return index(None if value is None else Decimal(value))


def colour_word(colour: Colour) -> str:
    return {
        Colour.GREEN: "Green",
        Colour.YELLOW: "Yellow",
        Colour.RED: "Red",
        Colour.NONE: "No light",
    }[colour]


def light_text(light: Light) -> str:
    """ "Yellow: CPI 0.9300"."""
    if light.colour is Colour.NONE:
        return "No light: nothing to measure yet"
    return f"{colour_word(light.colour)}: {light.indicator} {index(light.value)}"


@dataclass(frozen=True)
class Measure:
    key: str  # the field ("cpi"), or "forecast_finish"
    symbol: str
    name: str
    value: str
    raw: Decimal | None  # for the workbook
    unit: str
    formula: str  # rendered with the figures, or a sentence
    words: str
    chosen: bool = False  # the program's EAC method
    note: str = ""


def _measure(
    key: str, values: dict[str, Value], *, chosen: bool = False, note: str = ""
) -> Measure:
    formula = FORMULAS[key]
    value = values.get(key)
    try:
        rendered = render(key, values)
    except (KeyError, TypeError):  # a figure of the formula is undefined
        rendered = f"{formula.symbols}: undefined"
    return Measure(
        key=key,
        symbol=formula.symbol,
        name=formula.name,
        value=shown(value, formula.unit),
        raw=None if value is None else Decimal(value),
        unit=formula.unit.value,
        formula=rendered,
        words=formula.words,
        chosen=chosen,
        note=note,
    )


def program_measures(report: Report) -> list[Measure]:
    """Every measure of the program at the report's month, in the order the page shows them."""
    value = report.program
    es = report.schedule
    values = values_of(value, es)
    found = []
    for key in ("pv", "ev", "ac", "bac"):
        amount = getattr(value, key)
        symbol, _, words = BASIC[key].partition(", ")
        name, _, words = words.partition(": ")
        found.append(
            Measure(
                key,
                symbol,
                name[:1].upper() + name[1:],
                money(amount),
                amount,
                Unit.MONEY.value,
                f"{symbol} = {money(amount)}",
                words[:1].upper() + words[1:],
            )
        )
    for key in ("cv", "sv", "cv_percent", "sv_percent", "cpi", "spi"):
        found.append(_measure(key, values))
    method = report.eac_method
    for each in EacMethod:
        found.append(
            _measure(
                EAC_MEASURE[each],
                values,
                chosen=each is method,
                note="The program's method" if each is method else "Shown alongside",
            )
        )
    # ETC and VAC follow the program's method.
    chosen = dict(values) | {
        "eac": report.measures.eac,
        "etc": report.measures.etc,
        "vac": report.measures.vac,
    }
    found.append(_measure("etc", chosen, note="From the EAC by the program's method"))
    found.append(_measure("vac", chosen, note="From the EAC by the program's method"))
    found.append(_measure("tcpi", values))
    found.append(_measure("tcpi_eac", values, note="To the EAC = BAC ÷ CPI"))
    if es is not None:
        for key in ("es", "sv_t", "spi_t", "ieac_t"):
            found.append(_measure(key, values))
        finish = es.forecast_finish
        found.append(
            Measure(
                "forecast_finish",
                "Finish",
                "Forecast finish date (earned schedule)",
                f"{finish:%Y-%m-%d}" if finish else "Undefined",
                None,
                "date",
                f"IEAC(t) = {periods(es.ieac_t)} from {report.basis.start:%B %Y}; "
                f"planned finish {es.planned_finish:%Y-%m-%d}",
                "The baseline's start plus the independent estimate of duration.",
            )
        )
    return found


@dataclass(frozen=True)
class AccountLine:
    wbs: str
    name: str
    row: AccountRow
    cells: list[str]  # in the order of FORMAT_1_HEADERS
    raw: list[Decimal | None]
    light: str
    colour: str


FORMAT_1_GROUPS = (
    ("Control account", 2),
    ("Current period", 5),
    ("Cumulative to date", 5),
    ("At completion", 3),
)
FORMAT_1_HEADERS = (
    "PV",
    "EV",
    "AC",
    "SV",
    "CV",
    "PV",
    "EV",
    "AC",
    "SV",
    "CV",
    "BAC",
    "EAC",
    "VAC",
)


def _format_1(row: AccountRow) -> list[Decimal | None]:
    pv, ev, ac = row.current
    value = row.cumulative
    return [
        pv,
        ev,
        ac,
        ev - pv,
        ev - ac,
        value.pv,
        value.ev,
        value.ac,
        value.sv,
        value.cv,
        value.bac,
        row.eac,
        row.vac,
    ]


def account_lines(report: Report) -> list[AccountLine]:
    lines = []
    for row in report.accounts:
        raw = _format_1(row)
        overall = row.lights.overall
        lines.append(
            AccountLine(
                row.wbs,
                row.name,
                row,
                [money(v) for v in raw],
                raw,
                light_text(overall),
                overall.colour.value,
            )
        )
    return lines


def account_totals(report: Report, lines: list[AccountLine]) -> list[str]:
    """The program's line: sums of every column but EAC and VAC, which are the program's own
    (by its method)."""
    totals: list[str] = []
    for column in range(len(FORMAT_1_HEADERS)):
        if FORMAT_1_HEADERS[column] == "EAC":
            totals.append(money(report.measures.eac))
            continue
        if FORMAT_1_HEADERS[column] == "VAC":
            totals.append(money(report.measures.vac))
            continue
        amounts = [line.raw[column] for line in lines]
        totals.append(money(sum((a for a in amounts if a is not None), Decimal(0))))
    return totals


@dataclass(frozen=True)
class ChartTable:
    """A chart's figures: ``headers`` name the columns after the first (the labels)."""

    id: str
    title: str
    first: str
    headers: list[str]
    rows: list[tuple[str, list[str]]]


def s_curve(report: Report) -> ChartTable:
    """Cumulative PV, EV and AC by month, and the EAC projected from the report's month's AC
    to the forecast finish."""
    rows: dict[date, list[str]] = {}
    for period in report.periods:
        value = period.value
        rows[period.month] = [
            money(to_dollars(period.planned)),
            money(value.ev) if value else "",
            money(value.ac) if value else "",
            "",
        ]
    eac = report.measures.eac
    finish = report.schedule.forecast_finish if report.schedule else None
    if eac is not None:
        rows.setdefault(report.month, ["", "", "", ""])[3] = money(report.program.ac)
        end = month_start(finish) if finish else report.basis.finish
        end = max(end, report.month)
        if months_between(report.month, end) > PROJECTION_LIMIT:
            end = add_months(report.month, PROJECTION_LIMIT)
        bac = money(report.program.bac)
        month = add_months(max(rows), 1)
        while month <= end:
            rows[month] = [bac, "", "", ""]
            month = add_months(month, 1)
        if end != report.month:
            rows[end][3] = money(eac)
    return ChartTable(
        "s-curve-table",
        "Cumulative planned value, earned value and actual cost, with the EAC projected to "
        "the forecast finish",
        "Month",
        ["PV (cumulative)", "EV (cumulative)", "AC (cumulative)", "EAC projection"],
        [(f"{m:%Y-%m}", rows[m]) for m in sorted(rows)],
    )


def index_chart(report: Report) -> ChartTable:
    bands = report.bands
    rows = []
    for period in report.periods:
        if period.value is None:
            continue
        spi_t = (
            next((x.value for x in period.lights.lights if x.indicator == "SPI(t)"), None)
            if period.lights
            else None
        )
        rows.append(
            (
                period.label,
                [
                    index(period.value.cpi).replace("Undefined", ""),
                    index(period.value.spi).replace("Undefined", ""),
                    index(spi_t).replace("Undefined", ""),
                    index(bands.green_low),
                    index(bands.green_high),
                    index(bands.yellow_low),
                    index(bands.yellow_high),
                ],
            )
        )
    return ChartTable(
        "indices-table",
        "CPI, SPI and SPI(t) by month, with the green and yellow bands",
        "Month",
        ["CPI", "SPI", "SPI(t)", "Green low", "Green high", "Yellow low", "Yellow high"],
        rows,
    )


def variance_chart(report: Report) -> ChartTable:
    return ChartTable(
        "variance-table",
        f"Cumulative cost and schedule variance by control account, {report.month:%B %Y}",
        "Control account",
        ["CV", "SV"],
        [
            (f"{row.wbs} {row.name}", [money(row.cumulative.cv), money(row.cumulative.sv)])
            for row in report.accounts
        ],
    )


def lights_summary(lights: Lights) -> list[str]:
    return [light_text(each) for each in lights.lights]
