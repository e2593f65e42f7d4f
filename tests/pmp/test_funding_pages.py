"""The funding page and its forms for every role of every party and an outsider: only those
who see costs get the page (a 404 for the others, so no amount is shown); only the customer's
editors who see costs write, and a refused write changes nothing."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from pmp.models import FundingDocument, FundingModification
from programs.models import AuditEvent
from tests.conftest import OUTSIDER, ROLE_MATRIX, World

from .funding_data import document, report
from .test_funding import MAY_CHANGE, known_funding

EVERYONE = [u for u, *_ in ROLE_MATRIX] + [OUTSIDER]
SEE_COSTS = {
    f"{party}.{role}"
    for party in ("customer", "provider")
    for role in ("program_manager", "pmo_lead", "executive_sponsor")
} | {"independent.ivv_agent"}
URL = "/programs/alpha/pmp/cost/funding/"
NEW = {
    "number": "IAA-2027-09",
    "title": "Data conversion",
    "fiscal_year": "2027",
    "obligated": "12345.67",
    "performance_start": "2026-10-01",
    "performance_end": "2027-09-30",
    "notes": "",
}


@pytest.mark.parametrize("username", EVERYONE)
def test_the_funding_page_only_to_whom_costs_are_shown(world: World, username: str) -> None:
    known_funding(world)
    response = world.client(username).get(URL)
    if username not in SEE_COSTS:
        assert response.status_code == 404
        assert b"$" not in response.content
        return
    assert response.status_code == 200
    text = response.content.decode()
    for figure in ("$85,000.00", "$11,000.00", "$74,000.00", "$100,000.00", "$7,500.00"):
        assert figure in text
    assert "$2,333.33 a month" in text and "31.7 months" in text
    assert "Months of funding left = (obligated \u2212 expended) ÷ burn rate" in text
    assert "last 3 months with an acknowledged report" in text
    assert "-$5,000.00" in text and "FY2026" in text and "FY2027" in text
    assert ("Add a funding document" in text) == (username in MAY_CHANGE)


@pytest.mark.parametrize("username", EVERYONE)
def test_every_write_of_the_funding_forms(world: World, username: str) -> None:
    doc = document(world)
    mod = FundingModification.objects.create(
        document=doc, number="P00001", effective_on=date(2027, 1, 1), amount=Decimal("-100.00")
    )
    base = f"{URL}{doc.pk}/"
    client = world.client(username)
    events = AuditEvent.objects.count()
    allowed = username in MAY_CHANGE
    pages = [
        f"{URL}new/",
        f"{base}edit/",
        f"{base}modifications/new/",
        f"{base}modifications/{mod.pk}/edit/",
    ]
    for page in pages:
        assert client.get(page).status_code == (200 if allowed else 404), page
    posts = [
        (f"{URL}new/", NEW),
        (f"{base}edit/", {**NEW, "number": "IAA-2027-01", "obligated": "60000.00"}),
        (
            f"{base}modifications/new/",
            {"number": "P00002", "effective_on": "2027-02-01", "amount": "250.50"},
        ),
        (
            f"{base}modifications/{mod.pk}/edit/",
            {"number": "P00001", "effective_on": "2027-01-01", "amount": "-200.00"},
        ),
        (f"{base}modifications/{mod.pk}/delete/", {}),
        (f"{base}delete/", {}),
    ]
    for url, data in posts:
        response = client.post(url, data)
        assert response.status_code == (302 if allowed else 404), url
    if allowed:
        assert list(FundingDocument.objects.values_list("number", "obligated")) == [
            ("IAA-2027-09", Decimal("12345.67"))
        ]
        assert AuditEvent.objects.count() == events + 6
    else:
        assert AuditEvent.objects.count() == events
        assert list(FundingDocument.objects.values_list("number", "obligated")) == [
            ("IAA-2027-01", Decimal("50000.00"))
        ]
        assert list(FundingModification.objects.values_list("number", "amount")) == [
            ("P00001", Decimal("-100.00"))
        ]


def test_bad_input_is_shown_beside_the_field_and_nothing_is_saved(world: World) -> None:
    client = world.client("customer.program_manager")
    response = client.post(f"{URL}new/", {**NEW, "performance_end": "2026-09-01"})
    assert response.status_code == 400
    assert "ends on or after the day it starts" in response.content.decode()
    response = client.post(f"{URL}new/", {**NEW, "obligated": "1000000000000"})
    assert response.status_code == 400 and "usa-error-message" in response.content.decode()
    doc = document(world)
    response = client.post(
        f"{URL}{doc.pk}/modifications/new/",
        {"number": "P1", "effective_on": "2027-01-01", "amount": "-50000.01"},
    )
    assert response.status_code == 400
    assert "never below $0" in response.content.decode()
    response = client.post(
        f"{URL}{doc.pk}/modifications/new/",
        {"number": "P1", "effective_on": "2030-01-01", "amount": "1"},
    )
    assert "90 days before the period of performance starts" in response.content.decode()
    assert not FundingModification.objects.exists()
    assert FundingDocument.objects.count() == 1


def test_another_programs_document_is_not_found(world: World) -> None:
    doc = document(world)
    FundingDocument.objects.filter(pk=doc.pk).update(program=world.other_program)
    client = world.client("customer.program_manager")
    assert client.get(f"{URL}{doc.pk}/edit/").status_code == 404
    assert client.post(f"{URL}{doc.pk}/delete/").status_code == 404
    assert FundingDocument.objects.filter(pk=doc.pk).exists()


def test_the_page_reads_a_constant_number_of_queries(world: World) -> None:
    known_funding(world)
    client = world.client("customer.program_manager")

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(URL).status_code == 200
        return len(queries)

    count()
    few = count()
    first = world.program.control_accounts.get(wbs="1")
    second = world.program.control_accounts.get(wbs="2")
    for i in range(4):
        doc = document(world, number=f"MORE-{i}", fiscal_year=2025 + i)
        FundingModification.objects.create(
            document=doc, number="P1", effective_on=date(2026, 10, 1), amount=Decimal(1)
        )
        report(world, date(2027, i + 1, 1), [(first, "10.00"), (second, "20.00")])
    count()  # access is read again after the writes
    assert count() == few
