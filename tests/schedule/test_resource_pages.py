"""The resource pages: the resource sheet with its rate table, a task's assignments edited in
place, the task table's resource and money columns, and the resource usage view; per role
of each party and an outsider, with money shown only as the policy says."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse

from programs.models import AuditEvent
from schedule.models import Assignment, Resource, ResourceRate, Schedule
from schedule.services import assignments as assignment_services
from schedule.services import resources as resource_services
from tests.conftest import World

PM = "provider.program_manager"
HTMX = {"HX-Request": "true"}


def url(name: str, code: str = "alpha", **kwargs: Any) -> str:
    return reverse(f"schedule:{name}", kwargs={"code": code, **kwargs})


@pytest.fixture
def loaded(world: World, schedule: Schedule) -> Schedule:
    """Two provider analysts on the design task (uid 3) and the build (uid 7), one of them
    over-allocated while both run; a shared licence (material)."""
    pm = world.user(PM)
    analyst = resource_services.resource_create(
        acting_user=pm,
        schedule=schedule,
        name="Analyst",
        owner_party="provider",
        rates=[{"effective": None, "standard": Decimal("95.5"), "per_use": Decimal("12")}],
    )
    engineer = resource_services.resource_create(
        acting_user=pm,
        schedule=schedule,
        name="Engineer",
        owner_party="provider",
        rates=[{"effective": None, "standard": Decimal("140")}],
    )
    resource_services.resource_create(
        acting_user=pm, schedule=schedule, name="Licences", type="material", owner_party="shared"
    )
    design = schedule.tasks.get(uid=3)
    build = schedule.tasks.get(uid=7)
    assignment_services.assignment_create(acting_user=pm, task=design, resource=analyst, units=50)
    assignment_services.assignment_create(acting_user=pm, task=build, resource=engineer)
    assignment_services.assignment_create(acting_user=pm, task=build, resource=analyst)
    test_data = schedule.tasks.get(uid=8)
    assignment_services.assignment_create(
        acting_user=world.user("customer.program_manager"), task=test_data, resource=analyst
    )
    schedule.refresh_from_db()
    return schedule


MEMBERS = [
    "customer.program_manager",
    "provider.program_manager",
    "customer.pmo_lead",
    "provider.pmo_lead",
    "customer.pmo_team",
    "provider.pmo_team",
    "customer.viewer",
    "provider.viewer",
    "independent.ivv_agent",
]
#: Who sees the provider's rates (its managers) and who sees costs, as the policy says by
#: default.
PROVIDER_RATES = {"provider.program_manager", "provider.pmo_lead"}
COSTS = {
    "customer.program_manager",
    "provider.program_manager",
    "customer.pmo_lead",
    "provider.pmo_lead",
    "independent.ivv_agent",
}
EDITORS = {
    "customer.program_manager",
    "provider.program_manager",
    "customer.pmo_lead",
    "provider.pmo_lead",
    "customer.pmo_team",
    "provider.pmo_team",
}


def state(schedule: Schedule) -> tuple[Any, ...]:
    """What a refused request must leave as it was."""
    schedule.refresh_from_db()
    return (
        schedule.revision,
        tuple(schedule.tasks.order_by("uid").values_list("uid", "duration", "finish", "work")),
        tuple(Resource.objects.order_by("pk").values_list("pk", "name", "max_units")),
        tuple(ResourceRate.objects.order_by("pk").values_list("pk", "effective", "standard")),
        tuple(Assignment.objects.order_by("pk").values_list("pk", "units", "work")),
        AuditEvent.objects.count(),
    )


@pytest.mark.parametrize("user", MEMBERS)
def test_pages_per_role(world: World, loaded: Schedule, user: str) -> None:
    client = world.client(user)
    pages = {
        "resources": client.get(url("resources")),
        "usage": client.get(url("resource-usage")),
        "task": client.get(url("task", uid=7)),
        "tasks": client.get(url("tasks")),
        "cost table": client.get(url("tasks") + "?table=cost"),
        "gantt": client.get(url("gantt") + "?resources=1"),
    }
    assert {name: r.status_code for name, r in pages.items()} == dict.fromkeys(pages, 200)
    sheet = pages["resources"].content.decode()
    assert "Analyst" in sheet and "Licences" in sheet
    # Rates: the provider's only to its managers; the columns left out for who sees none.
    assert ("$95.50" in sheet) == (user in PROVIDER_RATES)
    assert ("$12.00" in sheet) == (user in PROVIDER_RATES)
    if user not in COSTS:
        assert "Standard rate" not in sheet and "Cost per use" not in sheet
    # Costs: not to team members and viewers.
    task_page = pages["task"].content.decode()
    table = pages["tasks"].content.decode()
    for html in (sheet, task_page):
        assert (">Cost</th>" in html) == (user in COSTS), user
    # The task list's Entry table has no money; its Cost table (offered to whom costs are
    # shown, and empty of money for anyone else who asks for it by its address) adds it.
    cost_table = pages["cost table"].content.decode()
    assert "Actual cost</th>" not in table
    assert ("Actual cost</th>" in cost_table) == (user in COSTS)
    assert ('aria-label="Table"' in table) == (user in COSTS)
    assert ("$" in task_page.split('id="assignments"')[1].split("</section>")[0]) == (user in COSTS)
    # The resources column, and names beside the Gantt's bars, for everyone.
    assert "Analyst [50%]" in table and "Analyst, Engineer" in table
    assert "Resources: </span>Analyst, Engineer" in pages["gantt"].content.decode()
    # Editing controls only for who may use them.
    assert ("Add a resource" in sheet) == (user in EDITORS)
    assert ("Assign a resource to task 7" in task_page) == (
        user in EDITORS
        and not user.startswith("customer.pmo_team")
        and user != "customer.pmo_lead"
        and user != "customer.program_manager"
    )
    assert "Fixed units: changing work or units changes the duration" in task_page


def test_an_outsider_finds_nothing(world: World, loaded: Schedule) -> None:
    client = world.client("outsider")
    analyst = loaded.resources.get(name="Analyst")
    assignment = Assignment.objects.filter(task__uid=7).first()
    assert assignment is not None
    before = state(loaded)
    for path in (
        url("resources"),
        url("resource-new"),
        url("resource-usage"),
        url("resource-edit", uid=analyst.uid),
        url("resource-delete", uid=analyst.uid),
        url("assignment-edit", uid=assignment.uid),
        url("assignment-delete", uid=assignment.uid),
    ):
        assert client.get(path).status_code == 404, path
        assert client.post(path, {"name": "x", "units": "10"}).status_code == 404, path
    assert client.post(url("assignment-new", uid=7), {"assign-resource": "1"}).status_code == 404
    assert state(loaded) == before


@pytest.mark.parametrize("user", ["customer.viewer", "independent.ivv_agent", "customer.pmo_team"])
def test_who_may_not_change_gets_a_404_and_nothing_changes(
    world: World, loaded: Schedule, user: str
) -> None:
    """Viewers and the IV&V agent change no resource; the customer's team member no
    provider resource and no provider task's assignment."""
    client = world.client(user)
    analyst = loaded.resources.get(name="Analyst")
    assignment = Assignment.objects.get(task__uid=7, resource=analyst)
    before = state(loaded)
    assert client.post(url("resource-edit", uid=analyst.uid), {"name": "X"}).status_code == 404
    assert client.post(url("resource-delete", uid=analyst.uid)).status_code == 404
    edit = {f"assignment-{assignment.uid}-{k}": v for k, v in {"units": "10"}.items()}
    assert client.post(url("assignment-edit", uid=assignment.uid), edit).status_code == 404
    assert client.post(url("assignment-delete", uid=assignment.uid)).status_code == 404
    assert client.post(url("assignment-new", uid=7), {"assign-resource": "1"}).status_code == 404
    if user != "customer.pmo_team":
        assert client.get(url("resource-new")).status_code == 404
    assert state(loaded) == before


def resource_post(**changes: Any) -> dict[str, str]:
    data = {
        "name": "Tester",
        "type": "work",
        "owner_party": "provider",
        "member": "",
        "role": "Test analyst",
        "initials": "TA",
        "group": "",
        "max_units": "100",
        "material_label": "",
        "rates-TOTAL_FORMS": "2",
        "rates-INITIAL_FORMS": "0",
        "rates-MIN_NUM_FORMS": "0",
        "rates-MAX_NUM_FORMS": "25",
        "rates-0-effective": "",
        "rates-0-standard": "80",
        "rates-0-overtime": "100",
        "rates-0-per_use": "",
        "rates-1-effective": "2027-10-01",
        "rates-1-standard": "85.25",
        "rates-1-overtime": "",
        "rates-1-per_use": "",
    }
    data.update(changes)
    return data


def test_a_resource_added_with_its_rates_and_changed(world: World, loaded: Schedule) -> None:
    client = world.client(PM)
    response = client.post(url("resource-new"), resource_post())
    assert response.status_code == 302
    tester = loaded.resources.get(name="Tester")
    assert tester.role == "Test analyst" and tester.owner_party == "provider"
    rates = list(tester.rates.order_by("effective").values_list("effective", "standard"))
    assert sorted(rates, key=lambda r: r[0] or date.min) == [
        (None, Decimal("80")),
        (date(2027, 10, 1), Decimal("85.25")),
    ]
    page = client.get(url("resource-edit", uid=tester.uid)).content.decode()
    assert 'value="2027-10-01"' in page and 'value="85.25"' in page
    data = resource_post(
        name="Senior tester",
        max_units="50",
        **{
            "rates-TOTAL_FORMS": "4",
            "rates-INITIAL_FORMS": "2",
            "rates-1-DELETE": "on",
            "rates-2-effective": "",
            "rates-2-standard": "",
            "rates-3-effective": "",
            "rates-3-standard": "",
        },
    )
    assert client.post(url("resource-edit", uid=tester.uid), data).status_code == 302
    tester.refresh_from_db()
    assert tester.name == "Senior tester" and tester.max_units == 50
    assert list(tester.rates.values_list("effective", flat=True)) == [None]
    sheet = client.get(url("resources")).content.decode()
    assert "Senior tester" in sheet and "$80" in sheet


def test_overlapping_rate_dates_are_refused_on_the_row(world: World, loaded: Schedule) -> None:
    client = world.client(PM)
    before = state(loaded)
    response = client.post(url("resource-new"), resource_post(**{"rates-1-effective": ""}))
    assert response.status_code == 400
    html = response.content.decode()
    assert "Rate row 2 starts on the start (no date), as row 1 does" in html
    assert "In effect from" in html
    assert state(loaded) == before


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"name": ""}, "id_name", "This field is required."),
        ({"max_units": "-5"}, "id_max_units", "maximum units are between 0"),
        ({"rates-0-standard": "-3"}, "id_rates-0-standard", "The standard rate of"),
        ({"rates-0-standard": "lots"}, "id_rates-0-standard", "Enter a number."),
    ],
)
def test_bad_resource_input_is_named_and_changes_nothing(
    world: World, loaded: Schedule, changes: dict[str, str], field: str, message: str
) -> None:
    client = world.client(PM)
    before = state(loaded)
    response = client.post(url("resource-new"), resource_post(**changes))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert state(loaded) == before


def test_a_resource_still_assigned_is_not_removed(world: World, loaded: Schedule) -> None:
    client = world.client(PM)
    analyst = loaded.resources.get(name="Analyst")
    before = state(loaded)
    response = client.post(url("resource-delete", uid=analyst.uid))
    assert response.status_code == 400
    assert "remove those assignments before removing the resource" in response.content.decode()
    assert state(loaded) == before
    licences = loaded.resources.get(name="Licences")
    assert client.post(url("resource-delete", uid=licences.uid)).status_code == 302
    assert not loaded.resources.filter(name="Licences").exists()


def edit_data(assignment: Assignment, **changes: str) -> dict[str, str]:
    values = {
        "units": str(assignment.units),
        "work_hours": f"{assignment.work / 60:g}",
        "actual_hours": f"{assignment.actual_work / 60:g}",
        "remaining_hours": "",
    }
    values.update(changes)
    return {f"assignment-{assignment.uid}-{k}": v for k, v in values.items()}


def test_changing_units_moves_the_finish(world: World, loaded: Schedule) -> None:
    """Task 3 is fixed units: the analyst at 100% instead of 50% halves its duration, and
    the answer carries the task's facts with its new finish."""
    client = world.client(PM)
    design = loaded.tasks.get(uid=3)
    assignment = Assignment.objects.get(task=design)
    finish = design.finish
    response = client.get(url("assignment-edit", uid=assignment.uid), headers=HTMX)
    assert response.status_code == 200
    assert f'id="id_assignment-{assignment.uid}-units"' in response.content.decode()
    response = client.post(
        url("assignment-edit", uid=assignment.uid), edit_data(assignment, units="100"), headers=HTMX
    )
    assert response.status_code == 200
    html = response.content.decode()
    design.refresh_from_db()
    assert design.finish is not None and finish is not None
    assert design.duration == 5 * 480 and design.finish < finish
    assert 'id="task-facts" hx-swap-oob="outerHTML"' in html
    assert "Task 3 now finishes" in html
    assignment.refresh_from_db()
    assert assignment.units == 100 and assignment.work == 40 * 60


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"units": "-50"}, "cannot be negative"),
        ({"work_hours": "-8"}, "cannot be negative"),
        ({"units": "many"}, "Enter a whole number."),
    ],
)
def test_bad_assignment_input_is_named_and_changes_nothing(
    world: World, loaded: Schedule, changes: dict[str, str], message: str
) -> None:
    client = world.client(PM)
    assignment = Assignment.objects.get(task__uid=3)
    before = state(loaded)
    for headers in (HTMX, {}):
        response = client.post(
            url("assignment-edit", uid=assignment.uid),
            edit_data(assignment, **changes),
            headers=headers,
        )
        assert response.status_code == (200 if headers else 400)
        html = response.content.decode()
        assert message in html and "usa-error-message" in html
    assert state(loaded) == before


def test_assign_and_remove(world: World, loaded: Schedule) -> None:
    client = world.client(PM)
    engineer = loaded.resources.get(name="Engineer")
    response = client.post(
        url("assignment-new", uid=3),
        {"assign-resource": str(engineer.uid), "assign-units": "100", "assign-work_hours": ""},
        headers=HTMX,
    )
    assert response.status_code == 200
    assert "Engineer assigned to task 3" in response.content.decode()
    added = Assignment.objects.get(task__uid=3, resource=engineer)
    assert added.work == 80 * 60  # the task's ten days at 100%
    before = state(loaded)
    again = client.post(
        url("assignment-new", uid=3), {"assign-resource": str(engineer.uid)}, headers=HTMX
    )
    assert "already assigned" in again.content.decode()
    assert state(loaded) == before
    assert client.post(url("assignment-delete", uid=added.uid)).status_code == 302
    assert not Assignment.objects.filter(pk=added.pk).exists()


def test_usage_marks_over_allocations_in_words(world: World, loaded: Schedule) -> None:
    client = world.client("customer.viewer")
    html = client.get(url("resource-usage")).content.decode()
    assert "Over-allocated: 200% of 100%" in html
    assert "Task 8: Prepare test data" in html and "Task 7: Configure the payroll system" in html
    monthly = client.get(url("resource-usage") + "?period=month").content.decode()
    # A month averages the fortnight's peak out: February holds the analyst's work, not over.
    assert "2027-02" in monthly and "Over-allocated:" not in monthly
    assert client.get(url("resource-usage") + "?period=nonsense&from=x&page=y").status_code == 200
