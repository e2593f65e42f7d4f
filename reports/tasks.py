"""Background jobs of status reports. Thin: load by id, call the service, idempotent (a
job runs once however often it is delivered; a worker lost mid-build is redelivered, as the
task acknowledges late, and the job is run again from the start).

- ``build_status_report(job_id)``: one build, retried with back-off on database trouble
  (REPORTS_BUILD_MAX_RETRIES, REPORTS_BUILD_RETRY_SECONDS doubled each time), never on a
  refusal or a failed source (the job fails with the reason);
- ``build_due_reports()`` (daily, CELERY_BEAT_SCHEDULE): queues the build of each active
  program's last ended period that has no report yet;
- ``send_released_report(report_id)`` (queued when a release commits): one email with the
  released report's PDF attached to the program's distribution list in Bcc (addressed to the
  portal's own address, so no recipient sees the others), once (the report records when it
  was sent), retried with back-off on mail trouble (OSError)."""

from __future__ import annotations

from typing import Any

from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMessage
from django.db import OperationalError, transaction
from django.utils import timezone

from programs import limits
from programs.choices import ProgramStatus
from programs.models import Program

from . import exports, selectors
from .choices import StatusReportStatus
from .models import StatusReport
from .readiness.tasks import build_review_package  # noqa: F401  (registered with the worker)
from .services import builds as services


def retry_countdown(retries: int) -> int:
    return int(settings.REPORTS_BUILD_RETRY_SECONDS) * 2**retries


@shared_task(bind=True, acks_late=True, reject_on_worker_lost=True)
def build_status_report(self: Any, job_id: int) -> str | None:
    """Build the job's report; returns the job's status, None when there was nothing to run
    (no such job, or it has finished)."""
    try:
        job = services.report_build_run(job_id=job_id)
    except OperationalError as error:
        limit = int(settings.REPORTS_BUILD_MAX_RETRIES)
        retries = int(self.request.retries or 0)
        if retries >= limit:
            job = services.report_build_give_up(job_id=job_id, tries=limit + 1)
            return None if job is None else str(job.status)
        if self.request.is_eager:  # in process, with no broker to wait on: again at once
            again = build_status_report.apply(args=(job_id,), retries=retries + 1)
            return None if again.result is None else str(again.result)
        raise self.retry(
            exc=error, countdown=retry_countdown(retries), max_retries=limit
        ) from error
    return None if job is None else str(job.status)


@shared_task
def build_due_reports() -> int:
    """Queue the scheduled builds that are due; returns how many were queued."""
    today = limits.today()
    queued = 0
    for program in Program.objects.filter(status=ProgramStatus.ACTIVE).order_by("pk"):
        if services.report_build_scheduled(program=program, today=today) is not None:
            queued += 1
    return queued


def distribution_addresses(report: StatusReport) -> list[str]:
    """The list's addresses: its members' (active, with an address) and the outside ones,
    each once whatever its case."""
    listed = selectors.settings_of(report.program)
    found: dict[str, str] = {}
    if listed.pk:
        members = listed.distribution_members.select_related("user").filter(user__is_active=True)
        for address in [m.user.email for m in members] + list(listed.outside_emails):
            if address:
                found.setdefault(address.lower(), address)
    return list(found.values())


def _release_text(report: StatusReport) -> str:
    overall = report.overall_label.lower() or "not rated"
    link = f"{settings.PORTAL_BASE_URL}{report.get_absolute_url()}"
    return (
        f"The status report of {report.program.name} for {report.period_label} (revision "
        f"{report.revision}) was released: overall {overall}, CIO rating "
        f"{report.rating_label}.\n\nThe report is attached. Members of the program read it "
        f"in the portal at {link}.\n"
    )


@shared_task(acks_late=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_released_report(report_id: int) -> int:
    """Email the released report to its distribution list, in Bcc; returns the emails sent
    (0 when it was sent before, is not released, or the list is empty). The PDF leaves out
    dollar figures: the list may name people who may not see the program's costs."""
    with transaction.atomic():
        report = (
            StatusReport.objects.select_for_update()
            .select_related("program__customer", "program__provider")
            .filter(pk=report_id, status=StatusReportStatus.RELEASED)
            .first()
        )
        if report is None or report.release_email_sent_at is not None:
            return 0
        recipients = distribution_addresses(report)
        sent = 0
        if recipients:
            program = report.program
            message = EmailMessage(
                subject=f"{program.code}: status report of {report.period_label} released",
                body=_release_text(report),
                from_email=settings.DEFAULT_FROM_EMAIL,
                # The list mixes members and outside addresses: none sees the others.
                to=[settings.DEFAULT_FROM_EMAIL],
                bcc=recipients,
            )
            message.attach(
                f"{program.code}-{exports.filename(report)}.pdf",
                exports.report_pdf(report, shows_costs=False),
                "application/pdf",
            )
            sent = message.send(fail_silently=False)
        StatusReport.objects.filter(pk=report.pk).update(release_email_sent_at=timezone.now())
    return sent
