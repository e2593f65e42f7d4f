"""Reads of surveillance: the schedule (each scheduled standard of the approved QASP, every
period of the agreed period up to today, with its record or what is owed: computed, never
stored), what is due and overdue for the dashboards, and the surveillance log. Each asks a
fixed number of queries however many records there are."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.db.models import QuerySet

from programs import limits
from programs.federal_calendar import add_business_days
from programs.models import Program

from . import periods
from .choices import SurveillanceMethod
from .models import SurveillanceRecord
from .standards import Standard, approved_version, standards_of

ACCEPTABLE = "Acceptable"
NOT_ACCEPTABLE = "Not acceptable"
DUE = "Due"
OVERDUE = "Overdue"
NOT_YET_DUE = "Not yet due"


@dataclass(frozen=True)
class Cell:
    """One period of one standard: its record, or what it owes."""

    standard: Standard
    period: date
    label: str
    status: str
    record: SurveillanceRecord | None
    #: The day the record is overdue after (the period's end plus the grace days).
    due_by: date


@dataclass
class ScheduleRow:
    standard: Standard
    cells: list[Cell] = field(default_factory=list)

    @property
    def method_label(self) -> str:
        return str(SurveillanceMethod(self.standard.method).label)


@dataclass
class Schedule:
    rows: list[ScheduleRow]
    agreed: tuple[date, date] | None
    version_number: int | None

    @property
    def approved(self) -> bool:
        return self.version_number is not None


def log_rows(program: Program) -> QuerySet[SurveillanceRecord]:
    """The program's records, newest period first, with what their pages show."""
    return SurveillanceRecord.objects.filter(program=program).select_related(
        "program", "evaluator__user"
    )


def _status(record: SurveillanceRecord | None, end: date, today: date) -> tuple[str, date]:
    due_by = add_business_days(end, settings.QASP_SURVEILLANCE_DUE_BUSINESS_DAYS)
    if record is not None:
        return (ACCEPTABLE if record.acceptable else NOT_ACCEPTABLE), due_by
    if end >= today:
        return NOT_YET_DUE, due_by
    return (OVERDUE if today > due_by else DUE), due_by


def schedule(program: Program, *, today: date | None = None) -> Schedule:
    """Every scheduled (monthly or quarterly) standard of the approved QASP, with each period
    of the agreed period that has started by ``today``: Acceptable or Not acceptable when
    recorded; otherwise Not yet due while it runs, Due once it has ended, Overdue more than
    QASP_SURVEILLANCE_DUE_BUSINESS_DAYS business days after its end."""
    today = today or limits.today()
    version = approved_version(program)
    if version is None:
        return Schedule(rows=[], agreed=None, version_number=None)
    agreed = periods.agreed_period(version.content)
    standards = [s for s in standards_of(version.content) if s.frequency in periods.SCHEDULED]
    if agreed is None:
        return Schedule(
            rows=[ScheduleRow(s) for s in standards], agreed=None, version_number=version.number
        )
    first, last = agreed
    records = {
        (r.standard_code, r.period): r
        for r in SurveillanceRecord.objects.filter(
            program=program, period__gte=periods.period_start(first, "quarterly"), period__lte=last
        )
    }
    rows = []
    for standard in standards:
        row = ScheduleRow(standard)
        for start in periods.periods_between(first, min(last, today), standard.frequency):
            end = min(periods.period_end(start, standard.frequency), last)
            record = records.get((standard.code, start))
            status, due_by = _status(record, end, today)
            row.cells.append(
                Cell(
                    standard=standard,
                    period=start,
                    label=periods.period_label(start, standard.frequency),
                    status=status,
                    record=record,
                    due_by=due_by,
                )
            )
        rows.append(row)
    return Schedule(rows=rows, agreed=agreed, version_number=version.number)


def due_and_overdue(program: Program, *, today: date | None = None) -> list[Cell]:
    """The periods whose surveillance is owed (Due or Overdue), oldest first."""
    owed = [
        cell
        for row in schedule(program, today=today).rows
        for cell in row.cells
        if cell.status in (DUE, OVERDUE)
    ]
    return sorted(owed, key=lambda c: (c.period, c.standard.code))
