"""The status reports' notification kind (``programs.notifications``).

Who is told of a report released: the Executive Sponsors, Program Managers and PMO Leads of
the customer and the provider."""

from __future__ import annotations

from typing import Any

from programs.choices import AuditAction, Party, Role
from programs.models import AuditEvent
from programs.notifications.recipients import members
from programs.notifications.registry import (
    NotificationKind,
    register_notification_kind,
    status_changed_to,
)

from .choices import StatusReportStatus
from .models import StatusReport

READERS = (Role.EXECUTIVE_SPONSOR, Role.PROGRAM_MANAGER, Role.PMO_LEAD)


def readers(event: AuditEvent, report: StatusReport) -> Any:
    return members(report.program, parties=(Party.CUSTOMER, Party.PROVIDER), roles=READERS)


REPORT_RELEASED = NotificationKind(
    key="report_released",
    label="A status report is released",
    model="reports.statusreport",
    actions=frozenset({AuditAction.TRANSITION}),
    applies=status_changed_to(StatusReportStatus.RELEASED),
    recipients=readers,
    title=lambda event, r: f"The status report of {r.period_label} was released",
)


def register() -> None:
    register_notification_kind(REPORT_RELEASED)
