"""The QASP's notification kind (``programs.notifications``).

Who is told of a corrective action request issued: the provider's Program Managers and PMO
Leads (the provider answers it)."""

from __future__ import annotations

from typing import Any

from programs.choices import MEMBER_MANAGING_ROLES, AuditAction, Party
from programs.models import AuditEvent
from programs.notifications.recipients import members
from programs.notifications.registry import NotificationKind, register_notification_kind

from .models import CorrectiveActionRequest


def provider_managers(event: AuditEvent, car: CorrectiveActionRequest) -> Any:
    return members(car.program, parties=(Party.PROVIDER,), roles=MEMBER_MANAGING_ROLES)


CAR_RAISED = NotificationKind(
    key="car_raised",
    label="A corrective action request is issued to the provider",
    model="qasp.correctiveactionrequest",
    actions=frozenset({AuditAction.CREATE}),
    recipients=provider_managers,
    title=lambda event, car: (
        f"Corrective action request {car.reference} ({car.standard_code}) was issued; "
        f"the answer is due {car.response_due:%b %-d, %Y}"
    ),
)


def register() -> None:
    register_notification_kind(CAR_RAISED)
