"""Reads of notifications: the person's own only."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from ..models import (
    DigestFrequency,
    DigestPreference,
    Notification,
    NotificationDelivery,
    NotificationPreference,
)
from .registry import NotificationKind, default_delivery, notification_kinds


def notifications_for(*, user: Any) -> QuerySet[Notification]:
    """The person's notifications, newest first; another person's are never among them."""
    return Notification.objects.filter(recipient_id=user.pk).select_related("program")


def notification_get(*, user: Any, pk: int) -> Notification | None:
    return notifications_for(user=user).filter(pk=pk).first()


def unread_count(*, user: Any) -> int:
    return Notification.objects.filter(recipient_id=user.pk, read_at__isnull=True).count()


def held_for_digest(*, user: Any) -> QuerySet[Notification]:
    """Notifications the person asked to get in the digest, not yet in one."""
    return notifications_for(user=user).filter(
        delivery=NotificationDelivery.DIGEST, digested_at__isnull=True
    )


def digest_frequency(user: Any) -> str:
    preference = DigestPreference.objects.filter(user_id=user.pk).first()
    return preference.frequency if preference else DigestFrequency.DAILY


def preferences_for(user: Any) -> list[tuple[NotificationKind, str]]:
    """Every kind with the person's choice (at once unless they chose otherwise)."""
    chosen = dict(
        NotificationPreference.objects.filter(user_id=user.pk).values_list("kind", "delivery")
    )
    return [(kind, chosen.get(kind.key, default_delivery())) for kind in notification_kinds()]
