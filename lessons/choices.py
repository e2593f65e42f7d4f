"""Enumerations of the lessons learned register, in the words of M3 Play 3.1."""

from __future__ import annotations

from django.db import models


class LessonStatus(models.TextChoices):
    PROPOSED = "proposed", "Proposed"
    VALIDATED = "validated", "Validated by both parties"
    APPLIED = "applied", "Applied"


class LessonImpact(models.TextChoices):
    POSITIVE = "positive", "Positive"
    NEGATIVE = "negative", "Negative"


class Category(models.TextChoices):
    GOVERNANCE = "governance", "Governance and decisions"
    ROLES = "roles", "Roles and responsibilities"
    SCHEDULE = "schedule", "Schedule"
    COST = "cost", "Cost and expenditure"
    RISK = "risk", "Risk and issues"
    COMMUNICATIONS = "communications", "Communications"
    QUALITY = "quality", "Quality and surveillance"
    ACQUISITION = "acquisition", "Acquisition"
    TECHNOLOGY = "technology", "Technology and data"
    WORKFORCE = "workforce", "Workforce and stakeholders"
    PROCESS = "process", "Process and service delivery"
    OTHER = "other", "Other"


class Workstream(models.TextChoices):
    """The four M3 workstreams."""

    PROGRAM_MANAGEMENT = "program_management", "Program Management"
    WORKFORCE = "workforce", "Workforce, Organization & Stakeholders"
    TECHNOLOGY = "technology", "Technology"
    PROCESS = "process", "Process & Service Delivery"


class SourceKind(models.TextChoices):
    """What a lesson came from: an item of another register of the program."""

    RAID_ITEM = "raid_item", "RAID item"
    CHANGE_REQUEST = "change_request", "Change request"
    FINDING = "finding", "IV&V finding"


class PlayLessonRating(models.TextChoices):
    """How far a party says the program follows one of the Play 3.1 lessons."""

    NOT_STARTED = "not_started", "Not yet followed"
    PARTLY = "partly", "Partly followed"
    FOLLOWED = "followed", "Followed"
