"""Numbers, dates and texts out of range on the schedule's pages: each is refused with a
message beside the field (a 400 page, or the htmx row with its errors), never a server error,
and nothing is stored. The API's side is in tests/api/test_input_limits.py."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from schedule import limits
from schedule.models import ChangeRequest, Schedule, Task
from tests.conftest import World

from .test_pages import HTMX, PM, inline_data, link_pk, state, task, url

HUGE = ["1e306", "-1e306", "1e400", str(10**30), "99999999999", "9999999", "-9999999", "26001"]
NOT_FINITE = ["NaN", "Infinity", "-Infinity", "nan", "inf"]
BAD_NUMBERS = HUGE + NOT_FINITE
BAD_DATES = ["9999-12-31", "0001-01-01", "1899-12-31", "2200-01-01"]


def everything(schedule: Schedule) -> Any:
    return (
        state(schedule),
        sorted(Task.objects.filter(schedule=schedule).values_list("uid", "notes", "wbs")),
        ChangeRequest.objects.count(),
    )


def full_edit_data(t: Task, **changes: Any) -> dict[str, str]:
    """The task's own edit page as the browser posts it."""
    data = inline_data(t)
    data.pop("inline", None)
    values = {"wbs": t.wbs, "deadline": "", "notes": t.notes, **changes}
    if t.is_milestone:
        values.setdefault("is_milestone", "on")
    return data | {f"task-{t.uid}-{k}": str(v) for k, v in values.items()}


def beside(response: Any, field: str, *, status: int = 400) -> str:
    """The page refused the value with an error beside ``field`` (its id ends with it)."""
    assert response.status_code == status, (response.status_code, field)
    page: str = response.content.decode()
    assert f"{field}_error" in page or f'id="{field}-error' in page, (field, page[:200])
    assert "usa-error-message" in page
    return page


def settings_data(**changes: str) -> dict[str, str]:
    week = "08:00-12:00, 13:00-17:00"
    return {
        "name": "Alpha IMS",
        "status_date": "",
        "critical_float_days": "0",
        "us_federal_holidays": "on",
        **{f"week_{i}": week if i < 5 else "" for i in range(7)},
        "exceptions-TOTAL_FORMS": "1",
        "exceptions-INITIAL_FORMS": "0",
        "exceptions-MIN_NUM_FORMS": "0",
        "exceptions-MAX_NUM_FORMS": "1000",
        "exceptions-0-name": "",
        "exceptions-0-start": "",
        "exceptions-0-end": "",
        "exceptions-0-working_times": "",
        **changes,
    }


def change_data(**row: str) -> dict[str, str]:
    return {
        "title": "Shorter test",
        "description": "Test in 8 days.",
        "justification": "Automation.",
        "action": "preview",
        "ops-TOTAL_FORMS": "1",
        "ops-INITIAL_FORMS": "1",
        "ops-MIN_NUM_FORMS": "1",
        "ops-MAX_NUM_FORMS": "50",
        **{f"ops-0-{k}": v for k, v in row.items()},
    }


@pytest.mark.parametrize("value", BAD_NUMBERS)
def test_numbers_out_of_range_are_refused_beside_the_field(
    world: World, schedule: Schedule, value: str
) -> None:
    client = world.client(PM)
    before = everything(schedule)
    new = {"name": "X", "duration_days": value, "owner_party": "shared", "parent": ""}
    beside(client.post(url("task-new"), new), "duration_days")
    t = task(schedule, 3)
    beside(
        client.post(url("task-edit", uid=3), full_edit_data(t, duration_days=value)),
        "task-3-duration_days",
    )
    beside(
        client.post(url("task-edit", uid=3), inline_data(t, duration_days=value), headers=HTMX),
        "task-3-duration_days",
        status=200,  # htmx swaps 2xx only: the row comes back with its errors
    )
    beside(
        client.post(url("task-edit", uid=3), full_edit_data(t, percent_complete=value)),
        "task-3-percent_complete",
    )
    link = {"predecessor_uid": "4", "type": "FS", "lag_days": value, "lag_unit": "working"}
    beside(client.post(url("link-new", uid=10), link), "lag_days")
    beside(
        client.post(url("link-edit", pk=link_pk(schedule, 2, 3)), link),
        "lag_days",
    )
    beside(
        client.post(url("settings"), settings_data(critical_float_days=value)),
        "critical_float_days",
    )
    for kind, task_uid in (("duration", "9"), ("add_task", "")):
        row = {"kind": kind, "task": task_uid, "days": value, "name": "New"}
        for action in ("preview", "propose"):
            response = client.post(
                url("change-request-new"), {**change_data(**row), "action": action}
            )
            beside(response, "ops-0-days")
    assert everything(schedule) == before


@pytest.mark.parametrize("value", BAD_DATES)
def test_dates_out_of_range_are_refused_beside_the_field(
    world: World, schedule: Schedule, value: str
) -> None:
    client = world.client(PM)
    before = everything(schedule)
    t = task(schedule, 3)
    for field, extra in (
        ("constraint_date", {"constraint_type": "snet"}),
        ("deadline", {}),
        ("actual_start", {}),
        ("actual_finish", {"actual_start": "2027-01-04"}),
    ):
        data = full_edit_data(t, **extra, **{field: value})
        beside(client.post(url("task-edit", uid=3), data), f"task-3-{field}")
    beside(client.post(url("settings"), settings_data(status_date=value)), "status_date")
    exception = {"exceptions-0-start": value, "exceptions-0-end": value}
    beside(client.post(url("settings"), settings_data(**exception)), "exceptions-0-start")
    row = {"kind": "start_no_earlier", "task": "9", "date": value}
    beside(client.post(url("change-request-new"), change_data(**row)), "ops-0-date")
    assert everything(schedule) == before


def test_uids_out_of_range_are_refused(world: World, schedule: Schedule) -> None:
    client = world.client(PM)
    before = everything(schedule)
    link = {"predecessor_uid": str(10**30), "type": "FS", "lag_days": "0", "lag_unit": "working"}
    beside(client.post(url("link-new", uid=10), link), "predecessor_uid")
    row = {"kind": "duration", "task": str(10**30), "days": "3"}
    beside(client.post(url("change-request-new"), change_data(**row)), "ops-0-task")
    assert client.get(f"{url('tasks')}{10**30}/").status_code == 404
    assert everything(schedule) == before


def test_texts_over_their_limit_are_refused_naming_the_limit(
    world: World, schedule: Schedule
) -> None:
    client = world.client(PM)
    before = everything(schedule)
    t = task(schedule, 3)
    notes = "n" * (limits.MAX_NOTES_LENGTH + 1)
    page = beside(
        client.post(url("task-edit", uid=3), full_edit_data(t, notes=notes)), "task-3-notes"
    )
    assert "10000" in page or "10,000" in page
    beside(client.post(url("task-edit", uid=3), full_edit_data(t, name="n" * 256)), "task-3-name")
    beside(client.post(url("task-edit", uid=3), full_edit_data(t, wbs="1" * 61)), "task-3-wbs")
    long_text = "t" * (limits.MAX_TEXT_LENGTH + 1)
    response = client.post(
        url("change-request-new"),
        {
            **change_data(kind="duration", task="9", days="8"),
            "action": "propose",
            "justification": long_text,
        },
    )
    assert "20000" in beside(response, "justification") or "20,000" in response.content.decode()
    beside(
        client.post(url("baseline-new"), {"name": "B", "description": long_text}),
        "description",
    )
    assert everything(schedule) == before


def test_the_task_service_refuses_notes_over_the_limit_whatever_the_path(
    world: World, schedule: Schedule
) -> None:
    """Imports and scripts call the service: it holds the limit itself."""
    from programs.errors import DomainError
    from schedule.services import tasks as task_services

    with pytest.raises(DomainError) as refused:
        task_services.task_update(
            acting_user=world.user(PM),
            task=task(schedule, 3),
            notes="n" * (limits.MAX_NOTES_LENGTH + 1),
        )
    assert refused.value.field == "notes" and "10,000 characters" in refused.value.message
    with pytest.raises(DomainError) as refused:
        task_services.task_update(
            acting_user=world.user(PM), task=task(schedule, 3), duration=10**30
        )
    assert refused.value.field == "duration" and "26,000" in refused.value.message


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=st.text(alphabet="0123456789eE+-.,naifNIF", min_size=1, max_size=40))
def test_any_typed_duration_is_saved_or_refused_beside_the_field(
    world: World, schedule: Schedule, text: str
) -> None:
    client = world.client(PM)
    response = client.post(
        url("task-edit", uid=3), full_edit_data(task(schedule, 3), duration_days=text)
    )
    assert response.status_code in (302, 400), (text, response.status_code)
    if response.status_code == 400:
        assert "task-3-duration_days_error" in response.content.decode()
