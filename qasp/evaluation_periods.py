"""The periods of performance evaluations: a federal fiscal quarter or fiscal year by
default, at most three or twelve months, ended, overlapping the QASP's agreed surveillance
period, one evaluation of a kind per period."""

from __future__ import annotations

from datetime import date, timedelta

from programs import limits
from programs.errors import DomainError
from programs.federal_calendar import add_months, fiscal_year, fiscal_year_bounds
from programs.models import Program

from . import periods
from .choices import EvaluationKind
from .models import PerformanceEvaluation
from .standards import approved_version

#: The longest span of each kind, in months.
KIND_MONTHS = {EvaluationKind.QUARTERLY: 3, EvaluationKind.ANNUAL: 12}


def fiscal_period(kind: str, day: date) -> tuple[date, date]:
    """The federal fiscal quarter or fiscal year holding ``day``."""
    if kind == EvaluationKind.ANNUAL:
        return fiscal_year_bounds(fiscal_year(day))
    start = periods.period_start(day, "quarterly")
    return start, periods.period_end(start, "quarterly")


def default_period(kind: str, today: date) -> tuple[date, date]:
    """The last fiscal quarter or fiscal year that has ended by ``today``."""
    start, _ = fiscal_period(kind, today)
    return fiscal_period(kind, start - timedelta(days=1))


def period_text(evaluation: PerformanceEvaluation) -> str:
    """ "Q4 FY2026 (July to September 2026)", "FY2026", or the dates."""
    start, end = evaluation.period_start, evaluation.period_end
    if (start, end) == fiscal_period(EvaluationKind.QUARTERLY, start):
        return periods.period_label(start, "quarterly")
    if (start, end) == fiscal_period(EvaluationKind.ANNUAL, start):
        return f"FY{fiscal_year(start)} ({start:%B %Y} to {end:%B %Y})"
    return f"{start:%B} {start.day}, {start.year} to {end:%B} {end.day}, {end.year}"


def day_text(value: date) -> str:
    return f"{value:%B} {value.day}, {value.year}"


def check_period(program: Program, kind: str, start: date | None, end: date | None) -> None:
    if kind not in EvaluationKind.values:
        raise DomainError("Choose a quarterly or an annual evaluation.", field="kind")
    if start is None:
        raise DomainError("Give the first day of the period evaluated.", field="period_start")
    if end is None:
        raise DomainError("Give the last day of the period evaluated.", field="period_end")
    limits.check_date(start, field="period_start", what="The period's first day")
    limits.check_date(end, field="period_end", what="The period's last day")
    if end < start:
        raise DomainError("The period ends on or after its first day.", field="period_end")
    months = KIND_MONTHS[EvaluationKind(kind)]
    if end >= add_months(start, months):
        label = EvaluationKind(kind).label.lower()
        raise DomainError(
            f"A {label} evaluation covers at most {months} months (a federal fiscal "
            f"{'quarter' if months == 3 else 'year'} by default).",
            field="period_end",
        )
    if end >= limits.today():
        raise DomainError(
            f"A period is evaluated once it has ended: this one ends {day_text(end)}.",
            field="period_end",
        )
    version = approved_version(program)
    agreed = periods.agreed_period(version.content) if version is not None else None
    if agreed is None:
        raise DomainError(
            f"{program.name} has no approved QASP with a surveillance period: evaluations "
            "rate the provider against it.",
            field="period_start",
        )
    if end < agreed[0] or start > agreed[1]:
        raise DomainError(
            f"The period is outside the QASP's agreed surveillance period ({day_text(agreed[0])} "
            f"to {day_text(agreed[1])}).",
            field="period_start",
        )
    overlapping = PerformanceEvaluation.objects.filter(
        program=program, kind=kind, period_start__lte=end, period_end__gte=start
    ).first()
    if overlapping is not None:
        raise DomainError(
            f"The program already has a {overlapping.get_kind_display().lower()} evaluation "
            f"for {period_text(overlapping)}.",
            field="period_start",
        )
