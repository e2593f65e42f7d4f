"""The IT Dashboard export of a portfolio, on its page and in the API: the programs a person
may read (a member of one, of two, an administrator, someone of none), each program's rows as
its own export gives them (costs hidden where that program hides them from the person), and
a number of queries that does not grow with the number of programs."""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any, cast

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from drf_spectacular.generators import SchemaGenerator
from openapi_core import OpenAPI
from openapi_core.contrib.django import DjangoOpenAPIRequest, DjangoOpenAPIResponse
from rest_framework.test import APIClient

from programs.choices import Party, Role
from programs.models import Job, Membership, Program
from programs.services import memberships as membership_services
from qasp.services.surveillance import record_create
from reports import it_dashboard
from reports.choices import StatusReportStatus
from reports.models import ReportSettings, StatusReport
from tests.conftest import OUTSIDER, World
from tests.factories import UserFactory, make_program, superuser
from tests.qasp.factories import make_approved_qasp

from .conftest import PM
from .test_it_dashboard import IDS, _with_figures
from .test_settings import update

PAGE = "reports_portfolio:json"
PAGE_CSV = "reports_portfolio:csv"
API = "api-reports-it-dashboard-portfolio"
API_CSV = "api-reports-it-dashboard-portfolio-csv"


@pytest.fixture
def report(world: World, run_build: Callable[..., Job]) -> StatusReport:
    """alpha's report of May 2026 with schedule and cost figures, and its identifiers."""
    job = run_build()
    assert job.status == "done", job.error_message
    update(world, identifiers=IDS)
    return _with_figures(StatusReport.objects.get(program=world.program), proposed_rating=3)


def _join(program: Program, user: User, role: str) -> Membership:
    return membership_services.membership_create(
        acting_user=superuser(),
        program=program,
        user=user,
        party=Party.CUSTOMER,
        role=role,
        override_reason="Reads the agency's whole portfolio.",
    )


def _like_alpha(program: Program, template: StatusReport, uii: str) -> None:
    """``program`` reports as alpha does: its identifiers, a released copy of alpha's report,
    an approved QASP and a surveillance result (recorded by a member who then leaves)."""
    ReportSettings.objects.create(program=program, agency_code="023", current_uii=uii)
    StatusReport.objects.create(
        program=program,
        period_start=template.period_start,
        period_end=template.period_end,
        due_on=template.due_on,
        schema_version=template.schema_version,
        snapshot=template.snapshot,
        built_at=template.built_at,
        status=StatusReportStatus.RELEASED,
        proposed_rating=2,
    )
    make_approved_qasp(program)
    recorder = _join(program, cast(User, UserFactory(username=f"qa-{program.code}")), Role.PMO_TEAM)
    record_create(
        acting_user=recorder.user,
        program=program,
        standard_code="PS-1",
        period=date(2026, 5, 1),
        evaluator=recorder,
        recorded_on=date(2026, 6, 10),
        measured_value=Decimal("99.9"),
    )


def _api(user: User) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def _web(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _separately(user: User) -> dict[str, list[dict[str, Any]]]:
    """What the programs' own exports give, program by program, for ``user``."""
    found: dict[str, list[dict[str, Any]]] = {name: [] for name in it_dashboard.TABLES}
    readable = Program.objects.filter(memberships__user=user).distinct()
    if user.is_superuser:
        readable = Program.objects.all()
    for program in readable.order_by("code"):
        data = it_dashboard.export(program, User.objects.get(pk=user.pk))
        for name in it_dashboard.TABLES:
            found[name].extend(data[name])
    return found


def _everything(user: User) -> list[Any]:
    """The portfolio from the page and the API, JSON and zip, checked to agree."""
    page, api = _web(user), _api(user)
    data = page.get(reverse(PAGE)).json()
    assert api.get(reverse(API)).json() == data
    for client, name in ((page, PAGE_CSV), (api, API_CSV)):
        archive = client.get(reverse(name))
        assert archive.status_code == 200
        assert archive["Content-Type"] == "application/zip"
        with zipfile.ZipFile(io.BytesIO(archive.content)) as files:
            text = files.read("portfolio-projects.csv").decode()
        uiis = [row["currentUII"] for row in csv.DictReader(io.StringIO(text))]
        assert uiis == [row["currentUII"] for row in data["projects"]]
    return [data, {name: data[name] for name in it_dashboard.TABLES}]


def test_a_member_of_one_program_gets_it_with_costs_as_it_hides_them(
    world: World, report: StatusReport
) -> None:
    _like_alpha(world.other_program, report, "023-000000002")
    viewer = world.user("customer.viewer")
    data, tables = _everything(viewer)
    assert [p["program"] for p in data["programs"]] == ["alpha"]
    assert data["programs"][0]["source"]["report"] == report.pk
    assert data["projects"][0]["currentUII"] == "023-000001234"
    assert data["projects"][0]["plannedCost"] is None  # a viewer does not see costs
    assert data["projects"][0]["scheduleVariance"] == 22
    assert tables == _separately(viewer)


def test_a_member_of_two_sees_costs_where_each_program_shows_them(
    world: World, report: StatusReport
) -> None:
    _like_alpha(world.other_program, report, "023-000000002")
    manager = world.user(PM)  # alpha's Program Manager, on beta's team
    _join(world.other_program, manager, Role.PMO_TEAM)
    data, tables = _everything(manager)
    assert [p["program"] for p in data["programs"]] == ["alpha", "beta"]
    alpha, beta = data["projects"]
    assert (alpha["currentUII"], alpha["plannedCost"]) == ("023-000001234", "2.500000")
    assert (beta["currentUII"], beta["plannedCost"]) == ("023-000000002", None)
    assert beta["costVariancePercent"] is None and beta["scheduleVariance"] == 22
    ratings = [c["cioRating"] for c in data["cioEvaluation"]]
    assert ratings == ["3 - Medium Risk", "2 - Moderately High Risk"]
    assert data["programs"][1]["source"]["note"] == "The latest released status report."
    metrics = data["operationalPerformanceMetrics"]
    assert [(m["currentUII"], m["latestActualResult"]) for m in metrics] == [
        ("023-000000002", "99.9"),
        ("023-000000002", None),
    ]
    assert tables == _separately(manager)


def test_an_administrator_gets_every_program_with_costs(world: World, report: StatusReport) -> None:
    _like_alpha(world.other_program, report, "023-000000002")
    admin = superuser()
    data, tables = _everything(admin)
    assert [p["program"] for p in data["programs"]] == ["alpha", "beta"]
    assert [row["plannedCost"] for row in data["projects"]] == ["2.500000", "2.500000"]
    assert tables == _separately(admin)


def test_someone_of_no_program_gets_empty_tables(world: World, report: StatusReport) -> None:
    stranger = cast(User, UserFactory(username="stranger"))
    data, _tables = _everything(stranger)
    assert data["programs"] == [] and data["projects"] == []
    assert data["cioEvaluation"] == [] and data["operationalPerformanceMetrics"] == []
    outsider, _tables = _everything(world.user(OUTSIDER))  # beta's Program Manager
    assert [p["program"] for p in outsider["programs"]] == ["beta"]
    assert "023-000001234" not in str(outsider)


def test_the_api_answers_as_its_schema_says(world: World, report: StatusReport) -> None:
    schema = SchemaGenerator().get_schema(request=None, public=True)
    openapi = OpenAPI.from_dict(schema)
    _like_alpha(world.other_program, report, "023-000000002")
    manager = world.user(PM)
    _join(world.other_program, manager, Role.PMO_TEAM)
    answers = [
        _api(manager).get(reverse(API)),
        APIClient().get(reverse(API)),
        APIClient().get(reverse(API_CSV)),
    ]
    assert [a.status_code for a in answers] == [200, 401, 401]
    for answer in answers:
        openapi.validate_response(
            DjangoOpenAPIRequest(answer.wsgi_request), DjangoOpenAPIResponse(answer)
        )
    archive = _api(manager).get(reverse(API_CSV))
    described = schema["paths"][reverse(API_CSV)]["get"]["responses"]["200"]["content"]
    assert archive.status_code == 200 and list(described) == [archive["Content-Type"]]


def _queries(user: User) -> list[int]:
    """The queries of the portfolio read, its page and its API, for ``user``."""
    it_dashboard.portfolio(User.objects.get(pk=user.pk))  # what is read once and cached
    fresh = User.objects.get(pk=user.pk)
    counts = []
    with CaptureQueriesContext(connection) as read:
        it_dashboard.portfolio(fresh)
    counts.append(len(read))
    for client, name in ((_web(user), PAGE), (_api(user), API), (_web(user), PAGE_CSV)):
        with CaptureQueriesContext(connection) as served:
            assert client.get(reverse(name)).status_code == 200
        counts.append(len(served))
    return counts


@pytest.mark.parametrize("role", [Role.PROGRAM_MANAGER, Role.PMO_TEAM])
def test_the_queries_do_not_grow_with_the_programs(
    world: World, report: StatusReport, role: str
) -> None:
    reader = cast(User, UserFactory(username="reader"))
    for n in range(2):
        program = make_program(f"p{n}")
        _like_alpha(program, report, f"023-00000010{n}")
        _join(program, reader, role)
    two = _queries(reader)
    assert len(it_dashboard.portfolio(reader)["projects"]) == 2
    for n in range(2, 6):
        program = make_program(f"p{n}")
        _like_alpha(program, report, f"023-00000010{n}")
        _join(program, reader, role)
    six = _queries(reader)
    assert len(it_dashboard.portfolio(reader)["projects"]) == 6
    assert six == two
    assert two[0] == 5, two  # programs with their reports' ids, memberships, reports, QASPs,
    # surveillance results
