"""The funding and earned value settings API for every role of every party and an outsider:
those who do not see costs get 404 everywhere (no amount is sent); only the customer's editors
who see costs write funding, only the managers of either party the settings; a refused write
changes nothing."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from pmp.models import ControlAccount, EarnedValueSettings, FundingDocument, FundingModification
from programs.models import AuditEvent
from tests.conftest import World
from tests.schedule.test_earned_value import agree, loaded_schedule

from .funding_data import document, report
from .test_cost_settings_pages import MANAGERS
from .test_funding import MAY_CHANGE, known_funding
from .test_funding_pages import EVERYONE, SEE_COSTS

API = "/api/programs/alpha/pmp"
DOC = {
    "number": "IAA-2027-09",
    "title": "Data conversion",
    "fiscal_year": 2027,
    "obligated": "12345.67",
    "performance_start": "2026-10-01",
    "performance_end": "2027-09-30",
}


def client(world: World, username: str) -> APIClient:
    api = APIClient()
    api.force_authenticate(world.user(username))
    return api


@pytest.mark.parametrize("username", EVERYONE)
def test_reads_for_every_role(world: World, username: str) -> None:
    known_funding(world)
    doc = FundingDocument.objects.get(number="IAA-2027-01")
    mod = doc.modifications.get()
    api = client(world, username)
    urls = [
        f"{API}/funding/documents/",
        f"{API}/funding/documents/{doc.pk}/",
        f"{API}/funding/documents/{doc.pk}/modifications/",
        f"{API}/funding/documents/{doc.pk}/modifications/{mod.pk}/",
        f"{API}/funding/summary/",
        f"{API}/cost/settings/",
        f"{API}/cost/control-accounts/",
    ]
    for url in urls:
        response = api.get(url)
        assert response.status_code == (200 if username in SEE_COSTS else 404), url
    if username in SEE_COSTS:
        summary = api.get(f"{API}/funding/summary/").json()
        assert summary["obligated"] == "85000.00" and summary["expended"] == "11000.00"
        assert summary["burn_rate"] == "2333.33" and summary["months_left"] == "31.7"
        assert summary["budget_at_completion"] == "100000.00"
        assert summary["management_reserve"] == "7500.00"
        assert [(y["fiscal_year"], y["obligated"], y["expended"]) for y in summary["years"]] == [
            (2026, "40000.00", "6500.00"),
            (2027, "45000.00", "4500.00"),
        ]
        listed = api.get(f"{API}/funding/documents/").json()["results"]
        assert [(d["number"], d["total_obligated"]) for d in listed] == [
            ("IAA-2026-01", "40000.00"),
            ("IAA-2027-01", "45000.00"),
        ]
        assert listed[1]["modifications"][0]["amount"] == "-5000.00"


@pytest.mark.parametrize("username", EVERYONE)
def test_funding_writes_for_every_role(world: World, username: str) -> None:
    doc = document(world)
    mod = FundingModification.objects.create(
        document=doc, number="P00001", effective_on=date(2027, 1, 1), amount=Decimal("-100.00")
    )
    api = client(world, username)
    events = AuditEvent.objects.count()
    allowed = username in MAY_CHANGE
    mods = f"{API}/funding/documents/{doc.pk}/modifications/"
    calls: list[tuple[str, str, dict[str, Any], int]] = [
        ("post", f"{API}/funding/documents/", DOC, 201),
        ("put", f"{API}/funding/documents/{doc.pk}/", {**DOC, "number": "IAA-2027-01"}, 200),
        ("post", mods, {"number": "P2", "effective_on": "2027-02-01", "amount": "5.00"}, 201),
        (
            "put",
            f"{mods}{mod.pk}/",
            {"number": "P00001", "effective_on": "2027-01-01", "amount": "-1.00"},
            200,
        ),
        ("delete", f"{mods}{mod.pk}/", {}, 204),
        ("delete", f"{API}/funding/documents/{doc.pk}/", {}, 204),
    ]
    for method, url, data, success in calls:
        response = getattr(api, method)(url, data, format="json")
        if allowed:
            assert response.status_code == success, (url, response.content)
        else:
            assert response.status_code in (403, 404), (url, response.content)
            assert b"$" not in response.content or username in SEE_COSTS
    if allowed:
        assert list(FundingDocument.objects.values_list("number", flat=True)) == ["IAA-2027-09"]
        assert AuditEvent.objects.count() == events + 6
    else:
        assert AuditEvent.objects.count() == events
        assert list(FundingDocument.objects.values_list("number", "obligated")) == [
            ("IAA-2027-01", Decimal("50000.00"))
        ]
        assert list(FundingModification.objects.values_list("number", "amount")) == [
            ("P00001", Decimal("-100.00"))
        ]


def test_bad_funding_input_answers_400_naming_the_field(world: World) -> None:
    api = client(world, "customer.program_manager")
    response = api.post(f"{API}/funding/documents/", {**DOC, "obligated": "-1"}, format="json")
    assert response.status_code == 400 and "obligated" in response.json()["errors"]
    response = api.post(
        f"{API}/funding/documents/", {**DOC, "performance_end": "2040-01-01"}, format="json"
    )
    assert response.status_code == 400 and response.json()["field"] == "performance_end"
    doc = document(world)
    response = api.post(f"{API}/funding/documents/", {**DOC, "number": doc.number}, format="json")
    assert response.status_code == 400 and response.json()["field"] == "number"
    response = api.post(
        f"{API}/funding/documents/{doc.pk}/modifications/",
        {"number": "P1", "effective_on": "2027-01-01", "amount": "-50000.01"},
        format="json",
    )
    assert response.status_code == 400 and response.json()["field"] == "amount"
    assert FundingDocument.objects.count() == 1 and not FundingModification.objects.exists()


@pytest.mark.parametrize("username", EVERYONE)
def test_settings_and_accounts_writes_for_every_role(world: World, username: str) -> None:
    agree(world, loaded_schedule(world))
    api = client(world, username)
    events = AuditEvent.objects.count()
    response = api.put(
        f"{API}/cost/settings/",
        {"management_reserve": "2500.00", "eac_method": "atypical"},
        format="json",
    )
    found = EarnedValueSettings.objects.filter(program=world.program).first()
    if username in MANAGERS:
        assert response.status_code == 200 and response.json()["management_reserve"] == "2500.00"
        assert found is not None and found.eac_method == "atypical"
    else:
        assert response.status_code in ((403,) if username in SEE_COSTS else (404,))
        assert found is None or found.management_reserve == 0
    response = api.post(f"{API}/cost/control-accounts/sync/")
    if username in MANAGERS:
        assert response.status_code == 200 and response.json()
        assert AuditEvent.objects.count() > events + 1
    else:
        assert response.status_code in ((403,) if username in SEE_COSTS else (404,))
        assert not ControlAccount.objects.exists()
        assert AuditEvent.objects.count() == events


def test_bad_settings_answer_400_naming_the_field(world: World) -> None:
    api = client(world, "provider.program_manager")
    response = api.put(f"{API}/cost/settings/", {"green_low": "0.50"}, format="json")
    assert response.status_code == 400 and response.json()["field"] == "green_low"
    response = api.put(f"{API}/cost/settings/", {"control_account_level": 6}, format="json")
    assert response.status_code == 400
    response = api.post(f"{API}/cost/control-accounts/sync/")
    assert response.status_code == 400 and response.json()["code"] == "no_schedule"


@pytest.mark.usefixtures("answers_built")
def test_list_and_summary_read_a_constant_number_of_queries(world: World) -> None:
    known_funding(world)
    api = client(world, "customer.executive_sponsor")
    urls = [f"{API}/funding/documents/", f"{API}/funding/summary/", f"{API}/cost/control-accounts/"]

    def counts() -> list[int]:
        found = []
        for url in urls:
            with CaptureQueriesContext(connection) as queries:
                assert api.get(url).status_code == 200
            found.append(len(queries))
        return found

    counts()
    few = counts()
    first = world.program.control_accounts.get(wbs="1")
    for i in range(4):
        doc = document(world, number=f"MORE-{i}")
        FundingModification.objects.create(
            document=doc, number="P1", effective_on=date(2027, 1, 1), amount=Decimal(1)
        )
        ControlAccount.objects.create(program=world.program, wbs=f"9.{i}", name="More")
        report(world, date(2027, i + 1, 1), [(first, "10.00")])
    assert counts() == few
