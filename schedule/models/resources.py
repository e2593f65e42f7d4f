"""The resources that do the schedule's work (people, roles, material and cost items), their
cost rate tables, and their assignments to tasks.

A resource belongs to a party (customer, provider or shared) like a task; its rates are
visible only as ``programs.policy.can_see_rates`` allows, and money in general as
``can_see_costs`` does.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q

from programs.choices import JOINT_OWNER_CHOICES, OwningParty

from ..choices import ResourceTypeChoice
from .schedule import Schedule, Task


class Resource(models.Model):
    schedule = models.ForeignKey(Schedule, on_delete=models.CASCADE, related_name="resources")
    #: Unique in the schedule and kept through imports and exports (Microsoft Project's UID).
    uid = models.PositiveIntegerField()
    name = models.CharField(max_length=255)
    type = models.CharField(
        max_length=10, choices=ResourceTypeChoice.choices, default=ResourceTypeChoice.WORK
    )
    owner_party = models.CharField(
        max_length=12, choices=JOINT_OWNER_CHOICES, default=OwningParty.SHARED
    )
    #: The member of the program the resource stands for, or (``role``) the role it names.
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="schedule_resources",
    )
    role = models.CharField(max_length=255, blank=True)
    initials = models.CharField(max_length=30, blank=True)
    group = models.CharField(max_length=255, blank=True)
    #: Most of its time it may be given at once, in percent (100: one full-time person).
    max_units = models.PositiveIntegerField(default=100)
    #: Its working time (the shape of ``Schedule.calendar``); null: the project calendar.
    #: Material and cost resources have none.
    calendar = models.JSONField(null=True, blank=True)
    #: What a unit of a material resource is ("licence", "ream").
    material_label = models.CharField(max_length=60, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    policy_program_field: ClassVar[str] = "schedule__program"
    policy_owning_party_field: ClassVar[str] = "owner_party"

    class Meta:
        ordering = ["schedule", "name", "uid"]
        constraints = [
            models.UniqueConstraint(fields=["schedule", "uid"], name="resource_uid_unique"),
        ]

    def __str__(self) -> str:
        return self.name


class ResourceRate(models.Model):
    """One row of a resource's cost rate table, in effect from ``effective`` (from the start
    of time when null) until the next row's date. Per hour for work resources, per unit for
    material ones."""

    resource = models.ForeignKey(Resource, on_delete=models.CASCADE, related_name="rates")
    effective = models.DateField(null=True, blank=True)
    standard = models.DecimalField(max_digits=14, decimal_places=4, default=0)
    overtime = models.DecimalField(max_digits=14, decimal_places=4, default=0)
    per_use = models.DecimalField(max_digits=14, decimal_places=2, default=0)

    policy_program_field: ClassVar[str] = "resource__schedule__program"
    policy_owning_party_field: ClassVar[str] = "resource__owner_party"

    class Meta:
        ordering = ["resource", models.F("effective").asc(nulls_first=True)]
        constraints = [
            models.UniqueConstraint(
                fields=["resource", "effective"], name="resource_rate_date_unique"
            ),
            models.UniqueConstraint(
                fields=["resource"],
                condition=Q(effective__isnull=True),
                name="resource_rate_one_undated",
            ),
        ]

    def __str__(self) -> str:
        since = self.effective.isoformat() if self.effective else "the start"
        return f"{self.resource} from {since}"


class Assignment(models.Model):
    """A resource on a task. Work resources: ``units`` percent of its time and ``work``
    working minutes; material: ``quantity``; cost: the ``cost`` amount. Actual cost entered
    wins over the cost of the actual work."""

    schedule = models.ForeignKey(Schedule, on_delete=models.CASCADE, related_name="assignments")
    #: Unique in the schedule and kept through imports and exports.
    uid = models.PositiveIntegerField()
    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="assignments")
    # RESTRICT: a resource with assignments is not deleted on its own (the service names the
    # tasks), yet goes with its schedule.
    resource = models.ForeignKey(Resource, on_delete=models.RESTRICT, related_name="assignments")
    units = models.PositiveIntegerField(default=100, help_text="Percent of the resource's time.")
    work = models.IntegerField(default=0, help_text="Working minutes.")
    actual_work = models.IntegerField(default=0, help_text="Working minutes.")
    #: Work left; null: work minus actual work.
    remaining_work = models.IntegerField(null=True, blank=True, help_text="Working minutes.")
    delay = models.IntegerField(default=0, help_text="Working minutes after the task's start.")
    quantity = models.DecimalField(max_digits=14, decimal_places=4, default=0)
    #: The amount of a cost resource's assignment.
    cost = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    actual_cost = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    # Computed on every change: dates by the engine; costs by the cost module
    # (schedule.engine.cost, through ``services.compute``), null until it has computed them.
    start = models.DateTimeField(null=True, blank=True)
    finish = models.DateTimeField(null=True, blank=True)
    computed_cost = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    computed_actual_cost = models.DecimalField(
        max_digits=14, decimal_places=2, null=True, blank=True
    )
    updated_at = models.DateTimeField(auto_now=True)

    policy_program_field: ClassVar[str] = "schedule__program"
    policy_owning_party_field: ClassVar[str] = "task__owner_party"

    class Meta:
        ordering = ["schedule", "uid"]
        constraints = [
            models.UniqueConstraint(fields=["schedule", "uid"], name="assignment_uid_unique"),
            models.UniqueConstraint(fields=["task", "resource"], name="assignment_once_per_task"),
        ]

    def __str__(self) -> str:
        return f"{self.resource} on {self.task}"

    @property
    def remaining(self) -> int:
        if self.remaining_work is not None:
            return self.remaining_work
        return max(0, self.work - self.actual_work)
