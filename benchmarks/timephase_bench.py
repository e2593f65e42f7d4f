"""Benchmark of the time-phased cost of a resource-loaded program.

    .venv/bin/python benchmarks/timephase_bench.py

Target (issue 11): 10,000 tasks with 20,000 assignments, work and cost by month for every
assignment, task, WBS summary, resource and the program, in well under 200 ms. Also timed: by
week, and the daily spread a baseline stores.

The result is built directly (seeded), with the assignment times a resource-loading
scheduler would give: each assignment starts with its task, on its resource's calendar.
"""

from __future__ import annotations

import gc
import random
import statistics
import sys
import time
from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from schedule.engine.calendar import WorkCalendar
from schedule.engine.cost import costs
from schedule.engine.model import (
    Assignment,
    AssignmentTimes,
    CalendarException,
    CalendarSpec,
    Project,
    Rate,
    Resource,
    ResourceType,
    Result,
    Task,
    TaskTimes,
)
from schedule.engine.timephase import Period, baseline_spread, time_phased

DAY = 480
TARGET_MS = 200.0
START = datetime(2026, 1, 5, 8, 0)
PROJECT_CALENDAR = CalendarSpec(
    name="Federal",
    exceptions=(CalendarException(date(2026, 12, 28), date(2026, 12, 31), name="Closure"),),
)
FOUR_DAYS = CalendarSpec(name="Four tens", week=(((420, 1020),),) * 4 + ((), (), ()))


def _resources(rng: random.Random) -> list[Resource]:
    resources = []
    for uid in range(1, 61):
        rates = [Rate(None, Decimal(rng.randint(60, 180)), per_use=Decimal(rng.choice([0, 50])))]
        if uid % 3 == 0:  # a raise at the start of each fiscal year
            rates += [
                Rate(date(2026, 10, 1), rates[0].standard * Decimal("1.03")),
                Rate(date(2027, 10, 1), rates[0].standard * Decimal("1.06")),
            ]
        calendar = FOUR_DAYS if uid % 10 == 0 else None
        resources.append(Resource(uid, f"Person {uid}", rates=tuple(rates), calendar=calendar))
    resources.append(
        Resource(61, "Licences", ResourceType.MATERIAL, rates=(Rate(None, Decimal("12.5")),))
    )
    resources.append(Resource(62, "Travel", ResourceType.COST))
    return resources


def build(tasks: int = 10_000, assignments: int = 20_000, *, seed: int = 11) -> Result:
    """A program of ``tasks`` tasks (control accounts of work packages of leaf tasks) over
    about three years, with ``assignments`` assignments spread over the leaves."""
    rng = random.Random(seed)
    calendar = WorkCalendar(PROJECT_CALENDAR)
    origin = calendar.to_minutes(START)
    rows: list[Task] = []
    times: dict[int, TaskTimes] = {}
    leaves: list[int] = []
    uid = 0
    spans: dict[int, list[int]] = {}
    while len(rows) < tasks:
        uid += 1
        account = uid
        rows.append(Task(account, f"Control account {account}"))
        for _ in range(rng.randint(4, 8)):
            if len(rows) >= tasks:
                break
            uid += 1
            package = uid
            rows.append(Task(package, f"Work package {package}", parent=account))
            for _ in range(rng.randint(6, 12)):
                if len(rows) >= tasks:
                    break
                uid += 1
                duration = rng.choice((1, 2, 3, 5, 10, 15, 20, 30)) * DAY
                begin = origin + rng.randint(0, 700) * DAY
                fixed = Decimal(rng.choice((0, 0, 0, 500, 2500)))
                rows.append(Task(uid, f"Task {uid}", duration, parent=package, fixed_cost=fixed))
                leaves.append(uid)
                spans[uid] = [begin, begin + duration]
    for task in reversed(rows):
        if task.uid in spans:
            begin, end = spans[task.uid]
            start = calendar.to_datetime(begin, finish=False)
            finish = calendar.to_datetime(end, finish=True)
            times[task.uid] = TaskTimes(
                task.uid, start, finish, start, finish, start, finish, 0, 0, False, False,
                task.duration, 0,
            )  # fmt: skip
            if task.parent is not None:
                parent = spans.setdefault(task.parent, [begin, end])
                parent[0], parent[1] = min(parent[0], begin), max(parent[1], end)
    for task in rows:
        if task.uid not in times:
            # A work package cut off by the size has no children: a milestone at the start.
            begin, end = spans.get(task.uid, (origin, origin))
            start = calendar.to_datetime(begin, finish=False)
            finish = calendar.to_datetime(end, finish=True)
            times[task.uid] = TaskTimes(
                task.uid, start, finish, start, finish, start, finish, 0, 0, False, True, 0, 0
            )
    resources = _resources(rng)
    calendars = {
        spec: WorkCalendar(spec) for spec in {r.calendar or PROJECT_CALENDAR for r in resources}
    }
    made: list[Assignment] = []
    placed: dict[int, AssignmentTimes] = {}
    for number in range(1, assignments + 1):
        task_uid = leaves[number % len(leaves)] if number <= len(leaves) else rng.choice(leaves)
        when = times[task_uid]
        resource = resources[rng.randrange(60)] if number % 25 else resources[60 + number % 2]
        if resource.type is ResourceType.WORK:
            units = rng.choice((25, 50, 100, 100))
            work = max(60, when.duration * units // 100)
            spec = resource.calendar or PROJECT_CALENDAR
            on = calendars[spec]
            begin = on.to_minutes(when.start)
            length = work * 100 // units
            made.append(Assignment(number, task_uid, resource.uid, units, work))
            start = on.to_datetime(begin, finish=False)
            finish = on.to_datetime(begin + length, finish=True)
            placed[number] = AssignmentTimes(
                number, task_uid, resource.uid, start, finish, spec, length
            )
        else:
            made.append(
                Assignment(number, task_uid, resource.uid, quantity=Decimal(10), cost=Decimal(1200))
            )
            placed[number] = AssignmentTimes(
                number, task_uid, resource.uid, when.start, when.finish, PROJECT_CALENDAR
            )
    project = Project(
        start=START,
        tasks=rows,
        calendar=PROJECT_CALENDAR,
        resources=resources,
        assignments=made,
    )
    first = min(t.start for t in times.values())
    last = max(t.finish for t in times.values())
    return Result(project, first, last, times, (), placed)


def _median_ms(function: Callable[[], object], repeat: int) -> tuple[float, float]:
    """Median wall-clock and process CPU milliseconds (CPU time says what the run costs when
    other processes share the machine)."""
    function()  # warm: calendars built, holidays fetched
    wall, cpu = [], []
    for _ in range(repeat):
        gc.collect()
        begun, begun_cpu = time.perf_counter(), time.process_time()
        function()
        cpu.append((time.process_time() - begun_cpu) * 1000)
        wall.append((time.perf_counter() - begun) * 1000)
    return statistics.median(wall), statistics.median(cpu)


def run() -> dict[str, float]:
    """Medians in milliseconds; raises if the spread does not add up to the costs."""
    result = build()
    project = result.project
    phased = time_phased(project, result, Period.MONTH)
    total = costs(project, result).total.cost
    if Decimal(sum(phased.project.cost.values())) / 100 != total:
        raise AssertionError("the monthly spread does not add up to the program's cost")
    figures = {
        "months": float(len(phased.project.cost)),
        "assignments": float(len(project.assignments)),
        "tasks": float(len(project.tasks)),
    }
    for name, function in (
        ("timephase_month", lambda: time_phased(project, result, Period.MONTH)),
        ("timephase_week", lambda: time_phased(project, result, Period.WEEK)),
        ("baseline_spread", lambda: baseline_spread(project, result)),
        ("costs", lambda: costs(project, result)),
    ):
        figures[f"{name}_ms"], figures[f"{name}_cpu_ms"] = _median_ms(function, 7)
    return figures


def main() -> None:
    figures = run()
    month = figures["timephase_month_ms"]
    verdict = "ok" if month <= TARGET_MS else "MISSED"
    print(
        f"time-phased by month, {figures['tasks']:.0f} tasks, "
        f"{figures['assignments']:.0f} assignments ({figures['months']:.0f} months): "
        f"{month:.0f} ms, {figures['timephase_month_cpu_ms']:.0f} ms CPU "
        f"(target {TARGET_MS:.0f} ms) {verdict}"
    )
    print(
        f"time-phased by week, same program: {figures['timephase_week_ms']:.0f} ms, "
        f"{figures['timephase_week_cpu_ms']:.0f} ms CPU"
    )
    print(
        f"baseline spread by day, same program: {figures['baseline_spread_ms']:.0f} ms, "
        f"{figures['baseline_spread_cpu_ms']:.0f} ms CPU"
    )
    print(
        f"costs (assignments, tasks, roll-up), same program: {figures['costs_ms']:.0f} ms, "
        f"{figures['costs_cpu_ms']:.0f} ms CPU"
    )


if __name__ == "__main__":
    main()
