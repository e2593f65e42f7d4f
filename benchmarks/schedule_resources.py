"""Benchmark of the resource- and cost-loaded engine (issue 11).

    .venv/bin/python benchmarks/schedule_resources.py

Targets: 10,000 tasks with 20,000 assignments on resource calendars computed in under 150 ms;
the time-phased planned value by month for the whole program in under 200 ms (the second is
``benchmarks/timephase_bench.py``, on this same project).

The project is the engine benchmark's 10,000-task network (federal calendar with closures,
four link types, lags, constraints, a WBS) loaded the way a federal IMS is: 250 people and
roles, each on a resource calendar of their own derived from the project calendar (a third
with leave or training days of their own, a few on a night shift or round the clock), two
assignments per task at 50 %, 100 % or 150 % units, work set so that a fixed-units task keeps
about the duration it had.
"""

from __future__ import annotations

import random
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal
from functools import partial
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    sys.path.insert(0, str(Path(__file__).resolve().parent))

from schedule_engine import CALENDAR, generate

from schedule.engine.cpm import compute
from schedule.engine.model import (
    Assignment,
    CalendarException,
    CalendarSpec,
    Project,
    Rate,
    Resource,
)
from schedule.engine.timephase import Period, time_phased
from schedule.interchange.data import (
    AssignmentRecord,
    ResourceRecord,
    ScheduleData,
    TaskRecord,
)

TARGET_MS = 150.0
NIGHT = CalendarSpec(
    "Night shift",
    week=(((1320, 1440),), *(((0, 360), (1320, 1440)),) * 4, ((0, 360),), ()),
)
ROUND_THE_CLOCK = CalendarSpec("24 hours", week=(((0, 1440),),) * 7, us_federal_holidays=False)


def _resource_calendar(rng: random.Random, uid: int) -> CalendarSpec | None:
    pick = rng.random()
    if pick < 0.02:
        return NIGHT
    if pick < 0.03:
        return ROUND_THE_CLOCK
    if pick < 0.36:
        leave = []
        for _ in range(rng.randint(1, 3)):
            first = date(2026, 1, 5) + timedelta(days=rng.randint(0, 900))
            leave.append(CalendarException(first, first + timedelta(days=rng.randint(0, 4))))
        return replace(CALENDAR, name=f"Resource {uid}", exceptions=(*CALENDAR.exceptions, *leave))
    return None  # the project calendar


def loaded(size: int = 10_000, people: int = 250, *, seed: int = 11) -> Project:
    rng = random.Random(seed)
    project = generate(size, seed=10)
    resources = tuple(
        Resource(
            uid,
            f"Person {uid}",
            max_units=100,
            calendar=_resource_calendar(rng, uid),
            rates=(Rate(None, Decimal(rng.choice((95, 120, 145, 185)))),),
        )
        for uid in range(1, people + 1)
    )
    parents = {task.parent for task in project.tasks if task.parent is not None}
    assignments = []
    uid = 0
    leaves = [
        task
        for task in project.tasks
        if task.uid not in parents and not task.milestone and task.duration
    ]
    extra = 20_000 - 2 * len(leaves)  # a third person on some tasks: 20,000 in all
    for position, task in enumerate(leaves):
        third = (position * extra) // len(leaves) < ((position + 1) * extra) // len(leaves)
        count = 3 if third else 2
        for resource in rng.sample(range(1, people + 1), count):
            uid += 1
            units = rng.choice((50, 100, 100, 150))
            assignments.append(
                Assignment(uid, task.uid, resource, units=units, work=task.duration * units // 100)
            )
    return replace(project, resources=resources, assignments=tuple(assignments))


def as_file_data(project: Project) -> ScheduleData:
    """The project as a file carries it (outline levels from the parent chain), for the
    Microsoft Project import figure."""
    level: dict[int, int] = {}
    for task in project.tasks:
        level[task.uid] = 1 if task.parent is None else level[task.parent] + 1
    return ScheduleData(
        name="Resource-loaded IMS",
        start=project.start,
        records=tuple(
            TaskRecord(t, wbs=str(t.uid), outline_level=level[t.uid], owner_party="provider")
            for t in project.tasks
        ),
        links=tuple(project.links),
        calendar=project.calendar,
        resources=tuple(ResourceRecord(r, "provider") for r in project.resources),
        assignments=tuple(AssignmentRecord(a) for a in project.assignments),
    )


def day_shifts(project: Project) -> Project:
    """The same project with the night-shift and round-the-clock people on day calendars."""
    odd = (NIGHT, ROUND_THE_CLOCK)
    return replace(
        project,
        resources=tuple(
            replace(r, calendar=None) if r.calendar in odd else r for r in project.resources
        ),
    )


def _median_ms(function: Callable[[], object], repeat: int = 7) -> tuple[float, float]:
    wall, cpu = [], []
    for _ in range(repeat):
        began, began_cpu = time.perf_counter(), time.process_time()
        function()
        wall.append((time.perf_counter() - began) * 1000)
        cpu.append((time.process_time() - began_cpu) * 1000)
    return round(statistics.median(wall), 1), round(statistics.median(cpu), 1)


def run() -> dict[str, float]:
    mixed = loaded()
    days = day_shifts(mixed)
    figures: dict[str, float] = {
        "assignments": float(len(mixed.assignments)),
        "tasks": float(len(mixed.tasks)),
    }
    for key, project in (("days", days), ("mixed", mixed)):
        compute(project)  # the calendars' day tables, as a running portal holds them
        figures[f"{key}_ms"], figures[f"{key}_cpu_ms"] = _median_ms(partial(compute, project))
    result = compute(days)
    figures["month_ms"], figures["month_cpu_ms"] = _median_ms(
        lambda: time_phased(days, result, Period.MONTH)
    )
    return figures


def main() -> None:
    f = run()
    size = f"{f['tasks']:.0f} tasks, {f['assignments']:.0f} assignments"
    print(f"engine, {size}, day shifts:  {f['days_ms']:7.1f} ms ({f['days_cpu_ms']:.1f} CPU)")
    print(f"engine, {size}, with night and 24-hour shifts: {f['mixed_ms']:7.1f} ms")
    print(f"  (target < {TARGET_MS:.0f} ms)")
    print(f"time-phased by month, same program: {f['month_ms']:7.1f} ms (target < 200)")


if __name__ == "__main__":
    main()
