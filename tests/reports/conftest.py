"""Status reports of ``alpha`` (started 2026-01-05) on a fixed today, 2026-06-15: builds run
eagerly, their queueing after commit run by ``run_build``."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from programs.models import Job
from reports.services.builds import report_build_start
from tests.conftest import World

TODAY = date(2026, 6, 15)
BUILDERS = {
    "customer.program_manager",
    "customer.pmo_lead",
    "provider.program_manager",
    "provider.pmo_lead",
}
PM = "customer.program_manager"


@pytest.fixture(autouse=True)
def _today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("programs.limits.today", lambda: TODAY)


@pytest.fixture
def run_build(world: World, django_capture_on_commit_callbacks: Any) -> Callable[..., Job]:
    """Build ``period`` (a date) for ``user`` as the page would; the finished job."""

    def run(period: date = date(2026, 5, 1), user: str = PM) -> Job:
        with django_capture_on_commit_callbacks(execute=True):
            job = report_build_start(
                acting_user=world.user(user), program=world.program, period_start=period
            )
        job.refresh_from_db()
        return job

    return run
