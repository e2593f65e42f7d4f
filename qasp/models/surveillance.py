"""Surveillance records: the customer's observation of one performance standard of the
approved QASP for one period (a month or a quarter), with the verdict against its AQL.

A record copies what it was judged against (the standard's text, AQL, direction, unit and
method), so that a later QASP version with other thresholds never changes a verdict given.
The customer owns the record (only its editors make and change it); the provider reads it
and may rebut it once, within QASP_REBUTTAL_BUSINESS_DAYS business days."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.urls import reverse

from programs.choices import OwningParty
from programs.models import Attachable, Membership, Program

from ..choices import AqlDirection, SurveillanceMethod
from ..standards import Standard, quantity_text

#: Methods whose observed value is a defect rate (defects / sample x 100); the others
#: record a measured value (an availability, a time to respond).
SAMPLING_METHODS = frozenset(
    {SurveillanceMethod.RANDOM_SAMPLING, SurveillanceMethod.FULL_INSPECTION}
)


class SurveillanceRecord(models.Model, Attachable):
    program = models.ForeignKey(
        Program, on_delete=models.CASCADE, related_name="surveillance_records"
    )
    standard_code = models.CharField("standard", max_length=20)
    standard_text = models.TextField("performance standard")
    aql = models.DecimalField("acceptable quality level", max_digits=12, decimal_places=4)
    direction = models.CharField("AQL direction", max_length=16, choices=AqlDirection.choices)
    unit = models.CharField(max_length=40, blank=True)
    period = models.DateField(help_text="The first day of the month or quarter surveilled.")
    method = models.CharField(
        "surveillance method", max_length=32, choices=SurveillanceMethod.choices
    )
    population = models.PositiveIntegerField(null=True, blank=True)
    sample_size = models.PositiveIntegerField("sample size", null=True, blank=True)
    defects = models.PositiveIntegerField("defects found", null=True, blank=True)
    measured_value = models.DecimalField(
        "measured value", max_digits=12, decimal_places=4, null=True, blank=True
    )
    observed_value = models.DecimalField(
        "observed value",
        max_digits=12,
        decimal_places=4,
        help_text="For sampling methods the defect rate (defects / sample x 100) against an "
        "at-most AQL, the conforming rate (100 minus it) against an at-least AQL; the "
        "measured value otherwise.",
    )
    acceptable = models.BooleanField(help_text="The observed value meets the AQL.")
    evaluator = models.ForeignKey(
        Membership, on_delete=models.PROTECT, related_name="surveillance_records"
    )
    recorded_on = models.DateField("date recorded")
    notes = models.TextField(blank=True)
    rebuttal_due = models.DateField(
        "rebuttal due", help_text="QASP_REBUTTAL_BUSINESS_DAYS business days after recording."
    )
    rebuttal = models.TextField(blank=True)
    rebutted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    rebutted_by_name = models.CharField(max_length=150, blank=True)
    rebutted_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    attachment_purposes: ClassVar[tuple[str, ...]] = ("Surveillance evidence", "Rebuttal evidence")
    policy_program_field: ClassVar[str] = "program"
    policy_owning_party: ClassVar[str | None] = OwningParty.CUSTOMER

    class Meta:
        ordering = ["program", "-period", "standard_code"]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "standard_code", "period"],
                name="qasp_one_record_per_standard_and_period",
            ),
        ]
        indexes = [models.Index(fields=["program", "period"])]

    def __str__(self) -> str:
        return f"{self.standard_code} {self.period:%Y-%m}"

    def get_absolute_url(self) -> str:
        return reverse(
            "qasp:surveillance:record", kwargs={"code": self.program.code, "pk": self.pk}
        )

    @property
    def verdict_text(self) -> str:
        return "Acceptable" if self.acceptable else "Not acceptable"

    @property
    def aql_text(self) -> str:
        aql = quantity_text(self.aql, self.unit, places=4)
        return f"{AqlDirection(self.direction).label} {aql}"

    @property
    def observed_text(self) -> str:
        """The observed value with its unit, to two decimals at most: "99.33 %"."""
        return quantity_text(self.observed_value, self.unit)

    @property
    def uses_sampling(self) -> bool:
        return self.method in SAMPLING_METHODS

    def policy_may_attach(self, user: Any) -> bool | None:
        """The customer's editors attach evidence; the provider's rebutters attach theirs
        while the rebuttal is open to them."""
        from ..rules import may_attach_rebuttal_evidence

        return True if may_attach_rebuttal_evidence(user, self) else None


def observed_value(
    method: str,
    direction: str,
    *,
    defects: int | None,
    sample_size: int | None,
    measured: Decimal | None,
) -> Decimal | None:
    """For sampling methods, the rate the AQL reads: the defect rate (defects / sample x 100)
    against an "at most" AQL (at most 0.5% of pay records in error), the conforming rate
    (100 minus it) against an "at least" one (at least 98% of actions on time). The measured
    value otherwise."""
    if method in SAMPLING_METHODS:
        if defects is None or not sample_size:
            return None
        rate = Decimal(defects) * 100 / Decimal(sample_size)
        if direction == AqlDirection.AT_LEAST:
            rate = 100 - rate
        return rate.quantize(Decimal("0.0001"))
    return measured


def standard_of(record: SurveillanceRecord) -> Standard:
    """The standard as it was when the record was made (for its verdict)."""
    return Standard(
        code=record.standard_code,
        objective="",
        source="",
        standard=record.standard_text,
        metric="",
        unit=record.unit,
        direction=record.direction,
        aql=record.aql,
        method=record.method,
        frequency="",
        incentive="",
    )
