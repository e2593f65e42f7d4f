"""Cost: earned value at the period's last measured month (CPI and SPI, cost and schedule
variance in dollars and percent, the estimate at completion) with its series month by month
(the S-curve), and the expenditure to date against the budget and the obligated funds."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from pmp.selectors.earned_value import Report, earned_value_report
from pmp.selectors.funding import funding_summary
from programs.errors import DomainError
from programs.federal_calendar import month_start
from schedule.engine.cost import to_dollars

from .. import rating
from .base import Context, absent, day, dollars_text, money, percent

KEY = "cost"
TITLE = "Cost"


def _series(report: Report, last: Any) -> list[dict[str, Any]]:
    """Cumulative PV, EV and AC of each month from the baseline's start to the reported month
    (measured months: closed or still open), then the plan alone up to the period's end;
    EV and AC are None where the month was not measured."""
    rows = []
    for period in report.periods:
        if period.month > last:
            break
        measured = period.value is not None and period.month <= report.month
        value = period.value if measured else None
        rows.append(
            {
                "month": f"{period.month:%Y-%m}",
                "label": f"{period.month:%b %Y}",
                "status": period.status if measured or period.value is None else "planned",
                "pv": money(value.pv if value is not None else to_dollars(period.planned)),
                "ev": money(value.ev) if value is not None else None,
                "ac": money(value.ac) if value is not None else None,
            }
        )
    return rows


def _earned_value(ctx: Context) -> dict[str, Any]:
    month = month_start(min(ctx.period_end, ctx.today))
    try:
        report = earned_value_report(ctx.program, month)
    except DomainError as error:
        return absent(error.message)
    value = report.program
    return {
        "present": True,
        "month": f"{report.month:%B %Y}",
        "status_date": day(report.figures.status_date),
        "bac": money(value.bac),
        "pv": money(value.pv),
        "ev": money(value.ev),
        "ac": money(value.ac),
        "cv": money(value.cv),
        "sv": money(value.sv),
        "cv_percent": percent(value.cv_percent),
        "sv_percent": percent(value.sv_percent),
        "cpi": str(value.cpi) if value.cpi is not None else None,
        "spi": str(value.spi) if value.spi is not None else None,
        "eac": money(value.eac),
        "vac": money(value.vac),
        "series": _series(report, month_start(ctx.period_end)),
        # The cost performance index lit by the program's own earned value bands, as the
        # earned value page lights it.
        "cpi_light": _cpi_light(report),
    }


def _cpi_light(report: Report) -> dict[str, Any] | None:
    found = next((each for each in report.lights.lights if each.indicator == "CPI"), None)
    if found is None or found.value is None:
        return None
    bands = report.bands
    return {
        "value": str(found.value),
        "colour": str(found.colour),
        "green": [str(bands.green_low), str(bands.green_high)],
        "yellow": [str(bands.yellow_low), str(bands.yellow_high)],
    }


def _funding(ctx: Context) -> dict[str, Any]:
    summary = funding_summary(ctx.program)
    if not summary.documents and not summary.budget_at_completion:
        return absent("The program has no funding documents or control account budgets yet.")
    return {
        "present": True,
        "budget": money(summary.budget_at_completion),
        "obligated": money(summary.obligated),
        "expended": money(summary.expended),
        "remaining": money(summary.remaining),
        "budget_remaining": money(summary.budget_remaining),
        "expended_of_budget": percent(summary.expended_of_budget),
        "expended_of_obligated": percent(summary.expended_of_obligated),
        "as_of": day(ctx.today),
    }


def read(ctx: Context) -> dict[str, Any]:
    earned, funding = _earned_value(ctx), _funding(ctx)
    if not earned["present"] and not funding["present"]:
        return absent(f"{earned['absent']} {funding['absent']}")
    return {"present": True, "earned_value": earned, "funding": funding}


_LIT = {"green": rating.GREEN, "yellow": rating.YELLOW, "red": rating.RED}


def _cpi_indicator(light: dict[str, Any] | None) -> dict[str, Any] | None:
    """The CPI as the program's earned value bands light it (snapshots built before the
    light was kept have none)."""
    if not light or light.get("colour") not in _LIT:
        return None
    green, yellow = (" to ".join(light[band]) for band in ("green", "yellow"))
    why = {
        "green": f"inside the program's green band of {green}",
        "yellow": f"outside the program's green band of {green}, inside its yellow band of "
        f"{yellow}",
        "red": f"outside the program's yellow band of {yellow}",
    }[light["colour"]]
    value = f"{Decimal(light['value']):.2f}"
    return rating.indicator("Cost performance index (CPI)", value, _LIT[light["colour"]], why)


def assess(data: dict[str, Any], t: rating.Thresholds) -> dict[str, Any] | None:
    if not data.get("present"):
        return None
    indicators: list[dict[str, Any] | None] = []
    earned = data["earned_value"]
    if earned["present"] and earned["cv_percent"] is not None:
        cv = Decimal(earned["cv_percent"])
        indicators.append(
            rating.variance_indicator(
                "Cost variance", cv, f"{dollars_text(earned['cv'])} ({cv:+.1f}%)", t
            )
        )
        indicators.append(_cpi_indicator(earned.get("cpi_light")))
    funding = data["funding"]
    if funding["present"] and funding["expended_of_obligated"] is not None:
        spent = Decimal(funding["expended_of_obligated"])
        over = spent > 100
        indicators.append(
            rating.indicator(
                "Expended of obligated funds",
                f"{spent}%",
                rating.RED if over else rating.GREEN,
                "spending has passed the obligated funds"
                if over
                else "spending is within the obligated funds",
                watch=spent >= 90,
            )
        )
    return rating.area(KEY, TITLE, indicators)
