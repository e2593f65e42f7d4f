"""The signatories' email goes through a real Redis broker and a real worker, as in
production, not in process.

Runs when ``REDIS_URL`` names a Redis server (CI sets it); the rest of the suite keeps
Celery eager.
"""

from __future__ import annotations

import os
import time
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from celery.contrib.testing.worker import start_worker
from celery.result import EagerResult
from celery.signals import task_postrun
from django.core import mail
from django.db import connections

from pmo_portal.celery import app
from programs.models import DocumentVersion
from programs.services import documents as document_services
from programs.tasks import notify_signatories

from .conftest import World
from .factories import make_charter

REDIS_URL = os.environ.get("REDIS_URL", "")

pytestmark = [
    pytest.mark.redis,
    pytest.mark.skipif(
        not REDIS_URL, reason="REDIS_URL is not set: no Redis broker to run a real worker on"
    ),
    pytest.mark.django_db(transaction=True),
]

# The signatories of alpha's customer and provider (sponsors and the Business Owner).
SIGNATORIES = (
    "customer.executive_sponsor",
    "customer.business_owner",
    "provider.executive_sponsor",
)


def _close_worker_connections(**kwargs: Any) -> None:
    # The worker thread has its own database connections; a connection left open would keep
    # the test database from being dropped.
    connections.close_all()


@pytest.fixture
def worker() -> Iterator[str]:
    """A worker on Redis consuming a queue of its own (so nothing else queued on the same
    server is taken), with results in Redis. Returns the queue name."""
    queue = f"pmo-test-{uuid.uuid4().hex[:12]}"
    overrides = {
        "task_always_eager": False,
        "broker_url": REDIS_URL,
        "result_backend": REDIS_URL,
        "task_default_queue": queue,
        # The worker must not take over the test run's logging.
        "worker_hijack_root_logger": False,
    }
    saved = {key: app.conf.get(key) for key in overrides}
    app.conf.update(overrides)
    _forget_connections()
    task_postrun.connect(_close_worker_connections, weak=False)
    try:
        with start_worker(app, perform_ping_check=False, pool="solo", queues=[queue]):
            yield queue
    finally:
        task_postrun.disconnect(_close_worker_connections)
        app.conf.update(saved)
        _forget_connections()


def _forget_connections() -> None:
    """Drop the broker pool, queues and result backend that Celery built (and caches) for the
    previous configuration, so the next message goes where the configuration now says."""
    state = vars(app)
    state["_pool"] = None
    state["_backend_cache"] = None
    state["_local"].__dict__.pop("backend", None)
    state.pop("amqp", None)


@pytest.fixture
def charter_in_review(world: World) -> DocumentVersion:
    """Alpha's charter in review, made while Celery is still eager (its own email is
    discarded)."""
    version = make_charter(
        world.program, state="draft", editor=world.user("customer.program_manager")
    )
    version = document_services.version_submit(
        acting_user=world.user("customer.program_manager"), version=version
    )
    mail.outbox.clear()
    return version


def expected_recipients(world: World) -> list[str]:
    return sorted(world.user(name).email for name in SIGNATORIES)


def test_worker_emails_signatories_through_redis(
    world: World, charter_in_review: DocumentVersion, worker: str
) -> None:
    result = notify_signatories.apply_async(args=(charter_in_review.pk,), queue=worker)

    assert not isinstance(result, EagerResult), "the task ran in process, not on the worker"
    assert result.get(timeout=30) == len(SIGNATORIES)
    assert sorted(r for m in mail.outbox for r in m.to) == expected_recipients(world)
    assert {m.subject for m in mail.outbox} == {"[alpha] Program Charter v1 awaits your signature"}


def test_submitting_for_review_queues_the_email_for_the_worker(world: World, worker: str) -> None:
    editor = world.user("customer.program_manager")
    version = make_charter(world.program, state="draft", editor=editor)

    document_services.version_submit(acting_user=editor, version=version)

    deadline = time.monotonic() + 30
    while len(mail.outbox) < len(SIGNATORIES) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert sorted(r for m in mail.outbox for r in m.to) == expected_recipients(world)
