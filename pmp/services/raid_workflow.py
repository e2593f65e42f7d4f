"""The RAID log's life cycles (``raid_rules.WORKFLOWS``): each step checks who may and from
which status, writes the item, its history row and an audit event in one transaction.

A risk that occurs becomes an issue: a new issue linked to the risk, the risk closed as
occurred, both with their history, in one transaction."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction

from programs import limits
from programs.errors import DomainError
from programs.registers import transition_apply

from ..choices import IssuePriority, LinkKind, RaidKind
from ..models import RaidHistory, RaidItem, RaidLink
from .raid import item_create, scheme_for
from .raid_rules import WORKFLOWS

#: The priority of the issue a risk becomes, by the band of its (residual) rating.
ISSUE_PRIORITY_BY_BAND = {
    "low": IssuePriority.LOW,
    "moderate": IssuePriority.MEDIUM,
    "high": IssuePriority.HIGH,
    "very_high": IssuePriority.CRITICAL,
}


def _apply(
    acting_user: User,
    item: RaidItem,
    name: str,
    *,
    reason: str = "",
    changes: dict[str, Any] | None = None,
    validate: Any = None,
    details: dict[str, Any] | None = None,
) -> RaidHistory:
    workflow = WORKFLOWS[item.kind]
    if name not in workflow.transitions:
        raise DomainError(
            f"A {item.get_kind_display().lower()} has no step named {name}.", field="status"
        )
    limits.check_text(reason, field="reason", limit=limits.MAX_TEXT_LENGTH, what="The reason")
    history = transition_apply(
        acting_user=acting_user,
        item=item,
        workflow=workflow,
        name=name,
        history_model=RaidHistory,
        reason=reason,
        changes=changes,
        validate=validate,
        details=details,
    )
    assert isinstance(history, RaidHistory)
    return history


def item_transition(
    *, acting_user: User, item: RaidItem, name: str, reason: str = ""
) -> RaidHistory:
    """A step with nothing to record but its reason: close or reopen a risk, close or reopen
    an issue, cancel or reopen an action, supersede a decision."""
    changes: dict[str, Any] = {}
    if name in ("close", "cancel", "supersede"):
        changes["closed_on"] = limits.today()
    if name == "reopen":
        changes = (
            {"closed_on": None, "done_on": None}
            if item.kind == RaidKind.ACTION
            else {"closed_on": None}
        )
    special = {"review", "occur", "resolve", "complete", "decide"}
    if name in special:
        raise DomainError(f"{name.capitalize()} has a form of its own.", field="status")
    return _apply(acting_user, item, name, reason=reason, changes=changes)


def risk_review(
    *, acting_user: User, item: RaidItem, note: str = "", next_review_on: date | None = None
) -> RaidHistory:
    """The risk was reviewed today: its next review falls the scheme's interval later, or on
    the date given (after today)."""
    today = limits.today()
    interval = scheme_for(item.program).review_interval_days
    following = next_review_on or today + timedelta(days=interval)
    limits.check_program_date(
        item.program, following, field="next_review_on", what="The next review date"
    )
    if following <= today:
        raise DomainError("The next review falls after today.", field="next_review_on")
    return _apply(
        acting_user,
        item,
        "review",
        reason=note,
        changes={"last_reviewed_on": today, "next_review_on": following},
    )


def risk_occur(
    *, acting_user: User, item: RaidItem, note: str = "", due_on: date | None = None
) -> RaidItem:
    """The risk occurred: it becomes a new issue (same owner, its effect as the impact, a
    priority by the band of its rating, on the status report if the risk was) linked to it,
    and the risk is closed as occurred."""
    with transaction.atomic():
        _apply(
            acting_user,
            item,
            "occur",
            reason=note,
            changes={"closed_on": limits.today()},
        )
        item.refresh_from_db()
        scheme = scheme_for(item.program)
        p = item.residual_probability or item.inherent_probability
        i = item.residual_impact or item.inherent_impact
        band = scheme.band(p, i) or "moderate"
        issue = item_create(
            acting_user=acting_user,
            program=item.program,
            kind=RaidKind.ISSUE,
            title=item.title,
            description=f"{item.reference} occurred. {note}".strip() + "\n\n" + item.description,
            owner_party=item.owner_party,
            owner=item.owner,
            category=item.category,
            priority=ISSUE_PRIORITY_BY_BAND[band],
            impact=item.effect,
            due_on=due_on,
            on_status_report=item.on_status_report,
        )
        issue.from_risk = item
        issue.save(update_fields=["from_risk"])
        RaidLink.objects.create(item=issue, kind=LinkKind.RAID_ITEM, raid_item=item)
        RaidHistory.objects.filter(item=item, action="occur").update(
            details={"issue": issue.reference}
        )
    return issue


def issue_resolve(*, acting_user: User, item: RaidItem, resolution: str) -> RaidHistory:
    """The issue is resolved: its resolution says how."""
    resolution = resolution.strip()
    limits.check_text(
        resolution, field="resolution", limit=limits.MAX_TEXT_LENGTH, what="The resolution"
    )
    if not resolution:
        raise DomainError("A resolved issue says how it was resolved.", field="resolution")
    return _apply(acting_user, item, "resolve", changes={"resolution": resolution})


def action_complete(
    *, acting_user: User, item: RaidItem, done_on: date | None = None, note: str = ""
) -> RaidHistory:
    """The action is done, on ``done_on`` (today by default): not before it was raised, nor
    in the future."""
    done = done_on or limits.today()

    def validate(locked: RaidItem) -> None:
        limits.check_program_date(
            locked.program, done, field="done_on", what="The date done", past_only=True
        )
        if done < locked.raised_on:
            raise DomainError(
                f"An action is done on or after the day it was raised "
                f"({locked.raised_on:%Y-%m-%d}).",
                field="done_on",
            )

    return _apply(
        acting_user, item, "complete", reason=note, changes={"done_on": done}, validate=validate
    )


def decision_decide(
    *,
    acting_user: User,
    item: RaidItem,
    decided_on: date | None = None,
    decided_by: str = "",
    rationale: str = "",
) -> RaidHistory:
    """The decision is taken, on ``decided_on`` (today by default), by ``decided_by`` (the
    governance body or person it names unless given)."""
    day = decided_on or limits.today()
    decided_by = decided_by.strip()
    rationale = rationale.strip()

    def validate(locked: RaidItem) -> None:
        limits.check_text(decided_by, field="decided_by", limit=200, what="Who decided")
        limits.check_text(
            rationale, field="rationale", limit=limits.MAX_TEXT_LENGTH, what="The rationale"
        )
        if not (decided_by or locked.decided_by):
            raise DomainError(
                "A decision names who decided it: a governance body or a person.",
                field="decided_by",
            )
        limits.check_program_date(
            locked.program, day, field="decided_on", what="The date decided", past_only=True
        )

    changes: dict[str, Any] = {"decided_on": day}
    if decided_by:
        changes["decided_by"] = decided_by
    if rationale:
        changes["rationale"] = rationale
    return _apply(acting_user, item, "decide", changes=changes, validate=validate)
