"""Background jobs of notifications. Thin: load by id, call a service, idempotent.

- ``dispatch_event``: queued after the commit of every audited write that a registered kind
  describes; creates its notifications and queues the emails of those wanted at once;
- ``send_notification_email``: emails one notification, once.
"""

from __future__ import annotations

from typing import Any

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction

from ..links import portal_url
from ..models import NotificationDelivery
from .services import notification_claim_email, notifications_create_for_event


@shared_task(bind=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def dispatch_event(self: Any, event_id: int, request_base: str = "") -> int:
    """Create the notifications of audit event ``event_id``; returns how many were new (a
    second run finds none)."""
    with transaction.atomic():
        created = notifications_create_for_event(event_id=event_id)
        for notification in created:
            if notification.delivery == NotificationDelivery.IMMEDIATELY:
                transaction.on_commit(
                    lambda pk=notification.pk: send_notification_email.delay(pk, request_base)  # type: ignore[misc]
                )
    return len(created)


@shared_task(bind=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_notification_email(self: Any, notification_id: int, request_base: str = "") -> int:
    """Email a notification wanted at once; returns 1 if sent, 0 if it was already sent,
    is wanted in the digest, or its recipient has no email address."""
    with transaction.atomic():
        notification = notification_claim_email(notification_id=notification_id)
        if notification is None or not notification.recipient.email:
            return 0
        prefix = f"[{notification.program.code}] " if notification.program else ""
        link = portal_url(notification.link, request_base=request_base) if notification.link else ""
        preferences = portal_url("/accounts/notifications/", request_base=request_base)
        send_mail(
            subject=f"{prefix}{notification.title}"[:200],
            message=(
                f"{notification.title}\n\n"
                + (f"See it in the PMO Portal: {link}\n\n" if link else "")
                + f"Choose which notifications you get, and how: {preferences}\n"
            ),
            from_email=settings.DEFAULT_FROM_EMAIL,
            recipient_list=[notification.recipient.email],
        )
    return 1
