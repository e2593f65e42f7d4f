"""The governance and communications pages and their API lists read a fixed number of
queries, whatever the number of bodies, meetings, decisions, actions and items."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from pmp.models import GovernanceBody, Meeting
from pmp.services import communications as comms
from pmp.services import governance as gov
from pmp.services import governance_raid as records
from programs.models import Membership
from tests.conftest import World

from .conftest import record

PM = "provider.pmo_lead"


def _count(client: object, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)  # type: ignore[attr-defined]
    assert response.status_code == 200, url
    return len(queries)


def _members(world: World) -> list[Membership]:
    return list(Membership.objects.filter(program=world.program).order_by("pk")[:4])


def _body(world: World, n: int) -> GovernanceBody:
    return gov.body_create(
        acting_user=world.user(PM),
        program=world.program,
        name=f"Board {n}",
        chair=_members(world)[0],
        members=_members(world),
    )


def _meeting(world: World, body: GovernanceBody, days: int) -> Meeting:
    starts_at = timezone.now().replace(microsecond=0) + dt.timedelta(days=days)
    return gov.meeting_create(
        acting_user=world.user(PM),
        program=world.program,
        body=body,
        starts_at=starts_at,
        attendees=_members(world),
        agenda="- One\n- Two",
        minutes="**Agreed.**",
    )


def _decision_and_action(world: World, meeting: Meeting, n: int) -> None:
    records.meeting_record_decision(
        acting_user=world.user(PM), meeting=meeting, title=f"Decision {n}", decision="Agreed."
    )
    records.meeting_record_action(
        acting_user=world.user(PM),
        meeting=meeting,
        title=f"Action {n}",
        due_on=timezone.localtime(meeting.starts_at).date() + dt.timedelta(days=7),
        owner=_members(world)[1],
    )


def _rows(world: World, meeting: Meeting, n: int) -> None:
    """One more of everything the pages list: a body with past and coming meetings, a
    decision and an action in ``meeting``, a risk due for review, communications due."""
    body = _body(world, n)
    _meeting(world, body, days=-n - 1)
    _meeting(world, body, days=n + 1)
    _decision_and_action(world, meeting, n)
    record(world, "risk", next_review_on=timezone.localdate())
    for frequency in ("weekly", "monthly"):
        comms.item_create(
            acting_user=world.user(PM),
            program=world.program,
            title=f"Update {n} {frequency}",
            audience="Both PMOs",
            channel="email",
            frequency=frequency,
            owner=_members(world)[2],
            starts_on=timezone.localdate() + dt.timedelta(days=n - 2),
        )


@pytest.mark.usefixtures("answers_built")
def test_query_counts_do_not_grow_with_rows(world: World) -> None:
    meeting = _meeting(world, _body(world, 0), days=0)
    urls = [
        "/programs/alpha/pmp/governance/",
        f"/programs/alpha/pmp/governance/meetings/{meeting.pk}/",
        "/programs/alpha/pmp/communications/",
        "/programs/alpha/pmp/communications/calendar/",
        "/api/programs/alpha/governance/bodies/",
        "/api/programs/alpha/governance/meetings/",
        f"/api/programs/alpha/governance/meetings/{meeting.pk}/",
        "/api/programs/alpha/communications/",
    ]
    client = world.client(PM)
    _rows(world, meeting, 1)
    [_count(client, url) for url in urls]  # warm the per-process caches (content types)
    few = [_count(client, url) for url in urls]
    for n in range(2, 6):
        _rows(world, meeting, n)
    [_count(client, url) for url in urls]  # access is read again after the writes
    assert [_count(client, url) for url in urls] == few
