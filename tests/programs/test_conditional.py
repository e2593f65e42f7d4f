"""Conditional GETs of exports and read-mostly answers: an ETag on the answer, 304 Not
Modified to a client holding it (without building the body), a new ETag after any audited
write, one ETag per set of rights, and the access check before any of it."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from programs import conditional, policy
from programs.models import DocumentVersion, Program
from programs.services import documents as document_services
from schedule.models import Schedule, Task
from schedule.services import tasks as task_services
from tests.conftest import World
from tests.factories import make_charter
from tests.schedule.factories import make_schedule

MANAGER = "provider.program_manager"
TEAM = "provider.pmo_team"  # sees no costs while the schedule hides them from the team
XML = "/programs/alpha/schedule/export.xml"
TASKS = "/api/programs/alpha/schedule/tasks/"


@pytest.fixture
def schedule(world: World) -> Schedule:
    return make_schedule(world.program, world.user(MANAGER))


def changeable_task(world: World, schedule: Schedule) -> Task:
    """A task the provider's program manager may rename."""
    user = world.user(MANAGER)
    tasks = schedule.tasks.filter(is_summary=False).order_by("uid")
    return next(task for task in tasks if policy.can(user, "change", task))


def must_not_build(*args: Any, **kwargs: Any) -> Any:
    raise AssertionError("The body was built for a client that holds it already.")


def assert_not_modified(response: Any, etag: str) -> None:
    assert response.status_code == 304
    assert response.content == b""
    assert response["ETag"] == etag
    assert "private" in response["Cache-Control"] and "no-cache" in response["Cache-Control"]


# -- the schedule's exports ----------------------------------------------------------------


def test_schedule_xml_export_answers_304_without_building_the_file(
    world: World, schedule: Schedule, monkeypatch: pytest.MonkeyPatch
) -> None:
    client = world.client(MANAGER)
    first = client.get(XML)
    assert first.status_code == 200
    etag = first["ETag"]
    assert etag.startswith('"') and etag.endswith('"') and len(etag) > 30
    assert first["Cache-Control"] == "private, no-cache"

    monkeypatch.setattr("schedule.views.pages.export_schedule_file", must_not_build)
    assert_not_modified(client.get(XML, HTTP_IF_NONE_MATCH=etag), etag)
    # A client holding another ETag (or several) is answered by its own.
    assert_not_modified(client.get(XML, HTTP_IF_NONE_MATCH=f'"stale", {etag}'), etag)


# Signing in (session, user), the program (the reader's permissions and membership are kept
# from the first read at its revision), then the ETag: for someone whose sight of costs rests
# on the schedule's setting, that setting.
PAGE_304_QUERIES = {MANAGER: 2 + 1, TEAM: 2 + 1 + 1}
# The token; the program (the access is kept as for pages) and its schedule.
API_304_QUERIES = 1 + 2


@pytest.mark.parametrize("name", [MANAGER, TEAM])
def test_a_304_costs_the_access_check_and_at_most_two_queries(
    world: World, schedule: Schedule, name: str
) -> None:
    client = world.client(name)
    etag = client.get(XML)["ETag"]
    with CaptureQueriesContext(connection) as queries:
        assert client.get(XML, HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert len(queries) == PAGE_304_QUERIES[name], [q["sql"] for q in queries]


def test_a_304_of_the_api_costs_the_access_check_and_one_query(
    world: World, schedule: Schedule
) -> None:
    client = world.api_client(TEAM)
    etag = client.get(TASKS)["ETag"]
    with CaptureQueriesContext(connection) as queries:
        assert client.get(TASKS, HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert len(queries) == API_304_QUERIES, [q["sql"] for q in queries]


def test_every_schedule_export_answers_304(world: World, schedule: Schedule) -> None:
    client = world.client(MANAGER)
    for name in ("export-xml", "export-xlsx", "export-pdf"):
        path = reverse(f"schedule:{name}", kwargs={"code": "alpha"})
        etag = client.get(path)["ETag"]
        assert client.get(path, HTTP_IF_NONE_MATCH=etag).status_code == 304, name
    # Each export has its own ETag: a client's copy of one is not another.
    etags = {
        client.get(reverse(f"schedule:{name}", kwargs={"code": "alpha"}))["ETag"]
        for name in ("export-xml", "export-xlsx", "export-pdf")
    }
    assert len(etags) == 3


def test_an_audited_write_gives_a_new_etag_and_the_new_file(
    world: World, schedule: Schedule
) -> None:
    client = world.client(MANAGER)
    first = client.get(XML)
    revision = Program.objects.get(pk=world.program.pk).revision

    task = changeable_task(world, schedule)
    task_services.task_update(acting_user=world.user(MANAGER), task=task, name="Renamed task")

    assert Program.objects.get(pk=world.program.pk).revision > revision
    again = client.get(XML, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 200
    assert again["ETag"] != first["ETag"]
    assert b"Renamed task" in again.content and b"Renamed task" not in first.content


def test_an_outsider_holding_a_members_etag_still_gets_404(
    world: World, schedule: Schedule, monkeypatch: pytest.MonkeyPatch
) -> None:
    etag = world.client(MANAGER).get(XML)["ETag"]
    monkeypatch.setattr("schedule.views.pages.export_schedule_file", must_not_build)
    outsider = world.client("outsider")
    assert outsider.get(XML, HTTP_IF_NONE_MATCH=etag).status_code == 404
    assert outsider.get(XML, HTTP_IF_NONE_MATCH="*").status_code == 404
    anonymous = Client().get(XML, HTTP_IF_NONE_MATCH=etag)
    assert anonymous.status_code == 302


def test_the_api_exports_answer_304(world: World, schedule: Schedule) -> None:
    client = world.api_client(MANAGER)
    for tail in ("export.xml", "export.xlsx"):
        path = f"/api/programs/alpha/schedule/{tail}"
        first = client.get(path)
        assert first.status_code == 200 and first["ETag"]
        assert_not_modified(client.get(path, HTTP_IF_NONE_MATCH=first["ETag"]), first["ETag"])
    assert (
        world.api_client("outsider")
        .get("/api/programs/alpha/schedule/export.xml", HTTP_IF_NONE_MATCH=first["ETag"])
        .status_code
        == 404
    )


# -- the API's task list -------------------------------------------------------------------


def test_the_task_list_answers_304_and_moves_on_with_a_write(
    world: World, schedule: Schedule, monkeypatch: pytest.MonkeyPatch
) -> None:
    client = world.api_client(MANAGER)
    first = client.get(TASKS)
    etag = first["ETag"]
    with monkeypatch.context() as patched:
        patched.setattr("schedule.api.views.tasks.TaskSerializer", must_not_build)
        assert_not_modified(client.get(TASKS, HTTP_IF_NONE_MATCH=etag), etag)

    # Another page, filter or format is another answer.
    assert client.get(TASKS, {"q": "scope"}, HTTP_IF_NONE_MATCH=etag).status_code == 200
    assert client.get(TASKS, {"critical": "true"})["ETag"] != etag

    task = changeable_task(world, schedule)
    task_services.task_update(acting_user=world.user(MANAGER), task=task, name="Renamed task")
    changed = client.get(TASKS, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200 and changed["ETag"] != etag


def test_people_with_other_rights_never_share_an_etag(world: World, schedule: Schedule) -> None:
    manager = world.api_client(MANAGER).get(TASKS)
    team = world.api_client(TEAM)
    answer = team.get(TASKS)
    # The manager sees costs, the team member does not: two bodies, two ETags.
    assert policy.can_see_costs(world.user(MANAGER), world.program)
    assert not policy.can_see_costs(world.user(TEAM), world.program)
    assert manager.content != answer.content
    assert manager["ETag"] != answer["ETag"]
    refused = team.get(TASKS, HTTP_IF_NONE_MATCH=manager["ETag"])
    assert refused.status_code == 200 and refused["ETag"] == answer["ETag"]


def _etag_of(world: World, name: str, path: str = XML) -> str:
    request = RequestFactory().get(path)
    request.user = world.user(name)
    program = Program.objects.get(pk=world.program.pk)
    return conditional.program_etag(request, program)


def test_the_etag_follows_the_cost_rule_the_role_and_the_date(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    etag = _etag_of(world, TEAM)
    assert _etag_of(world, TEAM) == etag
    assert _etag_of(world, TEAM, XML + "?a=1&b=2") == _etag_of(world, TEAM, XML + "?b=2&a=1")
    assert _etag_of(world, "provider.viewer") != etag

    with monkeypatch.context() as patched:
        patched.setattr(policy, "can_see_costs", lambda user, program: True)
        assert _etag_of(world, TEAM) != etag

    tomorrow = dt.date.today() + dt.timedelta(days=1)
    monkeypatch.setattr(conditional.timezone, "localdate", lambda: tomorrow)
    assert _etag_of(world, TEAM) != etag


# -- documents ------------------------------------------------------------------------------


@pytest.fixture
def charter(world: World) -> DocumentVersion:
    return make_charter(world.program, state="draft", editor=world.user("customer.program_manager"))


def test_a_documents_pdf_and_excel_answer_304_until_it_changes(
    world: World, charter: DocumentVersion, monkeypatch: pytest.MonkeyPatch
) -> None:
    client = world.client("customer.viewer")
    paths = [
        reverse(f"charter:{n}", kwargs={"code": "alpha", "number": 1})
        for n in ("export-pdf", "export-xlsx")
    ]
    etags = [client.get(path)["ETag"] for path in paths]
    with monkeypatch.context() as patched:
        patched.setattr("programs.exports.render_document_pdf", must_not_build)
        patched.setattr("programs.exports.render_document_xlsx", must_not_build)
        for path, etag in zip(paths, etags, strict=True):
            assert_not_modified(client.get(path, HTTP_IF_NONE_MATCH=etag), etag)
        assert (
            world.client("outsider").get(paths[0], HTTP_IF_NONE_MATCH=etags[0]).status_code == 404
        )

    document_services.version_submit(
        acting_user=world.user("customer.program_manager"), version=charter
    )
    for path, etag in zip(paths, etags, strict=True):
        again = client.get(path, HTTP_IF_NONE_MATCH=etag)
        assert again.status_code == 200 and again["ETag"] != etag
