"""Enumerations of the Integrated Master Schedule, in the words schedulers use."""

from __future__ import annotations

from django.db import models

from programs.choices import Role
from schedule.engine.model import (
    Constraint,
    EarnedValueMethod,
    LagUnit,
    LinkType,
    ResourceType,
    TaskType,
)


class LinkTypeChoice(models.TextChoices):
    FS = LinkType.FS, "Finish-to-start (FS)"
    SS = LinkType.SS, "Start-to-start (SS)"
    FF = LinkType.FF, "Finish-to-finish (FF)"
    SF = LinkType.SF, "Start-to-finish (SF)"


class LagUnitChoice(models.TextChoices):
    WORKING = LagUnit.WORKING, "Working days"
    ELAPSED = LagUnit.ELAPSED, "Elapsed days"


class ConstraintChoice(models.TextChoices):
    ASAP = Constraint.ASAP, "As soon as possible"
    ALAP = Constraint.ALAP, "As late as possible"
    SNET = Constraint.SNET, "Start no earlier than"
    SNLT = Constraint.SNLT, "Start no later than"
    FNET = Constraint.FNET, "Finish no earlier than"
    FNLT = Constraint.FNLT, "Finish no later than"
    MSO = Constraint.MSO, "Must start on"
    MFO = Constraint.MFO, "Must finish on"


class ResourceTypeChoice(models.TextChoices):
    WORK = ResourceType.WORK, "Work (people and roles)"
    MATERIAL = ResourceType.MATERIAL, "Material"
    COST = ResourceType.COST, "Cost"


class TaskTypeChoice(models.TextChoices):
    """What stays put when duration, units or work changes (Microsoft Project's task types)."""

    FIXED_UNITS = TaskType.FIXED_UNITS, "Fixed units"
    FIXED_DURATION = TaskType.FIXED_DURATION, "Fixed duration"
    FIXED_WORK = TaskType.FIXED_WORK, "Fixed work"


class EarnedValueMethodChoice(models.TextChoices):
    PERCENT_COMPLETE = EarnedValueMethod.PERCENT_COMPLETE, "Percent complete"
    ZERO_HUNDRED = EarnedValueMethod.ZERO_HUNDRED, "0/100"
    FIFTY_FIFTY = EarnedValueMethod.FIFTY_FIFTY, "50/50"
    WEIGHTED_MILESTONES = EarnedValueMethod.WEIGHTED_MILESTONES, "Weighted milestones"


class ChangeRequestStatus(models.TextChoices):
    PROPOSED = "proposed", "Proposed"
    APPROVED = "approved", "Approved"
    REJECTED = "rejected", "Rejected"
    WITHDRAWN = "withdrawn", "Withdrawn"


class Decision(models.TextChoices):
    APPROVE = "approve", "Approve"
    REJECT = "reject", "Reject"


class ChangeOp(models.TextChoices):
    """What one line of a change request does to the schedule."""

    UPDATE_TASK = "update_task", "Change a task"
    ADD_TASK = "add_task", "Add a task"
    REMOVE_TASK = "remove_task", "Remove a task"
    ADD_LINK = "add_link", "Add a dependency"
    UPDATE_LINK = "update_link", "Change a dependency"
    REMOVE_LINK = "remove_link", "Remove a dependency"


#: Roles that approve or reject schedule change requests for their party (DESIGN: the
#: program manager approves schedule changes).
CHANGE_APPROVING_ROLES = frozenset({Role.PROGRAM_MANAGER})

#: Task fields that move the schedule's logic or dates. Once an agreed baseline exists they
#: change only through an approved change request; progress (actuals, percent complete),
#: names, notes and who is responsible stay editable.
CONTROLLED_TASK_FIELDS = frozenset(
    {"duration", "is_milestone", "constraint_type", "constraint_date", "manual", "manual_start"}
)
