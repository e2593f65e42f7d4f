"""The demo's surveillance on DRC Core HR: six months (May to October 2026) of the COR's
records against the approved QASP, made through the surveillance service so that each
verdict is computed and each write audited.

Payroll accuracy (PS-2) misses its AQL in July and August 2026 and help-desk response (PS-3)
in September; every other result meets its AQL. The October interface result (PS-7) is left
to the provider's reported metrics, and the per-event standards have one event each."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import User

from programs.models import Membership, Program

from .models import SurveillanceRecord
from .services.surveillance import record_create

HR = "drc-hr"
MONTHS = [date(2026, month, 1) for month in range(5, 11)]

#: Measured values by standard, May to October (None: not recorded by the customer).
MEASURED: dict[str, list[str | None]] = {
    "PS-1": ["99.82", "99.91", "99.64", "99.77", "99.95", "99.88"],
    "PS-3": ["3.2", "2.9", "3.6", "3.8", "5.1", "3.4"],
    "PS-7": ["100", "99.8", "99.7", "100", "99.6", None],
}
#: Sampling standards: (population, sample, defects) by month.
SAMPLED: dict[str, list[tuple[int, int, int]]] = {
    "PS-2": [
        (28400, 400, 1),
        (28400, 400, 2),
        (28650, 400, 4),
        (28650, 400, 3),
        (28700, 400, 1),
        (28700, 400, 0),
    ],
    "PS-5": [
        (1210, 200, 2),
        (1185, 200, 3),
        (1302, 200, 1),
        (1250, 200, 2),
        (1198, 200, 4),
        (1240, 200, 1),
    ],
}
#: Quarterly benefits enrollment accuracy (PS-6): Q3 and Q4 FY2026.
QUARTERS = [(date(2026, 4, 1), (2140, 150, 1)), (date(2026, 7, 1), (3920, 150, 0))]

NOTES = {
    ("PS-2", date(2026, 7, 1)): "Four retroactive pay adjustments for the July COLA keyed "
    "with the wrong effective date.",
    ("PS-2", date(2026, 8, 1)): "Three overtime computations in error after the July "
    "payroll system patch.",
    ("PS-3", date(2026, 9, 1)): "Response times rose during open season preparation: "
    "95th percentile 5.1 hours.",
}


def _recorded_on(period: date, months: int = 1) -> date:
    """The fifth working day or so after the period ends."""
    year, month = divmod(period.month - 1 + months, 12)
    return date(period.year + year, month + 1, 7)


def seed(programs: dict[str, Program], users: dict[str, User]) -> None:
    program = programs.get(HR)
    if program is None or SurveillanceRecord.objects.filter(program=program).exists():
        return
    cor = users["cust.pm"]
    evaluator = Membership.objects.get(program=program, user=cor)

    def record(code: str, period: date, recorded_on: date, **values: Any) -> None:
        record_create(
            acting_user=cor,
            program=program,
            standard_code=code,
            period=period,
            evaluator=evaluator,
            recorded_on=recorded_on,
            notes=NOTES.get((code, period), ""),
            **values,
        )

    for index, month in enumerate(MONTHS):
        for code, values in MEASURED.items():
            value = values[index]
            if value is not None:
                record(code, month, _recorded_on(month), measured_value=Decimal(value))
        for code, samples in SAMPLED.items():
            population, sample, defects = samples[index]
            record(
                code,
                month,
                _recorded_on(month),
                population=population,
                sample_size=sample,
                defects=defects,
            )
    for quarter, (population, sample, defects) in QUARTERS:
        record(
            "PS-6",
            quarter,
            _recorded_on(quarter, months=3),
            population=population,
            sample_size=sample,
            defects=defects,
        )
    # Per-event standards: the second mock conversion and one security incident.
    record(
        "PS-4",
        date(2026, 8, 14),
        date(2026, 8, 19),
        population=14200,
        sample_size=14200,
        defects=9,
    )
    record("PS-8", date(2026, 9, 3), date(2026, 9, 4), measured_value=Decimal("0.6"))
