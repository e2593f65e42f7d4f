"""The schedule import job runs on a real Celery worker through Redis, as in production: the
request stores the file and queues the job; the worker imports it and the job row tells the
page it is done.

Runs when ``REDIS_URL`` names a Redis server (CI sets it); the rest of the suite keeps
Celery eager.
"""

from __future__ import annotations

import io
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from programs.choices import JobStatus
from programs.models import Job
from schedule.models import Schedule
from tests import test_celery_redis
from tests.conftest import World

from .factories import DEMO_FILE_NAME, demo_mspdi

pytestmark = [
    pytest.mark.redis,
    pytest.mark.skipif(
        not test_celery_redis.REDIS_URL,
        reason="REDIS_URL is not set: no Redis broker to run a real worker on",
    ),
    pytest.mark.django_db(transaction=True),
]

worker = test_celery_redis.worker  # a worker on Redis consuming a queue of its own


def test_the_import_job_completes_on_the_worker(world: World, worker: str) -> None:
    client = Client()
    client.force_login(world.user("provider.program_manager"))
    upload = io.BytesIO(demo_mspdi())
    upload.name = DEMO_FILE_NAME

    response = client.post("/programs/alpha/schedule/import/", {"file": upload})

    job = Job.objects.get()
    # Not run in the request: the page follows the job while the worker imports it.
    assert response.status_code == 302 and response["Location"] == job.get_absolute_url()
    deadline = time.monotonic() + 60
    while not job.finished and time.monotonic() < deadline:
        time.sleep(0.1)
        job.refresh_from_db()
    assert job.status == JobStatus.DONE, (job.status, job.step, job.error_message)
    assert job.attempts == 1
    assert [step for _, step in job.steps][-1] == "Done"
    assert Schedule.objects.get(program=world.program).tasks.count() == 37
    assert not [p for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file()]
    page = client.get(job.get_absolute_url()).content.decode()
    assert f"Imported {DEMO_FILE_NAME}: 37 tasks and 39 dependencies" in page
