"""Schedule dates make sense for the program (tasks, settings, imports, change requests), and
change requests refuse operations that mean nothing: a summary's duration, or no change."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import datetime
from typing import Any

import pytest
from django.urls import reverse

from programs.errors import DomainError
from programs.models import AuditEvent
from schedule.clock import from_engine
from schedule.models import ChangeRequest, Schedule, Task
from schedule.services import change_requests as cr_services
from schedule.services import schedules as schedule_services
from schedule.services import tasks as task_services
from schedule.services.schedules import schedule_import
from tests.conftest import World

from .factories import sample_schedule_data

PM = "provider.program_manager"
# alpha runs from 2026-01-05 to 2027-09-30 (tests.factories.make_program).
RANGE = "between 2016-01-05 and 2057-09-30 for Program Alpha"


def task(schedule: Schedule, uid: int) -> Task:
    return Task.objects.get(schedule=schedule, uid=uid)


def at(year: int, month: int, day: int, hour: int = 8) -> datetime:
    return from_engine(datetime(year, month, day, hour))


def test_an_actual_start_in_1900_is_refused_naming_the_range(
    world: World, schedule: Schedule
) -> None:
    events = AuditEvent.objects.count()
    with pytest.raises(DomainError) as refused:
        task_services.task_update(
            acting_user=world.user(PM), task=task(schedule, 3), actual_start=at(1900, 1, 1, 8)
        )
    assert refused.value.field == "actual_start"
    assert refused.value.message.startswith("The actual start is between 2016-01-05 and ")
    assert "for Program Alpha" in refused.value.message
    assert task(schedule, 3).actual_start is None
    assert AuditEvent.objects.count() == events


def test_actuals_are_not_after_the_status_date(world: World, schedule: Schedule) -> None:
    schedule_services.schedule_update(
        acting_user=world.user(PM), schedule=schedule, status_date=at(2027, 1, 15, 17)
    )
    task_services.task_update(
        acting_user=world.user(PM), task=task(schedule, 3), actual_start=at(2027, 1, 4, 8)
    )
    with pytest.raises(DomainError) as refused:
        task_services.task_update(
            acting_user=world.user(PM), task=task(schedule, 3), actual_finish=at(2027, 2, 1, 17)
        )
    assert refused.value.field == "actual_finish"
    assert "2027-01-15 (the status date)" in refused.value.message


def test_without_a_status_date_actuals_are_not_in_the_future(
    world: World, schedule: Schedule
) -> None:
    with pytest.raises(DomainError) as refused:
        task_services.task_update(
            acting_user=world.user(PM), task=task(schedule, 3), actual_start=at(2040, 1, 2, 8)
        )
    assert "(today)" in refused.value.message


@pytest.mark.parametrize(
    "field,value",
    [("constraint_date", at(2099, 1, 2, 8)), ("deadline", at(1950, 1, 2, 17))],
)
def test_task_dates_outside_the_program_are_refused(
    world: World, schedule: Schedule, field: str, value: datetime
) -> None:
    values: dict[str, Any] = {field: value}
    if field == "constraint_date":
        values["constraint_type"] = "snet"
    with pytest.raises(DomainError) as refused:
        task_services.task_update(acting_user=world.user(PM), task=task(schedule, 7), **values)
    assert refused.value.field == field
    assert RANGE in refused.value.message


@pytest.mark.parametrize("field", ["status_date", "project_start"])
def test_schedule_settings_outside_the_program_are_refused(
    world: World, schedule: Schedule, field: str
) -> None:
    with pytest.raises(DomainError) as refused:
        schedule_services.schedule_update(
            acting_user=world.user(PM), schedule=schedule, **{field: at(1900, 1, 1, 8)}
        )
    assert refused.value.field == field
    assert RANGE in refused.value.message


def test_an_import_with_senseless_dates_is_refused_by_task_uid(world: World) -> None:
    data = sample_schedule_data()
    records = list(data.records)
    records[1] = replace(
        records[1], task=replace(records[1].task, actual_start=datetime(1900, 1, 1, 8))
    )
    records[7] = replace(records[7], task=replace(records[7].task, deadline=datetime(2120, 1, 1)))
    with pytest.raises(DomainError) as refused:
        schedule_import(
            acting_user=world.user(PM),
            program=world.program,
            data=replace(data, records=tuple(records)),
            source_name="odd.xml",
        )
    message = refused.value.message
    assert "Task UID 2, Actual start" in message and "Task UID 8, Deadline" in message
    assert not Schedule.objects.filter(program=world.program).exists()


# -- change requests ---------------------------------------------------------------------------


def _propose(world: World, schedule: Schedule, changes: list[dict[str, Any]]) -> ChangeRequest:
    return cr_services.change_request_propose(
        acting_user=world.user(PM),
        schedule=schedule,
        title="T",
        description="D",
        justification="J",
        changes=changes,
    )


def test_a_summary_tasks_duration_does_not_change_by_change_request(
    world: World, schedule: Schedule
) -> None:
    with pytest.raises(DomainError) as refused:
        _propose(world, schedule, [{"op": "update_task", "uid": 6, "duration_days": 40}])
    assert "Change 1: 2 Build and test is a summary task: its duration comes from its tasks." in (
        refused.value.message
    )
    assert not ChangeRequest.objects.exists()


def test_a_summary_tasks_duration_is_refused_when_edited_directly(
    world: World, schedule: Schedule
) -> None:
    with pytest.raises(DomainError) as refused:
        task_services.task_update(acting_user=world.user(PM), task=task(schedule, 6), duration=1)
    assert refused.value.message == (
        "2 Build and test is a summary task: its duration comes from its tasks."
    )


@pytest.mark.parametrize(
    "changes",
    [
        [{"op": "update_task", "uid": 7, "duration_days": 15}],
        [{"op": "update_task", "uid": 7, "name": "Configure the payroll system"}],
        [{"op": "update_link", "predecessor": 2, "successor": 3, "type": "FS", "lag_days": 0}],
    ],
)
def test_a_change_request_that_changes_nothing_is_refused(
    world: World, schedule: Schedule, changes: list[dict[str, Any]]
) -> None:
    with pytest.raises(DomainError) as refused:
        _propose(world, schedule, changes)
    assert refused.value.message.startswith("This change request changes nothing: ")
    with pytest.raises(DomainError):
        cr_services.change_request_impact(schedule, changes)
    assert not ChangeRequest.objects.exists()


def test_a_change_request_date_outside_the_program_is_refused(
    world: World, schedule: Schedule
) -> None:
    with pytest.raises(DomainError) as refused:
        _propose(world, schedule, [{"op": "update_task", "uid": 7, "deadline": "2080-01-01"}])
    assert f"Change 1: The deadline (deadline) is {RANGE}." in refused.value.message


def test_durations_in_change_requests_are_bounded(world: World, schedule: Schedule) -> None:
    with pytest.raises(DomainError) as refused:
        _propose(world, schedule, [{"op": "update_task", "uid": 7, "duration_days": 26_001}])
    assert "between 0 and 26,000 days" in refused.value.message


def _page_text(response: Any) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


@pytest.mark.parametrize("action", ["preview", "propose"])
def test_the_page_refuses_a_change_request_that_changes_nothing(
    world: World, schedule: Schedule, action: str
) -> None:
    data = {
        "title": "Same",
        "description": "Same duration.",
        "justification": "None.",
        "action": action,
        "ops-TOTAL_FORMS": "1",
        "ops-INITIAL_FORMS": "1",
        "ops-MIN_NUM_FORMS": "1",
        "ops-MAX_NUM_FORMS": "50",
        "ops-0-kind": "duration",
        "ops-0-task": "7",
        "ops-0-days": "15",
    }
    url = reverse("schedule:change-request-new", kwargs={"code": "alpha"})
    response = world.client(PM).post(url, data)
    assert response.status_code == 400
    assert "This change request changes nothing" in _page_text(response)
    assert not ChangeRequest.objects.exists()


def test_the_api_refuses_a_change_request_that_changes_nothing(
    world: World, schedule: Schedule
) -> None:
    client = world.client(PM)
    base = "/api/programs/alpha/schedule/change-requests/"
    changes = [{"op": "update_task", "uid": 7, "duration_days": 15}]
    preview = client.post(f"{base}preview/", {"changes": changes}, content_type="application/json")
    assert preview.status_code == 400
    assert "changes nothing" in preview.json()["detail"]
    body = {"title": "T", "description": "D", "justification": "J", "changes": changes}
    proposal = client.post(base, body, content_type="application/json")
    assert proposal.status_code == 400 and "changes nothing" in proposal.json()["detail"]


# -- messages in the user's words ---------------------------------------------------------------


@pytest.mark.parametrize(
    "values,words",
    [
        ({"constraint_type": "xyz"}, "Choose a constraint: as soon as possible, "),
        (
            {"owner_party": "xyz"},
            "Choose an owner party: customer (C), provider (P) or shared (S).",
        ),
    ],
)
def test_task_choices_are_named_in_words(
    world: World, schedule: Schedule, values: dict[str, Any], words: str
) -> None:
    with pytest.raises(DomainError) as refused:
        task_services.task_update(acting_user=world.user(PM), task=task(schedule, 7), **values)
    assert words in refused.value.message and "xyz" not in refused.value.message


def test_an_unknown_change_lists_the_changes_in_words(world: World, schedule: Schedule) -> None:
    with pytest.raises(DomainError) as refused:
        _propose(world, schedule, [{"op": "rename_everything"}])
    assert "Change 1: choose a change: Change a task (update_task), " in refused.value.message
    assert "rename_everything" not in refused.value.message
