"""A job runs its work once: done with the result, failed with the person's message or with
"nothing was changed", and an error of a transient kind passes up for the task to retry,
the job left running until a later run finishes it."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import OperationalError

from programs.choices import JobStatus
from programs.errors import DomainError
from programs.models import Job
from programs.services.jobs import UNEXPECTED, job_create, job_run
from tests.conftest import World

KIND = "example"


def _job(world: World) -> Job:
    job, _created = job_create(
        acting_user=world.user("customer.program_manager"),
        program=world.program,
        kind=KIND,
        key=f"{world.program.code}:example",
        title="An example job",
    )
    return job


def _database_trouble(job: Job) -> dict[str, Any]:
    raise OperationalError("database is locked")


def test_a_transient_error_passes_up_and_a_later_run_finishes_the_job(world: World) -> None:
    job = _job(world)
    with pytest.raises(OperationalError):
        job_run(job_id=job.pk, kind=KIND, work=_database_trouble, transient=(OperationalError,))
    job.refresh_from_db()
    assert (job.status, job.attempts, job.error_message) == (JobStatus.RUNNING, 1, "")
    done = job_run(job_id=job.pk, kind=KIND, work=lambda j: {"made": 1})
    assert done is not None
    assert (done.status, done.attempts, done.result) == (JobStatus.DONE, 2, {"made": 1})
    assert job_run(job_id=job.pk, kind=KIND, work=_database_trouble) is None  # finished


def test_without_transient_the_same_error_fails_the_job(world: World) -> None:
    failed = job_run(job_id=_job(world).pk, kind=KIND, work=_database_trouble)
    assert failed is not None
    assert (failed.status, failed.error_message) == (JobStatus.FAILED, UNEXPECTED)


def test_a_refusal_fails_the_job_with_its_message_even_among_transient_kinds(
    world: World,
) -> None:
    def refused(job: Job) -> dict[str, Any]:
        raise DomainError("The period has not ended yet.", field="period")

    failed = job_run(job_id=_job(world).pk, kind=KIND, work=refused, transient=(OperationalError,))
    assert failed is not None
    assert (failed.status, failed.error_message) == (
        JobStatus.FAILED,
        "The period has not ended yet.",
    )
