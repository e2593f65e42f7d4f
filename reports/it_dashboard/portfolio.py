"""The IT Dashboard export of a portfolio: the three tables of every program a person may
read, in the order of their codes, each program's rows as its own export gives them (costs
empty where that program hides them from the person). Read for all the programs at once, so
the number of queries does not grow with the number of programs."""

from __future__ import annotations

from typing import Any

from django.db.models import OuterRef, Q, QuerySet, Subquery

from programs import policy
from programs.models import Program
from qasp.models import SurveillanceRecord
from qasp.standards import approved_standards_by_program

from .. import selectors
from ..choices import StatusReportStatus
from ..models import ReportSettings, StatusReport
from .tables import NEWEST_RECORD_FIRST, TABLES, UNITS, Sources, latest_records, tables


def _newest_report(**conditions: Any) -> Subquery:
    """The id of the program's newest report (period, then revision) meeting ``conditions``:
    the choice ``source_report`` makes."""
    return Subquery(
        StatusReport.objects.filter(program=OuterRef("pk"), **conditions)
        .order_by("-period_start", "-revision")
        .values("pk")[:1]
    )


def _programs(user: policy.AnyUser) -> list[Program]:
    programs: QuerySet[Program] = (
        policy.restrict(Program.objects.all(), user, "view")
        # The schedule holds the money settings ``can_see_costs`` reads.
        .select_related("report_settings", "schedule")
        .annotate(
            released_report=_newest_report(status=StatusReportStatus.RELEASED),
            latest_report=_newest_report(),
        )
        .order_by("code")
    )
    return list(programs)


def _source_report_id(program: Program) -> int | None:
    """The latest released report, else the latest (the annotations of ``_programs``)."""
    found: int | None = getattr(program, "released_report", None)
    return found or getattr(program, "latest_report", None)


def _settings(program: Program) -> ReportSettings:
    try:
        return program.report_settings
    except ReportSettings.DoesNotExist:
        return selectors.default_settings(program)


def portfolio_sources(user: policy.AnyUser) -> list[tuple[Program, Sources]]:
    """Every program ``user`` may read with what its tables are made of."""
    programs = _programs(user)
    if not programs:
        return []
    policy.remember_memberships(user, programs)
    chosen = {p.pk: _source_report_id(p) for p in programs}
    wanted = [pk for pk in chosen.values() if pk is not None]
    reports = {r.pk: r for r in StatusReport.objects.filter(pk__in=wanted)}
    standards = approved_standards_by_program(programs)
    measured = Q()
    for program in programs:
        codes = [s.code for s in standards.get(program.pk, [])]
        if codes:
            measured |= Q(program=program, standard_code__in=codes)
    by_program: dict[int, list[SurveillanceRecord]] = {}
    if measured:
        for record in SurveillanceRecord.objects.filter(measured).order_by(*NEWEST_RECORD_FIRST):
            by_program.setdefault(record.program_id, []).append(record)
    return [
        (
            program,
            Sources(
                settings=_settings(program),
                report=reports.get(chosen[program.pk] or 0),
                standards=standards.get(program.pk, []),
                latest=latest_records(by_program.get(program.pk, [])),
                costs=policy.can_see_costs(user, program),
            ),
        )
        for program in programs
    ]


def portfolio(user: policy.AnyUser) -> dict[str, Any]:
    """The three tables of every program ``user`` may read, in the order of their codes, and
    the report each program's rows come from."""
    found: dict[str, Any] = {"programs": [], **{name: [] for name in TABLES}}
    for program, sources in portfolio_sources(user):
        data = tables(program, sources)
        found["programs"].append({"program": program.code, "source": data["source"]})
        for name in TABLES:
            found[name].extend(data[name])
    found["units"] = dict(UNITS)
    return found
