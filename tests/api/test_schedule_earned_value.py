"""The earned value basis in the API: figures at a status date against the agreed baseline,
shown to whom the schedule's costs are shown, refused with reasons otherwise."""

from __future__ import annotations

from decimal import Decimal

import pytest

from programs.models import AuditEvent
from schedule.services.tasks import task_update
from tests.conftest import World
from tests.schedule.test_earned_value import PM, agree, loaded_schedule

from .conftest import Api


def test_earned_value_at_the_status_date_in_the_api(world: World, api: Api) -> None:
    schedule = loaded_schedule(world)
    agree(world, schedule)
    # Progress, each party on its own task.
    for uid, percent, who in ((2, 100, "customer.program_manager"), (3, 50, PM)):
        task = schedule.tasks.get(uid=uid)
        task_update(acting_user=world.user(who), task=task, percent_complete=percent)
    url = "/api/programs/alpha/schedule/earned-value/"
    answer = api("customer.program_manager").get(url, {"status_date": "2027-01-22"})
    assert answer.status_code == 200, answer.content
    body = answer.json()
    assert body["status_date"] == "2027-01-22"
    program = body["program"]
    assert program["bac"] == "38100.00"
    # Design is done (4,000) and the configuration half earned (6,025).
    assert program["ev"] == "10025.00"
    by_uid = {row["uid"]: row for row in body["tasks"]}
    assert by_uid[3]["ev"] == "6025.00" and by_uid[1]["summary"] is True
    # Planned by 22 January: design (4,000) and the first nine of ten configuration days
    # (the engineer's $50 per use on the first).
    assert program["pv"] == "14850.00"
    assert Decimal(program["spi"]) == (Decimal(program["ev"]) / Decimal(program["pv"])).quantize(
        Decimal("0.0001")
    )
    assert body["planned_value_curve"][-1]["cumulative"] == "38100.00"
    fiscal = api(PM).get(url, {"period": "fiscal_period", "status_date": "2027-01-15"})
    assert fiscal.status_code == 200
    assert fiscal.json()["planned_value_curve"][0]["period"] == "FY2027 P04"


@pytest.mark.parametrize(
    ("name", "status"),
    [
        ("customer.program_manager", 200),
        ("provider.pmo_lead", 200),
        ("provider.executive_sponsor", 200),
        ("independent.ivv_agent", 200),
        ("provider.pmo_team", 403),
        ("customer.viewer", 403),
        ("outsider", 404),
    ],
)
def test_earned_value_is_money_and_shown_to_whom_costs_are(
    world: World, api: Api, name: str, status: int
) -> None:
    agree(world, loaded_schedule(world))
    events = AuditEvent.objects.count()
    url = "/api/programs/alpha/schedule/earned-value/"
    answer = api(name).get(url, {"status_date": "2027-01-22"})
    assert answer.status_code == status
    if status == 403:
        assert "Earned value is money" in answer.json()["detail"]
        assert "bac" not in answer.content.decode()
    assert AuditEvent.objects.count() == events


def test_earned_value_needs_an_agreed_baseline_and_a_real_date(world: World, api: Api) -> None:
    schedule = loaded_schedule(world)
    url = "/api/programs/alpha/schedule/earned-value/"
    assert api(PM).get(url).status_code == 400
    assert "agreed baseline" in api(PM).get(url).json()["detail"]
    agree(world, schedule)
    undated = api(PM).get(url)
    assert undated.status_code == 400 and "needs a status date" in undated.json()["detail"]
    bad = api(PM).get(url, {"status_date": "2027-02-30"})
    assert bad.status_code == 400 and "status_date" in bad.content.decode()
    assert api(PM).get(url, {"period": "fortnight"}).status_code == 400


def test_a_change_preview_shows_the_cost_it_moves_to_whom_costs_are_shown(
    world: World, api: Api
) -> None:
    agree(world, loaded_schedule(world))
    changes = [{"op": "add_assignment", "task_uid": 7, "resource_uid": 1, "work_hours": 60}]
    url = "/api/programs/alpha/schedule/change-requests/preview/"
    manager = api(PM).post(url, {"changes": changes}, "json")
    assert manager.status_code == 200, manager.content
    assert manager.json()["cost_delta"] == "6000.00"
    assert manager.json()["cost_moved"][0]["uid"] == 7
    team = api("customer.pmo_team").post(url, {"changes": changes}, "json")
    assert team.status_code == 200, team.content
    assert team.json()["finish_delta_days"] == 0.0
    assert not {"cost_before", "cost_after", "cost_delta", "cost_moved"} & set(team.json())
