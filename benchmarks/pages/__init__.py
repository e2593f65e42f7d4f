"""Every page of a program's navigation and every API list, served as in production.

    .venv/bin/python benchmarks/run.py pages                  # or: make bench-pages
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres make bench-pages

On a scratch database (a new SQLite file, or a PostgreSQL database ``pmo_bench_pages`` made
on the server ``DATABASE_URL`` names, dropped at the end; ``BENCH_PAGES_DATABASE`` names
another), the benchmark migrates, seeds the demo, collects the static files and starts
``gunicorn pmo_portal.wsgi`` with two workers on 127.0.0.1 (a free port in 8031-8039, or in
``BENCH_PAGES_PORTS``, such as ``8041-8049``), DEBUG off and persistent database connections. It
signs in as the demo's customer program manager, collects the links of drc-hr's side
navigation from its workspace page and the API paths of drc-hr without an id from the
OpenAPI schema, and sends each page a fixed number of requests at a fixed concurrency
(``BENCH_PAGES_REQUESTS``, default 200; ``BENCH_PAGES_CONCURRENCY``, default 16;
``BENCH_PAGES_ONLY``, comma-separated parts of paths, measures only the paths with one). It prints
requests per second, the median and 99th percentile latency, and the ratio to the login
page's requests per second measured in the same run (before and after the others, averaged).

Targets, printed with a verdict and not yet met everywhere: every program page and API list
at least 0.3 times the login page; the program workspace and the dashboard at least 0.5.
"""

from __future__ import annotations

import http.client
import json
import os
import signal
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .load import (
    LOGIN,
    PROGRAM,
    Load,
    api_lists,
    drive,
    navigation_links,
    percentile,
    request,
    target_ratio,
)
from .server import gunicorn, manage, scratch_database, service_environment, sign_in

__all__ = ["Load", "Row", "api_lists", "navigation_links", "page_benchmark", "percentile"]
__all__ += ["table", "target_ratio"]

USERNAME, PASSWORD = "cust.pm", "pmo-demo-2026"
WORKSPACE = f"/programs/{PROGRAM}/"
OTHER_PAGES = ["/reports/portfolio/", "/my-work/"]


@dataclass(frozen=True)
class Row:
    load: Load
    ratio: float
    target: float | None

    @property
    def passed(self) -> bool | None:
        if self.load.errors:
            return False
        return None if self.target is None else self.ratio >= self.target


def measure_pages(
    server_url: str, *, requests: int, concurrency: int, only: tuple[str, ...] = ()
) -> tuple[str, list[Row]]:
    """The database used and a row for every page measured, the login page first and last;
    with ``only``, just the paths that contain one of its parts."""
    with (
        scratch_database(server_url) as (database_url, database),
        tempfile.TemporaryDirectory(prefix="pmo-bench-pages-log-") as logs,
    ):
        env = service_environment(database_url)
        print(
            f"pages: {database}; migrating, seeding the demo, collecting static files", flush=True
        )
        manage(env, "migrate", "--noinput")
        manage(env, "seed_demo")
        manage(env, "collectstatic", "--noinput")
        with gunicorn(env, Path(logs) / "gunicorn.log") as port:
            cookie = sign_in(port, USERNAME, PASSWORD)
            status, html, _ = request(
                http.client.HTTPConnection("127.0.0.1", port, timeout=60),
                "GET",
                WORKSPACE,
                {"Cookie": cookie},
            )
            status_schema, schema, _ = request(
                http.client.HTTPConnection("127.0.0.1", port, timeout=60),
                "GET",
                "/api/schema/?format=json",
                {"Cookie": cookie},
            )
            if status != 200 or status_schema != 200:
                raise RuntimeError(f"workspace answered {status}, the schema {status_schema}")
            pages = [
                *navigation_links(html.decode(), PROGRAM),
                *OTHER_PAGES,
                *api_lists(json.loads(schema), PROGRAM),
            ]
            if only:
                pages = [path for path in pages if any(part in path for part in only)]
            print(
                f"pages: {len(pages)} paths, {requests} requests each at {concurrency} at once",
                flush=True,
            )

            def run(path: str, signed_in: bool = True) -> Load:
                print(".", end="", flush=True)  # one a path: a long run shows it moves
                return drive(
                    port,
                    path,
                    cookie if signed_in else "",
                    requests=requests,
                    concurrency=concurrency,
                )

            before = run(LOGIN, signed_in=False)
            loads = [run(path) for path in dict.fromkeys(pages)]
            after = run(LOGIN, signed_in=False)
            print()
    reference = (before.per_second + after.per_second) / 2
    rows = [Row(load, load.per_second / reference, None) for load in (before,)]
    rows += [Row(x, x.per_second / reference, target_ratio(x.path)) for x in loads]
    rows.append(Row(after, after.per_second / reference, None))
    return database, rows


def table(rows: list[Row]) -> str:
    width = max(len(row.load.path) for row in rows)
    lines = [
        f"{'path':<{width}} {'req/s':>7} {'p50 ms':>7} {'p99 ms':>7} {'x login':>7} "
        f"{'target':>7}  {'errors':>6}  verdict"
    ]
    for row in rows:
        load = row.load
        target = f"{row.target:.1f}" if row.target is not None else "-"
        verdict = {True: "ok", False: "MISSED", None: "reference" if load.path == LOGIN else ""}
        lines.append(
            f"{load.path:<{width}} {load.per_second:>7.1f} {load.p50:>7.0f} {load.p99:>7.0f} "
            f"{row.ratio:>7.2f} {target:>7}  {load.errors:>6}  {verdict[row.passed]}"
        )
    return "\n".join(lines)


def _interrupt(signum: int, frame: Any) -> None:
    raise KeyboardInterrupt


def page_benchmark(server_url: str | None = None) -> list[Any]:
    """The rows of ``benchmarks/run.py``'s report, after printing the full table."""
    from run import Result, Timings

    requests = int(os.environ.get("BENCH_PAGES_REQUESTS", "200"))
    concurrency = int(os.environ.get("BENCH_PAGES_CONCURRENCY", "16"))
    only = tuple(part for part in os.environ.get("BENCH_PAGES_ONLY", "").split(",") if part)
    url = os.environ.get("DATABASE_URL", "") if server_url is None else server_url
    # A stopped run (kill, Ctrl-C) still stops gunicorn and drops the scratch database.
    previous = signal.signal(signal.SIGTERM, _interrupt)
    try:
        database, rows = measure_pages(url, requests=requests, concurrency=concurrency, only=only)
    finally:
        signal.signal(signal.SIGTERM, previous)
    print(f"pages under gunicorn (2 workers), {database}:\n{table(rows)}\n")
    return [
        Result(
            row.load.path,
            Timings((), ()),
            passed=row.passed,
            note=f"{row.load.per_second:.0f} req/s, {row.ratio:.2f}x login"
            + (f" (target {row.target:.1f}x)" if row.target is not None else "")
            + (f", {row.load.errors} errors" if row.load.errors else ""),
        )
        for row in rows
    ]
