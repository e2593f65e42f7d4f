"""The page benchmark's server: a scratch database, the demo seeded on it, and gunicorn
serving it as in production."""

from __future__ import annotations

import http.client
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .load import LOGIN, request

ROOT = Path(__file__).resolve().parent.parent.parent


def _ports(spelled: str) -> range:
    first, _, last = spelled.partition("-")
    return range(int(first), int(last or first) + 1)


# Two runs at once (two checkouts) each set their own ports and scratch database.
PORTS = _ports(os.environ.get("BENCH_PAGES_PORTS", "8031-8039"))
SCRATCH_DATABASE = os.environ.get("BENCH_PAGES_DATABASE", "pmo_bench_pages")


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
    status, body, response = request(connection, "GET", LOGIN, {})
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


def service_environment(database_url: str) -> dict[str, str]:
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


def manage(env: dict[str, str], *args: str) -> None:
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
                if request(connection, "GET", LOGIN, {})[0] == 200:
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
