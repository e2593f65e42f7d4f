"""Earned value of a program month by month: the live figures of an open month, the frozen
figures of a closed one, and the report a page, the API and the exports show.

The figures of a month, per active control account, in cents and cumulative to its status
date:
- PV: the agreed baseline's stored spread of every task under the account's WBS element, up
  to the status date;
- EV: the schedule's earned value of the account's element (its task, rolled up), at the
  schedule's current progress;
- AC: the acknowledged expenditure reports of every month up to and including this one;
- BAC: the account's budget (from the agreed baseline).

Status dates: a month that has ended is measured at its last day. The current month, not yet
over, is measured at the schedule's status date when that falls within the month (the date
the progress was reported to), else at today. Only a month that has ended can be closed, so a
closed month's status date is always its last day.

Earned value has no history of progress: the live EV is today's. So the report shows earned
value only for the closed months (frozen when they were closed) and the current month (live);
a month between them that nobody closed shows its plan only. Closing in order (``period_close``)
keeps that gap from arising.

What is expensive (parsing the baseline's spread, computing the schedule) is cached, keyed by
what it depends on (the baseline, the schedule's revision and status date, the accounts), so
a page that has been computed once answers from the stored periods and the cache.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.cache import cache

from programs import limits
from programs.choices import DocumentStatus
from programs.errors import DomainError, ErrorCode
from programs.federal_calendar import add_months, month_end, month_start, months_between
from programs.models import Program
from schedule.engine.cost import to_cents, to_dollars
from schedule.engine.earned import EarnedValue, indicators

from ..evm.earned_schedule import EarnedSchedule, earned_schedule, periods_elapsed
from ..evm.errors import EarnedValueDataError
from ..evm.lights import Bands, Lights, Threshold, VarianceThresholds, performance_lights
from ..evm.series import Cumulative, EacMethod, PeriodFigures, PeriodMeasures, measure_period
from ..models import ControlAccount, EarnedValueSettings, PeriodStatus, StatusPeriod
from ..models.evm import FIGURES_SCHEMA
from ..services.earned_value_setup import account_of, settings_for
from .expenditure import acknowledged_actuals

#: Seconds the expensive parts stay cached (their keys change whenever their inputs do).
CACHE_SECONDS = 6 * 60 * 60

#: [bac, pv, ev, ac] in cents.
Quad = list[int]


@dataclass(frozen=True)
class Basis:
    """What a program's earned value is measured against."""

    program: Program
    schedule: Any  # schedule.models.Schedule
    baseline: Any  # schedule.models.Baseline, its spread deferred
    settings: EarnedValueSettings
    accounts: list[ControlAccount]
    start: date  # the first month of the baseline
    finish: date  # the month the baseline finishes in

    @property
    def accounts_key(self) -> str:
        text = ";".join(f"{a.pk}:{a.wbs}:{a.task_uid}:{a.budget}" for a in self.accounts)
        return hashlib.sha1(text.encode(), usedforsecurity=False).hexdigest()


def basis_for(program: Program) -> Basis:
    """The schedule, agreed baseline, settings and active control accounts of ``program``;
    a ``DomainError`` when there is no agreed baseline or no control account yet."""
    from schedule.models import Baseline, Schedule

    schedule = Schedule.objects.filter(program=program).first()
    baseline = (
        Baseline.objects.filter(schedule=schedule, version__status=DocumentStatus.APPROVED)
        .defer("planned_values")
        .order_by("-number")
        .first()
        if schedule is not None
        else None
    )
    if schedule is None or baseline is None:
        raise DomainError(
            "Earned value is measured against the agreed IMS baseline; the program has none yet.",
            code=ErrorCode.NO_SCHEDULE,
        )
    accounts = list(ControlAccount.objects.filter(program=program, active=True).order_by("wbs"))
    if not accounts:
        raise DomainError(
            "The program has no control accounts yet: take them from the agreed baseline first.",
            code=ErrorCode.NO_SCHEDULE,
        )
    return Basis(
        program=program,
        schedule=schedule,
        baseline=baseline,
        settings=settings_for(program),
        accounts=accounts,
        start=month_start(baseline.start.date()),
        finish=month_start(baseline.finish.date()),
    )


# -- the parts ---------------------------------------------------------------------------------


def planned_by_month(basis: Basis) -> dict[str, list[int]]:
    """Per account (by WBS), its cumulative planned value at the end of each month from the
    baseline's first to its last, in cents. Cached per baseline and set of accounts."""
    key = f"pmp:ev:pv:{basis.baseline.pk}:{basis.accounts_key}"
    found: dict[str, list[int]] | None = cache.get(key)
    if found is not None:
        return found
    from schedule.models import Baseline
    from schedule.services.baselines import stored_spread

    baseline = Baseline.objects.only("pk", "planned_values").get(pk=basis.baseline.pk)
    spread = stored_spread(baseline.planned_values)
    wbs_of = dict(basis.baseline.tasks.values_list("uid", "wbs"))
    keys = [a.wbs for a in basis.accounts]
    # Longer codes first, so that a task goes to the deepest account above it.
    codes = frozenset(keys)
    last = basis.finish
    for entries in spread.values():
        if entries:
            last = max(last, month_start(entries[-1][0]))
    months = months_between(basis.start, last) + 1
    monthly = {k: [0] * months for k in keys}
    for uid, entries in spread.items():
        account = account_of(wbs_of.get(uid, "") or f"UID {uid}", codes)
        if account is None:
            continue
        row = monthly[account]
        for day, cents in entries:
            index = max(0, months_between(basis.start, day))
            row[index] += cents
    found = {}
    for account, row in monthly.items():
        running = 0
        cumulative = []
        for cents in row:
            running += cents
            cumulative.append(running)
        found[account] = cumulative
    cache.set(key, found, CACHE_SECONDS)
    return found


def planned_at(basis: Basis, planned: Mapping[str, list[int]], day: date) -> dict[str, int]:
    """Each account's cumulative PV at ``day``: whole months from the cache, the part of the
    status date's month to the day from the spread itself only when the day is not a month's
    last (the current month)."""
    index = months_between(basis.start, day)
    if index < 0:
        return dict.fromkeys(planned, 0)
    if day == month_end(day):
        return {k: row[min(index, len(row) - 1)] if row else 0 for k, row in planned.items()}
    return _planned_to_day(basis, day)


def _planned_to_day(basis: Basis, day: date) -> dict[str, int]:
    key = f"pmp:ev:pv-day:{basis.baseline.pk}:{basis.accounts_key}:{day.isoformat()}"
    found: dict[str, int] | None = cache.get(key)
    if found is not None:
        return found
    from schedule.models import Baseline
    from schedule.services.baselines import stored_spread

    baseline = Baseline.objects.only("pk", "planned_values").get(pk=basis.baseline.pk)
    spread = stored_spread(baseline.planned_values)
    wbs_of = dict(basis.baseline.tasks.values_list("uid", "wbs"))
    codes = frozenset(a.wbs for a in basis.accounts)
    found = {a.wbs: 0 for a in basis.accounts}
    for uid, entries in spread.items():
        account = account_of(wbs_of.get(uid, "") or f"UID {uid}", codes)
        if account is not None:
            found[account] += sum(cents for when, cents in entries if when <= day)
    cache.set(key, found, CACHE_SECONDS)
    return found


def earned_now(basis: Basis, status_date: date) -> dict[str, int]:
    """Each account's earned value at the schedule's current progress, in cents: the earned
    value of its element's task, rolled up from every task below it, as
    ``schedule.engine.earned.earned_value`` rolls it up: a task earns the share of its
    baseline budget its technique grants at its percent complete (a summary at the percent
    the schedule rolled up). Read from the stored tasks, which every change recomputes, not
    by computing the schedule again. Cached per schedule revision, status date and accounts."""
    schedule = basis.schedule
    key = (
        f"pmp:ev:ev:{schedule.pk}:{schedule.revision}:{basis.baseline.pk}:"
        f"{status_date.isoformat()}:{basis.accounts_key}"
    )
    found: dict[str, int] | None = cache.get(key)
    if found is not None:
        return found
    from schedule.engine.cost import round_half_up
    from schedule.engine.earned import earned_percent
    from schedule.engine.model import EarnedValueMethod
    from schedule.engine.model import Task as EngineTask
    from schedule.models import Baseline, Task

    stored = Baseline.objects.only("pk", "planned_values").get(pk=basis.baseline.pk)
    days = (stored.planned_values or {}).get("days", {})
    budgets = {int(uid): sum(cents) for uid, (_, cents) in days.items()}
    rows = Task.objects.filter(schedule=schedule).values_list(
        "pk", "uid", "parent_id", "percent_complete", "actual_start", "ev_method", "ev_weights"
    )
    own: dict[int, int] = {}
    children: dict[int | None, list[int]] = {}
    pk_of: dict[int, int] = {}
    for pk, uid, parent, percent, started, method, weights in rows:
        pk_of[uid] = pk
        children.setdefault(parent, []).append(pk)
        bac = budgets.get(uid, 0)
        if bac:
            technique = EngineTask(
                uid=uid,
                name="",
                actual_start=started,
                ev_method=EarnedValueMethod(method),
                ev_weights=tuple(weights or ()),
            )
            own[pk] = round_half_up(bac * earned_percent(technique, percent), 100)

    def rolled(pk: int) -> int:
        total = own.get(pk, 0)
        for child in children.get(pk, ()):
            total += rolled(child)
        return total

    found = {}
    for account in basis.accounts:
        element = pk_of.get(account.task_uid) if account.task_uid is not None else None
        found[account.wbs] = rolled(element) if element is not None else 0
    cache.set(key, found, CACHE_SECONDS)
    return found


def actual_through(
    basis: Basis, month: date, actuals: Mapping[date, Mapping[int, Decimal]] | None = None
) -> dict[str, int]:
    """Each account's acknowledged actual cost of every month up to ``month``'s, in cents."""
    by_month = acknowledged_actuals(basis.program) if actuals is None else actuals
    wbs_of = {a.pk: a.wbs for a in basis.accounts}
    found = {a.wbs: 0 for a in basis.accounts}
    for period, amounts in by_month.items():
        if period <= month:
            for account_id, amount in amounts.items():
                if account_id in wbs_of:
                    found[wbs_of[account_id]] += to_cents(amount)
    return found


def status_date_of(basis: Basis, month: date, today: date | None = None) -> date:
    """A month that has ended: its last day. The current month: the schedule's status date if
    it falls within the month, else today."""
    today = today or limits.today()
    last = month_end(month)
    if last < today:
        return last
    reported = basis.schedule.status_date.date() if basis.schedule.status_date else None
    if reported is not None and month <= reported <= last:
        return reported
    return min(max(today, month), last)


@dataclass(frozen=True)
class Figures:
    """The figures of a month, as ``StatusPeriod.figures`` stores them (schema 1)."""

    month: date
    status_date: date
    baseline: int
    accounts: dict[str, Quad]  # wbs -> [bac, pv, ev, ac]

    @property
    def program(self) -> Quad:
        return [sum(q[i] for q in self.accounts.values()) for i in range(4)]

    def stored(self) -> dict[str, Any]:
        return {
            "schema": FIGURES_SCHEMA,
            "status_date": self.status_date.isoformat(),
            "baseline": self.baseline,
            "accounts": {k: list(v) for k, v in self.accounts.items()},
            "program": self.program,
        }

    @classmethod
    def from_stored(cls, month: date, stored: Mapping[str, Any]) -> Figures:
        if stored.get("schema") != FIGURES_SCHEMA:
            raise DomainError(
                f"The frozen figures of {month:%B %Y} have a layout this version does not read "
                f"(schema {stored.get('schema')!r}).",
                field="figures",
            )
        return cls(
            month=month,
            status_date=date.fromisoformat(stored["status_date"]),
            baseline=int(stored.get("baseline") or 0),
            accounts={k: [int(x) for x in v] for k, v in stored["accounts"].items()},
        )


def live_figures(
    basis: Basis,
    month: date,
    *,
    status_date: date | None = None,
    actuals: Mapping[date, Mapping[int, Decimal]] | None = None,
) -> Figures:
    """The figures of ``month`` from the live data."""
    month = month_start(month)
    day = status_date or status_date_of(basis, month)
    planned = planned_at(basis, planned_by_month(basis), day)
    earned = earned_now(basis, day)
    actual = actual_through(basis, month, actuals)
    accounts = {}
    for account in basis.accounts:
        bac = to_cents(account.budget)
        # The spread and the budget agree to the cent; neither PV nor EV exceeds the budget.
        accounts[account.wbs] = [
            bac,
            min(bac, planned.get(account.wbs, 0)),
            min(bac, earned.get(account.wbs, 0)),
            actual[account.wbs],
        ]
    return Figures(month, day, basis.baseline.number, accounts)


# -- the report --------------------------------------------------------------------------------


@dataclass(frozen=True)
class PeriodRow:
    """A month of the series. ``value`` is None for a month with its plan only."""

    month: date
    status: str  # "closed", "open" (live), "unmeasured" (past, not closed), "planned" (future)
    planned: int  # cumulative PV of the baseline at the month's end, in cents
    value: EarnedValue | None
    eac: Decimal | None  # by the program's method
    lights: Lights | None

    @property
    def label(self) -> str:
        return f"{self.month:%Y-%m}"


@dataclass(frozen=True)
class AccountRow:
    account: ControlAccount | None
    wbs: str
    name: str
    cumulative: EarnedValue
    current: tuple[Decimal, Decimal, Decimal]  # PV, EV, AC of the month itself
    eac: Decimal | None
    vac: Decimal | None
    lights: Lights


@dataclass(frozen=True)
class Report:
    basis: Basis
    month: date
    figures: Figures
    closed: bool
    measures: PeriodMeasures
    schedule: EarnedSchedule | None
    lights: Lights
    accounts: list[AccountRow]
    periods: list[PeriodRow]
    closable: date | None  # the next month that may be closed, if any has ended
    eac_method: EacMethod
    bands: Bands
    planned_curve: list[int] = field(default_factory=list)

    @property
    def program(self) -> EarnedValue:
        return self.measures.program


def bands_of(settings: EarnedValueSettings) -> Bands:
    return Bands(settings.green_low, settings.green_high, settings.yellow_low, settings.yellow_high)


def thresholds_of(settings: EarnedValueSettings) -> VarianceThresholds:
    return VarianceThresholds(
        cost=Threshold(settings.cost_threshold_percent, settings.cost_threshold_amount),
        schedule=Threshold(settings.schedule_threshold_percent, settings.schedule_threshold_amount),
    )


def _program_curve(planned: Mapping[str, list[int]]) -> list[int]:
    length = max((len(row) for row in planned.values()), default=0)
    rows = [row for row in planned.values() if row]
    return [sum(row[min(i, len(row) - 1)] for row in rows) for i in range(length)]


def _earned_schedule(
    basis: Basis, curve: Sequence[int], ev: int, status_date: date
) -> EarnedSchedule | None:
    if not curve or curve[-1] <= 0:
        return None
    try:
        return earned_schedule(
            planned=curve,
            ev=min(ev, curve[-1]),
            at=periods_elapsed(basis.start, status_date),
            baseline_start=basis.start,
        )
    except EarnedValueDataError:
        return None


def next_closable(basis: Basis, closed: set[date], today: date | None = None) -> date | None:
    """The first month from the baseline's start not yet closed, if it has ended."""
    today = today or limits.today()
    month = basis.start
    while month in closed:
        month = add_months(month, 1)
    return month if month_end(month) < today else None


def earned_value_report(program: Program, month: date | None = None) -> Report:
    """The earned value of ``program`` at ``month`` (the current month by default; a month
    before the baseline starts is its first): program measures with every EAC, earned
    schedule and lights, the control accounts, and the series of every month from the
    baseline's start to the later of the current month and the baseline's finish."""
    basis = basis_for(program)
    today = limits.today()
    current = month_start(today)
    chosen = max(basis.start, month_start(month or current))
    if chosen > max(current, basis.start):
        raise DomainError("Earned value is measured up to the current month.", field="month")
    stored = {
        p.month: p for p in StatusPeriod.objects.filter(program=program, status=PeriodStatus.CLOSED)
    }
    planned = planned_by_month(basis)
    curve = _program_curve(planned)
    method = EacMethod(basis.settings.eac_method)
    bands = bands_of(basis.settings)
    actuals = acknowledged_actuals(program)

    def figures_of(which: date) -> Figures:
        if which in stored:
            return Figures.from_stored(which, stored[which].figures)
        return live_figures(basis, which, actuals=actuals)

    figures = figures_of(chosen)
    budgets = {k: q[0] for k, q in figures.accounts.items()}
    cumulative = {k: Cumulative(q[1], q[2], q[3]) for k, q in figures.accounts.items()}
    measures = measure_period(budgets, PeriodFigures(figures.status_date, cumulative), method)
    program_quad = figures.program
    es = _earned_schedule(basis, curve, program_quad[2], figures.status_date)
    lights = performance_lights(measures.program, es, bands)

    previous_month = add_months(chosen, -1)
    previous = (
        figures_of(previous_month).accounts
        if previous_month >= basis.start and (previous_month in stored or chosen not in stored)
        else {}
    )
    by_wbs = {a.wbs: a for a in basis.accounts}
    accounts = []
    for wbs, value in measures.accounts.items():
        before = previous.get(wbs, [0, 0, 0, 0])
        quad = figures.accounts[wbs]
        account = by_wbs.get(wbs)
        eac = {
            EacMethod.CPI: value.eac,
            EacMethod.ATYPICAL: value.eac_atypical,
            EacMethod.COMPOSITE: value.eac_composite,
        }[method]
        accounts.append(
            AccountRow(
                account=account,
                wbs=wbs,
                name=account.name if account else wbs,
                cumulative=value,
                current=(
                    to_dollars(quad[1] - before[1]),
                    to_dollars(quad[2] - before[2]),
                    to_dollars(quad[3] - before[3]),
                ),
                eac=eac,
                vac=None if eac is None else value.bac - eac,
                lights=performance_lights(value, None, bands),
            )
        )

    last = max(add_months(basis.start, len(curve) - 1), current, basis.start)
    periods = []
    which = basis.start
    while which <= last:
        index = months_between(basis.start, which)
        plan = curve[min(index, len(curve) - 1)] if curve else 0
        if which in stored or which in (current, chosen):
            row_figures = figures if which == chosen else figures_of(which)
            value = indicators(*row_figures.program)
            row_es = _earned_schedule(basis, curve, row_figures.program[2], row_figures.status_date)
            eac = {
                EacMethod.CPI: value.eac,
                EacMethod.ATYPICAL: value.eac_atypical,
                EacMethod.COMPOSITE: value.eac_composite,
            }[method]
            periods.append(
                PeriodRow(
                    which,
                    "closed" if which in stored else "open",
                    plan,
                    value,
                    eac,
                    performance_lights(value, row_es, bands),
                )
            )
        else:
            status = "planned" if which > current else "unmeasured"
            periods.append(PeriodRow(which, status, plan, None, None, None))
        which = add_months(which, 1)
    return Report(
        basis=basis,
        month=chosen,
        figures=figures,
        closed=chosen in stored,
        measures=measures,
        schedule=es,
        lights=lights,
        accounts=accounts,
        periods=periods,
        closable=next_closable(basis, set(stored), today),
        eac_method=method,
        bands=bands,
        planned_curve=curve,
    )
