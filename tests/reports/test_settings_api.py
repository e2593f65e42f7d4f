"""How a program reports, through the API: its Program Managers and PMO Leads of both parties
read and set it (a 404 for every other role and the outsider, nothing changed); the settings
service's rules refuse with their message and field."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from rest_framework.test import APIClient

from programs.models import AuditEvent, Job, Membership
from reports.models import ReportSettings
from tests.conftest import OUTSIDER, ROLE_MATRIX, World

from .conftest import BUILDERS, PM

USERS = [name for name, *_ in ROLE_MATRIX] + [OUTSIDER]
URL = "/api/programs/alpha/reports/settings/"


def _client(world: World, username: str = PM) -> APIClient:
    client = APIClient()
    client.force_authenticate(world.user(username))
    return client


def body(**values: Any) -> dict[str, Any]:
    return {
        "period_length": "monthly",
        "due_business_day": 7,
        "distribution_members": [],
        "outside_emails": ["omb.desk@omb.example"],
        **values,
    }


def saved() -> list[Any]:
    return list(ReportSettings.objects.values())


@pytest.mark.parametrize("username", USERS)
def test_every_role_reads_and_sets_or_gets_404(world: World, username: str) -> None:
    client = _client(world, username)
    read = client.get(URL)
    written = client.put(URL, body(), format="json")
    if username in BUILDERS:
        assert read.status_code == 200
        assert read.json() == {
            "period_length": "monthly",
            "due_business_day": 5,
            "distribution_members": [],
            "outside_emails": [],
            "agency_code": "",
            "agency_name": "",
            "current_uii": "",
            "investment_name": "",
            "project_id": "",
            "agency_project_id": "",
            "project_goal": "",
            "updated_at": None,
        }
        assert written.status_code == 200
        assert written.json()["due_business_day"] == 7
        assert written.json()["outside_emails"] == ["omb.desk@omb.example"]
        assert ReportSettings.objects.get().due_business_day == 7
        assert AuditEvent.objects.filter(target_type__model="reportsettings").count() == 1
    else:
        assert (read.status_code, written.status_code) == (404, 404)
        assert not ReportSettings.objects.exists()


def test_members_are_set_and_read_back(world: World) -> None:
    sponsor = Membership.objects.get(
        program=world.program, user=world.user("customer.executive_sponsor")
    )
    client = _client(world)
    answer = client.put(URL, body(distribution_members=[sponsor.pk]), format="json")
    assert answer.status_code == 200 and answer.json()["distribution_members"] == [sponsor.pk]
    again = client.get(URL).json()
    assert again["distribution_members"] == [sponsor.pk] and again["updated_at"]


def test_refusals_name_their_field_and_change_nothing(
    world: World, run_build: Callable[..., Job]
) -> None:
    client = _client(world)
    assert client.put(URL, body(), format="json").status_code == 200
    before = saved()
    other = Membership.objects.get(user=world.user(OUTSIDER))
    run_build()  # a report fixes the period length
    cases = [
        (
            body(outside_emails=["cio@agency.example", "the CIO"]),
            "outside_emails",
            "the CIO is not an email address; nothing was changed.",
        ),
        (
            body(distribution_members=[other.pk]),
            "distribution_members",
            "The distribution list names members of this program only.",
        ),
        (
            body(distribution_members=[999999]),
            "distribution_members",
            "The distribution list names members of this program only; 999999 is none.",
        ),
        (
            body(period_length="quarterly"),
            "period_length",
            "The period length is fixed once a report has been built.",
        ),
    ]
    for payload, field, message in cases:
        answer = client.put(URL, payload, format="json")
        assert answer.status_code == 400, payload
        assert (answer.json()["field"], answer.json()["detail"]) == (field, message)
        assert saved() == before
    invalid = client.put(URL, body(due_business_day=21), format="json")
    assert invalid.status_code == 400 and "due_business_day" in str(invalid.json())
    assert saved() == before


def test_the_it_dashboard_identifiers_are_set_and_kept_when_left_out(world: World) -> None:
    client = _client(world)
    given = client.put(URL, body(current_uii="023-000001234", agency_code="023"), format="json")
    assert given.status_code == 200, given.content
    assert (given.json()["current_uii"], given.json()["agency_code"]) == ("023-000001234", "023")
    kept = client.put(URL, body(due_business_day=9), format="json").json()
    assert (kept["current_uii"], kept["due_business_day"]) == ("023-000001234", 9)
    before = saved()
    refused = client.put(URL, body(current_uii="23-1234"), format="json")
    assert refused.status_code == 400
    assert refused.json()["field"] == "current_uii"
    assert "three-digit agency code" in refused.json()["detail"]
    assert saved() == before
