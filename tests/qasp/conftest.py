"""alpha with an approved QASP (two standards, the agreed period 2026) on a fixed today."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from programs.models import Membership
from qasp.models import SurveillanceRecord
from qasp.services.surveillance import record_create
from tests.conftest import World

from .factories import make_approved_qasp

TODAY = date(2026, 6, 15)
CUSTOMER_EDITORS = {"customer.program_manager", "customer.pmo_lead", "customer.pmo_team"}
PROVIDER_REBUTTERS = {
    "provider.executive_sponsor",
    "provider.program_manager",
    "provider.pmo_lead",
    "provider.pmo_team",
    "provider.sme",
}


@pytest.fixture(autouse=True)
def _today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("programs.limits.today", lambda: TODAY)


@pytest.fixture
def qasp(world: World) -> Any:
    return make_approved_qasp(world.program)


def evaluator(world: World) -> Membership:
    return Membership.objects.get(program=world.program, user=world.user("customer.pmo_team"))


def record_month(world: World, month: int, value: str = "98") -> SurveillanceRecord:
    return record_create(
        acting_user=world.user("customer.program_manager"),
        program=world.program,
        standard_code="PS-1",
        period=date(2026, month, 1),
        evaluator=evaluator(world),
        recorded_on=date(2026, 6, 10),
        measured_value=Decimal(value),
    )


@pytest.fixture
def record(world: World, qasp: Any) -> SurveillanceRecord:
    return record_month(world, 3)
