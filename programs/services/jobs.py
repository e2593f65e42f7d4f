"""Jobs with progress: the one way long work a person waits for runs, on a Celery worker (or in
process when Celery is eager), recorded in a ``Job`` row the page polls.

A job is created once per ``key``: asking for the same work again returns the job already
there. A Celery task loads it by id and hands its work to ``job_run``, which claims the job (a
finished job is never run again, so a redelivered task does nothing), records each step, and
ends it done with a result or failed with the reason. A ``DomainError`` from the work is the
person's to fix: its message, code and located problems are kept on the job for the page. Any
other error is logged and the job fails with a message saying nothing was changed; the work
itself must be all or nothing.

Only the creation is audited, as the person who asked; the steps are the system's, and the
work audits what it changes as that person.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from typing import Any

from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.utils import timezone

from ..choices import AuditAction, JobStatus
from ..errors import DomainError
from ..models import Job, Program
from .audit import audit_record

logger = logging.getLogger(__name__)

UNEXPECTED = (
    "The job stopped on an unexpected error; nothing was changed. Try again, or tell a portal "
    "administrator if it happens again."
)


def _note(job: Job, step: str) -> None:
    job.step = step[:200]
    job.steps = [*job.steps, [timezone.now().isoformat(), job.step]]


def job_create(
    *,
    acting_user: User,
    program: Program,
    kind: str,
    key: str,
    title: str,
    params: dict[str, Any] | None = None,
    total: int = 0,
) -> tuple[Job, bool]:
    """The job for ``key``, made now (True) or already there (False). Callers check first
    that ``acting_user`` may ask for the work; the key names the program, so one program's
    key never finds another's job."""
    existing = Job.objects.filter(key=key, program=program).first()
    if existing is not None:
        return existing, False
    job = Job(
        program=program,
        kind=kind,
        key=key,
        title=title[:200],
        params=params or {},
        total_count=total,
        created_by=acting_user,
    )
    _note(job, "Queued")
    try:
        with transaction.atomic():
            job.save()
            audit_record(
                acting_user=acting_user,
                program=program,
                action=AuditAction.CREATE,
                target=job,
                changes={"kind": [None, kind], "title": [None, job.title]},
            )
    except IntegrityError:  # the same work asked twice at once: one job
        return Job.objects.get(key=key, program=program), False
    return job, True


@transaction.atomic
def job_claim(*, job_id: int) -> Job | None:
    """Start the job: None when there is no such job or it has finished. A job found running
    is run again: its worker stopped before finishing, and the work is all or nothing."""
    job = Job.objects.select_for_update().select_related("program").filter(pk=job_id).first()
    if job is None or job.finished:
        return None
    job.status = JobStatus.RUNNING
    job.attempts += 1
    job.started_at = timezone.now()
    _note(job, "Started" if job.attempts == 1 else f"Started again (attempt {job.attempts})")
    job.save()
    return job


def job_advance(*, job: Job, step: str, done: int | None = None, total: int | None = None) -> Job:
    """Record what the job is doing now and, where it counts, how far it is."""
    _note(job, step)
    if total is not None:
        job.total_count = total
    if done is not None:
        job.done_count = done
    job.save(update_fields=["step", "steps", "done_count", "total_count", "updated_at"])
    return job


def job_finish(*, job: Job, result: dict[str, Any], step: str = "Done") -> Job:
    job.status = JobStatus.DONE
    job.result = result
    job.done_count = max(job.done_count, job.total_count)
    job.finished_at = timezone.now()
    _note(job, step)
    job.save()
    return job


def job_fail(
    *,
    job: Job,
    message: str,
    code: str = "",
    problems: Iterable[dict[str, Any]] = (),
) -> Job:
    job.status = JobStatus.FAILED
    job.error_message = message
    job.error_code = code[:40]
    job.error_problems = list(problems)
    job.finished_at = timezone.now()
    _note(job, "Failed")
    job.save()
    return job


def job_run(
    *,
    job_id: int,
    kind: str,
    work: Callable[[Job], dict[str, Any]],
    transient: tuple[type[Exception], ...] = (),
) -> Job | None:
    """Run ``work`` for the job (of ``kind``) once: what it returns is the job's result.
    Returns the finished job, or None when there was nothing to run. An error of a
    ``transient`` type (database trouble, say) passes up for the task to retry, the job left
    running: the retry claims it again."""
    job = job_claim(job_id=job_id)
    if job is None:
        return None
    if job.kind != kind:
        return job_fail(job=job, message=f"A {job.kind} job cannot run as {kind}.")
    try:
        result = work(job)
    except transient:
        raise
    except DomainError as error:
        return job_fail(
            job=job,
            message=error.message,
            code=str(error.code),
            problems=error.extra.get("problems") or (),
        )
    except Exception:
        logger.exception("Job %s (%s) failed", job.pk, job.kind)
        return job_fail(job=job, message=UNEXPECTED)
    return job_finish(job=job, result=result)
