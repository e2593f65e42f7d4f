"""The schedule's notification kinds (``programs.notifications``).

Who is told:
- a change request proposed: the Program Managers of the customer and the provider (who
  decide it) and the PMO Leads of both parties;
- a change request decided (approved once both parties approved, or rejected): the person
  who proposed it and the Program Managers and PMO Leads of both parties.
"""

from __future__ import annotations

from typing import Any

from programs.choices import MEMBER_MANAGING_ROLES, AuditAction
from programs.models import AuditEvent
from programs.notifications.recipients import members
from programs.notifications.registry import (
    NotificationKind,
    register_notification_kind,
    status_changed_to,
)

from .choices import ChangeRequestStatus
from .models import ChangeRequest
from .services.change_requests import DECIDING_PARTIES

MODEL = "schedule.changerequest"


def managers(event: AuditEvent, change_request: ChangeRequest) -> Any:
    return members(
        change_request.schedule.program, parties=DECIDING_PARTIES, roles=MEMBER_MANAGING_ROLES
    )


def managers_and_requester(event: AuditEvent, change_request: ChangeRequest) -> Any:
    program = change_request.schedule.program
    return managers(event, change_request) | members(program).filter(
        pk=change_request.requested_by_id
    )


def _decided(event: AuditEvent, change_request: ChangeRequest) -> str:
    return f"{change_request} was {change_request.get_status_display().lower()}"


CHANGE_REQUEST_PROPOSED = NotificationKind(
    key="change_request_proposed",
    label="A schedule change request is proposed",
    model=MODEL,
    actions=frozenset({AuditAction.CREATE}),
    recipients=managers,
    title=lambda event, cr: f"{cr} was proposed by {event.actor_name}",
)
CHANGE_REQUEST_DECIDED = NotificationKind(
    key="change_request_decided",
    label="A schedule change request is decided",
    model=MODEL,
    actions=frozenset({AuditAction.APPROVE, AuditAction.UPDATE}),
    applies=status_changed_to(ChangeRequestStatus.APPROVED, ChangeRequestStatus.REJECTED),
    recipients=managers_and_requester,
    title=_decided,
)


def register() -> None:
    register_notification_kind(CHANGE_REQUEST_PROPOSED)
    register_notification_kind(CHANGE_REQUEST_DECIDED)
