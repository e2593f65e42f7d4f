"""The schedule: the forecast finish against the agreed baseline (working days, calendar
days and percent of the baseline's length), the milestones due, completed and slipped in the
period and due in the days after it, and the change requests decided in the period."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from django.conf import settings

from schedule.selectors.control import change_requests_of
from schedule.selectors.tasks import baseline_tasks, schedule_of, schedule_summary

from .. import rating
from .base import Context, absent, day, percent

KEY = "schedule"
TITLE = "Schedule"


def _date(value: datetime | None) -> date | None:
    return value.date() if value is not None else None


def _milestones(schedule: Any, frozen: dict[int, Any]) -> list[dict[str, Any]]:
    rows = []
    tasks = schedule.tasks.filter(is_milestone=True, is_summary=False).order_by("position")
    for uid, name, finish, actual, complete in tasks.values_list(
        "uid", "name", "finish", "actual_finish", "percent_complete"
    ):
        base = frozen.get(uid)
        baseline_finish = _date(base.finish) if base is not None else None
        forecast = _date(actual or finish)
        rows.append(
            {
                "uid": uid,
                "name": name,
                "baseline_finish": day(baseline_finish),
                "forecast_finish": day(forecast),
                "complete": complete >= 100,
                "slip_days": (forecast - baseline_finish).days
                if forecast and baseline_finish
                else None,
            }
        )
    return rows


def _in(ctx: Context, value: str | None, last: date | None = None) -> bool:
    if value is None:
        return False
    when = date.fromisoformat(value)
    return ctx.period_start <= when <= (last or ctx.period_end)


def read(ctx: Context) -> dict[str, Any]:
    schedule = schedule_of(ctx.program)
    if schedule is None:
        return absent("The program has no schedule in the portal yet.")
    summary = schedule_summary(schedule)
    agreed = summary.agreed
    milestones = _milestones(schedule, baseline_tasks(agreed))
    data: dict[str, Any] = {
        "present": True,
        "forecast_start": day(schedule.start),
        "forecast_finish": day(schedule.finish),
        "baseline": None,
        "tasks": summary.task_count,
        "critical_tasks": summary.critical_count,
        "open_change_requests": summary.open_change_requests,
    }
    if agreed is not None:
        planned_days = (agreed.finish.date() - agreed.start.date()).days
        slip = (schedule.finish.date() - agreed.finish.date()).days if schedule.finish else None
        data["baseline"] = {
            "number": agreed.number,
            "start": day(agreed.start),
            "finish": day(agreed.finish),
            "variance_working_days": summary.finish_variance_days,
            "variance_days": slip,
            "variance_percent": percent(Decimal(slip) * 100 / planned_days)
            if slip is not None and planned_days > 0
            else None,
        }
    horizon = ctx.period_end + timedelta(days=settings.REPORTS_MILESTONE_HORIZON_DAYS)
    due = [m for m in milestones if _in(ctx, m["baseline_finish"] or m["forecast_finish"])]
    data["milestones"] = milestones
    data["due_in_period"] = due
    data["completed_in_period"] = [
        m for m in milestones if m["complete"] and _in(ctx, m["forecast_finish"])
    ]
    data["slipped_in_period"] = [m for m in due if (m["slip_days"] or 0) > 0]
    data["next_days"] = settings.REPORTS_MILESTONE_HORIZON_DAYS
    data["next_caption"] = f"Milestones due in the {data['next_days']} days after the period"
    data["due_next"] = [
        m
        for m in milestones
        if not m["complete"]
        and m["forecast_finish"]
        and ctx.period_end < date.fromisoformat(m["forecast_finish"]) <= horizon
    ]
    data["change_requests_decided"] = [
        {"number": cr.number, "title": cr.title, "status": cr.get_status_display()}
        for cr in change_requests_of(schedule=schedule).filter(
            decided_at__date__gte=ctx.period_start, decided_at__date__lte=ctx.period_end
        )
    ]
    return data


def assess(data: dict[str, Any], t: rating.Thresholds) -> dict[str, Any] | None:
    if not data.get("present"):
        return None
    baseline = data.get("baseline")
    indicators: list[dict[str, Any] | None] = []
    if baseline is not None and baseline.get("variance_percent") is not None:
        slip = baseline["variance_days"]
        indicators.append(
            rating.variance_indicator(
                "Schedule variance",
                Decimal(baseline["variance_percent"]),
                f"{slip:+d} days ({Decimal(baseline['variance_percent']):+.1f}%)",
                t,
            )
        )
        slipped = len(data["slipped_in_period"])
        indicators.append(
            rating.count_indicator(
                "Milestones slipped in the period",
                slipped,
                yellow_from=1,
                why="a milestone due in the period finishes after its baseline date"
                if slipped
                else "every milestone due in the period holds its baseline date",
            )
        )
    return rating.area(KEY, TITLE, indicators)
