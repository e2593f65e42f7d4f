"""Notifications of events as they happen: one per event, recipient and kind, shown in the
portal (the bell) and emailed at once or in the digest as the person chose."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models

from ..choices import OwningParty
from .audit import AuditEvent
from .core import Program


class NotificationDelivery(models.TextChoices):
    """How a person wants one kind of notification."""

    IMMEDIATELY = "immediately", "At once, by email and in the portal"
    DIGEST = "digest", "In the portal and in my digest email"
    OFF = "off", "Not at all"


class DigestFrequency(models.TextChoices):
    DAILY = "daily", "Daily"
    WEEKLY = "weekly", "Weekly"
    OFF = "off", "Off"


class Notification(models.Model):
    """What happened, for whom, and where to look. The portal channel is the row itself (one
    per event, recipient and kind: a second delivery of the event creates nothing); the email
    channel is ``emailed_at`` (at once) or ``digested_at`` (in a digest), each claimed once."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    event = models.ForeignKey(AuditEvent, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=60)
    program = models.ForeignKey(
        Program, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    title = models.CharField(max_length=300)
    link = models.CharField(max_length=500, blank=True)
    delivery = models.CharField(max_length=16, choices=NotificationDelivery.choices)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)
    digested_at = models.DateTimeField(null=True, blank=True)

    policy_program_field: ClassVar[str] = "program"
    policy_owning_party: ClassVar[str | None] = OwningParty.SHARED

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "recipient", "kind"], name="one_notification_per_event"
            ),
        ]
        indexes = [models.Index(fields=["recipient", "read_at"])]

    def __str__(self) -> str:
        return self.title

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class NotificationPreference(models.Model):
    """A person's choice for one kind; without one, PMO_NOTIFICATION_DEFAULT_DELIVERY."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    kind = models.CharField(max_length=60)
    delivery = models.CharField(max_length=16, choices=NotificationDelivery.choices)

    class Meta:
        ordering = ["user", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="one_preference_per_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.user}: {self.kind} {self.delivery}"


class DigestPreference(models.Model):
    """How often a person gets the digest of My work (daily unless they chose otherwise), and
    the day it was last sent: a digest goes out once a day at most."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="digest_preference"
    )
    frequency = models.CharField(
        max_length=8, choices=DigestFrequency.choices, default=DigestFrequency.DAILY
    )
    last_sent_on = models.DateField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.user}: {self.get_frequency_display()}"
