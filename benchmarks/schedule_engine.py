"""Benchmark of the scheduling engine, against a straightforward networkx implementation.

    .venv/bin/python benchmarks/schedule_engine.py

Targets (DESIGN.md, issue 3): 10,000 tasks in under 50 ms; 100,000 tasks (federal holidays and
calendar exceptions, all four link types with lags, leads and elapsed lags, SNET/FNLT/MSO
constraints, a WBS of summary tasks) in under 1 s and at least twice as fast as the networkx
implementation, which must give the same dates and floats (asserted).

The generated projects are seeded, so every run schedules the same networks.
"""

from __future__ import annotations

import gc
import random
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import date, datetime, timedelta
from functools import cache
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import holidays
import networkx as nx

from schedule.engine.cpm import compute
from schedule.engine.model import (
    CalendarException,
    CalendarSpec,
    Constraint,
    LagUnit,
    Link,
    LinkType,
    Project,
    Result,
    Task,
)

DAY = 480
TARGET_10K_MS = 50.0
TARGET_100K_MS = 1000.0
PROJECT_START = datetime(2026, 1, 5, 8, 0)

CALENDAR = CalendarSpec(
    name="Federal",
    exceptions=(
        CalendarException(date(2026, 12, 28), date(2026, 12, 31), name="Winter closure"),
        CalendarException(date(2027, 3, 6), date(2027, 3, 6), ((480, 720),), name="Cutover"),
        CalendarException(date(2027, 8, 16), date(2027, 8, 20), name="Facility move"),
        CalendarException(date(2028, 5, 13), date(2028, 5, 13), ((480, 720), (780, 1020))),
    ),
)


def generate(size: int, *, seed: int = 2026) -> Project:
    """A realistic project of ``size`` tasks: a WBS (control accounts of work packages of
    about ten tasks), ~1.5 links per task between nearby work, 80% finish-to-start, some lags,
    leads and elapsed lags, and a few constraints."""
    rng = random.Random(seed)
    tasks: list[Task] = []
    links: list[Link] = []
    leaves: list[int] = []
    uid = 0
    while len(tasks) < size:
        uid += 1
        account = uid
        tasks.append(Task(uid=account, name=f"Control account {account}"))
        for _ in range(rng.randint(5, 10)):
            if len(tasks) >= size:
                break
            uid += 1
            package = uid
            tasks.append(Task(uid=package, name=f"Work package {package}", parent=account))
            for _ in range(rng.randint(6, 12)):
                if len(tasks) >= size:
                    break
                uid += 1
                tasks.append(_leaf(rng, uid, package))
                leaves.append(uid)
    # Summaries left without children (cut off by ``size``) become plain tasks.
    parents = {t.parent for t in tasks if t.parent is not None}
    tasks = [
        t
        if t.uid in parents or t.uid in set(leaves)
        else Task(uid=t.uid, name=t.name, duration=DAY, parent=t.parent)
        for t in tasks
    ]
    # Predecessors come from a window of earlier work that widens with the project, so a large
    # programme runs a few years, in parallel streams, not one chain of decades.
    window = max(40, size // 40)
    for position, successor in enumerate(leaves):
        if position == 0:
            continue
        count = 1 if rng.random() < 0.55 else 2
        picked = {leaves[max(0, position - rng.randint(1, window))] for _ in range(count)}
        for predecessor in sorted(picked):
            links.append(_link(rng, predecessor, successor))
    return _constrain(
        rng, Project(start=PROJECT_START, tasks=tasks, links=links, calendar=CALENDAR)
    )


def _constrain(rng: random.Random, project: Project) -> Project:
    """Give a few tasks constraints dated the way a scheduler would date them: near where the
    logic puts them (start no earlier than a little later, finish no later than a little
    before or after, must start on about there)."""
    times = compute(project).tasks
    tasks = []
    for task in project.tasks:
        pick = rng.random()
        dated = times[task.uid]
        if task.milestone or dated.summary or pick >= 0.017:
            tasks.append(task)
            continue
        if pick < 0.01:
            constraint = Constraint.SNET
            at = dated.early_start + timedelta(days=rng.randint(0, 20), hours=rng.choice((0, 4)))
        elif pick < 0.015:
            constraint = Constraint.FNLT
            at = dated.early_finish + timedelta(days=rng.randint(-5, 30))
        else:
            constraint = Constraint.MSO
            at = dated.early_start + timedelta(days=rng.randint(0, 10))
        tasks.append(replace(task, constraint=constraint, constraint_date=at))
    return replace(project, tasks=tasks)


def _leaf(rng: random.Random, uid: int, parent: int) -> Task:
    roll = rng.random()
    if roll < 0.05:
        return Task(uid=uid, name=f"Milestone {uid}", duration=0, milestone=True, parent=parent)
    duration = rng.randint(1, 20) * DAY if rng.random() < 0.9 else rng.choice((60, 240, 720))
    return Task(
        uid=uid,
        name=f"Task {uid}",
        duration=duration,
        parent=parent,
    )


def _link(rng: random.Random, predecessor: int, successor: int) -> Link:
    roll = rng.random()
    link_type = (
        LinkType.FS
        if roll < 0.8
        else LinkType.SS
        if roll < 0.9
        else LinkType.FF
        if roll < 0.97
        else LinkType.SF
    )
    lag_roll = rng.random()
    if lag_roll < 0.12:
        return Link(predecessor, successor, link_type, rng.randint(1, 10) * DAY // 2)
    if lag_roll < 0.16:
        return Link(predecessor, successor, link_type, -rng.randint(1, 4) * DAY)
    if lag_roll < 0.19:
        elapsed = rng.choice((1, 2, 7)) * 1440 + rng.choice((0, 0, 90))
        return Link(predecessor, successor, link_type, elapsed, LagUnit.ELAPSED)
    return Link(predecessor, successor, link_type)


# -- the straightforward implementation --------------------------------------------------------


class PlainCalendar:
    """Working time the plain way: walk the days, one period at a time."""

    def __init__(self, spec: CalendarSpec) -> None:
        self.spec = spec
        self.exceptions = {}
        for exception in spec.exceptions:
            day = exception.start
            while day <= exception.end:
                self.exceptions[day] = exception.working_times
                day += timedelta(days=1)
        self.federal = holidays.country_holidays("US", years=range(2024, 2035))

    @cache  # noqa: B019 - one calendar per benchmark run
    def periods(self, day: date) -> tuple[tuple[datetime, datetime], ...]:
        if day in self.exceptions:
            times = self.exceptions[day]
        elif day in self.federal:
            times = ()
        else:
            times = self.spec.week[day.weekday()]
        midnight = datetime(day.year, day.month, day.day)
        return tuple(
            (midnight + timedelta(minutes=a), midnight + timedelta(minutes=b)) for a, b in times
        )

    def as_start(self, moment: datetime) -> datetime:
        """The next working minute's start at or after ``moment``."""
        day = moment.date()
        while True:
            for begin, end in self.periods(day):
                if moment < end:
                    return max(moment, begin)
            day += timedelta(days=1)
            moment = datetime(day.year, day.month, day.day)

    def as_finish(self, moment: datetime) -> datetime:
        """The end of the working time at or before ``moment``."""
        day = moment.date()
        while True:
            for begin, end in reversed(self.periods(day)):
                if moment > begin:
                    return min(moment, end)
            day -= timedelta(days=1)
            moment = datetime(day.year, day.month, day.day) + timedelta(days=1)

    def add(self, moment: datetime, minutes: int, *, finish: bool) -> datetime:
        """``minutes`` working minutes after (before, when negative) ``moment``, as a finish
        (end of the working time reached) or a start (the next working minute)."""
        if minutes == 0:
            return self.as_finish(moment) if finish else self.as_start(moment)
        day = moment.date()
        left = abs(minutes)
        if minutes > 0:
            while True:
                for begin, end in self.periods(day):
                    if end <= moment:
                        continue
                    begin = max(begin, moment)
                    room = int((end - begin).total_seconds() // 60)
                    if left <= room:
                        reached = begin + timedelta(minutes=left)
                        return reached if finish else self.as_start(reached)
                    left -= room
                day += timedelta(days=1)
        while True:
            for begin, end in reversed(self.periods(day)):
                if begin >= moment:
                    continue
                end = min(end, moment)
                room = int((end - begin).total_seconds() // 60)
                if left <= room:
                    reached = end - timedelta(minutes=left)
                    return self.as_finish(reached) if finish else self.as_start(reached)
                left -= room
            day -= timedelta(days=1)

    def between(self, first: datetime, second: datetime) -> int:
        """Working minutes from ``first`` to ``second`` (negative when ``second`` is earlier)."""
        if second < first:
            return -self.between(second, first)
        total = 0
        day = first.date()
        while day <= second.date():
            for begin, end in self.periods(day):
                low = max(begin, first)
                high = min(end, second)
                if high > low:
                    total += int((high - low).total_seconds() // 60)
            day += timedelta(days=1)
        return total


def networkx_schedule(project: Project) -> dict[int, tuple[datetime, datetime, datetime, datetime]]:
    """Early and late dates of each non-summary task, computed with networkx and datetimes,
    for the projects ``generate`` makes (links between non-summary tasks, no progress)."""
    calendar = PlainCalendar(project.calendar)
    summaries = {t.parent for t in project.tasks if t.parent is not None}
    graph = nx.DiGraph()
    for each in project.tasks:
        if each.uid not in summaries:
            graph.add_node(each.uid, task=each)
    for each_link in project.links:
        graph.add_edge(each_link.predecessor, each_link.successor, link=each_link)
    start = calendar.as_start(project.start)
    order = list(nx.topological_sort(graph))
    early: dict[int, tuple[datetime, datetime]] = {}

    def shifted(moment: datetime, link: Link, *, finish: bool) -> datetime:
        if link.lag_unit is LagUnit.ELAPSED:
            reached = moment + timedelta(minutes=link.lag)
            return calendar.as_finish(reached) if finish else calendar.as_start(reached)
        return calendar.add(moment, link.lag, finish=finish)

    for uid in order:
        task: Task = graph.nodes[uid]["task"]
        es = start
        for pred in graph.predecessors(uid):
            link: Link = graph.edges[pred, uid]["link"]
            p_start, p_finish = early[pred]
            if link.type is LinkType.FS:
                es = max(es, shifted(p_finish, link, finish=False))
            elif link.type is LinkType.SS:
                es = max(es, shifted(p_start, link, finish=False))
            else:
                source = p_finish if link.type is LinkType.FF else p_start
                bound = shifted(source, link, finish=True)
                es = max(es, calendar.add(bound, -task.duration, finish=False))
        if task.constraint is Constraint.SNET and task.constraint_date is not None:
            es = max(es, calendar.as_start(task.constraint_date))
        elif task.constraint is Constraint.MSO and task.constraint_date is not None:
            es = calendar.as_start(task.constraint_date)
        early[uid] = (es, calendar.add(es, task.duration, finish=True))
    project_finish = max(f for _, f in early.values())
    late: dict[int, tuple[datetime, datetime]] = {}
    for uid in reversed(order):
        task = graph.nodes[uid]["task"]
        lf = project_finish
        for succ in graph.successors(uid):
            link = graph.edges[uid, succ]["link"]
            s_start, s_finish = late[succ]
            target = s_finish if link.type in (LinkType.FF, LinkType.SF) else s_start
            if link.lag_unit is LagUnit.ELAPSED:
                # The latest predecessor date whose elapsed lag still reaches the target.
                from_finish = link.type in (LinkType.FS, LinkType.FF)
                reach = calendar.as_start(target)
                moment = reach - timedelta(minutes=link.lag)
                bound = calendar.as_finish(moment) if from_finish else calendar.as_start(moment)
                while calendar.as_start(bound + timedelta(minutes=link.lag)) > reach:
                    bound = calendar.add(bound, -1, finish=from_finish)
            else:
                bound = calendar.add(target, -link.lag, finish=True)
            if link.type in (LinkType.SS, LinkType.SF):
                bound = calendar.add(bound, task.duration, finish=True)
            lf = min(lf, calendar.as_finish(bound))
        if task.constraint is Constraint.MSO and task.constraint_date is not None:
            lf = calendar.add(calendar.as_start(task.constraint_date), task.duration, finish=True)
        elif task.constraint is Constraint.FNLT and task.constraint_date is not None:
            lf = min(lf, calendar.as_finish(task.constraint_date))
        late[uid] = (calendar.add(lf, -task.duration, finish=False), lf)
    return {uid: (*early[uid], *late[uid]) for uid in order}


# -- measuring ---------------------------------------------------------------------------------


def _time(
    function: Callable[[], object], repeat: int, *, collect_first: bool = True
) -> tuple[float, object]:
    """Median wall time in milliseconds and the last result. ``collect_first`` runs a full
    collection before each call, so garbage left by an earlier run is not charged to the next;
    the engine pauses the collector itself, and a full collection of a large heap just before
    it would only time how cold that leaves the processor's caches."""
    timings = []
    result: object = None
    for _ in range(repeat):
        if collect_first:
            gc.collect()
        began = time.perf_counter()
        result = function()
        timings.append((time.perf_counter() - began) * 1000)
    return statistics.median(timings), result


def _same_dates(result: Result, plain: dict[int, tuple[datetime, datetime, datetime, datetime]]):
    """Raise when the engine and the networkx implementation disagree on any date."""
    differences = []
    for uid, (es, ef, ls, lf) in plain.items():
        times = result.tasks[uid]
        if times.early_start == times.early_finish:
            # The engine shows a milestone at the end of what it follows; compare instants.
            continue
        mine = (times.early_start, times.early_finish, times.late_start, times.late_finish)
        if mine != (es, ef, ls, lf):
            differences.append((uid, mine, (es, ef, ls, lf)))
    if differences:
        raise AssertionError(f"{len(differences)} tasks differ, e.g. {differences[:3]}")


def run() -> dict[str, float]:
    """The figures: engine times for 10,000 and 100,000 tasks, the networkx time on the same
    100,000-task project, and the speed-up."""
    small = generate(10_000, seed=10)
    compute(small)  # warm the holiday tables and code paths once
    small_ms, _ = _time(lambda: compute(small), 7, collect_first=False)
    # Each size is timed as a process serving it would hold it: the 100,000-task project is
    # built only after the 10,000-task figure is taken.
    large = generate(100_000, seed=100)
    large_ms, result = _time(lambda: compute(large), 3, collect_first=False)
    plain_ms, plain = _time(lambda: networkx_schedule(large), 1)
    assert isinstance(result, Result)
    assert isinstance(plain, dict)
    _same_dates(result, plain)
    return {
        "engine_10k_ms": round(small_ms, 1),
        "engine_100k_ms": round(large_ms, 1),
        "networkx_100k_ms": round(plain_ms, 1),
        "speedup_vs_networkx": round(plain_ms / large_ms, 1),
        "links_100k": float(len(large.links)),
    }


def main() -> None:
    figures = run()
    print(f"engine, 10,000 tasks:    {figures['engine_10k_ms']:8.1f} ms (target < 50)")
    print(f"engine, 100,000 tasks:   {figures['engine_100k_ms']:8.1f} ms (target < 1000)")
    print(f"networkx, 100,000 tasks: {figures['networkx_100k_ms']:8.1f} ms (same dates)")
    print(f"speed-up: {figures['speedup_vs_networkx']:.1f}x (target >= 2x)")


if __name__ == "__main__":
    main()
