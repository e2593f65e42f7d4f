"""The IT Dashboard export: the feeds' field names, values agreeing with the source report's
snapshot (the latest released one, else the latest), the CIO rating, the QASP metrics with
their latest surveillance result, access for every role and the outsider (pages and API), and
the investment identifiers set on the settings page (a bad UII refused, nothing changed)."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from django.urls import reverse

from programs import policy
from programs.errors import DomainError
from programs.models import AuditEvent, Job
from reports import it_dashboard
from reports.models import ReportSettings, StatusReport
from tests.conftest import OUTSIDER, ROLE_MATRIX, World
from tests.qasp.conftest import record_month
from tests.qasp.factories import make_approved_qasp

from .conftest import PM
from .test_settings import update

USERS = [name for name, *_ in ROLE_MATRIX] + [OUTSIDER]
IDS = {
    "agency_code": "023",
    "agency_name": "General Services Administration",
    "current_uii": "023-000001234",
    "investment_name": "HR Modernization",
    "project_id": "HRM-01",
    "agency_project_id": "GSA-HRM-2026",
    "project_goal": "Move payroll to a shared service.",
}
SCHEDULE = {
    "present": True,
    "forecast_start": "2026-01-05",
    "forecast_finish": "2026-12-22",
    "baseline": {
        "number": 1,
        "start": "2026-01-05",
        "finish": "2026-11-30",
        "variance_working_days": 15,
        "variance_days": 22,
        "variance_percent": "6.3",
    },
}
COST = {
    "present": True,
    "earned_value": {
        "present": True,
        "bac": "2500000.00",
        "eac": "3000000.00",
        "ac": "1200000.00",
        "cv": "-300000.00",
        "cv_percent": "-25.0",
    },
    "funding": {"present": False, "absent": "none"},
}


def _with_figures(report: StatusReport, **fields: Any) -> StatusReport:
    snapshot = dict(report.snapshot)
    snapshot["sections"] = {**snapshot["sections"], "schedule": SCHEDULE, "cost": COST}
    StatusReport.objects.filter(pk=report.pk).update(snapshot=snapshot, **fields)
    report.refresh_from_db()
    return report


@pytest.fixture
def report(world: World, run_build: Callable[..., Job]) -> StatusReport:
    job = run_build()
    assert job.status == "done", job.error_message
    update(world, identifiers=IDS)
    return _with_figures(
        StatusReport.objects.get(program=world.program),
        proposed_rating=3,
        rating_reasons=["No area is red; Cost yellow (a yellow area: 3)."],
    )


def test_the_tables_carry_the_feeds_field_names(world: World, report: StatusReport) -> None:
    data = it_dashboard.export(world.program, world.user(PM))
    assert list(data["projects"][0]) == [
        "agencyCode", "agencyName", "currentUII", "investmentName", "projectId",
        "agencyProjectId", "projectName", "projectGoal", "projectStatus", "plannedStartDate",
        "projectedStartDate", "actualStartDate", "plannedEndDate", "projectedEndDate",
        "actualEndDate", "plannedCost", "projectedCost", "actualCost", "scheduleVariance",
        "scheduleVariancePercent", "scheduleVarianceColor", "costVariance",
        "costVariancePercent", "costVarianceColor", "updatedTime",
    ]  # fmt: skip
    assert list(data["cioEvaluation"][0]) == [
        "agencyCode", "currentUII", "ratedDate", "cioRating", "comment"
    ]  # fmt: skip
    assert data["operationalPerformanceMetrics"] == []


def test_the_values_agree_with_the_report(world: World, report: StatusReport) -> None:
    data = it_dashboard.export(world.program, world.user(PM))
    row = data["projects"][0]
    assert row["currentUII"] == "023-000001234" and row["agencyCode"] == "023"
    assert row["projectGoal"] == IDS["project_goal"]
    assert row["projectName"] == report.snapshot["sections"]["charter"]["name"]
    assert (row["plannedStartDate"], row["plannedEndDate"]) == ("2026-01-05", "2026-11-30")
    assert (row["projectedStartDate"], row["projectedEndDate"]) == ("2026-01-05", "2026-12-22")
    assert row["scheduleVariance"] == 22
    assert row["scheduleVariancePercent"] == "6.3"
    assert row["scheduleVarianceColor"] == "Green"  # under 10 %
    assert (row["plannedCost"], row["projectedCost"], row["actualCost"]) == (
        "2.500000",
        "3.000000",
        "1.200000",
    )
    assert (row["costVariance"], row["costVariancePercent"]) == ("-0.300000", "-25.0")
    assert row["costVarianceColor"] == "Yellow"  # 10 % to under 30 %
    assert row["updatedTime"] == report.built_at.isoformat()
    assert data["source"]["report"] == report.pk
    assert data["source"]["note"].startswith("No report is released yet")
    cio = data["cioEvaluation"][0]
    assert cio["cioRating"] == report.rating_label == "3 - Medium Risk"
    assert cio["comment"] == "No area is red; Cost yellow (a yellow area: 3)."
    assert cio["ratedDate"] == report.built_at.date().isoformat()


def test_the_latest_released_report_is_the_source_with_the_customers_rating(
    world: World, report: StatusReport, run_build: Callable[..., Job]
) -> None:
    when = report.built_at.replace(year=2026, month=6, day=8)
    _with_figures(
        report,
        status="released",
        confirmed_rating=1,
        rating_comment="The payroll cut-over slipped.",
        rating_confirmed_at=when,
    )
    assert run_build(period=date(2026, 6, 1)).status == "done"  # a newer draft
    data = it_dashboard.export(world.program, world.user(PM))
    assert data["source"]["report"] == report.pk
    assert data["source"]["note"] == "The latest released status report."
    assert data["cioEvaluation"] == [
        {
            "agencyCode": "023",
            "currentUII": "023-000001234",
            "ratedDate": "2026-06-08",
            "cioRating": "1 - High Risk",
            "comment": "The payroll cut-over slipped.",
        }
    ]


def test_a_red_variance_by_the_bands(settings: Any) -> None:
    assert it_dashboard.colour("-30.0") == "Red"
    assert it_dashboard.colour("29.9") == "Yellow"
    settings.REPORTS_VARIANCE_BANDS = {"yellow": 5, "red": 20}
    assert it_dashboard.colour("25.0") == "Red"
    assert it_dashboard.colour(None) is None


def test_the_metrics_are_the_qasp_standards_with_their_latest_result(
    world: World, report: StatusReport
) -> None:
    make_approved_qasp(world.program)
    record_month(world, 3, "99.9")
    record_month(world, 4, "98")
    rows = it_dashboard.export(world.program, world.user(PM))["operationalPerformanceMetrics"]
    assert [r["metricDescription"] for r in rows] == ["PS-1: Availability", "PS-2: Error rate"]
    first, second = rows
    assert first["unitOfMeasure"] == "%"
    assert first["reportingFrequency"] == "Monthly"
    assert first["measurementCondition"] == "Over target"
    assert first["target"] == "99.5"
    assert first["performanceMeasurementCategory"] == "The payroll service is available"
    assert (first["dateOfLatestActualResult"], first["latestActualResult"]) == ("2026-06-10", "98")
    assert first["metTarget"] is False
    assert second["measurementCondition"] == "Under target"
    assert second["latestActualResult"] is None and second["metTarget"] is None


def test_costs_are_empty_for_a_member_who_does_not_see_them(
    world: World, report: StatusReport
) -> None:
    hidden = [u for u in USERS[:-1] if not policy.can_see_costs(world.user(u), world.program)]
    assert hidden
    row = it_dashboard.export(world.program, world.user(hidden[0]))["projects"][0]
    assert row["plannedCost"] is None and row["costVariance"] is None
    assert row["scheduleVariance"] == 22


@pytest.mark.parametrize("username", USERS)
def test_every_member_downloads_it_and_the_outsider_gets_404(
    world: World, report: StatusReport, username: str
) -> None:
    client = world.client(username)
    code = world.program.code
    urls = [
        reverse("reports:it_dashboard_json", kwargs={"code": code}),
        reverse("reports:it_dashboard_csv", kwargs={"code": code}),
        reverse("api-reports-it-dashboard", kwargs={"code": code}),
    ]
    responses = [client.get(url) for url in urls]
    if username == OUTSIDER:
        assert [r.status_code for r in responses] == [404, 404, 404]
        return
    assert [r.status_code for r in responses] == [200, 200, 200]
    page, archive, api = responses
    assert json.loads(page.content)["projects"][0]["currentUII"] == "023-000001234"
    assert api.json()["projects"][0]["scheduleVariance"] == 22
    with zipfile.ZipFile(io.BytesIO(archive.content)) as files:
        assert sorted(files.namelist()) == [
            f"{code}-cioEvaluation.csv",
            f"{code}-operationalPerformanceMetrics.csv",
            f"{code}-projects.csv",
        ]
        rows = list(csv.DictReader(io.StringIO(files.read(f"{code}-projects.csv").decode())))
    assert rows[0]["currentUII"] == "023-000001234"
    assert rows[0]["scheduleVarianceColor"] == "Green"
    listing = client.get(reverse("reports:list", kwargs={"code": code})).content.decode()
    assert urls[1] in listing and urls[0] in listing


def test_without_a_report_the_export_says_so(world: World) -> None:
    data = it_dashboard.export(world.program, world.user(PM))
    assert data["source"] == {"report": None, "note": "No status report has been built yet."}
    assert data["projects"][0]["scheduleVariance"] is None
    assert data["cioEvaluation"] == []


def test_the_identifiers_are_set_on_the_settings_page_and_audited(world: World) -> None:
    client = world.client(PM)
    url = reverse("reports:settings", kwargs={"code": world.program.code})
    form = {"period_length": "monthly", "due_business_day": "5", **IDS}
    assert client.post(url, form).status_code == 302
    found = ReportSettings.objects.get(program=world.program)
    assert {name: getattr(found, name) for name in IDS} == IDS
    event = AuditEvent.objects.filter(program=world.program).latest("pk")
    assert event.changes["current_uii"] == ["", "023-000001234"]
    assert client.get(url).context["form"].initial["current_uii"] == "023-000001234"


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        (
            {"current_uii": "23-1234"},
            "current_uii",
            "A UII is the three-digit agency code, a hyphen and nine digits, such as "
            "023-000001234.",
        ),
        ({"agency_code": "GSA"}, "agency_code", "An agency code is digits, such as 023."),
    ],
)
def test_bad_identifiers_are_refused_with_the_field_and_nothing_changed(
    world: World, values: dict[str, str], field: str, message: str
) -> None:
    update(world, identifiers=IDS)
    before = list(ReportSettings.objects.values())
    events = AuditEvent.objects.count()
    with pytest.raises(DomainError) as refused:
        update(world, identifiers={**IDS, **values}, due_business_day=9)
    assert (refused.value.field, refused.value.message) == (field, message)
    client = world.client(PM)
    url = reverse("reports:settings", kwargs={"code": world.program.code})
    page = client.post(url, {"period_length": "monthly", "due_business_day": "9", **IDS, **values})
    assert page.status_code == 400
    assert page.context["form"].errors[field] == [message]
    assert list(ReportSettings.objects.values()) == before
    assert AuditEvent.objects.count() == events


@pytest.mark.parametrize("username", ["customer.viewer", "provider.program_manager", OUTSIDER])
def test_the_portfolio_holds_the_programs_the_person_is_a_member_of(
    world: World, report: StatusReport, username: str
) -> None:
    client = world.client(username)
    data = client.get(reverse("reports_portfolio:json")).json()
    archive = client.get(reverse("reports_portfolio:csv"))
    codes = [p["program"] for p in data["programs"]]
    expected = [world.other_program.code] if username == OUTSIDER else [world.program.code]
    assert codes == expected
    uiis = [row["currentUII"] for row in data["projects"]]
    assert uiis == ([""] if username == OUTSIDER else ["023-000001234"])
    assert archive.status_code == 200
    with zipfile.ZipFile(io.BytesIO(archive.content)) as files:
        assert "portfolio-projects.csv" in files.namelist()


def test_the_portfolio_needs_a_login(client: Any) -> None:
    assert client.get(reverse("reports_portfolio:json")).status_code == 302
