"""Writes of the communications plan, and the date arithmetic of its items. Each write takes
``acting_user=``, checks the policy (the plan is shared: the editors of either party) and the
rules, writes and records an audit event in one transaction; a refusal changes nothing.

An item's next due date is computed here, never entered: the first due date until it is
first done, then the last time it was done plus its frequency (none for an item done per
event, until its first due date is set again)."""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterator
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from programs import limits, policy
from programs.choices import AuditAction, OwningParty, Party
from programs.errors import DomainError
from programs.models import Membership, Program
from programs.services.audit import audit_record, audit_update, snapshot

from ..models import Channel, CommunicationDelivery, CommunicationItem, Frequency
from ..models.communications import COMMUNICATION_OWNERS
from .shared_checks import check_choice, check_texts, program_member

MAX_AUDIENCE_LENGTH = 200
MAX_PURPOSE_LENGTH = 2_000
MAX_NOTE_LENGTH = 500

ITEM_FIELDS = [
    "title",
    "audience",
    "purpose",
    "channel",
    "frequency",
    "owner",
    "owner_party",
    "starts_on",
    "last_done_on",
    "next_due_on",
]
_TEXTS = {
    "title": ("What is communicated", limits.MAX_TITLE_LENGTH),
    "audience": ("The audience", MAX_AUDIENCE_LENGTH),
    "purpose": ("The purpose", MAX_PURPOSE_LENGTH),
}

#: Frequency -> (days, months) between two times an item is done.
_STEP: dict[str, tuple[int, int]] = {
    Frequency.WEEKLY: (7, 0),
    Frequency.BIWEEKLY: (14, 0),
    Frequency.MONTHLY: (0, 1),
    Frequency.QUARTERLY: (0, 3),
    Frequency.SEMIANNUALLY: (0, 6),
    Frequency.ANNUALLY: (0, 12),
}


# -- the dates -------------------------------------------------------------------------------


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` ``months`` later, on the same day of the month or the month's last day."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


def after(day: dt.date, frequency: str) -> dt.date | None:
    """When an item of ``frequency`` done on ``day`` is due next (None: per event)."""
    if frequency not in _STEP:
        return None
    days, months = _STEP[frequency]
    return add_months(day, months) + dt.timedelta(days=days)


def next_due(
    frequency: str, last_done: dt.date | None, starts_on: dt.date | None
) -> dt.date | None:
    """The next due date of an item: its first due date until it is done, then the last
    time it was done plus its frequency; the first due date wins while it is later (an item
    paused until a date)."""
    if last_done is None:
        return starts_on
    following = after(last_done, frequency)
    if following is None:
        return starts_on if starts_on and starts_on > last_done else None
    if starts_on and starts_on > following:
        return starts_on
    return following


def due_dates(
    frequency: str, first: dt.date | None, until: dt.date, *, limit: int = 400
) -> Iterator[dt.date]:
    """The dates an item falls due from ``first`` (its next due date) to ``until``."""
    day = first
    while day is not None and day <= until and limit > 0:
        yield day
        day = after(day, frequency)
        limit -= 1


# -- the writes ------------------------------------------------------------------------------


def _clean(program: Program, values: dict[str, Any]) -> dict[str, Any]:
    check_texts(values, _TEXTS)
    if not values["title"].strip():
        raise DomainError("An item of the plan says what is communicated.", field="title")
    if not values["audience"].strip():
        raise DomainError("An item of the plan names its audience.", field="audience")
    check_choice(values["channel"], Channel, field="channel", what="The channel")
    check_choice(values["frequency"], Frequency, field="frequency", what="The frequency")
    limits.check_program_date(
        program, values["starts_on"], field="starts_on", what="The first due date"
    )
    limits.check_program_date(
        program,
        values["last_done_on"],
        field="last_done_on",
        what="The last done date",
        past_only=True,
    )
    owner = program_member(program, values["owner"], field="owner", what="The owner")
    party = values["owner_party"] or (
        owner.party
        if owner and owner.party in (Party.CUSTOMER, Party.PROVIDER)
        else OwningParty.SHARED
    )
    if party not in dict(COMMUNICATION_OWNERS):
        raise DomainError(
            "The owning party is the customer, the provider or shared.", field="owner_party"
        )
    return values | {
        "title": values["title"].strip(),
        "audience": values["audience"].strip(),
        "owner": owner,
        "owner_party": party,
        "next_due_on": next_due(values["frequency"], values["last_done_on"], values["starts_on"]),
    }


@transaction.atomic
def item_create(
    *,
    acting_user: User,
    program: Program,
    title: str,
    audience: str,
    channel: str,
    frequency: str,
    purpose: str = "",
    owner: Membership | int | None = None,
    owner_party: str = "",
    starts_on: dt.date | None = None,
    last_done_on: dt.date | None = None,
) -> CommunicationItem:
    policy.require(acting_user, "change", CommunicationItem(program=program))
    values = _clean(
        program,
        {
            "title": title,
            "audience": audience,
            "purpose": purpose,
            "channel": channel,
            "frequency": frequency,
            "owner": owner,
            "owner_party": owner_party,
            "starts_on": starts_on,
            "last_done_on": last_done_on,
        },
    )
    item = CommunicationItem.objects.create(program=program, **values)
    audit_record(
        acting_user=acting_user,
        program=program,
        action=AuditAction.CREATE,
        target=item,
        changes={k: [None, v] for k, v in snapshot(item, ITEM_FIELDS).items() if v},
    )
    return item


@transaction.atomic
def item_update(
    *,
    acting_user: User,
    item: CommunicationItem,
    title: str,
    audience: str,
    channel: str,
    frequency: str,
    purpose: str = "",
    owner: Membership | int | None = None,
    owner_party: str = "",
    starts_on: dt.date | None = None,
    last_done_on: dt.date | None = None,
) -> CommunicationItem:
    item = CommunicationItem.objects.select_for_update().select_related("program").get(pk=item.pk)
    policy.require(acting_user, "change", item)
    values = _clean(
        item.program,
        {
            "title": title,
            "audience": audience,
            "purpose": purpose,
            "channel": channel,
            "frequency": frequency,
            "owner": owner,
            "owner_party": owner_party,
            "starts_on": starts_on,
            "last_done_on": last_done_on,
        },
    )
    before = snapshot(item, ITEM_FIELDS)
    for name, value in values.items():
        setattr(item, name, value)
    item.save()
    audit_update(
        acting_user=acting_user,
        program=item.program,
        target=item,
        before=before,
        fields=ITEM_FIELDS,
    )
    return item


@transaction.atomic
def item_mark_done(
    *,
    acting_user: User,
    item: CommunicationItem,
    done_on: dt.date | None = None,
    note: str = "",
) -> CommunicationDelivery:
    """Record that ``item`` was done on ``done_on`` (today by default), by whom, and move its
    next due date on. A date earlier than the last one is recorded without moving it back."""
    item = CommunicationItem.objects.select_for_update().select_related("program").get(pk=item.pk)
    policy.require(acting_user, "change", item)
    program = item.program
    day = done_on or limits.today()
    limits.check_program_date(program, day, field="done_on", what="The date done", past_only=True)
    limits.check_text(note, field="note", limit=MAX_NOTE_LENGTH, what="The note")
    membership = policy.membership_of(acting_user, program)
    delivery = CommunicationDelivery.objects.create(
        item=item,
        done_on=day,
        note=note.strip(),
        recorded_by=acting_user,
        recorded_by_name=acting_user.get_full_name() or acting_user.get_username(),
        recorded_by_party=membership.party if membership else "",
        recorded_at=timezone.now(),
    )
    before = snapshot(item, ITEM_FIELDS)
    if item.last_done_on is None or day > item.last_done_on:
        item.last_done_on = day
        item.next_due_on = next_due(item.frequency, day, item.starts_on)
        item.save(update_fields=["last_done_on", "next_due_on", "updated_at"])
    audit_record(
        acting_user=acting_user,
        program=program,
        action=AuditAction.UPDATE,
        target=item,
        changes={"done_on": [None, day]}
        | {k: [before[k], v] for k, v in snapshot(item, ITEM_FIELDS).items() if before[k] != v},
    )
    return delivery


@transaction.atomic
def item_delete(*, acting_user: User, item: CommunicationItem) -> None:
    policy.require(acting_user, "change", item)
    audit_record(
        acting_user=acting_user, program=item.program, action=AuditAction.DELETE, target=item
    )
    item.delete()
