"""The writes of notifications: creating them for an event, reading them, preferences, and
claiming each email once."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.utils import timezone

from .. import policy
from ..choices import AuditAction
from ..errors import DomainError
from ..models import (
    AuditEvent,
    DigestFrequency,
    DigestPreference,
    Notification,
    NotificationDelivery,
    NotificationPreference,
)
from ..services.audit import audit_record
from .registry import NotificationKind, default_delivery, kinds_for, notification_kind
from .selectors import forget_unread


def _target(event: AuditEvent) -> Any:
    model = event.target_type.model_class()
    if model is None:
        return None
    return model._default_manager.filter(pk=event.target_id).first()


def _deliveries(kind: NotificationKind, user_ids: list[int]) -> dict[int, str]:
    chosen = dict(
        NotificationPreference.objects.filter(kind=kind.key, user_id__in=user_ids).values_list(
            "user_id", "delivery"
        )
    )
    return {pk: chosen.get(pk, default_delivery()) for pk in user_ids}


def notifications_create_for_event(*, event_id: int) -> list[Notification]:
    """The notifications of the audit event ``event_id``: for each kind it is, each recipient
    the kind names who is a member of the program allowed to view the item, as they chose.
    Returns the notifications created now; run again, it creates none."""
    event = (
        AuditEvent.objects.select_related("target_type", "program", "actor")
        .filter(pk=event_id)
        .first()
    )
    if event is None:
        return []
    kinds = [
        k
        for k in kinds_for(f"{event.target_type.app_label}.{event.target_type.model}", event.action)
        if k.applies(event)
    ]
    if not kinds:
        return []
    target = _target(event)
    if target is None:
        return []
    created: list[Notification] = []
    for kind in kinds:
        recipients = [
            user
            for user in kind.recipients(event, target)
            if user.pk != event.actor_id and policy.can(user, "view", target)
        ]
        deliveries = _deliveries(kind, [u.pk for u in recipients])
        title = kind.title(event, target)[:300]
        link = kind.link(target)[:500]
        for user in recipients:
            delivery = deliveries[user.pk]
            if delivery == NotificationDelivery.OFF:
                continue
            try:
                with transaction.atomic():
                    created.append(
                        Notification.objects.create(
                            recipient=user,
                            event=event,
                            kind=kind.key,
                            program=event.program,
                            title=title,
                            link=link,
                            delivery=delivery,
                        )
                    )
            except IntegrityError:  # this event already notified them
                continue
    forget_unread(n.recipient_id for n in created)
    return created


def notification_claim_email(*, notification_id: int) -> Notification | None:
    """Mark a notification to be emailed at once as emailed, if nobody did: the caller sends
    the email inside the same transaction, so a failed send leaves it unclaimed."""
    claimed = Notification.objects.filter(
        pk=notification_id,
        delivery=NotificationDelivery.IMMEDIATELY,
        emailed_at__isnull=True,
    ).update(emailed_at=timezone.now())
    if not claimed:
        return None
    return Notification.objects.select_related("recipient", "program").get(pk=notification_id)


def notification_mark_read(*, acting_user: User, notification: Notification) -> Notification:
    """Mark one of the person's own notifications read (somebody else's is never found)."""
    if notification.recipient_id != acting_user.pk:
        raise DomainError("This notification is not yours.")
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
        forget_unread([acting_user.pk])
        # A person's own reading, not an event of the program: kept out of its audit trail.
        audit_record(
            acting_user=acting_user,
            program=None,
            action=AuditAction.UPDATE,
            target=notification,
            changes={"read": [False, True]},
        )
    return notification


def notifications_mark_all_read(*, acting_user: User) -> int:
    """Mark every unread notification of the person read; returns how many."""
    count = Notification.objects.filter(recipient=acting_user, read_at__isnull=True).update(
        read_at=timezone.now()
    )
    if count:
        forget_unread([acting_user.pk])
        audit_record(
            acting_user=acting_user,
            program=None,
            action=AuditAction.UPDATE,
            # The person themself (a plain instance: the request's user is a lazy wrapper).
            target=get_user_model()(pk=acting_user.pk, username=acting_user.get_username()),
            changes={"unread notifications": [count, 0]},
        )
    return count


@transaction.atomic
def notification_preferences_set(
    *, acting_user: User, digest: str, deliveries: Mapping[str, str]
) -> None:
    """Set how often the person gets the digest and how they get each kind of
    notification. Nothing is saved if any choice is unknown."""
    if digest not in DigestFrequency.values:
        raise DomainError("Choose daily, weekly or off for the digest.", field="digest")
    for key, delivery in deliveries.items():
        kind = notification_kind(key)
        if kind is None:
            raise DomainError(f"There is no notification called “{key}”.", field=key)
        if delivery not in NotificationDelivery.values:
            raise DomainError(
                f"Choose at once, in the digest or not at all for “{kind.label}”.", field=key
            )
    preference, _ = DigestPreference.objects.select_for_update().get_or_create(user=acting_user)
    changes: dict[str, list[Any]] = {}
    if preference.frequency != digest:
        changes["digest"] = [preference.frequency, digest]
        preference.frequency = digest
        preference.save(update_fields=["frequency"])
    current = dict(
        NotificationPreference.objects.filter(user=acting_user).values_list("kind", "delivery")
    )
    for key, delivery in deliveries.items():
        before = current.get(key, default_delivery())
        if before == delivery:
            continue
        NotificationPreference.objects.update_or_create(
            user=acting_user, kind=key, defaults={"delivery": delivery}
        )
        changes[key] = [before, delivery]
    if changes:
        audit_record(
            acting_user=acting_user,
            program=None,
            action=AuditAction.UPDATE,
            target=preference,
            changes=changes,
        )
