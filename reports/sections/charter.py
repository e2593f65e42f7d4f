"""The program's identity: who, what and when, from the program and its approved charter."""

from __future__ import annotations

from typing import Any

from programs.choices import DocumentStatus
from programs.models import DocumentVersion

from .base import Context, day

KEY = "charter"
TITLE = "Program"


def read(ctx: Context) -> dict[str, Any]:
    program = ctx.program
    charter = (
        DocumentVersion.objects.filter(
            document__program=program, document__kind="charter", status=DocumentStatus.APPROVED
        )
        .order_by("-number")
        .values_list("number", "approved_at")
        .first()
    )
    return {
        "present": True,
        "name": program.name,
        "code": program.code,
        "description": program.description,
        "customer": program.customer.name,
        "provider": program.provider.name,
        "phase": program.get_phase_display(),
        "status": program.get_status_display(),
        "start": day(program.start_date),
        "planned_end": day(program.planned_end_date),
        "charter_version": charter[0] if charter else None,
        "charter_approved": day(charter[1]) if charter else None,
    }


def assess(data: dict[str, Any], t: Any) -> None:
    """The program's identity sets no status."""
    return None
