"""A register's life cycle as data: which transitions there are, from which statuses, to
which, and who may make each; one function applies a transition.

A refusal changes nothing and names the rule it breaks: "Only the IV&V agent closes a finding
after verifying its evidence." A status the transition does not start from is refused too,
naming the statuses it does start from.

A transition changes the item: its revision moves on, so an edit form opened before it is
refused with the transition shown as what changed meanwhile.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, User
from django.db import transaction
from django.utils import timezone

from ..choices import AuditAction
from ..concurrency import revision_bump
from ..errors import DomainError, ErrorCode, PermissionRefused
from ..models import person_name
from ..policy import membership_of, program_of
from ..services.audit import audit_record
from .models import RegisterHistory, RegisterItem

I = TypeVar("I", bound=RegisterItem)  # noqa: E741
AnyUser = AbstractBaseUser | AnonymousUser
Who = Callable[[AnyUser, Any], bool]


class TransitionRefused(DomainError):
    """The item's status does not allow the transition: nothing is written."""

    code = ErrorCode.TRANSITION_NOT_ALLOWED


@dataclass(frozen=True)
class Transition:
    """One move of the life cycle. ``target`` None: the status stays (an escalation is
    recorded in the history without moving the item)."""

    name: str
    label: str
    sources: frozenset[str]
    target: str | None
    who: Who = field(compare=False)
    #: The rule a refusal quotes, as a person reads it.
    rule: str
    needs_reason: bool = False
    #: What the reason is called on forms and in refusals ("rationale", "reason").
    reason_label: str = "reason"

    def allows(self, user: AnyUser, item: Any) -> bool:
        return item.status in self.sources and self.who(user, item)


class Workflow:
    """The transitions of one register, by name, and the statuses' labels for messages."""

    def __init__(
        self, transitions: Iterable[Transition], *, status_labels: Mapping[str, str]
    ) -> None:
        self.transitions = {t.name: t for t in transitions}
        self.status_labels = dict(status_labels)

    def __getitem__(self, name: str) -> Transition:
        return self.transitions[name]

    def available(self, user: AnyUser, item: Any) -> list[Transition]:
        """The transitions ``user`` may make on ``item`` now (what its page offers)."""
        return [t for t in self.transitions.values() if t.allows(user, item)]

    def check(self, user: AnyUser, item: Any, name: str) -> Transition:
        """The transition, or the refusal that names its rule: who may first (a person who
        may not is told the rule, not the status), then the statuses it starts from."""
        transition = self.transitions[name]
        if not transition.who(user, item):
            raise PermissionRefused(transition.rule)
        if item.status not in transition.sources:
            now = self.status_labels.get(item.status, item.status).lower()
            sources = sorted(self.status_labels.get(s, s).lower() for s in transition.sources)
            listed = sources[0] if len(sources) == 1 else ", ".join(sources[:-1])
            if len(sources) > 1:
                listed += f" or {sources[-1]}"
            raise TransitionRefused(
                f"{item.reference} is {now}: only an item that is {listed} can be "
                f"{transition.label.lower()}.",
                field="status",
            )
        return transition


def transition_apply(
    *,
    acting_user: User,
    item: I,
    workflow: Workflow,
    name: str,
    history_model: type[RegisterHistory],
    reason: str = "",
    changes: Mapping[str, Any] | None = None,
    validate: Callable[[I], None] | None = None,
    details: Mapping[str, Any] | None = None,
) -> RegisterHistory:
    """Apply transition ``name`` to ``item``: lock it, check the rule and its status, run
    ``validate`` on the locked item as it stands (a domain error refuses), set ``changes``
    and the new status, move its revision on, and record the history row and an audit event
    (with the revision, so an edit form opened before shows who made the transition), all in
    one transaction."""
    with transaction.atomic():
        locked = type(item).objects.select_for_update().get(pk=item.pk)  # type: ignore[attr-defined]
        transition = workflow.check(acting_user, locked, name)
        reason = reason.strip()
        if transition.needs_reason and not reason:
            raise DomainError(
                f"{transition.label} needs a {transition.reason_label}.", field="reason"
            )
        if validate is not None:
            validate(locked)
        for attr, value in (changes or {}).items():
            setattr(locked, attr, value)
        before = locked.status
        if transition.target is not None:
            locked.status = transition.target
        locked.save()
        program = program_of(locked)
        membership = membership_of(acting_user, program)
        history = history_model.objects.create(  # type: ignore[attr-defined]
            item=locked,
            action=transition.name,
            from_status=before,
            to_status=locked.status,
            actor=acting_user,
            actor_name=person_name(acting_user),
            actor_party=membership.party if membership else "",
            actor_role=membership.role if membership else "",
            reason=reason,
            details=dict(details or {}),
            at=timezone.now(),
        )
        recorded = {"status": [before, locked.status]} if before != locked.status else {}
        recorded |= {attr: [None, value] for attr, value in (changes or {}).items()}
        if reason:
            recorded[transition.reason_label] = [None, reason]
        recorded["revision"] = [locked.revision, locked.revision + 1]
        revision_bump(locked)
        audit_record(
            acting_user=acting_user,
            program=program,
            action=AuditAction.TRANSITION,
            target=locked,
            changes={"transition": [None, transition.name], **recorded},
        )
    item.refresh_from_db()
    return history
