"""Building status reports as background jobs (``programs`` jobs with progress).

A person (a Program Manager or PMO Lead of either party) asks for a period's report: the
request checks the rule and the period and queues a job; the Celery task
(``reports.tasks.build_status_report``) claims the job, reads every source, assembles the
snapshot and saves the period's draft in one transaction. The daily scheduled build does the
same for each program whose last period has ended without a report, as the portal itself.

Safe under failure and repetition:
- one report per program, period and revision (a database constraint); a build updates the
  period's draft or reviewed report in place (back to draft) and never touches a released one;
- a source that fails leaves a failed job with the reason and no report;
- database trouble (``OperationalError``) passes up to the task, which retries with back-off
  and a bound: the job stays running, and a claimed running job is run again, as it is when a
  worker dies in the middle (the task acknowledges late); the save is all or nothing.
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from django.contrib.auth.models import User
from django.db import IntegrityError, OperationalError, transaction
from django.urls import reverse
from django.utils import timezone

from programs import limits
from programs.choices import AuditAction
from programs.errors import DomainError, ErrorCode, PermissionRefused
from programs.models import Job, Program
from programs.services.audit import audit_record
from programs.services.jobs import job_advance, job_create, job_fail, job_run

from .. import periods, rating, selectors
from ..choices import StatusReportStatus
from ..models import StatusReport
from ..rules import BUILDERS, may_build
from ..sections import SECTIONS, Context, assemble, read_sections

KIND = "status_report"
STEPS = len(SECTIONS) + 1  # each source, then the rendering


def _period(program: Program, period_start: date) -> periods.Period:
    """The program's period starting ``period_start``, refused when it is not one of its
    periods, has not started, or ends before the program started."""
    length = selectors.settings_of(program).period_length
    period = periods.period_of(periods.period_start(period_start, length), length)
    if period.start != period_start:
        raise DomainError(
            f"A {length} report period starts on its first day ({period.start:%-d %B %Y}).",
            field="period",
        )
    if period.start > limits.today():
        raise DomainError(
            f"The report of {period.label} cannot be built before its period starts on "
            f"{period.start:%-d %B %Y}.",
            field="period",
        )
    if period.end < program.start_date:
        raise DomainError(
            f"The program started on {program.start_date:%-d %B %Y}, after {period.label}.",
            field="period",
        )
    return period


def _refuse_released(program: Program, period: periods.Period) -> None:
    latest = selectors.latest_revision(program=program, period_start=period.start)
    if latest is not None and latest.status == StatusReportStatus.RELEASED:
        raise DomainError(
            f"The report of {period.label} is released and never changes.",
            field="period",
        )


def refuse_build(*, acting_user: User, program: Program, period_start: date) -> periods.Period:
    """What refuses a build, checked before it is queued and again when it runs."""
    if not may_build(acting_user, program):
        raise PermissionRefused(BUILDERS)
    period = _period(program, period_start)
    _refuse_released(program, period)
    return period


def _queue(job_id: int) -> None:
    from ..tasks import build_status_report  # the task module imports this one

    build_status_report.delay(job_id)


def _create_job(
    *, acting_user: User | None, program: Program, period: periods.Period, key: str
) -> tuple[Job, bool]:
    with transaction.atomic():
        job, created = job_create(
            acting_user=acting_user,  # type: ignore[arg-type]  # None: the portal's own build
            program=program,
            kind=KIND,
            key=key,
            title=f"Status report of {period.label}",
            total=STEPS,
            params={
                "period": period.start.isoformat(),
                "section": "reports",
                "retry_url": reverse("reports:list", kwargs={"code": program.code}),
            },
        )
        if created:
            transaction.on_commit(lambda: _queue(job.pk))
    return job, created


def report_build_start(
    *, acting_user: User, program: Program, period_start: date, request_key: str = ""
) -> Job:
    """Queue the build of the period's report for ``acting_user``; the job to follow. The
    same ``request_key`` (a form posted twice) is the same job."""
    period = refuse_build(acting_user=acting_user, program=program, period_start=period_start)
    nonce = (request_key or uuid.uuid4().hex)[:64]
    key = f"{KIND}:{program.pk}:{period.start.isoformat()}:{acting_user.pk}:{nonce}"
    return _create_job(acting_user=acting_user, program=program, period=period, key=key)[0]


def report_build_scheduled(*, program: Program, today: date | None = None) -> Job | None:
    """Queue the build of the program's last ended period when it has no report yet (the
    daily scheduled build); None when there is nothing to build or it is queued already (its
    key names the period, so running it twice queues one job)."""
    today = today or limits.today()
    length = selectors.settings_of(program).period_length
    start = periods.previous_start(periods.period_start(today, length), length)
    period = periods.period_of(start, length)
    if period.end < program.start_date or period.start > program.planned_end_date:
        return None
    if selectors.latest_revision(program=program, period_start=start) is not None:
        return None
    key = f"{KIND}:{program.pk}:{start.isoformat()}:scheduled"
    job, created = _create_job(acting_user=None, program=program, period=period, key=key)
    return job if created else None


# -- the build itself (on a worker) -----------------------------------------------------------


def _builder(job: Job) -> User | None:
    """Who the build is for: the person who asked, if they still may build; None for the
    portal's scheduled build."""
    user = job.created_by
    if user is None and job.key.endswith(":scheduled"):
        return None
    if user is None or not user.is_active or not may_build(user, job.program):
        raise PermissionRefused(
            f"Who asked for the build may no longer build this program's reports. {BUILDERS}"
        )
    return user


def _work(job: Job) -> dict[str, Any]:
    program = job.program
    user = _builder(job)
    period = _period(program, date.fromisoformat(job.params["period"]))
    _refuse_released(program, period)
    today = limits.today()
    job_advance(job=job, step="Reading sources", done=0, total=STEPS)
    ctx = Context(program, period.start, period.end, today, user)
    read = iter(range(len(SECTIONS)))

    def heard(title: str) -> None:
        job_advance(job=job, step=f"Reading sources: {title.lower()}", done=next(read))

    sections = read_sections(ctx, on_section=heard)
    job_advance(job=job, step="Rendering the report", done=len(SECTIONS))
    previous = selectors.previous_report(program=program, period_start=period.start)
    snapshot = assemble(
        ctx=ctx,
        period_label=period.label,
        due_on=periods.due_on(period, selectors.settings_of(program).due_business_day),
        sections=sections,
        previous={**previous.snapshot, "rating_given": previous.rating} if previous else None,
        thresholds=rating.thresholds(),
    )
    report = report_save_draft(acting_user=user, program=program, snapshot=snapshot)
    return {
        "message": f"The status report of {period.label} is built (revision {report.revision}).",
        "url": report.get_absolute_url(),
        "url_label": "Open the report",
        "report": report.pk,
    }


def report_build_run(*, job_id: int) -> Job | None:
    """Run the build job once (the task's whole body); None when there was nothing to run.
    An ``OperationalError`` passes up for the task to retry, the job left running."""
    return job_run(job_id=job_id, kind=KIND, work=_work, transient=(OperationalError,))


def report_build_give_up(*, job_id: int, tries: int) -> Job | None:
    """End a build that kept meeting database trouble: failed, nothing saved."""
    job = Job.objects.select_related("program").filter(pk=job_id, kind=KIND).first()
    if job is None or job.finished:
        return job
    return job_fail(
        job=job,
        message=f"The build met a database error {tries} times and stopped; no report was "
        "saved. Try again later.",
        code=str(ErrorCode.SERVER_ERROR),
    )


_DRAFT_RESET: dict[str, Any] = {
    "status": StatusReportStatus.DRAFT,
    "customer_approved_by": None,
    "customer_approved_at": None,
    "provider_approved_by": None,
    "provider_approved_at": None,
}


@transaction.atomic
def report_save_draft(
    *, acting_user: User | None, program: Program, snapshot: dict[str, Any]
) -> StatusReport:
    """Save ``snapshot`` as its period's draft: the first revision, or the period's open
    (draft or reviewed) revision rebuilt in place, back to draft; never a released one."""
    period = snapshot["period"]
    start = date.fromisoformat(period["start"])
    values = {
        "period_end": date.fromisoformat(period["end"]),
        "due_on": date.fromisoformat(period["due_on"]),
        "schema_version": snapshot["schema_version"],
        "snapshot": snapshot,
        "built_at": timezone.now(),
        "built_by": acting_user,
        "proposed_rating": snapshot["rating"]["value"],
        "rating_reasons": snapshot["rating"]["reasons"],
        **_DRAFT_RESET,
    }
    reports = StatusReport.objects.select_for_update().filter(program=program, period_start=start)
    report = reports.order_by("-revision").first()
    created = report is None
    if report is None:
        try:
            with transaction.atomic():
                report = StatusReport.objects.create(program=program, period_start=start, **values)
        except IntegrityError:  # another build of the period saved it first: rebuild that
            report = reports.order_by("-revision").first()
            created = False
    assert report is not None
    before = report.proposed_rating
    if not created:
        if report.status == StatusReportStatus.RELEASED:
            raise DomainError(
                f"The report of {period['label']} is released and never changes.",
                field="period",
            )
        for name, value in values.items():
            setattr(report, name, value)
        report.save()
    audit_record(
        acting_user=acting_user,
        program=program,
        action=AuditAction.CREATE if created else AuditAction.UPDATE,
        target=report,
        changes={
            "snapshot": [None, f"built for {period['label']}"],
            "proposed_rating": [None if created else before, report.proposed_rating],
        },
    )
    return report
