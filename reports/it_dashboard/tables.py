"""The IT Dashboard export: the rows OMB's IT Dashboard data feeds carry, with their field
names as the feeds spell them, for one program.

- projects: the investment's identifiers (the program's report settings) and the figures of
  the program's latest released status report (its frozen snapshot), or of its latest report
  when none is released yet (``source`` says which): the baseline and forecast dates, the
  budget at completion, estimate at completion and actual cost ($M), the schedule variance
  (days, percent) and cost variance ($M, percent), each coloured by REPORTS_VARIANCE_BANDS
  (DOMAIN section 9: Green under 10 %, Yellow 10 % to under 30 %, Red 30 % and over).
- cioEvaluation: the report's rating ("5 - Low Risk" to "1 - High Risk"), the day it was set
  and its comment (the customer's, else the proposed rating's reasons).
- operationalPerformanceMetrics: the standards of the approved QASP with their latest
  surveillance result.

Costs are left empty for a member who may not see the program's costs. ``sources`` reads what
one program's tables are made of; ``portfolio`` reads the same for many programs at once."""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from programs import policy
from programs.models import Program
from qasp.choices import AqlDirection, SurveillanceFrequency
from qasp.models import SurveillanceRecord
from qasp.standards import Standard, approved_standards

from .. import rating, selectors
from ..choices import CIO_RATINGS, StatusReportStatus
from ..models import ReportSettings, StatusReport

PROJECT_FIELDS = (
    "agencyCode",
    "agencyName",
    "currentUII",
    "investmentName",
    "projectId",
    "agencyProjectId",
    "projectName",
    "projectGoal",
    "projectStatus",
    "plannedStartDate",
    "projectedStartDate",
    "actualStartDate",
    "plannedEndDate",
    "projectedEndDate",
    "actualEndDate",
    "plannedCost",
    "projectedCost",
    "actualCost",
    "scheduleVariance",
    "scheduleVariancePercent",
    "scheduleVarianceColor",
    "costVariance",
    "costVariancePercent",
    "costVarianceColor",
    "updatedTime",
)
CIO_FIELDS = ("agencyCode", "currentUII", "ratedDate", "cioRating", "comment")
METRIC_FIELDS = (
    "agencyCode",
    "currentUII",
    "metricDescription",
    "performanceMeasurementCategory",
    "unitOfMeasure",
    "reportingFrequency",
    "measurementCondition",
    "target",
    "dateOfLatestActualResult",
    "latestActualResult",
    "metTarget",
)
TABLES = {
    "projects": PROJECT_FIELDS,
    "cioEvaluation": CIO_FIELDS,
    "operationalPerformanceMetrics": METRIC_FIELDS,
}
UNITS = {"cost": "$M", "scheduleVariance": "days", "percent": "%"}
MILLION = Decimal(1_000_000)
MILLIONTH = Decimal("0.000001")
CONDITIONS = {AqlDirection.AT_LEAST: "Over target", AqlDirection.AT_MOST: "Under target"}
#: The newest surveillance record of a standard comes first.
NEWEST_RECORD_FIRST = ("-period", "-recorded_on", "-pk")


@dataclass(frozen=True)
class Sources:
    """What a program's tables are made of: its report settings (the investment's
    identifiers), the report its figures come from, the standards of its approved QASP with
    the latest surveillance record of each (by code), and whether the person sees its costs."""

    settings: ReportSettings
    report: StatusReport | None
    standards: list[Standard]
    latest: dict[str, SurveillanceRecord]
    costs: bool


def latest_records(records: Iterable[SurveillanceRecord]) -> dict[str, SurveillanceRecord]:
    """The first record of each standard code, of ``records`` newest first."""
    latest: dict[str, SurveillanceRecord] = {}
    for record in records:
        latest.setdefault(record.standard_code, record)
    return latest


def source_report(program: Program) -> StatusReport | None:
    """The latest released report (newest period and revision), else the latest report."""
    reports = selectors.reports_of(program)
    return reports.filter(status=StatusReportStatus.RELEASED).first() or reports.first()


def _millions(value: str | None) -> str | None:
    if value is None:
        return None
    return str((Decimal(value) / MILLION).quantize(MILLIONTH, rounding=ROUND_HALF_UP))


def colour(percent: str | None) -> str | None:
    """The variance's colour by the bands: "Green", "Yellow" or "Red"; None when unknown."""
    if percent is None:
        return None
    found = rating.variance_indicator("", Decimal(percent), "", rating.thresholds())
    return str(found["status_label"]) if found else None


def _project(
    ids: dict[str, str], program: Program, report: StatusReport | None, costs: bool
) -> dict[str, Any]:
    s = report.snapshot["sections"] if report is not None else {}
    charter = s.get("charter", {})
    schedule = s.get("schedule", {}) if s.get("schedule", {}).get("present") else {}
    baseline = schedule.get("baseline") or {}
    cost = s.get("cost", {}) if s.get("cost", {}).get("present") else {}
    earned = cost.get("earned_value", {}) if cost.get("earned_value", {}).get("present") else {}
    as_of = report.snapshot.get("as_of") if report is not None else None
    started = charter.get("start")
    row: dict[str, Any] = {
        **ids,
        "projectName": charter.get("name") or program.name,
        "projectStatus": charter.get("status") or program.get_status_display(),
        "plannedStartDate": baseline.get("start"),
        "projectedStartDate": schedule.get("forecast_start"),
        "actualStartDate": started if started and as_of and started <= as_of else None,
        "plannedEndDate": baseline.get("finish"),
        "projectedEndDate": schedule.get("forecast_finish"),
        "actualEndDate": None,
        "plannedCost": _millions(earned.get("bac")) if costs else None,
        "projectedCost": _millions(earned.get("eac")) if costs else None,
        "actualCost": _millions(earned.get("ac")) if costs else None,
        "scheduleVariance": baseline.get("variance_days"),
        "scheduleVariancePercent": baseline.get("variance_percent"),
        "scheduleVarianceColor": colour(baseline.get("variance_percent")),
        "costVariance": _millions(earned.get("cv")) if costs else None,
        "costVariancePercent": earned.get("cv_percent") if costs else None,
        "costVarianceColor": colour(earned.get("cv_percent")) if costs else None,
        "updatedTime": report.built_at.isoformat() if report is not None else None,
    }
    return {name: row.get(name) for name in PROJECT_FIELDS}


def _cio(key: dict[str, Any], report: StatusReport | None) -> list[dict[str, Any]]:
    if report is None or report.rating is None:
        return []
    rated = report.rating_confirmed_at or report.built_at
    comment = report.rating_comment or " ".join(report.rating_reasons)
    return [
        {
            **key,
            "ratedDate": rated.date().isoformat(),
            "cioRating": CIO_RATINGS[report.rating],
            "comment": comment,
        }
    ]


def _metrics(
    key: dict[str, Any], standards: list[Standard], latest: dict[str, SurveillanceRecord]
) -> list[dict[str, Any]]:
    rows = []
    for standard in standards:
        found = latest.get(standard.code)
        rows.append(
            {
                **key,
                "metricDescription": f"{standard.code}: {standard.metric or standard.standard}",
                "performanceMeasurementCategory": standard.objective,
                "unitOfMeasure": standard.unit,
                "reportingFrequency": str(SurveillanceFrequency(standard.frequency).label),
                "measurementCondition": CONDITIONS[AqlDirection(standard.direction)],
                "target": str(standard.aql.normalize()),
                "dateOfLatestActualResult": found.recorded_on.isoformat() if found else None,
                "latestActualResult": str(found.observed_value.normalize())
                if found is not None and found.observed_value is not None
                else None,
                "metTarget": found.acceptable if found is not None else None,
            }
        )
    return rows


def sources(program: Program, user: policy.AnyUser) -> Sources:
    """What ``program``'s tables are made of, for ``user``."""
    standards = approved_standards(program)
    records = SurveillanceRecord.objects.filter(
        program=program, standard_code__in=[s.code for s in standards]
    ).order_by(*NEWEST_RECORD_FIRST)
    return Sources(
        settings=selectors.settings_of(program),
        report=source_report(program),
        standards=standards,
        latest=latest_records(records),
        costs=policy.can_see_costs(user, program),
    )


def export(program: Program, user: policy.AnyUser) -> dict[str, Any]:
    """The three tables of ``program`` and the report they come from."""
    return tables(program, sources(program, user))


def tables(program: Program, found: Sources) -> dict[str, Any]:
    """The three tables of ``program`` made of ``found``, and the report they come from."""
    report, ids_of = found.report, found.settings
    ids = {
        "agencyCode": ids_of.agency_code,
        "agencyName": ids_of.agency_name,
        "currentUII": ids_of.current_uii,
        "investmentName": ids_of.investment_name,
        "projectId": ids_of.project_id,
        "agencyProjectId": ids_of.agency_project_id,
        "projectGoal": ids_of.project_goal,
    }
    key = {"agencyCode": ids_of.agency_code, "currentUII": ids_of.current_uii}
    source: dict[str, Any]
    if report is None:
        source = {"report": None, "note": "No status report has been built yet."}
    else:
        released = report.status == StatusReportStatus.RELEASED
        source = {
            "report": report.pk,
            "period": report.period_label,
            "revision": report.revision,
            "status": report.status,
            "note": "The latest released status report."
            if released
            else "No report is released yet: the latest report, not yet released.",
        }
    return {
        "program": program.code,
        "source": source,
        "units": dict(UNITS),
        "projects": [_project(ids, program, report, found.costs)],
        "cioEvaluation": _cio(key, report),
        "operationalPerformanceMetrics": _metrics(key, found.standards, found.latest),
    }


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    return str(value)


def table_csv(rows: list[dict[str, Any]], fields: tuple[str, ...]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(fields)
    for row in rows:
        writer.writerow([_cell(row.get(name)) for name in fields])
    return out.getvalue()


def export_zip(data: dict[str, Any], prefix: str) -> bytes:
    """A zip of the three tables as CSV files, named as the tables after ``prefix``."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, fields in TABLES.items():
            archive.writestr(f"{prefix}-{name}.csv", table_csv(data[name], fields))
    return out.getvalue()
