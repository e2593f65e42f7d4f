"""The status history a report carries: the program's earlier reports (the latest revision
of each of the periods before this one, up to ``LIMIT``, oldest first), each with the
rating it gave (the customer's once confirmed, else the proposed one), its overall status
and each area's status, as they stood when this report was built."""

from __future__ import annotations

from typing import Any

from .. import selectors
from ..models import StatusReport
from .base import Context, day

KEY = "history"
#: Earlier periods a report shows: with the report itself, a year of monthly reports.
LIMIT = 11


def entry(report: StatusReport) -> dict[str, Any]:
    """A report as a line of the history."""
    snapshot = report.snapshot or {}
    overall = snapshot.get("overall") or {}
    return {
        "period_start": day(report.period_start),
        "label": report.period_label,
        "revision": report.revision,
        "rating": report.rating,
        "rating_confirmed": report.confirmed_rating is not None,
        "overall": {"status": overall.get("status"), "label": overall.get("label")},
        "areas": [
            {
                "key": a.get("key"),
                "title": a.get("title"),
                "status": a.get("status"),
                "status_label": a.get("status_label"),
            }
            for a in snapshot.get("areas", [])
        ],
    }


def read(ctx: Context) -> list[dict[str, Any]]:
    earlier = selectors.report_history(program=ctx.program, before=ctx.period_start, limit=LIMIT)
    return [entry(report) for report in earlier]
