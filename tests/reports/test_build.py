"""Building a report as a job: the steps, the draft rebuilt in place, refusals that change
nothing, a failing source, retries on database trouble, and the daily scheduled build."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from django.db import OperationalError

from programs.choices import JobStatus
from programs.errors import DomainError, PermissionRefused
from programs.models import AuditEvent, Job
from reports import tasks
from reports.choices import StatusReportStatus
from reports.models import StatusReport
from reports.sections import SCHEMA_VERSION
from reports.services.builds import report_build_start
from tests.conftest import World

from .conftest import PM


def test_a_build_records_its_steps_and_saves_the_draft(
    world: World, run_build: Callable[..., Job]
) -> None:
    job = run_build()
    assert job.status == JobStatus.DONE, job.error_message
    steps = [step for _, step in job.steps]
    assert steps[0] == "Queued" and steps[1] == "Started"
    assert "Reading sources" in steps and "Reading sources: schedule" in steps
    assert "Rendering the report" in steps and steps[-1] == "Done"
    report = StatusReport.objects.get(program=world.program)
    assert (report.period_start, report.period_end) == (date(2026, 5, 1), date(2026, 5, 31))
    assert report.revision == 1 and report.status == StatusReportStatus.DRAFT
    assert report.schema_version == SCHEMA_VERSION == report.snapshot["schema_version"]
    assert report.due_on == date(2026, 6, 5)  # the fifth business day of June
    assert report.built_by == world.user(PM)
    assert job.result["url"] == report.get_absolute_url()
    assert (
        AuditEvent.objects.filter(
            target_type__model="statusreport", target_id=str(report.pk), action="create"
        ).count()
        == 1
    )


def test_building_twice_leaves_one_report_rebuilt_in_place(
    world: World, run_build: Callable[..., Job]
) -> None:
    run_build()
    first = StatusReport.objects.get()
    StatusReport.objects.filter(pk=first.pk).update(status=StatusReportStatus.REVIEWED)
    run_build(user="provider.pmo_lead")
    report = StatusReport.objects.get()
    assert report.pk == first.pk and report.revision == 1
    assert report.status == StatusReportStatus.DRAFT  # a rebuilt report is reviewed again
    assert report.built_by == world.user("provider.pmo_lead")
    assert report.built_at > first.built_at


def test_a_redelivered_task_does_nothing_more(world: World, run_build: Callable[..., Job]) -> None:
    job = run_build()
    assert tasks.build_status_report.apply(args=(job.pk,)).get() is None
    assert StatusReport.objects.count() == 1


def test_a_released_report_is_never_rebuilt(world: World, run_build: Callable[..., Job]) -> None:
    run_build()
    StatusReport.objects.update(status=StatusReportStatus.RELEASED)
    before = StatusReport.objects.get().snapshot
    with pytest.raises(DomainError) as refused:
        run_build()
    assert refused.value.message == "The report of May 2026 is released and never changes."
    assert refused.value.field == "period"
    assert StatusReport.objects.get().snapshot == before


@pytest.mark.parametrize(
    ("period", "message"),
    [
        (
            date(2026, 7, 1),
            "The report of July 2026 cannot be built before its period starts on 1 July 2026.",
        ),
        (date(2026, 5, 4), "A monthly report period starts on its first day (1 May 2026)."),
        (date(2025, 12, 1), "The program started on 5 January 2026, after December 2025."),
    ],
)
def test_a_period_that_cannot_be_reported_is_refused(
    world: World, period: date, message: str
) -> None:
    with pytest.raises(DomainError) as refused:
        report_build_start(acting_user=world.user(PM), program=world.program, period_start=period)
    assert refused.value.message == message and refused.value.field == "period"
    assert not Job.objects.exists() and not StatusReport.objects.exists()


@pytest.mark.parametrize(
    "username",
    [
        "provider.pmo_team",
        "customer.pmo_team",
        "customer.executive_sponsor",
        "independent.ivv_agent",
        "outsider",
    ],
)
def test_only_managers_and_pmo_leads_build(world: World, username: str) -> None:
    with pytest.raises(PermissionRefused) as refused:
        report_build_start(
            acting_user=world.user(username), program=world.program, period_start=date(2026, 5, 1)
        )
    assert "Only the Program Managers and PMO Leads" in refused.value.message
    assert not Job.objects.exists() and not StatusReport.objects.exists()


def test_a_source_that_fails_leaves_a_failed_job_and_no_report(
    world: World, run_build: Callable[..., Job], monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(ctx: Any) -> dict[str, Any]:
        raise DomainError("The schedule cannot be computed as it stands: a loop 3 → 5 → 3.")

    monkeypatch.setattr("reports.sections.schedule.read", broken)
    job = run_build()
    assert job.status == JobStatus.FAILED
    assert job.error_message == (
        "Reading the schedule failed, so no report was built: The schedule cannot be computed "
        "as it stands: a loop 3 → 5 → 3."
    )
    assert not StatusReport.objects.exists()
    page = world.client(PM).get(job.get_absolute_url()).content.decode()
    assert "Reading the schedule failed, so no report was built" in page
    assert 'href="/programs/alpha/reports/">Try again</a>' in page


def test_an_unexpected_error_in_a_source_names_the_source(
    world: World, run_build: Callable[..., Job], monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(ctx: Any) -> dict[str, Any]:
        raise KeyError("accounts")

    monkeypatch.setattr("reports.sections.cost.read", broken)
    job = run_build()
    assert job.status == JobStatus.FAILED
    assert job.error_message.startswith(
        "Reading the cost failed on an unexpected error (KeyError), so no report was built."
    )
    assert not StatusReport.objects.exists()


def test_database_trouble_is_retried_then_the_build_completes(
    world: World, run_build: Callable[..., Job], monkeypatch: pytest.MonkeyPatch
) -> None:
    from reports.sections import risk

    calls = {"n": 0}
    real = risk.read

    def flaky(ctx: Any) -> dict[str, Any]:
        calls["n"] += 1
        if calls["n"] < 3:
            raise OperationalError("database is locked")
        return real(ctx)

    monkeypatch.setattr("reports.sections.risk.read", flaky)
    job = run_build()
    assert job.status == JobStatus.DONE and job.attempts == 3
    assert StatusReport.objects.count() == 1


def test_database_trouble_past_the_bound_fails_the_job(
    world: World, run_build: Callable[..., Job], monkeypatch: pytest.MonkeyPatch, settings: Any
) -> None:
    settings.REPORTS_BUILD_MAX_RETRIES = 2

    def locked(ctx: Any) -> dict[str, Any]:
        raise OperationalError("database is locked")

    monkeypatch.setattr("reports.sections.ivv.read", locked)
    job = run_build()
    assert job.status == JobStatus.FAILED and job.attempts == 3
    assert job.error_message.startswith("The build met a database error 3 times and stopped")
    assert not StatusReport.objects.exists()


def test_a_validation_error_is_never_retried(
    world: World, run_build: Callable[..., Job], monkeypatch: pytest.MonkeyPatch
) -> None:
    def refused(ctx: Any) -> dict[str, Any]:
        raise DomainError("No.")

    monkeypatch.setattr("reports.sections.quality.read", refused)
    job = run_build()
    assert job.status == JobStatus.FAILED and job.attempts == 1


def test_the_retry_waits_longer_each_time(settings: Any) -> None:
    settings.REPORTS_BUILD_RETRY_SECONDS = 10
    assert [tasks.retry_countdown(n) for n in range(3)] == [10, 20, 40]


def test_the_daily_build_queues_each_program_s_last_period_once(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.build_due_reports() == 2  # alpha and beta: May 2026 has ended
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.build_due_reports() == 0
    reports = StatusReport.objects.filter(program=world.program)
    assert [(r.period_start, r.built_by) for r in reports] == [(date(2026, 5, 1), None)]
    assert Job.objects.filter(program=world.program).get().status == JobStatus.DONE


def test_the_daily_build_is_in_the_beat_schedule(settings: Any) -> None:
    entries = [e["task"] for e in settings.CELERY_BEAT_SCHEDULE.values()]
    assert "reports.tasks.build_due_reports" in entries


class WorkerLost(BaseException):
    """What a worker killed in the middle looks like to the code it was running: it stops."""


def test_a_worker_lost_mid_build_leaves_no_report_and_the_redelivery_completes_it(
    world: World, monkeypatch: pytest.MonkeyPatch, django_capture_on_commit_callbacks: Any
) -> None:
    from reports.sections import cost

    real = cost.read

    def killed(ctx: Any) -> dict[str, Any]:
        raise WorkerLost

    monkeypatch.setattr("reports.sections.cost.read", killed)
    with pytest.raises(WorkerLost), django_capture_on_commit_callbacks(execute=True):
        report_build_start(
            acting_user=world.user(PM), program=world.program, period_start=date(2026, 5, 1)
        )
    job = Job.objects.get()
    assert job.status == JobStatus.RUNNING and not StatusReport.objects.exists()

    monkeypatch.setattr("reports.sections.cost.read", real)
    assert tasks.build_status_report.apply(args=(job.pk,)).get() == JobStatus.DONE  # redelivered
    job.refresh_from_db()
    assert job.attempts == 2 and "Started again (attempt 2)" in [s for _, s in job.steps]
    assert StatusReport.objects.count() == 1


def test_the_build_task_acknowledges_late() -> None:
    assert tasks.build_status_report.acks_late is True
    assert tasks.build_status_report.reject_on_worker_lost is True
