"""Change requests of the schedule (activity 9) and each party's decision on them."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.urls import reverse

from programs.choices import OwningParty, Party

from ..choices import ChangeRequestStatus, Decision
from .baselines import Baseline
from .schedule import Schedule


class ChangeRequest(models.Model):
    """A proposed change to the schedule (activity 9): what changes, why, and its impact on
    the finish date and the critical path, computed before anyone decides. Approved by a
    program manager of each party, it applies its changes (and can rebaseline)."""

    schedule = models.ForeignKey(Schedule, on_delete=models.CASCADE, related_name="change_requests")
    number = models.PositiveIntegerField()
    title = models.CharField(max_length=200)
    description = models.TextField(help_text="What changes.")
    justification = models.TextField(help_text="Why it changes.")
    #: The changes, one operation each: {"op": ChangeOp, ...}; see schedule.changes.
    changes = models.JSONField(default=list)
    #: The impact computed against the schedule at ``impact_revision``; see schedule.changes.
    impact = models.JSONField(default=dict)
    impact_revision = models.PositiveIntegerField(default=0)
    rebaseline = models.BooleanField(
        default=False, help_text="Propose a new baseline once the change is applied."
    )
    status = models.CharField(
        max_length=10, choices=ChangeRequestStatus.choices, default=ChangeRequestStatus.PROPOSED
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    party = models.CharField(max_length=12, choices=Party.choices)
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    resulting_baseline = models.ForeignKey(
        Baseline, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    policy_program_field: ClassVar[str] = "schedule__program"
    policy_owning_party: ClassVar[str | None] = OwningParty.SHARED

    class Meta:
        ordering = ["schedule", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["schedule", "number"], name="change_request_number_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"CR-{self.number}: {self.title}"

    def get_absolute_url(self) -> str:
        return reverse(
            "schedule:change-request",
            kwargs={"code": self.schedule.program.code, "number": self.number},
        )

    @property
    def reference(self) -> str:
        return f"CR-{self.number}"


class ChangeRequestDecision(models.Model):
    change_request = models.ForeignKey(
        ChangeRequest, on_delete=models.CASCADE, related_name="decisions"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    party = models.CharField(max_length=12, choices=Party.choices)
    role = models.CharField(max_length=32)
    decision = models.CharField(max_length=8, choices=Decision.choices)
    comment = models.TextField(blank=True)
    decided_at = models.DateTimeField(auto_now_add=True)

    policy_program_field: ClassVar[str] = "change_request__schedule__program"
    policy_owning_party: ClassVar[str | None] = OwningParty.SHARED

    class Meta:
        ordering = ["change_request", "decided_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["change_request", "party"], name="change_request_party_decides_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.change_request}: {self.get_decision_display()} ({self.party})"
