"""Closing a month of earned value: its figures, account by account, are frozen into its
status period, and the variances that cross the program's thresholds are sent to the
provider to explain.

Rules:
- The Program Managers and PMO Leads of either party who see costs close months
  (``may_manage_earned_value``).
- Months close in order: the first month of the agreed baseline first, then each following
  one; a month can be closed only when every earlier month since the baseline started is.
- Only a month that has ended can be closed (never the current month nor a future one).
- A closed month never changes: recomputing later reads the frozen figures, and there is no
  reopening. A correction is a new entry in the open month, with its reason.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from programs import limits
from programs.choices import AuditAction
from programs.errors import DomainError, PermissionRefused
from programs.federal_calendar import add_months, month_end, month_start
from programs.models import Program
from programs.services.audit import audit_record

from ..models import PeriodStatus, StatusPeriod, VarianceExplanation
from ..models.evm import FIGURES_SCHEMA
from ..selectors.earned_value import Figures, basis_for, live_figures
from .earned_value_setup import MAX_MONEY, may_manage_earned_value
from .variance import explanations_request

CLOSE_RULE = (
    "Months of earned value are closed by the Program Managers and PMO Leads of the customer "
    "or the provider who see costs."
)
#: Cents of the largest amount a figure may hold.
MAX_CENTS = int(MAX_MONEY * 100)


def _check_figures(month: date, figures: dict[str, Any]) -> None:
    """A layout ``Figures.from_stored`` reads, every amount within its limits."""
    if not isinstance(figures, dict) or figures.get("schema") != FIGURES_SCHEMA:
        raise DomainError(f"Figures are in layout (schema) {FIGURES_SCHEMA}.", field="figures")
    try:
        status_date = date.fromisoformat(str(figures.get("status_date")))
    except ValueError:
        raise DomainError("The figures' status date is a date.", field="status_date") from None
    if month_start(status_date) != month:
        raise DomainError(
            f"The status date {status_date} is not in {month:%B %Y}.", field="status_date"
        )
    accounts = figures.get("accounts")
    if not isinstance(accounts, dict) or not accounts:
        raise DomainError("The figures name every control account.", field="accounts")
    for wbs, quad in accounts.items():
        if (
            not isinstance(quad, list)
            or len(quad) != 4
            or any(isinstance(x, bool) or not isinstance(x, int) for x in quad)
        ):
            raise DomainError(
                f"Control account {wbs}: its figures are [BAC, PV, EV, AC] in cents.",
                field="accounts",
            )
        bac, pv, ev, ac = quad
        if not all(0 <= x <= MAX_CENTS for x in (bac, pv, ev)) or abs(ac) > MAX_CENTS:
            raise DomainError(
                f"Control account {wbs}: an amount is outside its limits.", field="accounts"
            )
        if pv > bac or ev > bac:
            raise DomainError(
                f"Control account {wbs}: PV and EV do not exceed the budget at completion.",
                field="accounts",
            )


def period_freeze(
    *, acting_user: User, program: Program, month: date, figures: dict[str, Any]
) -> StatusPeriod:
    """Record ``month`` as closed with ``figures`` (``StatusPeriod.figures``, schema 1);
    audited. ``period_close`` gives it the live figures; the demo, history."""
    if not may_manage_earned_value(acting_user, program):
        raise PermissionRefused(CLOSE_RULE)
    month = month_start(month)
    _check_figures(month, figures)
    program_figures = Figures.from_stored(month, figures).program
    stored = {**figures, "program": program_figures}
    with transaction.atomic():
        period, _ = StatusPeriod.objects.select_for_update().get_or_create(
            program=program, month=month
        )
        if period.closed:
            raise DomainError(f"{month:%B %Y} is closed already.", field="month")
        period.status = PeriodStatus.CLOSED
        period.figures = stored
        period.closed_by = acting_user
        period.closed_at = timezone.now()
        period.save()
        audit_record(
            acting_user=acting_user,
            program=program,
            action=AuditAction.UPDATE,
            target=period,
            changes={
                "status": [PeriodStatus.OPEN.value, PeriodStatus.CLOSED.value],
                "program": [None, program_figures],
            },
        )
    return period


def period_close(
    *, acting_user: User, program: Program, month: date
) -> tuple[StatusPeriod, list[VarianceExplanation]]:
    """Close ``month``: freeze its live figures and ask for an explanation of every control
    account's variance that crosses its threshold. Returns the period and the explanations
    asked for."""
    if not may_manage_earned_value(acting_user, program):
        raise PermissionRefused(CLOSE_RULE)
    month = month_start(month)
    with transaction.atomic():
        # One close at a time per program: the order rule reads what the others wrote.
        Program.objects.select_for_update().filter(pk=program.pk).first()
        basis = basis_for(program)
        today = limits.today()
        if month < basis.start:
            raise DomainError(
                f"The agreed baseline starts in {basis.start:%B %Y}; there is nothing to close "
                "before it.",
                field="month",
            )
        if month_end(month) >= today:
            raise DomainError(
                f"{month:%B %Y} has not ended: a month is closed once it is over.", field="month"
            )
        closed = set(
            StatusPeriod.objects.filter(program=program, status=PeriodStatus.CLOSED).values_list(
                "month", flat=True
            )
        )
        if month in closed:
            raise DomainError(f"{month:%B %Y} is closed already.", field="month")
        earlier = basis.start
        while earlier < month:
            if earlier not in closed:
                raise DomainError(
                    f"Months close in order: close {earlier:%B %Y} before {month:%B %Y}.",
                    field="month",
                )
            earlier = add_months(earlier, 1)
        figures = live_figures(basis, month, status_date=month_end(month))
        period = period_freeze(
            acting_user=acting_user, program=program, month=month, figures=figures.stored()
        )
        requested = explanations_request(
            acting_user=acting_user, program=program, figures=figures, settings=basis.settings
        )
    return period, requested
