"""The fence of the published worked example (tests/pmp/evm/worked_example.py) built as a
program: four sides as four control accounts of an agreed, cost-loaded baseline, the day-3
status frozen as the month's figures through the service. The API, the page and the workbook
report the same figures as the exercise prints."""

from __future__ import annotations

import io
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal

import pytest
from openpyxl import load_workbook

from pmp.services.earned_value import period_freeze
from pmp.services.earned_value_setup import control_accounts_sync
from schedule.engine.model import CalendarSpec, Link, Task
from schedule.interchange.data import ScheduleData, TaskRecord
from tests.conftest import World
from tests.schedule.factories import DAY, make_schedule
from tests.schedule.test_earned_value import PM, agree

from .earned_value_fixtures import today_is
from .evm import worked_example as example

MARCH = date(2026, 3, 1)
SIDES = {"Side 1": "1", "Side 2": "2", "Side 3": "3", "Side 4": "4"}


@pytest.fixture
def fence(world: World, monkeypatch: pytest.MonkeyPatch) -> World:
    today_is(monkeypatch, date(2026, 4, 15))
    records = tuple(
        TaskRecord(
            Task(uid=n, name=side, duration=DAY, fixed_cost=Decimal(1000)),
            wbs=wbs,
            outline_level=1,
            owner_party="provider",
        )
        for n, (side, wbs) in enumerate(SIDES.items(), start=1)
    )
    data = ScheduleData(
        name="Fence",
        start=datetime(2026, 3, 2, 8, 0),
        records=records,
        links=(Link(1, 2), Link(2, 3), Link(3, 4)),
        calendar=CalendarSpec(),
        status_date=None,
    )
    agree(world, make_schedule(world.program, world.user(PM), data))
    accounts = control_accounts_sync(acting_user=world.user(PM), program=world.program)
    assert [(a.wbs, a.budget) for a in accounts] == [(w, Decimal("1000.00")) for w in "1234"]
    status = example.FENCE_STATUS
    period_freeze(
        acting_user=world.user(PM),
        program=world.program,
        month=MARCH,
        figures={
            "schema": 1,
            "status_date": example.FENCE_STATUS_DATE.isoformat(),
            "baseline": 1,
            "accounts": {
                SIDES[side]: [example.FENCE_BUDGETS[side], c.pv, c.ev, c.ac]
                for side, c in status.items()
            },
        },
    )
    return world


def _three(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.001"), ROUND_HALF_UP)


def test_the_api_reports_the_printed_figures(fence: World) -> None:
    answer = fence.client(PM).get("/api/programs/alpha/pmp/earned-value/?month=2026-03")
    assert answer.status_code == 200, answer.content
    body = answer.json()
    program = body["program"]
    printed = example.FENCE_PUBLISHED
    for name in ("pv", "ev", "ac", "bac", "cv", "sv"):
        assert Decimal(program[name]) == printed[name], name
    assert _three(Decimal(program["cpi"])) == printed["cpi"]
    assert _three(Decimal(program["spi"])) == printed["spi"]
    # From the unrounded CPI (the exercise rounds it to three places first: $4,479).
    assert Decimal(body["eac"]) == Decimal("4480.00")
    assert abs(Decimal(body["eac"]) - printed["eac"]) <= 1
    assert abs(Decimal(body["etc"]) - printed["etc"]) <= 1
    assert abs(Decimal(body["vac"]) - printed["vac"]) <= 1
    assert body["closed"] is True and body["status_date"] == "2026-03-31"
    side_3 = next(a for a in body["accounts"] if a["wbs"] == "3")["cumulative"]
    assert (Decimal(side_3["ev"]), Decimal(side_3["ac"])) == (Decimal(500), Decimal(600))


def test_the_page_shows_the_printed_figures(fence: World) -> None:
    page = fence.client(PM).get("/programs/alpha/pmp/cost/earned-value/?month=2026-03")
    text = page.content.decode()
    for figure in ("$3,000.00", "$2,500.00", "$2,800.00", "$4,000.00", "\u2212$300.00"):
        assert figure in text, figure
    assert "\u2212$500.00" in text
    assert "CPI = EV ÷ AC = 2,500.00 ÷ 2,800.00 = 0.8929" in text
    assert "SPI = EV ÷ PV = 2,500.00 ÷ 3,000.00 = 0.8333" in text
    assert "$4,480.00" in text


def test_the_workbook_holds_the_printed_figures(fence: World) -> None:
    answer = fence.client(PM).get("/programs/alpha/pmp/cost/earned-value/report.xlsx?month=2026-03")
    book = load_workbook(io.BytesIO(answer.content))
    measures = {
        row[0]: row[2]
        for row in book["Program"].iter_rows(min_row=5, values_only=True)
        if row[0] and row[2] is not None
    }
    printed = example.FENCE_PUBLISHED
    for symbol in ("PV", "EV", "AC", "BAC", "CV", "SV"):
        assert Decimal(str(measures[symbol])) == printed[symbol.lower()], symbol
    assert _three(Decimal(str(measures["CPI"]))) == printed["cpi"]
    assert _three(Decimal(str(measures["SPI"]))) == printed["spi"]
    format_1 = list(book["Format 1"].iter_rows(min_row=3, values_only=True))
    program_line = format_1[-1]
    assert program_line[1] == "Program"
    # Cumulative PV, EV, AC (columns 8 to 10) and BAC (13).
    assert [Decimal(str(v)) for v in program_line[7:10]] == [
        printed["pv"],
        printed["ev"],
        printed["ac"],
    ]
    assert Decimal(str(program_line[12])) == printed["bac"]
    side_2 = next(r for r in format_1 if r[0] == "2")
    assert Decimal(str(side_2[11])) == Decimal("-200")  # CV of side 2: 1,000 - 1,200
    periods = list(book["Periods"].iter_rows(min_row=2, values_only=True))
    march = next(r for r in periods if r[0] == "2026-03")
    assert march[1] == "closed" and Decimal(str(march[4])) == printed["ev"]
