"""The earned value basis of the program's schedule: budget, planned value from the agreed
baseline, earned value by each task's technique and actual cost, per task, WBS element and
program at a status date; and the agreed baseline's cumulative planned value (the S-curve).
The Program Management Plan's earned value reports stand on these."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from programs.errors import DomainError, ErrorCode
from schedule.engine.cost import to_dollars
from schedule.engine.earned import EarnedValues, earned_value
from schedule.engine.errors import ScheduleError
from schedule.engine.timephase import Period, cumulative, period_label, period_start
from schedule.models import Baseline, Schedule
from schedule.services.baselines import agreed_baseline, stored_spread
from schedule.services.compute import compute_data, domain_error, schedule_data


@dataclass(frozen=True)
class EarnedValueBasis:
    baseline: Baseline
    values: EarnedValues
    #: uid -> (WBS, name, summary) of every task, for people reading the figures.
    tasks: dict[int, tuple[str, str, bool]]


def earned_value_basis(schedule: Schedule, status_date: date | None = None) -> EarnedValueBasis:
    """Earned value at ``status_date`` (the schedule's status date by default) against the
    agreed baseline; ``DomainError`` when there is none, or no status date."""
    baseline = agreed_baseline(schedule)
    if baseline is None:
        raise DomainError(
            "Earned value is measured against the agreed baseline; this schedule has none yet.",
            code=ErrorCode.NO_SCHEDULE,
        )
    day = status_date or (schedule.status_date.date() if schedule.status_date else None)
    if day is None:
        raise DomainError(
            "Earned value needs a status date: set the schedule's status date or give one.",
            field="status_date",
        )
    data = schedule_data(schedule)
    result = compute_data(data)
    try:
        values = earned_value(
            data.to_project(), result, stored_spread(baseline.planned_values), day
        )
    except ScheduleError as error:
        raise domain_error(error) from error
    summaries = {r.task.parent for r in data.records if r.task.parent is not None}
    return EarnedValueBasis(
        baseline=baseline,
        values=values,
        tasks={r.task.uid: (r.wbs, r.task.name, r.task.uid in summaries) for r in data.records},
    )


def planned_value_curve(
    baseline: Baseline, period: Period = Period.MONTH
) -> list[tuple[str, Decimal, Decimal]]:
    """The baseline's planned value per period and cumulated: (period, planned, cumulative),
    in date order; federal fiscal periods when ``period`` says so."""
    totals: dict[date, int] = {}
    for entries in stored_spread(baseline.planned_values).values():
        for day, cents in entries:
            key = period_start(day, period)
            totals[key] = totals.get(key, 0) + cents
    return [
        (period_label(key, period), to_dollars(totals[key]), to_dollars(running))
        for key, running in cumulative(totals)
    ]
