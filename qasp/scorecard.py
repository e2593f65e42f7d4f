"""Reads of the QASP's performance: the scorecard of every standard of the approved QASP by
month of the agreed period up to today, and each standard's trend against its AQL. Each asks
a fixed number of queries however many standards, periods or records there are.

A month's cell reads Acceptable, Not acceptable, Not yet recorded or Overdue (the schedule's
statuses of ``qasp.selectors``, its Due and Not yet due both being "not yet recorded"). A
quarterly standard's cell covers its quarter's months; a per-event standard's cell counts the
month's events and how many met the AQL."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q
from django.template.defaultfilters import pluralize

from programs import limits
from programs.federal_calendar import month_start
from programs.models import Program

from . import periods
from .choices import SurveillanceFrequency, SurveillanceMethod
from .models import SurveillanceRecord
from .selectors import ACCEPTABLE, NOT_ACCEPTABLE, OVERDUE
from .selectors import _status as schedule_status
from .standards import Standard, approved_version, standards_of

NOT_YET_RECORDED = "Not yet recorded"
#: A per-event standard's month without an event: nothing was owed.
NO_EVENT = "No event"

#: The symbol shown beside each status's words (never alone, never colour alone).
SYMBOLS = {
    ACCEPTABLE: "✓",
    NOT_ACCEPTABLE: "✗",
    NOT_YET_RECORDED: "○",
    OVERDUE: "!",
    NO_EVENT: "\N{EN DASH}",
}


@dataclass(frozen=True)
class ScoreCell:
    """One period of one standard (a month, a quarter, or a month's events)."""

    start: date
    label: str
    status: str
    records: tuple[SurveillanceRecord, ...] = ()
    #: How many months of the shown columns the cell covers (a quarter's: up to three).
    span: int = 1
    #: What the cell adds under its status: the observed value, the month's events counted
    #: and met, a quarter's name.
    detail: str = ""

    @property
    def symbol(self) -> str:
        return SYMBOLS[self.status]

    @property
    def css(self) -> str:
        return self.status.lower().replace(" ", "-")

    @property
    def met(self) -> int:
        return sum(1 for r in self.records if r.acceptable)

    @property
    def record(self) -> SurveillanceRecord | None:
        return self.records[0] if len(self.records) == 1 else None


@dataclass
class ScoreRow:
    standard: Standard
    #: The cell of each month of the scorecard (a quarter's months share one cell).
    by_month: dict[date, ScoreCell] = field(default_factory=dict)
    met: int = 0
    surveilled: int = 0

    @property
    def per_event(self) -> bool:
        return self.standard.frequency == SurveillanceFrequency.PER_EVENT

    @property
    def frequency_label(self) -> str:
        return str(SurveillanceFrequency(self.standard.frequency).label).lower()

    def cells(self, shown: list[date]) -> list[ScoreCell]:
        """The cells of the ``shown`` months, a quarter's consecutive months merged."""
        merged: list[ScoreCell] = []
        previous: ScoreCell | None = None
        for month in shown:
            cell = self.by_month[month]
            if cell is previous:
                merged[-1] = replace(merged[-1], span=merged[-1].span + 1)
            else:
                merged.append(cell)
            previous = cell
        return merged


@dataclass
class Scorecard:
    rows: list[ScoreRow]
    #: Every month of the agreed period up to today, and those shown (a window of them).
    months: list[date]
    agreed: tuple[date, date] | None
    version_number: int | None
    shown: list[date] = field(default_factory=list)
    #: The index of the first shown month in ``months``.
    index: int = 0

    @property
    def approved(self) -> bool:
        return self.version_number is not None


#: What a scorecard cell and a trend point read of a record (and its link).
RECORD_FIELDS = ("pk", "standard_code", "period", "observed_value", "unit", "aql", "acceptable")


def _records(program: Program, first: date, last: date, **filters: Any) -> list[SurveillanceRecord]:
    """The records of the periods from ``first``'s quarter to ``last``."""
    start = periods.period_start(first, SurveillanceFrequency.QUARTERLY)
    records = list(
        SurveillanceRecord.objects.filter(
            program=program, period__gte=start, period__lte=last, **filters
        )
        .only(*RECORD_FIELDS)
        .order_by("period", "pk")
    )
    for record in records:
        record.program = program  # their links name it: no query a record
    return records


def _totals(program: Program, first: date, last: date) -> dict[str, tuple[int, int]]:
    """Per standard code: the periods or events met, and those surveilled."""
    start = periods.period_start(first, SurveillanceFrequency.QUARTERLY)
    counted = (
        SurveillanceRecord.objects.filter(program=program, period__gte=start, period__lte=last)
        .order_by()
        .values("standard_code")
        .annotate(surveilled=Count("pk"), met=Count("pk", filter=Q(acceptable=True)))
    )
    return {row["standard_code"]: (row["met"], row["surveilled"]) for row in counted}


def _scheduled_cell(
    standard: Standard,
    start: date,
    last: date,
    owed: Callable[[date], str],
    found: list[SurveillanceRecord],
) -> ScoreCell:
    label = periods.period_label(start, standard.frequency)
    quarter = label.split(" (")[0] if standard.frequency == SurveillanceFrequency.QUARTERLY else ""
    if not found:
        end = min(periods.period_end(start, standard.frequency), last)
        return ScoreCell(start, label, owed(end), detail=quarter)
    record = found[0]
    status = ACCEPTABLE if record.acceptable else NOT_ACCEPTABLE
    return ScoreCell(
        start, label, status, (record,), detail=f"{record.observed_text} {quarter}".strip()
    )


def _event_cell(month: date, found: list[SurveillanceRecord]) -> ScoreCell:
    if not found:
        return ScoreCell(month, f"{month:%B %Y}", NO_EVENT)
    status = ACCEPTABLE if all(r.acceptable for r in found) else NOT_ACCEPTABLE
    met = sum(1 for r in found if r.acceptable)
    detail = f"{len(found)} event{pluralize(len(found))}, {met} met"
    return ScoreCell(month, f"{month:%B %Y}", status, tuple(found), detail=detail)


def _owed(today: date) -> Callable[[date], str]:
    """The status of a period not recorded, by its end: Overdue some business days after it
    (the schedule's rule), else Not yet recorded; worked out once per end date."""
    known: dict[date, str] = {}

    def owed(end: date) -> str:
        if end not in known:
            status, _ = schedule_status(None, end, today)
            known[end] = OVERDUE if status == OVERDUE else NOT_YET_RECORDED
        return known[end]

    return owed


def scorecard(
    program: Program,
    *,
    today: date | None = None,
    start: date | None = None,
    size: int | None = None,
) -> Scorecard:
    """Every standard of the approved QASP by month of the agreed period up to ``today``
    (the ``size`` months from ``start`` when given: see ``window``), with per-standard totals
    over the agreed period (periods or events met, of those surveilled). Three queries."""
    today = today or limits.today()
    version = approved_version(program)
    if version is None:
        return Scorecard(rows=[], months=[], agreed=None, version_number=None)
    standards = standards_of(version.content)
    agreed = periods.agreed_period(version.content)
    if agreed is None:
        rows = [ScoreRow(s) for s in standards]
        return Scorecard(rows=rows, months=[], agreed=None, version_number=version.number)
    first, last = agreed
    months = periods.periods_between(first, min(last, today), SurveillanceFrequency.MONTHLY)
    shown, index = window(months, start, size or len(months))
    found: dict[tuple[str, date], list[SurveillanceRecord]] = defaultdict(list)
    if shown:
        shown_last = min(periods.period_end(shown[-1], SurveillanceFrequency.MONTHLY), last)
        for record in _records(program, shown[0], shown_last):
            found[(record.standard_code, month_start(record.period))].append(record)
    totals = _totals(program, first, last)
    owed = _owed(today)
    rows = []
    for standard in standards:
        row = ScoreRow(standard)
        row.met, row.surveilled = totals.get(standard.code, (0, 0))
        previous: ScoreCell | None = None
        for month in shown:
            period = periods.period_start(month, standard.frequency)
            found_here = found.get((standard.code, period), [])
            if previous is not None and previous.start == period:
                cell = previous
            elif standard.frequency == SurveillanceFrequency.PER_EVENT:
                cell = _event_cell(month, found_here)
            else:
                cell = _scheduled_cell(standard, period, last, owed, found_here)
            row.by_month[month] = previous = cell
        rows.append(row)
    return Scorecard(rows, months, agreed, version.number, shown, index)


def window(months: list[date], start: date | None, size: int = 12) -> tuple[list[date], int]:
    """The ``size`` months shown from ``start`` (by default the last ``size``), and the index
    of the first one in ``months``."""
    if not months:
        return [], 0
    index = len(months) - size
    if start is not None and month_start(start) in months:
        index = months.index(month_start(start))
    index = max(0, min(index, len(months) - size))
    return months[index : index + size], index


# -- trend ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class TrendPoint:
    label: str
    observed: Decimal | None
    aql: Decimal
    acceptable: bool | None
    record: SurveillanceRecord | None

    @property
    def verdict(self) -> str:
        if self.acceptable is None:
            return NOT_YET_RECORDED
        return ACCEPTABLE if self.acceptable else NOT_ACCEPTABLE


@dataclass
class Trend:
    standard: Standard
    points: list[TrendPoint]

    @property
    def method_label(self) -> str:
        return str(SurveillanceMethod(self.standard.method).label)

    @property
    def frequency_label(self) -> str:
        return str(SurveillanceFrequency(self.standard.frequency).label).lower()

    @property
    def per_event(self) -> bool:
        return self.standard.frequency == SurveillanceFrequency.PER_EVENT


def standard_named(program: Program, code: str) -> tuple[Standard, tuple[date, date]] | None:
    """The approved QASP's standard ``code`` with the agreed period (None when unknown)."""
    version = approved_version(program)
    if version is None:
        return None
    agreed = periods.agreed_period(version.content)
    for standard in standards_of(version.content):
        if standard.code == code and agreed is not None:
            return standard, agreed
    return None


def trend(
    program: Program, standard: Standard, agreed: tuple[date, date], *, today: date | None = None
) -> Trend:
    """The observed value of each period (each event of a per-event standard) against the AQL
    it was judged by (the standard's own for periods not yet recorded). One query."""
    today = today or limits.today()
    first, last = agreed
    records = _records(program, first, last, standard_code=standard.code)
    if standard.frequency == SurveillanceFrequency.PER_EVENT:
        points = [_point(f"{r.period:%B %-d, %Y}", r, standard) for r in records]
        return Trend(standard, points)
    by_period = {r.period: r for r in records}
    points = [
        _point(periods.period_label(start, standard.frequency), by_period.get(start), standard)
        for start in periods.periods_between(first, min(last, today), standard.frequency)
    ]
    return Trend(standard, points)


def _point(label: str, record: SurveillanceRecord | None, standard: Standard) -> TrendPoint:
    if record is None:
        return TrendPoint(label, None, standard.aql, None, None)
    return TrendPoint(label, record.observed_value, record.aql, record.acceptable, record)
