"""Background jobs of the schedule. Thin: load by id, call the service, idempotent (a job
runs once, whatever the number of deliveries)."""

from __future__ import annotations

from typing import Any

from celery import shared_task

from .services.imports import import_job_run


@shared_task(bind=True)
def import_schedule(self: Any, job_id: int) -> str | None:
    """Import the file stored for the job; returns the job's status, None when there was
    nothing to run (no such job, or it has finished)."""
    job = import_job_run(job_id=job_id)
    return None if job is None else str(job.status)
