"""The QASP's performance requirements summary: one row per performance standard, a typed
table of the QASP document (``PERFORMANCE_REQUIREMENTS``), so that each version freezes it and
the customer's signature covers it. Surveillance, corrective action requests and evaluations
read the standards of the program's approved version through ``approved_standards``.

A standard is known by its code (PS-1, PS-2...), unique in the table: records keep the code
and the AQL they were judged against, so a later version with other thresholds never changes
a verdict already given."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from programs.choices import DocumentStatus
from programs.documents import Column, Table
from programs.models import DocumentVersion, Program

from .choices import AqlDirection, SurveillanceFrequency, SurveillanceMethod

#: The kind key the QASP is registered under (``pmp.plan.citations`` looks it up by it).
QASP = "qasp"


def _choices(enum: Any) -> tuple[tuple[str, str], ...]:
    return tuple((str(value), str(label)) for value, label in enum.choices)


PERFORMANCE_REQUIREMENTS = Table(
    key="performance_requirements",
    title="Performance requirements summary",
    columns=(
        Column("code", "Code"),
        Column("objective", "Objective"),
        Column("source", "PWS or service-level paragraph"),
        Column("standard", "Performance standard"),
        Column("metric", "Metric"),
        Column("unit", "Unit"),
        Column("direction", "AQL direction", "choice", choices=_choices(AqlDirection)),
        Column("aql", "Acceptable quality level", "decimal", places=4),
        Column("method", "Surveillance method", "choice", choices=_choices(SurveillanceMethod)),
        Column("frequency", "Frequency", "choice", choices=_choices(SurveillanceFrequency)),
        Column("incentive", "Incentive or disincentive", required=False),
    ),
    min_rows=1,
)


def quantity_text(value: Decimal, unit: str, *, places: int = 2) -> str:
    """A figure with its unit as a person writes it: "99.33 %", "1 hour", "4 hours", "0.75 %
    of pay records" (at most ``places`` decimals, no trailing zeros)."""
    step = Decimal(1).scaleb(-places)
    shown = value.quantize(step) if value != value.quantize(step) else value
    number = f"{shown.normalize():f}"
    if shown == 1 and unit.isalpha() and unit.endswith("s"):
        unit = unit[:-1]
    return f"{number} {unit}".strip()


@dataclass(frozen=True)
class Standard:
    """One row of the performance requirements summary."""

    code: str
    objective: str
    source: str
    standard: str
    metric: str
    unit: str
    direction: str
    aql: Decimal
    method: str
    frequency: str
    incentive: str

    @property
    def aql_text(self) -> str:
        """ "At least 99.5 %", "At most 4 hours"."""
        aql = quantity_text(self.aql, self.unit, places=4)
        return f"{AqlDirection(self.direction).label} {aql}"

    def acceptable(self, observed: Decimal) -> bool:
        """The verdict of an observed value against the AQL (the threshold itself meets it)."""
        if self.direction == AqlDirection.AT_LEAST:
            return observed >= self.aql
        return observed <= self.aql


def standards_of(content: dict[str, Any]) -> list[Standard]:
    """The standards of a QASP version's content, in table order."""
    rows = content.get("tables", {}).get(PERFORMANCE_REQUIREMENTS.key, [])
    return [
        Standard(
            code=str(row["code"]),
            objective=str(row["objective"]),
            source=str(row["source"]),
            standard=str(row["standard"]),
            metric=str(row["metric"]),
            unit=str(row["unit"]),
            direction=str(row["direction"]),
            aql=Decimal(str(row["aql"])),
            method=str(row["method"]),
            frequency=str(row["frequency"]),
            incentive=str(row.get("incentive") or ""),
        )
        for row in rows
    ]


def approved_version(program: Program) -> DocumentVersion | None:
    """The program's approved QASP version, if there is one."""
    return (
        DocumentVersion.objects.filter(
            document__program=program, document__kind=QASP, status=DocumentStatus.APPROVED
        )
        .order_by("-number")
        .first()
    )


def approved_standards(program: Program) -> list[Standard]:
    """The standards of the program's approved QASP; none before one is approved."""
    version = approved_version(program)
    return standards_of(version.content) if version is not None else []


def approved_standards_by_program(programs: Iterable[Program]) -> dict[int, list[Standard]]:
    """``approved_standards`` of each of ``programs`` (by id) in one query."""
    versions = (
        DocumentVersion.objects.filter(
            document__program__in=list(programs),
            document__kind=QASP,
            status=DocumentStatus.APPROVED,
        )
        .order_by("document__program_id", "-number")
        .values_list("document__program_id", "content")
    )
    found: dict[int, list[Standard]] = {}
    for program_id, content in versions:
        if program_id not in found:  # the newest approved version
            found[program_id] = standards_of(content)
    return found
