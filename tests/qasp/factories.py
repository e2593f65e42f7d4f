"""An approved QASP for surveillance tests, written directly (ORM): a ``Document`` of kind
"qasp" with an approved version holding the agreed period and two standards."""

from __future__ import annotations

from datetime import date
from typing import Any

from programs.choices import DocumentStatus
from programs.models import Document, DocumentVersion, Program

AVAILABILITY = {
    "code": "PS-1",
    "objective": "The payroll service is available",
    "source": "PWS 3.1",
    "standard": "Service availability during business hours",
    "metric": "Availability",
    "unit": "%",
    "direction": "at_least",
    "aql": "99.5",
    "method": "periodic_inspection",
    "frequency": "monthly",
    "incentive": "",
}
PAYROLL_ERRORS = {
    "code": "PS-2",
    "objective": "Pay is right",
    "source": "PWS 4.2",
    "standard": "Payroll transactions processed without error",
    "metric": "Error rate",
    "unit": "%",
    "direction": "at_most",
    "aql": "0.5",
    "method": "random_sampling",
    "frequency": "quarterly",
    "incentive": "Disincentive: corrective action request",
}


def qasp_content(
    start: date = date(2026, 1, 1), end: date = date(2026, 12, 31), rows: Any = None
) -> dict[str, Any]:
    return {
        "fields": {"period_start": start.isoformat(), "period_end": end.isoformat()},
        "tables": {"performance_requirements": rows or [AVAILABILITY, PAYROLL_ERRORS]},
    }


def make_approved_qasp(program: Program, **kwargs: Any) -> DocumentVersion:
    document, _ = Document.objects.get_or_create(
        program=program,
        kind="qasp",
        defaults={"title": "Quality Assurance Surveillance Plan", "owning_party": "customer"},
    )
    number = document.versions.count() + 1
    return DocumentVersion.objects.create(
        document=document,
        number=number,
        status=DocumentStatus.APPROVED,
        phase=program.phase,
        content=qasp_content(**kwargs),
    )
