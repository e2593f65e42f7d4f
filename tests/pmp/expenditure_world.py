"""The program the expenditure report tests work on: alpha with its agreed cost-loaded
baseline (January to March 2027), control accounts 1 and 2, and today fixed in April 2027."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from pmp.models import ControlAccount, ExpenditureReport
from pmp.services.earned_value_setup import control_accounts_sync
from pmp.services.expenditure import report_submit
from tests.conftest import World
from tests.schedule.test_earned_value import PM, agree, loaded_schedule

CUSTOMER_PM = "customer.program_manager"
TODAY = date(2027, 4, 12)
MARCH = date(2027, 3, 1)


def set_today(monkeypatch: pytest.MonkeyPatch, day: date) -> None:
    monkeypatch.setattr("programs.limits.today", lambda: day)


@pytest.fixture
def costed(world: World, monkeypatch: pytest.MonkeyPatch) -> Iterator[World]:
    agree(world, loaded_schedule(world))
    control_accounts_sync(acting_user=world.user(PM), program=world.program)
    set_today(monkeypatch, TODAY)
    yield world


def accounts(world: World) -> dict[str, ControlAccount]:
    return {a.wbs: a for a in ControlAccount.objects.filter(program=world.program)}


def submit_march(world: World, **extra: Any) -> ExpenditureReport:
    values: dict[str, Any] = {
        "period": MARCH,
        "lines": [("1", Decimal("1200.50"), ""), ("2", Decimal("800.00"), "")],
        "hours": [("Engineer", Decimal("40"))],
        "narrative": "Analysis and build.",
    }
    values |= extra
    return report_submit(acting_user=world.user(PM), program=world.program, **values)
