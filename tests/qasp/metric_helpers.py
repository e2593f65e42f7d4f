"""Helpers of the provider-metrics tests: a submission by the provider's program manager, and
a snapshot of everything a refusal must leave unchanged."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from programs.models import AuditEvent
from qasp.models import MetricSubmission, SurveillanceRecord
from qasp.services.metrics import metric_submit
from tests.conftest import World

PROVIDER_EDITORS = {"provider.program_manager", "provider.pmo_lead", "provider.pmo_team"}


def submit(world: World, month: int = 5, value: str = "99.7", **kw: Any) -> MetricSubmission:
    values: dict[str, Any] = {
        "standard_code": "PS-1",
        "period": date(2026, month, 1),
        "measured_value": Decimal(value),
        "source": "Service-level report May 2026",
    } | kw
    return metric_submit(
        acting_user=world.user("provider.program_manager"), program=world.program, **values
    )


def state() -> tuple[Any, ...]:
    """What a refused action must not change."""
    return (
        list(MetricSubmission.objects.order_by("pk").values()),
        list(SurveillanceRecord.objects.order_by("pk").values_list("pk", "notes")),
        AuditEvent.objects.count(),
    )
