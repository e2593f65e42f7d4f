"""The schedule's access matrix: every role of every party, and a user of another program,
against every page, export and API read of the schedule, and its writes on the web and
through the API.

Tasks are owned by a party (or shared), the schedule, baselines and change requests are
shared; a baseline is signed by a signatory of each party; a change request is decided by a
program manager of each party. Allowed writes succeed and are audited; denied ones change
nothing and answer 404, except a member who may read the baseline or the change request but
signs or decides for no party, who is told why (400, ``not_a_signatory`` /
``not_an_approver``).
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any

import pytest
from django.db import transaction
from django.test import Client
from rest_framework.test import APIClient

from programs.models import AuditEvent, Job, Signature
from programs.services.jobs import job_create
from schedule.models import Baseline, ChangeRequest, ChangeRequestDecision, Dependency, Task
from schedule.services import baselines as baseline_services
from schedule.services import change_requests as cr_services
from tests.access import expected
from tests.conftest import OUTSIDER, ROLE_MATRIX, World

from .factories import DEMO_FILE_NAME, demo_mspdi, make_schedule

USERNAMES = [name for name, *_ in ROLE_MATRIX] + [OUTSIDER]
P = "/programs/alpha/schedule"
API = "/api/programs/alpha/schedule"


@dataclass
class State:
    world: World
    link_to_customer_task: int  # a dependency whose successor (task 5) the customer owns


@pytest.fixture
def state(world: World) -> State:
    """alpha's sample IMS with baseline 1 in review and change request 1 proposed."""
    pm = world.user("provider.program_manager")
    schedule = make_schedule(world.program, pm)
    baseline = baseline_services.baseline_create(acting_user=pm, schedule=schedule, name="B1")
    baseline_services.baseline_propose(acting_user=pm, baseline=baseline)
    cr_services.change_request_propose(
        acting_user=pm,
        schedule=schedule,
        title="Longer build",
        description="Configuration takes 20 days.",
        justification="A new interface.",
        changes=[{"op": "update_task", "uid": 7, "duration_days": 20}],
    )
    link = Dependency.objects.get(successor__uid=5, schedule=schedule)
    return State(world, link.pk)


@dataclass(frozen=True)
class Write:
    name: str
    call: Callable[[Client, APIClient, State], Any]
    action: str  # change, sign or decide
    owner: str = "shared"


def _post(path: str, data: dict[str, Any] | None = None) -> Callable[..., Any]:
    return lambda web, api, s: web.post(path.format(s=s), data or {})


def _api(method: str, path: str, data: dict[str, Any] | None = None) -> Callable[..., Any]:
    return lambda web, api, s: getattr(api, method)(path.format(s=s), data or {}, format="json")


@cache
def _demo() -> bytes:
    return demo_mspdi()


def _file() -> io.BytesIO:
    stream = io.BytesIO(_demo())
    stream.name = DEMO_FILE_NAME
    return stream


def _import(web: Client, api: APIClient, s: State) -> Any:
    return web.post(f"{P}/import/", {"file": _file(), "replace": "on"})


def _api_import(web: Client, api: APIClient, s: State) -> Any:
    return api.post(f"{API}/import/", {"file": _file(), "replace": True}, format="multipart")


NEW_TASK = {"name": "Security review", "duration_days": "3", "owner_party": "shared", "parent": ""}

WRITES = [
    Write("add a shared task", _post(f"{P}/tasks/new/", NEW_TASK), "change"),
    Write("remove a customer task", _post(f"{P}/tasks/2/delete/"), "change", "customer"),
    Write("remove a provider task", _post(f"{P}/tasks/3/delete/"), "change", "provider"),
    Write(
        "remove a link into a customer task",
        _post(f"{P}/links/{{s.link_to_customer_task}}/delete/"),
        "change",
        "customer",
    ),
    # Starts the import job (it runs when the request commits: never, in these rollbacks).
    Write("import a file, replacing the schedule", _import, "change"),
    Write("API: import a file, replacing the schedule", _api_import, "change"),
    Write("save a baseline", _post(f"{P}/baselines/new/", {"name": "What-if"}), "change"),
    Write(
        "propose a change",
        _post(
            f"{P}/changes/new/",
            {
                "title": "Shorter test",
                "description": "Test in 8 days.",
                "justification": "Automation.",
                "action": "propose",
                "ops-TOTAL_FORMS": "1",
                "ops-INITIAL_FORMS": "1",
                "ops-MIN_NUM_FORMS": "1",
                "ops-MAX_NUM_FORMS": "50",
                "ops-0-kind": "duration",
                "ops-0-task": "9",
                "ops-0-days": "8",
            },
        ),
        "change",
    ),
    Write("sign the baseline", lambda web, api, s: _sign(web, s), "sign"),
    Write(
        "decide the change request",
        _post(f"{P}/changes/1/decide/", {"decision": "approve"}),
        "decide",
    ),
    Write(
        "API: report progress on a customer task",
        _api("patch", f"{API}/tasks/2/", {"percent_complete": 10}),
        "change",
        "customer",
    ),
    Write(
        "API: rename a provider task",
        _api("patch", f"{API}/tasks/3/", {"name": "Design the configuration"}),
        "change",
        "provider",
    ),
    Write(
        "API: link two shared milestones",
        _api("post", f"{API}/dependencies/", {"predecessor_uid": 4, "successor_uid": 10}),
        "change",
    ),
    Write("API: save a baseline", _api("post", f"{API}/baselines/", {"name": "What-if"}), "change"),
    Write("API: sign the baseline", _api("post", f"{API}/baselines/1/sign/"), "sign"),
    Write(
        "API: propose a change",
        _api(
            "post",
            f"{API}/change-requests/",
            {
                "title": "Shorter test",
                "description": "Test in 8 days.",
                "justification": "Automation.",
                "changes": [{"op": "update_task", "uid": 9, "duration_days": 8}],
            },
        ),
        "change",
    ),
    Write(
        "API: decide the change request",
        _api("post", f"{API}/change-requests/1/decide/", {"decision": "approve"}),
        "decide",
    ),
]


def _sign(web: Client, s: State) -> Any:
    from programs.services.documents import version_sha256

    version = Baseline.objects.get(number=1).version
    assert version is not None
    return web.post(f"{P}/baselines/1/sign/", {"content_sha256": version_sha256(version)})


READS = [
    f"{P}/",
    f"{P}/tasks/",
    f"{P}/tasks/3/",
    f"{P}/gantt/",
    f"{P}/dcma/",
    f"{P}/dcma/1/",
    f"{P}/baselines/",
    f"{P}/baselines/1/",
    f"{P}/baselines/1/export.pdf",
    f"{P}/variance/",
    f"{P}/changes/",
    f"{P}/changes/1/",
    f"{P}/changes/export.xlsx",
    f"{P}/export.xml",
    f"{P}/export.xlsx",
    f"{API}/",
    f"{API}/tasks/",
    f"{API}/tasks/3/",
    f"{API}/tasks/10/driving-path/",
    f"{API}/dependencies/",
    f"{API}/dcma/",
    f"{API}/baselines/",
    f"{API}/baselines/1/",
    f"{API}/change-requests/",
    f"{API}/change-requests/1/",
    f"{API}/export.xml",
]


def fingerprint(world: World) -> Any:
    """Everything the writes above could touch."""
    return (
        AuditEvent.objects.count(),
        sorted(
            Task.objects.filter(schedule__program=world.program).values_list(
                "uid", "name", "duration", "percent_complete", "start", "finish"
            )
        ),
        Dependency.objects.count(),
        Baseline.objects.count(),
        Signature.objects.filter(voided_at__isnull=True).count(),
        sorted(ChangeRequest.objects.values_list("number", "status")),
        ChangeRequestDecision.objects.count(),
        Job.objects.count(),
    )


def _clients(world: World, username: str) -> tuple[Client, APIClient]:
    web, api = Client(), APIClient()
    web.force_login(world.user(username))
    api.force_authenticate(world.user(username))
    return web, api


def allowed(username: str, write: Write) -> bool:
    if write.action == "decide":
        if username == OUTSIDER:
            return False
        party, role = username.split(".")
        return role == "program_manager" and party in ("customer", "provider")
    return expected(username, write.action, write.owner)


@pytest.mark.parametrize("username", USERNAMES)
def test_reads(state: State, username: str) -> None:
    web, api = _clients(state.world, username)
    for path in READS:
        response = (api if path.startswith("/api/") else web).get(path)
        want = 200 if expected(username, "view") else 404
        assert response.status_code == want, (username, path, response.status_code)


@pytest.mark.parametrize("username", USERNAMES)
def test_writes(state: State, username: str) -> None:
    web, api = _clients(state.world, username)
    for write in WRITES:
        with transaction.atomic():
            before = fingerprint(state.world)
            response = write.call(web, api, state)
            after = fingerprint(state.world)
            transaction.set_rollback(True)
        where = (username, write.name, response.status_code)
        if allowed(username, write):
            assert response.status_code < 400, where
            assert after[0] > before[0], (*where, "no audit event")
            continue
        assert after == before, (*where, "a denied request changed something")
        if write.action in ("sign", "decide") and expected(username, "view"):
            assert response.status_code == 400, where
            if write.name.startswith("API"):
                code = response.json()["code"]
                assert code in ("not_a_signatory", "not_an_approver"), where
        else:
            assert response.status_code == 404, where


@pytest.mark.parametrize("username", USERNAMES)
def test_job_pages(state: State, username: str) -> None:
    """A job is seen by every member of its program, on its page and through the API; an
    outsider, and a member asking for it under another program, get a 404."""
    world = state.world
    job, _ = job_create(
        acting_user=world.user("provider.program_manager"),
        program=world.program,
        kind="schedule_import",
        key="test:alpha",
        title="Import of alpha-ims.xml",
    )
    other, _ = job_create(
        acting_user=world.user(OUTSIDER),
        program=world.other_program,
        kind="schedule_import",
        key="test:beta",
        title="Import of beta-ims.xml",
    )
    web, api = _clients(world, username)
    want = 200 if expected(username, "view") else 404
    for path in (f"/programs/alpha/jobs/{job.pk}/", f"/api/programs/alpha/jobs/{job.pk}/"):
        response = (api if path.startswith("/api/") else web).get(path)
        assert response.status_code == want, (username, path, response.status_code)
    # Another program's job is not found under alpha, whoever asks.
    for path in (f"/programs/alpha/jobs/{other.pk}/", f"/api/programs/alpha/jobs/{other.pk}/"):
        response = (api if path.startswith("/api/") else web).get(path)
        assert response.status_code == 404, (username, path, response.status_code)
    if want == 200:
        body = api.get(f"/api/programs/alpha/jobs/{job.pk}/").json()
        assert (body["status"], body["title"]) == ("queued", "Import of alpha-ims.xml")


# -- containers: a write on a summary task touches everything under it -----------------------
#
# alpha's sample IMS plus a third phase:
#   11 "3 Cutover" (shared) holds 12 "3.1 Payroll cutover" (customer, a summary of
#   13 "3.1.1 Freeze payroll", customer) and 14 "3.2 Switch interfaces" (shared).
# A write that would touch a task the acting party may not change is refused whole (403 by the
# API, 400 with the reason on the page), naming the first such task; nothing changes.


@pytest.fixture
def cutover(state: State) -> State:
    from schedule.services import tasks as task_services

    cpm = state.world.user("customer.program_manager")
    schedule = Task.objects.get(uid=1).schedule

    def add(name: str, wbs: str, party: str, parent: Task | None) -> Task:
        return task_services.task_create(
            acting_user=cpm,
            schedule=schedule,
            name=name,
            duration=480,
            parent=parent,
            wbs=wbs,
            owner_party=party,
        )

    phase = add("Cutover", "3", "shared", None)
    payroll = add("Payroll cutover", "3.1", "customer", phase)
    add("Freeze payroll", "3.1.1", "customer", payroll)
    add("Switch interfaces", "3.2", "shared", phase)
    return state


def outline(world: World) -> Any:
    """Tasks with their parents, dependencies and audit events: what a container write moves."""
    return (
        AuditEvent.objects.count(),
        sorted(
            Task.objects.filter(schedule__program=world.program).values_list(
                "uid", "parent__uid", "owner_party", "name"
            )
        ),
        Dependency.objects.count(),
    )


@dataclass(frozen=True)
class ContainerWrite:
    name: str
    call: Callable[[Client, APIClient, State], Any]
    #: Whose tasks it touches: the acting member needs to change all of them.
    touches: tuple[str, ...]
    refusal: str = ""


UNDER_PAYROLL = {"name": "Reconcile", "duration_days": "2", "owner_party": "shared", "parent": 12}
CONTAINER_WRITES = [
    ContainerWrite(
        "delete a shared summary holding customer tasks",
        _post(f"{P}/tasks/11/delete/"),
        ("shared", "customer"),
        "You may not delete 3 Cutover: it holds 3.1 Payroll cutover, which the Customer owns.",
    ),
    ContainerWrite(
        "API: delete a shared summary holding customer tasks",
        lambda web, api, s: api.delete(f"{API}/tasks/11/"),
        ("shared", "customer"),
        "You may not delete 3 Cutover: it holds 3.1 Payroll cutover, which the Customer owns.",
    ),
    ContainerWrite(
        "delete a shared summary holding customer and provider tasks",
        _post(f"{P}/tasks/6/delete/"),
        ("shared", "customer", "provider"),
    ),
    ContainerWrite(
        "API: delete a shared summary holding customer and provider tasks",
        lambda web, api, s: api.delete(f"{API}/tasks/1/"),
        ("shared", "customer", "provider"),
    ),
    ContainerWrite(
        "put a shared task under a customer summary",
        _post(f"{P}/tasks/new/", UNDER_PAYROLL),
        ("shared", "customer"),
        "You may not put a task under 3.1 Payroll cutover: that changes 3.1 Payroll cutover, "
        "which the Customer owns.",
    ),
    ContainerWrite(
        "API: put a shared task under a customer summary",
        _api("post", f"{API}/tasks/", {"name": "Reconcile", "parent_uid": 12}),
        ("shared", "customer"),
        "You may not put a task under 3.1 Payroll cutover: that changes 3.1 Payroll cutover, "
        "which the Customer owns.",
    ),
    ContainerWrite(
        "API: put a shared task under a customer task",
        _api("post", f"{API}/tasks/", {"name": "Reconcile", "parent_uid": 2}),
        ("shared", "customer"),
    ),
    ContainerWrite(
        "put a shared task under a shared summary",
        _post(f"{P}/tasks/new/", {**UNDER_PAYROLL, "parent": 11}),
        ("shared",),
    ),
]


@pytest.mark.parametrize("username", USERNAMES)
def test_container_writes(cutover: State, username: str) -> None:
    web, api = _clients(cutover.world, username)
    for write in CONTAINER_WRITES:
        with transaction.atomic():
            before = outline(cutover.world)
            response = write.call(web, api, cutover)
            after = outline(cutover.world)
            transaction.set_rollback(True)
        where = (username, write.name, response.status_code)
        if all(expected(username, "change", owner) for owner in write.touches):
            assert response.status_code < 400, where
            assert after[0] > before[0], (*where, "no audit event")
            assert after != before, where
            continue
        assert after == before, (*where, "a denied request changed something")
        may_start = expected(username, "change", "shared")
        if not may_start:
            assert response.status_code == 404, where
            continue
        api_call = write.name.startswith("API")
        assert response.status_code == (403 if api_call else 400), where
        body = response.json()["detail"] if api_call else response.content.decode()
        if api_call:
            assert response.json()["code"] == "permission_denied", where
        if write.refusal:
            assert write.refusal in body.replace("&#x27;", "'"), (*where, body[:300])
