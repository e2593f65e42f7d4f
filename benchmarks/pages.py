"""Every page of a program's navigation and every API list, served as in production.

    .venv/bin/python benchmarks/run.py pages                  # or: make bench-pages
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres make bench-pages

On a scratch database (a new SQLite file, or a PostgreSQL database ``pmo_bench_pages`` made
on the server ``DATABASE_URL`` names, dropped at the end), the benchmark migrates, seeds the
demo, collects the static files and starts ``gunicorn pmo_portal.wsgi`` with two workers on
127.0.0.1 (a free port in 8031-8039), DEBUG off and persistent database connections. It
signs in as the demo's customer program manager, collects the links of drc-hr's side
navigation from its workspace page and the API paths of drc-hr without an id from the
OpenAPI schema, and sends each page a fixed number of requests at a fixed concurrency
(``BENCH_PAGES_REQUESTS``, default 200; ``BENCH_PAGES_CONCURRENCY``, default 16). It prints
requests per second, the median and 99th percentile latency, and the ratio to the login
page's requests per second measured in the same run (before and after the others, averaged).

Targets, printed with a verdict and not yet met everywhere: every program page and API list
at least 0.3 times the login page; the program workspace and the dashboard at least 0.5.
"""

from __future__ import annotations

import concurrent.futures
import http.client
import json
import math
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PROGRAM = "drc-hr"
USERNAME, PASSWORD = "cust.pm", "pmo-demo-2026"
PORTS = range(8031, 8040)
SCRATCH_DATABASE = "pmo_bench_pages"
LOGIN = "/accounts/login/"
WORKSPACE = f"/programs/{PROGRAM}/"
DASHBOARD = f"/programs/{PROGRAM}/dashboard/"
OTHER_PAGES = ["/reports/portfolio/", "/my-work/"]


# -- the pure parts -----------------------------------------------------------------------


def percentile(values: list[float], q: float) -> float:
    """The nearest-rank ``q``-th percentile (0 < q <= 100): the smallest value that at least
    ``q`` per cent of the values do not exceed."""
    if not values:
        raise ValueError("no values")
    ordered = sorted(values)
    rank = max(1, math.ceil(q / 100 * len(ordered)))
    return ordered[min(rank, len(ordered)) - 1]


class _NavLinks(HTMLParser):
    def __init__(self, label: str) -> None:
        super().__init__()
        self.label = label
        self.depth = 0  # nav elements open inside the program's navigation, itself included
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "nav" and (self.depth or values.get("aria-label") == self.label):
            self.depth += 1
        elif tag == "a" and self.depth and values.get("href"):
            self.links.append(str(values["href"]))

    def handle_endtag(self, tag: str) -> None:
        if tag == "nav" and self.depth:
            self.depth -= 1


def navigation_links(html: str, code: str) -> list[str]:
    """The paths of the program's side navigation (``<nav aria-label="Program {code}">``) in
    a rendered page, in order, each once, without fragments or links to other sites."""
    parser = _NavLinks(f"Program {code}")
    parser.feed(html)
    paths: list[str] = []
    for href in parser.links:
        url = urllib.parse.urlsplit(href)
        if url.scheme or url.netloc or not url.path.startswith("/"):
            continue
        path = url.path + (f"?{url.query}" if url.query else "")
        if path not in paths:
            paths.append(path)
    return paths


def api_lists(schema: dict[str, Any], code: str) -> list[str]:
    """The API lists of one program in an OpenAPI schema: the GET paths whose only path
    parameter is the program's code, that need no query parameter (a comparison of two
    versions does) and answer JSON (not a file export)."""
    paths = []
    for template, operations in schema.get("paths", {}).items():
        get = operations.get("get")
        if get is None or not template.startswith("/api/programs/{code}/"):
            continue
        if set(re.findall(r"{(\w+)}", template)) != {"code"}:
            continue
        if any(p.get("in") == "query" and p.get("required") for p in get.get("parameters", [])):
            continue
        if "application/json" in get.get("responses", {}).get("200", {}).get("content", {}):
            paths.append(template.replace("{code}", code))
    return sorted(paths)


def target_ratio(path: str, code: str = PROGRAM) -> float | None:
    """The least share of the login page's requests per second a page should hold."""
    if path in (f"/programs/{code}/", f"/programs/{code}/dashboard/"):
        return 0.5
    if path.startswith((f"/programs/{code}/", f"/api/programs/{code}/")):
        return 0.3
    return None


# -- the load generator -------------------------------------------------------------------


@dataclass(frozen=True)
class Load:
    path: str
    latencies_ms: tuple[float, ...]
    seconds: float
    errors: int  # answers other than 200 (a refused connection counts too)

    @property
    def per_second(self) -> float:
        return len(self.latencies_ms) / self.seconds

    @property
    def p50(self) -> float:
        return percentile(list(self.latencies_ms), 50)

    @property
    def p99(self) -> float:
        return percentile(list(self.latencies_ms), 99)


def _request(
    connection: http.client.HTTPConnection, method: str, path: str, headers: dict[str, str]
) -> tuple[int, bytes, http.client.HTTPResponse]:
    try:
        connection.request(method, path, headers={"Host": "127.0.0.1", **headers})
        response = connection.getresponse()
    except (http.client.HTTPException, OSError):
        # The server closed a kept-alive connection (gunicorn's sync workers do after each
        # answer): once more on a new one.
        connection.close()
        connection.request(method, path, headers={"Host": "127.0.0.1", **headers})
        response = connection.getresponse()
    body = response.read()
    if response.getheader("Connection", "").lower() == "close":
        connection.close()
    return response.status, body, response


def drive(port: int, path: str, cookie: str, *, requests: int, concurrency: int) -> Load:
    """``requests`` GETs of ``path`` from ``concurrency`` threads, each on its own connection
    (kept alive where the server allows it: gunicorn's sync workers, as in production, close
    it after each answer), after a round of unmeasured requests."""
    local = threading.local()
    headers = {"Cookie": cookie} if cookie else {}
    connections: list[http.client.HTTPConnection] = []

    def one(_: int) -> tuple[float, int]:
        if not hasattr(local, "connection"):
            local.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            connections.append(local.connection)
            _request(local.connection, "GET", path, headers)
        start = time.perf_counter()
        try:
            status = _request(local.connection, "GET", path, headers)[0]
        except (http.client.HTTPException, OSError):
            status = 0
        return (time.perf_counter() - start) * 1000, status

    with concurrent.futures.ThreadPoolExecutor(concurrency) as pool:
        list(pool.map(one, range(concurrency)))  # every thread connected and warmed
        start = time.perf_counter()
        done = list(pool.map(one, range(requests)))
        seconds = time.perf_counter() - start
    for connection in connections:
        connection.close()
    return Load(path, tuple(ms for ms, _ in done), seconds, sum(1 for _, s in done if s != 200))


# -- the server ---------------------------------------------------------------------------


class _Cookies:
    def __init__(self) -> None:
        self.values: dict[str, str] = {}

    def take(self, response: http.client.HTTPResponse) -> None:
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            self.values[name.strip()] = rest.split(";", 1)[0]

    def header(self) -> str:
        return "; ".join(f"{k}={v}" for k, v in self.values.items())


def sign_in(port: int, username: str, password: str) -> str:
    """The Cookie header of a session signed in through the login form, CSRF token included."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    cookies = _Cookies()
    status, body, response = _request(connection, "GET", LOGIN, {})
    cookies.take(response)
    found = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body)
    if status != 200 or not found:
        raise RuntimeError(f"the login page answered {status} without a form")
    form = urllib.parse.urlencode(
        {"csrfmiddlewaretoken": found.group(1).decode(), "username": username, "password": password}
    )
    connection.request(
        "POST",
        LOGIN,
        body=form,
        headers={
            "Host": "127.0.0.1",
            "Cookie": cookies.header(),
            "Content-Type": "application/x-www-form-urlencoded",
        },
    )
    response = connection.getresponse()
    response.read()
    cookies.take(response)
    connection.close()
    if response.status != 302 or "sessionid" not in cookies.values:
        raise RuntimeError(f"signing in as {username} answered {response.status}, no session")
    return cookies.header()


def _free_port() -> int:
    for port in PORTS:
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError(f"no free port in {PORTS.start}-{PORTS.stop - 1}")


@contextmanager
def scratch_database(server_url: str) -> Iterator[tuple[str, str]]:
    """The URL of a new, empty database and its description; dropped or deleted on leaving."""
    if server_url.startswith(("postgres://", "postgresql://", "pgsql://")):
        import psycopg

        url = urllib.parse.urlsplit(server_url)
        conninfo = urllib.parse.urlunsplit(url._replace(scheme="postgresql"))
        scratch = urllib.parse.urlunsplit(url._replace(path=f"/{SCRATCH_DATABASE}"))

        def drop(create: bool) -> None:
            with psycopg.connect(conninfo, autocommit=True) as connection:
                connection.execute(f'DROP DATABASE IF EXISTS "{SCRATCH_DATABASE}" WITH (FORCE)')
                if create:
                    connection.execute(f'CREATE DATABASE "{SCRATCH_DATABASE}"')

        drop(create=True)
        try:
            yield scratch, f"PostgreSQL, scratch database {SCRATCH_DATABASE} on {url.hostname}"
        finally:
            drop(create=False)
    else:
        folder = tempfile.mkdtemp(prefix="pmo-bench-pages-")
        try:
            note = "SQLite (a scratch file; set DATABASE_URL to a PostgreSQL server to use it)"
            yield f"sqlite:///{folder}/pages.sqlite3", note
        finally:
            shutil.rmtree(folder, ignore_errors=True)


def _environment(database_url: str) -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "pmo_portal.settings",
        "DATABASE_URL": database_url,
        "DATABASE_CONN_MAX_AGE": "600",
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        # Plain http on the loopback interface: in production the proxy in front redirects.
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        # The per-person API limit (5,000 an hour) would refuse a benchmark's requests.
        "API_THROTTLE_USER": "1000000/hour",
        "EMAIL_URL": "memorymail://",
        "LOG_LEVEL": "ERROR",
    }


def _manage(env: dict[str, str], *args: str) -> None:
    done = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"manage.py {args[0]} failed: {done.stderr.strip()[-2000:]}")


@contextmanager
def gunicorn(env: dict[str, str], log: Path) -> Iterator[int]:
    """Gunicorn with two workers on a free port, stopped on leaving; yields the port once it
    answers."""
    port = _free_port()
    with log.open("wb") as output:
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "pmo_portal.wsgi:application",
                "--workers=2",
                f"--bind=127.0.0.1:{port}",
                "--log-level=warning",
            ],
            cwd=ROOT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        deadline = time.monotonic() + 60
        while True:
            if server.poll() is not None:
                raise RuntimeError(f"gunicorn stopped: {log.read_text()[-2000:]}")
            try:
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
                if _request(connection, "GET", LOGIN, {})[0] == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("gunicorn did not answer within 60 s")
            time.sleep(0.5)
        yield port
    finally:
        if server.poll() is None:
            os.killpg(server.pid, signal.SIGTERM)
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
                server.wait()


# -- the run ------------------------------------------------------------------------------


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


def measure_pages(server_url: str, *, requests: int, concurrency: int) -> tuple[str, list[Row]]:
    """The database used and a row for every page measured, the login page first and last."""
    with (
        scratch_database(server_url) as (database_url, database),
        tempfile.TemporaryDirectory(prefix="pmo-bench-pages-log-") as logs,
    ):
        env = _environment(database_url)
        print(
            f"pages: {database}; migrating, seeding the demo, collecting static files", flush=True
        )
        _manage(env, "migrate", "--noinput")
        _manage(env, "seed_demo")
        _manage(env, "collectstatic", "--noinput")
        with gunicorn(env, Path(logs) / "gunicorn.log") as port:
            cookie = sign_in(port, USERNAME, PASSWORD)
            status, html, _ = _request(
                http.client.HTTPConnection("127.0.0.1", port, timeout=60),
                "GET",
                WORKSPACE,
                {"Cookie": cookie},
            )
            status_schema, schema, _ = _request(
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
    url = os.environ.get("DATABASE_URL", "") if server_url is None else server_url
    # A stopped run (kill, Ctrl-C) still stops gunicorn and drops the scratch database.
    previous = signal.signal(signal.SIGTERM, _interrupt)
    try:
        database, rows = measure_pages(url, requests=requests, concurrency=concurrency)
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


if __name__ == "__main__":
    from run import report

    print(report(page_benchmark()))
