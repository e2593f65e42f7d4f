"""RAID items of ``alpha``: a shared risk, a customer-owned action, an issue and a decision."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from pmp.models import RaidItem
from pmp.services import raid as services
from programs.models import Membership
from tests.conftest import World

CUSTOMER_EDITOR = "customer.pmo_team"
PROVIDER_EDITOR = "provider.pmo_team"


def member(world: World, username: str) -> Membership:
    return Membership.objects.get(program=world.program, user=world.user(username))


def record(world: World, kind: str, by: str = CUSTOMER_EDITOR, **values: Any) -> RaidItem:
    by_kind: dict[str, dict[str, Any]] = {
        "risk": {
            "title": "Payroll history fails to reconcile",
            "owner_party": "shared",
            "category": "data",
            "cause": "Legacy payroll codes have no mapping.",
            "effect": "Go-live slips a pay period.",
            "inherent_probability": 4,
            "inherent_impact": 5,
            "residual_probability": 2,
            "residual_impact": 4,
            "response_strategy": "mitigate",
        },
        "action": {
            "title": "Map legacy earning codes",
            "owner_party": "customer",
            "owner": member(world, CUSTOMER_EDITOR),
            "due_on": date.today() + timedelta(days=10),
            "source": "risk",
        },
        "issue": {
            "title": "Test environment unavailable",
            "owner_party": "provider",
            "priority": "high",
        },
        "decision": {
            "title": "Convert three years of payroll history",
            "owner_party": "shared",
            "decision": "Three years of history convert; older years are archived.",
            "decided_by": "Executive Steering Committee",
        },
    }
    defaults = {**by_kind[kind], **values}
    owner = defaults["owner_party"]
    if by == CUSTOMER_EDITOR and owner == "provider":
        by = PROVIDER_EDITOR
    return services.item_create(
        acting_user=world.user(by), program=world.program, kind=kind, **defaults
    )


@pytest.fixture
def risk(world: World) -> RaidItem:
    return record(world, "risk")


@pytest.fixture
def items(world: World) -> dict[str, RaidItem]:
    return {kind: record(world, kind) for kind in ("risk", "action", "issue", "decision")}
