"""The governance and communications plan API: every member reads, the editors of either
party write, others get a 404 and nothing changes; bad input answers 400 with the field and
the rule named, never a 500; the plan's ``overdue`` flag."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from pmp.models import CommunicationItem, GovernanceBody, Meeting, RaidItem
from pmp.services import communications as comms
from pmp.services import governance as gov
from programs.models import AuditEvent, Membership
from tests.access import expected
from tests.conftest import World

PM = "provider.pmo_lead"


def api(world: World, name: str) -> APIClient:
    client = APIClient()
    client.force_authenticate(world.user(name))
    return client


@pytest.fixture
def meeting(world: World) -> Meeting:
    (body, *_) = gov.bodies_seed(acting_user=world.user(PM), program=world.program)
    return gov.meeting_create(
        acting_user=world.user(PM),
        program=world.program,
        body=body,
        starts_at=timezone.make_aware(dt.datetime(2026, 3, 10, 10)),
    )


def base(world: World) -> str:
    return f"/api/programs/{world.program.code}"


def test_reads_by_every_member_and_404_for_the_outsider(world: World, meeting: Meeting) -> None:
    comms.item_create(
        acting_user=world.user(PM),
        program=world.program,
        title="Town hall",
        audience="All staff",
        channel="town_hall",
        frequency="quarterly",
        starts_on=timezone.localdate() - dt.timedelta(days=2),
    )
    paths = [
        "/governance/bodies/",
        "/governance/meetings/",
        f"/governance/meetings/{meeting.pk}/",
        "/communications/",
    ]
    for name in world.users:
        client = api(world, name)
        for path in paths:
            answer = client.get(base(world) + path)
            assert answer.status_code == (200 if expected(name, "view") else 404), (name, path)
    rows = api(world, "customer.viewer").get(base(world) + "/communications/").json()["results"]
    assert rows[0]["overdue"] is True and rows[0]["next_due_on"]


def _counts() -> tuple[int, ...]:
    return (
        GovernanceBody.objects.count(),
        Meeting.objects.count(),
        RaidItem.objects.count(),
        CommunicationItem.objects.count(),
        AuditEvent.objects.count(),
    )


def test_writes_by_editors_only(world: World, meeting: Meeting) -> None:
    for n, name in enumerate(world.users):
        client = api(world, name)
        calls: list[tuple[str, dict[str, Any]]] = [
            ("/governance/bodies/", {"name": f"Board {n}", "cadence": "monthly"}),
            (
                "/governance/meetings/",
                {"body": meeting.body_id, "starts_at": "2026-04-01T10:00:00Z"},
            ),
            (
                f"/governance/meetings/{meeting.pk}/decision/",
                {"title": "Go", "decision": "Go ahead."},
            ),
            (
                f"/governance/meetings/{meeting.pk}/action/",
                {
                    "title": "Do",
                    "due_on": "2026-03-20",
                    "owner": Membership.objects.get(user=world.user(PM)).pk,
                },
            ),
            (
                "/communications/",
                {"title": "News", "audience": "Staff", "channel": "email", "frequency": "weekly"},
            ),
        ]
        for path, data in calls:
            before = _counts()
            answer = client.post(base(world) + path, data, format="json")
            if expected(name, "change"):
                assert answer.status_code == 201, (name, path, answer.json())
            else:
                assert answer.status_code == 404, (name, path)
                assert _counts() == before
    decision = RaidItem.objects.filter(kind="decision").first()
    assert decision is not None and decision.decided_by == meeting.body.name


@pytest.mark.parametrize(
    ("path", "data", "field"),
    [
        ("meetings", {"starts_at": "2026-04-01T10:00:00Z", "attendees": ["outsider"]}, "attendees"),
        ("meetings", {"starts_at": "9999-04-01T10:00:00Z"}, "starts_at"),
        (
            "meetings",
            {"starts_at": "2026-04-01T10:00:00Z", "duration_minutes": 0},
            "duration_minutes",
        ),
        ("decision", {"title": "Go", "decision": "Go.", "decided_by": " "}, "decided_by"),
        ("action", {"title": "Do", "due_on": "2026-03-09"}, "due_on"),
        ("action", {"title": "Do", "due_on": "2026-03-19", "owner": "outsider"}, "owner"),
        ("action", {"title": "x" * 201, "due_on": "2026-03-19"}, "title"),
        ("communications", {"frequency": "fortnightly"}, "frequency"),
        ("communications", {"last_done_on": "tomorrow"}, "last_done_on"),
        ("communications", {"starts_on": "0001-01-01"}, "starts_on"),
        ("communications", {"owner_party": "independent"}, "owner_party"),
    ],
)
def test_bad_input_names_the_field(
    world: World, meeting: Meeting, path: str, data: dict[str, Any], field: str
) -> None:
    outsider = Membership.objects.get(user=world.user("outsider")).pk
    for key, value in list(data.items()):
        if value == "outsider":
            data[key] = outsider
        if value == ["outsider"]:
            data[key] = [Membership.objects.get(user=world.user(PM)).pk, outsider]
        if value == "tomorrow":
            data[key] = (timezone.localdate() + dt.timedelta(days=1)).isoformat()
    url = {
        "meetings": "/governance/meetings/",
        "decision": f"/governance/meetings/{meeting.pk}/decision/",
        "action": f"/governance/meetings/{meeting.pk}/action/",
        "communications": "/communications/",
    }[path]
    if path == "meetings":
        data = {"body": meeting.body_id} | data
    if path == "action":
        data = {"owner": Membership.objects.get(user=world.user(PM)).pk} | data
    if path == "communications":
        data = {
            "title": "News",
            "audience": "Staff",
            "channel": "email",
            "frequency": "weekly",
        } | data
    before = _counts()
    answer = api(world, PM).post(base(world) + url, data, format="json")
    assert answer.status_code == 400, answer.content
    body = answer.json()
    assert body.get("field") == field or field in body.get("errors", body), body
    assert _counts() == before


def test_mark_done_moves_next_due(world: World) -> None:
    item = comms.item_create(
        acting_user=world.user(PM),
        program=world.program,
        title="RAID review",
        audience="Joint PMO",
        channel="meeting",
        frequency="biweekly",
        starts_on=timezone.localdate() - dt.timedelta(days=1),
    )
    client = api(world, "customer.pmo_team")
    answer = client.post(f"{base(world)}/communications/{item.pk}/done/", {}, format="json")
    assert answer.status_code == 200
    assert answer.json()["overdue"] is False
    assert (
        answer.json()["next_due_on"] == (timezone.localdate() + dt.timedelta(days=14)).isoformat()
    )
    history = client.get(f"{base(world)}/communications/{item.pk}/deliveries/").json()
    assert history[0]["recorded_by_party"] == "customer"
    denied = api(world, "independent.ivv_agent").post(
        f"{base(world)}/communications/{item.pk}/done/", {}, format="json"
    )
    assert denied.status_code == 404
