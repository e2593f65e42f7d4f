"""The progress review's readiness: each artifact's state read from the portal (missing,
in draft, in review, ready with its date), what blocks each criterion in words, the
percentage, the page, and a query count that does not grow with what the program holds."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from charter.definition import CHARTER
from ivv.plan import IVV_PLAN
from pmp.definitions import PROGRAM_MANAGEMENT_PLAN
from pmp.models import RaidItem
from programs.choices import DocumentStatus
from qasp.standards import QASP
from raci.definitions import RESOURCE_PLAN, ROLE_AGREEMENT
from reports.choices import StatusReportStatus
from reports.readiness.selectors import Readiness, readiness_of
from reports.readiness.states import State
from tests.conftest import World
from tests.lessons import conftest as lessons_world

from . import readiness_world as make

MAY_4 = dt.date(2026, 5, 4)


def read(world: World) -> Readiness:
    return readiness_of(program=world.program)


def artifact(world: World, key: str) -> Any:
    return next(a for a in read(world).artifacts if a.key == key)


def row(readiness: Readiness, key: str) -> Any:
    return next(r for r in readiness.rows if r.criterion.key == key)


def test_a_new_program_has_every_artifact_missing(world: World) -> None:
    readiness = read(world)
    assert readiness.percent == 0 and readiness.met_count == 0
    assert readiness.counted_count == len(readiness.rows)
    assert {a.state for a in readiness.artifacts} == {State.MISSING}
    assert row(readiness, "charter_updated").blockers == [
        "The Program Charter has not been started in the portal."
    ]
    lessons = row(readiness, "lessons_recorded")
    assert lessons.counted and not lessons.met
    assert lessons.artifacts[0].summary == "Not written"


@pytest.mark.parametrize(
    ("kind", "key", "subject"),
    [
        (PROGRAM_MANAGEMENT_PLAN, "pmp", "The PMP"),
        (ROLE_AGREEMENT, "role_agreement", "The PMO role agreement"),
        (RESOURCE_PLAN, "resource_plan", "The Resource Management Plan"),
        (IVV_PLAN, "ivv_plan", "The IV&V plan"),
        (QASP, "qasp", "The QASP"),
    ],
)
def test_a_document_in_draft_in_review_and_approved(
    world: World, kind: str, key: str, subject: str
) -> None:
    version = make.document(world, kind, DocumentStatus.DRAFT, on=dt.date(2026, 4, 20))
    state = artifact(world, key)
    assert state.state == State.DRAFT and state.label == "In draft"
    assert state.blocker == (
        f"{subject} has no approved version: version 1 is in draft since 20 April 2026."
    )
    type(version).objects.filter(pk=version.pk).update(
        status=DocumentStatus.IN_REVIEW, submitted_at=make.moment(MAY_4)
    )
    state = artifact(world, key)
    assert state.state == State.IN_REVIEW
    assert state.summary == "Version 1 is in review since 4 May 2026"
    assert state.blocker == (
        f"{subject} has no approved version: version 1 is in review since 4 May 2026."
    )
    type(version).objects.filter(pk=version.pk).update(
        status=DocumentStatus.APPROVED, approved_at=make.moment(dt.date(2026, 5, 20))
    )
    state = artifact(world, key)
    assert state.state == State.READY and state.blocker == ""
    assert state.summary == "Version 1 approved on 20 May 2026"
    assert state.on == dt.date(2026, 5, 20) and state.version_number == 1


def test_a_signed_charter_is_ready_with_its_approval_date(world: World) -> None:
    version = make.approved_charter(world)
    state = artifact(world, "charter")
    assert state.state == State.READY and state.version_number == version.number
    assert state.on == timezone.localdate(version.approved_at)
    assert row(read(world), "charter_updated").met


def test_a_criterion_is_met_only_when_all_its_artifacts_are(world: World) -> None:
    make.document(world, ROLE_AGREEMENT, DocumentStatus.APPROVED)
    make.document(world, RESOURCE_PLAN, DocumentStatus.IN_REVIEW, on=dt.date(2026, 6, 1))
    roles = row(read(world), "roles_agreed")
    assert not roles.met and roles.verdict == "Not met"
    assert roles.blockers == [
        "The Resource Management Plan has no approved version: version 1 is in review since "
        "1 June 2026."
    ]


def test_the_percentage_counts_the_criteria_met_of_those_counted(world: World) -> None:
    for kind in (CHARTER, QASP, IVV_PLAN):
        make.document(world, kind, DocumentStatus.APPROVED)
    readiness = read(world)
    assert (readiness.met_count, readiness.counted_count) == (3, 9)
    assert readiness.percent == 33  # 3 of 9, rounded


def test_the_schedule_from_missing_to_an_agreed_baseline(world: World) -> None:
    assert artifact(world, "ims").state == State.MISSING
    schedule = make.schedule(world)
    ims = artifact(world, "ims")
    assert ims.state == State.DRAFT
    assert ims.blocker == (
        "The Integrated Master Schedule has no agreed baseline: none has been proposed for "
        "agreement yet."
    )
    change_log = artifact(world, "change_log")
    assert change_log.state == State.MISSING and "agreed baseline" in change_log.blocker
    baseline = make.proposed_baseline(world, schedule)
    ims = artifact(world, "ims")
    assert ims.state == State.IN_REVIEW
    assert ims.blocker.startswith(
        f"The Integrated Master Schedule has no agreed baseline: baseline {baseline.number} is "
        "in review since "
    )
    make.sign_baseline(world, baseline)
    readiness = read(world)
    ims = next(a for a in readiness.artifacts if a.key == "ims")
    assert ims.state == State.READY
    assert ims.summary.startswith(f"Baseline {baseline.number} (IMS baseline) agreed on ")
    assert row(readiness, "ims_agreed").met
    change_log = next(a for a in readiness.artifacts if a.key == "change_log")
    assert change_log.state == State.READY
    assert change_log.summary == (
        f"Under change control since baseline {baseline.number}; no change request yet"
    )


def test_governance_bodies_need_members_of_both_parties(world: World) -> None:
    make.body(world, "Joint PMO", "customer.program_manager", "customer.pmo_lead")
    state = artifact(world, "governance")
    assert state.state == State.DRAFT
    assert state.blocker == (
        "Not every governance body has members of both parties: Joint PMO has no provider member."
    )
    make.body(world, "Change Control Board", "provider.program_manager")
    make.document(world, PROGRAM_MANAGEMENT_PLAN, DocumentStatus.APPROVED)
    blockers = row(read(world), "pmo_integrated").blockers
    assert blockers == [
        "Not every governance body has members of both parties: Joint PMO has no provider "
        "member; Change Control Board has no customer member."
    ]


def test_a_joint_body_and_an_approved_pmp_integrate_the_pmo(world: World) -> None:
    make.body(world, "Joint PMO", "customer.program_manager", "provider.program_manager")
    make.document(world, PROGRAM_MANAGEMENT_PLAN, DocumentStatus.APPROVED)
    integrated = row(read(world), "pmo_integrated")
    assert integrated.met and integrated.blockers == []
    assert integrated.artifacts[1].summary == "1 governance body, each with members of both parties"


def test_the_raid_log_is_in_use_while_updated_within_the_review_interval(world: World) -> None:
    assert artifact(world, "raid_log").state == State.MISSING
    item = make.raid_decision(world)
    RaidItem.objects.filter(pk=item.pk).update(updated_at=make.moment(dt.date(2026, 6, 10)))
    state = artifact(world, "raid_log")
    assert state.state == State.READY and state.summary == "1 item, last updated on 10 June 2026"
    RaidItem.objects.filter(pk=item.pk).update(updated_at=make.moment(dt.date(2026, 5, 20)))
    state = artifact(world, "raid_log")
    assert state.state == State.OUT_OF_DATE and state.label == "Out of date"
    assert state.blocker == (
        "The RAID log was last updated on 20 May 2026, more than 14 days ago; it is reviewed "
        "at least every 14 days."
    )


def test_status_reporting_needs_a_released_report_of_the_last_period(world: World) -> None:
    assert artifact(world, "status_report").blocker == (
        "No status report has been built yet; the report of May 2026 is the first due."
    )
    make.status_report(world, dt.date(2026, 4, 1), StatusReportStatus.RELEASED, dt.date(2026, 5, 6))
    state = artifact(world, "status_report")
    assert state.state == State.OUT_OF_DATE
    assert state.blocker == (
        "Status reporting has fallen behind: the last released report is of April 2026 and "
        "the report of May 2026 is not built yet."
    )
    may = make.status_report(world, dt.date(2026, 5, 1), StatusReportStatus.DRAFT)
    state = artifact(world, "status_report")
    assert state.state == State.DRAFT
    assert state.blocker.startswith(
        "No status report of May 2026 or later is released: the report of May 2026 is a draft "
        "built on "
    )
    type(may).objects.filter(pk=may.pk).update(
        status=StatusReportStatus.RELEASED, released_at=make.moment(dt.date(2026, 6, 8))
    )
    state = artifact(world, "status_report")
    assert state.state == State.READY and state.on == dt.date(2026, 6, 8)
    assert state.summary == "The report of May 2026 released on 8 June 2026"


def test_the_lessons_learned_report_is_ready_once_every_lesson_is_validated(
    world: World,
) -> None:
    first = lessons_world.record(world)
    type(first).objects.filter(pk=first.pk).update(recorded_on=dt.date(2026, 6, 2))
    state = artifact(world, "lessons")
    assert state.state == State.IN_REVIEW and state.counted
    assert state.blocker == (
        "The lessons-learned report is not approved: it is in review since 2 June 2026."
    )
    lessons_world.validate_both(world, first)
    state = artifact(world, "lessons")
    assert state.state == State.READY and state.on == timezone.localdate()
    readiness = read(world)
    assert row(readiness, "lessons_recorded").met and readiness.counted_count == 9
    lessons_world.record(world, title="Agree cutover windows early")
    assert artifact(world, "lessons").state == State.IN_REVIEW


def test_reading_the_readiness_does_not_grow_with_what_the_program_holds(world: World) -> None:
    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            readiness_of(program=world.program)
        return len(queries)

    make.body(world, "Joint PMO", "customer.program_manager", "provider.program_manager")
    make.raid_decision(world)
    make.document(world, QASP, DocumentStatus.APPROVED)
    before = count()
    make.body(world, "Change Control Board", "customer.pmo_lead", "provider.pmo_lead")
    make.body(world, "Executive Steering Committee", "customer.executive_sponsor")
    make.raid_decision(world)
    for kind in (CHARTER, PROGRAM_MANAGEMENT_PLAN, IVV_PLAN):
        make.document(world, kind, DocumentStatus.IN_REVIEW)
    assert count() == before


def test_the_page_shows_the_percentage_the_criteria_and_what_blocks_them(world: World) -> None:
    make.document(world, PROGRAM_MANAGEMENT_PLAN, DocumentStatus.IN_REVIEW)
    response = world.client("provider.viewer").get(
        reverse("reports:readiness", kwargs={"code": world.program.code})
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "<h1>Progress review readiness</h1>" in page
    assert "0 of 9 exit criteria met." in page
    assert "PMO and governance processes integrated" in page
    assert "The PMP has no approved version: version 1 is in review since 4 May 2026." in page
    assert 'aria-current="page">Progress review readiness</a>' in page
    assert "Build the review package" not in page  # a viewer reads, never builds
    builder = world.client("provider.pmo_lead").get(
        reverse("reports:readiness", kwargs={"code": world.program.code})
    )
    assert "Build the review package" in builder.content.decode()
