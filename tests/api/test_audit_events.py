"""The audit trail: members read their program's events, filtered like the audit page."""

from __future__ import annotations

import datetime as dt

from django.contrib.contenttypes.models import ContentType

from programs.models import AuditEvent, Membership

from ..conftest import World
from .conftest import Api, assert_error, program_url

EVENTS = program_url("audit-events/")


def test_members_read_their_programs_events(world: World, api: Api) -> None:
    body = api("independent.ivv_agent").get(EVENTS).json()
    assert body["count"] == AuditEvent.objects.filter(program=world.program).count()
    event = body["results"][0]
    assert {"actor", "actor_party", "action", "target_model", "target_repr", "changes"} <= set(
        event
    )
    beta_events = AuditEvent.objects.filter(program=world.other_program).values_list(
        "pk", flat=True
    )
    assert not {e["id"] for e in body["results"]} & set(beta_events)


def test_filters(world: World, api: Api) -> None:
    client = api("customer.program_manager")
    member = Membership.objects.get(program=world.program, user__username="customer.viewer")
    assert (
        client.patch(
            program_url(f"members/{member.pk}/"), {"role": "sme"}, format="json"
        ).status_code
        == 200
    )
    actor = world.user("customer.program_manager")

    by_actor = client.get(EVENTS, {"actor": actor.pk}).json()["results"]
    assert len(by_actor) == 1
    assert by_actor[0]["actor"] == "customer.program_manager"
    assert by_actor[0]["actor_party"] == "customer"
    # The member's revision moves on with the change: an edit opened before it is stale.
    assert by_actor[0]["changes"] == {"role": ["viewer", "sme"], "revision": [1, 2]}

    membership_type = ContentType.objects.get_for_model(Membership)
    updates = client.get(
        EVENTS,
        {"action": "update", "target_type": str(membership_type.pk), "actor_party": "customer"},
    ).json()["results"]
    assert [e["id"] for e in updates] == [e["id"] for e in by_actor]

    today = dt.date.today()
    assert client.get(EVENTS, {"date_from": str(today + dt.timedelta(days=1))}).json()["count"] == 0
    assert client.get(EVENTS, {"date_to": str(today)}).json()["count"] >= 1

    assert_error(client.get(EVENTS, {"action": "explode"}), 400, "invalid", "action")
    assert_error(client.get(EVENTS, {"date_from": "soon"}), 400, "invalid", "date_from")


def test_outsider_does_not_see_the_trail(world: World, api: Api) -> None:
    assert_error(api("outsider").get(EVENTS), 404, "not_found")


def test_the_trail_is_read_only(world: World, api: Api) -> None:
    event = AuditEvent.objects.filter(program=world.program).first()
    assert event is not None
    client = api("customer.program_manager")
    assert client.post(EVENTS, {}, format="json").status_code == 405
    assert client.delete(f"{EVENTS}{event.pk}/").status_code == 404
    assert AuditEvent.objects.filter(pk=event.pk).exists()
