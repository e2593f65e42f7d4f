"""IV&V: the open findings of the independent agent by severity, and those whose answer or
corrective action is overdue; every unresolved finding and those resolved in the period (what
"what changed" compares)."""

from __future__ import annotations

from typing import Any

from django.conf import settings

from ivv.choices import UNRESOLVED, Severity
from ivv.selectors import overdue_text, register_rows, with_flags

from .. import rating
from .base import Context, absent, day

KEY = "ivv"
TITLE = "IV&V"


def read(ctx: Context) -> dict[str, Any]:
    rows = register_rows(ctx.program)
    if not rows.exists():
        return absent("No IV&V findings are recorded for the program.")
    unresolved = with_flags(rows.filter(status__in=UNRESOLVED), ctx.today)
    findings = list(unresolved.order_by("severity", "number"))
    overdue = [f for f in findings if overdue_text(f)]
    resolved = list(
        rows.filter(closed_on__gte=ctx.period_start, closed_on__lte=ctx.period_end).order_by(
            "number"
        )
    )
    return {
        "present": True,
        "open": len(findings),
        "critical": sum(1 for f in findings if f.severity == Severity.CRITICAL),
        "high": sum(1 for f in findings if f.severity == Severity.HIGH),
        "overdue": len(overdue),
        "findings": [
            {
                "ref": f.reference,
                "title": f.title,
                "severity": f.get_severity_display(),
                "status": f.get_status_display(),
                "response_due": day(f.response_due),
                "overdue": overdue_text(f),
            }
            for f in findings[: settings.REPORTS_TOP_ITEMS * 2]
        ],
        "closed_in_period": len(resolved),
        "unresolved": [{"ref": f.reference, "title": f.title} for f in findings],
        "resolved_in_period": [
            {"ref": f.reference, "title": f.title, "status": f.status} for f in resolved
        ],
    }


def assess(data: dict[str, Any], t: rating.Thresholds) -> dict[str, Any] | None:
    if not data.get("present"):
        return None
    return rating.area(
        KEY,
        TITLE,
        [
            rating.count_indicator(
                "Open critical findings",
                data["critical"],
                red_from=1,
                why="a critical finding is open" if data["critical"] else "none open",
            ),
            rating.count_indicator(
                "Open high findings",
                data["high"],
                yellow_from=1,
                why="a high finding is open" if data["high"] else "none open",
            ),
            rating.count_indicator(
                "Overdue findings",
                data["overdue"],
                yellow_from=1,
                why="an answer or corrective action is overdue" if data["overdue"] else "none",
            ),
        ],
    )
