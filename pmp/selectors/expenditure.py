"""The actual cost the customer has acknowledged: what earned value's AC stands on."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db.models import Sum

from programs.models import Program

from ..models import ExpenditureLine, ReportStatus


def acknowledged_actuals(program: Program) -> dict[date, dict[int, Decimal]]:
    """Per month (its first day), the actual cost per control account (by id) of the month's
    acknowledged report; one query. A month's disputed, superseded or not yet acknowledged
    revisions count for nothing."""
    found: dict[date, dict[int, Decimal]] = {}
    rows = (
        ExpenditureLine.objects.filter(
            report__program=program, report__status=ReportStatus.ACKNOWLEDGED
        )
        .values_list("report__period", "control_account_id")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    for period, account, total in rows:
        found.setdefault(period, {})[account] = total
    return found
