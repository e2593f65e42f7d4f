"""The charts of a status report's PDF, drawn from its frozen snapshot: the status history
(the CIO rating of each period, this report last), the milestones' slip against the agreed
baseline, and the S-curve of the earned value (cumulative PV, EV and AC in dollars). Each
comes as a data: URL and its text alternative; the PDF prints its figures as a table after
it. A chart with nothing to draw is None."""

from __future__ import annotations

import calendar
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from programs.svg_charts import Bar, Reference, Series, bar_chart, line_chart, svg_data_url

from .history import StatusHistory
from .sections.base import dollars_text

MONTHS = frozenset(calendar.month_name[1:])


@dataclass(frozen=True)
class Chart:
    url: str
    alt: str


def _short(label: str) -> str:
    """ "Nov 2026" for "November 2026"; other labels as they are."""
    month, _, rest = label.partition(" ")
    return f"{month[:3]} {rest}" if month in MONTHS and rest else label


def history_chart(history: StatusHistory) -> Chart | None:
    """The rating of each period on the 1 (high risk) to 5 (low risk) scale."""
    if len(history.rows) < 2:
        return None
    labels = [_short(row.period) for row in history.rows]
    ratings = [row.rating for row in history.rows]
    first, last = history.rows[0].period, history.rows[-1].period
    alt = f"Status history: the CIO rating of each period from {first} to {last}"
    svg = line_chart(
        title=alt,
        desc="The CIO rating from 1 (high risk) to 5 (low risk) of each of the program's "
        "reports, this report last; the table after the chart gives the same ratings and "
        "each area's status in words.",
        labels=labels,
        series=[Series("CIO rating (5: low risk, 1: high risk)", ratings)],
        y_ticks=[1, 2, 3, 4, 5],
        y_format=lambda v: f"{v:.0f}",
        y_label="Rating",
        height=130.0,
    )
    return Chart(svg_data_url(svg), alt)


def _days(value: float) -> str:
    days = int(value)
    if days == 0:
        return "on time"
    unit = "day" if abs(days) == 1 else "days"
    return f"{abs(days)} {unit} {'late' if days > 0 else 'early'}"


def slip_chart(schedule: Mapping[str, Any]) -> Chart | None:
    """Days late (right) or early (left) of each milestone against the agreed baseline."""
    if not schedule.get("present") or not schedule.get("baseline"):
        return None
    measured = [m for m in schedule.get("milestones", []) if m.get("slip_days") is not None]
    if not measured:
        return None
    number = schedule["baseline"].get("number")
    alt = f"Milestone slip against the agreed baseline {number}, in days"
    svg = bar_chart(
        title=alt,
        desc="For each milestone, the days its forecast or actual finish lies after (late, "
        "solid bar to the right) or before (early, hatched bar to the left) its finish in the "
        "agreed baseline; each bar is labelled in words and the table after the chart lists "
        "the same figures.",
        bars=[Bar(m["name"], m["slip_days"], _days(m["slip_days"])) for m in measured],
        axis_label="Days late (right of zero) or early (left of zero)",
        value_format=lambda v: f"{v:+.0f}",
        whole=True,
    )
    return Chart(svg_data_url(svg), alt)


def _compact_dollars(value: float) -> str:
    amount = abs(value)
    sign = "-" if value < 0 else ""
    for size, suffix in ((1e9, "B"), (1e6, "M"), (1e3, "K")):
        if amount >= size:
            return f"{sign}${amount / size:.3g}{suffix}"
    return f"{sign}${amount:.0f}"


def s_curve(cost: Mapping[str, Any]) -> Chart | None:
    """Cumulative planned value, earned value and actual cost by month, with the budget at
    completion as a reference line."""
    earned = cost.get("earned_value") or {}
    series = earned.get("series") if cost.get("present") and earned.get("present") else None
    if not series:
        return None

    def values(key: str) -> list[float | None]:
        return [float(Decimal(row[key])) if row.get(key) is not None else None for row in series]

    first, last = series[0]["label"], series[-1]["label"]
    alt = f"S-curve: cumulative planned value, earned value and actual cost, {first} to {last}"
    bac = earned.get("bac")
    svg = line_chart(
        title=alt,
        desc="Cumulative planned value (PV), earned value (EV) and actual cost (AC) in dollars "
        "at the end of each month, with the budget at completion as a dotted line; months "
        "not measured carry the plan alone. The table after the chart lists the same figures.",
        labels=[row["label"] for row in series],
        series=[
            Series("Planned value (PV)", values("pv")),
            Series("Earned value (EV)", values("ev")),
            Series("Actual cost (AC)", values("ac")),
        ],
        y_format=_compact_dollars,
        reference=Reference(float(Decimal(bac)), f"Budget at completion {dollars_text(bac)}")
        if bac is not None
        else None,
    )
    return Chart(svg_data_url(svg), alt)


def report_charts(
    sections: Mapping[str, Any], history: StatusHistory, *, shows_costs: bool
) -> dict[str, Chart | None]:
    """The PDF's charts; the S-curve only for whoever may see the program's costs."""
    return {
        "history": history_chart(history),
        "slip": slip_chart(sections.get("schedule") or {}),
        "s_curve": s_curve(sections.get("cost") or {}) if shows_costs else None,
    }
