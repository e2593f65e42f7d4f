"""Issue 15: status reports of 100 programs built in under 60 s by two Celery worker
processes on a real Redis broker and PostgreSQL.

    .venv/bin/python benchmarks/reports_build.py [redis url] [postgres url of a scratch database]

Defaults: redis://127.0.0.1:6379/0 and postgres://postgres@127.0.0.1:5432/pmo_reports_bench
(created and dropped by the run). It migrates the scratch database, makes 100 programs each
with the sample schedule agreed as a baseline, three RAID risks and an IV&V finding, starts
two ``celery worker`` processes (``--concurrency=1``) on a queue of its own, queues one build
per program and prints the wall time from the first queued build to the last done job, and
the builds per second. Timings are printed, never asserted."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import uuid
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PROGRAMS = 100
TARGET_SECONDS = 60.0
WORKERS = 2


def _database(url: str, action: str) -> None:
    import psycopg

    base, name = url.rsplit("/", 1)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        if action == "create":
            connection.execute(f'CREATE DATABASE "{name}"')


def _setup(queue: str) -> Any:
    import django

    django.setup()
    from pmo_portal.celery import app

    app.conf.task_default_queue = queue
    return app


def _programs() -> list[tuple[Any, Any]]:
    from programs.choices import Party, Role
    from tests.factories import make_member, make_program
    from tests.schedule.factories import make_schedule

    made = []
    for n in range(PROGRAMS):
        program = make_program(f"bench-{n:03d}")
        pm = make_member(program, f"pm{n}", Party.CUSTOMER, Role.PROGRAM_MANAGER)
        provider = make_member(program, f"ppm{n}", Party.PROVIDER, Role.PROGRAM_MANAGER)
        make_schedule(program, provider.user)
        _raid(program, pm.user)
        made.append((program, pm.user))
    return made


def _raid(program: Any, user: Any) -> None:
    from pmp.services.raid import item_create

    for score in (2, 3, 4):
        item_create(
            acting_user=user,
            program=program,
            kind="risk",
            title=f"Risk scoring {score * score}",
            owner_party="customer",
            raised_on=date(2026, 5, 4),
            category="data",
            cause="Legacy payroll codes have no mapping.",
            effect="Go-live slips a pay period.",
            response_strategy="mitigate",
            inherent_probability=score,
            inherent_impact=score,
            on_status_report=True,
        )


def main() -> None:
    redis_url = sys.argv[1] if len(sys.argv) > 1 else "redis://127.0.0.1:6379/0"
    db_url = (
        sys.argv[2] if len(sys.argv) > 2 else "postgres://postgres@127.0.0.1:5432/pmo_reports_bench"
    )
    queue = f"pmo-bench-{uuid.uuid4().hex[:12]}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "pmo_portal.settings",
        "DATABASE_URL": db_url,
        "CELERY_BROKER_URL": redis_url,
        "CELERY_RESULT_BACKEND": redis_url,
        "CELERY_TASK_ALWAYS_EAGER": "false",
        "EMAIL_URL": "consolemail://",
    }
    os.environ.update(env)
    _database(db_url, "create")
    workers: list[subprocess.Popen[bytes]] = []
    try:
        _setup(queue)
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        from programs.models import Job
        from reports.services.builds import report_build_start

        started = time.monotonic()
        made = _programs()
        print(f"set up {PROGRAMS} programs in {time.monotonic() - started:.1f} s")
        workers = [
            subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "celery",
                    "-A",
                    "pmo_portal",
                    "worker",
                    "-Q",
                    queue,
                    "--concurrency=1",
                    "--loglevel=WARNING",
                    "--without-mingle",
                    "--without-gossip",
                    "-n",
                    f"bench{i}@%h",
                ],
                cwd=ROOT,
                env=env,
            )
            for i in range(WORKERS)
        ]
        time.sleep(5)  # both workers up and consuming before the clock starts
        started = time.monotonic()
        for program, user in made:
            report_build_start(acting_user=user, program=program, period_start=date(2026, 5, 1))
        queued = time.monotonic() - started
        while Job.objects.exclude(status__in=("done", "failed")).exists():
            time.sleep(0.1)
        seconds = time.monotonic() - started
        failed = Job.objects.filter(status="failed").count()
        verdict = "met" if seconds < TARGET_SECONDS else "MISSED"
        print(
            f"{PROGRAMS} status reports built by {WORKERS} workers in {seconds:.1f} s "
            f"(queued in {queued:.1f} s; {PROGRAMS / seconds:.1f} a second; {failed} failed); "
            f"target under {TARGET_SECONDS:.0f} s: {verdict}"
        )
    finally:
        for worker in workers:
            worker.terminate()
        for worker in workers:
            worker.wait(30)
        from django.db import connections

        connections.close_all()
        _database(db_url, "drop")


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    main()
