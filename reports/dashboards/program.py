"""The program dashboard's figures, as plain data (kept in the cache, served by the API):

- a tile per area of the status report (schedule, cost, risk, quality, IV&V), read and
  assessed live by the report's own section modules, so the two agree; and the Play 3.1
  board's tile. Each tile has its status in words, the indicators that set it and the page
  that shows the detail;
- the forecast finish against the agreed baseline, the milestones due in the coming days and
  those that slipped;
- the S-curve and the CPI and SPI trend (for those who see the program's costs);
- the heat map of the open risks, the QASP scorecard, the open findings by age;
- the status history: the last twelve reports' rating and area statuses.

Dollars and the indices computed from them are left out for a viewer who does not see the
program's costs (``shows_costs``); the cost tile's status and its reason in percent stay.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string

from ivv.selectors import charts as ivv_charts
from pmp import earned_value_display as ev_display
from pmp.choices import RaidKind, RaidStatus
from pmp.models import RiskScheme
from pmp.risk_matrix import BAND_LABELS
from pmp.selectors.earned_value import earned_value_report
from pmp.selectors.raid import heat_map, log_rows
from programs import limits, policy
from programs.choices import ActivityStatus
from programs.errors import DomainError
from programs.models import PlayActivity, Program
from qasp.scorecard import scorecard

from .. import periods, rating, selectors
from ..choices import CIO_RATINGS
from ..models import StatusReport
from ..sections import SECTIONS
from ..sections.base import Context, absent
from . import cache

logger = logging.getLogger(__name__)

HISTORY = 12
SCORECARD_MONTHS = 6
HEAT_POSITION = "residual"
AREA_KEYS = ("schedule", "cost", "risk", "quality", "ivv")


#: The page of each tile's detail, and what the link says.
DETAIL = {
    "schedule": ("schedule:home", "the schedule"),
    "cost": ("pmp:earned-value", "earned value"),
    "risk": ("pmp:raid:heat-map", "the risk heat map"),
    "quality": ("qasp:performance:scorecard", "the QASP scorecard"),
    "ivv": ("ivv:register", "the IV&V findings"),
    "board": ("programs:program-detail", "the Play 3.1 board"),
}


def current_period(program: Program, today: date) -> periods.Period:
    length = selectors.settings_of(program).period_length
    return periods.period_of(periods.period_start(today, length), length)


FAILED = "failed"


def _failed(title: str, error: Exception) -> dict[str, Any]:
    """A part whose source failed: said in words on the dashboard, which is then not kept
    (the next request tries again), instead of an error page."""
    if isinstance(error, DomainError):
        line = f"Reading the {title} failed: {error.message}"
    else:
        logger.exception("Dashboard part %s failed", title)
        line = (
            f"Reading the {title} failed on an unexpected error ({type(error).__name__}); "
            "reload the page, or tell a portal administrator if it happens again."
        )
    return {**absent(line), FAILED: True}


def _read(module: Any, ctx: Context) -> dict[str, Any]:
    try:
        return dict(module.read(ctx))
    except Exception as error:
        return _failed(module.TITLE.lower(), error)


def _part(title: str, read: Callable[[], dict[str, Any]]) -> dict[str, Any]:
    try:
        return {"present": True, **read()}
    except Exception as error:
        return _failed(title, error)


def _tile(key: str, title: str, assessed: dict[str, Any] | None, line: str) -> dict[str, Any]:
    area = assessed or {**rating.area(key, title, []), "absent": line}
    worst = [i for i in area["indicators"] if i["status"] == area["status"]]
    route, words = DETAIL[key]
    return {
        **area,
        "set_by": worst,
        "detail": {"route": route, "label": f"Open {words}"},
    }


def _board_tile(program: Program, today: date) -> dict[str, Any]:
    activities = list(
        PlayActivity.objects.filter(program=program)
        .only("number", "title", "status", "due_date")
        .order_by("number")
    )
    done = sum(a.status == ActivityStatus.DONE for a in activities)
    blocked = [a for a in activities if a.status == ActivityStatus.BLOCKED]
    overdue = [
        a
        for a in activities
        if a.due_date and a.due_date < today and a.status != ActivityStatus.DONE
    ]
    indicators = [
        rating.indicator(
            "Activities done",
            f"{done} of {len(activities)}",
            rating.GREEN,
            "progress through Play 3.1",
        ),
        rating.count_indicator(
            "Blocked activities",
            len(blocked),
            red_from=1,
            why=", ".join(f"{a.number}. {a.title}" for a in blocked) or "none blocked",
        ),
        rating.count_indicator(
            "Overdue activities",
            len(overdue),
            yellow_from=1,
            why=", ".join(f"{a.number}. {a.title}" for a in overdue) or "none past its due date",
        ),
    ]
    return _tile("board", "Play 3.1 board", rating.area("board", "Play 3.1 board", indicators), "")


def _without_dollars(tile: dict[str, Any], cost: dict[str, Any]) -> dict[str, Any]:
    """The cost tile for a viewer who does not see costs: the variance in percent only."""
    earned = cost.get("earned_value") or {}
    shown = []
    for item in tile["indicators"]:
        if item["label"] == "Cost variance" and earned.get("cv_percent") is not None:
            item = {**item, "value": f"{Decimal(earned['cv_percent']):+.1f}%"}
        shown.append(item)
    worst = [i for i in shown if i["status"] == tile["status"]]
    return {**tile, "indicators": shown, "set_by": worst}


def _finish(schedule: dict[str, Any]) -> dict[str, Any]:
    if not schedule.get("present"):
        return {"present": False, "absent": schedule.get("absent", "")}
    baseline = schedule.get("baseline")
    return {
        "present": True,
        "forecast": schedule["forecast_finish"],
        "baseline": baseline["finish"] if baseline else None,
        "baseline_number": baseline["number"] if baseline else None,
        "variance_days": baseline["variance_days"] if baseline else None,
        "variance_working_days": baseline["variance_working_days"] if baseline else None,
        "variance_percent": baseline["variance_percent"] if baseline else None,
    }


def _milestones(schedule: dict[str, Any], today: date) -> dict[str, Any]:
    days = settings.REPORTS_MILESTONE_HORIZON_DAYS
    rows = schedule.get("milestones", []) if schedule.get("present") else []
    horizon = today + timedelta(days=days)
    coming = [
        m
        for m in rows
        if not m["complete"]
        and m["forecast_finish"]
        and today <= date.fromisoformat(m["forecast_finish"]) <= horizon
    ]
    slipped = [m for m in rows if (m["slip_days"] or 0) > 0]
    return {"days": days, "coming": coming, "slipped": slipped}


def _chart(table: ev_display.ChartTable) -> dict[str, Any]:
    return {
        "id": table.id,
        "title": table.title,
        "first": table.first,
        "headers": list(table.headers),
        "rows": [[label, list(values)] for label, values in table.rows],
    }


def _earned_value_charts(program: Program) -> dict[str, Any]:
    try:
        report = earned_value_report(program)
    except DomainError as error:
        return absent(error.message)
    return {
        "s_curve": _chart(ev_display.s_curve(report)),
        "indices": _chart(ev_display.index_chart(report)),
    }


def _heat_map(program: Program) -> dict[str, Any]:
    risks = log_rows(program).filter(kind=RaidKind.RISK, status=RaidStatus.OPEN)
    scheme = RiskScheme.objects.filter(program=program).first() or RiskScheme(program=program)
    grid = heat_map(risks, scheme, HEAT_POSITION)
    rows = []
    for row in grid:  # in the RAID log's heat map order
        probability = row[0].probability
        rows.append(
            {
                "probability": probability,
                "label": scheme.probability_labels[probability - 1],
                "cells": [
                    {
                        "impact": cell.impact,
                        "band": cell.band,
                        "band_label": BAND_LABELS[cell.band],
                        "count": cell.count,
                        "score": cell.score,
                    }
                    for cell in row
                ],
            }
        )
    return {
        "position": "after the response (residual)",
        "impact_labels": list(scheme.impact_labels),
        "rows": rows,
        "total": sum(c["count"] for r in rows for c in r["cells"]),
    }


def _scorecard(program: Program, today: date) -> dict[str, Any]:
    card = scorecard(program, today=today, size=SCORECARD_MONTHS)
    if not card.approved:
        return absent("The program has no approved QASP.")
    return {
        "present": True,
        "version": card.version_number,
        "months": [f"{m:%b %Y}" for m in card.shown],
        "rows": [
            {
                "code": row.standard.code,
                "standard": row.standard.standard,
                "met": row.met,
                "surveilled": row.surveilled,
                "cells": [
                    {
                        "label": cell.label,
                        "status": cell.status,
                        "symbol": cell.symbol,
                        "css": cell.css,
                        "span": cell.span,
                        "detail": cell.detail,
                    }
                    for cell in row.cells(card.shown)
                ],
            }
            for row in card.rows
        ],
    }


def _findings_by_age(program: Program) -> dict[str, Any]:
    by_age = next(c for c in ivv_charts(program) if c.title == "Open findings by age")
    rows = [[label, values[0]] for label, values in by_age.rows]
    return {"title": by_age.title, "rows": rows, "total": sum(n for _, n in rows)}


def status_history(program: Program) -> list[dict[str, Any]]:
    """The last twelve periods' reports (the latest revision of each), oldest first."""
    seen: dict[date, StatusReport] = {}
    reports = StatusReport.objects.filter(program=program).only(
        "period_start",
        "revision",
        "status",
        "snapshot",
        "proposed_rating",
        "confirmed_rating",
        "rating_comment",
    )
    for report in reports.order_by("-period_start", "-revision")[: HISTORY * 4]:
        if report.period_start not in seen and len(seen) < HISTORY:
            seen[report.period_start] = report
    return [
        {
            "pk": report.pk,
            "period": report.period_label,
            "status": report.get_status_display(),
            "rating": report.rating,
            "rating_label": CIO_RATINGS.get(report.rating or 0, "Not rated"),
            "rating_status": rating_status(report.rating),
            "confirmed": report.confirmed_rating is not None,
            "comment": report.rating_comment,
            "overall": report.snapshot.get("overall", {}),
            "areas": _history_areas(report.snapshot.get("areas", [])),
        }
        for report in sorted(seen.values(), key=lambda r: r.period_start)
    ]


def _history_areas(areas: list[dict[str, Any]]) -> list[dict[str, str]]:
    """The statuses of the report's areas in the order of the tiles (not rated if absent)."""
    found = {a["key"]: a for a in areas}
    not_rated = {"status": rating.NOT_RATED, "status_label": rating.label_of(rating.NOT_RATED)}
    return [
        {k: found[key][k] for k in ("status", "status_label")} if key in found else not_rated
        for key in AREA_KEYS
    ]


def rating_status(value: int | None) -> str:
    """The IT Dashboard's convention: 1-2 red, 3 yellow, 4-5 green."""
    if value is None:
        return rating.NOT_RATED
    return rating.RED if value <= 2 else rating.YELLOW if value == 3 else rating.GREEN


def program_dashboard(program: Program, *, today: date, shows_costs: bool) -> dict[str, Any]:
    """Every figure of ``program``'s dashboard on ``today``, as plain data."""
    period = current_period(program, today)
    ctx = Context(program, period.start, period.end, today)
    thresholds = rating.thresholds()
    sections = {module.KEY: _read(module, ctx) for module in SECTIONS}
    tiles = []
    for module in SECTIONS:
        if module.KEY == "charter":
            continue
        data = sections[module.KEY]
        tile = _tile(
            module.KEY,
            module.TITLE,
            module.assess(data, thresholds),
            data.get("absent", "") or "No figure sets this area's status yet.",
        )
        if module.KEY == "cost" and not shows_costs:
            tile = _without_dollars(tile, data)
            tile["detail"] = {"route": "reports:list", "label": "Open the status reports"}
        tiles.append(tile)
    value, reasons = rating.propose(tiles)
    history = _part("status history", lambda: {"rows": status_history(program)})
    released = [h for h in history.get("rows", []) if h["status"] == "Released"]
    board = _part("Play 3.1 board", lambda: _board_tile(program, today))
    tiles.append(
        board if not board.get(FAILED) else _tile("board", "Play 3.1 board", None, board["absent"])
    )
    parts = {
        "earned_value": _part("earned value", lambda: _earned_value_charts(program))
        if shows_costs
        else absent(
            "The program's costs are shown to its Program Managers, PMO Leads, Executive "
            "Sponsors and IV&V agent; the cost tile says how they stand."
        ),
        "heat_map": _part("risk heat map", lambda: _heat_map(program)),
        "scorecard": _part("QASP scorecard", lambda: _scorecard(program, today)),
        "findings_by_age": _part("IV&V findings", lambda: _findings_by_age(program)),
        "history": history,
    }
    failed = any(p.get(FAILED) for p in [*sections.values(), *parts.values(), board])
    return {
        "program": {
            "code": program.code,
            "name": program.name,
            "phase": program.get_phase_display(),
        },
        "as_of": today.isoformat(),
        "period": {"label": period.label, "start": period.start.isoformat()},
        "shows_costs": shows_costs,
        "tiles": tiles,
        "overall": rating.overall(tiles[:-1]),
        "proposed_rating": {
            "value": value,
            "label": CIO_RATINGS.get(value or 0, "Not rated"),
            "status": rating_status(value),
            "reasons": reasons,
        },
        "released_rating": released[-1] if released else None,
        "finish": _finish(sections["schedule"]),
        "milestones": _milestones(sections["schedule"], today),
        **parts,
        "history_areas": [t["title"] for t in tiles if t["key"] in AREA_KEYS],
        "complete": not failed,
    }


def dashboard_for(program: Program, *, user: policy.AnyUser) -> dict[str, Any]:
    """The dashboard ``user`` (a member: the caller checked) sees, kept until the program
    changes (``cache``)."""
    access = cache.access_of(user, program)
    if access is None:
        raise ValueError("The dashboard is read by members of the program only.")
    today = limits.today()
    key = cache.key_of("program", program, today, access.viewer)
    return cache.kept(
        key,
        lambda: program_dashboard(program, today=today, shows_costs=access.shows_costs),
        keep=lambda data: bool(data.get("complete", True)),
    )


def dashboard_html_for(program: Program, *, user: policy.AnyUser) -> str:
    """The dashboard's content as HTML, kept as its figures are: it holds nothing of the
    request (no form, no token), only the figures and links of the program."""
    access = cache.access_of(user, program)
    if access is None:
        raise ValueError("The dashboard is read by members of the program only.")
    key = cache.key_of("program-html", program, limits.today(), access.viewer)
    found = cache.found(key)
    if found is not None:
        return str(found)
    data = dashboard_for(program, user=user)
    html = render_to_string("reports/dashboard/_body.html", {"program": program, "d": data})
    if data.get("complete", True):
        cache.keep(key, html)
    return html
