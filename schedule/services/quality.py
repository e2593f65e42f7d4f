"""The DCMA 14-point assessment of a program's schedule, with the portal's thresholds."""

from __future__ import annotations

from dataclasses import fields

from django.conf import settings

from schedule.clock import to_engine
from schedule.engine.dcma import BaselineDates, CheckResult, Thresholds, assess
from schedule.engine.model import Result
from schedule.interchange.data import ScheduleData
from schedule.models import Schedule

from .baselines import agreed_baseline
from .compute import compute_data, schedule_data


def thresholds() -> Thresholds:
    """DCMA's usual thresholds, overridden by ``SCHEDULE_DCMA_THRESHOLDS`` in the settings."""
    overrides = dict(getattr(settings, "SCHEDULE_DCMA_THRESHOLDS", {}) or {})
    known = {f.name for f in fields(Thresholds)}
    unknown = set(overrides) - known
    if unknown:
        raise ValueError(f"SCHEDULE_DCMA_THRESHOLDS: unknown {', '.join(sorted(unknown))}")
    return Thresholds(**overrides)


def baseline_dates(schedule: Schedule) -> dict[int, BaselineDates] | None:
    baseline = agreed_baseline(schedule)
    if baseline is None:
        return None
    return {
        t.uid: BaselineDates(to_engine(t.start), to_engine(t.finish), t.duration)
        for t in baseline.tasks.all()
    }


def dcma_results(
    schedule: Schedule, *, data: ScheduleData | None = None, result: Result | None = None
) -> tuple[CheckResult, ...]:
    data = data or schedule_data(schedule)
    result = result or compute_data(data)
    return assess(
        data.to_project(), result, baseline=baseline_dates(schedule), thresholds=thresholds()
    )
