"""Reads of notifications: the person's own only."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.cache import cache
from django.db import transaction
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


#: How long the navigation's unread count is kept between pages, in seconds; a new
#: notification or a reading forgets it at once (in the process that made it).
UNREAD_KEPT_SECONDS = 60


def unread_cache_key(user_id: object) -> str:
    return f"notifications:unread:{user_id}"


def unread_count_kept(*, user: Any) -> int:
    """The navigation's unread count, kept for a minute so a page costs no query for it."""
    key = unread_cache_key(user.pk)
    count = cache.get(key)
    if count is None:
        count = unread_count(user=user)
        cache.set(key, count, UNREAD_KEPT_SECONDS)
    return int(count)


def forget_unread(user_ids: Iterable[object]) -> None:
    """Recount the people's unread notifications on their next page: forgotten now, and again
    once the transaction commits (a page read in between may have kept the old count)."""
    keys = [unread_cache_key(each) for each in set(user_ids)]
    if keys:
        cache.delete_many(keys)
        transaction.on_commit(lambda: cache.delete_many(keys))


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
