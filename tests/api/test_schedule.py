"""The schedule through the API: starting and importing it, its settings, tasks and
dependencies with their computed dates, the driving path, the DCMA assessment and the
exports; who may do what; and responses that match the published schema."""

from __future__ import annotations

import io
import zipfile
from typing import Any

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from drf_spectacular.generators import SchemaGenerator
from openapi_core import OpenAPI
from openapi_core.contrib.django import DjangoOpenAPIRequest, DjangoOpenAPIResponse

from programs.models import AuditEvent
from schedule.interchange.mspdi import read_mspdi
from schedule.models import Dependency, Schedule, Task
from schedule.services import tasks as task_services

from ..conftest import World
from ..schedule.factories import DEMO_FILE_NAME, demo_mspdi, make_schedule
from .conftest import Api, assert_error, nothing_changes

S = "/api/programs/alpha/schedule/"
MANAGER = "provider.program_manager"


def url(tail: str = "", code: str = "alpha") -> str:
    return f"/api/programs/{code}/schedule/{tail}"


@pytest.fixture
def schedule(world: World) -> Schedule:
    """alpha's sample IMS: 1.1 -> 1.2 -> 1.3 -> 2.1 -> 2.3 -> 2.4 is the critical path."""
    return make_schedule(world.program, world.user(MANAGER))


def upload(name: str, content: bytes, **fields: Any) -> dict[str, Any]:
    return {"file": _named(name, content), **fields}


def _named(name: str, content: bytes) -> io.BytesIO:
    buffer = io.BytesIO(content)
    buffer.name = name
    return buffer


def uids(body: dict[str, Any]) -> list[int]:
    return [t["uid"] for t in body["results"]]


# -- starting, importing and the summary ---------------------------------------------------


def test_a_program_without_a_schedule_is_not_found(world: World, api: Api) -> None:
    for tail in ("", "tasks/", "dependencies/", "dcma/", "baselines/", "export.xml"):
        assert_error(api(MANAGER).get(url(tail)), 404, "not_found")


def test_an_editor_starts_an_empty_schedule(world: World, api: Api) -> None:
    response = api("customer.pmo_team").post(url(), {"project_start": "2027-03-01"}, "json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["name"] == "ALPHA Integrated Master Schedule"
    assert body["project_start"].startswith("2027-03-01T08:00:00")
    assert body["counts"]["tasks"] == 0
    assert body["agreed_baseline"] is None
    assert body["finish_variance_days"] is None
    assert body["calendar"]["us_federal_holidays"] is True

    again = api(MANAGER).post(url(), {"project_start": "2027-03-01"}, "json")
    assert_error(again, 400, "schedule_exists", "name")
    assert Schedule.objects.count() == 1


# The import runs as a job queued when its request commits; with Celery eager (as here) it has
# run when the 202 is answered, as on a portal without a broker. Hence real transactions.
@pytest.mark.django_db(transaction=True)
def test_importing_a_microsoft_project_file(world: World, api: Api) -> None:
    response = api(MANAGER).post(url("import/"), upload(DEMO_FILE_NAME, demo_mspdi()), "multipart")
    assert response.status_code == 202, response.content
    job = response.json()
    assert response["Location"] == job["url"] == f"/api/programs/alpha/jobs/{job['id']}/"
    assert job["page_url"] == f"/programs/alpha/jobs/{job['id']}/"
    assert job["kind"] == "schedule_import" and job["status"] == "done", job
    assert job["progress"] == {"done": 3, "total": 3, "percent": 100}
    assert job["error"] is None
    # The demo's people are DRC's and IFSC's, not members of alpha: reported, not refused.
    assert job["result"]["warnings"] == [
        "6 responsible person(s) in the file are not members of the program and were left "
        "unassigned: cust.pm, cust.pmolead, cust.team, prov.pm, prov.pmolead, prov.team."
    ]
    assert job["result"]["schedule"]["tasks"] == 37
    assert api("customer.viewer").get(job["url"]).json() == job

    body = api(MANAGER).get(url()).json()
    assert body["source_name"] == DEMO_FILE_NAME
    assert body["counts"]["tasks"] == 30
    assert body["counts"]["milestones"] == 6
    assert body["counts"]["summary_tasks"] == 7
    assert body["counts"]["dependencies"] == 39
    assert body["project_start"].startswith("2025-11-03T08:00:00")
    assert body["status_date"].startswith("2026-11-20T17:00:00")
    assert body["finish"].startswith("2027-06-29T17:00:00")

    tasks = api(MANAGER).get(url("tasks/")).json()
    assert tasks["count"] == 37
    assert uids(tasks) == list(range(1, 38))
    raci = tasks["results"][3]  # 1.3 starts five days after the kickoff starts
    assert raci["wbs"] == "1.3"
    assert raci["predecessors"] == [
        {
            "id": raci["predecessors"][0]["id"],
            "uid": 2,
            "type": "SS",
            "lag_days": 5.0,
            "lag_unit": "working",
        }
    ]
    assert raci["duration_days"] == 8.0
    assert raci["percent_complete"] == 100


@pytest.mark.django_db(transaction=True)
def test_a_bad_file_is_refused_with_located_problems_and_changes_nothing(
    world: World, api: Api
) -> None:
    bad = b"<Project xmlns='http://schemas.microsoft.com/project'><Tasks><Task><UID>x</UID>"
    events = AuditEvent.objects.count()
    response = api(MANAGER).post(url("import/"), upload("bad.xml", bad), "multipart")
    assert response.status_code == 202, response.content
    # The job is recorded (who asked to import what); nothing else is.
    assert AuditEvent.objects.count() == events + 1
    assert not Schedule.objects.exists()
    job = api(MANAGER).get(response["Location"]).json()
    assert job["status"] == "failed" and job["result"] == {}
    error = job["error"]
    assert error["code"] == "import_invalid"
    assert error["detail"] == "bad.xml was not imported; nothing was changed."
    assert error["problems"], error
    assert all(p["message"] for p in error["problems"])
    assert all("location" in p for p in error["problems"])
    assert Task.objects.count() == 0

    with nothing_changes(model=Schedule):
        wrong_kind = api(MANAGER).post(url("import/"), upload("plan.mpp", b"..."), "multipart")
    assert_error(wrong_kind, 400, "invalid", "file")


@pytest.mark.django_db(transaction=True)
def test_a_second_import_needs_replace(world: World, api: Api) -> None:
    make_schedule(world.program, world.user(MANAGER))
    content = demo_mspdi()
    with nothing_changes(model=Task):
        refused = api(MANAGER).post(url("import/"), upload(DEMO_FILE_NAME, content), "multipart")
    assert_error(refused, 400, "schedule_exists")

    replaced = api(MANAGER).post(
        url("import/"), upload(DEMO_FILE_NAME, content, replace=True), "multipart"
    )
    assert replaced.status_code == 202, replaced.content
    assert replaced.json()["status"] == "done"
    assert api(MANAGER).get(url()).json()["counts"]["tasks"] == 30
    assert Schedule.objects.get().tasks.count() == 37


def test_the_summary_and_its_settings(world: World, api: Api, schedule: Schedule) -> None:
    body = api("independent.ivv_agent").get(url()).json()
    assert body["program"] == "alpha"
    assert body["counts"] == {
        "tasks": 8,
        "milestones": 2,
        "summary_tasks": 2,
        "critical_tasks": 6,
        "dependencies": 9,
        "baselines": 0,
        "open_change_requests": 0,
    }
    assert body["critical_float_days"] == 0.0
    assert body["under_change_control"] is False

    changed = api("customer.program_manager").patch(
        url(), {"status_date": "2027-01-15", "critical_float_days": 2, "name": "IMS"}, "json"
    )
    assert changed.status_code == 200, changed.content
    body = changed.json()
    assert body["name"] == "IMS"
    assert body["status_date"].startswith("2027-01-15T17:00:00")
    assert body["critical_float_days"] == 2.0
    assert body["revision"] == schedule.revision + 1
    schedule.refresh_from_db()
    assert schedule.critical_float == 2 * 480

    with nothing_changes(schedule):
        bad = api("customer.program_manager").patch(url(), {"critical_float_days": -1}, "json")
    assert_error(bad, 400, "invalid", "critical_float_days")
    with nothing_changes(schedule):
        closed = api("customer.program_manager").patch(
            url(), {"calendar": {"week": [[]] * 7}}, "json"
        )
    assert_error(closed, 400, "invalid", "calendar")

    four_days = {**body["calendar"], "week": [[[480, 1020]]] * 4 + [[]] * 3}
    shorter = api("customer.program_manager").patch(url(), {"calendar": four_days}, "json")
    assert shorter.status_code == 200, shorter.content
    assert shorter.json()["finish"] > body["finish"]  # no Friday work: the finish moves out


# -- tasks and dependencies ---------------------------------------------------------------


def test_tasks_list_in_outline_order_with_their_computed_dates(
    world: World, api: Api, schedule: Schedule
) -> None:
    body = api("customer.viewer").get(url("tasks/")).json()
    assert uids(body) == list(range(1, 11))
    design = next(t for t in body["results"] if t["uid"] == 3)
    assert design["wbs"] == "1.2"
    assert design["parent_uid"] == 1
    assert design["owner_party"] == "provider"
    assert design["duration_days"] == 10.0
    assert design["is_critical"] is True
    assert design["total_float_days"] == 0.0
    assert design["start"].startswith("2027-01-11T08:00:00")
    assert design["baseline_start"] is None
    assert design["finish_variance_days"] is None
    assert [p["uid"] for p in design["predecessors"]] == [2]
    comms = next(t for t in body["results"] if t["uid"] == 5)
    assert comms["is_critical"] is False
    assert comms["total_float_days"] > 0
    assert comms["predecessors"][0] | {"id": 0} == {
        "id": 0,
        "uid": 2,
        "type": "SS",
        "lag_days": 2.0,
        "lag_unit": "working",
    }


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("critical=true", [2, 3, 4, 6, 7, 9, 10]),  # summary 2 "Build and test" too
        ("owner_party=customer", [2, 5, 8]),
        ("summary=true", [1, 6]),
        ("q=test", [6, 8, 9]),
        ("q=2.4", [10]),
    ],
)
def test_tasks_filter(
    world: World, api: Api, schedule: Schedule, query: str, expected: list[int]
) -> None:
    response = api("customer.viewer").get(url(f"tasks/?{query}"))
    assert uids(response.json()) == expected


def test_a_task_by_uid_and_unknown_ones(world: World, api: Api, schedule: Schedule) -> None:
    assert api("customer.viewer").get(url("tasks/7/")).json()["name"].startswith("Configure")
    assert_error(api("customer.viewer").get(url("tasks/99/")), 404, "not_found")


def test_adding_changing_and_removing_a_task_recomputes(
    world: World, api: Api, schedule: Schedule
) -> None:
    client = api("customer.pmo_team")
    finish_before = client.get(url()).json()["finish"]
    created = client.post(
        url("tasks/"),
        {
            "name": "Train payroll clerks",
            "duration_days": 3,
            "parent_uid": 6,
            "owner_party": "customer",
            "responsible": "customer.pmo_team",
        },
        "json",
    )
    assert created.status_code == 201, created.content
    task = created.json()
    assert (task["uid"], task["parent_uid"], task["outline_level"]) == (11, 6, 2)
    assert task["duration_days"] == 3.0
    assert task["responsible"] == "customer.pmo_team"
    assert task["start"].startswith("2027-01-04T08:00:00")  # no predecessor: project start

    link = client.post(url("dependencies/"), {"predecessor_uid": 9, "successor_uid": 11}, "json")
    assert link.status_code == 201, link.content
    linked_finish = client.get(url()).json()["finish"]
    assert linked_finish > finish_before  # three more days after the integration test
    longer = client.patch(url("tasks/11/"), {"duration_days": 30}, "json")
    assert longer.status_code == 200, longer.content
    assert longer.json()["is_critical"] is True
    assert client.get(url()).json()["finish"] > linked_finish

    assert client.delete(url("tasks/11/")).status_code == 204
    assert not Task.objects.filter(schedule=schedule, uid=11).exists()
    assert client.get(url()).json()["finish"] == finish_before


def test_task_payloads_are_checked(world: World, api: Api, schedule: Schedule) -> None:
    client = api(MANAGER)
    with nothing_changes(model=Task):
        assert_error(client.post(url("tasks/"), {"duration_days": 2}, "json"), 400, "invalid")
        assert_error(
            client.post(url("tasks/"), {"name": "X", "responsible": "outsider"}, "json"),
            400,
            "invalid",
            "responsible",
        )
        assert_error(
            client.post(url("tasks/"), {"name": "X", "parent_uid": 99}, "json"),
            400,
            "invalid",
            "parent_uid",
        )
        assert_error(
            client.patch(url("tasks/10/"), {"duration_days": 2}, "json"), 400, "invalid", "duration"
        )


def test_a_party_changes_its_own_and_shared_tasks_only(
    world: World, api: Api, schedule: Schedule
) -> None:
    customer = api("customer.pmo_team")
    assert customer.patch(url("tasks/2/"), {"notes": "Agreed."}, "json").status_code == 200
    assert customer.patch(url("tasks/4/"), {"notes": "Shared."}, "json").status_code == 200
    provider_task = Task.objects.get(schedule=schedule, uid=3)
    with nothing_changes(provider_task):
        assert_error(customer.patch(url("tasks/3/"), {"notes": "No."}, "json"), 404, "not_found")
        assert_error(customer.delete(url("tasks/3/")), 404, "not_found")
        assert_error(
            customer.post(url("tasks/"), {"name": "Theirs", "owner_party": "provider"}, "json"),
            404,
            "not_found",
        )


def test_a_dependency_loop_is_refused_naming_its_tasks(
    world: World, api: Api, schedule: Schedule
) -> None:
    with nothing_changes(schedule, model=Dependency):
        response = api(MANAGER).post(
            url("dependencies/"), {"predecessor_uid": 9, "successor_uid": 3}, "json"
        )
    body = assert_error(response, 400, "schedule_invalid")
    assert "loop" in body["detail"].lower()
    assert body["problems"][0]["task_uid"] in {3, 4, 7, 9}
    for uid in (3, 4, 7, 9):
        assert f"UID {uid}" in body["detail"]


def test_dependencies_listed_changed_and_removed(
    world: World, api: Api, schedule: Schedule
) -> None:
    client = api("customer.program_manager")  # the lead runs into a customer task
    listing = client.get(url("dependencies/")).json()
    assert listing["count"] == 9
    lead = next(
        d for d in listing["results"] if (d["predecessor_uid"], d["successor_uid"]) == (7, 8)
    )
    assert (lead["type"], lead["lag_days"], lead["lag_unit"]) == ("FF", -1.0, "working")

    changed = client.patch(url(f"dependencies/{lead['id']}/"), {"lag_days": -2}, "json")
    assert changed.status_code == 200, changed.content
    assert changed.json()["lag_days"] == -2.0
    assert Dependency.objects.get(pk=lead["id"]).lag == -2 * 480

    assert client.delete(url(f"dependencies/{lead['id']}/")).status_code == 204
    assert client.get(url("dependencies/")).json()["count"] == 8
    assert_error(client.get(url(f"dependencies/{lead['id']}/")), 404, "not_found")


def test_the_driving_path_of_a_task(world: World, api: Api, schedule: Schedule) -> None:
    body = api("customer.viewer").get(url("tasks/10/driving-path/")).json()
    assert body["uid"] == 10
    assert [t["uid"] for t in body["path"]] == [2, 3, 4, 7, 9, 10]
    assert all(t["is_critical"] for t in body["path"])


# -- DCMA and exports ---------------------------------------------------------------------


def test_the_dcma_assessment(world: World, api: Api, schedule: Schedule) -> None:
    body = api("independent.ivv_agent").get(url("dcma/")).json()
    checks = body["checks"]
    assert [c["number"] for c in checks] == list(range(1, 15))
    assert body["passed"] + body["failed"] + body["not_applicable"] == 14
    assert body["baseline_number"] is None
    leads = checks[1]
    assert leads["passed"] is False
    assert leads["offending"] == [8]  # the FF lead into "Prepare test data"
    resources = checks[9]
    assert resources["passed"] is False
    assert resources["offending"] == [2, 3, 5, 7, 8, 9]  # no one is responsible for a task
    bei = checks[13]
    assert bei["passed"] is None and bei["note"]  # no baseline, no status date


def test_exports_any_member_may_download(world: World, api: Api, schedule: Schedule) -> None:
    client = api("customer.viewer")
    xml = client.get(url("export.xml"))
    assert xml.status_code == 200
    assert xml["Content-Type"] == "application/xml"
    # Named as the pages name it: the program and the day it was exported.
    assert xml["Content-Disposition"].startswith('attachment; filename="alpha-ims-')
    assert xml["Content-Disposition"].endswith('.xml"')
    data = read_mspdi(xml.content, source="alpha-schedule.xml")
    assert [r.task.uid for r in data.records] == list(range(1, 11))
    assert len(data.links) == 9

    xlsx = client.get(url("export.xlsx"), HTTP_ACCEPT="application/json")
    assert xlsx.status_code == 200
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    names = zipfile.ZipFile(io.BytesIO(xlsx.content)).namelist()
    assert any("worksheets" in n for n in names)


# -- who may do what ---------------------------------------------------------------------

READS = [
    "",
    "tasks/",
    "tasks/3/",
    "tasks/10/driving-path/",
    "dependencies/",
    "dcma/",
    "export.xml",
    "export.xlsx",
    "baselines/",
    "baselines/1/",
    "change-requests/",
    "change-requests/1/",
]


def _writes(dependency: int) -> list[tuple[str, str, Any]]:
    change = {"op": "update_task", "uid": 3, "duration_days": 12}
    return [
        ("post", "", {"project_start": "2027-01-04"}),
        ("patch", "", {"name": "Renamed"}),
        ("post", "import/", None),
        ("post", "tasks/", {"name": "New task", "duration_days": 1}),
        ("patch", "tasks/4/", {"notes": "A note."}),
        ("delete", "tasks/5/", None),
        ("post", "dependencies/", {"predecessor_uid": 5, "successor_uid": 9}),
        ("patch", f"dependencies/{dependency}/", {"lag_days": 1}),
        ("delete", f"dependencies/{dependency}/", None),
        ("post", "baselines/", {"name": "Another"}),
        ("post", "baselines/1/propose/", None),
        (
            "post",
            "change-requests/",
            {"title": "T", "description": "D", "justification": "J", "changes": [change]},
        ),
        ("post", "change-requests/preview/", {"changes": [change]}),
        ("post", "change-requests/1/withdraw/", None),
    ]


@pytest.fixture
def populated(world: World, schedule: Schedule, api: Api) -> int:
    """A baseline (not proposed) and a proposed change request; the id of a dependency."""
    client = api(MANAGER)
    assert client.post(url("baselines/"), {"name": "Plan"}, "json").status_code == 201
    proposed = client.post(
        url("change-requests/"),
        {
            "title": "Longer design",
            "description": "Design takes 12 days.",
            "justification": "Two more interfaces.",
            "changes": [{"op": "update_task", "uid": 3, "duration_days": 12}],
        },
        "json",
    )
    assert proposed.status_code == 201, proposed.content
    return Dependency.objects.get(schedule=schedule, predecessor__uid=2, successor__uid=5).pk


def _call(client: Any, method: str, tail: str, body: Any) -> Any:
    if tail == "import/":
        content = demo_mspdi()
        return client.post(url(tail), upload("x.xml", content, replace=True), "multipart")
    return getattr(client, method)(url(tail), body or {}, "json")


def test_an_outsider_gets_404_for_everything(world: World, api: Api, populated: int) -> None:
    client = api("outsider")
    for tail in READS:
        assert_error(client.get(url(tail)), 404, "not_found")
    for extra in ("baselines/1/sign/", "change-requests/1/decide/"):
        with nothing_changes(model=Schedule):
            assert_error(client.post(url(extra), {"decision": "approve"}, "json"), 404, "not_found")
    events = AuditEvent.objects.count()
    for method, tail, body in _writes(populated):
        with nothing_changes(model=Task):
            response = _call(client, method, tail, body)
        assert_error(response, 404, "not_found")
    assert AuditEvent.objects.count() == events


def test_the_ivv_agent_reads_everything_and_writes_nothing(
    world: World, api: Api, populated: int
) -> None:
    client = api("independent.ivv_agent")
    for tail in READS:
        assert client.get(url(tail)).status_code == 200, tail
    events = AuditEvent.objects.count()
    for method, tail, body in _writes(populated):
        with nothing_changes(model=Task):
            response = _call(client, method, tail, body)
        assert_error(response, 404, "not_found")
    for tail in ("tasks/", "dependencies/"):
        assert_error(client.post(url(tail), {}, "json"), 404, "not_found")  # before validation
    # Deciding and signing are refused with the reason, as for any member who may read.
    assert_error(
        client.post(url("change-requests/1/decide/"), {"decision": "approve"}, "json"),
        400,
        "not_an_approver",
    )
    assert_error(client.post(url("baselines/1/sign/"), {}, "json"), 400, "version_not_in_review")
    assert AuditEvent.objects.count() == events


# -- query counts -------------------------------------------------------------------------


def _count(client: Any, path: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200, path
    return len(queries)


def _seed(client: Any, uid: int, n: int) -> None:
    """A baseline and a change request decided by one party, about task ``uid``."""
    assert client.post(url("baselines/"), {"name": f"Baseline {n}"}, "json").status_code == 201
    change = {"op": "update_task", "uid": uid, "duration_days": 2}
    body = {"title": "T", "description": "D", "justification": "J", "changes": [change]}
    assert client.post(url("change-requests/"), body, "json").status_code == 201
    decide = {"decision": "approve"}
    assert client.post(url(f"change-requests/{n}/decide/"), decide, "json").status_code == 200


@pytest.mark.usefixtures("answers_built")
def test_lists_ask_a_fixed_number_of_queries(world: World, api: Api, schedule: Schedule) -> None:
    client = api("customer.program_manager")
    paths = [
        url("tasks/"),
        url("dependencies/"),
        url(),
        url("baselines/"),
        url("change-requests/"),
    ]
    _seed(client, 3, 1)
    assert client.post(url("baselines/1/propose/")).status_code == 200
    for path in paths:
        _count(client, path)  # caches filled once per process are not the point here
    before = {path: _count(client, path) for path in paths}

    manager = world.user(MANAGER)
    previous = Task.objects.get(schedule=schedule, uid=10)
    for n in range(6):
        task = task_services.task_create(
            acting_user=manager, schedule=schedule, name=f"Extra {n}", duration=480
        )
        task_services.task_update(acting_user=manager, task=task, responsible=manager)
        task_services.dependency_create(acting_user=manager, predecessor=previous, successor=task)
        previous = task
        _seed(client, task.uid, n + 2)
    assert Task.objects.filter(schedule=schedule).count() == 16
    _count(client, paths[0])  # access is read again after the writes

    assert {path: _count(client, path) for path in paths} == before


def test_the_task_list_with_variance_asks_a_fixed_number_of_queries(
    world: World, api: Api, schedule: Schedule
) -> None:
    client = api("customer.program_manager")
    assert client.post(url("baselines/"), {"name": "Plan"}, "json").status_code == 201
    assert client.post(url("baselines/1/propose/")).status_code == 200
    for sponsor in ("customer.executive_sponsor", "provider.executive_sponsor"):
        assert api(sponsor).post(url("baselines/1/sign/"), {}, "json").status_code == 200
    _count(client, url("tasks/"))
    before = _count(client, url("tasks/"))

    additions = [{"op": "add_task", "name": f"Extra {n}", "duration_days": 1} for n in range(5)]
    links = [{"op": "add_link", "predecessor": 10, "successor": 11 + n} for n in range(5)]
    body = {"title": "T", "description": "D", "justification": "J", "changes": additions + links}
    assert client.post(url("change-requests/"), body, "json").status_code == 201
    for approver in ("customer.program_manager", "provider.program_manager"):
        decide = {"decision": "approve"}
        assert api(approver).post(url("change-requests/1/decide/"), decide, "json").status_code
    tasks = client.get(url("tasks/")).json()["results"]
    assert len(tasks) == 15
    assert tasks[-1]["baseline_finish"] is None  # added after the baseline
    assert tasks[0]["finish_variance_days"] == 0.0

    assert _count(client, url("tasks/")) == before


# -- the schema tells the truth -------------------------------------------------------------


@pytest.fixture(scope="module")
def openapi() -> OpenAPI:
    return OpenAPI.from_dict(SchemaGenerator().get_schema(request=None, public=True))


def check(openapi: OpenAPI, response: Any, status: int) -> Any:
    assert response.status_code == status, (response.status_code, response.content[:300])
    request = response.wsgi_request
    if request.content_type == "multipart/form-data":
        # The upload was read as a stream; the operation is found by path and method alone.
        request = RequestFactory().post(request.path, b"", content_type="application/json")
    openapi.validate_response(DjangoOpenAPIRequest(request), DjangoOpenAPIResponse(response))
    return response


def test_schedule_responses_match_the_schema(
    world: World, api: Api, openapi: OpenAPI, django_capture_on_commit_callbacks: Any
) -> None:
    pm = api(MANAGER)
    check(openapi, pm.get(url()), 404)
    check(openapi, pm.post(url(), {"project_start": "2027-01-04"}, "json"), 201)
    check(openapi, pm.post(url(), {"project_start": "2027-01-04"}, "json"), 400)
    check(openapi, pm.post(url("import/"), upload("a.mpp", b"<Project"), "multipart"), 400)
    with django_capture_on_commit_callbacks(execute=True):  # the jobs run on commit
        failed = pm.post(url("import/"), upload("bad.xml", b"<Project", replace=True), "multipart")
    check(openapi, failed, 202)
    assert check(openapi, pm.get(failed["Location"]), 200).json()["status"] == "failed"
    with django_capture_on_commit_callbacks(execute=True):
        done = pm.post(url("import/"), upload("a.xml", demo_mspdi(), replace=True), "multipart")
    check(openapi, done, 202)
    assert check(openapi, pm.get(done["Location"]), 200).json()["status"] == "done"
    check(openapi, pm.patch(url(), {"status_date": "2026-12-04"}, "json"), 200)
    check(openapi, pm.get(url("tasks/")), 200)
    check(openapi, pm.get(url("tasks/2/")), 200)
    check(openapi, pm.patch(url("tasks/2/"), {"notes": "n"}, "json"), 200)
    check(openapi, pm.post(url("tasks/"), {"name": "N", "duration_days": 1}, "json"), 201)
    check(openapi, pm.get(url("tasks/2/driving-path/")), 200)
    check(openapi, pm.get(url("dependencies/")), 200)
    check(
        openapi,
        pm.post(url("dependencies/"), {"predecessor_uid": 2, "successor_uid": 1}, "json"),
        400,
    )
    check(openapi, pm.get(url("dcma/")), 200)
    check(openapi, pm.post(url("baselines/"), {"name": "B1"}, "json"), 201)
    check(openapi, pm.get(url("baselines/")), 200)
    check(openapi, pm.post(url("baselines/1/propose/")), 200)
    check(openapi, api("customer.executive_sponsor").post(url("baselines/1/sign/")), 200)
    check(openapi, pm.get(url("baselines/1/")), 200)
    change = {"op": "update_task", "uid": 19, "duration_days": 45}  # 4.1, critical
    check(openapi, pm.post(url("change-requests/preview/"), {"changes": [change]}, "json"), 200)
    body = {"title": "T", "description": "D", "justification": "J", "changes": [change]}
    check(openapi, pm.post(url("change-requests/"), body, "json"), 201)
    check(openapi, pm.get(url("change-requests/")), 200)
    check(openapi, pm.get(url("change-requests/1/")), 200)
    decide = {"decision": "approve"}
    check(
        openapi,
        api("customer.pmo_team").post(url("change-requests/1/decide/"), decide, "json"),
        400,
    )
    check(openapi, pm.post(url("change-requests/1/decide/"), decide, "json"), 200)
    check(openapi, api("outsider").get(url("tasks/")), 404)
