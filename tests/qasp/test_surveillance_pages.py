"""The surveillance pages for every role of every party and the outsider: who reads, who
records and corrects, who rebuts; refusals change nothing."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from qasp.models import SurveillanceRecord
from tests.conftest import OUTSIDER, ROLE_MATRIX, World

from .conftest import CUSTOMER_EDITORS, PROVIDER_REBUTTERS, evaluator, record_month

USERS = [name for name, *_ in ROLE_MATRIX] + [OUTSIDER]


def _url(name: str, world: World, **kw: Any) -> str:
    return reverse(f"qasp:surveillance:{name}", kwargs={"code": world.program.code, **kw})


@pytest.mark.parametrize("username", USERS)
def test_every_member_reads_the_pages_and_the_outsider_none(
    world: World, record: SurveillanceRecord, username: str
) -> None:
    client = world.client(username)
    expected = 404 if username == OUTSIDER else 200
    for url in (
        _url("schedule", world),
        _url("log", world),
        _url("record", world, pk=record.pk),
    ):
        response = client.get(url)
        assert response.status_code == expected, url
        if expected == 200:
            assert response.context["program_section"] == "qasp"


@pytest.mark.parametrize("username", USERS)
def test_only_customer_editors_record_and_correct(
    world: World, record: SurveillanceRecord, username: str
) -> None:
    client = world.client(username)
    allowed = username in CUSTOMER_EDITORS
    assert client.get(_url("record-new", world)).status_code == (200 if allowed else 404)
    edit = _url("record-edit", world, pk=record.pk)
    assert client.get(edit).status_code == (200 if allowed else 404)
    response = client.post(
        edit,
        {
            "measured_value": "99.9",
            "evaluator": evaluator(world).pk,
            "recorded_on": "2026-06-10",
        },
    )
    record.refresh_from_db()
    if allowed:
        assert response.status_code == 302
        assert record.acceptable is True
    else:
        assert response.status_code == 404
        assert record.acceptable is False and record.measured_value == 98


def test_recording_shows_the_observed_value_and_verdict(world: World, qasp: Any) -> None:
    client = world.client("customer.program_manager")
    response = client.post(
        _url("record-new", world),
        {
            "standard_code": "PS-2",
            "period": "2026-01-01",
            "population": "5000",
            "sample_size": "200",
            "defects": "3",
            "evaluator": evaluator(world).pk,
            "recorded_on": "2026-04-06",
        },
        follow=True,
    )
    assert response.status_code == 200
    text = response.content.decode()
    assert "observed 1.5 %, not acceptable against At most 0.5 %" in text
    assert "Not acceptable" in text


def test_a_refusal_shows_beside_the_field_and_changes_nothing(world: World, qasp: Any) -> None:
    client = world.client("customer.program_manager")
    response = client.post(
        _url("record-new", world),
        {
            "standard_code": "PS-2",
            "period": "2026-01-01",
            "population": "100",
            "sample_size": "200",
            "defects": "3",
            "evaluator": evaluator(world).pk,
            "recorded_on": "2026-04-06",
        },
    )
    assert response.status_code == 400
    assert "larger than the population" in str(response.context["form"].errors["sample_size"])
    assert not SurveillanceRecord.objects.exists()


@pytest.mark.parametrize("username", USERS)
def test_provider_members_who_comment_rebut_once(
    world: World, record: SurveillanceRecord, username: str
) -> None:
    client = world.client(username)
    page = client.get(_url("record", world, pk=record.pk))
    allowed = username in PROVIDER_REBUTTERS
    if username != OUTSIDER:
        assert ("Send the rebuttal" in page.content.decode()) is allowed
    response = client.post(_url("record-rebut", world, pk=record.pk), {"rebuttal": "Planned."})
    record.refresh_from_db()
    if allowed:
        assert response.status_code == 302 and record.rebuttal == "Planned."
        again = client.post(_url("record-rebut", world, pk=record.pk), {"rebuttal": "More."})
        assert again.status_code == 400
        record.refresh_from_db()
        assert record.rebuttal == "Planned."
    else:
        assert response.status_code == 404 and record.rebuttal == ""


def test_the_schedule_reads_in_words(world: World, qasp: Any) -> None:
    record_month(world, 3)
    text = world.client("provider.viewer").get(_url("schedule", world)).content.decode()
    for words in ("Not acceptable", "Overdue", "Not yet due", "Q2 FY2026 (January to March 2026)"):
        assert words in text


def test_the_log_filters_by_verdict_and_standard(world: World, qasp: Any) -> None:
    record_month(world, 3, "98")
    record_month(world, 4, "99.9")
    client = world.client("customer.viewer")
    failing = client.get(_url("log", world), {"verdict": "not_acceptable"}).context["records"]
    assert [r.period.month for r in failing] == [3]
    assert client.get(_url("log", world), {"standard": "PS-2"}).context["records"] == []
