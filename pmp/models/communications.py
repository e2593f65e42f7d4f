"""The communications plan: what the program tells whom, why, how and how often (the PMP's
communications subsidiary plan), and each time it was done.

An item's next due date follows from its frequency and the last time it was done (or its
start date before the first time); marking it done records a ``CommunicationDelivery`` and
moves the date on. An item past its next due date is overdue. The plan is shared: the
editors of either party change it, every member of the program reads it."""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.urls import reverse

from programs.choices import OwningParty, Party
from programs.models import Membership, Program


class Frequency(models.TextChoices):
    WEEKLY = "weekly", "Weekly"
    BIWEEKLY = "biweekly", "Every two weeks"
    MONTHLY = "monthly", "Monthly"
    QUARTERLY = "quarterly", "Quarterly"
    SEMIANNUALLY = "semiannually", "Twice a year"
    ANNUALLY = "annually", "Yearly"
    PER_EVENT = "per_event", "Per event (as needed)"


class Channel(models.TextChoices):
    EMAIL = "email", "Email"
    MEETING = "meeting", "Meeting"
    BRIEFING = "briefing", "Briefing (presentation)"
    REPORT = "report", "Written report"
    PORTAL = "portal", "PMO Portal"
    NEWSLETTER = "newsletter", "Newsletter"
    TOWN_HALL = "town_hall", "Town hall"
    INTRANET = "intranet", "Intranet page"
    OTHER = "other", "Other"


#: Who owns a communication: the customer, the provider or both.
COMMUNICATION_OWNERS = [
    (o.value, str(o.label))
    for o in (OwningParty.CUSTOMER, OwningParty.PROVIDER, OwningParty.SHARED)
]


class CommunicationItem(models.Model):
    program = models.ForeignKey(
        Program, on_delete=models.CASCADE, related_name="communication_items"
    )
    title = models.CharField("what", max_length=200)
    audience = models.CharField(max_length=200)
    purpose = models.TextField(blank=True)
    channel = models.CharField(max_length=16, choices=Channel.choices)
    frequency = models.CharField(max_length=16, choices=Frequency.choices)
    owner = models.ForeignKey(
        Membership,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="communication_items",
    )
    owner_party = models.CharField(
        "owning party", max_length=16, choices=COMMUNICATION_OWNERS, default=OwningParty.SHARED
    )
    starts_on = models.DateField(
        "first due", null=True, blank=True, help_text="When it is first due."
    )
    last_done_on = models.DateField("last done", null=True, blank=True)
    next_due_on = models.DateField(
        "next due", null=True, blank=True, editable=False, help_text="Computed."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    policy_program_field: ClassVar[str] = "program"
    policy_owning_party: ClassVar[str | None] = OwningParty.SHARED

    class Meta:
        ordering = ["program", models.F("next_due_on").asc(nulls_last=True), "title", "pk"]
        indexes = [models.Index(fields=["program", "next_due_on"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("pmp:communications:item", kwargs={"code": self.program.code, "pk": self.pk})

    def is_overdue(self, today: dt.date) -> bool:
        return self.next_due_on is not None and self.next_due_on < today


class CommunicationDelivery(models.Model):
    """One time a communication was done: when, and who recorded it as which party."""

    item = models.ForeignKey(CommunicationItem, on_delete=models.CASCADE, related_name="deliveries")
    done_on = models.DateField("done")
    note = models.CharField(max_length=500, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_by_name = models.CharField(max_length=150)
    recorded_by_party = models.CharField(max_length=16, choices=Party.choices, blank=True)
    recorded_at = models.DateTimeField()

    policy_program_field: ClassVar[str] = "item__program"
    policy_owning_party: ClassVar[str | None] = OwningParty.SHARED

    class Meta:
        ordering = ["item", "-done_on", "-pk"]
        verbose_name_plural = "communication deliveries"

    def __str__(self) -> str:
        return f"{self.item.title} done {self.done_on:%Y-%m-%d}"
