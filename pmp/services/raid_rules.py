"""Who moves a RAID item along its life cycle, and who edits, comments and sets the scheme.

- An item owned by the customer or the provider is changed (edited, moved, linked) by that
  party's editors (Program Manager, PMO Lead, PMO team); a shared item by the editors of
  either party (``programs.policy``: ``change`` on the item).
- Members of either party but viewers, and the IV&V agent, comment on every item.
- Viewers and everyone else of the program read; outsiders do not find the log at all.
- The risk scheme (labels, banding, review interval) is set by the Program Managers and PMO
  Leads of either party: it decides how both parties' risks are rated.

Life cycles: a risk is open, closed, or occurred (it became an issue); an issue open,
resolved, closed; an action open, done, cancelled; a decision proposed, decided, superseded.
"""

from __future__ import annotations

from typing import Any

from programs import policy
from programs.choices import MEMBER_MANAGING_ROLES, Party
from programs.models import Program
from programs.registers import Transition, Workflow

from ..choices import RaidKind, RaidStatus
from ..models import RaidItem

S = RaidStatus

CHANGE_RULE = (
    "Only the editors (Program Manager, PMO Lead, PMO team) of the party that owns a RAID item "
    "change it; a shared item, the editors of either party."
)
COMMENT_RULE = (
    "Members of the customer and the provider (viewers read only) and the IV&V agent comment "
    "on RAID items."
)
SCHEME_RULE = (
    "Only the Program Managers and PMO Leads of the customer and the provider set the risk scheme."
)
#: Statuses in which an item's content no longer changes (reopen it first).
FINAL = frozenset({S.CLOSED, S.OCCURRED, S.CANCELLED, S.SUPERSEDED, S.DONE})


def may_change(user: Any, item: RaidItem) -> bool:
    return policy.can(user, "change", item)


def may_create(user: Any, program: Program, owner_party: str) -> bool:
    return policy.can_change_party(user, program, owner_party)


def may_create_any(user: Any, program: Program) -> bool:
    return any(
        may_create(user, program, party) for party in (Party.CUSTOMER, Party.PROVIDER, "shared")
    )


def may_edit(user: Any, item: RaidItem) -> bool:
    return item.status not in FINAL and may_change(user, item)


def may_comment(user: Any, item: RaidItem) -> bool:
    return policy.can(user, "view", item) and policy.can_comment(user, item)


def may_set_scheme(user: Any, program: Program) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    if getattr(user, "is_superuser", False):
        return True
    membership = policy.membership_of(user, program)
    return (
        membership is not None
        and membership.party in (Party.CUSTOMER, Party.PROVIDER)
        and membership.role in MEMBER_MANAGING_ROLES
    )


def _t(name: str, label: str, sources: set[str], target: str | None, **extra: Any) -> Transition:
    return Transition(
        name=name,
        label=label,
        sources=frozenset(sources),
        target=target,
        who=may_change,
        rule=CHANGE_RULE,
        **extra,
    )


def _labels(kind: str) -> dict[str, str]:
    return dict(RaidStatus.choices)


WORKFLOWS: dict[str, Workflow] = {
    RaidKind.RISK: Workflow(
        [
            _t("review", "Reviewed", {S.OPEN}, None),
            _t("occur", "Occurred: became an issue", {S.OPEN}, S.OCCURRED),
            _t("close", "Closed", {S.OPEN}, S.CLOSED, needs_reason=True),
            _t("reopen", "Reopened", {S.CLOSED}, S.OPEN, needs_reason=True),
        ],
        status_labels=_labels(RaidKind.RISK),
    ),
    RaidKind.ISSUE: Workflow(
        [
            _t("resolve", "Resolved", {S.OPEN}, S.RESOLVED),
            _t("close", "Closed", {S.RESOLVED}, S.CLOSED),
            _t("reopen", "Reopened", {S.RESOLVED, S.CLOSED}, S.OPEN, needs_reason=True),
        ],
        status_labels=_labels(RaidKind.ISSUE),
    ),
    RaidKind.ACTION: Workflow(
        [
            _t("complete", "Done", {S.OPEN}, S.DONE),
            _t("cancel", "Cancelled", {S.OPEN}, S.CANCELLED, needs_reason=True),
            _t("reopen", "Reopened", {S.DONE, S.CANCELLED}, S.OPEN, needs_reason=True),
        ],
        status_labels=_labels(RaidKind.ACTION),
    ),
    RaidKind.DECISION: Workflow(
        [
            _t("decide", "Decided", {S.PROPOSED}, S.DECIDED),
            _t("supersede", "Superseded", {S.DECIDED}, S.SUPERSEDED, needs_reason=True),
        ],
        status_labels=_labels(RaidKind.DECISION),
    ),
}


def available_actions(user: Any, item: RaidItem) -> list[Transition]:
    return WORKFLOWS[item.kind].available(user, item)
