"""The digest's Celery jobs. Thin: ``send_digests`` (CELERY_BEAT_SCHEDULE, daily) queues
one ``send_digest`` per person with a membership and the digest not turned off; each sends
at most one digest a day."""

from __future__ import annotations

from typing import Any

from celery import shared_task
from django.contrib.auth import get_user_model

from programs import limits
from programs.models import DigestFrequency

from .services import digest_send


@shared_task
def send_digests() -> int:
    """Queue the digest of every person who may get one today; returns how many."""
    user_ids = list(
        get_user_model()
        .objects.filter(is_active=True, memberships__isnull=False)
        .exclude(email="")
        .exclude(digest_preference__frequency=DigestFrequency.OFF)
        .values_list("pk", flat=True)
        .distinct()
    )
    for user_id in user_ids:
        send_digest.delay(user_id)
    return len(user_ids)


@shared_task(bind=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_digest(self: Any, user_id: int) -> bool:
    return digest_send(user_id=user_id, today=limits.today())
