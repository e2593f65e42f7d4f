"""Governance: the joint bodies of a program and their meetings (M3 lesson 8, both PMOs
integrated into the governance structures).

A body (executive steering committee, joint PMO, change control board) has members of both
parties; its meetings record attendees, an agenda and minutes. What a meeting decides and the
actions it assigns go to the RAID log as Decision and Action items linked to it
(``RaidItem.meeting``). Bodies and meetings are shared: the editors of either party change
them, every member of the program reads them."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.urls import reverse

from programs.choices import OwningParty
from programs.models import Membership, Program


class Cadence(models.TextChoices):
    """How often a governance body meets."""

    WEEKLY = "weekly", "Weekly"
    BIWEEKLY = "biweekly", "Every two weeks"
    MONTHLY = "monthly", "Monthly"
    QUARTERLY = "quarterly", "Quarterly"


class MeetingStatus(models.TextChoices):
    PLANNED = "planned", "Planned"
    HELD = "held", "Held"


class GovernanceBody(models.Model):
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="governance_bodies")
    name = models.CharField(max_length=120)
    purpose = models.TextField("purpose and decisions", blank=True)
    cadence = models.CharField(max_length=16, choices=Cadence.choices, default=Cadence.MONTHLY)
    chair = models.ForeignKey(
        Membership,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="chaired_bodies",
    )
    members = models.ManyToManyField(Membership, blank=True, related_name="governance_bodies")
    position = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    policy_program_field: ClassVar[str] = "program"
    policy_owning_party: ClassVar[str | None] = OwningParty.SHARED

    class Meta:
        ordering = ["program", "position", "name"]
        verbose_name_plural = "governance bodies"
        constraints = [
            models.UniqueConstraint(
                fields=["program", "name"], name="governance_body_name_unique_per_program"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        home = reverse("pmp:governance:home", kwargs={"code": self.program.code})
        return f"{home}#body-{self.pk}"


class Meeting(models.Model):
    program = models.ForeignKey(
        Program, on_delete=models.CASCADE, related_name="governance_meetings"
    )
    body = models.ForeignKey(GovernanceBody, on_delete=models.PROTECT, related_name="meetings")
    starts_at = models.DateTimeField("date and time")
    duration_minutes = models.PositiveSmallIntegerField("duration (minutes)", default=60)
    location = models.CharField(
        max_length=200, blank=True, help_text="A room, a dial-in or a video link."
    )
    status = models.CharField(
        max_length=16, choices=MeetingStatus.choices, default=MeetingStatus.PLANNED
    )
    attendees = models.ManyToManyField(Membership, blank=True, related_name="meetings_attended")
    agenda = models.TextField(blank=True, help_text="Markdown.")
    minutes = models.TextField(blank=True, help_text="Markdown.")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    policy_program_field: ClassVar[str] = "program"
    policy_owning_party: ClassVar[str | None] = OwningParty.SHARED

    class Meta:
        ordering = ["program", "-starts_at", "pk"]
        indexes = [
            models.Index(fields=["program", "starts_at"]),
            models.Index(fields=["body", "starts_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.body.name}, {self.starts_at:%Y-%m-%d}"

    def get_absolute_url(self) -> str:
        return reverse("pmp:governance:meeting", kwargs={"code": self.program.code, "pk": self.pk})
