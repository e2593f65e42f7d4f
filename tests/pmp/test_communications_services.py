"""The communications plan: next due dates from the frequency, marking an item done, the
bad input refused with the field and the rule, nothing changed."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from pmp.models import CommunicationDelivery, CommunicationItem
from pmp.services import communications as comms
from programs.errors import DomainError
from programs.models import AuditEvent, Membership
from tests.conftest import World

PM = "customer.program_manager"
D = dt.date


@pytest.mark.parametrize(
    ("frequency", "last", "start", "due"),
    [
        ("weekly", D(2026, 3, 2), None, D(2026, 3, 9)),
        ("biweekly", D(2026, 3, 2), None, D(2026, 3, 16)),
        ("monthly", D(2026, 1, 31), None, D(2026, 2, 28)),
        ("quarterly", D(2026, 11, 30), None, D(2027, 2, 28)),
        ("semiannually", D(2026, 3, 2), None, D(2026, 9, 2)),
        ("annually", D(2028, 2, 29), None, D(2029, 2, 28)),
        ("monthly", None, D(2026, 4, 1), D(2026, 4, 1)),
        ("monthly", None, None, None),
        ("per_event", D(2026, 3, 2), None, None),
        ("per_event", D(2026, 3, 2), D(2026, 5, 1), D(2026, 5, 1)),
        ("weekly", D(2026, 3, 2), D(2026, 6, 1), D(2026, 6, 1)),
    ],
)
def test_next_due(frequency: str, last: D | None, start: D | None, due: D | None) -> None:
    assert comms.next_due(frequency, last, start) == due


def test_due_dates_in_a_window() -> None:
    dates = list(comms.due_dates("weekly", D(2026, 3, 2), D(2026, 3, 20)))
    assert dates == [D(2026, 3, 2), D(2026, 3, 9), D(2026, 3, 16)]
    assert list(comms.due_dates("per_event", D(2026, 3, 2), D(2026, 3, 20))) == [D(2026, 3, 2)]


def make_item(world: World, **values: Any) -> CommunicationItem:
    fields: dict[str, Any] = {
        "title": "Status report to OMB",
        "audience": "OMB",
        "channel": "report",
        "frequency": "monthly",
        "starts_on": D(2026, 3, 1),
    }
    fields.update(values)
    return comms.item_create(acting_user=world.user(PM), program=world.program, **fields)


def test_create_computes_next_due_and_audits(world: World) -> None:
    item = make_item(world, last_done_on=D(2026, 2, 10))
    assert item.next_due_on == D(2026, 3, 10)
    assert item.owner_party == "shared"
    assert AuditEvent.objects.filter(target_id=str(item.pk), action="create").exists()
    owned = make_item(world, owner=Membership.objects.get(user=world.user("provider.pmo_team")).pk)
    assert owned.owner_party == "provider"


def test_mark_done_records_who_and_moves_next_due(world: World) -> None:
    item = make_item(world, frequency="weekly")
    today = timezone.localdate()
    delivery = comms.item_mark_done(acting_user=world.user("provider.pmo_lead"), item=item)
    item.refresh_from_db()
    assert delivery.done_on == today and delivery.recorded_by_party == "provider"
    assert item.last_done_on == today
    assert item.next_due_on == today + dt.timedelta(days=7)
    # An earlier date is recorded without moving the dates back.
    comms.item_mark_done(
        acting_user=world.user(PM), item=item, done_on=today - dt.timedelta(days=3)
    )
    item.refresh_from_db()
    assert item.last_done_on == today
    assert item.deliveries.count() == 2


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"frequency": "fortnightly"}, "frequency"),
        ({"channel": "pigeon"}, "channel"),
        ({"last_done_on": "future"}, "last_done_on"),
        ({"starts_on": D(1900, 1, 1)}, "starts_on"),
        ({"title": " "}, "title"),
        ({"audience": "x" * 201}, "audience"),
        ({"owner": "outsider"}, "owner"),
        ({"owner_party": "independent"}, "owner_party"),
    ],
)
def test_bad_input_is_refused(world: World, values: dict[str, Any], field: str) -> None:
    if values.get("last_done_on") == "future":
        values["last_done_on"] = timezone.localdate() + dt.timedelta(days=1)
    if values.get("owner") == "outsider":
        values["owner"] = Membership.objects.get(user=world.user("outsider")).pk
    with pytest.raises(DomainError) as exc:
        make_item(world, **values)
    assert exc.value.field == field
    assert not CommunicationItem.objects.exists()


def test_done_in_the_future_is_refused(world: World) -> None:
    item = make_item(world)
    with pytest.raises(DomainError) as exc:
        comms.item_mark_done(
            acting_user=world.user(PM),
            item=item,
            done_on=timezone.localdate() + dt.timedelta(days=1),
        )
    assert exc.value.field == "done_on"
    assert not CommunicationDelivery.objects.exists()


@pytest.mark.parametrize(
    "name", ["customer.viewer", "provider.sme", "independent.ivv_agent", "outsider"]
)
def test_readers_change_nothing(world: World, name: str) -> None:
    item = make_item(world)
    with pytest.raises(PermissionDenied):
        comms.item_mark_done(acting_user=world.user(name), item=item)
    with pytest.raises(PermissionDenied):
        comms.item_delete(acting_user=world.user(name), item=item)
    assert CommunicationItem.objects.filter(pk=item.pk, last_done_on=None).exists()
    assert not CommunicationDelivery.objects.exists()
