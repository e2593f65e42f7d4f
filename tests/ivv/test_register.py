"""The register: filters shared by the page, the exports and the API, constant queries,
exports read back, overdue notices sent once, and the API's actions and history."""

from __future__ import annotations

import io
import subprocess
from datetime import date, timedelta
from typing import Any

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook
from rest_framework.test import APIClient

from ivv.models import Finding, OverdueNotice
from ivv.tasks import notify_overdue_findings
from tests.conftest import World

from .conftest import IVV, advance, answer, attach_evidence, file_finding, owner_of


def _api(world: World, who: str) -> APIClient:
    client = APIClient()
    client.force_authenticate(world.user(who))
    return client


@pytest.fixture
def mixed(world: World) -> dict[str, Finding]:
    old = file_finding(world, raised_on=date.today() - timedelta(days=70), severity=1)
    customer = file_finding(world, answering_party="customer", source="test", severity=4)
    late_action = file_finding(world, severity=3)
    answer(world, late_action)
    Finding.objects.filter(pk=late_action.pk).update(action_target=date.today() - timedelta(days=2))
    closed = advance(world, file_finding(world, source="interview"), "closed")
    return {"old": old, "customer": customer, "late_action": late_action, "closed": closed}


FILTERS = [
    ({}, {"old", "customer", "late_action", "closed"}),
    ({"status": "open"}, {"old", "customer"}),
    ({"severity": "1"}, {"old"}),
    ({"party": "customer"}, {"customer"}),
    ({"age": "61-90"}, {"old"}),
    ({"overdue": "answer"}, {"old"}),
    ({"overdue": "action"}, {"late_action"}),
    ({"overdue": "any"}, {"old", "late_action"}),
    ({"source": "interview"}, {"closed"}),
    ({"q": "IVV-002"}, {"customer"}),
]


@pytest.mark.parametrize(("query", "expected"), FILTERS)
def test_page_and_api_filter_alike(
    world: World, mixed: dict[str, Finding], query: dict[str, str], expected: set[str]
) -> None:
    numbers = {mixed[name].number for name in expected}
    page = world.client("customer.viewer").get("/programs/alpha/ivv/", query)
    assert page.status_code == 200
    on_page = {f.number for f, _ in page.context["rows"]}
    api = _api(world, "customer.viewer").get("/api/programs/alpha/ivv/findings/", query)
    assert api.status_code == 200, api.json()
    in_api = {row["number"] for row in api.json()["results"]}
    assert on_page == in_api == numbers


def test_overdue_flags_in_words_in_list_and_api(world: World, mixed: dict[str, Finding]) -> None:
    page = world.client("customer.viewer").get("/programs/alpha/ivv/")
    assert b"Answer overdue" in page.content
    assert b"Corrective action overdue" in page.content
    assert b"IV&amp;V findings: 3 open, 2 overdue" in page.content
    row = _api(world, "provider.viewer").get(
        f"/api/programs/alpha/ivv/findings/{mixed['late_action'].number}/"
    )
    assert row.json()["action_overdue"] is True
    assert row.json()["overdue"] == "Corrective action overdue"


@pytest.mark.usefixtures("answers_built")
def test_the_register_page_takes_constant_queries(world: World) -> None:
    client = world.client("provider.pmo_team")
    file_finding(world)
    client.get("/programs/alpha/ivv/")  # warm the permission caches and templates

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/programs/alpha/ivv/").status_code == 200
        return len(queries)

    few = count()
    for i in range(15):
        answer(world, file_finding(world, title=f"More {i}"))
    count()  # access is read again after the writes
    assert count() == few


@pytest.mark.usefixtures("answers_built")
def test_the_api_list_takes_constant_queries(world: World, django_assert_num_queries: Any) -> None:
    client = _api(world, "customer.viewer")
    answer(world, file_finding(world))
    # The forced user object lives on between requests, with the membership it has read.
    client.get("/api/programs/alpha/ivv/findings/")
    with CaptureQueriesContext(connection) as first:
        client.get("/api/programs/alpha/ivv/findings/")
    for i in range(10):
        answer(world, file_finding(world, title=f"More {i}"))
    with django_assert_num_queries(len(first)):
        client.get("/api/programs/alpha/ivv/findings/")


def test_excel_export_reads_back_typed_and_filtered(
    world: World, mixed: dict[str, Finding]
) -> None:
    response = world.client("customer.viewer").get(
        "/programs/alpha/ivv/export.xlsx", {"status": "open"}
    )
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    header = [c.value for c in sheet[1]]
    rows = [dict(zip(header, (c.value for c in row), strict=True)) for row in sheet.iter_rows(2)]
    assert sorted(r["Reference"] for r in rows) == ["IVV-001", "IVV-002"]
    old = next(r for r in rows if r["Reference"] == "IVV-001")
    assert old["Severity"] == 1
    assert old["Date raised"].date() == mixed["old"].raised_on
    assert old["Overdue"] == "Answer overdue"


def test_pdf_export_reads_back(world: World, mixed: dict[str, Finding]) -> None:
    response = world.client("customer.viewer").get(
        "/programs/alpha/ivv/export.pdf", {"party": "provider"}
    )
    assert response.status_code == 200
    text = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=response.content, capture_output=True, check=True
    ).stdout.decode()
    assert "IV&V findings" in text
    assert "IVV-001" in text and "IVV-003" in text and "IVV-002" not in text
    assert "Party that answers: Provider" in text


def test_overdue_email_is_sent_once_per_finding_and_kind(
    world: World, mixed: dict[str, Finding], django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        assert notify_overdue_findings() == 2
    provider_editors = {
        world.user(n).email
        for n in ("provider.program_manager", "provider.pmo_lead", "provider.pmo_team")
    }
    sent = {(m.subject.split(" is overdue")[0], m.to[0]) for m in mail.outbox}
    assert {to for _, to in sent} == provider_editors
    assert {subject for subject, _ in sent} == {"[alpha] IVV-001", "[alpha] IVV-003"}
    count = len(mail.outbox)
    with django_capture_on_commit_callbacks(execute=True):
        assert notify_overdue_findings() == 0
    assert len(mail.outbox) == count
    assert OverdueNotice.objects.filter(sent_at__isnull=False).count() == 2


def test_api_files_acts_and_tells_the_history(world: World) -> None:
    ivv, pm = _api(world, IVV), _api(world, "provider.program_manager")
    created = ivv.post(
        "/api/programs/alpha/ivv/findings/",
        {
            "title": "No rollback rehearsal",
            "raised_on": date.today().isoformat(),
            "source": "review",
            "category": "data",
            "severity": 2,
            "integrity_level": 3,
            "answering_party": "provider",
            "description": "The cutover plan has no rehearsed rollback.",
        },
        format="json",
    )
    assert created.status_code == 201, created.json()
    number = created.json()["number"]
    base = f"/api/programs/alpha/ivv/findings/{number}/"
    refused = pm.put(base, {**created.json(), "title": "x"}, format="json")
    assert refused.status_code in (400, 403)
    no_plan = pm.post(f"{base}answer/", {"response": "concur"}, format="json")
    assert no_plan.status_code == 400 and no_plan.json()["field"] == "corrective_action"
    answered = pm.post(
        f"{base}answer/",
        {
            "response": "partially_concur",
            "rationale": "Only the payroll cutover needs it.",
            "corrective_action": "Rehearse the payroll rollback.",
            "action_owner": owner_of(world).pk,
            "action_target": (date.today() + timedelta(days=10)).isoformat(),
        },
        format="json",
    )
    assert answered.status_code == 200, answered.json()
    assert answered.json()["status"] == "answered"
    assert pm.post(f"{base}start/").json()["status"] == "in_progress"
    no_file = pm.post(f"{base}propose-closure/", {"evidence": "Rehearsal log."}, format="json")
    assert no_file.status_code == 400 and "Attach at least one file" in no_file.json()["detail"]
    attach_evidence(world, Finding.objects.get(number=number, program=world.program))
    closing = pm.post(f"{base}propose-closure/", {"evidence": "Rehearsal log."}, format="json")
    assert closing.json()["status"] == "closure_proposed"
    wrong = pm.post(f"{base}close/", {}, format="json")
    assert wrong.status_code == 403
    assert "Only the IV&V agent closes a finding" in wrong.json()["detail"]
    assert ivv.post(f"{base}close/", {}, format="json").json()["status"] == "closed"
    history = ivv.get(f"{base}history/").json()
    assert [h["action"] for h in history] == ["answer", "start", "propose_closure", "close"]
    assert history[-1]["actor_party"] == "independent"
