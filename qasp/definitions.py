"""The Quality Assurance Surveillance Plan (Play 3.1 activity 7) as a versioned document,
owned by the customer and signed by a customer signatory alone (FAR 37.604, FAR 46.4).

Its structure follows DOMAIN.md section 6: purpose and approach; the roles of the Contracting
Officer and the Contracting Officer's Representative, named; the agreed surveillance period;
the performance requirements summary (``qasp.standards.PERFORMANCE_REQUIREMENTS``: each
standard with its AQL, surveillance method and frequency); documentation; analysis,
reporting and resolution. Before a version goes into review the summary is checked as a
whole (``_check_before_review``): what a single row's cleaning cannot see.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.urls import reverse

from programs.board import document_rule
from programs.choices import OwningParty, Party
from programs.documents import Column, DocumentKind, Field, Section, Table
from programs.errors import DomainError, ErrorCode
from programs.models import DocumentVersion

from .standards import PERFORMANCE_REQUIREMENTS, QASP

ROLE_CHOICES = (
    ("contracting_officer", "Contracting Officer"),
    ("cor", "Contracting Officer's Representative"),
    ("alternate_cor", "Alternate COR"),
    ("technical_monitor", "Technical monitor"),
    ("provider_quality_lead", "Provider quality control lead"),
)
PARTY_CHOICES = tuple((str(value), str(label)) for value, label in Party.choices)

#: The roles every QASP names before it goes into review (FAR 1.602, FAR 1.604).
REQUIRED_ROLES = ("contracting_officer", "cor")

ROLES = Table(
    "roles",
    "Surveillance roles",
    (
        Column("role", "Role", "choice", choices=ROLE_CHOICES),
        Column("name", "Member name"),
        Column("party", "Party", "choice", choices=PARTY_CHOICES),
    ),
    min_rows=len(REQUIRED_ROLES),
    section="roles",
)


def is_percent(unit: str) -> bool:
    """A unit read as a percentage: "%", "% of pay records", "percent"."""
    text = unit.strip().casefold()
    return text.startswith("%") or text.startswith("percent") or text.startswith("per cent")


def _refuse(message: str, where: str) -> DomainError:
    return DomainError(message, code=ErrorCode.INVALID_CONTENT, field=where)


def _check_period(fields: dict[str, Any]) -> None:
    start, end = fields.get("period_start"), fields.get("period_end")
    if start and end and dt.date.fromisoformat(end) <= dt.date.fromisoformat(start):
        raise _refuse(
            f"The surveillance period ends on {end}, which is not after its start on {start}: "
            "the end of the period comes after its start.",
            "fields.period_end",
        )


def _check_roles(rows: list[dict[str, Any]]) -> None:
    named = {row["role"] for row in rows}
    for role in REQUIRED_ROLES:
        if role not in named:
            title = dict(ROLE_CHOICES)[role]
            raise _refuse(
                f"The surveillance roles name no {title}: add the row with the member's name.",
                f"tables.{ROLES.key}",
            )


def _check_standards(rows: list[dict[str, Any]]) -> None:
    """Each row complete, its code unique in the table, a percentage AQL between 0 and 100."""
    table = PERFORMANCE_REQUIREMENTS
    seen: dict[str, int] = {}
    for number, row in enumerate(rows, start=1):
        where = f"tables.{table.key}[{number}]"
        code = str(row.get("code") or "").strip()
        label = f"Row {number} ({code})" if code else f"Row {number}"
        for column in table.columns:
            if column.required and row.get(column.key) in (None, ""):
                raise _refuse(
                    f"{label} of the {table.title.lower()} has no {column.title.lower()}: "
                    "each standard is complete before the QASP goes into review.",
                    f"{where}.{column.key}",
                )
        key = code.casefold()
        if key in seen:
            raise _refuse(
                f"{label} of the {table.title.lower()} repeats the code {code} of row "
                f"{seen[key]}: each standard's code is unique.",
                f"{where}.code",
            )
        seen[key] = number
        aql = Decimal(str(row["aql"]))
        if is_percent(str(row["unit"])) and not Decimal(0) <= aql <= Decimal(100):
            raise _refuse(
                f"{label} of the {table.title.lower()} has an AQL of {aql} {row['unit']}: "
                "a percentage is between 0 and 100.",
                f"{where}.aql",
            )


def _check_before_review(version: DocumentVersion) -> None:
    """Before review: the period runs forward, the Contracting Officer and the COR are named,
    and the performance requirements summary holds together."""
    content = version.content
    _check_period(content.get("fields", {}))
    _check_roles(content["tables"].get(ROLES.key, []))
    _check_standards(content["tables"].get(PERFORMANCE_REQUIREMENTS.key, []))


QASP_KIND = DocumentKind(
    key=QASP,
    name="Quality Assurance Surveillance Plan",
    owning_party=OwningParty.CUSTOMER,
    activity_key="develop_qasp",
    sections=(
        Section(
            "purpose",
            "Purpose and approach",
            "What the government surveils, why, and how: the service, the performance work "
            "statement it measures, and the surveillance approach (FAR 37.604, FAR 46.4).",
        ),
        Section(
            "roles",
            "Roles",
            "The Contracting Officer, the Contracting Officer's Representative and anyone "
            "else who surveils, with their authority; the table below names them.",
        ),
        Section(
            "performance_requirements",
            "Performance requirements summary",
            "How the standards below were chosen, and how their acceptable quality levels "
            "and surveillance methods are applied.",
        ),
        Section(
            "documentation",
            "Documentation",
            "What each surveillance records (period, sample, defects, the verdict against the "
            "AQL, evaluator, date) and where the records are kept.",
        ),
        Section(
            "analysis",
            "Analysis, reporting and resolution",
            "How results are analysed and reported to the provider, when a corrective action "
            "request is issued, and how performance is evaluated.",
        ),
    ),
    fields=(
        Field(
            "period_start",
            "Surveillance period start",
            "date",
            help_text="The first day of the agreed surveillance period.",
        ),
        Field(
            "period_end",
            "Surveillance period end",
            "date",
            help_text="The last day of the agreed surveillance period.",
        ),
    ),
    tables=(
        ROLES,
        Table(
            PERFORMANCE_REQUIREMENTS.key,
            PERFORMANCE_REQUIREMENTS.title,
            PERFORMANCE_REQUIREMENTS.columns,
            min_rows=PERFORMANCE_REQUIREMENTS.min_rows,
            section="performance_requirements",
        ),
    ),
    submit_check=_check_before_review,
    document_url=lambda d: reverse("qasp:plan:home", kwargs={"code": d.program.code}),
    version_url=lambda v: reverse(
        "qasp:plan:version", kwargs={"code": v.document.program.code, "number": v.number}
    ),
)

#: Activity 7 is done while a QASP version made in the current phase is approved.
QASP_RULE = document_rule(
    activity_key=QASP_KIND.activity_key,
    kind=QASP,
    evidence="the Quality Assurance Surveillance Plan",
)
