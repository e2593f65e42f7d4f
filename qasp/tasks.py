"""Background jobs of the QASP. Thin: load by id, call, idempotent.

- ``notify_overdue_cars`` (daily, CELERY_BEAT_SCHEDULE, and callable by hand) records each
  corrective action request that became overdue on a step, once per request, step and due
  date (a returned request owes a new answer by a new date), and after commit emails the
  party that owes the step."""

from __future__ import annotations

from typing import Any

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from programs import limits
from programs.choices import EDITING_ROLES, Party
from programs.links import portal_url
from programs.models import Membership

from .car_selectors import OVERDUE_STEPS
from .choices import CarOverdueKind
from .models import CarOverdueNotice, CorrectiveActionRequest

#: The party that owes each step.
OWED_BY = {
    CarOverdueKind.ANSWER: Party.PROVIDER,
    CarOverdueKind.EVALUATION: Party.CUSTOMER,
    CarOverdueKind.ACTION: Party.PROVIDER,
}
_OWED = {
    CarOverdueKind.ANSWER: "its answer (root cause, corrective action and target date)",
    CarOverdueKind.EVALUATION: "its evaluation of the provider's answer",
    CarOverdueKind.ACTION: "the corrective action, to be verified by an acceptable record",
}


@shared_task
def notify_overdue_cars() -> int:
    """Record the requests that became overdue on a step since the last run and queue their
    emails after commit. Returns the number of new notices; a second run finds none."""
    today = limits.today()
    created: list[int] = []
    with transaction.atomic():
        for kind, condition, due_field in OVERDUE_STEPS:
            noticed = CarOverdueNotice.objects.filter(
                car=OuterRef("pk"), kind=kind, due=OuterRef(due_field)
            )
            due = (
                CorrectiveActionRequest.objects.filter(condition(today))
                .exclude(Exists(noticed))
                .values_list("pk", due_field)
            )
            for pk, due_on in due:
                try:
                    with transaction.atomic():
                        notice = CarOverdueNotice.objects.create(car_id=pk, kind=kind, due=due_on)
                except IntegrityError:  # another run recorded it first
                    continue
                created.append(notice.pk)
        for notice_id in created:
            transaction.on_commit(
                lambda notice_id=notice_id: send_car_overdue_notice.delay(notice_id)  # type: ignore[misc]
            )
    return len(created)


@shared_task(bind=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_car_overdue_notice(self: Any, notice_id: int) -> int:
    """Email the editors of the party that owes the step that a request is overdue on it.
    Sent once: a notice already sent sends nothing."""
    with transaction.atomic():
        notice = (
            CarOverdueNotice.objects.select_for_update(of=("self",))
            .select_related("car__program")
            .filter(pk=notice_id, sent_at__isnull=True)
            .first()
        )
        if notice is None:
            return 0
        car = notice.car
        program = car.program
        party = OWED_BY[CarOverdueKind(notice.kind)]
        recipients = sorted(
            set(
                Membership.objects.filter(program=program, party=party, role__in=EDITING_ROLES)
                .exclude(user__email="")
                .values_list("user__email", flat=True)
            )
        )
        subject = f"[{program.code}] {car.reference} is overdue: {notice.get_kind_display()}"
        body = (
            f"Corrective action request {car.reference} of {program.name}, on "
            f"{car.standard_code} ({car.standard_text}), awaited "
            f"{_OWED[CarOverdueKind(notice.kind)]} from the {Party(party).label.lower()} by "
            f"{notice.due:%d %B %Y}.\n\nThe request is here: "
            f"{portal_url(car.get_absolute_url())}\n"
        )
        messages = [(subject, body, settings.DEFAULT_FROM_EMAIL, [email]) for email in recipients]
        notice.sent_at = timezone.now()
        notice.save(update_fields=["sent_at"])
        return send_mass_mail(messages, fail_silently=False)
