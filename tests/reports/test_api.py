"""The status report API for every role of every party and the outsider: reads, the build as
a job to poll, the life cycle's writes (404 for whoever may not, nothing changed), refusals
with their rule, and list query counts that do not grow with the reports."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from programs.models import Job
from reports.models import StatusReport
from tests.conftest import OUTSIDER, ROLE_MATRIX, World
from tests.pmp.conftest import record

from .conftest import BUILDERS, PM

USERS = [name for name, *_ in ROLE_MATRIX] + [OUTSIDER]
BASE = "/api/programs/alpha/reports/status-reports"


def _client(world: World, username: str) -> APIClient:
    client = APIClient()
    client.force_authenticate(world.user(username))
    return client


@pytest.fixture
def report(world: World, run_build: Callable[..., Job]) -> StatusReport:
    record(world, "risk", on_status_report=True)
    run_build()
    return StatusReport.objects.get(program=world.program)


def _rows(body: Any) -> list[dict[str, Any]]:
    return body["results"] if isinstance(body, dict) else body


@pytest.mark.parametrize("username", USERS)
def test_reads(world: World, report: StatusReport, username: str) -> None:
    client = _client(world, username)
    expected = 404 if username == OUTSIDER else 200
    assert client.get(f"{BASE}/").status_code == expected
    response = client.get(f"{BASE}/{report.pk}/")
    assert response.status_code == expected
    if expected == 200:
        body = response.json()
        assert body["period_label"] == "May 2026" and body["status"] == "draft"
        assert body["rating"] == 3 and body["rating_label"] == "3 - Medium Risk"
        assert body["snapshot"]["schema_version"] == 2
        assert [r["id"] for r in _rows(client.get(f"{BASE}/").json())] == [report.pk]


@pytest.mark.parametrize("username", USERS)
def test_build_is_a_job_for_managers_and_pmo_leads(
    world: World, username: str, django_capture_on_commit_callbacks: Any
) -> None:
    client = _client(world, username)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"{BASE}/build/", {"period": "2026-05-01"}, format="json")
    if username in BUILDERS:
        assert response.status_code == 202
        job = client.get(response["Location"]).json()
        assert job["status"] == "done" and job["kind"] == "status_report"
        assert StatusReport.objects.get(pk=job["result"]["report"]).built_by == world.user(username)
    else:
        assert response.status_code == 404
        assert not Job.objects.exists() and not StatusReport.objects.exists()


def test_a_period_not_started_is_refused_with_its_rule(world: World) -> None:
    response = _client(world, PM).post(f"{BASE}/build/", {"period": "2026-07-01"}, format="json")
    assert response.status_code == 400
    assert response.json()["detail"] == (
        "The report of July 2026 cannot be built before its period starts on 1 July 2026."
    )
    assert response.json()["field"] == "period"
    assert not Job.objects.exists()


@pytest.mark.parametrize("username", USERS)
def test_the_life_cycle_writes(world: World, report: StatusReport, username: str) -> None:
    client = _client(world, username)
    before = StatusReport.objects.filter(pk=report.pk).values().get()
    answers = [
        client.post(f"{BASE}/{report.pk}/narratives/", {"next_period": "UAT."}, format="json"),
        client.post(f"{BASE}/{report.pk}/approve/"),
        client.post(f"{BASE}/{report.pk}/rating/", {"rating": 3}, format="json"),
    ]
    codes = [a.status_code for a in answers]
    if username in BUILDERS:
        assert codes[:2] == [200, 200]
        assert codes[2] == (200 if username == PM else 404)
        assert answers[0].json()["next_period"] == "UAT."
    else:
        assert codes == [404, 404, 404]
        assert StatusReport.objects.filter(pk=report.pk).values().get() == before


def test_release_through_the_api(world: World, report: StatusReport) -> None:
    customer, provider = _client(world, PM), _client(world, "provider.program_manager")
    refused = customer.post(f"{BASE}/{report.pk}/release/")
    assert refused.status_code == 400 and refused.json()["field"] == "approvals"
    customer.post(f"{BASE}/{report.pk}/approve/")
    provider.post(f"{BASE}/{report.pk}/approve/")
    override = customer.post(f"{BASE}/{report.pk}/rating/", {"rating": 1}, format="json")
    assert override.status_code == 400 and override.json()["field"] == "comment"
    customer.post(f"{BASE}/{report.pk}/rating/", {"rating": 1, "comment": "Why."}, format="json")
    released = provider.post(f"{BASE}/{report.pk}/release/")
    assert released.status_code == 200
    body = released.json()
    assert body["status"] == "released" and len(body["sha256"]) == 64 and body["rating"] == 1
    locked = customer.post(f"{BASE}/{report.pk}/approve/")
    assert locked.status_code == 400 and locked.json()["code"] == "version_locked"


@pytest.mark.usefixtures("answers_built")
def test_list_queries_do_not_grow_with_the_reports(
    world: World, run_build: Callable[..., Job]
) -> None:
    client = _client(world, "customer.viewer")
    run_build()

    def count() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(f"{BASE}/").status_code == 200
        return len(captured)

    count()  # the process's caches (content types, permissions) warm on the first request
    one = count()
    run_build(period=date(2026, 4, 1))
    run_build(period=date(2026, 3, 1))
    assert count() == one


COSTLY = {
    "present": True,
    "earned_value": {"present": True, "bac": "869838.89", "cv": "-16124.38", "cpi": "0.94"},
    "funding": {"present": False, "absent": "No funding documents."},
}


@pytest.mark.parametrize(("username", "sees"), [(PM, True), ("customer.viewer", False)])
def test_dollars_reach_only_those_who_may_see_costs(
    world: World, report: StatusReport, username: str, sees: bool
) -> None:
    snapshot = dict(report.snapshot)
    snapshot["sections"] = {**snapshot["sections"], "cost": COSTLY}
    reasons = ["Cost variance -$16,124.38 (-1.9%)."]
    snapshot["rating"] = {**snapshot["rating"], "reasons": reasons}
    StatusReport.objects.filter(pk=report.pk).update(snapshot=snapshot, rating_reasons=reasons)

    body = _client(world, username).get(f"{BASE}/{report.pk}/").json()

    cost = body["snapshot"]["sections"]["cost"]
    reasons = body["snapshot"]["rating"]["reasons"] + body["rating_reasons"]
    if sees:
        assert cost == COSTLY
        assert all("-$16,124.38" in r for r in reasons)
    else:
        withheld = "Shown to those who may see the program's costs."
        assert cost == {"present": True, "withheld": withheld}
        assert "16,124" not in str(body) and "869838" not in str(body)
        assert all("(dollars not shown)" in r for r in reasons)
