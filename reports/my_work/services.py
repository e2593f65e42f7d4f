"""The digest email: the person's My work and the notifications they asked to get in it,
daily (the default) or weekly, at most once a day."""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from programs.choices import AuditAction
from programs.links import portal_url
from programs.models import DigestFrequency, DigestPreference
from programs.notifications.selectors import held_for_digest
from programs.services.audit import audit_record

from .selectors import my_work_for


def digest_is_due(preference: DigestPreference, today: date) -> bool:
    """Daily: once a day. Weekly: on PMO_DIGEST_WEEKDAY (0 is Monday), once that week."""
    last = preference.last_sent_on
    if preference.frequency == DigestFrequency.DAILY:
        return last is None or last < today
    if preference.frequency == DigestFrequency.WEEKLY:
        return today.weekday() == settings.PMO_DIGEST_WEEKDAY and (
            last is None or last <= today - timedelta(days=7)
        )
    return False


@transaction.atomic
def digest_send(*, user_id: int, today: date, request_base: str = "") -> bool:
    """Send the person's digest if it is due and anything waits on them; returns whether it
    was sent. Run twice the same day, the second run sends nothing."""
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    if user is None or not user.email:
        return False
    preference, _ = DigestPreference.objects.get_or_create(user=user)
    if not digest_is_due(preference, today):
        return False
    work = my_work_for(user=user, today=today)
    held = list(held_for_digest(user=user))
    if not work.total and not held:
        return False
    claimed = DigestPreference.objects.filter(
        pk=preference.pk, last_sent_on=preference.last_sent_on
    ).update(last_sent_on=today)
    if not claimed:  # another run sent it
        return False
    weekly = preference.frequency == DigestFrequency.WEEKLY
    body = render_to_string(
        "reports/my_work/digest.txt",
        {
            "user": user,
            "work": work,
            "held": held,
            "weekly": weekly,
            "groups": [
                (
                    group.heading,
                    [(i, portal_url(i.url, request_base=request_base)) for i in group.items],
                )
                for group in work.groups
                if group.items
            ],
            "my_work_url": portal_url("/my-work/", request_base=request_base),
            "preferences_url": portal_url("/accounts/notifications/", request_base=request_base),
        },
    )
    subject = f"Your {'weekly' if weekly else 'daily'} PMO Portal digest: {work.total} item" + (
        "s" if work.total != 1 else ""
    )
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])
    if held:
        type(held[0]).objects.filter(pk__in=[n.pk for n in held]).update(digested_at=timezone.now())
    audit_record(
        acting_user=None,
        program=None,
        action=AuditAction.UPDATE,
        target=preference,
        changes={"last digest": [preference.last_sent_on, today]},
    )
    return True
