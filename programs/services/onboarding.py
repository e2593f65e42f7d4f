"""The provider PMO's onboarding checklist (activity 1, provider-owned)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Max

from ..board import ONBOARDING_ACTIVITY_KEY
from ..choices import AuditAction
from ..concurrency import check_revision
from ..errors import DomainError
from ..limits import (
    MAX_POSITION,
    MAX_TEXT_LENGTH,
    MAX_TITLE_LENGTH,
    check_program_date,
    check_text,
)
from ..models import Membership, OnboardingItem, Program
from ..policy import require
from .audit import audit_record, audit_update, diff, snapshot
from .board import activity_follow_evidence

ONBOARDING_FIELDS = ["title", "owner", "due_date", "done_date", "notes", "position"]


@transaction.atomic
def onboarding_item_create(
    *,
    acting_user: User,
    program: Program,
    title: str,
    owner: Membership | None = None,
    due_date: dt.date | None = None,
    done_date: dt.date | None = None,
    notes: str = "",
) -> OnboardingItem:
    position = (program.onboarding_items.aggregate(m=Max("position"))["m"] or 0) + 1
    item = OnboardingItem(
        program=program,
        title=title,
        owner=owner,
        due_date=due_date,
        done_date=done_date,
        notes=notes,
        position=position,
    )
    require(acting_user, "change", item)
    _check_owner(program, owner)
    _check_limits(item)
    _check_dates(item)
    item.full_clean()
    item.save()
    audit_record(
        acting_user=acting_user,
        program=program,
        action=AuditAction.CREATE,
        target=item,
        changes=diff({}, snapshot(item, ONBOARDING_FIELDS)),
    )
    _follow_on_board(acting_user, program)
    return item


def _follow_on_board(acting_user: User, program: Program) -> None:
    activity_follow_evidence(acting_user=acting_user, program=program, key=ONBOARDING_ACTIVITY_KEY)


def _check_owner(program: Program, owner: Membership | None) -> None:
    if owner is not None and owner.program_id != program.pk:
        raise DomainError("The owner must be a member of this program.", field="owner")


def _check_dates(item: OnboardingItem, before: dict[str, Any] | None = None) -> None:
    """A due date within the program's range; a done date within it and not in the future.
    An update checks only the dates it changes."""
    for field, what, past_only in (
        ("due_date", "The due date", False),
        ("done_date", "The done date", True),
    ):
        if before is not None and before.get(field) == snapshot(item, [field])[field]:
            continue
        check_program_date(
            item.program, getattr(item, field), field=field, what=what, past_only=past_only
        )


def _check_limits(item: OnboardingItem) -> None:
    check_text(item.title, field="title", limit=MAX_TITLE_LENGTH, what="A title")
    check_text(item.notes, field="notes", limit=MAX_TEXT_LENGTH, what="Notes")
    if not isinstance(item.position, int) or not 0 <= item.position <= MAX_POSITION:
        raise DomainError(f"The position is between 0 and {MAX_POSITION:,}.", field="position")


@transaction.atomic
def onboarding_item_update(
    *, acting_user: User, item: OnboardingItem, revision: int | None = None, **values: Any
) -> OnboardingItem:
    """Change an item of the checklist. ``revision`` is the item's revision the change was
    made from: if someone has changed the item since, nothing is written (StaleEditError with
    their changes)."""
    item.refresh_from_db(from_queryset=OnboardingItem.objects.select_for_update())
    require(acting_user, "change", item)
    check_revision(item, revision, what=f"the onboarding item “{item}”")
    before = snapshot(item, ONBOARDING_FIELDS)
    for name, value in values.items():
        if name not in ONBOARDING_FIELDS:
            raise DomainError(f"{name} is not a field of an onboarding item.", field=name)
        setattr(item, name, value)
    _check_owner(item.program, item.owner)
    _check_limits(item)
    _check_dates(item, before)
    item.full_clean()
    item.save()
    audit_update(
        acting_user=acting_user,
        program=item.program,
        target=item,
        before=before,
        fields=ONBOARDING_FIELDS,
    )
    _follow_on_board(acting_user, item.program)
    return item


@transaction.atomic
def onboarding_item_delete(*, acting_user: User, item: OnboardingItem) -> None:
    require(acting_user, "change", item)
    audit_record(
        acting_user=acting_user,
        program=item.program,
        action=AuditAction.DELETE,
        target=item,
        changes=diff(snapshot(item, ONBOARDING_FIELDS), {}),
    )
    item.delete()
    _follow_on_board(acting_user, item.program)
