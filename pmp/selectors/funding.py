"""The funding summary of a program: what is obligated, what is spent, and how long the funds
last at the present burn.

- Obligated: each funding document's amount with its modifications applied, counted in the
  document's fiscal year.
- Expended to date: the actual cost of the acknowledged expenditure reports
  (``acknowledged_actuals``), each month counted in its federal fiscal year (October to
  September: October 2026 is in FY2027).
- The budget at completion (BAC) is the sum of the active control accounts' budgets; the
  management reserve of the settings is shown apart from it, never added in.
- Burn rate: the average monthly acknowledged actual cost over the last three months with an
  acknowledged report (over fewer when fewer are reported; none before the first).
- Months of funding left = (obligated - expended) / burn rate: none when the burn rate is $0.

Five queries, whatever the number of documents, modifications, accounts and reports.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Prefetch, Sum

from programs.federal_calendar import fiscal_year
from programs.models import Program

from ..models import ControlAccount, FundingDocument, FundingModification
from ..services.earned_value_setup import settings_for
from .expenditure import acknowledged_actuals

ZERO = Decimal("0.00")
CENT = Decimal("0.01")
#: The months the burn rate averages.
BURN_MONTHS = 3


def _cents(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def _percent(part: Decimal, whole: Decimal) -> Decimal | None:
    """``part`` as a percent of ``whole`` to one decimal place (None of nothing)."""
    if whole <= 0:
        return None
    return (part * 100 / whole).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class FiscalYearFunding:
    """One fiscal year's funding: the documents of that year and the months spent in it."""

    fiscal_year: int
    documents: list[FundingDocument]
    original: Decimal
    modifications: Decimal
    obligated: Decimal
    expended: Decimal

    @property
    def remaining(self) -> Decimal:
        return self.obligated - self.expended

    @property
    def expended_percent(self) -> Decimal | None:
        return _percent(self.expended, self.obligated)


@dataclass(frozen=True)
class FundingSummary:
    years: list[FiscalYearFunding]
    obligated: Decimal
    original: Decimal
    modifications: Decimal
    expended: Decimal
    budget_at_completion: Decimal
    management_reserve: Decimal
    #: The months the burn rate averages, oldest first, with their acknowledged actual cost.
    burn_months: list[tuple[date, Decimal]] = field(default_factory=list)
    burn_rate: Decimal | None = None

    @property
    def documents(self) -> list[FundingDocument]:
        return [d for year in self.years for d in year.documents]

    @property
    def remaining(self) -> Decimal:
        """Obligated funds not yet expended (negative when spending has passed them)."""
        return self.obligated - self.expended

    @property
    def expended_of_obligated(self) -> Decimal | None:
        return _percent(self.expended, self.obligated)

    @property
    def expended_of_budget(self) -> Decimal | None:
        return _percent(self.expended, self.budget_at_completion)

    @property
    def budget_remaining(self) -> Decimal:
        return self.budget_at_completion - self.expended

    @property
    def obligated_of_budget(self) -> Decimal | None:
        return _percent(self.obligated, self.budget_at_completion)

    @property
    def months_left(self) -> Decimal | None:
        """Months of funding left at the burn rate, to one decimal place (0 once spending has
        passed the funds); None without a burn rate."""
        if not self.burn_rate:
            return None
        left = max(self.remaining, ZERO) / self.burn_rate
        return left.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def funding_documents(program: Program) -> list[FundingDocument]:
    """The program's funding documents by fiscal year and number, their modifications
    prefetched (two queries)."""
    modifications = Prefetch(
        "modifications", queryset=FundingModification.objects.order_by("effective_on", "number")
    )
    return list(
        FundingDocument.objects.filter(program=program)
        .order_by("fiscal_year", "number")
        .prefetch_related(modifications)
    )


def funding_summary(program: Program) -> FundingSummary:
    """The program's funding summary (see the module's rules)."""
    documents = funding_documents(program)
    actuals = acknowledged_actuals(program)
    budget = (
        ControlAccount.objects.filter(program=program, active=True).aggregate(total=Sum("budget"))[
            "total"
        ]
        or ZERO
    )
    reserve = settings_for(program).management_reserve

    monthly = {month: sum(by_account.values(), start=ZERO) for month, by_account in actuals.items()}
    spent_by_year: dict[int, Decimal] = {}
    for month, amount in monthly.items():
        year = fiscal_year(month)
        spent_by_year[year] = spent_by_year.get(year, ZERO) + amount
    documents_by_year: dict[int, list[FundingDocument]] = {}
    for document in documents:
        documents_by_year.setdefault(document.fiscal_year, []).append(document)

    years = []
    for year in sorted(set(documents_by_year) | set(spent_by_year)):
        of_year = documents_by_year.get(year, [])
        original = sum((d.obligated for d in of_year), start=ZERO)
        obligated = sum((d.total_obligated for d in of_year), start=ZERO)
        years.append(
            FiscalYearFunding(
                fiscal_year=year,
                documents=of_year,
                original=original,
                modifications=obligated - original,
                obligated=obligated,
                expended=spent_by_year.get(year, ZERO),
            )
        )
    recent = sorted(monthly.items())[-BURN_MONTHS:]
    burn = _cents(sum((a for _, a in recent), start=ZERO) / len(recent)) if recent else None
    return FundingSummary(
        years=years,
        obligated=sum((y.obligated for y in years), start=ZERO),
        original=sum((y.original for y in years), start=ZERO),
        modifications=sum((y.modifications for y in years), start=ZERO),
        expended=sum(monthly.values(), start=ZERO),
        budget_at_completion=budget,
        management_reserve=reserve,
        burn_months=recent,
        burn_rate=burn,
    )
