"""What the corrective action request tests share: unacceptable months of PS-1 and a CAR
issued on them, answered, evaluated."""

from __future__ import annotations

from datetime import date
from typing import Any

from qasp.models import CorrectiveActionRequest, SurveillanceRecord
from qasp.services import cars
from tests.conftest import World

from .conftest import record_month

CUSTOMER_PM = "customer.program_manager"
PROVIDER_PM = "provider.program_manager"


def issue(world: World, *records: SurveillanceRecord, **kw: Any) -> CorrectiveActionRequest:
    return cars.car_issue(
        acting_user=world.user(kw.pop("user", CUSTOMER_PM)),
        program=world.program,
        standard_code=kw.pop("standard_code", "PS-1"),
        record_ids=kw.pop("record_ids", [r.pk for r in records]),
        escalation_level=kw.pop("escalation_level", "discussion"),
        description=kw.pop("description", "Availability missed the AQL in March."),
        **kw,
    )


def answer(world: World, car: CorrectiveActionRequest, user: str = PROVIDER_PM, **kw: Any) -> Any:
    values: dict[str, Any] = {
        "root_cause": "A failed storage controller.",
        "corrective_action": "Replace the controller; add monitoring.",
        "target_date": date(2026, 6, 30),
    } | kw
    return cars.car_answer(acting_user=world.user(user), car=car, **values)


def accepted(world: World, car: CorrectiveActionRequest) -> CorrectiveActionRequest:
    answer(world, car)
    cars.car_accept(acting_user=world.user(CUSTOMER_PM), car=car)
    car.refresh_from_db()
    return car


def missed(world: World, *months: int) -> list[SurveillanceRecord]:
    return [record_month(world, m, "98") for m in months]
