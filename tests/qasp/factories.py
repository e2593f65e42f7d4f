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


def monthly_standards(count: int) -> list[dict[str, Any]]:
    """``count`` monthly availability standards, PS-1 to PS-<count>."""
    return [{**AVAILABILITY, "code": f"PS-{n}"} for n in range(1, count + 1)]


def bulk_records(
    program: Program, evaluator: Any, count: int, months: int = 6, first: int = 0
) -> list[Any]:
    """``count`` records of monthly standards (PS-1, PS-2...) over the first ``months`` months
    of 2026 (from the ``first``-th on), written directly (ORM) as a load for lists; every
    third one unacceptable."""
    from decimal import Decimal

    from qasp.models import SurveillanceRecord

    return SurveillanceRecord.objects.bulk_create(
        SurveillanceRecord(
            program=program,
            standard_code=f"PS-{n // months + 1}",
            standard_text="Service availability during business hours",
            aql=Decimal("99.5"),
            direction="at_least",
            unit="%",
            period=date(2026, n % months + 1, 1),
            method="periodic_inspection",
            measured_value=Decimal("98") if n % 3 == 0 else Decimal("99.9"),
            observed_value=Decimal("98") if n % 3 == 0 else Decimal("99.9"),
            acceptable=n % 3 != 0,
            evaluator=evaluator,
            recorded_on=date(2026, 6, 10),
            rebuttal_due=date(2026, 6, 17),
        )
        for n in range(first, first + count)
    )
