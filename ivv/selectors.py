"""Reads of the IV&V findings register: the register's rows with their overdue flags (one
query whatever their number), counts for the board and the charts."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import BooleanField, Case, Count, Q, QuerySet, Value, When
from django.db.models.functions import TruncMonth

from programs import limits
from programs.models import Program
from programs.registers.filters import AGE_BANDS, age_band

from .choices import ACTION_OWED, UNRESOLVED, FindingStatus, OverdueKind, Severity
from .models import Finding


def answer_overdue_q(today: date) -> Q:
    """Open past its response due date: the answer is overdue."""
    return Q(status=FindingStatus.OPEN, response_due__lt=today)


def action_overdue_q(today: date) -> Q:
    """Answered or in progress past the corrective action's target date."""
    return Q(status__in=ACTION_OWED, action_target__isnull=False, action_target__lt=today)


def with_flags(queryset: QuerySet[Finding], today: date | None = None) -> QuerySet[Finding]:
    """``queryset`` annotated with ``answer_overdue`` and ``action_overdue``."""
    today = today or limits.today()
    return queryset.annotate(
        answer_overdue=Case(
            When(answer_overdue_q(today), then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        ),
        action_overdue=Case(
            When(action_overdue_q(today), then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        ),
    )


def register_rows(program: Program) -> QuerySet[Finding]:
    """Every finding of ``program`` as the register lists it, newest number first; the
    caller restricts it to what the user may view and filters it."""
    return with_flags(
        Finding.objects.filter(program=program).select_related(
            "program", "action_owner__user", "concerns_type"
        )
    ).order_by("-number")


def overdue_text(finding: Finding) -> str:
    """The flags in words: "Answer overdue", "Corrective action overdue" or ""."""
    today = limits.today()
    parts = []
    answer = getattr(finding, "answer_overdue", None)
    if answer is None:
        answer = finding.status == FindingStatus.OPEN and finding.response_due < today
    action = getattr(finding, "action_overdue", None)
    if action is None:
        action = (
            finding.status in ACTION_OWED
            and finding.action_target is not None
            and finding.action_target < today
        )
    if answer:
        parts.append(OverdueKind.ANSWER.label)
    if action:
        parts.append(OverdueKind.ACTION.label)
    return ", ".join(parts)


def board_note(program: Program) -> str:
    """The line the Play 3.1 board shows under activity 5: "IV&V findings: 12 open, 2
    overdue" (open: not closed and no risk accepted)."""
    today = limits.today()
    counts = Finding.objects.filter(program=program, status__in=UNRESOLVED).aggregate(
        open=Count("pk"),
        overdue=Count("pk", filter=answer_overdue_q(today) | action_overdue_q(today)),
    )
    if not counts["open"] and not Finding.objects.filter(program=program).exists():
        return "IV&V findings: none filed yet"
    return f"IV&V findings: {counts['open']} open, {counts['overdue']} overdue"


@dataclass(frozen=True)
class ChartSeries:
    """A chart's data as the table under it reads: a label per row, a value per column."""

    title: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, tuple[int, ...]], ...]


def charts(program: Program, months: int = 12) -> list[ChartSeries]:
    """Open findings by severity and by age band, and findings opened and closed per month
    over the last ``months`` months: three queries."""
    today = limits.today()
    unresolved = Finding.objects.filter(program=program, status__in=UNRESOLVED)
    by_severity = dict(
        unresolved.values_list("severity").annotate(n=Count("pk")).values_list("severity", "n")
    )
    ages = Counter(
        age_band((today - raised).days) for raised in unresolved.values_list("raised_on", flat=True)
    )
    first = _month_start(today, months - 1)
    opened = _per_month(Finding.objects.filter(program=program, raised_on__gte=first), "raised_on")
    closed = _per_month(
        Finding.objects.filter(program=program, closed_on__gte=first, status=FindingStatus.CLOSED),
        "closed_on",
    )
    month_starts = [_month_start(today, back) for back in range(months - 1, -1, -1)]
    return [
        ChartSeries(
            "Open findings by severity",
            ("Open findings",),
            tuple((label, (by_severity.get(value, 0),)) for value, label in Severity.choices),
        ),
        ChartSeries(
            "Open findings by age",
            ("Open findings",),
            tuple((label, (ages.get(label, 0),)) for _, label, _, _ in AGE_BANDS),
        ),
        ChartSeries(
            "Findings opened and closed per month",
            ("Opened", "Closed"),
            tuple((f"{m:%b %Y}", (opened.get(m, 0), closed.get(m, 0))) for m in month_starts),
        ),
    ]


def _month_start(today: date, back: int) -> date:
    year, month = today.year, today.month - back
    while month < 1:
        month += 12
        year -= 1
    return date(year, month, 1)


def _per_month(queryset: QuerySet[Finding], field: str) -> dict[date, int]:
    rows = queryset.annotate(month=TruncMonth(field)).values("month").annotate(n=Count("pk"))
    out: dict[date, int] = {}
    for row in rows:
        month = row["month"]
        out[date(month.year, month.month, 1)] = row["n"]
    return out


def overdue_findings(today: date) -> QuerySet[Finding]:
    """Findings overdue today, of any program (the daily notice job)."""
    return Finding.objects.filter(answer_overdue_q(today) | action_overdue_q(today))


@dataclass(frozen=True)
class ReportRow:
    """One IV&V report as the report list shows it: its latest version's period, assessment
    and status."""

    document: Any
    version: Any
    period_start: date | None
    period_end: date | None
    assessment: str


def report_rows(documents: QuerySet[Any]) -> list[ReportRow]:
    """The reports of ``documents`` (already restricted), newest period first, in two queries."""
    from .report import IVV_REPORT_KIND

    assessment = next(f for f in IVV_REPORT_KIND.fields if f.key == "assessment")
    rows = []
    for document in documents.prefetch_related("versions"):
        version = max(document.versions.all(), key=lambda v: v.number, default=None)
        fields = version.content.get("fields", {}) if version else {}
        start, end = fields.get("period_start"), fields.get("period_end")
        rows.append(
            ReportRow(
                document=document,
                version=version,
                period_start=date.fromisoformat(start) if start else None,
                period_end=date.fromisoformat(end) if end else None,
                assessment=assessment.label_of(fields.get("assessment")),
            )
        )
    return sorted(rows, key=lambda r: r.document.key, reverse=True)
