"""Funding of ``alpha`` with known figures, shared by the funding tests: two control accounts
($60,000 and $40,000 budgets, one inactive account of $5,000 that does not count), and
acknowledged expenditure reports written directly (their own service is tested beside it)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.utils import timezone

from pmp.models import ControlAccount, ExpenditureLine, ExpenditureReport, FundingDocument
from pmp.models.expenditure import ReportStatus
from pmp.services import funding as services
from tests.conftest import World

CUSTOMER_PM = "customer.program_manager"


def accounts(world: World) -> list[ControlAccount]:
    made = [
        ControlAccount.objects.create(
            program=world.program, wbs="1", name="Integration", budget=Decimal("60000.00")
        ),
        ControlAccount.objects.create(
            program=world.program, wbs="2", name="Go-live", budget=Decimal("40000.00")
        ),
    ]
    ControlAccount.objects.create(
        program=world.program, wbs="3", name="Dropped", budget=Decimal("5000.00"), active=False
    )
    return made


def report(
    world: World,
    period: date,
    amounts: list[tuple[ControlAccount, str]],
    status: str = ReportStatus.ACKNOWLEDGED,
    revision: int = 1,
) -> ExpenditureReport:
    made = ExpenditureReport.objects.create(
        program=world.program,
        period=period,
        revision=revision,
        status=status,
        due_on=period,
        submitted_at=timezone.make_aware(datetime(period.year, period.month, 1)),
    )
    for account, amount in amounts:
        ExpenditureLine.objects.create(report=made, control_account=account, amount=Decimal(amount))
    return made


def document(world: World, number: str = "IAA-2027-01", **values: Any) -> FundingDocument:
    defaults: dict[str, Any] = {
        "number": number,
        "title": "Payroll modernization, FY2027",
        "fiscal_year": 2027,
        "obligated": Decimal("50000.00"),
        "performance_start": date(2026, 10, 1),
        "performance_end": date(2027, 9, 30),
    }
    return services.document_create(
        acting_user=world.user(CUSTOMER_PM), program=world.program, **{**defaults, **values}
    )
