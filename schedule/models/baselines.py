"""Baselines: frozen copies of the schedule, agreed through the versioned sign-off."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.urls import reverse

from programs.choices import DocumentStatus, OwningParty
from programs.models import DocumentVersion

from .schedule import Schedule


class Baseline(models.Model):
    """A frozen copy of the schedule. Proposed as the agreed IMS baseline, it goes through the
    versioned sign-off (a version of the program's IMS baseline document); only the one whose
    version is approved is the agreed baseline used for variance."""

    schedule = models.ForeignKey(Schedule, on_delete=models.CASCADE, related_name="baselines")
    number = models.PositiveIntegerField()
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    start = models.DateTimeField()
    finish = models.DateTimeField()
    schedule_revision = models.PositiveIntegerField()
    version = models.OneToOneField(
        DocumentVersion,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="ims_baseline",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    #: The time-phased planned value (the performance measurement baseline), filled by the
    #: money module through ``services.baselines.baseline_planned_values``; empty until then.
    planned_values = models.JSONField(default=dict, blank=True)

    policy_program_field: ClassVar[str] = "schedule__program"
    policy_owning_party: ClassVar[str | None] = OwningParty.SHARED

    class Meta:
        ordering = ["schedule", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["schedule", "number"], name="baseline_number_unique"),
        ]

    def __str__(self) -> str:
        return f"Baseline {self.number}: {self.name}"

    def get_absolute_url(self) -> str:
        return reverse(
            "schedule:baseline",
            kwargs={"code": self.schedule.program.code, "number": self.number},
        )

    @property
    def status(self) -> str:
        """The sign-off state: a baseline not proposed for agreement is a plain draft."""
        return self.version.status if self.version is not None else DocumentStatus.DRAFT

    @property
    def is_agreed(self) -> bool:
        return self.status == DocumentStatus.APPROVED


class BaselineTask(models.Model):
    baseline = models.ForeignKey(Baseline, on_delete=models.CASCADE, related_name="tasks")
    uid = models.PositiveIntegerField()
    wbs = models.CharField(max_length=60, blank=True)
    name = models.CharField(max_length=255)
    is_summary = models.BooleanField(default=False)
    is_milestone = models.BooleanField(default=False)
    start = models.DateTimeField()
    finish = models.DateTimeField()
    duration = models.IntegerField(help_text="Working minutes.")
    work = models.BigIntegerField(null=True, blank=True, help_text="Working minutes.")
    cost = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)

    policy_program_field: ClassVar[str] = "baseline__schedule__program"
    policy_owning_party: ClassVar[str | None] = OwningParty.SHARED

    class Meta:
        ordering = ["baseline", "id"]
        constraints = [
            models.UniqueConstraint(fields=["baseline", "uid"], name="baseline_task_uid_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.wbs} {self.name}".strip()
