"""Risk: the top open risks and the top open issues the RAID log marks for the status report,
the decisions awaiting one, every open risk (what "what changed" compares) and the risks
closed in the period."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db.models import F
from django.db.models.functions import Coalesce

from pmp.choices import IssuePriority, RaidKind, RaidStatus
from pmp.selectors.raid import log_rows, overdue_q

from .. import rating
from .base import Context, absent, day

KEY = "risk"
TITLE = "Risk"


def _row(item: Any) -> dict[str, Any]:
    return {
        "ref": item.reference,
        "title": item.title,
        "score": item.score,
        "owner_party": item.get_owner_party_display(),
        "due": day(item.due_on),
        "priority": item.get_priority_display() if item.priority else "",
    }


_MOST_PRESSING = list(reversed(IssuePriority.values))


def _issue_order(item: Any) -> tuple[int, int]:
    """Critical first, then high, medium and low; by number within a priority."""
    rank = _MOST_PRESSING.index(item.priority) if item.priority else len(_MOST_PRESSING)
    return rank, item.number


def read(ctx: Context) -> dict[str, Any]:
    rows = log_rows(ctx.program).annotate(score=Coalesce(F("residual_score"), F("inherent_score")))
    if not rows.exists():
        return absent("The RAID log of the program has no items yet.")
    top = settings.REPORTS_TOP_ITEMS
    open_risks = list(
        rows.filter(kind=RaidKind.RISK, status=RaidStatus.OPEN).order_by(
            F("score").desc(nulls_last=True), "number"
        )
    )
    marked = [r for r in open_risks if r.on_status_report]
    issues = rows.filter(kind=RaidKind.ISSUE, status=RaidStatus.OPEN, on_status_report=True)
    decisions = rows.filter(kind=RaidKind.DECISION, status=RaidStatus.PROPOSED)
    closed = rows.filter(
        kind=RaidKind.RISK,
        closed_on__gte=ctx.period_start,
        closed_on__lte=ctx.period_end,
    )
    highest = open_risks[0] if open_risks and open_risks[0].score is not None else None
    return {
        "present": True,
        "top_risks": [_row(r) for r in marked[:top]],
        "top_issues": [_row(i) for i in sorted(issues, key=_issue_order)[:top]],
        "decisions_needed": [_row(d) for d in decisions.order_by("number")[:top]],
        "open_risks": [{"ref": r.reference, "title": r.title} for r in open_risks],
        "closed_in_period": [
            {"ref": r.reference, "title": r.title, "status": r.status} for r in closed
        ],
        "highest": _row(highest) if highest is not None else None,
        "overdue": rows.filter(overdue_q(ctx.today)).count(),
    }


def assess(data: dict[str, Any], t: rating.Thresholds) -> dict[str, Any] | None:
    if not data.get("present"):
        return None
    highest = data["highest"]
    indicators: list[dict[str, Any] | None] = []
    if highest is not None:
        score = int(highest["score"])
        if score >= t.risk_red:
            status, why = rating.RED, f"a score of {t.risk_red} or more"
        elif score >= t.risk_yellow:
            status, why = rating.YELLOW, f"a score from {t.risk_yellow} to under {t.risk_red}"
        else:
            status, why = rating.GREEN, f"every open risk scores under {t.risk_yellow}"
        indicators.append(
            rating.indicator("Highest open risk", f"{highest['ref']} scores {score}", status, why)
        )
    else:
        indicators.append(
            rating.indicator("Open risks", "none scored", rating.GREEN, "no open risk")
        )
    indicators.append(
        rating.count_indicator(
            "Overdue RAID items",
            data["overdue"],
            why="reviews or due dates passed" if data["overdue"] else "none overdue",
            watch=True,
        )
    )
    return rating.area(KEY, TITLE, indicators)
