"""Who reaches the SME MOU and session pages and API: every role of every party and a user of
another program. Members read (the IV&V agent too); editors of either party record sessions;
editors of the SME's party start its MOU; everyone else gets a 404 and changes nothing."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from rest_framework.test import APIClient

from programs.models import AuditEvent, Document
from raci.models import Session
from raci.mou import SME_MOU
from raci.services import mou as mou_services

from ..access import expected
from ..conftest import OUTSIDER, ROLE_MATRIX, World
from .mou_helpers import make_mou, member

USERNAMES = [name for name, *_ in ROLE_MATRIX] + [OUTSIDER]
P = "/programs/alpha/responsibilities"
API = "/api/programs/alpha/raci"


def api(world: World, name: str) -> APIClient:
    client = APIClient()
    client.force_authenticate(world.user(name))
    return client


@pytest.fixture
def session(world: World) -> Session:
    make_mou(world)
    return mou_services.session_create(
        acting_user=world.user("customer.program_manager"),
        program=world.program,
        date=dt.date(2026, 2, 2),
        kind="fit_gap",
        topic="Payroll",
        invited=[member(world, "customer.sme")],
        attended=[member(world, "customer.sme")],
    )


@pytest.mark.parametrize("username", USERNAMES)
def test_pages_are_read_by_members_only(world: World, session: Session, username: str) -> None:
    client = world.client(username)
    allowed = expected(username, "view")
    for url in (f"{P}/", f"{P}/mous/", f"{P}/sessions/"):
        response = client.get(url)
        assert response.status_code == (200 if allowed else 404), url
    edit = client.get(f"{P}/sessions/{session.pk}/edit/")
    assert edit.status_code == (200 if expected(username, "change") else 404)
    new_mou = client.get(f"{P}/mous/new/")
    assert new_mou.status_code == (200 if expected(username, "change") else 404)
    if allowed:
        page = client.get(f"{P}/sessions/").content.decode()
        assert ("Record a session" in page) == expected(username, "change")


@pytest.mark.parametrize("username", USERNAMES)
def test_api_reads_are_for_members_only(world: World, session: Session, username: str) -> None:
    client = api(world, username)
    code = 200 if expected(username, "view") else 404
    mou = Document.objects.get(kind=SME_MOU)
    for url in (
        f"{API}/mous/",
        f"{API}/mous/{mou.pk}/",
        f"{API}/sessions/",
        f"{API}/sessions/{session.pk}/",
        f"{API}/sme-attendance/",
    ):
        assert client.get(url).status_code == code, url


def _session_payload(world: World) -> dict[str, Any]:
    return {
        "date": "2026-03-02",
        "kind": "testing",
        "topic": "Payroll parallel test",
        "attendance": [{"member": member(world, "provider.sme").pk, "attended": True}],
    }


@pytest.mark.parametrize("username", USERNAMES)
def test_session_writes_by_editors_of_either_party(
    world: World, session: Session, username: str
) -> None:
    allowed = expected(username, "change", "shared")
    events = AuditEvent.objects.count()
    client = world.client(username)
    page = client.post(
        f"{P}/sessions/",
        {
            "new-date": "2026-03-02",
            "new-kind": "training",
            "new-topic": "Time and attendance",
            "new-invited": [member(world, "provider.sme").pk],
        },
    )
    assert page.status_code == (302 if allowed else 404)
    edit = client.post(
        f"{P}/sessions/{session.pk}/edit/",
        {"date": "2026-02-03", "kind": "fit_gap", "topic": "Payroll, again"},
    )
    assert edit.status_code == (302 if allowed else 404)
    created = api(world, username).post(f"{API}/sessions/", _session_payload(world), format="json")
    assert created.status_code == (201 if allowed else 404)
    changed = api(world, username).put(
        f"{API}/sessions/{session.pk}/", _session_payload(world), format="json"
    )
    assert changed.status_code == (200 if allowed else 404)
    deleted = api(world, username).delete(f"{API}/sessions/{session.pk}/")
    assert deleted.status_code == (204 if allowed else 404)
    if not allowed:
        assert Session.objects.count() == 1
        session.refresh_from_db()
        assert session.topic == "Payroll"
        assert AuditEvent.objects.count() == events
    else:
        assert AuditEvent.objects.filter(target_type__model="session").count() >= 5


@pytest.mark.parametrize("username", USERNAMES)
def test_an_mou_is_started_by_editors_of_the_smes_party(world: World, username: str) -> None:
    allowed = expected(username, "change", "provider")
    may_change_some_party = expected(username, "change", "customer") or allowed
    events = AuditEvent.objects.count()
    sme = member(world, "provider.sme").pk
    page = world.client(username).post(f"{P}/mous/new/", {"sme": sme})
    if allowed:
        assert page.status_code == 302
        Document.objects.filter(kind=SME_MOU).delete()
    else:
        # The form offers only SMEs of the user's own party: another is refused beside it.
        assert page.status_code == (400 if may_change_some_party else 404)
    response = api(world, username).post(f"{API}/mous/", {"sme": sme}, format="json")
    if allowed:
        assert response.status_code == 201
        assert response.json()["sme"]["username"] == "provider.sme"
    else:
        assert response.status_code == (403 if may_change_some_party else 404)
        assert not Document.objects.filter(kind=SME_MOU).exists()
        assert AuditEvent.objects.count() == events
