"""No silent overwrite of a register item: two people edit the same RAID item, IV&V finding or
lesson at once, on its edit page or through the API; the second save is refused with the
first one's change shown, nothing of it written, and what the second person typed kept.
A step of the item's life cycle makes an open edit form stale too; a comment does not.

Each register is one row of ``REGISTERS``: adding a register is adding a row."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from ivv import services as ivv_services
from ivv.models import Finding
from lessons import services as lesson_services
from lessons.models import Lesson
from pmp.models import RaidItem
from pmp.services import raid as raid_services
from pmp.services import raid_workflow
from programs.choices import Party, Role
from programs.concurrency import Revisioned
from programs.errors import StaleEditError
from programs.models import AuditEvent
from tests.conftest import World
from tests.factories import make_member

IVV = "independent.ivv_agent"
SECOND_IVV = "independent.ivv_agent_2"
ORIGINAL = "Payroll history fails to reconcile"

FINDING: dict[str, Any] = {
    "title": ORIGINAL,
    "raised_on": date.today() - timedelta(days=3),
    "source": "artifact",
    "category": "data",
    "severity": 2,
    "integrity_level": 3,
    "description": "The conversion plan loads payroll history without reconciling totals.",
    "answering_party": "provider",
    "recommendation": "Add a reconciliation of control totals to each mock conversion.",
}
LESSON: dict[str, Any] = {
    "title": ORIGINAL,
    "what_happened": "Mock conversion 2 stopped: the environment ran out of storage.",
    "impact_kind": "negative",
    "impact": "Two weeks lost.",
    "root_cause": "Sized for a sample.",
    "recommendation": "Size every conversion environment for the full data volume.",
    "category": "technology",
    "phase": 3,
    "workstream": "technology",
    "owner_party": "provider",
    "source": "",
}


def _risk(world: World) -> RaidItem:
    return raid_services.item_create(
        acting_user=world.user("customer.pmo_team"),
        program=world.program,
        kind="risk",
        title=ORIGINAL,
        owner_party="shared",
        category="data",
        cause="Legacy payroll codes have no mapping.",
        effect="Go-live slips a pay period.",
        inherent_probability=4,
        inherent_impact=5,
    )


def _finding(world: World) -> Finding:
    return ivv_services.finding_create(
        acting_user=world.user(IVV), program=world.program, **FINDING
    )


def _lesson(world: World) -> Lesson:
    return lesson_services.lesson_create(
        acting_user=world.user("customer.pmo_team"), program=world.program, **LESSON
    )


def _whole(values: dict[str, Any]) -> Callable[[str], dict[str, Any]]:
    """The body of a PUT: every field, the title changed."""
    sent = {k: v.isoformat() if isinstance(v, date) else v for k, v in values.items()}
    return lambda title: sent | {"title": title}


@dataclass(frozen=True)
class Register:
    name: str
    make: Callable[[World], Revisioned]
    #: Two members who may both edit the item.
    users: tuple[str, str]
    edit_url: Callable[[Any], str]
    api_url: Callable[[Any], str]
    #: How the API changes the item: "patch" with the field alone, or "put" with every field.
    api_method: str
    api_body: Callable[[str], dict[str, Any]]
    #: The field both change (a text field on the form and in the API).
    field: str = "title"


REGISTERS = [
    Register(
        name="raid item",
        make=_risk,
        users=("customer.pmo_team", "provider.pmo_team"),
        edit_url=lambda i: reverse(
            "pmp:raid:item-edit", kwargs={"code": "alpha", "ref": i.reference}
        ),
        api_url=lambda i: f"/api/programs/alpha/pmp/raid/items/{i.reference}/",
        api_method="patch",
        api_body=lambda title: {"title": title},
    ),
    Register(
        name="ivv finding",
        make=_finding,
        users=(IVV, SECOND_IVV),
        edit_url=lambda f: reverse(
            "ivv:finding-edit", kwargs={"code": "alpha", "number": f.number}
        ),
        api_url=lambda f: f"/api/programs/alpha/ivv/findings/{f.number}/",
        api_method="put",
        api_body=_whole(FINDING),
    ),
    Register(
        name="lesson",
        make=_lesson,
        users=("customer.pmo_team", "provider.pmo_team"),
        edit_url=lambda x: reverse(
            "lessons:lesson-edit", kwargs={"code": "alpha", "number": x.number}
        ),
        api_url=lambda x: f"/api/programs/alpha/lessons/{x.number}/",
        api_method="put",
        api_body=_whole(LESSON),
    ),
]
BY_NAME = pytest.mark.parametrize("register", REGISTERS, ids=[r.name for r in REGISTERS])


def _people(world: World, register: Register) -> tuple[User, User]:
    """The register's two editors (a second IV&V agent joins alpha for the findings)."""
    if SECOND_IVV not in world.users:
        world.users[SECOND_IVV] = make_member(
            world.program, SECOND_IVV, Party.INDEPENDENT, Role.IVV_AGENT
        ).user
    first, second = (world.user(u) for u in register.users)
    return first, second


def stale_alert(response: Any) -> str:
    """The page's alert of what changed meanwhile."""
    page = response.content.decode()
    start = page.index('id="stale-edit"')
    return page[start : page.index("</div>\n</div>", start)]


def form_data(response: Any) -> dict[str, str]:
    """What the edit page's form posts as it was rendered: each field's value."""
    data: dict[str, str] = {}
    for bound in response.context["form"]:
        value = bound.value()
        if isinstance(value, bool):
            if value:
                data[bound.html_name] = "on"
            continue
        if isinstance(value, dt.date):
            value = value.isoformat()
        data[bound.html_name] = "" if value is None else str(value)
    return data


def _title(item: Revisioned) -> str:
    item.refresh_from_db()
    return str(getattr(item, "title"))  # noqa: B009 (every register item here has one)


def _api(user: User) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def _write(register: Register, client: APIClient, item: Any, title: str, tag: str = "") -> Any:
    """The register's API change of the item's title, from the ETag ``tag`` if given."""
    send = getattr(client, register.api_method)
    headers = {"If-Match": tag} if tag else {}
    return send(register.api_url(item), register.api_body(title), format="json", headers=headers)


@BY_NAME
def test_two_people_edit_the_same_item_on_its_page(world: World, register: Register) -> None:
    first, second = _people(world, register)
    item = register.make(world)
    a, b = Client(), Client()
    a.force_login(first)
    b.force_login(second)
    url = register.edit_url(item)
    opened_a, opened_b = a.get(url), b.get(url)
    assert opened_a.status_code == opened_b.status_code == 200
    data_a, data_b = form_data(opened_a), form_data(opened_b)
    assert data_a["revision"] == data_b["revision"] == str(item.revision)

    saved = a.post(url, data_a | {register.field: "Payroll codes mapped by hand"})
    assert saved.status_code == 302
    refused = b.post(url, data_b | {register.field: "Payroll history reconciled weekly"})

    assert refused.status_code == 409
    alert = stale_alert(refused)
    assert "Someone else saved this meanwhile" in refused.content.decode()
    assert first.username in alert
    assert f"“{ORIGINAL}” became “Payroll codes mapped by hand”" in alert
    assert _title(item) == "Payroll codes mapped by hand"  # nothing of the second save
    # What the second person typed is still in the form, now based on the current revision.
    rebased = form_data(refused)
    assert rebased[register.field] == "Payroll history reconciled weekly"
    assert rebased["revision"] == str(item.revision)
    again = b.post(url, rebased)
    assert again.status_code == 302
    assert _title(item) == "Payroll history reconciled weekly"


@BY_NAME
def test_two_clients_change_the_same_item_through_the_api(world: World, register: Register) -> None:
    first, second = _people(world, register)
    item = register.make(world)
    a, b = _api(first), _api(second)
    tag_a = a.get(register.api_url(item))["ETag"]
    tag_b = b.get(register.api_url(item))["ETag"]
    assert tag_a == tag_b

    saved = _write(register, a, item, "Payroll codes mapped by hand", tag=tag_a)
    assert saved.status_code == 200, saved.content
    assert saved["ETag"] != tag_a and saved.json()["revision"] == item.revision + 1
    events = AuditEvent.objects.count()
    refused = _write(register, b, item, "Payroll history reconciled weekly", tag=tag_b)

    assert refused.status_code == 412, refused.content
    body = refused.json()
    assert body["field"] == "revision"
    [change] = body["changed_meanwhile"]
    assert change["by"] == first.username
    assert {
        "name": "title",
        "before": ORIGINAL,
        "after": "Payroll codes mapped by hand",
    }.items() <= (next(c for c in change["changes"] if c["name"] == "title").items())
    assert _title(item) == "Payroll codes mapped by hand"
    assert AuditEvent.objects.count() == events
    # Read again, then the change goes through.
    fresh = b.get(register.api_url(item))["ETag"]
    assert fresh == saved["ETag"]
    again = _write(register, b, item, "Payroll history reconciled weekly", tag=fresh)
    assert again.status_code == 200
    assert _title(item) == "Payroll history reconciled weekly"


@BY_NAME
def test_a_write_without_if_match_follows_the_setting(
    world: World, register: Register, settings: Any
) -> None:
    first, _ = _people(world, register)
    item = register.make(world)
    api = _api(first)
    assert _write(register, api, item, "Written by a script").status_code == 200
    assert _title(item) == "Written by a script"

    settings.PMO_API_WRITES_WITHOUT_IF_MATCH = False
    revision, events = item.revision, AuditEvent.objects.count()
    refused = _write(register, api, item, "Written without reading")
    assert refused.status_code == 428
    assert (_title(item), item.revision) == ("Written by a script", revision)
    assert AuditEvent.objects.count() == events


def _review(world: World, item: Any) -> None:
    raid_workflow.risk_review(acting_user=world.user("provider.pmo_team"), item=item, note="Kept")


def _validate(world: World, item: Any) -> None:
    lesson_services.lesson_validate(acting_user=world.user("provider.pmo_lead"), lesson=item)


def _comment_raid(world: World, item: Any) -> None:
    raid_services.comment_add(acting_user=world.user("provider.pmo_team"), item=item, text="Seen.")


def _comment_lesson(world: World, item: Any) -> None:
    lesson_services.lesson_comment_add(
        acting_user=world.user("provider.pmo_team"), lesson=item, text="Seen."
    )


# (register, a step that keeps the item editable, what the history calls it, a comment)
STEPS = [
    pytest.param(REGISTERS[0], _review, "review", _comment_raid, id="raid item review"),
    pytest.param(REGISTERS[2], _validate, "validate", _comment_lesson, id="lesson validation"),
]


@pytest.mark.parametrize(("register", "step", "action", "comment"), STEPS)
def test_a_step_makes_an_open_edit_form_stale_and_a_comment_does_not(
    world: World, register: Register, step: Any, action: str, comment: Any
) -> None:
    first, _ = _people(world, register)
    item = register.make(world)
    client = Client()
    client.force_login(first)
    url = register.edit_url(item)
    data = form_data(client.get(url))

    comment(world, item)
    item.refresh_from_db()
    assert str(item.revision) == data["revision"]  # a comment leaves the item as it was

    step(world, item)
    item.refresh_from_db()
    assert item.revision == int(data["revision"]) + 1
    event = AuditEvent.objects.filter(action="transition").latest("pk")
    assert event.changes["transition"] == [None, action]
    assert event.changes["revision"] == [item.revision - 1, item.revision]

    refused = client.post(url, data | {register.field: "Edited after the step"})
    assert refused.status_code == 409
    assert action in stale_alert(refused).lower()
    assert _title(item) == ORIGINAL


def test_a_stale_save_through_the_service_names_the_first_change(world: World) -> None:
    item = _risk(world)
    opened = item.revision
    raid_services.item_update(
        acting_user=world.user("provider.pmo_team"), item=item, revision=opened, title="First"
    )
    with pytest.raises(StaleEditError) as refused:
        raid_services.item_update(
            acting_user=world.user("customer.pmo_team"), item=item, revision=opened, title="Late"
        )
    assert refused.value.extra["current_revision"] == opened + 1
    assert item.reference in refused.value.message
    assert _title(item) == "First"
