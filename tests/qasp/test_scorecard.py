"""The scorecard's selector: each standard's verdict by month in words (a quarter's cell over
its months, a month's events counted), per-standard totals, the trend against the AQL, and
the open corrective action requests by age."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest

from qasp import car_ageing, scorecard
from qasp.choices import CarStatus
from qasp.models import CorrectiveActionRequest, SurveillanceRecord
from qasp.scorecard import NOT_YET_RECORDED
from qasp.selectors import ACCEPTABLE, NOT_ACCEPTABLE, OVERDUE
from qasp.services.surveillance import record_create
from tests.conftest import World

from .conftest import TODAY, evaluator, record_month
from .factories import AVAILABILITY, PAYROLL_ERRORS, make_approved_qasp

INCIDENTS = {
    **AVAILABILITY,
    "code": "PS-3",
    "standard": "Security incidents reported within one hour",
    "metric": "Time to report",
    "unit": "minutes",
    "direction": "at_most",
    "aql": "60",
    "method": "records_review",
    "frequency": "per_event",
}


@pytest.fixture
def plan(world: World) -> Any:
    return make_approved_qasp(world.program, rows=[AVAILABILITY, PAYROLL_ERRORS, INCIDENTS])


def record(world: World, code: str, period: date, **values: Any) -> SurveillanceRecord:
    return record_create(
        acting_user=world.user("customer.program_manager"),
        program=world.program,
        standard_code=code,
        period=period,
        evaluator=evaluator(world),
        recorded_on=date(2026, 6, 10),
        **values,
    )


def _statuses(row: scorecard.ScoreRow, months: list[date]) -> list[str]:
    return [row.by_month[m].status for m in months]


def test_every_month_of_every_standard_reads_a_status_in_words(world: World, plan: Any) -> None:
    record_month(world, 1, "98")
    record_month(world, 2, "99.9")
    record(world, "PS-2", date(2026, 1, 1), population=5000, sample_size=200, defects=0)
    record(world, "PS-3", date(2026, 2, 3), measured_value=Decimal("45"))
    record(world, "PS-3", date(2026, 2, 20), measured_value=Decimal("90"))
    record(world, "PS-3", date(2026, 3, 9), measured_value=Decimal("30"))

    card = scorecard.scorecard(world.program)

    assert card.months == [date(2026, m, 1) for m in range(1, 7)]
    ps1, ps2, ps3 = card.rows
    assert _statuses(ps1, card.months) == [
        NOT_ACCEPTABLE,
        ACCEPTABLE,
        OVERDUE,
        OVERDUE,
        OVERDUE,  # May ended more than ten business days before June 15
        NOT_YET_RECORDED,  # June runs
    ]
    # A quarter's months share its cell.
    assert _statuses(ps2, card.months) == [ACCEPTABLE] * 3 + [NOT_YET_RECORDED] * 3
    assert ps2.by_month[date(2026, 2, 1)] is ps2.by_month[date(2026, 1, 1)]
    assert ps2.by_month[date(2026, 1, 1)].label == "Q2 FY2026 (January to March 2026)"
    # Events: February had two, one over the AQL.
    feb = ps3.by_month[date(2026, 2, 1)]
    assert (feb.status, len(feb.records), feb.met) == (NOT_ACCEPTABLE, 2, 1)
    assert ps3.by_month[date(2026, 3, 1)].status == ACCEPTABLE
    assert ps3.by_month[date(2026, 1, 1)].status == scorecard.NO_EVENT
    assert [c.symbol for c in ps1.cells(card.months)[:3]] == ["✗", "✓", "!"]
    assert [c.detail for c in ps1.cells(card.months)[:2]] == ["98 %", "99.9 %"]
    assert feb.detail == "2 events, 1 met"


def test_totals_count_periods_or_events_met_of_those_surveilled(world: World, plan: Any) -> None:
    record_month(world, 1, "98")
    record_month(world, 2, "99.9")
    record_month(world, 3, "99.6")
    record(world, "PS-2", date(2026, 1, 1), population=5000, sample_size=200, defects=5)
    record(world, "PS-3", date(2026, 2, 3), measured_value=Decimal("45"))
    record(world, "PS-3", date(2026, 2, 20), measured_value=Decimal("90"))

    ps1, ps2, ps3 = scorecard.scorecard(world.program).rows

    assert (ps1.met, ps1.surveilled) == (2, 3)
    assert (ps2.met, ps2.surveilled) == (0, 1)
    assert (ps3.met, ps3.surveilled) == (1, 2)


def test_shown_months_merge_a_quarter_into_one_cell_spanning_them(world: World, plan: Any) -> None:
    card = scorecard.scorecard(world.program)
    quarterly = card.rows[1]
    cells = quarterly.cells(card.months)
    assert [c.span for c in cells] == [3, 3]
    # A window starting inside a quarter shows that quarter over the months it has left.
    shown, index = scorecard.window(card.months, date(2026, 2, 1), size=3)
    assert (shown, index) == ([date(2026, 2, 1), date(2026, 3, 1), date(2026, 4, 1)], 1)
    assert [c.span for c in quarterly.cells(shown)] == [2, 1]


def test_the_window_defaults_to_the_last_months_and_stays_inside() -> None:
    months = [date(2026, m, 1) for m in range(1, 13)]
    assert scorecard.window(months, None, size=4) == (months[8:], 8)
    assert scorecard.window(months, date(2026, 11, 1), size=4) == (months[8:], 8)
    assert scorecard.window(months, date(2026, 1, 1), size=4) == (months[:4], 0)
    assert scorecard.window(months, date(2030, 1, 1), size=4) == (months[8:], 8)
    assert scorecard.window([], None) == ([], 0)


def test_no_approved_qasp_no_scorecard(world: World) -> None:
    card = scorecard.scorecard(world.program)
    assert (card.approved, card.rows, card.months) == (False, [], [])


def test_the_scorecard_asks_three_queries(
    world: World, plan: Any, django_assert_num_queries: Any
) -> None:
    record_month(world, 1, "98")
    with django_assert_num_queries(3):
        scorecard.scorecard(world.program)


def test_the_trend_reads_each_period_against_the_aql_it_was_judged_by(
    world: World, plan: Any
) -> None:
    record_month(world, 1, "98")
    record_month(world, 2, "99.9")
    standard, agreed = scorecard.standard_named(world.program, "PS-1") or (None, None)
    assert standard is not None and agreed is not None

    trend = scorecard.trend(world.program, standard, agreed)

    assert [(p.label, p.observed, p.aql, p.verdict) for p in trend.points] == [
        ("January 2026", Decimal("98"), Decimal("99.5"), NOT_ACCEPTABLE),
        ("February 2026", Decimal("99.9"), Decimal("99.5"), ACCEPTABLE),
        *[
            (f"{date(2026, m, 1):%B} 2026", None, Decimal("99.5"), NOT_YET_RECORDED)
            for m in range(3, 7)
        ],
    ]


def test_a_per_event_trend_has_a_point_per_event(world: World, plan: Any) -> None:
    record(world, "PS-3", date(2026, 2, 3), measured_value=Decimal("45"))
    record(world, "PS-3", date(2026, 2, 20), measured_value=Decimal("90"))
    found = scorecard.standard_named(world.program, "PS-3")
    assert found is not None
    trend = scorecard.trend(world.program, *found)
    assert [(p.label, p.verdict) for p in trend.points] == [
        ("February 3, 2026", ACCEPTABLE),
        ("February 20, 2026", NOT_ACCEPTABLE),
    ]
    assert scorecard.standard_named(world.program, "PS-9") is None


def _car(world: World, number: int, age: int, status: str) -> CorrectiveActionRequest:
    issued = TODAY - timedelta(days=age)
    return CorrectiveActionRequest.objects.create(
        program=world.program,
        number=number,
        status=status,
        standard_code="PS-1",
        standard_text="Availability",
        escalation_level="car",
        issued_on=issued,
        description="Availability fell below the AQL.",
        response_due=issued + timedelta(days=14),
    )


def test_open_cars_fall_in_the_buckets_of_their_age(world: World) -> None:
    for number, (age, status) in enumerate(
        [
            (0, CarStatus.ISSUED),
            (30, CarStatus.ANSWERED),
            (31, CarStatus.RETURNED),
            (90, CarStatus.ACCEPTED),
            (91, CarStatus.ISSUED),
            (200, CarStatus.CLOSED),
            (10, CarStatus.WITHDRAWN),
        ],
        start=1,
    ):
        _car(world, number, age, status)

    buckets = car_ageing.open_cars_by_age(world.program, car_ageing.open_cars_query(world.program))

    assert [(b.label, [a.car.number for a in b.cars]) for b in buckets] == [
        ("0 to 30 days", [2, 1]),
        ("31 to 60 days", [3]),
        ("61 to 90 days", [4]),
        ("Over 90 days", [5]),
    ]
    assert [a.age for a in buckets[0].cars] == [30, 0]


def test_a_window_of_months_keeps_the_totals_of_the_whole_period(world: World, plan: Any) -> None:
    record_month(world, 1, "98")
    record_month(world, 5, "99.9")
    card = scorecard.scorecard(world.program, start=date(2026, 2, 1), size=3)
    assert (card.shown, card.index) == ([date(2026, m, 1) for m in (2, 3, 4)], 1)
    ps1, ps2, _ = card.rows
    assert set(ps1.by_month) == set(card.shown)
    assert (ps1.met, ps1.surveilled) == (1, 2)
    # The quarter that began before the window covers the months it has left in it.
    assert [(c.label, c.span) for c in ps2.cells(card.shown)] == [
        ("Q2 FY2026 (January to March 2026)", 2),
        ("Q3 FY2026 (April to June 2026)", 1),
    ]
    assert ps2.cells(card.shown)[0].detail == "Q2 FY2026"


def test_a_month_without_events_says_so(world: World, plan: Any) -> None:
    ps3 = scorecard.scorecard(world.program).rows[2]
    january = ps3.by_month[date(2026, 1, 1)]
    assert (january.status, january.symbol, january.detail) == (
        scorecard.NO_EVENT,
        "\N{EN DASH}",
        "",
    )
