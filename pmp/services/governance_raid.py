"""What a governance meeting reads from and writes to the RAID log: the agenda it starts
from (the program's open actions and the risks due for review by its date) and the
decisions and actions it records, as Decision and Action items linked to it."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from programs import limits, policy
from programs.choices import OwningParty
from programs.errors import DomainError
from programs.models import Membership, Program

from ..choices import ActionSource, RaidKind, RaidStatus
from ..models import Meeting, RaidItem
from . import raid, raid_workflow
from .shared_checks import program_member

# -- the agenda ------------------------------------------------------------------------------


def open_actions(program: Program) -> QuerySet[RaidItem]:
    return (
        RaidItem.objects.filter(program=program, kind=RaidKind.ACTION, status=RaidStatus.OPEN)
        .select_related("owner__user")
        .order_by("due_on", "number")
    )


def risks_for_review(program: Program, on: dt.date) -> QuerySet[RaidItem]:
    """Open risks whose next review falls on or before ``on``."""
    return (
        RaidItem.objects.filter(
            program=program,
            kind=RaidKind.RISK,
            status=RaidStatus.OPEN,
            next_review_on__lte=on,
        )
        .select_related("owner__user")
        .order_by("next_review_on", "number")
    )


def _line(item: RaidItem, when: str) -> str:
    owner = item.owner.display_name if item.owner else item.owner_party_label
    return f"- {item.reference} {item.title} ({owner}{when})"


def agenda_for(program: Program, on: dt.date) -> str:
    """The agenda a meeting on ``on`` starts from, in Markdown."""
    lines = ["### Open actions", ""]
    actions = list(open_actions(program))
    for a in actions:
        due = f", due {a.due_on:%Y-%m-%d}" if a.due_on else ""
        late = "; overdue" if a.due_on and a.due_on < on else ""
        lines.append(_line(a, due + late))
    if not actions:
        lines.append("None open.")
    lines += ["", "### Risks due for review", ""]
    risks = list(risks_for_review(program, on))
    for r in risks:
        score = f", score {r.residual_score or r.inherent_score}" if r.inherent_score else ""
        lines.append(_line(r, f"{score}, review due {r.next_review_on:%Y-%m-%d}"))
    if not risks:
        lines.append("None due.")
    lines += ["", "### Decisions needed", "", "### Any other business", ""]
    return "\n".join(lines)


# -- decisions and actions ------------------------------------------------------------------


def _recorded(acting_user: User, meeting: Meeting, kind: RaidKind, **values: Any) -> RaidItem:
    """A RAID item recorded in ``meeting``, raised on its date, through the log's own service
    (its rules, numbering and audit)."""
    policy.require(acting_user, "view", meeting)
    policy.require(acting_user, "change", meeting)
    return raid.item_create(
        acting_user=acting_user,
        program=meeting.program,
        kind=kind,
        meeting=meeting,
        raised_on=timezone.localtime(meeting.starts_at).date(),
        **values,
    )


@transaction.atomic
def meeting_record_decision(
    *,
    acting_user: User,
    meeting: Meeting,
    title: str,
    decision: str,
    decided_by: str | None = None,
    rationale: str = "",
    owner_party: str = OwningParty.SHARED,
) -> RaidItem:
    """A decision the meeting took: a Decision of the RAID log, decided on the meeting's date
    by its body unless ``decided_by`` names someone else."""
    decider = meeting.body.name if decided_by is None else decided_by.strip()
    if not decider:
        raise DomainError(
            "A decision names who decided it: the body or the person.", field="decided_by"
        )
    limits.check_text(decider, field="decided_by", limit=200, what="Who decided")
    if not decision.strip():
        raise DomainError("A decision states what was decided.", field="decision")
    limits.check_text(decision, field="decision", limit=limits.MAX_TEXT_LENGTH, what="It")
    limits.check_text(rationale, field="rationale", limit=limits.MAX_TEXT_LENGTH, what="It")
    held_on = timezone.localtime(meeting.starts_at).date()
    item = _recorded(
        acting_user,
        meeting,
        RaidKind.DECISION,
        title=title,
        decision=decision,
        decided_by=decider,
        rationale=rationale,
        owner_party=owner_party or OwningParty.SHARED,
    )
    raid_workflow.decision_decide(
        acting_user=acting_user, item=item, decided_on=held_on, decided_by=decider
    )
    item.refresh_from_db()
    return item


@transaction.atomic
def meeting_record_action(
    *,
    acting_user: User,
    meeting: Meeting,
    title: str,
    due_on: dt.date | None,
    owner: Membership | int | None = None,
    description: str = "",
    owner_party: str = OwningParty.SHARED,
) -> RaidItem:
    """An action the meeting assigned: an Action of the RAID log, source "meeting", due on
    or after the meeting's date."""
    program = meeting.program
    if due_on is None:
        raise DomainError("An action needs a due date.", field="due_on")
    held_on = timezone.localtime(meeting.starts_at).date()
    if due_on < held_on:
        raise DomainError(
            f"An action is due on or after the meeting that assigned it ({held_on:%Y-%m-%d}).",
            field="due_on",
        )
    limits.check_program_date(program, due_on, field="due_on", what="The due date")
    limits.check_text(
        description, field="description", limit=limits.MAX_TEXT_LENGTH, what="The description"
    )
    member = program_member(program, owner, field="owner", what="The owner")
    return _recorded(
        acting_user,
        meeting,
        RaidKind.ACTION,
        title=title,
        description=description,
        due_on=due_on,
        owner=member,
        owner_party=owner_party or OwningParty.SHARED,
        source=ActionSource.MEETING,
    )
