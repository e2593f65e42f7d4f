"""A report's status history as the page and the PDF show it: the earlier reports its
snapshot carries, then the report itself (with the rating it carries now), one row a period
with the rating, the overall status and each area's status in words.

A snapshot built before the history was recorded (layout version 1) gives the report's own
row alone, and says so."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .choices import CIO_RATINGS
from .models import StatusReport
from .sections import history


@dataclass(frozen=True)
class Cell:
    status: str
    label: str


@dataclass(frozen=True)
class HistoryRow:
    period: str
    revision: int
    rating: int | None
    rating_label: str
    rating_confirmed: bool
    overall: Cell
    areas: tuple[Cell, ...]  # in the order of ``StatusHistory.columns``
    current: bool


@dataclass(frozen=True)
class StatusHistory:
    columns: tuple[str, ...]  # each area's title
    rows: tuple[HistoryRow, ...]  # oldest first, the report last
    recorded: bool  # False: the snapshot predates the history

    @property
    def earlier(self) -> int:
        return len(self.rows) - 1


def _cell(data: Mapping[str, Any] | None) -> Cell:
    data = data or {}
    return Cell(
        str(data.get("status") or "not_rated"),
        str(data.get("status_label") or data.get("label") or "Not rated"),
    )


def _row(line: Mapping[str, Any], keys: list[str], *, current: bool) -> HistoryRow:
    by_key = {a.get("key"): a for a in line.get("areas", [])}
    rating = line.get("rating")
    return HistoryRow(
        period=str(line.get("label") or line.get("period_start") or ""),
        revision=int(line.get("revision") or 1),
        rating=rating,
        rating_label=CIO_RATINGS.get(rating or 0, "Not rated"),
        rating_confirmed=bool(line.get("rating_confirmed")),
        overall=_cell(line.get("overall")),
        areas=tuple(_cell(by_key.get(key)) for key in keys),
        current=current,
    )


def status_history(report: StatusReport) -> StatusHistory:
    snapshot = report.snapshot or {}
    earlier = snapshot.get("history")
    lines = [*(earlier or []), history.entry(report)]
    keys: list[str] = []
    titles: dict[str, str] = {}
    for line in reversed(lines):  # the latest report's areas first, in its order
        for a in line.get("areas", []):
            if a.get("key") and a["key"] not in titles:
                keys.append(a["key"])
                titles[a["key"]] = str(a.get("title") or a["key"])
    return StatusHistory(
        columns=tuple(titles[k] for k in keys),
        rows=tuple(_row(line, keys, current=n == len(lines) - 1) for n, line in enumerate(lines)),
        recorded=earlier is not None,
    )
