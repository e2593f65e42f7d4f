"""The DCMA 14-point schedule assessment: plain data in (the project, its computed result, the
agreed baseline, who has a responsible person), fourteen ``CheckResult`` out. No Django.

The population most checks count over is DCMA's "incomplete tasks": tasks and milestones that
are not summary tasks and not 100% complete. Each check's docstring says where it counts over
something else (links, tasks baselined to finish by the status date, ...). A check that cannot
be measured (no status date, no baseline, nothing to count) is not applicable: ``passed`` is
None and ``note`` says why, so a reviewer never reads "pass" for a test that did not run.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime

from schedule.engine import cpm
from schedule.engine.calendar import WorkCalendar
from schedule.engine.errors import ScheduleError
from schedule.engine.model import (
    HARD_CONSTRAINTS,
    Link,
    LinkType,
    Project,
    Result,
    Task,
    TaskType,
)


@dataclass(frozen=True, slots=True)
class BaselineDates:
    """One task's dates in the agreed baseline (duration in working minutes)."""

    start: datetime | None = None
    finish: datetime | None = None
    duration: int | None = None


@dataclass(frozen=True, slots=True)
class Thresholds:
    """DCMA's usual thresholds. Percentages are of the check's population; a ``*_max`` is the
    most that passes, a ``*_min`` the least."""

    missing_logic_max: float = 5.0
    leads_max: float = 0.0
    lags_max: float = 5.0
    finish_to_start_min: float = 90.0
    hard_constraints_max: float = 5.0
    high_float_days: int = 44
    high_float_max: float = 5.0
    negative_float_max: float = 0.0
    high_duration_days: int = 44
    high_duration_max: float = 5.0
    invalid_dates_max: float = 0.0
    #: Tasks without a responsible person; DCMA asks that every task has one.
    missing_resources_max: float = 0.0
    missed_tasks_max: float = 5.0
    #: The delay check 12 adds to a critical task, in working days: large enough to dominate
    #: any parallel path, as DCMA intends.
    critical_path_delay_days: int = 600
    cpli_min: float = 0.95
    bei_min: float = 0.95


@dataclass(frozen=True, slots=True)
class CheckResult:
    number: int
    key: str
    name: str
    threshold: str  # for people: "≤ 5%"
    value: float | None  # a percentage, an index or working days; None when not measured
    value_text: str  # "3.2% (4 of 125)"
    passed: bool | None  # None: not applicable, ``note`` says why
    offending: tuple[int, ...] = ()  # task uids, in outline order
    note: str = ""


def assess(
    project: Project,
    result: Result,
    *,
    baseline: Mapping[int, BaselineDates] | None,
    thresholds: Thresholds = Thresholds(),
) -> tuple[CheckResult, ...]:
    """The fourteen checks, in DCMA's order."""
    facts = _Facts(project, result, baseline or {})
    # Check 10 counts a task as resourced when it has an assignment (a person or role, a
    # material or a cost item) or a fixed cost: DCMA's "neither resources nor cost".
    assigned = frozenset(assignment.task for assignment in project.assignments) | frozenset(
        task.uid for task in project.tasks if task.fixed_cost > 0
    )
    t = thresholds
    return (
        _missing_logic(facts, t),
        _leads(facts, t),
        _lags(facts, t),
        _relationship_types(facts, t),
        _hard_constraints(facts, t),
        _high_float(facts, t),
        _negative_float(facts, t),
        _high_duration(facts, t),
        _invalid_dates(facts, t),
        _resources(facts, assigned, t),
        _missed_tasks(facts, t),
        _critical_path_test(facts, t),
        _cpli(facts, t),
        _bei(facts, t),
    )


# -- what the checks share ------------------------------------------------------------------


class _Facts:
    """The project read once: which tasks are summaries, complete, in the population, and the
    links of each task."""

    def __init__(
        self, project: Project, result: Result, baseline: Mapping[int, BaselineDates]
    ) -> None:
        self.project = project
        self.result = result
        self.baseline = baseline
        self.tasks: dict[int, Task] = {t.uid: t for t in project.tasks}
        self.order = {t.uid: i for i, t in enumerate(project.tasks)}
        parents = {t.parent for t in project.tasks if t.parent is not None}
        self.summaries = frozenset(
            t.uid for t in project.tasks if t.uid in parents or _times_summary(result, t.uid)
        )
        self.detail: tuple[Task, ...] = tuple(
            t for t in project.tasks if t.uid not in self.summaries
        )
        self.complete = frozenset(t.uid for t in project.tasks if self.is_complete(t))
        #: DCMA's "incomplete tasks": not summary tasks, not 100% complete; milestones in.
        self.incomplete: tuple[Task, ...] = tuple(
            t for t in self.detail if t.uid not in self.complete
        )
        self.predecessors: dict[int, list[Link]] = {}
        self.successors: dict[int, list[Link]] = {}
        for link in project.links:
            self.successors.setdefault(link.predecessor, []).append(link)
            self.predecessors.setdefault(link.successor, []).append(link)
        #: Links into incomplete tasks: the logic that still drives the forecast.
        self.open_links: tuple[Link, ...] = tuple(
            link
            for link in project.links
            if link.successor in self.tasks and link.successor not in self.complete
        )
        self._calendar: WorkCalendar | None = None

    def is_complete(self, task: Task) -> bool:
        times = self.result.tasks.get(task.uid)
        percent = times.percent_complete if times is not None else task.percent_complete
        return task.actual_finish is not None or percent >= 100

    @property
    def calendar(self) -> WorkCalendar:
        if self._calendar is None:
            self._calendar = WorkCalendar(self.project.calendar)
        return self._calendar

    def working_minutes(self, start: datetime, finish: datetime) -> int:
        return self.calendar.to_minutes(finish) - self.calendar.to_minutes(start)

    def days(self, minutes: int) -> float:
        return minutes / self.project.minutes_per_day

    def outline_sorted(self, uids: Iterable[int]) -> tuple[int, ...]:
        return tuple(sorted(set(uids), key=lambda uid: self.order.get(uid, len(self.order))))


def _times_summary(result: Result, uid: int) -> bool:
    times = result.tasks.get(uid)
    return times is not None and times.summary


def _ratio_check(
    number: int,
    key: str,
    name: str,
    *,
    offending: Sequence[int],
    bad: int | None = None,
    total: int,
    limit: float,
    at_least: bool = False,
    empty_note: str,
    note: str = "",
    counted: str = "",
) -> CheckResult:
    """A check measured as a percentage of a population against a maximum (or, with
    ``at_least``, a minimum). ``bad`` counts the offending items (``offending`` are the uids to
    show, by default one per item); an ``at_least`` check measures the share of good ones."""
    threshold = f"{'≥' if at_least else '≤'} {_number(limit)}%"
    if limit == 0 and not at_least:
        threshold = "= 0"
    if total == 0:
        return CheckResult(
            number, key, name, threshold, None, "Not applicable", None, (), empty_note
        )
    bad = len(offending) if bad is None else bad
    count = total - bad if at_least else bad
    percent = 100.0 * count / total
    # Compared in integers: 1 of 20 is exactly 5%, which passes "≤ 5%".
    passed = count * 100 >= limit * total if at_least else count * 100 <= limit * total
    text = f"{percent:.1f}% ({count:,} of {total:,}{f' {counted}' if counted else ''})"
    return CheckResult(number, key, name, threshold, percent, text, passed, tuple(offending), note)


def _number(value: float) -> str:
    return f"{value:g}"


# -- the fourteen checks -----------------------------------------------------------------------


def _missing_logic(f: _Facts, t: Thresholds) -> CheckResult:
    """1. Incomplete tasks without a predecessor or without a successor. The schedule's first
    task may lack a predecessor and its last task a successor. A link to or from a summary task
    counts for the summary only: DCMA asks for logic on the tasks themselves."""
    first, last = _first_and_last(f)
    offending = [
        task.uid
        for task in f.incomplete
        if (not _linked(f.predecessors, task.uid, f) and task.uid != first)
        or (not _linked(f.successors, task.uid, f) and task.uid != last)
    ]
    return _ratio_check(
        1,
        "missing_logic",
        "Logic",
        offending=offending,
        total=len(f.incomplete),
        limit=t.missing_logic_max,
        empty_note="No incomplete tasks.",
        note="Incomplete tasks and milestones missing a predecessor, a successor or both; "
        "the first and last task may lack one side.",
    )


def _linked(links: Mapping[int, list[Link]], uid: int, f: _Facts) -> bool:
    return any(
        link.predecessor in f.tasks and link.successor in f.tasks for link in links.get(uid, ())
    )


def _first_and_last(f: _Facts) -> tuple[int | None, int | None]:
    """The task that opens the schedule (earliest start, first in outline order) and the one
    that closes it (latest finish, last in outline order), among all non-summary tasks."""
    if not f.detail:
        return None, None
    times = f.result.tasks
    known = [task for task in f.detail if task.uid in times]
    if not known:
        return None, None
    first = min(known, key=lambda task: (times[task.uid].start, f.order[task.uid]))
    last = max(known, key=lambda task: (times[task.uid].finish, f.order[task.uid]))
    return first.uid, last.uid


def _link_check(
    f: _Facts,
    number: int,
    key: str,
    name: str,
    *,
    is_offending: Callable[[Link], bool],
    limit: float,
    at_least: bool = False,
    note: str,
) -> CheckResult:
    """A check over the links into incomplete tasks; the offending tasks are the successors
    of the offending links, each listed once."""
    flagged = [link for link in f.open_links if is_offending(link)]
    return _ratio_check(
        number,
        key,
        name,
        offending=f.outline_sorted(link.successor for link in flagged),
        bad=len(flagged),
        total=len(f.open_links),
        limit=limit,
        at_least=at_least,
        empty_note="No links into incomplete tasks.",
        note=note,
        counted="links",
    )


def _leads(f: _Facts, t: Thresholds) -> CheckResult:
    """2. Links into incomplete tasks with a lead (a negative lag); offending tasks are the
    successors."""
    return _link_check(
        f,
        2,
        "leads",
        "Leads",
        is_offending=lambda link: link.lag < 0,
        limit=t.leads_max,
        note="Links into incomplete tasks with a negative lag; the successors are listed.",
    )


def _lags(f: _Facts, t: Thresholds) -> CheckResult:
    """3. Links into incomplete tasks with a positive lag."""
    return _link_check(
        f,
        3,
        "lags",
        "Lags",
        is_offending=lambda link: link.lag > 0,
        limit=t.lags_max,
        note="Links into incomplete tasks with a positive lag; the successors are listed.",
    )


def _relationship_types(f: _Facts, t: Thresholds) -> CheckResult:
    """4. The share of finish-to-start links among links into incomplete tasks; offending
    tasks are the successors of the other types."""
    return _link_check(
        f,
        4,
        "relationship_types",
        "Relationship types",
        is_offending=lambda link: link.type != LinkType.FS,
        limit=t.finish_to_start_min,
        at_least=True,
        note="Share of finish-to-start links; successors of SS, FF and SF links are listed.",
    )


def _hard_constraints(f: _Facts, t: Thresholds) -> CheckResult:
    """5. Incomplete tasks with a hard constraint (must start/finish on, start/finish no
    later than)."""
    return _ratio_check(
        5,
        "hard_constraints",
        "Hard constraints",
        offending=[task.uid for task in f.incomplete if task.constraint in HARD_CONSTRAINTS],
        total=len(f.incomplete),
        limit=t.hard_constraints_max,
        empty_note="No incomplete tasks.",
        note="Must start on, must finish on, start no later than, finish no later than.",
    )


def _high_float(f: _Facts, t: Thresholds) -> CheckResult:
    """6. Incomplete tasks with more than ``high_float_days`` working days of total float."""
    limit = t.high_float_days * f.project.minutes_per_day
    times = f.result.tasks
    return _ratio_check(
        6,
        "high_float",
        "High float",
        offending=[
            task.uid
            for task in f.incomplete
            if task.uid in times and times[task.uid].total_float > limit
        ],
        total=len(f.incomplete),
        limit=t.high_float_max,
        empty_note="No incomplete tasks.",
        note=f"Total float over {t.high_float_days} working days.",
    )


def _negative_float(f: _Facts, t: Thresholds) -> CheckResult:
    """7. Incomplete tasks with negative total float (a constraint or deadline the logic
    cannot meet)."""
    times = f.result.tasks
    return _ratio_check(
        7,
        "negative_float",
        "Negative float",
        offending=[
            task.uid
            for task in f.incomplete
            if task.uid in times and times[task.uid].total_float < 0
        ],
        total=len(f.incomplete),
        limit=t.negative_float_max,
        empty_note="No incomplete tasks.",
        note="Total float below zero.",
    )


def _high_duration(f: _Facts, t: Thresholds) -> CheckResult:
    """8. Incomplete tasks (milestones excluded: they have no duration) longer than
    ``high_duration_days`` working days, measured on the baseline duration where the agreed
    baseline has one, as DCMA does, and on the current duration otherwise."""
    limit = t.high_duration_days * f.project.minutes_per_day
    tasks = [task for task in f.incomplete if not task.milestone]

    def duration(task: Task) -> int:
        planned = f.baseline.get(task.uid)
        if planned is not None and planned.duration is not None:
            return planned.duration
        times = f.result.tasks.get(task.uid)
        return times.duration if times is not None else task.duration

    return _ratio_check(
        8,
        "high_duration",
        "High duration",
        offending=[task.uid for task in tasks if duration(task) > limit],
        total=len(tasks),
        limit=t.high_duration_max,
        empty_note="No incomplete tasks with a duration.",
        note=f"Duration over {t.high_duration_days} working days (baseline duration where the "
        "agreed baseline has one).",
    )


def _invalid_dates(f: _Facts, t: Thresholds) -> CheckResult:
    """9. Tasks (complete ones too) with a forecast date before the status date on work not
    yet done (an unstarted task's start, an unfinished task's finish), an actual date after
    the status date, or an actual date before the project start (nothing was done on a
    project before it began)."""
    status = f.project.status_date
    start = f.project.start
    name = "Invalid dates"
    threshold = "= 0" if t.invalid_dates_max == 0 else f"≤ {_number(t.invalid_dates_max)}%"

    def before_start(task: Task) -> bool:
        return any(d is not None and d < start for d in (task.actual_start, task.actual_finish))

    if status is None and not any(before_start(task) for task in f.detail):
        return CheckResult(
            9, "invalid_dates", name, threshold, None, "Not applicable", None, (),
            "The schedule has no status date.",
        )  # fmt: skip
    offending = []
    for task in f.detail:
        times = f.result.tasks.get(task.uid)
        if times is None:
            continue
        started = task.actual_start is not None or times.percent_complete > 0
        finished = task.uid in f.complete
        if before_start(task) or (
            status is not None
            and (
                (task.actual_start is not None and task.actual_start > status)
                or (task.actual_finish is not None and task.actual_finish > status)
                or (not started and times.start < status)
                or (not finished and times.finish < status)
            )
        ):
            offending.append(task.uid)
    return _ratio_check(
        9,
        "invalid_dates",
        name,
        offending=offending,
        total=len(f.detail),
        limit=t.invalid_dates_max,
        empty_note="No tasks.",
        note="Forecast dates before the status date, actual dates after it, or actual dates "
        "before the project start.",
    )


def _resources(f: _Facts, assigned: frozenset[int], t: Thresholds) -> CheckResult:
    """10. Incomplete tasks with a duration (milestones excluded: they take no work) with
    neither resources nor cost."""
    tasks = [task for task in f.incomplete if not task.milestone]
    result = _ratio_check(
        10,
        "resources",
        "Resources",
        offending=[task.uid for task in tasks if task.uid not in assigned],
        total=len(tasks),
        limit=t.missing_resources_max,
        empty_note="No incomplete tasks with a duration.",
        note="Incomplete tasks with a duration but neither resources nor cost.",
    )
    if t.missing_resources_max == 0:
        result = replace(result, threshold="All tasks have one")
    return result


def _baselined_by_status(f: _Facts) -> tuple[list[Task], datetime] | str:
    """Tasks baselined to finish on or before the status date, or why there are none to
    count."""
    status = f.project.status_date
    if status is None:
        return "The schedule has no status date."
    if not f.baseline:
        return "There is no agreed baseline."
    due = [
        task
        for task in f.detail
        if (planned := f.baseline.get(task.uid)) is not None
        and planned.finish is not None
        and planned.finish.date() <= status.date()
    ]
    if not due:
        return "No task was baselined to finish by the status date."
    return due, status


def _missed_tasks(f: _Facts, t: Thresholds) -> CheckResult:
    """11. Of the tasks baselined to finish by the status date, those that finished after
    their baseline finish date or have not finished. Dates are compared by day, as DCMA
    does."""
    threshold = f"≤ {_number(t.missed_tasks_max)}%"
    counted = _baselined_by_status(f)
    if isinstance(counted, str):
        return CheckResult(
            11, "missed_tasks", "Missed tasks", threshold, None, "Not applicable", None, (),
            counted,
        )  # fmt: skip
    due, _status = counted
    missed = []
    for task in due:
        planned = f.baseline[task.uid].finish
        assert planned is not None
        finished_on = _finished_on(f, task)
        if finished_on is None or finished_on.date() > planned.date():
            missed.append(task.uid)
    return _ratio_check(
        11,
        "missed_tasks",
        "Missed tasks",
        offending=missed,
        total=len(due),
        limit=t.missed_tasks_max,
        empty_note="",
        note="Tasks baselined to finish by the status date that finished late or not at all.",
    )


def _finished_on(f: _Facts, task: Task) -> datetime | None:
    if task.actual_finish is not None:
        return task.actual_finish
    if task.uid in f.complete:
        times = f.result.tasks.get(task.uid)
        return times.finish if times is not None else None
    return None


def _critical_path_test(f: _Facts, t: Thresholds) -> CheckResult:
    """12. Add ``critical_path_delay_days`` to the remaining work of the first incomplete
    critical task (one not started yet where there is one; milestones cannot take a duration,
    so the first with one) and recompute: the project
    finish must move by exactly that much. If it does not, the critical path is broken (a
    constraint, a missing link or a wrong link type stops the delay)."""
    name, threshold = "Critical path test", "Finish moves by the delay"
    delay = t.critical_path_delay_days * f.project.minutes_per_day
    candidates = [
        uid
        for uid in f.result.critical_path
        if uid in f.tasks
        and uid not in f.summaries
        and uid not in f.complete
        and not f.tasks[uid].milestone
    ]
    if not candidates:
        return CheckResult(
            12, "critical_path_test", name, threshold, None, "Not applicable", None, (),
            "No incomplete critical task with a duration to delay.",
        )  # fmt: skip
    # A task not started yet takes the delay on its duration. One under way has its done
    # part fixed, so its remaining work grows instead: the delay follows it as work of its own
    # that its finish-driven successors (FS, FF) now wait on.
    unstarted = [u for u in candidates if not _started(f.tasks[u])]
    uid = (unstarted or candidates)[0]
    target = f.tasks[uid]
    if unstarted:
        # The duration it was scheduled with (its assignments' when it has them), held as a
        # fixed duration so that work and units do not take the delay back.
        longer = f.result.tasks[uid].duration + delay
        tasks = tuple(
            replace(task, duration=longer, type=TaskType.FIXED_DURATION)
            if task.uid == uid
            else task
            for task in f.project.tasks
        )
        links = tuple(f.project.links)
    else:
        extra = max(f.tasks) + 1
        tasks = (*f.project.tasks, Task(extra, "delay", delay, parent=target.parent))
        links = (
            *(
                replace(link, predecessor=extra)
                if link.predecessor == uid and link.type in (LinkType.FS, LinkType.FF)
                else link
                for link in f.project.links
            ),
            Link(uid, extra),
        )
    try:
        delayed = cpm.compute(replace(f.project, tasks=tasks, links=links))
    except ScheduleError as error:
        return CheckResult(
            12, "critical_path_test", name, threshold, None, "Could not recompute", False,
            (uid,), f"Delaying {_label(f, uid)} makes the schedule invalid: {error}",
        )  # fmt: skip
    moved = f.working_minutes(f.result.finish, delayed.finish)
    passed = moved == delay
    text = f"Finish moved {_days_text(f.days(moved))} of {_days_text(f.days(delay))} working days"
    note = f"Delayed {_label(f, uid)} by {t.critical_path_delay_days} working days."
    if not passed:
        note += " The finish did not move by the same amount: the critical path is broken."
    return CheckResult(
        12,
        "critical_path_test",
        name,
        threshold,
        f.days(moved),
        text,
        passed,
        () if passed else (uid,),
        note,
    )


def _started(task: Task) -> bool:
    return task.actual_start is not None or task.percent_complete > 0


def _label(f: _Facts, uid: int) -> str:
    name = f.tasks[uid].name
    return f"{name} (UID {uid})" if name else f"UID {uid}"


def _days_text(days: float) -> str:
    return f"{days:,.1f}".removesuffix(".0")


def _cpli(f: _Facts, t: Thresholds) -> CheckResult:
    """13. Critical path length index, (CPL + TF) / CPL: CPL is the working time from the
    status date (the project start without one) to the forecast finish; TF is the float of
    the forecast finish against its target, the agreed baseline's finish (the latest baseline
    finish) or, without a baseline, the deadline of the task that finishes the project.
    Without either target TF is 0 and CPLI is 1.0."""
    name = "Critical path length index (CPLI)"
    threshold = f"≥ {t.cpli_min:.2f}"
    status = f.project.status_date
    origin = status if status is not None and status > f.result.start else f.result.start
    cpl = f.working_minutes(origin, f.result.finish)
    if cpl <= 0:
        return CheckResult(
            13, "cpli", name, threshold, None, "Not applicable", None, (),
            "No work remains between the status date and the finish.",
        )  # fmt: skip
    target, source = _finish_target(f)
    if target is None:
        float_minutes = 0
        note = "No agreed baseline or deadline to measure the finish against: float 0."
    else:
        float_minutes = f.working_minutes(f.result.finish, target)
        note = (
            f"Critical path {_days_text(f.days(cpl))} working days; "
            f"float against the {source} {_days_text(f.days(float_minutes))} days."
        )
    index = (cpl + float_minutes) / cpl
    offending = () if index >= t.cpli_min else tuple(_finishers(f))
    return CheckResult(
        13, "cpli", name, threshold, index, f"{index:.2f}", index >= t.cpli_min, offending, note
    )


def _finishers(f: _Facts) -> list[int]:
    """The non-summary tasks that finish the project."""
    return [
        task.uid
        for task in f.detail
        if (times := f.result.tasks.get(task.uid)) is not None and times.finish == f.result.finish
    ]


def _finish_target(f: _Facts) -> tuple[datetime | None, str]:
    finishes = [d.finish for d in f.baseline.values() if d.finish is not None]
    if finishes:
        return max(finishes), "baseline finish"
    deadlines = [
        deadline for uid in _finishers(f) if (deadline := f.tasks[uid].deadline) is not None
    ]
    if deadlines:
        return min(deadlines), "deadline"
    return None, ""


def _bei(f: _Facts, t: Thresholds) -> CheckResult:
    """14. Baseline execution index: tasks finished (whenever they were baselined) over tasks
    baselined to finish by the status date. Offending tasks are those baselined to finish by
    then that have not."""
    name = "Baseline execution index (BEI)"
    threshold = f"≥ {t.bei_min:.2f}"
    counted = _baselined_by_status(f)
    if isinstance(counted, str):
        return CheckResult(14, "bei", name, threshold, None, "Not applicable", None, (), counted)
    due, _status = counted
    finished = [task for task in f.detail if task.uid in f.complete]
    index = len(finished) / len(due)
    unfinished = tuple(task.uid for task in due if task.uid not in f.complete)
    passed = index >= t.bei_min
    return CheckResult(
        14,
        "bei",
        name,
        threshold,
        index,
        f"{index:.2f} ({len(finished):,} finished of {len(due):,} due)",
        passed,
        () if passed else unfinished,
        "Tasks finished over tasks baselined to finish by the status date.",
    )
