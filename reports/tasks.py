"""Background jobs of status reports. Thin: load by id, call the service, idempotent (a
job runs once however often it is delivered; a worker lost mid-build is redelivered, as the
task acknowledges late, and the job is run again from the start).

- ``build_status_report(job_id)``: one build, retried with back-off on database trouble
  (REPORTS_BUILD_MAX_RETRIES, REPORTS_BUILD_RETRY_SECONDS doubled each time), never on a
  refusal or a failed source (the job fails with the reason);
- ``build_due_reports()`` (daily, CELERY_BEAT_SCHEDULE): queues the build of each active
  program's last ended period that has no report yet."""

from __future__ import annotations

from typing import Any

from celery import shared_task
from django.conf import settings
from django.db import OperationalError

from programs import limits
from programs.choices import ProgramStatus
from programs.models import Program

from .services import builds as services


def retry_countdown(retries: int) -> int:
    return int(settings.REPORTS_BUILD_RETRY_SECONDS) * 2**retries


@shared_task(bind=True, acks_late=True, reject_on_worker_lost=True)
def build_status_report(self: Any, job_id: int) -> str | None:
    """Build the job's report; returns the job's status, None when there was nothing to run
    (no such job, or it has finished)."""
    try:
        job = services.report_build_run(job_id=job_id)
    except OperationalError as error:
        limit = int(settings.REPORTS_BUILD_MAX_RETRIES)
        retries = int(self.request.retries or 0)
        if retries >= limit:
            job = services.report_build_give_up(job_id=job_id, tries=limit + 1)
            return None if job is None else str(job.status)
        if self.request.is_eager:  # in process, with no broker to wait on: again at once
            again = build_status_report.apply(args=(job_id,), retries=retries + 1)
            return None if again.result is None else str(again.result)
        raise self.retry(
            exc=error, countdown=retry_countdown(retries), max_retries=limit
        ) from error
    return None if job is None else str(job.status)


@shared_task
def build_due_reports() -> int:
    """Queue the scheduled builds that are due; returns how many were queued."""
    today = limits.today()
    queued = 0
    for program in Program.objects.filter(status=ProgramStatus.ACTIVE).order_by("pk"):
        if services.report_build_scheduled(program=program, today=today) is not None:
            queued += 1
    return queued
