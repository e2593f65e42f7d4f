"""The schedule's services: import, edits recomputed at once, change control, baselines agreed
through the versioned sign-off, change requests decided by both parties, and the audit trail."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta
from io import StringIO
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command

from programs.choices import ActivityStatus, DocumentStatus
from programs.errors import DomainError, ErrorCode, StaleEditError
from programs.models import AuditEvent, PlayActivity
from programs.services.documents import version_sign
from schedule.clock import from_engine, to_engine
from schedule.engine.model import Link, LinkType
from schedule.models import Baseline, ChangeRequest, Dependency, Schedule, Task
from schedule.services import baselines as baseline_services
from schedule.services import change_requests as cr_services
from schedule.services import tasks as task_services
from schedule.services.files import export_schedule_file, import_schedule_file
from schedule.services.schedules import schedule_import
from tests.conftest import World
from tests.factories import superuser
from tests.shared_data import MSPDI_DIR, needs_mspdi

from .factories import DAY, make_schedule, sample_schedule_data

PM = "provider.program_manager"


def task(schedule: Schedule, uid: int) -> Task:
    return schedule.tasks.get(uid=uid)


def agree(world: World, schedule: Schedule) -> Baseline:
    baseline = baseline_services.baseline_create(
        acting_user=world.user(PM), schedule=schedule, name="Integrated baseline"
    )
    version = baseline_services.baseline_propose(acting_user=world.user(PM), baseline=baseline)
    for sponsor in ("customer.executive_sponsor", "provider.executive_sponsor"):
        version_sign(acting_user=world.user(sponsor), version=version)
    baseline.refresh_from_db()
    return baseline


def test_import_stores_tasks_links_and_computed_dates(world: World, schedule: Schedule) -> None:
    assert schedule.tasks.count() == 10
    assert schedule.dependencies.count() == 9
    assert to_engine(schedule.finish) == datetime(2027, 3, 2, 17, 0)
    design = task(schedule, 3)
    assert design.parent == task(schedule, 1) and design.outline_level == 2
    assert design.is_critical and design.total_float == 0
    assert task(schedule, 1).is_summary
    assert task(schedule, 5).total_float == 34 * DAY  # the communications plan has float
    event = AuditEvent.objects.get(
        target_type__model="schedule", target_id=str(schedule.pk), action="create"
    )
    assert event.actor_party == "provider" and event.changes["tasks"] == [None, 10]
    # Both Play 3.1 activities of the schedule link to it from the board.
    board = PlayActivity.objects.filter(
        program=world.program, key__in=["agree_ims", "manage_schedule"]
    )
    assert {a.key: a.evidence for a in board} == {
        "agree_ims": schedule,
        "manage_schedule": schedule,
    }


def test_a_second_import_is_refused_unless_replacing(world: World, schedule: Schedule) -> None:
    with pytest.raises(DomainError) as refused:
        make_schedule(world.program, world.user(PM))
    assert refused.value.code == ErrorCode.SCHEDULE_EXISTS
    data = sample_schedule_data("Replanned IMS")
    replaced, _ = schedule_import(
        acting_user=world.user(PM),
        program=world.program,
        data=data,
        source_name="v2.xml",
        replace=True,
    )
    assert replaced.pk == schedule.pk and replaced.name == "Replanned IMS"
    assert replaced.tasks.count() == 10


def test_a_schedule_the_engine_refuses_is_not_imported(world: World) -> None:
    data = sample_schedule_data()
    looped = replace(data, links=(*data.links, Link(10, 2, LinkType.FS)))
    with pytest.raises(DomainError) as refused:
        schedule_import(
            acting_user=world.user(PM), program=world.program, data=looped, source_name="x.xml"
        )
    assert refused.value.code == ErrorCode.SCHEDULE_INVALID
    assert "loop" in refused.value.message.lower()
    assert not Schedule.objects.filter(program=world.program).exists()
    assert not Task.objects.exists()


def test_an_edit_recomputes_the_successors(world: World, schedule: Schedule) -> None:
    before = task(schedule, 9).start
    task_services.task_update(acting_user=world.user(PM), task=task(schedule, 7), duration=20 * DAY)
    after = task(schedule, 9).start
    assert before and after and after - before == timedelta(days=7)  # 5 working days later
    schedule.refresh_from_db()
    assert to_engine(schedule.finish) == datetime(2027, 3, 9, 17, 0)
    assert schedule.revision == 2


def test_party_ownership_decides_who_edits_a_task(world: World, schedule: Schedule) -> None:
    team = world.user("customer.pmo_team")
    task_services.task_update(acting_user=team, task=task(schedule, 2), percent_complete=50)
    with pytest.raises(PermissionDenied):
        task_services.task_update(acting_user=team, task=task(schedule, 3), name="Renamed")
    with pytest.raises(PermissionDenied):
        task_services.task_update(
            acting_user=world.user("independent.ivv_agent"), task=task(schedule, 2), notes="x"
        )
    assert task(schedule, 3).name == "Design the target payroll configuration"


def test_a_dependency_loop_is_refused_naming_the_tasks(world: World, schedule: Schedule) -> None:
    with pytest.raises(DomainError) as refused:
        task_services.dependency_create(
            acting_user=world.user(PM), predecessor=task(schedule, 9), successor=task(schedule, 3)
        )
    assert "Design the target payroll configuration" in refused.value.message
    assert "System integration test" in refused.value.message
    assert not Dependency.objects.filter(
        predecessor=task(schedule, 9), successor=task(schedule, 3)
    ).exists()


def test_add_and_remove_tasks_keep_the_outline(world: World, schedule: Schedule) -> None:
    new = task_services.task_create(
        acting_user=world.user(PM),
        schedule=schedule,
        name="Security review",
        duration=3 * DAY,
        parent=task(schedule, 1),
    )
    assert new.uid == 11 and new.outline_level == 2
    assert [t.uid for t in schedule.tasks.order_by("position")][:7] == [1, 2, 3, 4, 5, 11, 6]
    task_services.task_create(
        acting_user=world.user(PM), schedule=schedule, name="Scan", duration=DAY, parent=new
    )
    task_services.task_delete(acting_user=world.user(PM), task=task(schedule, 11))
    assert set(schedule.tasks.values_list("uid", flat=True)) == set(range(1, 11))
    assert [t.outline_level for t in schedule.tasks.order_by("position")][:6] == [1, 2, 2, 2, 2, 1]


def test_a_summary_goes_only_with_everything_under_it(world: World, schedule: Schedule) -> None:
    """2 Build and test (shared) holds 2.2, the customer's: the provider may not delete it."""
    before = (schedule.tasks.count(), AuditEvent.objects.count())
    with pytest.raises(DomainError) as refused:
        task_services.task_delete(acting_user=world.user(PM), task=task(schedule, 6))
    assert refused.value.code == ErrorCode.PERMISSION_DENIED
    assert str(refused.value) == (
        "You may not delete 2 Build and test: it holds 2.2 Prepare test data, which the "
        "Customer owns."
    )
    assert (schedule.tasks.count(), AuditEvent.objects.count()) == before


def test_an_agreed_baseline_puts_the_schedule_under_change_control(
    world: World, schedule: Schedule
) -> None:
    baseline = agree(world, schedule)
    assert baseline.is_agreed and baseline.status == DocumentStatus.APPROVED
    activity = PlayActivity.objects.get(program=world.program, key="agree_ims")
    assert activity.status == ActivityStatus.DONE
    assert baseline.tasks.count() == 10
    with pytest.raises(DomainError) as refused:
        task_services.task_update(acting_user=world.user(PM), task=task(schedule, 7), duration=DAY)
    assert refused.value.code == ErrorCode.UNDER_CHANGE_CONTROL
    # Progress is still reported directly (as of the status date).
    Schedule.objects.filter(pk=schedule.pk).update(
        status_date=from_engine(datetime(2027, 1, 29, 17))
    )
    task_services.task_update(
        acting_user=world.user("customer.program_manager"),
        task=task(schedule, 2),
        actual_start=from_engine(datetime(2027, 1, 4, 8)),
        percent_complete=40,
    )
    assert task(schedule, 2).percent_complete == 40


def test_a_second_proposal_waits_for_the_first(world: World, schedule: Schedule) -> None:
    first = baseline_services.baseline_create(
        acting_user=world.user(PM), schedule=schedule, name="First"
    )
    baseline_services.baseline_propose(acting_user=world.user(PM), baseline=first)
    second = baseline_services.baseline_create(
        acting_user=world.user(PM), schedule=schedule, name="Second"
    )
    with pytest.raises(DomainError) as refused:
        baseline_services.baseline_propose(acting_user=world.user(PM), baseline=second)
    assert refused.value.code == ErrorCode.BASELINE_IN_REVIEW
    assert "Baseline 1" in refused.value.message


def test_a_change_request_shows_its_impact_and_applies_when_both_approve(
    world: World, schedule: Schedule
) -> None:
    agree(world, schedule)
    request = cr_services.change_request_propose(
        acting_user=world.user("customer.pmo_team"),
        schedule=schedule,
        title="Longer configuration",
        description="Configuration takes 20 days.",
        justification="A new interface was found in fit-gap.",
        changes=[{"op": "update_task", "uid": 7, "duration_days": 20}],
        rebaseline=True,
    )
    assert request.party == "customer" and request.number == 1
    assert request.impact["finish_delta_days"] == 5.0
    assert request.impact["finish_after"].startswith("2027-03-09")
    assert {m["uid"] for m in request.impact["moved"]} >= {7, 9, 10}
    with pytest.raises(DomainError) as refused:
        cr_services.change_request_decide(
            acting_user=world.user("customer.pmo_team"), change_request=request, decision="approve"
        )
    assert refused.value.code == ErrorCode.NOT_AN_APPROVER
    cr_services.change_request_decide(
        acting_user=world.user("customer.program_manager"),
        change_request=request,
        decision="approve",
    )
    assert task(schedule, 7).duration == 15 * DAY  # one party is not enough
    opened = task(schedule, 7).revision  # someone opens task 7's edit form now
    with pytest.raises(DomainError) as twice:
        cr_services.change_request_decide(
            acting_user=world.user("customer.program_manager"),
            change_request=request,
            decision="approve",
        )
    assert twice.value.code == ErrorCode.ALREADY_DECIDED
    cr_services.change_request_decide(
        acting_user=world.user(PM), change_request=request, decision="approve"
    )
    request.refresh_from_db()
    assert request.status == "approved"
    assert task(schedule, 7).duration == 20 * DAY
    # The form opened before the change request applied is stale: saving it would undo it.
    with pytest.raises(StaleEditError):
        task_services.task_update(
            acting_user=world.user(PM), task=task(schedule, 7), revision=opened, name="Old"
        )
    schedule.refresh_from_db()
    assert to_engine(schedule.finish) == datetime(2027, 3, 9, 17, 0)
    # It rebaselined: a new baseline is proposed for agreement, the agreed one stays.
    assert request.resulting_baseline is not None
    assert request.resulting_baseline.status == DocumentStatus.IN_REVIEW
    agreed = baseline_services.agreed_baseline(schedule)
    assert agreed is not None and agreed.number == 1


def test_a_rejected_change_request_changes_nothing(world: World, schedule: Schedule) -> None:
    request = cr_services.change_request_propose(
        acting_user=world.user(PM),
        schedule=schedule,
        title="Drop the review",
        description="Remove the design review milestone.",
        justification="Not needed.",
        changes=[{"op": "remove_task", "uid": 4}],
    )
    with pytest.raises(DomainError):
        cr_services.change_request_decide(
            acting_user=world.user("customer.program_manager"),
            change_request=request,
            decision="reject",
        )  # a rejection says why
    cr_services.change_request_decide(
        acting_user=world.user("customer.program_manager"),
        change_request=request,
        decision="reject",
        comment="The design review is a contract deliverable.",
    )
    request.refresh_from_db()
    assert request.status == "rejected"
    assert schedule.tasks.filter(uid=4).exists()


def test_change_request_problems_name_the_change_and_the_task(
    world: World, schedule: Schedule
) -> None:
    with pytest.raises(DomainError) as refused:
        cr_services.change_request_propose(
            acting_user=world.user(PM),
            schedule=schedule,
            title="Bad",
            description="Bad.",
            justification="Bad.",
            changes=[
                {"op": "update_task", "uid": 99, "duration_days": 2},
                {"op": "add_link", "predecessor": 10, "successor": 2, "type": "XX"},
            ],
        )
    problems = [p["message"] for p in refused.value.extra["problems"]]
    assert problems == [
        "Change 1: there is no task with UID 99.",
        "Change 2: the link type is FS, SS, FF or SF; the lag unit working or elapsed.",
    ]
    with pytest.raises(DomainError) as looped:
        cr_services.change_request_propose(
            acting_user=world.user(PM),
            schedule=schedule,
            title="Loop",
            description="Loop.",
            justification="Loop.",
            changes=[{"op": "add_link", "predecessor": 10, "successor": 2}],
        )
    assert "loop" in looped.value.message.lower() and "Go-live readiness" in looped.value.message
    assert not ChangeRequest.objects.exists()


@needs_mspdi
def test_command_line_import_and_export(world: World, tmp_path: Path) -> None:
    superuser()  # the command acts as the first portal administrator
    source = MSPDI_DIR / "mpxj__task-links-project2019-mspdi.xml"
    out = StringIO()
    call_command("import_schedule", "alpha", str(source), stdout=out)
    assert "Imported mpxj__task-links-project2019-mspdi.xml into alpha" in out.getvalue()
    schedule = Schedule.objects.get(program=world.program)
    count = schedule.tasks.count()
    with pytest.raises(CommandError, match="replace"):
        call_command("import_schedule", "alpha", str(source))
    exported = tmp_path / "alpha.xml"
    call_command("export_schedule", "alpha", str(exported), stdout=StringIO())
    workbook = tmp_path / "alpha.xlsx"
    call_command("export_schedule", "alpha", str(workbook), stdout=StringIO())
    before = list(schedule.tasks.order_by("position").values_list("uid", "name", "start", "finish"))
    call_command("import_schedule", "alpha", str(exported), "--replace", stdout=StringIO())
    after = list(schedule.tasks.order_by("position").values_list("uid", "name", "start", "finish"))
    assert after == before and len(after) == count
    call_command("import_schedule", "alpha", str(workbook), "--replace", stdout=StringIO())
    again = list(schedule.tasks.order_by("position").values_list("uid", "name", "start", "finish"))
    assert again == before


def test_a_bad_file_names_where_and_changes_nothing(world: World) -> None:
    with pytest.raises(DomainError) as refused:
        import_schedule_file(
            acting_user=world.user(PM),
            program=world.program,
            data=b"<?xml version='1.0'?><Project xmlns='http://schemas.microsoft.com/project'><Tasks>",
            filename="broken.xml",
        )
    assert refused.value.code == ErrorCode.IMPORT_INVALID
    assert refused.value.extra["problems"][0]["location"].startswith("line")
    assert not Schedule.objects.exists()


def test_export_carries_the_agreed_baseline(world: World, schedule: Schedule) -> None:
    agree(world, schedule)
    xml = export_schedule_file(schedule, ".xml").decode()
    assert "<Baseline>" in xml and "<TotalSlack>" in xml
