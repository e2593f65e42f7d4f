"""The SME Memorandum of Understanding as a versioned document kind (Play 3.1, lesson 7):
one per subject-matter expert, owned by the SME's party, signed by the SME, a signatory of
their party and the other party's Program Manager it names. It evidences no activity of the
board by itself (no artifact rule): the RACI matrix and the Resource Management Plan do."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.urls import reverse

from programs.choices import OwningParty
from programs.documents import Column, DocumentKind, Field, Section, Table
from programs.errors import DomainError, ErrorCode
from programs.models import Document, DocumentVersion

from .models.sessions import SessionKind

SME_MOU = "sme_mou"
#: An SME's week holds at most this many hours.
MAX_HOURS_PER_WEEK = Decimal(168)


def period_error(fields: dict[str, Any]) -> DomainError | None:
    """Why the MOU's period makes no sense (an end before its start), or None."""
    start, end = fields.get("period_start"), fields.get("period_end")
    if start and end and dt.date.fromisoformat(end) < dt.date.fromisoformat(start):
        return DomainError(
            f"The period ends ({end}) before it starts ({start}): the end date is on or after "
            "the start date.",
            code=ErrorCode.INVALID_CONTENT,
            field="fields.period_end",
        )
    hours = fields.get("hours_per_week")
    if hours is not None and Decimal(hours) > MAX_HOURS_PER_WEEK:
        return DomainError(
            f"Hours per week is at most {MAX_HOURS_PER_WEEK}; this one says {hours}.",
            code=ErrorCode.INVALID_CONTENT,
            field="fields.hours_per_week",
        )
    return None


def _submit_check(version: DocumentVersion) -> None:
    content = version.content
    problem = period_error(content.get("fields", {}))
    if problem is not None:
        raise problem
    for number, row in enumerate(content.get("tables", {}).get("sessions", []), start=1):
        if (row.get("per_month") or 0) < 1:
            raise DomainError(
                f"Sessions committed, row {number}: sessions per month is at least 1.",
                code=ErrorCode.INVALID_CONTENT,
                field=f"tables.sessions[{number}].per_month",
            )


def mou_url(document: Document) -> str:
    return reverse(
        "raci:mou:home", kwargs={"code": document.program.code, "document_id": document.pk}
    )


SME_MOU_KIND = DocumentKind(
    key=SME_MOU,
    name="SME Memorandum of Understanding",
    # Each MOU is owned by its SME's party (``document_create(owning_party=...)``).
    owning_party=OwningParty.SHARED,
    activity_key="document_raci",
    several_per_program=True,
    evidences_activity=False,
    sections=(
        Section(
            "purpose",
            "Purpose",
            "Why the program needs this expert, and in which Fit-Gap areas.",
            required=False,
        ),
        Section(
            "responsibilities",
            "Responsibilities of the SME",
            "What the SME does: sessions attended, decisions made, reviews, sign-offs.",
        ),
        Section(
            "program_provides",
            "What the program provides",
            "Training, system access, and backfill of the SME's regular duties.",
            required=False,
        ),
        Section(
            "conditions",
            "Conditions",
            "How the MOU changes and how it ends.",
            required=False,
        ),
    ),
    fields=(
        Field("hours_per_week", "Hours per week", "decimal"),
        Field("period_start", "Period start", "date"),
        Field("period_end", "Period end", "date", help_text="On or after the period start."),
        Field("supervisor_name", "Supervisor name"),
        Field("supervisor_title", "Supervisor title"),
    ),
    tables=(
        Table(
            "sessions",
            "Sessions committed",
            (
                Column("kind", "Session type", "choice", choices=tuple(SessionKind.choices)),
                Column("topic", "Topic or area"),
                Column("per_month", "Sessions per month", "integer"),
            ),
        ),
    ),
    submit_check=_submit_check,
    document_url=mou_url,
    version_url=lambda v: reverse(
        "raci:mou:version",
        kwargs={"code": v.document.program.code, "document_id": v.document_id, "number": v.number},
    ),
)
