"""The QASP's performance pages (scorecard, trend, open corrective action requests by age)
and the paged surveillance log for every role of every party and the outsider, with their
query counts constant however many standards or records."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from qasp.choices import CarStatus
from qasp.models import CorrectiveActionRequest
from tests.conftest import OUTSIDER, ROLE_MATRIX, World

from .conftest import TODAY, evaluator, record_month
from .factories import bulk_records, make_approved_qasp, monthly_standards

USERS = [name for name, *_ in ROLE_MATRIX] + [OUTSIDER]


def _url(name: str, world: World, **kw: Any) -> str:
    return reverse(f"qasp:performance:{name}", kwargs={"code": world.program.code, **kw})


@pytest.mark.parametrize("username", USERS)
def test_every_member_reads_the_pages_and_the_outsider_none(
    world: World, qasp: Any, username: str
) -> None:
    record_month(world, 3, "98")
    client = world.client(username)
    expected = 404 if username == OUTSIDER else 200
    for url in (
        _url("scorecard", world),
        _url("trend", world, standard="PS-1"),
        _url("cars-by-age", world),
    ):
        response = client.get(url)
        assert response.status_code == expected, url
        if expected == 200:
            assert response.context["program_section"] == "qasp"


def test_the_scorecard_reads_verdicts_in_words_with_a_symbol(world: World, qasp: Any) -> None:
    record_month(world, 3, "98")
    record_month(world, 4, "99.9")
    html = world.client("provider.viewer").get(_url("scorecard", world)).content.decode()
    assert "✗ </span>Not acceptable" in html
    assert "✓ </span>Acceptable" in html
    assert "! </span>Overdue" in html
    assert "Not yet recorded" in html
    assert "1 of 2" in html  # PS-1: one month met of two surveilled
    assert 'colspan="3"' in html  # PS-2's quarter over its months
    assert _url("trend", world, standard="PS-1") in html
    assert reverse("qasp:performance:cars-by-age", kwargs={"code": "alpha"}) in html


def test_a_long_plan_shows_twelve_months_with_earlier_and_later(world: World) -> None:
    make_approved_qasp(world.program, start=date(2024, 1, 1), end=date(2026, 12, 31))
    client = world.client("customer.viewer")
    latest = client.get(_url("scorecard", world))
    assert latest.context["shown"][0] == date(2025, 7, 1)
    assert latest.context["shown"][-1] == date(2026, 6, 1)
    assert latest.context["later"] is None
    assert latest.context["earlier"] == date(2024, 7, 1)
    assert "?from=2024-07" in latest.content.decode()
    first = client.get(_url("scorecard", world), {"from": "2024-01"})
    assert first.context["shown"][0] == date(2024, 1, 1)
    assert first.context["earlier"] is None
    assert first.context["later"] == date(2025, 1, 1)
    assert client.get(_url("scorecard", world), {"from": "nonsense"}).status_code == 200


def test_without_an_approved_qasp_the_scorecard_says_so(world: World) -> None:
    html = world.client("customer.viewer").get(_url("scorecard", world)).content.decode()
    assert "no approved QASP yet" in html


def test_the_trend_has_its_data_as_a_table_and_its_chart(world: World, qasp: Any) -> None:
    record_month(world, 3, "98")
    response = world.client("independent.ivv_agent").get(_url("trend", world, standard="PS-1"))
    html = response.content.decode()
    assert 'data-chart-table="trend-table"' in html
    assert 'id="trend-table"' in html
    assert "chartjs/chart.umd.min.js" in html and "qasp/trend-chart.js" in html
    assert 'data-verdict="not-acceptable"' in html
    assert "<strong>Not acceptable</strong>" in html


def test_an_unknown_standard_has_no_trend(world: World, qasp: Any) -> None:
    client = world.client("customer.viewer")
    assert client.get(_url("trend", world, standard="PS-9")).status_code == 404


def test_open_cars_by_age_list_each_request(world: World, qasp: Any) -> None:
    CorrectiveActionRequest.objects.create(
        program=world.program,
        number=7,
        status=CarStatus.ISSUED,
        standard_code="PS-1",
        standard_text="Availability",
        escalation_level="car",
        issued_on=TODAY - timedelta(days=45),
        description="Availability fell below the AQL.",
        response_due=TODAY - timedelta(days=31),
    )
    response = world.client("provider.program_manager").get(_url("cars-by-age", world))
    html = response.content.decode()
    assert "CAR-007" in html and "45 days" in html
    assert [len(b.cars) for b in response.context["buckets"]] == [0, 1, 0, 0]


def _count(client: Any, url: str) -> int:
    client.get(url)  # a first request fills per-process caches (content types, templates)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_scorecard_asks_as_many_queries_for_20_standards_as_for_2(
    world: World, django_assert_num_queries: Any
) -> None:
    client = world.client("customer.viewer")
    make_approved_qasp(world.program, rows=monthly_standards(2))
    bulk_records(world.program, evaluator(world), 5)
    few = _count(client, _url("scorecard", world))
    make_approved_qasp(world.program, rows=monthly_standards(20))
    bulk_records(world.program, evaluator(world), 110, first=5)
    with django_assert_num_queries(few):
        client.get(_url("scorecard", world))
    with django_assert_num_queries(_count(client, _url("trend", world, standard="PS-1"))):
        client.get(_url("trend", world, standard="PS-20"))


def test_the_log_asks_as_many_queries_for_50_records_as_for_5(
    world: World, qasp: Any, django_assert_num_queries: Any
) -> None:
    client = world.client("customer.viewer")
    url = reverse("qasp:surveillance:log", kwargs={"code": "alpha"})
    bulk_records(world.program, evaluator(world), 5, months=5)
    few = _count(client, url)
    bulk_records(world.program, evaluator(world), 45, months=5, first=5)
    with django_assert_num_queries(few):
        client.get(url)
    with django_assert_num_queries(few):
        client.get(url, {"verdict": "not_acceptable"})


def test_the_log_pages_fifty_records_keeping_its_filters(world: World, qasp: Any) -> None:
    bulk_records(world.program, evaluator(world), 120)
    client = world.client("provider.viewer")
    url = reverse("qasp:surveillance:log", kwargs={"code": "alpha"})
    first = client.get(url)
    assert len(first.context["records"]) == 50
    assert "Page 1 of 3" in first.content.decode()
    failing = client.get(url, {"verdict": "not_acceptable", "page": "1"})
    assert failing.context["page"].paginator.count == 40
    html = failing.content.decode()
    assert "?verdict=not_acceptable&amp;page=1" not in html
    assert "?verdict=not_acceptable" in html  # the exports and the pages keep the filter
    second = client.get(url, {"verdict": "not_acceptable", "page": "2"})
    assert len(second.context["records"]) == 0 or second.context["page"].number == 1
