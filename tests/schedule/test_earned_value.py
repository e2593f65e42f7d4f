"""The cost-loaded schedule in the portal: costs stored with every computation and the agreed
baseline's time-phased planned value (the earned value API: tests/api)."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

from programs.models import AuditEvent
from programs.services.documents import version_sign
from schedule.engine.model import Assignment, Rate, Resource
from schedule.engine.timephase import Period
from schedule.interchange.data import AssignmentRecord, ResourceRecord
from schedule.models import Baseline, Schedule
from schedule.selectors.earned_value import planned_value_curve
from schedule.services import baselines as baseline_services
from schedule.services.baselines import stored_spread
from schedule.services.tasks import task_update
from tests.conftest import World

from .factories import make_schedule, sample_schedule_data

PM = "provider.program_manager"
HOUR = 60


def loaded_schedule(world: World) -> Schedule:
    """The sample IMS with an analyst ($100/h) and an engineer ($150/h, $50 per use) on four
    tasks (no status date: work is planned from the project start)."""
    data = sample_schedule_data()
    data = dataclasses.replace(
        data,
        resources=(
            ResourceRecord(Resource(1, "Analyst", rates=(Rate(None, Decimal(100)),)), "customer"),
            ResourceRecord(
                Resource(2, "Engineer", rates=(Rate(None, Decimal(150), per_use=Decimal(50)),)),
                "provider",
            ),
        ),
        assignments=(
            AssignmentRecord(Assignment(1, task=2, resource=1, units=100, work=40 * HOUR)),
            AssignmentRecord(Assignment(2, task=3, resource=2, units=100, work=80 * HOUR)),
            AssignmentRecord(Assignment(3, task=7, resource=2, units=100, work=120 * HOUR)),
            AssignmentRecord(Assignment(4, task=9, resource=1, units=50, work=40 * HOUR)),
        ),
    )
    return make_schedule(world.program, world.user(PM), data)


def agree(world: World, schedule: Schedule) -> Baseline:
    baseline = baseline_services.baseline_create(
        acting_user=world.user(PM), schedule=schedule, name="Performance measurement baseline"
    )
    version = baseline_services.baseline_propose(acting_user=world.user(PM), baseline=baseline)
    for sponsor in ("customer.executive_sponsor", "provider.executive_sponsor"):
        version_sign(acting_user=world.user(sponsor), version=version)
    baseline.refresh_from_db()
    return baseline


def test_costs_are_stored_with_the_dates_and_roll_up_the_wbs(world: World) -> None:
    schedule = loaded_schedule(world)
    tasks = {t.uid: t for t in schedule.tasks.all()}
    assert tasks[2].computed_cost == Decimal("4000.00")  # 40 h at $100
    assert tasks[3].computed_cost == Decimal("12050.00")  # 80 h at $150 and $50 per use
    assert tasks[1].computed_cost == tasks[2].computed_cost + tasks[3].computed_cost
    assert tasks[9].duration == 10 * 480  # 40 hours at 50 %: ten days, from its assignment
    build = schedule.assignments.get(uid=3)
    assert build.computed_cost == Decimal("18050.00")
    assert (build.start, build.finish) == (tasks[7].start, tasks[7].finish)


def test_the_agreed_baseline_freezes_its_time_phased_planned_value(world: World) -> None:
    schedule = loaded_schedule(world)
    baseline = agree(world, schedule)
    spread = stored_spread(baseline.planned_values)
    total = sum(cents for entries in spread.values() for _, cents in entries)
    assert total == 4000_00 + 12050_00 + 18050_00 + 4000_00
    rows = {row.uid: row for row in baseline.tasks.all()}
    assert rows[3].cost == Decimal("12050.00") and rows[3].work == 80 * HOUR
    curve = planned_value_curve(baseline, Period.MONTH)
    assert [label for label, _, _ in curve] == ["2027-01", "2027-02", "2027-03"]
    assert curve[-1][2] == Decimal("38100.00")
    assert sum(planned for _, planned, _ in curve) == curve[-1][2]
    # A later change to the schedule leaves the frozen budget as it was.
    task = schedule.tasks.get(uid=2)
    customer = world.user("customer.program_manager")  # the task is the customer's
    task_update(acting_user=customer, task=task, name="Confirm scope (revised)")
    baseline.refresh_from_db()
    assert stored_spread(baseline.planned_values) == spread


def test_an_approved_change_request_changes_assignments_and_their_cost(world: World) -> None:
    from schedule.services import change_requests as cr_services

    schedule = loaded_schedule(world)
    agree(world, schedule)
    request = cr_services.change_request_propose(
        acting_user=world.user(PM),
        schedule=schedule,
        title="A second engineer on configuration",
        description="The engineer works half time on the build; an analyst joins it.",
        justification="The interface count doubled in fit-gap.",
        changes=[
            {"op": "update_assignment", "uid": 3, "units": 50},
            {"op": "add_assignment", "task_uid": 7, "resource_uid": 1, "work_hours": 60},
        ],
    )
    assert request.impact["finish_delta_days"] == 15.0  # 120 hours at 50 %: 30 days, not 15
    # The analyst's 60 hours at $100, less half the engineer's $50 per use (charged by units).
    assert request.impact["cost_delta"] == "5975.00"
    for who in ("customer.program_manager", PM):
        cr_services.change_request_decide(
            acting_user=world.user(who), change_request=request, decision="approve"
        )
    build = schedule.assignments.get(uid=3)
    assert (build.units, build.work) == (50, 120 * HOUR)
    added = schedule.assignments.get(task__uid=7, resource__uid=1)
    assert added.work == 60 * HOUR and added.computed_cost == Decimal("6000.00")
    assert schedule.tasks.get(uid=7).duration == 30 * 480
    approval = AuditEvent.objects.filter(action="approve").latest("pk")
    assert approval.changes["assignments_added"] == [0, 1]
    assert approval.changes["assignments_updated"] == [0, 1]


def test_the_change_request_page_shows_cost_impact_only_to_whom_costs_are_shown(
    world: World,
) -> None:
    from django.urls import reverse

    from schedule.services import change_requests as cr_services

    schedule = loaded_schedule(world)
    agree(world, schedule)
    cr_services.change_request_propose(
        acting_user=world.user(PM),
        schedule=schedule,
        title="An analyst on configuration",
        description="Sixty hours of analysis on the build.",
        justification="Interfaces doubled.",
        changes=[{"op": "add_assignment", "task_uid": 7, "resource_uid": 1, "work_hours": 60}],
    )
    url = reverse("schedule:change-request", kwargs={"code": "alpha", "number": 1})
    manager = world.client("customer.program_manager").get(url).content.decode()
    assert "Cost impact" in manager and "+$6,000.00" in manager
    team = world.client("provider.pmo_team").get(url)
    assert team.status_code == 200
    assert "Cost impact" not in team.content.decode() and "$" not in team.content.decode()


def test_variance_covers_work_and_cost_for_whom_costs_are_shown(world: World) -> None:
    from django.urls import reverse

    from schedule.selectors.control import variance_of
    from schedule.services import change_requests as cr_services

    schedule = loaded_schedule(world)
    agree(world, schedule)
    request = cr_services.change_request_propose(
        acting_user=world.user(PM),
        schedule=schedule,
        title="An analyst on configuration",
        description="Sixty hours of analysis on the build.",
        justification="Interfaces doubled.",
        changes=[{"op": "add_assignment", "task_uid": 7, "resource_uid": 1, "work_hours": 60}],
    )
    for who in ("customer.program_manager", PM):
        cr_services.change_request_decide(
            acting_user=world.user(who), change_request=request, decision="approve"
        )
    variance = variance_of(schedule=schedule, show_costs=True)
    assert variance is not None
    build = next(row for row in variance.rows if row.uid == 7)
    assert (build.work_variance, build.cost_variance) == (60, Decimal("6000.00"))
    assert build.cost_variance_text == "+$6,000.00"
    url = reverse("schedule:variance", kwargs={"code": "alpha"})
    manager = world.client("customer.program_manager").get(url).content.decode()
    assert "Work variance (hours)" in manager and "+$6,000.00" in manager
    team = world.client("customer.pmo_team").get(url).content.decode()
    assert "Work variance (hours)" in team and "+60" in team
    assert "Cost variance" not in team and "$" not in team
