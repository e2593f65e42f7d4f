"""Correcting a released report: a new revision of its period, a draft with the reason built
as a job from today's figures, the released revision untouched; the refusals (not released,
not the latest revision, no reason, who may not build) name their rule and change nothing;
the page and the API for every role of every party and the outsider."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from programs.errors import DomainError, PermissionRefused
from programs.models import AuditEvent, Job
from reports.choices import StatusReportStatus
from reports.models import StatusReport
from reports.services.lifecycle import (
    report_approve,
    report_correct,
    report_rate,
    report_release,
)
from tests.conftest import OUTSIDER, ROLE_MATRIX, World
from tests.pmp.conftest import record

from .conftest import BUILDERS, PM

PROVIDER_PM = "provider.program_manager"
USERS = [name for name, *_ in ROLE_MATRIX] + [OUTSIDER]
API = "/api/programs/alpha/reports/status-reports"
REASON = "The cost figures of May were posted twice."


def release(world: World, report: StatusReport) -> StatusReport:
    report_approve(acting_user=world.user(PM), report=report)
    report_approve(acting_user=world.user(PROVIDER_PM), report=report)
    report_rate(acting_user=world.user(PM), report=report, rating=report.proposed_rating or 3)
    return report_release(acting_user=world.user(PROVIDER_PM), report=report)


@pytest.fixture
def released(world: World, run_build: Callable[..., Job]) -> StatusReport:
    record(world, "risk", on_status_report=True)
    run_build()
    report = StatusReport.objects.get(program=world.program)
    report.next_period = "UAT in June."
    report.save()
    return release(world, report)


def rows() -> list[Any]:
    return list(StatusReport.objects.order_by("pk").values())


def correct(
    world: World, report: StatusReport, captured: Any, user: str = PM, reason: str = REASON
) -> tuple[StatusReport, Job]:
    with captured(execute=True):
        correction, job = report_correct(acting_user=world.user(user), report=report, reason=reason)
    job.refresh_from_db()
    correction.refresh_from_db()
    return correction, job


def test_a_correction_is_the_next_revision_built_as_a_job(
    world: World, released: StatusReport, django_capture_on_commit_callbacks: Any
) -> None:
    before = StatusReport.objects.filter(pk=released.pk).values().get()
    correction, job = correct(world, released, django_capture_on_commit_callbacks)
    assert job.status == "done" and job.kind == "status_report"
    assert job.result["report"] == correction.pk
    assert (correction.period_start, correction.revision) == (released.period_start, 2)
    assert correction.status == StatusReportStatus.DRAFT
    assert correction.correction_reason == REASON
    assert correction.next_period == "UAT in June."  # the released narratives carried over
    assert correction.confirmed_rating is None and correction.sha256 == ""
    assert correction.built_by == world.user(PM)
    assert StatusReport.objects.filter(pk=released.pk).values().get() == before
    created = AuditEvent.objects.get(
        target_type__model="statusreport", target_id=str(correction.pk), action="create"
    )
    assert created.changes["correction_reason"] == [None, REASON]
    # the correction goes through the same life cycle, and can itself be corrected
    correction = release(world, correction)
    assert correction.status == StatusReportStatus.RELEASED
    third, _ = correct(world, correction, django_capture_on_commit_callbacks, reason="Again.")
    assert third.revision == 3


def test_refusals_name_their_rule_and_change_nothing(
    world: World,
    released: StatusReport,
    run_build: Callable[..., Job],
    django_capture_on_commit_callbacks: Any,
) -> None:
    run_build(period=date(2026, 4, 1))
    draft = StatusReport.objects.get(period_start=date(2026, 4, 1))
    before, jobs = rows(), Job.objects.count()
    cases: list[tuple[str, StatusReport, str, str, str]] = [
        (
            PM,
            draft,
            REASON,
            "status",
            "Only a released report is corrected; the report of "
            "April 2026 is draft: change it directly.",
        ),
        (PM, released, "  ", "reason", "A correction needs a reason saying what it corrects."),
        (PM, released, "x" * 2001, "reason", ""),
    ]
    for user, report, reason, field, message in cases:
        with pytest.raises(DomainError) as refused:
            report_correct(acting_user=world.user(user), report=report, reason=reason)
        assert refused.value.field == field
        if message:
            assert refused.value.message == message
    for user in ("customer.viewer", "independent.ivv_agent", OUTSIDER):
        with pytest.raises(PermissionRefused) as denied:
            report_correct(acting_user=world.user(user), report=released, reason=REASON)
        assert "correct status reports" in denied.value.message
    assert rows() == before and Job.objects.count() == jobs
    correct(world, released, django_capture_on_commit_callbacks)
    before, jobs = rows(), Job.objects.count()
    with pytest.raises(DomainError) as superseded:
        report_correct(acting_user=world.user(PM), report=released, reason=REASON)
    assert superseded.value.field == "revision"
    assert superseded.value.message == (
        "Revision 1 of May 2026 is superseded by revision 2; correct the latest revision."
    )
    assert rows() == before and Job.objects.count() == jobs


@pytest.mark.parametrize("username", USERS)
def test_the_page_action_for_every_role(
    world: World, released: StatusReport, username: str, django_capture_on_commit_callbacks: Any
) -> None:
    client = world.client(username)
    page = client.get(released.get_absolute_url())
    url = f"/programs/alpha/reports/{released.pk}/correct/"
    before = rows()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"reason": REASON})
    if username in BUILDERS:
        assert page.status_code == 200 and url in page.content.decode()
        assert response.status_code == 302
        correction = StatusReport.objects.get(revision=2)
        assert correction.correction_reason == REASON
        old = client.get(released.get_absolute_url()).content.decode()
        assert "superseded by a correction" in old and correction.get_absolute_url() in old
        assert url not in old  # the superseded revision offers no correction
        new = client.get(correction.get_absolute_url()).content.decode()
        assert REASON in new and "revision 1" in new
        listing = client.get("/programs/alpha/reports/").content.decode()
        assert "Released, superseded" in listing and "Draft, a correction" in listing
    else:
        assert page.status_code == (404 if username == OUTSIDER else 200)
        assert url not in page.content.decode()
        assert response.status_code == 404
        assert rows() == before


def test_a_refusal_on_the_page_shows_the_rule(world: World, released: StatusReport) -> None:
    before, jobs = rows(), Job.objects.count()
    response = world.client(PM).post(
        f"/programs/alpha/reports/{released.pk}/correct/", {"reason": ""}
    )
    assert response.status_code == 400
    assert "A correction needs a reason saying what it corrects." in response.content.decode()
    assert rows() == before and Job.objects.count() == jobs


@pytest.mark.parametrize("username", USERS)
def test_the_api_action_for_every_role(
    world: World, released: StatusReport, username: str, django_capture_on_commit_callbacks: Any
) -> None:
    client = APIClient()
    client.force_authenticate(world.user(username))
    before = rows()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"{API}/{released.pk}/correct/", {"reason": REASON}, format="json")
    if username in BUILDERS:
        assert response.status_code == 202
        job = client.get(response["Location"]).json()
        assert job["status"] == "done"
        body = client.get(f"{API}/{job['result']['report']}/").json()
        assert (body["revision"], body["status"], body["correction_reason"]) == (
            2,
            "draft",
            REASON,
        )
        again = client.post(f"{API}/{released.pk}/correct/", {"reason": REASON}, format="json")
        assert again.status_code == 400 and again.json()["field"] == "revision"
    else:
        assert response.status_code == 404
        assert rows() == before


def test_the_api_refuses_a_draft_and_no_reason(world: World, released: StatusReport) -> None:
    client = APIClient()
    client.force_authenticate(world.user(PM))
    before = rows()
    empty = client.post(f"{API}/{released.pk}/correct/", {"reason": ""}, format="json")
    assert empty.status_code == 400 and empty.json()["field"] == "reason"
    assert empty.json()["detail"] == "A correction needs a reason saying what it corrects."
    assert rows() == before


def test_list_queries_do_not_grow_with_revisions(
    world: World, released: StatusReport, django_capture_on_commit_callbacks: Any
) -> None:
    client = world.client("customer.viewer")

    def count() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/programs/alpha/reports/").status_code == 200
        return len(captured)

    one = count()
    correct(world, released, django_capture_on_commit_callbacks)
    assert count() == one
