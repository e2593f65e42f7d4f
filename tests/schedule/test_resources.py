"""Resources and their rate tables: created, changed and removed through the services with
the resource named in every refusal; imported from a file with the people they stand for; and
given back by the export, so an export imported again is the same schedule."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from programs.errors import DomainError, ErrorCode, PermissionRefused
from programs.models import AuditEvent
from schedule.engine.model import Assignment as EngineAssignment
from schedule.engine.model import CalendarSpec, Rate, ResourceType
from schedule.engine.model import Resource as EngineResource
from schedule.interchange.data import AssignmentRecord, ResourceRecord
from schedule.models import Assignment, Resource, ResourceRate, Schedule
from schedule.services import assignments as assignment_services
from schedule.services import baselines as baseline_services
from schedule.services import resources as services
from schedule.services.compute import calendar_json
from schedule.services.files import export_data
from schedule.services.schedules import schedule_import
from tests.conftest import World

from .factories import DAY, sample_schedule_data

PM = "provider.program_manager"
RATES = [
    {"effective": None, "standard": Decimal("95.50"), "overtime": Decimal("120")},
    {"effective": date(2027, 10, 1), "standard": Decimal("99.2500"), "per_use": Decimal("50")},
]


def create(world: World, schedule: Schedule, name: str = "Analyst", **values: Any) -> Resource:
    values.setdefault("owner_party", "provider")
    return services.resource_create(
        acting_user=world.user(PM), schedule=schedule, name=name, **values
    )


def test_a_resource_with_its_rates(world: World, schedule: Schedule) -> None:
    member = world.user("provider.pmo_team")
    analyst = create(world, schedule, member=member, initials="AN", rates=RATES)
    assert analyst.uid == 1 and analyst.member == member
    rates = {r.effective: r for r in ResourceRate.objects.filter(resource=analyst)}
    assert rates[None].standard == Decimal("95.50") and rates[None].overtime == 120
    assert rates[date(2027, 10, 1)].per_use == Decimal("50.00")
    event = AuditEvent.objects.filter(target_id=str(analyst.pk)).latest("pk")
    assert event.changes["rates from"] == [None, ["start", "2027-10-01"]]
    assert "95.50" not in str(event.changes)  # rates never reach the audit log
    second = create(world, schedule, "Engineer")
    assert second.uid == 2


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        ({"rates": [RATES[0], RATES[0]]}, "rates", "two rates from the start"),
        (
            {"rates": [{"effective": date(2027, 1, 1)}, {"effective": date(2027, 1, 1)}]},
            "rates",
            "two rates from 2027-01-01",
        ),
        ({"rates": [{"standard": Decimal("-1")}]}, "rates", "between 0"),
        ({"type": "material", "calendar": calendar_json(CalendarSpec())}, "calendar", "only work"),
        ({"calendar": calendar_json(CalendarSpec(week=((),) * 7))}, "calendar", "no working time"),
        ({"calendar": {"week": [[[600, 500]]] * 7}}, "calendar", "in order"),
        ({"max_units": -5}, "max_units", "between 0"),
        ({"material_label": "ream"}, "material_label", "only a material"),
        ({"member": "outsider"}, "member", "member of the program"),
        ({"name": " "}, "name", "Name the resource"),
    ],
)
def test_refusals_name_the_resource_and_change_nothing(
    world: World, schedule: Schedule, values: dict[str, object], field: str, message: str
) -> None:
    if values.get("member") == "outsider":
        values["member"] = world.user("outsider")
    name = str(values.pop("name", "Analyst"))
    before = AuditEvent.objects.count()
    with pytest.raises(DomainError, match=message) as refused:
        create(world, schedule, name, **values)
    assert refused.value.field == field
    assert not Resource.objects.exists() and AuditEvent.objects.count() == before


def test_update_replaces_the_rate_table_and_recomputes(world: World, schedule: Schedule) -> None:
    analyst = create(world, schedule, rates=RATES)
    revision = Schedule.objects.get(pk=schedule.pk).revision
    services.resource_update(
        acting_user=world.user(PM),
        resource=analyst,
        name="Senior analyst",
        rates=[{"effective": None, "standard": Decimal("110")}],
    )
    analyst.refresh_from_db()
    assert analyst.name == "Senior analyst"
    assert [r.standard for r in analyst.rates.all()] == [Decimal("110")]
    assert Schedule.objects.get(pk=schedule.pk).revision == revision + 1
    event = AuditEvent.objects.filter(target_id=str(analyst.pk)).latest("pk")
    assert event.changes["name"] == ["Analyst", "Senior analyst"]
    assert event.changes["rates from"] == [["start", "2027-10-01"], ["start"]]


def test_rates_are_changed_only_by_who_sees_them(world: World, schedule: Schedule) -> None:
    analyst = create(world, schedule, rates=RATES)
    with pytest.raises(PermissionRefused, match="rates of Analyst"):
        services.resource_update(
            acting_user=world.user("provider.pmo_team"), resource=analyst, rates=[]
        )
    assert analyst.rates.count() == 2
    # The team member still changes what they see.
    services.resource_update(
        acting_user=world.user("provider.pmo_team"), resource=analyst, group="Payroll"
    )


def test_a_resource_with_assignments_is_not_removed(world: World, schedule: Schedule) -> None:
    analyst = create(world, schedule)
    design = schedule.tasks.get(uid=3)
    assignment_services.assignment_create(acting_user=world.user(PM), task=design, resource=analyst)
    with pytest.raises(DomainError) as refused:
        services.resource_delete(acting_user=world.user(PM), resource=analyst)
    assert refused.value.code == ErrorCode.RESOURCE_ASSIGNED
    assert "“1.2 Design the target payroll configuration”" in refused.value.message
    with pytest.raises(DomainError, match="before changing its type"):
        services.resource_update(acting_user=world.user(PM), resource=analyst, type="cost")
    assignment_services.assignment_delete(
        acting_user=world.user(PM), assignment=analyst.assignments.get()
    )
    services.resource_delete(acting_user=world.user(PM), resource=analyst)
    assert not Resource.objects.exists()


def test_import_creates_resources_rates_and_assignments(world: World) -> None:
    customer_pm = world.user("customer.program_manager")
    customer_pm.email = "pm@agency.example.gov"
    customer_pm.save()
    data = replace(
        sample_schedule_data(),
        resources=(
            ResourceRecord(
                EngineResource(
                    uid=7,
                    name="Agency PM",
                    rates=(Rate(standard=Decimal("80")), Rate(date(2027, 6, 1), Decimal("85"))),
                    calendar=CalendarSpec(name="Four days", week=(((480, 960),),) * 4 + ((),) * 3),
                ),
                owner_party="customer",
                stands_for="PM@agency.example.gov",
            ),
            ResourceRecord(
                EngineResource(uid=8, name="Payroll SME", max_units=50),
                owner_party="provider",
                stands_for="Payroll subject-matter expert",
            ),
            ResourceRecord(EngineResource(uid=9, name="Licences", type=ResourceType.MATERIAL)),
        ),
        assignments=(
            AssignmentRecord(EngineAssignment(uid=1, task=2, resource=7, work=5 * DAY)),
            AssignmentRecord(EngineAssignment(uid=2, task=3, resource=8, units=50, work=5 * DAY)),
            AssignmentRecord(EngineAssignment(uid=3, task=3, resource=9, quantity=Decimal("3"))),
        ),
    )
    schedule, warnings = schedule_import(
        acting_user=world.user(PM), program=world.program, data=data, source_name="ims.xml"
    )
    assert warnings == []
    pm = schedule.resources.get(uid=7)
    assert pm.member == customer_pm and pm.role == "" and pm.owner_party == "customer"
    assert pm.calendar is not None and pm.calendar["name"] == "Four days"
    assert {r.effective: r.standard for r in pm.rates.all()} == {
        None: Decimal("80"),
        date(2027, 6, 1): Decimal("85"),
    }
    sme = schedule.resources.get(uid=8)
    assert sme.member is None and sme.role == "Payroll subject-matter expert"
    assert schedule.assignments.count() == 3
    design = schedule.tasks.get(uid=3)
    assert design.work == 5 * DAY
    assert schedule.assignments.get(uid=2).start == design.start

    # The export gives them back; imported again elsewhere it is the same schedule.
    exported = export_data(schedule)
    assert {r.resource.uid for r in exported.resources} == {7, 8, 9}
    assert exported.resources[0].stands_for == "pm@agency.example.gov"
    other, _ = schedule_import(
        acting_user=world.user("outsider"),
        program=world.other_program,
        data=exported,
        source_name="again.xml",
    )
    again = export_data(other)
    assert [r.resource for r in again.resources] == [r.resource for r in exported.resources]
    assert again.assignments == exported.assignments
    assert [r.task for r in again.records] == [r.task for r in exported.records]


def test_import_refuses_resources_out_of_range(world: World) -> None:
    data = replace(
        sample_schedule_data(),
        resources=(ResourceRecord(EngineResource(uid=1, name="X", max_units=10**7)),),
        assignments=(AssignmentRecord(EngineAssignment(uid=1, task=99, resource=2)),),
    )
    with pytest.raises(DomainError) as refused:
        schedule_import(
            acting_user=world.user(PM), program=world.program, data=data, source_name="bad.xml"
        )
    locations = [p["location"] for p in refused.value.extra["problems"]]
    assert "Resource UID 1, Max units" in locations and "Assignment UID 1" in locations
    assert not Schedule.objects.filter(program=world.program).exists()


def test_a_baseline_keeps_work_per_task(world: World, schedule: Schedule) -> None:
    analyst = create(world, schedule)
    assignment_services.assignment_create(
        acting_user=world.user(PM), task=schedule.tasks.get(uid=3), resource=analyst
    )
    baseline = baseline_services.baseline_create(
        acting_user=world.user(PM), schedule=schedule, name="With work"
    )
    row = baseline.tasks.get(uid=3)
    assert row.work == 10 * DAY and row.cost == Decimal("0.00")  # no rates: it costs nothing
    assert baseline.planned_values == {}


def test_task_money_and_types_are_checked(world: World, schedule: Schedule) -> None:
    from schedule.services import tasks as task_services

    design = schedule.tasks.get(uid=3)
    for values, message in (
        ({"fixed_cost": Decimal("-1")}, "between 0"),
        ({"ev_method": "weighted_milestones", "ev_weights": [50, 40]}, "sum to 100"),
        ({"task_type": "fixed_nothing"}, "Choose a task type"),
        ({"calendar": {"week": [[]] * 7}}, "no working time"),
    ):
        with pytest.raises(DomainError, match=message):
            task_services.task_update(acting_user=world.user(PM), task=design, **values)
    task_services.task_update(
        acting_user=world.user(PM),
        task=design,
        fixed_cost=Decimal("1200"),
        ev_method="weighted_milestones",
        ev_weights=[25, 75],
    )
    event = AuditEvent.objects.filter(target_id=str(design.pk)).latest("pk")
    assert event.changes["fixed_cost"] == ["(amount not shown)", "(amount not shown)"]


def test_assignments_go_with_a_replaced_schedule(world: World, schedule: Schedule) -> None:
    analyst = create(world, schedule)
    assignment_services.assignment_create(
        acting_user=world.user(PM), task=schedule.tasks.get(uid=3), resource=analyst
    )
    schedule_import(
        acting_user=world.user(PM),
        program=world.program,
        data=sample_schedule_data(),
        source_name="again.xml",
        replace=True,
    )
    assert not Assignment.objects.exists() and not Resource.objects.exists()
