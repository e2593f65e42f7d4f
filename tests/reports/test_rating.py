"""The pure parts: variance bands, an area's and the report's status, the proposed rating
with its reasons, what changed since the last snapshot, and the reporting periods."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from reports import periods, rating
from reports.sections.changes import what_changed

T = rating.Thresholds()


@pytest.mark.parametrize(
    ("percent", "status", "watch"),
    [
        ("0", "green", False),
        ("4.9", "green", False),
        ("5", "green", True),
        ("-9.9", "green", True),
        ("10", "yellow", False),
        ("-29.9", "yellow", False),
        ("30", "red", False),
        ("-45", "red", False),
    ],
)
def test_variance_bands_follow_the_it_dashboard_convention(
    percent: str, status: str, watch: bool
) -> None:
    found = rating.variance_indicator("Cost variance", Decimal(percent), "x", T)
    assert found is not None and (found["status"], found["watch"]) == (status, watch)


def test_an_unknown_variance_sets_nothing() -> None:
    assert rating.variance_indicator("Cost variance", None, "x", T) is None


def test_the_bands_are_settings(settings: Any) -> None:
    settings.REPORTS_VARIANCE_BANDS = {"yellow": 5, "red": 15}
    found = rating.variance_indicator("x", Decimal(16), "x", rating.thresholds())
    assert found is not None and found["status"] == "red"


def area(title: str, *statuses: str, watch: bool = False) -> dict[str, Any]:
    return rating.area(
        title.lower(),
        title,
        [rating.indicator(f"{title} figure", "1", s, "the rule", watch=watch) for s in statuses],
    )


@pytest.mark.parametrize(
    ("areas", "value", "first_reason"),
    [
        (
            [area("Schedule", "red"), area("Cost", "red")],
            1,
            "2 areas are red (two or more red areas: 1).",
        ),
        (
            [area("Schedule", "red"), area("Cost", "yellow")],
            2,
            "Schedule is red (one red area: 2).",
        ),
        (
            [area("Schedule", "green"), area("Cost", "yellow")],
            3,
            "No area is red; Cost yellow (a yellow area: 3).",
        ),
        (
            [area("Schedule", "green", watch=True), area("Cost", "green")],
            4,
            "Every rated area is green, with indicators on watch (4).",
        ),
        (
            [area("Schedule", "green"), area("Cost")],
            5,
            "Every rated area is green with nothing on watch (5).",
        ),
        ([area("Schedule"), area("Cost")], None, "No area could be rated"),
    ],
)
def test_the_proposed_rating_and_its_reasons(
    areas: list[dict[str, Any]], value: int | None, first_reason: str
) -> None:
    proposed, reasons = rating.propose(areas)
    assert proposed == value
    assert reasons[0].startswith(first_reason)


def test_each_reason_names_the_indicator_and_its_rule() -> None:
    _, reasons = rating.propose([area("Schedule", "red", "green")])
    assert reasons[1] == "Schedule is red: Schedule figure 1 (the rule)."


def test_an_area_and_the_report_take_the_worst_status() -> None:
    assert area("Risk", "green", "yellow", "green")["status"] == "yellow"
    assert area("Risk")["status"] == "not_rated"
    summary = rating.overall([area("Risk", "yellow"), area("Cost", "red"), area("IV&V", "red")])
    assert summary == {"status": "red", "label": "Red", "set_by": ["Cost", "IV&V"]}


def snapshot(risks: list[str], finish: str, status: str, value: int) -> dict[str, Any]:
    return {
        "period": {"label": "April 2026"},
        "sections": {
            "risk": {"open_risks": [{"ref": r, "title": f"Risk {r}"} for r in risks]},
            "schedule": {
                "milestones": [{"uid": 4, "name": "Design review", "forecast_finish": finish}]
            },
        },
        "areas": [
            {"key": "risk", "title": "Risk", "status": status, "status_label": status.title()}
        ],
        "rating": {"value": value},
    }


def test_what_changed_since_the_last_report() -> None:
    before = {**snapshot(["R-1", "R-2"], "2026-05-10", "green", 4), "rating_given": 3}
    now = snapshot(["R-2", "R-3"], "2026-05-24", "yellow", 2)
    changed = what_changed(
        before, now["sections"], {"areas": now["areas"], "rating": now["rating"]}
    )
    assert changed == {
        "previous": "April 2026",
        "items": [
            "New risk R-3: Risk R-3.",
            "Risk R-1 is no longer open: Risk R-1.",
            "Milestone Design review moved later: 2026-05-10 to 2026-05-24.",
            "Risk went from Green to Yellow.",
            "The rating went from 3 to 2 (proposed).",
        ],
    }


def test_what_changed_says_how_a_risk_ended_and_which_change_requests_were_decided() -> None:
    before = snapshot(["R-1", "R-2", "R-3"], "2026-05-10", "green", 4)
    now = snapshot(["R-3"], "2026-05-10", "green", 4)
    sections = {
        **now["sections"],
        "risk": {
            **now["sections"]["risk"],
            "closed_in_period": [
                {"ref": "R-1", "title": "Risk R-1", "status": "closed"},
                {"ref": "R-2", "title": "Risk R-2", "status": "occurred"},
            ],
        },
        "schedule": {
            **now["sections"]["schedule"],
            "change_requests_decided": [
                {"number": 2, "title": "Longer build", "status": "Approved"},
            ],
        },
        "ivv": {
            "unresolved": [{"ref": "IVV-004", "title": "No rollback plan"}],
            "resolved_in_period": [
                {"ref": "IVV-001", "title": "Stale plan", "status": "closed"},
                {"ref": "IVV-002", "title": "No PIA", "status": "accepted_risk"},
            ],
        },
    }
    before["sections"]["ivv"] = {
        "unresolved": [
            {"ref": "IVV-001", "title": "Stale plan"},
            {"ref": "IVV-002", "title": "No PIA"},
        ]
    }
    changed = what_changed(before, sections, {"areas": now["areas"], "rating": now["rating"]})
    assert changed["items"] == [
        "Risk R-1 was closed: Risk R-1.",
        "Risk R-2 occurred and is now an issue: Risk R-2.",
        "Schedule change request CR-2 approved: Longer build.",
        "New IV&V finding IVV-004: No rollback plan.",
        "IV&V finding IVV-001 was closed: Stale plan.",
        "IV&V finding IVV-002 was resolved by accepting its risk: No PIA.",
    ]


def test_findings_are_compared_only_with_a_snapshot_that_lists_them_all() -> None:
    before = snapshot([], "2026-05-10", "green", 4)
    now = snapshot([], "2026-05-10", "green", 4)
    sections = {**now["sections"], "ivv": {"unresolved": [{"ref": "IVV-001", "title": "Old"}]}}
    changed = what_changed(before, sections, {"areas": now["areas"], "rating": now["rating"]})
    assert changed["items"] == []


def test_the_first_report_has_nothing_to_compare() -> None:
    assert what_changed(None, {}, {}) == {"previous": None, "items": []}


def test_periods_months_and_quarters() -> None:
    march = periods.period_of(date(2026, 3, 1), "monthly")
    assert (march.end, march.label) == (date(2026, 3, 31), "March 2026")
    assert periods.due_on(march, 5) == date(2026, 4, 7)  # 5th business day of April 2026
    assert periods.period_start(date(2026, 5, 20), "quarterly") == date(2026, 4, 1)
    q = periods.period_of(date(2026, 4, 1), "quarterly")
    assert (q.end, q.label) == (date(2026, 6, 30), "April to June 2026")
    recent = periods.recent_periods(
        first_day=date(2026, 1, 5), today=date(2026, 3, 2), length="monthly", limit=24
    )
    assert [p.label for p in recent] == ["March 2026", "February 2026", "January 2026"]
