"""Every role of every party, and a member of another program, against the governance and
communications pages: every member reads them, the editors of either party (program
managers, PMO leads and PMO team) change them, everyone else changes nothing (a 404, never a
403), and the outsider finds nothing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from pmp.models import CommunicationDelivery, CommunicationItem, GovernanceBody, Meeting, RaidItem
from pmp.services import communications as comms
from pmp.services import governance as gov
from programs.models import AuditEvent, Membership
from tests.access import expected
from tests.conftest import World

PM = "customer.program_manager"


@pytest.fixture
def setup(world: World) -> dict[str, Any]:
    pm = world.user(PM)
    (body, *_) = gov.bodies_seed(acting_user=pm, program=world.program)
    meeting = gov.meeting_create(
        acting_user=pm,
        program=world.program,
        body=body,
        starts_at=timezone.now() - dt.timedelta(days=1),
        minutes="## Minutes\n\n<script>alert(1)</script>Agreed.",
    )
    item = comms.item_create(
        acting_user=pm,
        program=world.program,
        title="Status report to OMB",
        audience="OMB",
        channel="report",
        frequency="monthly",
        starts_on=timezone.localdate(),
    )
    return {"body": body, "meeting": meeting, "item": item}


def _url(world: World, name: str, **kwargs: Any) -> str:
    return reverse(name, kwargs={"code": world.program.code, **kwargs})


def test_every_member_reads_the_outsider_finds_nothing(world: World, setup: dict[str, Any]) -> None:
    m, i = setup["meeting"], setup["item"]
    urls = [
        _url(world, "pmp:governance:home"),
        _url(world, "pmp:governance:meeting", pk=m.pk),
        _url(world, "pmp:governance:meeting-pdf", pk=m.pk),
        _url(world, "pmp:communications:plan"),
        _url(world, "pmp:communications:calendar"),
        _url(world, "pmp:communications:item", pk=i.pk),
    ]
    for name in world.users:
        client = world.client(name)
        for url in urls:
            answer = client.get(url)
            assert answer.status_code == (200 if expected(name, "view") else 404), (name, url)
    page = world.client(PM).get(urls[1]).content.decode()
    assert "<script>alert(1)</script>" not in page and "Agreed." in page


def _counts() -> tuple[int, ...]:
    return (
        GovernanceBody.objects.count(),
        Meeting.objects.count(),
        RaidItem.objects.count(),
        CommunicationItem.objects.count(),
        CommunicationDelivery.objects.count(),
        AuditEvent.objects.count(),
    )


def _writes(world: World, setup: dict[str, Any]) -> dict[str, Callable[[Any], Any]]:
    m, i = setup["meeting"], setup["item"]
    member = Membership.objects.get(user=world.user(PM)).pk
    today = timezone.localdate().isoformat()
    return {
        "body": lambda c: c.post(
            _url(world, "pmp:governance:body-new"),
            {"name": f"Board {c.n}", "cadence": "monthly", "members": [member]},
        ),
        "meeting": lambda c: c.post(
            _url(world, "pmp:governance:meeting-new"),
            {
                "body": setup["body"].pk,
                "starts_at": "2026-06-01T10:00",
                "duration_minutes": 60,
                "status": "planned",
                "attendees": [member],
            },
        ),
        "decision": lambda c: c.post(
            _url(world, "pmp:governance:meeting-record", pk=m.pk, kind="decision"),
            {
                "decision-title": "Go",
                "decision-decision": "Go ahead.",
                "decision-decided_by": "Board",
                "decision-owner_party": "shared",
            },
        ),
        "action": lambda c: c.post(
            _url(world, "pmp:governance:meeting-record", pk=m.pk, kind="action"),
            {
                "action-title": "Do",
                "action-due_on": today,
                "action-owner": member,
                "action-owner_party": "shared",
            },
        ),
        "item": lambda c: c.post(
            _url(world, "pmp:communications:item-new"),
            {"title": "Newsletter", "audience": "Staff", "channel": "email", "frequency": "weekly"},
        ),
        "done": lambda c: c.post(
            _url(world, "pmp:communications:item-done", pk=i.pk), {"done_on": today}
        ),
    }


@pytest.mark.parametrize("write", ["body", "meeting", "decision", "action", "item", "done"])
def test_editors_of_either_party_change_others_change_nothing(
    world: World, setup: dict[str, Any], write: str
) -> None:
    calls = _writes(world, setup)
    for n, name in enumerate(world.users):
        client = world.client(name)
        client.n = n  # type: ignore[attr-defined]
        before = _counts()
        answer = calls[write](client)
        if expected(name, "change", "shared"):
            assert answer.status_code == 302, (name, answer.content.decode()[:2000])
            assert _counts() != before
        else:
            assert answer.status_code == 404, name
            assert _counts() == before, name
