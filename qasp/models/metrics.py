"""Service metrics the provider reports for a standard and a period (a service-level report,
validated customer feedback): submitted in the page or from an Excel or CSV file, then
validated by the customer into a surveillance record, or rejected with a reason.

The provider owns its submissions (its editors submit and may withdraw one still awaiting
validation); the customer's editors validate or reject. One submission per standard and
period is open at a time (awaiting validation or validated); a rejected one may be
submitted again."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse

from programs.choices import OwningParty
from programs.models import Program

from ..choices import MetricStatus
from .surveillance import SurveillanceRecord


class MetricSubmission(models.Model):
    program = models.ForeignKey(
        Program, on_delete=models.CASCADE, related_name="metric_submissions"
    )
    standard_code = models.CharField("standard", max_length=20)
    period = models.DateField(help_text="The first day of the month or quarter reported.")
    population = models.PositiveIntegerField(null=True, blank=True)
    sample_size = models.PositiveIntegerField("sample size", null=True, blank=True)
    defects = models.PositiveIntegerField("defects found", null=True, blank=True)
    measured_value = models.DecimalField(
        "measured value", max_digits=12, decimal_places=4, null=True, blank=True
    )
    source = models.CharField(
        max_length=200,
        blank=True,
        help_text="Where the figure comes from: the service-level report, the survey.",
    )
    notes = models.TextField(blank=True)
    status = models.CharField(
        max_length=16, choices=MetricStatus.choices, default=MetricStatus.SUBMITTED
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_by_name = models.CharField(max_length=150)
    submitted_at = models.DateTimeField()
    file_name = models.CharField(
        max_length=255, blank=True, help_text="The file it was imported from, if any."
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_by_name = models.CharField(max_length=150, blank=True)
    reviewed_at = models.DateTimeField(null=True, blank=True)
    rejection_reason = models.TextField("reason for rejection", blank=True)
    record = models.OneToOneField(
        SurveillanceRecord,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="metric_submission",
        help_text="The surveillance record it was validated into.",
    )

    policy_program_field: ClassVar[str] = "program"
    policy_owning_party: ClassVar[str | None] = OwningParty.PROVIDER

    class Meta:
        ordering = ["program", "-period", "standard_code", "-submitted_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "standard_code", "period"],
                condition=~Q(status=MetricStatus.REJECTED),
                name="qasp_one_open_metric_per_standard_and_period",
            ),
        ]
        indexes = [models.Index(fields=["program", "status"])]

    def __str__(self) -> str:
        return f"{self.standard_code} {self.period:%Y-%m} ({self.get_status_display().lower()})"

    def get_absolute_url(self) -> str:
        return reverse("qasp:metrics:submission", kwargs={"code": self.program.code, "pk": self.pk})
