"""Numbers, dates and texts out of range through the schedule API: each answers 400 with the
field named (never a 500 from an overflow), and nothing is stored. Values are sent as raw JSON so
that literals a client library would refuse to write (``1e400``, ``NaN``) arrive as they are."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from programs.models import AuditEvent
from schedule import limits
from schedule.models import Baseline, ChangeRequest, Dependency, Schedule, Task
from schedule.services import change_requests as cr_services

from ..conftest import World
from ..schedule.factories import make_schedule
from .conftest import Api

MANAGER = "provider.program_manager"
S = "/api/programs/alpha/schedule/"

# JSON number literals no duration, lag or float limit may take.
HUGE = ["1e306", "-1e306", "1e400", "-1e400", str(10**30), str(-(10**30)), '"1e306"']
NOT_FINITE = ['"NaN"', '"Infinity"', '"-Infinity"', '"nan"']
BAD_NUMBERS = HUGE + NOT_FINITE
BAD_DATES = [
    '"9999-12-31"',
    '"0001-01-01"',
    '"9999-12-31T23:59:59Z"',
    '"1899-12-31"',
    '"2200-01-01"',
]
BAD_UIDS = [str(10**30), "2147483648", "-1", "1e400"]


@pytest.fixture
def schedule(world: World) -> Schedule:
    schedule = make_schedule(world.program, world.user(MANAGER))
    cr_services.change_request_propose(
        acting_user=world.user(MANAGER),
        schedule=schedule,
        title="Longer build",
        description="Configuration takes 20 days.",
        justification="A new interface.",
        changes=[{"op": "update_task", "uid": 7, "duration_days": 20}],
    )
    return schedule


def stored(schedule: Schedule) -> Any:
    schedule.refresh_from_db()
    return (
        AuditEvent.objects.count(),
        (schedule.name, schedule.critical_float, schedule.status_date, schedule.project_start),
        schedule.calendar,
        sorted(
            Task.objects.filter(schedule=schedule).values_list(
                "uid",
                "name",
                "wbs",
                "duration",
                "percent_complete",
                "constraint_date",
                "deadline",
                "actual_start",
                "notes",
            )
        ),
        sorted(Dependency.objects.filter(schedule=schedule).values_list("pk", "lag")),
        ChangeRequest.objects.count(),
        Baseline.objects.count(),
    )


def send(client: Any, method: str, tail: str, body: str) -> Any:
    return getattr(client, method)(S + tail, data=body, content_type="application/json")


def refused(response: Any, field: str, *, named: str | None = None) -> None:
    """A 400 naming ``field``; ``named`` must appear in the message too (change operations)."""
    assert response.status_code == 400, (response.status_code, response.content[:300])
    body = response.json()
    # An operation of a change request may be named by its place: changes.0.
    assert str(body.get("field")).split(".")[0] == field, body
    if named:
        assert named in body["detail"], body


def link_id(schedule: Schedule) -> int:
    return Dependency.objects.get(schedule=schedule, predecessor__uid=2, successor__uid=3).pk


def _writes(schedule: Schedule) -> list[tuple[str, str, str, str]]:
    """(method, path, JSON with ``{v}`` for the value, the field the error names)."""
    link = link_id(schedule)
    return [
        ("post", "tasks/", '{{"name": "X", "duration_days": {v}}}', "duration_days"),
        ("patch", "tasks/3/", '{{"duration_days": {v}}}', "duration_days"),
        ("patch", "tasks/3/", '{{"percent_complete": {v}}}', "percent_complete"),
        (
            "post",
            "dependencies/",
            '{{"predecessor_uid": 4, "successor_uid": 10, "lag_days": {v}}}',
            "lag_days",
        ),
        ("patch", f"dependencies/{link}/", '{{"lag_days": {v}}}', "lag_days"),
        ("patch", "", '{{"critical_float_days": {v}}}', "critical_float_days"),
    ]


@pytest.mark.parametrize("value", BAD_NUMBERS)
def test_numbers_out_of_range_are_refused_naming_the_field(
    schedule: Schedule, api: Api, value: str
) -> None:
    client = api(MANAGER)
    for method, tail, body, field in _writes(schedule):
        before = stored(schedule)
        refused(send(client, method, tail, body.format(v=value)), field)
        assert stored(schedule) == before, (tail, field, value)


@pytest.mark.parametrize("value", ["-1", "-0.5"])
def test_negative_durations_and_floats_are_refused(
    schedule: Schedule, api: Api, value: str
) -> None:
    client = api(MANAGER)
    for method, tail, body, field in _writes(schedule):
        if field == "lag_days":  # a negative lag is a lead
            continue
        before = stored(schedule)
        refused(send(client, method, tail, body.format(v=value)), field)
        assert stored(schedule) == before


@pytest.mark.parametrize("literal", ["NaN", "Infinity", "-Infinity"])
def test_nan_and_infinity_literals_are_refused_naming_the_field(
    schedule: Schedule, api: Api, literal: str
) -> None:
    """``NaN`` and ``Infinity`` are not JSON, but clients write them: the refusal names the
    field that holds one, on every write and in a change request's operations."""
    client = api(MANAGER)
    for method, tail, body, field in _writes(schedule):
        before = stored(schedule)
        response = send(client, method, tail, body.format(v=literal))
        refused(response, field, named=f"{field}: ")
        assert stored(schedule) == before, (tail, field, literal)
    before = stored(schedule)
    preview = send(
        client,
        "post",
        "change-requests/preview/",
        '{"changes": [{"op": "update_task", "uid": 3, "duration_days": LITERAL}]}'.replace(
            "LITERAL", literal
        ),
    )
    refused(preview, "changes", named="changes[0].duration_days")
    assert stored(schedule) == before


@pytest.mark.parametrize("value", BAD_DATES)
def test_dates_out_of_range_are_refused(schedule: Schedule, api: Api, value: str) -> None:
    client = api(MANAGER)
    writes = [
        (
            "patch",
            "tasks/3/",
            '{{"constraint_type": "snet", "constraint_date": {v}}}',
            "constraint_date",
        ),
        ("patch", "tasks/3/", '{{"deadline": {v}}}', "deadline"),
        ("patch", "tasks/3/", '{{"actual_start": {v}}}', "actual_start"),
        ("patch", "tasks/3/", '{{"manual": true, "manual_start": {v}}}', "manual_start"),
        ("post", "tasks/", '{{"name": "X", "deadline": {v}}}', "deadline"),
        ("patch", "", '{{"status_date": {v}}}', "status_date"),
        ("patch", "", '{{"project_start": {v}}}', "project_start"),
    ]
    for method, tail, body, field in writes:
        before = stored(schedule)
        response = send(client, method, tail, body.format(v=value))
        refused(response, field)
        assert "1900-01-01 and 2199-12-31" in response.json()["detail"] or "not" in str(
            response.json()
        )
        assert stored(schedule) == before


@pytest.mark.parametrize("value", BAD_UIDS)
def test_task_uids_out_of_range_are_refused(schedule: Schedule, api: Api, value: str) -> None:
    client = api(MANAGER)
    for method, tail, body, field in [
        ("post", "tasks/", '{{"name": "X", "parent_uid": {v}}}', "parent_uid"),
        ("post", "tasks/", '{{"name": "X", "after_uid": {v}}}', "after_uid"),
        (
            "post",
            "dependencies/",
            '{{"predecessor_uid": {v}, "successor_uid": 10}}',
            "predecessor_uid",
        ),
        (
            "post",
            "dependencies/",
            '{{"predecessor_uid": 4, "successor_uid": {v}}}',
            "successor_uid",
        ),
    ]:
        before = stored(schedule)
        refused(send(client, method, tail, body.format(v=value)), field)
        assert stored(schedule) == before


def test_a_task_uid_too_large_in_the_address_is_not_found(schedule: Schedule, api: Api) -> None:
    client = api(MANAGER)
    for tail in (f"tasks/{10**30}/", f"change-requests/{10**30}/", f"baselines/{10**30}/"):
        assert client.get(S + tail).status_code == 404
    assert client.delete(S + f"tasks/{10**30}/").status_code == 404


def test_a_calendar_out_of_range_is_refused(schedule: Schedule, api: Api) -> None:
    client = api(MANAGER)
    calendars = [
        '{"exceptions": [{"start": "9999-12-30", "end": "9999-12-31", "working_times": []}]}',
        '{"exceptions": [{"start": "0001-01-01", "end": "0001-01-02", "working_times": []}]}',
        '{"week": [[[0, 1e400]], [], [], [], [], [], []]}',
        '{"week": [[[0, 100000000000000000000000000000]], [], [], [], [], [], []]}',
        '{"name": "' + "x" * 201 + '"}',
    ]
    for calendar in calendars:
        before = stored(schedule)
        refused(send(client, "patch", "", f'{{"calendar": {calendar}}}'), "calendar")
        assert stored(schedule) == before


# -- texts --------------------------------------------------------------------------------


def test_texts_over_their_limit_are_refused_naming_field_and_limit(
    schedule: Schedule, api: Api
) -> None:
    client = api(MANAGER)
    long_notes = "n" * (limits.MAX_NOTES_LENGTH + 1)
    long_text = "t" * (limits.MAX_TEXT_LENGTH + 1)
    cr = {"title": "T", "description": "D", "justification": "J"}
    ops = [{"op": "update_task", "uid": 9, "duration_days": 8}]
    writes = [
        ("patch", "tasks/3/", {"notes": long_notes}, "notes", "10000"),
        ("post", "tasks/", {"name": "X", "notes": long_notes}, "notes", "10000"),
        ("patch", "tasks/3/", {"name": "n" * 256}, "name", "255"),
        ("patch", "tasks/3/", {"wbs": "1" * 61}, "wbs", "60"),
        ("patch", "", {"name": "s" * 201}, "name", "200"),
        ("post", "baselines/", {"name": "b" * 201}, "name", "200"),
        ("post", "baselines/", {"name": "B", "description": long_text}, "description", "20000"),
        ("post", "change-requests/", {**cr, "title": "t" * 201, "changes": ops}, "title", "200"),
        (
            "post",
            "change-requests/",
            {**cr, "description": long_text, "changes": ops},
            "description",
            "20000",
        ),
        (
            "post",
            "change-requests/",
            {**cr, "justification": long_text, "changes": ops},
            "justification",
            "20000",
        ),
        (
            "post",
            "change-requests/1/decide/",
            {"decision": "reject", "comment": long_text},
            "comment",
            "20000",
        ),
    ]
    for method, tail, body, field, limit in writes:
        before = stored(schedule)
        response = send(client, method, tail, json.dumps(body))
        refused(response, field)
        assert limit in response.json()["detail"], response.json()
        assert stored(schedule) == before, (tail, field)


def test_the_schema_shows_every_range(api: Api) -> None:
    schema = api(MANAGER).get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    parts = schema["components"]["schemas"]
    task = parts["PatchedTaskUpdateRequest"]["properties"]
    assert task["duration_days"]["maximum"] == limits.MAX_DURATION_DAYS
    assert task["percent_complete"]["maximum"] == 100
    assert task["notes"]["maxLength"] == limits.MAX_NOTES_LENGTH
    assert task["name"]["maxLength"] == limits.MAX_NAME_LENGTH
    link = parts["DependencyCreateRequest"]["properties"]
    assert link["lag_days"]["minimum"] == -limits.MAX_LAG_DAYS
    assert link["lag_days"]["maximum"] == limits.MAX_LAG_DAYS
    assert link["predecessor_uid"]["maximum"] == limits.MAX_UID
    settings_ = parts["PatchedScheduleUpdateRequest"]["properties"]
    assert settings_["critical_float_days"]["maximum"] == limits.MAX_FLOAT_DAYS
    operation = parts["ChangeOperation"]["properties"]
    assert operation["duration_days"]["maximum"] == limits.MAX_DURATION_DAYS
    assert operation["lag_days"]["minimum"] == -limits.MAX_LAG_DAYS
    change = parts["ChangeRequestCreateRequest"]["properties"]
    assert change["description"]["maxLength"] == limits.MAX_TEXT_LENGTH


# -- change requests: previews and proposals ----------------------------------------------


def _operations(value: str) -> list[tuple[str, str]]:
    """(operation JSON with the hostile value, the key its problem names)."""
    return [
        (f'{{"op": "update_task", "uid": 7, "duration_days": {value}}}', "duration_days"),
        (f'{{"op": "add_task", "name": "X", "duration_days": {value}}}', "duration_days"),
        (
            f'{{"op": "add_link", "predecessor": 4, "successor": 10, "lag_days": {value}}}',
            "lag_days",
        ),
        (
            f'{{"op": "update_link", "predecessor": 2, "successor": 3, "lag_days": {value}}}',
            "lag_days",
        ),
    ]


@pytest.mark.parametrize("value", BAD_NUMBERS)
def test_change_request_operations_out_of_range_are_refused(
    schedule: Schedule, api: Api, value: str
) -> None:
    client = api(MANAGER)
    for operation, key in _operations(value):
        before = stored(schedule)
        preview = send(client, "post", "change-requests/preview/", f'{{"changes": [{operation}]}}')
        refused(preview, "changes", named=key)
        proposal = (
            f'{{"title": "T", "description": "D", "justification": "J", "changes": [{operation}]}}'
        )
        refused(send(client, "post", "change-requests/", proposal), "changes", named=key)
        assert stored(schedule) == before


@pytest.mark.parametrize(
    "operation,key",
    [
        (
            '{"op": "update_task", "uid": 7, "constraint": "snet", '
            '"constraint_date": "9999-12-31"}',
            "constraint_date",
        ),
        ('{"op": "update_task", "uid": 7, "deadline": "0001-01-01"}', "deadline"),
        ('{"op": "update_task", "uid": 7, "deadline": "9999-12-31T23:59:59"}', "deadline"),
        (f'{{"op": "update_task", "uid": {10**30}}}', "uid"),
        ('{"op": "update_task", "uid": 1e400}', "uid"),
        ('{"op": "update_task", "uid": "seven"}', "uid"),
        (f'{{"op": "remove_task", "uid": {10**30}}}', "uid"),
        (f'{{"op": "add_task", "name": "X", "parent_uid": {10**30}}}', "parent_uid"),
        (f'{{"op": "add_link", "predecessor": {10**30}, "successor": 3}}', "predecessor"),
        ('{"op": "remove_link", "predecessor": 2, "successor": 1e400}', "successor"),
        ('{"op": "update_task", "uid": 7, "name": "' + "n" * 256 + '"}', "255"),
        ('{"op": "add_task", "name": "' + "n" * 256 + '"}', "255"),
    ],
)
def test_change_request_uids_dates_and_names_out_of_range_are_refused(
    schedule: Schedule, api: Api, operation: str, key: str
) -> None:
    before = stored(schedule)
    preview = send(
        api(MANAGER), "post", "change-requests/preview/", f'{{"changes": [{operation}]}}'
    )
    refused(preview, "changes", named=key)
    assert stored(schedule) == before


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    days=st.one_of(
        st.floats(allow_nan=False, allow_infinity=False),
        st.integers(min_value=-(10**40), max_value=10**40),
    )
)
def test_any_duration_is_stored_or_refused_never_an_error(
    schedule: Schedule, api: Api, days: float
) -> None:
    """Whatever number a client sends as a duration, the answer is a 200 within the range or
    a 400 naming the field, and a refused one stores nothing."""
    client = api(MANAGER)
    before = stored(schedule)
    response = send(client, "patch", "tasks/3/", json.dumps({"duration_days": days}))
    if 0 <= days <= limits.MAX_DURATION_DAYS:
        assert response.status_code == 200, response.content[:300]
    else:
        refused(response, "duration_days")
        assert stored(schedule) == before
    preview = send(
        client,
        "post",
        "change-requests/preview/",
        json.dumps({"changes": [{"op": "update_task", "uid": 9, "duration_days": days}]}),
    )
    if 0 <= days <= limits.MAX_DURATION_DAYS:
        assert preview.status_code in (200, 400), preview.content[:300]
    else:
        refused(preview, "changes", named="duration_days")
