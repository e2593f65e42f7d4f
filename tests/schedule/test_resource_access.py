"""The access matrix of resources and assignments: every role of every party, the IV&V agent
and a user of another program against the API's reads and writes. Who edits resources and
assignments is who edits tasks (by the resource's or the task's owner party); denied writes
answer 404 and change nothing. Rates are seen by the owning party's managers and sponsor (the
customer's for a shared resource); costs by both parties' managers and sponsors and the IV&V
agent; the others get the answers without those keys."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
from django.db import transaction
from rest_framework.test import APIClient

from programs.models import AuditEvent
from schedule.models import Assignment, Resource, Schedule
from schedule.services import assignments as assignment_services
from schedule.services import resources as resource_services
from tests.access import expected
from tests.conftest import OUTSIDER, ROLE_MATRIX, World

from .factories import make_schedule

USERNAMES = [name for name, *_ in ROLE_MATRIX] + [OUTSIDER]
OWNERS = ("customer", "provider", "shared")
TASK_OF = {"customer": 2, "provider": 3, "shared": 4}  # 1.1, 1.2 and the 1.3 milestone
API = "/api/programs/alpha/schedule"
MONEY_ROLES = {"program_manager", "pmo_lead", "executive_sponsor"}


def sees_rates(username: str, owner: str) -> bool:
    if username == OUTSIDER:
        return False
    party, role = username.split(".")
    return role in MONEY_ROLES and party == ("customer" if owner == "shared" else owner)


def sees_costs(username: str) -> bool:
    if username == OUTSIDER:
        return False
    party, role = username.split(".")
    return username == "independent.ivv_agent" or (
        party in ("customer", "provider") and role in MONEY_ROLES
    )


@dataclass
class State:
    world: World
    schedule: Schedule
    assigned: dict[str, Resource]  # by owner: assigned to its owner's task
    spare: dict[str, Resource]  # by owner: no assignments
    assignment: dict[str, Assignment]  # by owner of the task


@pytest.fixture
def state(world: World) -> State:
    provider_pm = world.user("provider.program_manager")
    customer_pm = world.user("customer.program_manager")
    schedule = make_schedule(world.program, provider_pm)
    assigned: dict[str, Resource] = {}
    spare: dict[str, Resource] = {}
    assignment: dict[str, Assignment] = {}
    for owner in OWNERS:
        who = customer_pm if owner in ("customer", "shared") else provider_pm
        for kind, table in (("assigned", assigned), ("spare", spare)):
            table[owner] = resource_services.resource_create(
                acting_user=who,
                schedule=schedule,
                name=f"{kind} {owner}",
                owner_party=owner,
                rates=[{"standard": Decimal("50")}],
            )
        task = schedule.tasks.get(uid=TASK_OF[owner])
        assignment[owner] = assignment_services.assignment_create(
            acting_user=who, task=task, resource=assigned[owner]
        )
    return State(world, schedule, assigned, spare, assignment)


@dataclass(frozen=True)
class Write:
    name: str
    owner: str
    call: Callable[[APIClient, State], Any]


def _writes_for(o: str) -> list[Write]:
    """The writes on the resources, tasks and assignments owned by ``o``."""
    return [
        Write(
            "create a resource",
            o,
            lambda c, s: c.post(
                f"{API}/resources/", {"name": "New", "owner_party": o}, format="json"
            ),
        ),
        Write(
            "rename a resource",
            o,
            lambda c, s: c.patch(
                f"{API}/resources/{s.spare[o].uid}/", {"group": "Payroll"}, format="json"
            ),
        ),
        Write(
            "remove a resource",
            o,
            lambda c, s: c.delete(f"{API}/resources/{s.spare[o].uid}/"),
        ),
        Write(
            "assign a resource",
            o,
            lambda c, s: c.post(
                f"{API}/assignments/",
                {"task_uid": TASK_OF[o], "resource_uid": s.spare[o].uid},
                format="json",
            ),
        ),
        Write(
            "change an assignment",
            o,
            lambda c, s: c.patch(
                f"{API}/assignments/{s.assignment[o].uid}/",
                {"actual_work_days": 1},
                format="json",
            ),
        ),
        Write(
            "remove an assignment",
            o,
            lambda c, s: c.delete(f"{API}/assignments/{s.assignment[o].uid}/"),
        ),
    ]


WRITES = [write for owner in OWNERS for write in _writes_for(owner)]


def fingerprint(s: State) -> Any:
    return (
        AuditEvent.objects.count(),
        sorted(Resource.objects.values_list("uid", "name", "group", "owner_party")),
        sorted(Assignment.objects.values_list("uid", "task_id", "resource_id", "actual_work")),
    )


def _client(world: World, username: str) -> APIClient:
    client = APIClient()
    client.force_authenticate(world.user(username))
    return client


@pytest.mark.parametrize("username", USERNAMES)
def test_writes(state: State, username: str) -> None:
    client = _client(state.world, username)
    for write in WRITES:
        allowed = expected(username, "change", write.owner)
        with transaction.atomic():
            before = fingerprint(state)
            response = write.call(client, state)
            after = fingerprint(state)
            transaction.set_rollback(True)
        where = (username, write.name, write.owner, response.status_code)
        if allowed:
            assert response.status_code < 400, (*where, response.content[:200])
            assert after[0] > before[0], (*where, "no audit event")
        else:
            assert response.status_code == 404, where
            assert after == before, (*where, "a denied request changed something")


@pytest.mark.parametrize("username", USERNAMES)
def test_reads_rates_and_costs(state: State, username: str) -> None:
    client = _client(state.world, username)
    for path in ("resources/", "assignments/", f"tasks/{TASK_OF['provider']}/"):
        response = client.get(f"{API}/{path}")
        want = 200 if expected(username, "view") else 404
        assert response.status_code == want, (username, path)
    if not expected(username, "view"):
        return
    for owner in OWNERS:
        body = client.get(f"{API}/resources/{state.assigned[owner].uid}/").json()
        assert ("rates" in body) is sees_rates(username, owner), (username, owner)
    for row in client.get(f"{API}/assignments/").json()["results"]:
        assert ("cost" in row) is sees_costs(username), username
    task = client.get(f"{API}/tasks/{TASK_OF['provider']}/").json()
    assert ("fixed_cost" in task) is sees_costs(username), username


def test_rate_tables_change_only_by_who_sees_them(state: State) -> None:
    """A PMO Team member edits the provider's resource but not its rates."""
    client = _client(state.world, "provider.pmo_team")
    resource = state.spare["provider"]
    with transaction.atomic():
        before = fingerprint(state)
        response = client.patch(f"{API}/resources/{resource.uid}/", {"rates": []}, format="json")
        assert response.status_code == 403 and response.json()["field"] == "rates"
        assert fingerprint(state) == before
        assert resource.rates.count() == 1
