"""The impact of a change request, worked out before anyone decides: both copies of the
schedule computed and priced, so the finish date, the critical path and the cost it moves are
known before approval."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from decimal import Decimal
from typing import Any

from schedule.engine.calendar import WorkCalendar
from schedule.engine.cost import Costs, costs
from schedule.engine.cpm import compute
from schedule.engine.errors import ScheduleError
from schedule.engine.model import Result
from schedule.interchange.data import ScheduleData

from .errors import ChangeError
from .tasks import DateCheck, apply_changes


@dataclass(frozen=True)
class Impact:
    finish_before: datetime
    finish_after: datetime
    finish_delta_days: float
    critical_added: tuple[int, ...]
    critical_removed: tuple[int, ...]
    #: (uid, name, finish before, finish after, working days moved), largest moves first.
    moved: tuple[tuple[int, str, datetime | None, datetime | None, float], ...]
    #: The program's planned cost (budget at completion of the schedule as it stands).
    cost_before: Decimal = Decimal(0)
    cost_after: Decimal = Decimal(0)
    #: (uid, name, cost before, cost after), largest changes first.
    cost_moved: tuple[tuple[int, str, Decimal, Decimal], ...] = ()

    def as_json(self, names: dict[int, str]) -> dict[str, Any]:
        return {
            "finish_before": self.finish_before.isoformat(),
            "finish_after": self.finish_after.isoformat(),
            "finish_delta_days": self.finish_delta_days,
            "critical_added": [{"uid": u, "name": names.get(u, "")} for u in self.critical_added],
            "critical_removed": [
                {"uid": u, "name": names.get(u, "")} for u in self.critical_removed
            ],
            "moved": [
                {
                    "uid": uid,
                    "name": name,
                    "finish_before": before.isoformat() if before else None,
                    "finish_after": after.isoformat() if after else None,
                    "delta_days": delta,
                }
                for uid, name, before, after, delta in self.moved
            ],
            "cost_before": str(self.cost_before),
            "cost_after": str(self.cost_after),
            "cost_delta": str(self.cost_after - self.cost_before),
            "cost_moved": [
                {
                    "uid": uid,
                    "name": name,
                    "cost_before": str(before),
                    "cost_after": str(after),
                    "delta": str(after - before),
                }
                for uid, name, before, after in self.cost_moved
            ],
        }


def assess_impact(
    data: ScheduleData, ops: list[dict[str, Any]], *, date_check: DateCheck | None = None
) -> tuple[ScheduleData, Impact]:
    """Apply ``ops`` to a copy and compare the computed schedules."""
    changed = apply_changes(data, ops, date_check=date_check)
    try:
        before = compute(data.to_project())
    except ScheduleError as error:
        raise ChangeError([f"The schedule as it stands cannot be computed: {error}"]) from error
    try:
        after = compute(changed.to_project())
    except ScheduleError as error:
        raise ChangeError(
            [f"With these changes the schedule cannot be computed: {error}"]
        ) from error
    names = {r.task.uid: r.task.name for r in (*data.records, *changed.records)}
    impact = _impact(before, after, data.minutes_per_day, names)
    try:
        costs_before = costs(before.project, before)
        costs_after = costs(after.project, after)
    except ScheduleError as error:
        raise ChangeError([f"With these changes the cost cannot be worked out: {error}"]) from error
    return changed, replace(
        impact,
        cost_before=costs_before.total.cost,
        cost_after=costs_after.total.cost,
        cost_moved=_cost_moved(costs_before, costs_after, after, names),
    )


def _cost_moved(
    before: Costs, after: Costs, result: Result, names: dict[int, str]
) -> tuple[tuple[int, str, Decimal, Decimal], ...]:
    """Tasks whose planned cost changes (not summaries), largest changes first, at most 25."""
    moved = []
    for uid, cost in after.tasks.items():
        if result.tasks[uid].summary:
            continue
        old = before.tasks.get(uid)
        was = old.cost if old is not None else Decimal(0)
        if was != cost.cost:
            moved.append((uid, names.get(uid, ""), was, cost.cost))
    for uid, cost in before.tasks.items():
        if uid not in after.tasks and cost.cost and uid in names:
            moved.append((uid, names[uid], cost.cost, Decimal(0)))
    moved.sort(key=lambda m: (-abs(m[3] - m[2]), m[0]))
    return tuple(moved[:25])


def _critical(result: Result) -> set[int]:
    return set(result.critical_path)


def _impact(before: Result, after: Result, minutes_per_day: int, names: dict[int, str]) -> Impact:
    calendar = WorkCalendar(after.project.calendar)

    def days(a: datetime, b: datetime) -> float:
        return round((calendar.to_minutes(b) - calendar.to_minutes(a)) / minutes_per_day, 2)

    moved = []
    for uid, times in after.tasks.items():
        old = before.tasks.get(uid)
        if old is None or times.summary:
            continue
        if old.finish != times.finish:
            moved.append(
                (uid, names.get(uid, ""), old.finish, times.finish, days(old.finish, times.finish))
            )
    moved.sort(key=lambda m: (-abs(m[4]), m[0]))
    return Impact(
        finish_before=before.finish,
        finish_after=after.finish,
        finish_delta_days=days(before.finish, after.finish),
        critical_added=tuple(sorted(_critical(after) - _critical(before))),
        critical_removed=tuple(sorted(_critical(before) - _critical(after))),
        moved=tuple(moved[:25]),
    )
