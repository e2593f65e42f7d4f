"""Baselines: frozen copies of the schedule, and their agreement through the versioned sign-off
of the foundation (each proposal is a version of the program's IMS baseline document)."""

from __future__ import annotations

import hashlib
import json

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Max

from programs.choices import AuditAction, DocumentStatus, VersionReason
from programs.errors import DomainError, ErrorCode
from programs.models import Document, DocumentVersion
from programs.policy import require
from programs.services import documents as document_services
from programs.services.audit import audit_record
from schedule.definition import IMS_BASELINE
from schedule.limits import MAX_TEXT_LENGTH, MAX_TITLE_LENGTH, check_text
from schedule.models import Baseline, BaselineTask, Schedule


def baseline_document(schedule: Schedule) -> Document | None:
    return Document.objects.filter(program_id=schedule.program_id, kind=IMS_BASELINE).first()


def agreed_baseline(schedule: Schedule) -> Baseline | None:
    """The baseline the parties agreed (its sign-off version approved), used for variance."""
    return (
        Baseline.objects.filter(schedule=schedule, version__status=DocumentStatus.APPROVED)
        .select_related("version")
        .order_by("-number")
        .first()
    )


def _frozen_sha256(rows: list[BaselineTask]) -> str:
    canonical = [
        [r.uid, r.start.isoformat(), r.finish.isoformat(), r.duration]
        for r in sorted(rows, key=lambda r: r.uid)
    ]
    return hashlib.sha256(json.dumps(canonical, separators=(",", ":")).encode()).hexdigest()


def baseline_planned_values(baseline: Baseline, rows: list[BaselineTask]) -> dict[str, object]:
    """The baseline's time-phased planned value (the performance measurement baseline), the
    budget each period plans to earn, frozen with the baseline. The money module fills it
    from the assignments' costs and dates (``schedule.engine.cost``); until it lands the
    baseline holds work and cost per task only, and this is empty."""
    return {}


@transaction.atomic
def baseline_create(
    *, acting_user: User, schedule: Schedule, name: str, description: str = ""
) -> Baseline:
    """Freeze the schedule as it is computed now: each task's start, finish, duration, work
    and cost (null until the cost module computes costs), and the planned values."""
    schedule = Schedule.objects.select_for_update().select_related("program").get(pk=schedule.pk)
    if not name.strip():
        raise DomainError("Name the baseline.", field="name")
    check_text(name.strip(), field="name", limit=MAX_TITLE_LENGTH, what="A baseline name")
    check_text(
        description.strip(), field="description", limit=MAX_TEXT_LENGTH, what="A description"
    )
    if schedule.start is None or schedule.finish is None or not schedule.tasks.exists():
        raise DomainError("A baseline needs a schedule with tasks.", code=ErrorCode.NO_SCHEDULE)
    number = (schedule.baselines.aggregate(m=Max("number"))["m"] or 0) + 1
    baseline = Baseline(
        schedule=schedule,
        number=number,
        name=name.strip(),
        description=description.strip(),
        start=schedule.start,
        finish=schedule.finish,
        schedule_revision=schedule.revision,
        created_by=acting_user,
    )
    require(acting_user, "change", baseline)
    baseline.save()
    rows = [
        BaselineTask(
            baseline=baseline,
            uid=t.uid,
            wbs=t.wbs,
            name=t.name,
            is_summary=t.is_summary,
            is_milestone=t.is_milestone,
            start=t.start,
            finish=t.finish,
            duration=t.duration,
            work=t.work,
            cost=t.computed_cost,
        )
        for t in schedule.tasks.order_by("position")
        if t.start is not None and t.finish is not None
    ]
    BaselineTask.objects.bulk_create(rows, batch_size=1000)
    baseline.planned_values = baseline_planned_values(baseline, rows)
    if baseline.planned_values:
        baseline.save(update_fields=["planned_values"])
    audit_record(
        acting_user=acting_user,
        program=schedule.program,
        action=AuditAction.CREATE,
        target=baseline,
        changes={
            "name": [None, baseline.name],
            "finish": [None, baseline.finish],
            "tasks": [None, len(rows)],
        },
    )
    return baseline


def _content(baseline: Baseline, schedule: Schedule) -> dict[str, object]:
    rows = list(baseline.tasks.all())
    milestones = [r for r in rows if r.is_milestone]
    critical = schedule.tasks.filter(is_critical=True, is_summary=False).count()
    summary = baseline.description or (
        f"Baseline {baseline.number} of the {schedule.name}, frozen from schedule revision "
        f"{baseline.schedule_revision}, proposed as the agreed IMS baseline."
    )
    return {
        "sections": {"summary": summary, "basis": ""},
        "fields": {
            "baseline_name": f"{baseline.number}: {baseline.name}",
            "project_start": baseline.start.date().isoformat(),
            "project_finish": baseline.finish.date().isoformat(),
            "task_count": len([r for r in rows if not r.is_summary]),
            "milestone_count": len(milestones),
            "critical_task_count": critical,
            "schedule_sha256": _frozen_sha256(rows),
        },
        "tables": {
            "milestones": [
                {"wbs": r.wbs, "name": r.name, "date": r.finish.date().isoformat()}
                for r in milestones
            ]
        },
    }


@transaction.atomic
def baseline_propose(*, acting_user: User, baseline: Baseline) -> DocumentVersion:
    """Send a baseline for agreement: a new version of the IMS baseline document, in review,
    for a customer and a provider signatory to sign. When both sign it is the agreed baseline
    and the board's activity 8 is done."""
    baseline = (
        Baseline.objects.select_for_update().select_related("schedule__program").get(pk=baseline.pk)
    )
    schedule = baseline.schedule
    require(acting_user, "change", baseline)
    if baseline.version_id is not None:
        version = baseline.version
        assert version is not None
        if version.status != DocumentStatus.DRAFT:
            raise DomainError(
                f"Baseline {baseline.number} is already {version.get_status_display().lower()}.",
                code=ErrorCode.ALREADY_DECIDED,
            )
        return document_services.version_submit(acting_user=acting_user, version=version)
    document = baseline_document(schedule)
    content = _content(baseline, schedule)
    if document is None:
        document = document_services.document_create(
            acting_user=acting_user, program=schedule.program, kind=IMS_BASELINE, content=content
        )
        version = document.versions.get(number=1)
    else:
        open_version = document.versions.filter(
            status__in=[DocumentStatus.DRAFT, DocumentStatus.IN_REVIEW]
        ).first()
        if open_version is not None:
            pending = getattr(open_version, "ims_baseline", None)
            label = f"Baseline {pending.number}" if pending else f"Version {open_version.number}"
            raise DomainError(
                f"{label} is {open_version.get_status_display().lower()}: it must be agreed or "
                "withdrawn before another baseline is proposed.",
                code=ErrorCode.BASELINE_IN_REVIEW,
            )
        version = document_services.version_create_next(
            acting_user=acting_user,
            document=document,
            reason=VersionReason.TIMELINE_CHANGE,
            reason_text=f"Baseline {baseline.number} ({baseline.name}) proposed for agreement.",
        )
        version = document_services.version_update_content(
            acting_user=acting_user,
            version=version,
            content=content,
            base_revision=version.revision,
        )
    baseline.version = version
    baseline.save(update_fields=["version"])
    audit_record(
        acting_user=acting_user,
        program=schedule.program,
        action=AuditAction.SUBMIT,
        target=baseline,
        changes={"version": [None, version.number]},
    )
    return document_services.version_submit(acting_user=acting_user, version=version)
