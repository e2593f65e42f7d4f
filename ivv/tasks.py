"""Background jobs of the IV&V register. Thin: load by id, call, idempotent.

- ``notify_overdue_findings`` (daily, CELERY_BEAT_SCHEDULE, and callable by hand) records
  each finding that became overdue, once per finding and kind (answer, corrective action),
  and after commit emails the party that owes it;
- ``notify_escalation`` emails both Executive Sponsors a non-concurrence the IV&V agent
  escalated."""

from __future__ import annotations

from typing import Any

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import IntegrityError, transaction
from django.utils import timezone

from programs import limits
from programs.choices import EDITING_ROLES, Party, Role
from programs.links import portal_url
from programs.models import Membership

from .choices import OverdueKind
from .models import Finding, FindingHistory, OverdueNotice
from .selectors import action_overdue_q, answer_overdue_q


@shared_task
def notify_overdue_findings() -> int:
    """Record the findings that became overdue since the last run and queue their emails
    after commit. Returns the number of new notices; a second run the same day finds none."""
    today = limits.today()
    created: list[int] = []
    with transaction.atomic():
        for kind, condition in (
            (OverdueKind.ANSWER, answer_overdue_q(today)),
            (OverdueKind.ACTION, action_overdue_q(today)),
        ):
            due = (
                Finding.objects.filter(condition)
                .exclude(overdue_notices__kind=kind)
                .values_list("pk", "response_due", "action_target")
            )
            for pk, response_due, action_target in due:
                try:
                    with transaction.atomic():
                        notice = OverdueNotice.objects.create(
                            finding_id=pk,
                            kind=kind,
                            due=(action_target if kind == OverdueKind.ACTION else None)
                            or response_due,
                        )
                except IntegrityError:  # another run recorded it first
                    continue
                created.append(notice.pk)
        for notice_id in created:
            transaction.on_commit(
                lambda notice_id=notice_id: send_overdue_notice.delay(notice_id)  # type: ignore[misc]
            )
    return len(created)


@shared_task(bind=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_overdue_notice(self: Any, notice_id: int) -> int:
    """Email the answering party's editors (and the corrective action's owner) that a
    finding is overdue. Sent once: a notice already sent sends nothing."""
    with transaction.atomic():
        notice = (
            OverdueNotice.objects.select_for_update(of=("self",))
            .select_related("finding__program", "finding__action_owner__user")
            .filter(pk=notice_id, sent_at__isnull=True)
            .first()
        )
        if notice is None:
            return 0
        finding = notice.finding
        program = finding.program
        recipients = set(
            Membership.objects.filter(
                program=program, party=finding.answering_party, role__in=EDITING_ROLES
            )
            .exclude(user__email="")
            .values_list("user__email", flat=True)
        )
        owner = finding.action_owner
        if owner is not None and owner.user.email:
            recipients.add(owner.user.email)
        url = portal_url(finding.get_absolute_url())
        owed = (
            "an answer (concur, partially concur or non-concur)"
            if notice.kind == OverdueKind.ANSWER
            else "its corrective action"
        )
        subject = f"[{program.code}] {finding.reference} is overdue: {notice.get_kind_display()}"
        body = (
            f"IV&V finding {finding.reference} of {program.name}, “{finding.title}”, "
            f"awaited {owed} from the {Party(finding.answering_party).label.lower()} by "
            f"{notice.due:%d %B %Y}.\n\nThe finding is here: {url}\n"
        )
        messages = [
            (subject, body, settings.DEFAULT_FROM_EMAIL, [email]) for email in sorted(recipients)
        ]
        notice.sent_at = timezone.now()
        notice.save(update_fields=["sent_at"])
        return send_mass_mail(messages, fail_silently=False)


@shared_task(bind=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def notify_escalation(self: Any, history_id: int, request_base: str = "") -> int:
    """Email both Executive Sponsors that the IV&V agent escalated a non-concurrence."""
    history = (
        FindingHistory.objects.select_related("item__program")
        .filter(pk=history_id, action="escalate")
        .first()
    )
    if history is None:
        return 0
    finding = history.item
    program = finding.program
    sponsors = (
        Membership.objects.filter(
            program=program,
            role=Role.EXECUTIVE_SPONSOR,
            party__in=[Party.CUSTOMER, Party.PROVIDER],
        )
        .exclude(user__email="")
        .select_related("user")
    )
    url = portal_url(finding.get_absolute_url(), request_base=request_base)
    subject = f"[{program.code}] Non-concurrence escalated: {finding.reference}"
    messages = [
        (
            subject,
            f"Dear {s.display_name},\n\n"
            f"{history.actor_name}, the IV&V agent of {program.name}, escalates the "
            f"{Party(finding.answering_party).label.lower()}'s non-concurrence with finding "
            f"{finding.reference}, “{finding.title}”, to the Executive Sponsors.\n\n"
            f"Their reason: {history.reason}\n\n"
            f"The rationale of the non-concurrence: {finding.response_rationale}\n\n"
            f"The finding is here: {url}\n",
            settings.DEFAULT_FROM_EMAIL,
            [s.user.email],
        )
        for s in sponsors
    ]
    return send_mass_mail(messages, fail_silently=False)
