"""The Integrated Master Schedule of a program: its tasks and dependencies, the values the
engine computed for them, baselines (frozen copies, agreed through the versioned sign-off) and
change requests (activity 9).

Dates are stored as aware datetimes whose wall-clock time is the schedule's working time in
the portal's time zone; ``schedule.clock`` converts to and from the engine's naive datetimes.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.urls import reverse

from programs.choices import JOINT_OWNER_CHOICES, DocumentStatus, OwningParty, Party
from programs.models import DocumentVersion, Program

from .choices import (
    ChangeRequestStatus,
    ConstraintChoice,
    Decision,
    LagUnitChoice,
    LinkTypeChoice,
)


class Schedule(models.Model):
    program = models.OneToOneField(Program, on_delete=models.CASCADE, related_name="schedule")
    name = models.CharField(max_length=200)
    project_start = models.DateTimeField()
    status_date = models.DateTimeField(null=True, blank=True)
    #: The working-time calendar: {"name", "week": [[[from, to], ...] x 7, Monday first],
    #: "us_federal_holidays": bool, "exceptions": [{"start", "end", "working_times", "name"}]}.
    calendar = models.JSONField(default=dict, blank=True)
    minutes_per_day = models.PositiveIntegerField(default=480)
    minutes_per_week = models.PositiveIntegerField(default=2400)
    #: A task is critical when its total float is at or below this (working minutes).
    critical_float = models.IntegerField(default=0)
    #: Where the schedule came from ("" when built in the portal).
    source_name = models.CharField(max_length=255, blank=True)
    # Computed on every change.
    start = models.DateTimeField(null=True, blank=True)
    finish = models.DateTimeField(null=True, blank=True)
    computed_at = models.DateTimeField(null=True, blank=True)
    #: Bumped by every change of tasks, links or settings.
    revision = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    policy_program_field: ClassVar[str] = "program"
    policy_owning_party: ClassVar[str | None] = OwningParty.SHARED

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("schedule:home", kwargs={"code": self.program.code})

    def evidence_for(self, activity_key: str) -> tuple[str, str]:
        """The board's link for the activity the schedule evidences: managing the schedule
        (activity 9) is shown by the change request log, agreeing it by the schedule."""
        if activity_key == "manage_schedule":
            url = reverse("schedule:change-requests", kwargs={"code": self.program.code})
            return "Change request log", url
        return self.name, self.get_absolute_url()


class Task(models.Model):
    schedule = models.ForeignKey(Schedule, on_delete=models.CASCADE, related_name="tasks")
    #: Unique in the schedule and kept through imports and exports (Microsoft Project's UID).
    uid = models.PositiveIntegerField()
    #: Outline order, from 1.
    position = models.PositiveIntegerField()
    wbs = models.CharField("WBS", max_length=60, blank=True)
    name = models.CharField(max_length=255)
    outline_level = models.PositiveSmallIntegerField(default=1)
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="children"
    )
    is_summary = models.BooleanField(default=False)
    is_milestone = models.BooleanField(default=False)
    owner_party = models.CharField(
        max_length=12, choices=JOINT_OWNER_CHOICES, default=OwningParty.SHARED
    )
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="responsible_for_tasks",
    )
    duration = models.IntegerField(default=0, help_text="Working minutes.")
    constraint_type = models.CharField(
        max_length=4, choices=ConstraintChoice.choices, default=ConstraintChoice.ASAP
    )
    constraint_date = models.DateTimeField(null=True, blank=True)
    deadline = models.DateTimeField(null=True, blank=True)
    actual_start = models.DateTimeField(null=True, blank=True)
    actual_finish = models.DateTimeField(null=True, blank=True)
    percent_complete = models.PositiveSmallIntegerField(default=0)
    manual = models.BooleanField(default=False)
    manual_start = models.DateTimeField(null=True, blank=True)
    notes = models.TextField(blank=True)
    # Computed by the engine on every change.
    start = models.DateTimeField(null=True, blank=True)
    finish = models.DateTimeField(null=True, blank=True)
    early_start = models.DateTimeField(null=True, blank=True)
    early_finish = models.DateTimeField(null=True, blank=True)
    late_start = models.DateTimeField(null=True, blank=True)
    late_finish = models.DateTimeField(null=True, blank=True)
    total_float = models.IntegerField(null=True, blank=True, help_text="Working minutes.")
    free_float = models.IntegerField(null=True, blank=True, help_text="Working minutes.")
    is_critical = models.BooleanField(default=False)
    updated_at = models.DateTimeField(auto_now=True)

    policy_program_field: ClassVar[str] = "schedule__program"
    policy_owning_party_field: ClassVar[str] = "owner_party"

    class Meta:
        ordering = ["schedule", "position"]
        constraints = [
            models.UniqueConstraint(fields=["schedule", "uid"], name="task_uid_unique"),
        ]
        indexes = [models.Index(fields=["schedule", "position"])]

    def __str__(self) -> str:
        return f"{self.wbs} {self.name}".strip()


class Dependency(models.Model):
    """A link between two tasks: the successor's start or finish waits on the predecessor's,
    with a lag (negative: a lead)."""

    schedule = models.ForeignKey(Schedule, on_delete=models.CASCADE, related_name="dependencies")
    predecessor = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="successor_links")
    successor = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="predecessor_links")
    type = models.CharField(max_length=2, choices=LinkTypeChoice.choices, default=LinkTypeChoice.FS)
    lag = models.IntegerField(default=0, help_text="Minutes; negative for a lead.")
    lag_unit = models.CharField(
        max_length=8, choices=LagUnitChoice.choices, default=LagUnitChoice.WORKING
    )

    policy_program_field: ClassVar[str] = "schedule__program"
    policy_owning_party_field: ClassVar[str] = "successor__owner_party"

    class Meta:
        ordering = ["schedule", "successor__position", "predecessor__position"]
        constraints = [
            models.UniqueConstraint(
                fields=["predecessor", "successor"], name="dependency_pair_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.predecessor.uid} {self.type} {self.successor.uid}"


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

    policy_program_field: ClassVar[str] = "baseline__schedule__program"
    policy_owning_party: ClassVar[str | None] = OwningParty.SHARED

    class Meta:
        ordering = ["baseline", "id"]
        constraints = [
            models.UniqueConstraint(fields=["baseline", "uid"], name="baseline_task_uid_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.wbs} {self.name}".strip()


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
