"""What the page benchmark reads from pages and the schema, its arithmetic, and its load
generator: plain Python, no Django."""

from __future__ import annotations

import concurrent.futures
import http.client
import math
import re
import threading
import time
import urllib.parse
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Any

PROGRAM = "drc-hr"
LOGIN = "/accounts/login/"


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


def request(
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
            request(local.connection, "GET", path, headers)
        start = time.perf_counter()
        try:
            status = request(local.connection, "GET", path, headers)[0]
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
