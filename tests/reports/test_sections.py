"""Each section of the snapshot read from its app's selectors with real data, and the line
an absent source leaves."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from pmp.selectors.earned_value import earned_value_report
from pmp.services import raid_workflow as workflow
from qasp.car_selectors import next_step
from qasp.choices import CarStatus
from qasp.models import CorrectiveActionRequest
from reports import rating
from reports.sections import Context, charter, cost, ivv, quality, read_sections, risk, schedule
from tests.conftest import World
from tests.ivv.conftest import file_finding
from tests.pmp.conftest import PROVIDER_EDITOR, record
from tests.pmp.earned_value_fixtures import JAN, acknowledged, cost_loaded, progress, today_is
from tests.qasp.conftest import record_month
from tests.qasp.evaluation_factories import make_car
from tests.qasp.factories import make_approved_qasp
from tests.schedule.test_earned_value import agree, loaded_schedule

MAY = (date(2026, 5, 1), date(2026, 5, 31))
T = rating.Thresholds()


def context(
    world: World, period: tuple[date, date] = MAY, today: date = date(2026, 6, 15)
) -> Context:
    return Context(
        world.program, period[0], period[1], today, world.user("customer.program_manager")
    )


def test_a_program_with_no_sources_has_each_section_absent_with_its_line(world: World) -> None:
    data = read_sections(context(world))
    assert data["charter"]["present"] and data["charter"]["code"] == "alpha"
    assert data["schedule"] == {
        "present": False,
        "absent": "The program has no schedule in the portal yet.",
    }
    assert data["cost"]["present"] is False
    assert "agreed IMS baseline" in data["cost"]["absent"]
    assert data["risk"]["absent"] == "The RAID log of the program has no items yet."
    assert data["quality"]["absent"] == "The program has no approved QASP."
    assert data["ivv"]["absent"] == "No IV&V findings are recorded for the program."
    assert data["staffing"]["absent"] == "The portal holds no staffing figures yet."
    for module in (schedule, cost, risk, quality, ivv):
        assert module.assess(data[module.KEY], T) is None


def test_the_charter_section_names_the_program_and_its_approved_charter(
    world: World, approved_charter: Any
) -> None:
    data = charter.read(context(world))
    assert data["name"] == "Program Alpha" and data["customer"] == "Customer agency alpha"
    assert data["charter_version"] == 1 and data["start"] == "2026-01-05"


def test_the_schedule_section_measures_against_the_agreed_baseline(world: World) -> None:
    agree(world, loaded_schedule(world))
    january = (date(2027, 1, 1), date(2027, 1, 31))
    data = schedule.read(context(world, january, today=date(2027, 2, 10)))
    assert data["baseline"]["number"] == 1
    assert data["baseline"]["variance_days"] == 0 and data["baseline"]["variance_percent"] == "0.0"
    names = [m["name"] for m in data["milestones"]]
    assert names == ["Design review", "Go-live readiness"]
    assert [m["name"] for m in data["due_in_period"]] == ["Design review"]
    assert data["slipped_in_period"] == [] and data["completed_in_period"] == []
    assert [m["name"] for m in data["due_next"]] == ["Go-live readiness"]
    area = schedule.assess(data, T)
    assert area is not None and area["status"] == "green"
    assert [i["label"] for i in area["indicators"]] == [
        "Schedule variance",
        "Milestones slipped in the period",
    ]


def test_a_schedule_without_an_agreed_baseline_is_not_rated(world: World) -> None:
    loaded_schedule(world)
    data = schedule.read(context(world))
    assert data["present"] and data["baseline"] is None
    area = schedule.assess(data, T)
    assert area is not None and area["status"] == "not_rated"


def test_the_schedule_area_turns_with_the_variance_bands_and_slipped_milestones() -> None:
    def data(percent: str, slipped: int) -> dict[str, Any]:
        return {
            "present": True,
            "baseline": {"variance_days": 12, "variance_percent": percent},
            "slipped_in_period": [{"name": "M"}] * slipped,
        }

    def status(percent: str, slipped: int = 0) -> str:
        area = schedule.assess(data(percent, slipped), T)
        assert area is not None
        return str(area["status"])

    assert status("9.9") == "green"
    assert status("10.0") == "yellow"
    assert status("-29.9") == "yellow"
    assert status("30.0") == "red"
    assert status("2.0", slipped=1) == "yellow"


def test_the_cost_section_carries_the_earned_value_and_the_funding(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    today_is(monkeypatch, date(2027, 2, 15))
    cost_loaded(world)
    acknowledged(world, JAN, {"1": "9000", "2": "2000"})
    progress(world, 2, 100)
    data = cost.read(context(world, (JAN, date(2027, 1, 31)), today=date(2027, 2, 15)))
    expected = earned_value_report(world.program, JAN).program
    ev = data["earned_value"]
    assert ev["month"] == "January 2027"
    assert Decimal(ev["ev"]) == expected.ev and Decimal(ev["ac"]) == expected.ac
    assert Decimal(ev["cv"]) == expected.cv and ev["cpi"] == str(expected.cpi)
    assert data["funding"]["present"] and Decimal(data["funding"]["expended"]) == Decimal(11000)
    area = cost.assess(data, T)
    assert area is not None and area["indicators"][0]["label"] == "Cost variance"
    cpi = area["indicators"][1]
    assert cpi["label"] == "Cost performance index (CPI)" and cpi["value"] == f"{expected.cpi:.2f}"
    assert ev["cpi_light"]["green"] == ["0.95", "1.05"]  # the program's default bands


@pytest.mark.parametrize(
    ("cpi", "colour", "why"),
    [
        ("1.01", "green", "inside the program's green band of 0.95 to 1.05"),
        (
            "0.94",
            "yellow",
            "outside the program's green band of 0.95 to 1.05, inside its yellow band of "
            "0.90 to 1.10",
        ),
        ("0.85", "red", "outside the program's yellow band of 0.90 to 1.10"),
    ],
)
def test_the_cpi_lights_cost_by_the_programs_own_bands(cpi: str, colour: str, why: str) -> None:
    data = {
        "present": True,
        "earned_value": {
            "present": True,
            "cv": "-60.00",
            "cv_percent": "-6.0",  # green by the variance bands alone
            "cpi_light": {
                "value": cpi,
                "colour": colour,
                "green": ["0.95", "1.05"],
                "yellow": ["0.90", "1.10"],
            },
        },
        "funding": {"present": False},
    }
    area = cost.assess(data, T)
    assert area is not None and area["status"] == colour
    assert area["indicators"][1]["why"] == why


def test_a_snapshot_without_the_cpi_light_is_assessed_on_the_variance() -> None:
    data = {
        "present": True,
        "earned_value": {"present": True, "cv": "-60.00", "cv_percent": "-6.0"},
        "funding": {"present": False},
    }
    area = cost.assess(data, T)
    assert area is not None and area["status"] == "green" and len(area["indicators"]) == 1


def test_spending_past_the_obligated_funds_turns_cost_red() -> None:
    data = {
        "present": True,
        "earned_value": {"present": False},
        "funding": {"present": True, "expended_of_obligated": "104.0"},
    }
    area = cost.assess(data, T)
    assert area is not None and area["status"] == "red"
    assert area["indicators"][0]["why"] == "spending has passed the obligated funds"


def test_the_risk_section_lists_what_is_marked_for_the_status_report(world: World) -> None:
    high = record(world, "risk", on_status_report=True, residual_probability=4, residual_impact=4)
    record(world, "risk", title="Unmarked", residual_probability=1, residual_impact=2)
    record(world, "issue", title="Unmarked critical", priority="critical")
    record(world, "issue", title="Marked low", priority="low", on_status_report=True)
    record(world, "issue", title="Marked critical", priority="critical", on_status_report=True)
    closed = record(world, "issue", title="Marked, resolved", on_status_report=True)
    workflow.issue_resolve(acting_user=world.user(PROVIDER_EDITOR), item=closed, resolution="Done.")
    record(world, "decision")  # proposed until decided
    data = risk.read(context(world))
    assert [r["ref"] for r in data["top_risks"]] == [high.reference]
    assert data["highest"]["score"] == 16
    assert len(data["open_risks"]) == 2
    assert [i["title"] for i in data["top_issues"]] == ["Marked critical", "Marked low"]
    assert [d["title"] for d in data["decisions_needed"]] == [
        "Convert three years of payroll history"
    ]
    area = risk.assess(data, T)
    assert area is not None and area["status"] == "red"
    assert area["indicators"][0]["value"] == f"{high.reference} scores 16"


def test_the_ivv_section_counts_open_critical_and_overdue_findings(world: World) -> None:
    file_finding(world, severity=1, title="No rollback plan", raised_on=date(2026, 6, 1))
    file_finding(world, severity=3, raised_on=date(2026, 6, 1))
    data = ivv.read(context(world))
    assert (data["open"], data["critical"], data["high"]) == (2, 1, 0)
    assert data["findings"][0]["title"] == "No rollback plan"
    area = ivv.assess(data, T)
    assert area is not None and area["status"] == "red"


def test_the_quality_section_judges_the_period_against_each_aql(world: World) -> None:
    make_approved_qasp(world.program)
    record_month(world, 5, value="98")  # PS-1: at least 99.5 %
    data = quality.read(context(world))
    results = {(r["code"], r["period"]): r for r in data["results"]}
    may = results[("PS-1", "May 2026")]
    assert may["result"] == "Not acceptable" and may["aql"] == "At least 99.5 %"
    assert may["observed"].startswith("98")
    assert ("PS-2", "Q3 FY2026 (April to June 2026)") in results or any(
        code == "PS-2" for code, _ in results
    )
    assert data["failed_standards"] == ["PS-1"]
    assert data["overdue_surveillance"] > 0
    area = quality.assess(data, T)
    assert area is not None and area["status"] == "yellow"
    assert area["indicators"][0]["why"].startswith("PS-1 not acceptable")


def test_the_quality_section_names_the_corrective_action_requests_overdue(world: World) -> None:
    make_approved_qasp(world.program)
    make_car(
        world.program,
        1,
        status=CarStatus.ISSUED,
        issued_on=date(2026, 5, 4),
        response_due=date(2026, 5, 18),
        answered_on=None,
        closed_on=None,
    )
    make_car(world.program, 2)  # closed: not overdue
    step = next_step(CorrectiveActionRequest.objects.get(program=world.program, number=1))
    assert step is not None
    data = quality.read(context(world))
    assert data["overdue_cars"] == [
        {"reference": "CAR-001", "standard": "PS-1", "owed": step.text},
    ]
    assert "May 18, 2026" in data["overdue_cars"][0]["owed"]
    area = quality.assess(data, T)
    assert area is not None
    indicator = next(i for i in area["indicators"] if "corrective" in i["label"])
    assert indicator["why"] == "CAR-001 (PS-1) overdue"
    assert area["status"] in ("yellow", "red")
