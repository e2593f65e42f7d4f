"""A worker killed in the middle of a build, with a real worker process on the real Redis:
no report after the kill, the job still running; the next worker completes it, exactly one
report afterwards. Runs when ``REDIS_URL`` names a Redis server (CI sets it)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

REDIS_URL = os.environ.get("REDIS_URL", "")

pytestmark = [
    pytest.mark.redis,
    pytest.mark.skipif(
        not REDIS_URL, reason="REDIS_URL is not set: no Redis broker to run a real worker on"
    ),
]


def test_a_worker_killed_mid_build_leaves_exactly_one_report(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL",)}
    done = subprocess.run(
        [sys.executable, "-m", "tests.reports.worker_kill", str(tmp_path), REDIS_URL],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=240,
        check=True,
    )
    outcome = json.loads(done.stdout.strip().splitlines()[-1])
    assert outcome["after_kill"] == {
        "reached_cost": True,
        "job": "running",
        "attempts": 1,
        "reports": 0,
    }
    assert outcome["final"] == {"job": "done", "attempts": 2, "reports": 1}
