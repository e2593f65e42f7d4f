"""The IV&V register's notification kind (``programs.notifications``).

Who is told of a finding raised: the Program Managers and PMO Leads of the party that must
answer it (the customer or the provider)."""

from __future__ import annotations

from typing import Any

from programs.choices import MEMBER_MANAGING_ROLES, AuditAction
from programs.models import AuditEvent
from programs.notifications.recipients import members
from programs.notifications.registry import NotificationKind, register_notification_kind

from .models import Finding


def answering_managers(event: AuditEvent, finding: Finding) -> Any:
    return members(finding.program, parties=(finding.answering_party,), roles=MEMBER_MANAGING_ROLES)


FINDING_RAISED = NotificationKind(
    key="finding_raised",
    label="An IV&V finding is raised against my party",
    model="ivv.finding",
    actions=frozenset({AuditAction.CREATE}),
    recipients=answering_managers,
    title=lambda event, f: (
        f"IV&V finding {f} was raised; the answer is due {f.response_due:%b %-d, %Y}"
    ),
)


def register() -> None:
    register_notification_kind(FINDING_RAISED)
