"""The status report pages for every role of every party and the outsider: every member
reads, the Program Managers and PMO Leads of both parties build (a 404 for the others, with
nothing changed), a refusal shows beside the field, and the pages' query counts do not grow
with what they show."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from programs.models import Job
from reports.models import StatusReport
from tests.conftest import OUTSIDER, ROLE_MATRIX, World
from tests.pmp.conftest import record

from .conftest import BUILDERS

USERS = [name for name, *_ in ROLE_MATRIX] + [OUTSIDER]


def _url(name: str, world: World, **kw: Any) -> str:
    return reverse(f"reports:{name}", kwargs={"code": world.program.code, **kw})


@pytest.fixture
def report(world: World, run_build: Callable[..., Job]) -> StatusReport:
    run_build()
    return StatusReport.objects.get(program=world.program)


@pytest.mark.parametrize("username", USERS)
def test_every_member_reads_the_reports_and_the_outsider_none(
    world: World, report: StatusReport, username: str
) -> None:
    client = world.client(username)
    expected = 404 if username == OUTSIDER else 200
    for url in (_url("list", world), _url("report", world, pk=report.pk)):
        response = client.get(url)
        assert response.status_code == expected, url
        if expected == 200:
            assert response.context["program_section"] == "reports"
    if username != OUTSIDER:
        page = client.get(_url("list", world)).content.decode()
        assert ("Build the report" in page) == (username in BUILDERS)


@pytest.mark.parametrize("username", USERS)
def test_only_managers_and_pmo_leads_build(
    world: World, username: str, django_capture_on_commit_callbacks: Any
) -> None:
    client = world.client(username)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_url("build", world), {"period": "2026-05-01"})
    if username in BUILDERS:
        job = Job.objects.get(program=world.program)
        assert response.status_code == 302 and response["Location"] == job.get_absolute_url()
        report = StatusReport.objects.get(program=world.program)
        assert report.built_by == world.user(username)
        job_page = client.get(job.get_absolute_url())
        assert "The status report of May 2026 is built (revision 1)." in job_page.content.decode()
    else:
        assert response.status_code == 404
        assert not Job.objects.exists() and not StatusReport.objects.exists()


def test_a_report_of_another_program_is_not_found(world: World, report: StatusReport) -> None:
    client = world.client(OUTSIDER)
    url = reverse("reports:report", kwargs={"code": world.other_program.code, "pk": report.pk})
    assert client.get(url).status_code == 404


def test_a_refused_build_shows_beside_the_period_and_changes_nothing(
    world: World, report: StatusReport
) -> None:
    StatusReport.objects.update(status="released")
    client = world.client("customer.program_manager")
    response = client.post(_url("build", world), {"period": "2026-05-01"})
    assert response.status_code == 400
    assert response.context["form"].errors["period"] == [
        "The report of May 2026 is released and never changes."
    ]
    assert Job.objects.count() == 1  # the first build's
    response = client.post(_url("build", world), {"period": "2026-07-01"})
    assert response.status_code == 400 and "period" in response.context["form"].errors


def test_the_report_page_shows_each_status_in_words(world: World, report: StatusReport) -> None:
    page = world.client("provider.viewer").get(_url("report", world, pk=report.pk))
    text = page.content.decode()
    assert "Status report of May 2026" in text
    assert 'rpt-status--not_rated">Not rated</span>' in text
    assert "The program has no schedule in the portal yet." in text
    assert "This is the program's first report." in text


def _queries(client: Any, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_query_counts_do_not_grow_with_the_reports_or_their_content(
    world: World, run_build: Callable[..., Job]
) -> None:
    client = world.client("customer.pmo_team")
    run_build()
    report = StatusReport.objects.get()
    one_list = _queries(client, _url("list", world))
    small = _queries(client, _url("report", world, pk=report.pk))
    for n in range(6):
        record(world, "risk", title=f"Risk {n}", on_status_report=True)
    run_build()
    run_build(period=date(2026, 4, 1))
    run_build(period=date(2026, 3, 1))
    assert _queries(client, _url("list", world)) == one_list
    assert _queries(client, _url("report", world, pk=report.pk)) == small
