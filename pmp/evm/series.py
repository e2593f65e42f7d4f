"""Earned value month by month, per control account and for the program.

Each status period is a month whose last day is its status date. For each period the caller
gives every control account's cumulative PV, EV and AC to that date, in cents, and once for
the series each account's BAC. A control account missing from a period has nothing planned,
earned or spent yet.

The program's figures are the sums of its accounts' figures, and its indices are derived
from those sums (the program's CPI is its EV over its AC, never an average of the accounts'
CPIs), exactly as ``schedule.engine.earned`` rolls up a WBS.

The program estimates its cost at completion by one method, which it chooses
(``EacMethod``); the estimate of every method is given alongside, and the ETC and VAC of the
period follow the chosen one.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from enum import StrEnum

from schedule.engine.cost import to_dollars
from schedule.engine.earned import EarnedValue, indicators

from .errors import EarnedValueDataError


class EacMethod(StrEnum):
    """How the program estimates its cost at completion."""

    CPI = "cpi"  # BAC / CPI: the cost efficiency so far goes on
    ATYPICAL = "atypical"  # AC + (BAC - EV): the rest goes to budget
    COMPOSITE = "composite"  # AC + (BAC - EV) / (CPI x SPI): cost and schedule both weigh

    @property
    def description(self) -> str:
        """What the method assumes, as the settings' choice reads."""
        return {
            EacMethod.CPI: "BAC / CPI (the cost efficiency so far continues)",
            EacMethod.ATYPICAL: "AC + (BAC - EV) (the rest at the budgeted rate)",
            EacMethod.COMPOSITE: "AC + (BAC - EV) / (CPI x SPI) (cost and schedule both weigh)",
        }[self]

    @property
    def label(self) -> str:
        return {
            EacMethod.CPI: "EAC = BAC ÷ CPI",
            EacMethod.ATYPICAL: "EAC = AC + (BAC \u2212 EV)",
            EacMethod.COMPOSITE: "EAC = AC + (BAC \u2212 EV) ÷ (CPI \u00d7 SPI)",
        }[self]


@dataclass(frozen=True, slots=True)
class Cumulative:
    """A control account's planned value, earned value and actual cost to a status date,
    in cents."""

    pv: int
    ev: int
    ac: int


NOTHING_YET = Cumulative(0, 0, 0)


@dataclass(frozen=True, slots=True)
class PeriodFigures:
    """The cumulative figures of every control account at one status date."""

    status_date: date  # the last day of the month
    accounts: Mapping[str, Cumulative]


@dataclass(frozen=True, slots=True)
class PeriodMeasures:
    status_date: date
    accounts: dict[str, EarnedValue]  # every control account of the series, in its order
    program: EarnedValue
    eac_method: EacMethod
    eac: Decimal | None  # the program's EAC by its method
    etc: Decimal | None  # EAC - AC
    vac: Decimal | None  # BAC - EAC
    estimates: dict[EacMethod, Decimal | None]  # the EAC by every method


@dataclass(frozen=True, slots=True)
class EarnedValueSeries:
    eac_method: EacMethod
    budgets: dict[str, Decimal]  # BAC of each control account
    bac: Decimal  # the program's
    periods: tuple[PeriodMeasures, ...]  # in date order


def estimate(value: EarnedValue, method: EacMethod) -> Decimal | None:
    """The EAC of ``value`` by ``method``; ``None`` where the method's index is undefined."""
    if method is EacMethod.CPI:
        return value.eac
    if method is EacMethod.ATYPICAL:
        return value.eac_atypical
    return value.eac_composite


def is_month_end(day: date) -> bool:
    return (day + timedelta(days=1)).day == 1


def validate(budgets: Mapping[str, int], periods: Sequence[PeriodFigures]) -> list[str]:
    """Every reason the figures cannot be measured, in words a person can act on."""
    problems = [
        f"Control account {key!r}: its budget at completion is negative ({bac} cents)."
        for key, bac in budgets.items()
        if bac < 0
    ]
    previous: date | None = None
    for period in periods:
        day = period.status_date
        if not is_month_end(day):
            problems.append(f"Status date {day}: a status date is the last day of its month.")
        if previous is not None and day <= previous:
            problems.append(
                f"Status date {day} comes after {previous}: periods go in date order, once each."
            )
        previous = day
        for key, values in period.accounts.items():
            if key not in budgets:
                problems.append(f"{day}: control account {key!r} has no budget at completion.")
                continue
            bac = budgets[key]
            for name in ("pv", "ev", "ac"):
                if getattr(values, name) < 0:
                    problems.append(f"{day}, control account {key!r}: {name.upper()} is negative.")
            if values.pv > bac:
                problems.append(
                    f"{day}, control account {key!r}: PV ({values.pv} cents) exceeds the "
                    f"budget at completion ({bac} cents)."
                )
            if values.ev > bac:
                problems.append(
                    f"{day}, control account {key!r}: EV ({values.ev} cents) exceeds the "
                    f"budget at completion ({bac} cents); no more than the budget can be earned."
                )
    return problems


def measure_period(
    budgets: Mapping[str, int], period: PeriodFigures, method: EacMethod
) -> PeriodMeasures:
    sums = [0, 0, 0, 0]
    accounts = {}
    for key, bac in budgets.items():
        values = period.accounts.get(key, NOTHING_YET)
        accounts[key] = indicators(bac, values.pv, values.ev, values.ac)
        for index, amount in enumerate((bac, values.pv, values.ev, values.ac)):
            sums[index] += amount
    program = indicators(*sums)
    estimates = {m: estimate(program, m) for m in EacMethod}
    eac = estimates[method]
    return PeriodMeasures(
        status_date=period.status_date,
        accounts=accounts,
        program=program,
        eac_method=method,
        eac=eac,
        etc=None if eac is None else eac - program.ac,
        vac=None if eac is None else program.bac - eac,
        estimates=estimates,
    )


def earned_value_series(
    *,
    budgets: Mapping[str, int],
    periods: Sequence[PeriodFigures],
    eac_method: EacMethod = EacMethod.CPI,
) -> EarnedValueSeries:
    """The measures of every control account and of the program at each status period.

    ``budgets`` is each control account's BAC in cents; ``periods`` the cumulative PV, EV and
    AC of the accounts at each month's end, in date order. Raises ``EarnedValueDataError``
    with every problem found."""
    problems = validate(budgets, periods)
    if problems:
        raise EarnedValueDataError(problems)
    return EarnedValueSeries(
        eac_method=eac_method,
        budgets={key: to_dollars(bac) for key, bac in budgets.items()},
        bac=to_dollars(sum(budgets.values())),
        periods=tuple(measure_period(budgets, p, eac_method) for p in periods),
    )
