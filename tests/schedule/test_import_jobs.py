"""The schedule import as a job: queued by the request, run once by the Celery task (eager
here), each step recorded, the stored file deleted; a bad file leaves the job failed with every
located problem on its page and nothing imported; the page polls with htmx until the job has
finished."""

from __future__ import annotations

import io
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.files.storage import default_storage
from rest_framework.test import APIClient

from programs.choices import JobStatus
from programs.models import AuditEvent, Job
from programs.services.jobs import job_advance, job_claim, job_create, job_finish
from schedule.engine.model import Link
from schedule.interchange.mspdi import read_mspdi, write_mspdi
from schedule.models import Schedule
from schedule.services.compute import compute_data
from schedule.services.imports import import_job_start
from schedule.tasks import import_schedule
from tests.conftest import World

from .factories import DEMO_FILE_NAME, demo_mspdi

PM = "provider.program_manager"
HTMX = {"HX-Request": "true"}


class Upload:
    """A file as the pages and the API hand it to the service."""

    def __init__(self, content: bytes) -> None:
        self.content = content

    def read(self) -> bytes:
        return self.content


def start(world: World, content: bytes, name: str = DEMO_FILE_NAME, **kwargs: Any) -> Job:
    return import_job_start(
        acting_user=world.user(PM),
        program=world.program,
        file=Upload(content),  # type: ignore[arg-type]
        filename=name,
        **kwargs,
    )


def stored_files() -> list[Path]:
    return [p for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file()]


def test_a_job_runs_to_done_recording_each_step(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True) as queued:
        job = start(world, demo_mspdi())
        # Stored under MEDIA_ROOT until the job has read it; queued once the request commits.
        assert default_storage.exists(job.params["path"])
        assert job.status == JobStatus.QUEUED and job.steps[0][1] == "Queued"
    assert len(queued) == 1
    job.refresh_from_db()
    assert job.status == JobStatus.DONE
    assert [step for _, step in job.steps] == [
        "Queued",
        "Started",
        f"Reading {DEMO_FILE_NAME}",
        "Computing and saving 37 tasks and 39 dependencies",
        "Saved",
        "Done",
    ]
    assert (job.done_count, job.total_count, job.attempts) == (3, 3, 1)
    assert job.result["schedule"]["tasks"] == 37
    assert job.result["url"] == "/programs/alpha/schedule/tasks/"
    assert job.started_at and job.finished_at and job.finished_at >= job.started_at
    assert Schedule.objects.get(program=world.program).tasks.count() == 37
    assert stored_files() == []

    # A redelivered task does nothing: the job has finished.
    events = AuditEvent.objects.count()
    assert import_schedule.apply(args=(job.pk,)).get() is None
    assert AuditEvent.objects.count() == events
    job.refresh_from_db()
    assert job.attempts == 1

    page = world.client("customer.viewer").get(job.get_absolute_url()).content.decode()
    assert "Imported drc-hr-ims.xml: 37 tasks and 39 dependencies" in page
    assert "6 responsible person(s) in the file are not members" in page
    assert 'hx-trigger="every' not in page  # finished: no polling


def test_a_failing_import_leaves_the_job_failed_with_located_problems(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    content = demo_mspdi()
    truncated = content[: len(content) // 2]
    with django_capture_on_commit_callbacks(execute=True):
        job = start(world, truncated, "broken.xml")
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert job.error_code == "import_invalid"
    assert job.error_message == "broken.xml was not imported; nothing was changed."
    assert job.error_problems and all(p["location"].startswith("line ") for p in job.error_problems)
    assert [step for _, step in job.steps][-2:] == ["Reading broken.xml", "Failed"]
    assert not Schedule.objects.filter(program=world.program).exists()
    assert stored_files() == []

    response = world.client("customer.viewer").get(job.get_absolute_url())
    page = response.content.decode()
    assert response.status_code == 200
    assert "broken.xml was not imported; nothing was changed." in page
    for problem in job.error_problems:
        assert problem["location"] in page
    assert 'href="/programs/alpha/schedule/import/"' in page  # try again


def test_an_import_the_engine_refuses_fails_with_the_tasks_named(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    """A file that parses but loops: the engine's problems reach the job page too."""
    data = read_mspdi(demo_mspdi(), source=DEMO_FILE_NAME)
    first, last = data.records[1].task.uid, data.records[-1].task.uid
    looped = replace(data, links=(*data.links, Link(predecessor=last, successor=first)))
    content = write_mspdi(looped, compute_data(data))
    with django_capture_on_commit_callbacks(execute=True):
        job = start(world, content, "loop.xml")
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert job.error_code == "schedule_invalid"
    assert job.error_problems
    assert not Schedule.objects.filter(program=world.program).exists()


def test_the_same_form_posted_twice_is_one_job(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        first = start(world, demo_mspdi(), request_key="form-1")
    with django_capture_on_commit_callbacks(execute=True) as queued:
        again = start(world, demo_mspdi(), request_key="form-1", replace=True)
        same = start(world, demo_mspdi(), request_key="form-1", replace=True)
    assert again.pk != first.pk and same.pk == again.pk
    assert len(queued) == 1
    assert Job.objects.count() == 2
    assert stored_files() == []


def test_the_page_polls_a_running_job_until_it_has_finished(world: World) -> None:
    job, _ = job_create(
        acting_user=world.user(PM),
        program=world.program,
        kind="schedule_import",
        key="test:1",
        title="Import of big.xml",
        total=3,
    )
    client = world.client("independent.ivv_agent")
    page = client.get(job.get_absolute_url()).content.decode()
    assert "<h1>Import of big.xml</h1>" in page
    assert f'hx-get="{job.get_absolute_url()}" hx-trigger="every 1s"' in page
    assert "Queued" in page and "0 of 3 (0%)" in page

    claimed = job_claim(job_id=job.pk)
    assert claimed is not None
    job_advance(job=claimed, step="Reading big.xml", done=1)
    partial = client.get(job.get_absolute_url(), headers=HTMX).content.decode()
    assert partial.lstrip().startswith('<div id="job-status"')
    assert "<h1>" not in partial  # the partial alone, swapped in place
    assert "Running</strong>: Reading big.xml" in partial and "1 of 3 (33%)" in partial
    assert 'hx-trigger="every 1s"' in partial

    job_finish(job=claimed, result={"message": "Imported big.xml.", "url": "/x/"})
    partial = client.get(job.get_absolute_url(), headers=HTMX).content.decode()
    assert "Imported big.xml." in partial and 'href="/x/"' in partial
    assert "hx-trigger" not in partial
    assert job_claim(job_id=job.pk) is None  # finished: never run again


@pytest.mark.django_db(transaction=True)
def test_the_api_answers_202_and_the_job_tells_its_outcome(world: World) -> None:
    client = APIClient()
    client.force_authenticate(world.user(PM))
    stream = io.BytesIO(demo_mspdi())
    stream.name = DEMO_FILE_NAME
    response = client.post(
        "/api/programs/alpha/schedule/import/",
        {"file": stream},
        format="multipart",
        HTTP_IDEMPOTENCY_KEY="upload-7",
    )
    assert response.status_code == 202
    body = response.json()
    assert body["status"] == "done" and body["result"]["schedule"]["tasks"] == 37
    assert Job.objects.get().key.split(":")[3] == "upload-7"
    refused = client.post(
        "/api/programs/alpha/schedule/import/",
        {"file": stream, "replace": True},
        format="multipart",
        HTTP_IDEMPOTENCY_KEY="not a key!",
    )
    assert refused.status_code == 400 and refused.json()["field"] == "Idempotency-Key"
