"""A status report build on a real Celery worker process over a real Redis broker, the worker
killed (SIGKILL) in the middle of the build, then a second worker.

Run as ``python -m tests.reports.worker_kill <work dir> <redis url>`` in a fresh process (the
settings read ``DATABASE_URL`` and ``CELERY_BROKER_URL`` once): it migrates a SQLite file in
the work dir, makes a program and its customer Program Manager, starts a worker whose cost
source hangs (after leaving a marker file), queues a build, kills the worker once the build
has reached the cost, then starts a healthy worker, and prints as JSON the job and the number
of reports after the kill and at the end. tests/reports/test_worker_kill.py asserts on that.
With ``worker <queue> <slow>`` it is the worker itself.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import uuid
from datetime import date
from pathlib import Path
from typing import Any

VISIBILITY_SECONDS = 3  # an unacknowledged delivery goes back to the queue after this


def _environment(workdir: Path, redis_url: str) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{workdir / 'kill.sqlite3'}",
        "CELERY_BROKER_URL": redis_url,
        "CELERY_RESULT_BACKEND": redis_url,
        "CELERY_TASK_ALWAYS_EAGER": "false",
        "REPORTS_KILL_MARKER": str(workdir / "reading-cost"),
    }


def _configure(queue: str) -> Any:
    import django

    django.setup()
    from pmo_portal.celery import app

    app.conf.task_default_queue = queue
    app.conf.broker_transport_options = {
        "visibility_timeout": VISIBILITY_SECONDS,
        # Kombu looks for expired deliveries when the worker starts and then only every
        # interval x throttle seconds (100 by default): the second worker may start before
        # the killed delivery has expired, so it must look again every second.
        "unacked_restore_interval": 1,
        "unacked_restore_throttle": 1,
        # The unacknowledged index and its lock are kept apart from every other worker on
        # the same Redis (other tests' workers run beside this one).
        "global_keyprefix": f"{queue}:",
    }
    return app


def worker(queue: str, slow: bool) -> None:
    app = _configure(queue)
    if slow:
        from reports.sections import cost

        def hangs(ctx: Any) -> dict[str, Any]:
            Path(os.environ["REPORTS_KILL_MARKER"]).write_text("reading the cost")
            time.sleep(120)
            raise RuntimeError("not killed")

        cost.read = hangs
    app.worker_main(
        [
            "worker",
            "-Q",
            queue,
            "--pool=solo",
            "--loglevel=WARNING",
            "--without-heartbeat",
            "--without-mingle",
            "--without-gossip",
        ]
    )


def _start_worker(env: dict[str, str], queue: str, slow: bool) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "tests.reports.worker_kill", "worker", queue, "1" if slow else "0"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def _wait(check: Any, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.2)
    return False


def drive(workdir: Path, redis_url: str) -> dict[str, Any]:
    env = _environment(workdir, redis_url)
    os.environ.update(env)
    queue = f"pmo-kill-{uuid.uuid4().hex[:12]}"
    _configure(queue)
    from django.core.management import call_command
    from django.db import connections

    from programs import limits
    from programs.choices import Party, Role
    from programs.models import Job
    from reports.models import StatusReport
    from reports.services.builds import report_build_start
    from tests.factories import make_member, make_program

    call_command("migrate", verbosity=0)
    program = make_program("alpha")
    pm = make_member(program, "customer.program_manager", Party.CUSTOMER, Role.PROGRAM_MANAGER)
    limits.today = lambda: date(2026, 6, 15)
    marker = Path(env["REPORTS_KILL_MARKER"])

    def state() -> dict[str, Any]:
        connections.close_all()
        job = Job.objects.get()
        return {
            "job": str(job.status),
            "attempts": job.attempts,
            "reports": StatusReport.objects.count(),
        }

    first = _start_worker(env, queue, slow=True)
    second = None
    try:
        report_build_start(acting_user=pm.user, program=program, period_start=date(2026, 5, 1))
        reached = _wait(marker.exists, 60)
        first.send_signal(signal.SIGKILL)
        first.wait(10)
        after_kill = {"reached_cost": reached, **state()}
        second = _start_worker(env, queue, slow=False)
        _wait(lambda: state()["job"] in ("done", "failed"), 90)
        return {"after_kill": after_kill, "final": state()}
    finally:
        for process in (first, second):
            if process is not None and process.poll() is None:
                process.terminate()
                process.wait(10)


if __name__ == "__main__":
    if sys.argv[1] == "worker":
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pmo_portal.settings")
        worker(sys.argv[2], sys.argv[3] == "1")
    else:
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pmo_portal.settings")
        print(json.dumps(drive(Path(sys.argv[1]), sys.argv[2])))
