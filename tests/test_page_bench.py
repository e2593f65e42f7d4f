"""The page benchmark's own arithmetic and what it reads from pages (benchmarks/pages/);
the benchmark itself runs under gunicorn in ``make bench-pages``, never in the tests."""

from __future__ import annotations

import importlib
from typing import Any

import pytest
from django.urls import reverse

from .conftest import World

# By name, as the benchmarks are scripts (benchmarks/ is no package the type checker walks).
bench = importlib.import_module("benchmarks.pages")
api_lists, navigation_links = bench.api_lists, bench.navigation_links
percentile, target_ratio = bench.percentile, bench.target_ratio


def test_percentile_is_the_nearest_rank() -> None:
    latencies = [float(ms) for ms in range(100, 0, -1)]  # 100 values, not in order
    assert percentile(latencies, 50) == 50
    assert percentile(latencies, 99) == 99
    assert percentile(latencies, 100) == 100
    assert percentile([7.0, 3.0], 50) == 3
    assert percentile([7.0, 3.0], 99) == 7
    assert percentile([4.0], 99) == 4
    with pytest.raises(ValueError):
        percentile([], 50)


def test_navigation_links_come_from_the_programs_navigation_only() -> None:
    html = """
      <nav aria-label="Primary"><a href="/my-work/">My work</a></nav>
      <nav aria-label="Program alpha"><ul>
        <li><a href="/programs/alpha/">Overview</a></li>
        <li><a href="/programs/alpha/charter/#history">Charter</a></li>
        <li><a href="/programs/alpha/charter/">Charter again</a></li>
        <li><a href="https://example.org/guide">A guide</a></li>
        <li><a href="/programs/alpha/ivv/?status=open">Open findings</a></li>
      </ul></nav>
      <nav aria-label="Program beta"><a href="/programs/beta/">Beta</a></nav>
    """
    assert navigation_links(html, "alpha") == [
        "/programs/alpha/",
        "/programs/alpha/charter/",
        "/programs/alpha/ivv/?status=open",
    ]
    assert navigation_links(html, "gamma") == []


def test_navigation_links_of_a_rendered_workspace(world: World) -> None:
    page = world.client("customer.program_manager").get(f"/programs/{world.program.code}/")
    assert page.status_code == 200
    links = navigation_links(page.content.decode(), world.program.code)
    for name in ("programs:program-detail", "charter:charter", "pmp:raid:log", "schedule:home"):
        assert reverse(name, kwargs={"code": world.program.code}) in links
    assert reverse("reports_dashboard:program", kwargs={"code": world.program.code}) in links
    assert all(link.startswith(f"/programs/{world.program.code}/") for link in links)


def test_api_lists_are_the_programs_json_gets_without_an_id() -> None:
    json_answer: dict[str, Any] = {"200": {"content": {"application/json": {}}}}
    listing: dict[str, Any] = {
        "get": {"responses": json_answer, "parameters": [{"name": "page", "in": "query"}]}
    }
    schema: dict[str, Any] = {
        "paths": {
            "/api/programs/{code}/ivv/findings/": {**listing, "post": {}},
            "/api/programs/{code}/ivv/findings/{number}/": listing,
            "/api/programs/{code}/pmp/raid/import/": {"post": {}},
            "/api/programs/{code}/reports/dashboard/": {"get": {"responses": json_answer}},
            "/api/programs/{code}/charter/versions/compare/": {
                "get": {
                    "responses": json_answer,
                    "parameters": [{"name": "a", "in": "query", "required": True}],
                }
            },
            "/api/programs/{code}/schedule/export.xlsx": {
                "get": {"responses": {"200": {"content": {"application/vnd.ms-excel": {}}}}}
            },
            "/api/reports/portfolio/": {"get": {"responses": json_answer}},
        }
    }
    assert api_lists(schema, "drc-hr") == [
        "/api/programs/drc-hr/ivv/findings/",
        "/api/programs/drc-hr/reports/dashboard/",
    ]


def test_targets() -> None:
    assert target_ratio("/programs/drc-hr/") == 0.5
    assert target_ratio("/programs/drc-hr/dashboard/") == 0.5
    assert target_ratio("/programs/drc-hr/charter/") == 0.3
    assert target_ratio("/api/programs/drc-hr/ivv/findings/") == 0.3
    assert target_ratio("/accounts/login/") is None
    assert target_ratio("/reports/portfolio/") is None


def test_a_page_that_answers_errors_misses_its_target_whatever_its_speed() -> None:
    fast = bench.Load("/programs/drc-hr/charter/", (10.0, 12.0), seconds=0.01, errors=0)
    failing = bench.Load("/programs/drc-hr/charter/", (10.0, 12.0), seconds=0.01, errors=1)
    assert fast.per_second == 200
    assert bench.Row(fast, ratio=1.0, target=0.3).passed is True
    assert bench.Row(fast, ratio=0.2, target=0.3).passed is False
    assert bench.Row(failing, ratio=1.0, target=0.3).passed is False
    assert bench.Row(fast, ratio=1.0, target=None).passed is None
    assert "MISSED" in bench.table([bench.Row(failing, ratio=1.0, target=0.3)])
