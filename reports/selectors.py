"""Reads of status reports: a program's reports as its members see them, one report, the
report before a period's, the reports of the periods before one, and how the program
reports."""

from __future__ import annotations

from datetime import date

from django.db.models import OuterRef, QuerySet, Subquery

from programs import policy
from programs.models import Program

from .choices import PeriodLength
from .models import ReportSettings, StatusReport


def reports_of(program: Program) -> QuerySet[StatusReport]:
    return StatusReport.objects.filter(program=program).select_related("program", "built_by")


def visible_reports(*, user: policy.AnyUser, program: Program) -> QuerySet[StatusReport]:
    """The program's reports, newest period and revision first, for a member; none else."""
    return policy.restrict(reports_of(program), user, "view")


def report_get(*, user: policy.AnyUser, program: Program, pk: int) -> StatusReport | None:
    """The report ``pk`` of ``program`` if ``user`` may read it: a missing report and one
    they may not read look alike."""
    report = visible_reports(user=user, program=program).filter(pk=pk).first()
    if report is not None:
        report.program = program
    return report


def latest_revision(*, program: Program, period_start: date) -> StatusReport | None:
    return (
        StatusReport.objects.filter(program=program, period_start=period_start)
        .order_by("-revision")
        .first()
    )


def previous_report(*, program: Program, period_start: date) -> StatusReport | None:
    """The last report before the period: the latest revision of the latest earlier period."""
    return (
        StatusReport.objects.filter(program=program, period_start__lt=period_start)
        .order_by("-period_start", "-revision")
        .first()
    )


def report_history(*, program: Program, before: date, limit: int) -> list[StatusReport]:
    """The program's reports of the ``limit`` latest periods before ``before``, the latest
    revision of each, oldest first (the status history a report carries)."""
    latest = (
        StatusReport.objects.filter(
            program=OuterRef("program"), period_start=OuterRef("period_start")
        )
        .order_by("-revision")
        .values("revision")[:1]
    )
    found = StatusReport.objects.filter(
        program=program, period_start__lt=before, revision=Subquery(latest)
    ).order_by("-period_start")[:limit]
    return list(reversed(found))


def settings_of(program: Program) -> ReportSettings:
    """The program's report settings; the defaults (unsaved) when it has none."""
    found = ReportSettings.objects.filter(program=program).first()
    return found if found is not None else default_settings(program)


def default_settings(program: Program) -> ReportSettings:
    """The settings (unsaved) of a program that has set none."""
    from django.conf import settings

    return ReportSettings(
        program=program,
        period_length=PeriodLength.MONTHLY,
        due_business_day=settings.REPORTS_DUE_BUSINESS_DAY,
    )
