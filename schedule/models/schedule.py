"""The schedule, its tasks and the dependencies between them."""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.urls import reverse

from programs.choices import JOINT_OWNER_CHOICES, OwningParty
from programs.concurrency import Revisioned
from programs.models import Program

from ..choices import (
    ConstraintChoice,
    EarnedValueMethodChoice,
    LagUnitChoice,
    LinkTypeChoice,
    TaskTypeChoice,
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
    #: Who sees money (``programs.policy.can_see_rates`` and ``can_see_costs`` read these):
    #: a resource's rates only to its owning party's managers and sponsor, and costs not to
    #: team members and viewers. Both on unless the parties agree otherwise.
    rates_to_owning_managers = models.BooleanField(
        "rates only to the owning party's managers", default=True
    )
    costs_hidden_from_team = models.BooleanField(
        "costs hidden from team members and viewers", default=True
    )
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


class Task(Revisioned):
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
    #: The task's own working-time calendar (the shape of ``Schedule.calendar``); null: the
    #: project calendar.
    calendar = models.JSONField(null=True, blank=True)
    #: With a task calendar: schedule on it alone, not on its resources' calendars.
    ignore_resource_calendars = models.BooleanField(default=False)
    task_type = models.CharField(
        max_length=16, choices=TaskTypeChoice.choices, default=TaskTypeChoice.FIXED_UNITS
    )
    #: Adding a resource keeps the task's total work, shared in proportion to units.
    effort_driven = models.BooleanField(default=False)
    fixed_cost = models.DecimalField(max_digits=14, decimal_places=2, default=0)
    #: Actual cost entered for the task; null: it comes from the actual work.
    actual_cost = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    ev_method = models.CharField(
        "earned value method",
        max_length=20,
        choices=EarnedValueMethodChoice.choices,
        default=EarnedValueMethodChoice.PERCENT_COMPLETE,
    )
    #: Weighted milestones: each step's share of the budget in percent, in order, summing to 100.
    ev_weights = models.JSONField("earned value weights", default=list, blank=True)
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
    #: Working minutes of its work assignments (summed up for summary tasks).
    work = models.BigIntegerField(default=0, help_text="Working minutes.")
    # Filled by the cost module (schedule.engine.cost) through ``services.compute``; null
    # until it has computed them.
    computed_cost = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    computed_actual_cost = models.DecimalField(
        max_digits=14, decimal_places=2, null=True, blank=True
    )
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

    def describe_value(self, field: str, value: Any) -> str:
        if field == "duration" and isinstance(value, int):
            days = value / (self.schedule.minutes_per_day or 480)
            return f"{days:g} working day{'' if days == 1 else 's'}"
        if field in ("constraint_date", "deadline", "actual_start", "actual_finish") and value:
            return str(value)[:10]
        return super().describe_value(field, value)


class Dependency(Revisioned):
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

    def describe_value(self, field: str, value: Any) -> str:
        if field == "lag" and isinstance(value, int):
            days = value / (self.schedule.minutes_per_day or 480)
            return f"{days:g} day{'' if days == 1 else 's'}"
        return super().describe_value(field, value)
