"""The artifacts of ``alpha`` that the progress review reads, made as the portal makes them
(the document, schedule, governance, RAID and status report services), with the versions'
states and dates set where a test needs one exactly."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from pmp.models import GovernanceBody, RaidItem
from pmp.services.governance import body_create
from pmp.services.raid import item_create
from programs.choices import DocumentStatus
from programs.models import DocumentVersion, Membership
from programs.services.documents import document_create, version_sign
from reports.choices import StatusReportStatus
from reports.models import StatusReport
from schedule.models import Baseline, Schedule
from schedule.services.baselines import baseline_create, baseline_propose
from tests.conftest import World
from tests.factories import make_charter, superuser
from tests.schedule.factories import make_schedule

PM = "customer.program_manager"
SPONSORS = ("customer.executive_sponsor", "provider.executive_sponsor")


def moment(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(10, 0)))


def document(world: World, kind: str, state: str, on: dt.date | None = None) -> DocumentVersion:
    """Version 1 of the program's document of ``kind`` in ``state`` (draft, in_review,
    approved), its submission or approval on ``on``."""
    made = document_create(acting_user=superuser(), program=world.program, kind=kind)
    version = made.versions.get()
    on = on or dt.date(2026, 5, 4)
    values: dict[str, Any] = {"status": state}
    if state == DocumentStatus.DRAFT:
        DocumentVersion.objects.filter(pk=version.pk).update(created_at=moment(on))
    if state in (DocumentStatus.IN_REVIEW, DocumentStatus.APPROVED):
        values["submitted_at"] = moment(on)
    if state == DocumentStatus.APPROVED:
        values["approved_at"] = moment(on)
    DocumentVersion.objects.filter(pk=version.pk).update(**values)
    version.refresh_from_db()
    return version


def approved_charter(world: World) -> DocumentVersion:
    return make_charter(
        world.program,
        state="approved",
        editor=world.user(PM),
        signers=tuple(world.user(s) for s in SPONSORS),
    )


def schedule(world: World) -> Schedule:
    return make_schedule(world.program, world.user("provider.program_manager"))


def proposed_baseline(world: World, made: Schedule) -> Baseline:
    baseline = baseline_create(acting_user=world.user(PM), schedule=made, name="IMS baseline")
    baseline_propose(acting_user=world.user(PM), baseline=baseline)
    baseline.refresh_from_db()
    return baseline


def agreed_baseline(world: World, made: Schedule) -> Baseline:
    return sign_baseline(world, proposed_baseline(world, made))


def sign_baseline(world: World, baseline: Baseline) -> Baseline:
    """Both sponsors sign the proposed ``baseline``: it is agreed."""
    assert baseline.version is not None
    for sponsor in SPONSORS:
        version_sign(acting_user=world.user(sponsor), version=baseline.version)
    baseline.refresh_from_db()
    return baseline


def member(world: World, username: str) -> Membership:
    return Membership.objects.get(program=world.program, user=world.user(username))


def body(world: World, name: str, *usernames: str) -> GovernanceBody:
    return body_create(
        acting_user=world.user(PM),
        program=world.program,
        name=name,
        members=[member(world, u) for u in usernames],
    )


def raid_decision(world: World) -> RaidItem:
    return item_create(
        acting_user=world.user(PM),
        program=world.program,
        kind="decision",
        title="Convert three years of payroll history",
        owner_party="shared",
        decision="Three years of history convert; older years are archived.",
        decided_by="Executive Steering Committee",
    )


def status_report(
    world: World, period: dt.date, status: str, released_on: dt.date | None = None
) -> StatusReport:
    """The period's report, built by the portal, then in ``status``."""
    from reports.services.builds import report_build_run, report_build_start

    job = report_build_start(acting_user=world.user(PM), program=world.program, period_start=period)
    report_build_run(job_id=job.pk)
    report = StatusReport.objects.get(program=world.program, period_start=period)
    values: dict[str, Any] = {"status": status}
    if status == StatusReportStatus.RELEASED:
        values["released_at"] = moment(released_on or period)
    StatusReport.objects.filter(pk=report.pk).update(**values)
    report.refresh_from_db()
    return report
