"""The review package's background job. Thin: load by id, call the service; a job runs once
however often it is delivered, and a worker lost mid-build builds it again from the start."""

from __future__ import annotations

from celery import shared_task

from . import package


@shared_task(acks_late=True, reject_on_worker_lost=True)
def build_review_package(job_id: int) -> str | None:
    """Build the job's package; returns the job's status, None when there was nothing to run."""
    job = package.package_build_run(job_id=job_id)
    return None if job is None else str(job.status)
