"""Reads of the schedule pages: the schedule of a program, its summary, the task table's rows
with their predecessors and successors, and the variance against the agreed baseline.

Every read here runs a fixed number of queries whatever the number of tasks: the tasks in one
query, their dependencies in another, the agreed baseline's tasks in a third. Permissions are
answered per owner party (three at most), not per task.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from functools import cached_property

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Q
from django.http import Http404

from programs import policy
from programs.choices import JOINT_OWNERS, DocumentStatus
from programs.models import Membership, Program
from schedule.choices import ChangeRequestStatus, LagUnitChoice, LinkTypeChoice
from schedule.clock import to_engine
from schedule.engine.calendar import WorkCalendar
from schedule.gantt import GanttRow
from schedule.models import (
    Baseline,
    BaselineTask,
    ChangeRequest,
    Dependency,
    Resource,
    Schedule,
    Task,
)
from schedule.selectors.resources import resource_labels
from schedule.services.baselines import agreed_baseline
from schedule.services.compute import calendar_spec

AnyUser = AbstractBaseUser | AnonymousUser


# -- the schedule of a program --------------------------------------------------------------


def schedule_of(program: Program) -> Schedule | None:
    """The program's schedule, or None; ``schedule.program`` is the program given, so policy
    checks on it and its tasks ask nothing more of the database."""
    schedule = Schedule.objects.filter(program=program).first()
    if schedule is not None:
        schedule.program = program
    return schedule


class ScheduleMissing(Http404):
    """The program has no schedule yet. Its pages answer members with the invitation to start
    or import one (schedule.views.invitation); anything else treats it as any 404."""

    def __init__(self, program: Program) -> None:
        super().__init__("The program has no schedule.")
        self.program = program


def schedule_get(program: Program) -> Schedule:
    schedule = schedule_of(program)
    if schedule is None:
        raise ScheduleMissing(program)
    return schedule


def may_change_schedule(user: AnyUser, program: Program) -> bool:
    """May ``user`` start, import or change the schedule's settings (a shared object)?"""
    return policy.can(user, "change", Schedule(program=program))


def editable_parties(user: AnyUser, program: Program) -> frozenset[str]:
    """The owner parties whose tasks ``user`` may change: a shared task needs an editing role
    of either party, a customer or provider task one of that party."""
    return frozenset(
        party for party in JOINT_OWNERS if policy.can_change_party(user, program, party)
    )


def task_get(schedule: Schedule, uid: int) -> Task:
    task = (
        Task.objects.filter(schedule=schedule, uid=uid)
        .select_related("responsible", "parent")
        .first()
    )
    if task is None:
        raise Http404("No such task.")
    task.schedule = schedule
    return task


def changeable_task(user: AnyUser, schedule: Schedule, uid: int) -> Task:
    """The task ``uid`` when ``user`` may change it; a 404 alike for missing and forbidden."""
    task = task_get(schedule, uid)
    if not policy.can(user, "change", task):
        raise Http404("No such task.")
    return task


def dependency_get(user: AnyUser, schedule: Schedule, pk: int) -> Dependency:
    """A dependency ``user`` may change (its successor's owner party decides), else a 404."""
    dependency = (
        Dependency.objects.filter(schedule=schedule, pk=pk)
        .select_related("predecessor", "successor")
        .first()
    )
    if dependency is None:
        raise Http404("No such dependency.")
    dependency.schedule = schedule
    dependency.successor.schedule = schedule
    dependency.predecessor.schedule = schedule
    if not policy.can(user, "change", dependency):
        raise Http404("No such dependency.")
    return dependency


def members(program: Program) -> list[Membership]:
    """Who may be made responsible for a task: the program's members."""
    return list(
        Membership.objects.filter(program=program)
        .select_related("user")
        .order_by("user__last_name", "user__first_name", "user__username")
    )


# -- working days ---------------------------------------------------------------------------


def days(minutes: int | None, per_day: int) -> float | None:
    """Working minutes as working days, as people read them (two decimals at most)."""
    if minutes is None:
        return None
    return round(minutes / (per_day or 480), 2)


def days_text(minutes: int | None, per_day: int) -> str:
    value = days(minutes, per_day)
    if value is None:
        return ""
    return f"{value:g}"


def lag_text(lag: int, unit: str, per_day: int) -> str:
    """+2d, -1d, +3ed (elapsed days), as Microsoft Project writes lags; "" for none."""
    if not lag:
        return ""
    if unit == LagUnitChoice.ELAPSED:
        # Elapsed lags are counted round the clock: a day is 24 hours.
        amount = round(lag / 1440, 2)
        return f"{amount:+g}ed"
    return f"{round(lag / (per_day or 480), 2):+g}d"


def link_text(uid: int, link_type: str, lag: int, unit: str, per_day: int) -> str:
    """ "5" for a plain finish-to-start link, "5SS+2d" otherwise."""
    lag_part = lag_text(lag, unit, per_day)
    if link_type == LinkTypeChoice.FS and not lag_part:
        return str(uid)
    return f"{uid}{link_type}{lag_part}"


@dataclass(frozen=True, slots=True)
class DateText:
    """A date as the table prints it: ``label`` for people, ``iso`` for <time datetime>."""

    iso: str
    label: str


def date_text(value: datetime | None) -> DateText | None:
    """4 Jan 2027, in the schedule's wall-clock time (formatted here, not in the template,
    because the table prints thousands of them)."""
    moment = to_engine(value)
    if moment is None:
        return None
    return DateText(moment.date().isoformat(), f"{moment.day} {moment:%b %Y}")


class VarianceClock:
    """Working-day differences between forecast and baseline dates, on the schedule's own
    calendar (a finish that slips over a weekend slips by working days, not calendar days)."""

    def __init__(self, schedule: Schedule) -> None:
        self.calendar = WorkCalendar(calendar_spec(schedule.calendar))
        self.per_day = schedule.minutes_per_day or 480

    def days_between(self, baseline: datetime | None, forecast: datetime | None) -> float | None:
        """Positive: the forecast is later than the baseline (a slip)."""
        a, b = to_engine(baseline), to_engine(forecast)
        if a is None or b is None:
            return None
        return round((self.calendar.to_minutes(b) - self.calendar.to_minutes(a)) / self.per_day, 2)


# -- the schedule's summary -----------------------------------------------------------------


@dataclass(frozen=True)
class ScheduleSummary:
    schedule: Schedule
    task_count: int
    milestone_count: int
    summary_count: int
    critical_count: int
    agreed: Baseline | None
    in_review: Baseline | None
    open_change_requests: int
    finish_variance_days: float | None
    baseline_finish: datetime | None


def schedule_summary(schedule: Schedule) -> ScheduleSummary:
    rows = list(
        Task.objects.filter(schedule=schedule).values_list(
            "is_summary", "is_milestone", "is_critical"
        )
    )
    agreed = agreed_baseline(schedule)
    in_review = (
        Baseline.objects.filter(schedule=schedule, version__status=DocumentStatus.IN_REVIEW)
        .select_related("version")
        .order_by("-number")
        .first()
    )
    open_requests = ChangeRequest.objects.filter(
        schedule=schedule, status=ChangeRequestStatus.PROPOSED
    ).count()
    variance = None
    if agreed is not None and schedule.finish is not None:
        variance = VarianceClock(schedule).days_between(agreed.finish, schedule.finish)
    return ScheduleSummary(
        schedule=schedule,
        task_count=sum(1 for summary, _, _ in rows if not summary),
        milestone_count=sum(1 for summary, milestone, _ in rows if milestone and not summary),
        summary_count=sum(1 for summary, _, _ in rows if summary),
        critical_count=sum(1 for summary, _, critical in rows if critical and not summary),
        agreed=agreed,
        in_review=in_review,
        open_change_requests=open_requests,
        finish_variance_days=variance,
        baseline_finish=agreed.finish if agreed else None,
    )


# -- the task table -------------------------------------------------------------------------


@dataclass(frozen=True)
class LinkRow:
    """One dependency as a task's page lists it: the task at the other end, type and lag."""

    dependency: Dependency
    other_uid: int
    other_name: str
    other_wbs: str
    type_label: str
    lag_text: str
    text: str


@dataclass
class TaskRow:
    task: Task
    per_day: int
    can_change: bool
    predecessors: list[LinkRow] = field(default_factory=list)
    successors: list[LinkRow] = field(default_factory=list)
    baseline_start: datetime | None = None
    baseline_finish: datetime | None = None
    finish_variance_days: float | None = None
    #: The predecessors as text, when the row was read without its links (a window).
    predecessors_label: str | None = None
    #: A summary task's link that collapses (or expands) it, and whether it is collapsed.
    toggle_url: str = ""
    collapsed: bool = False
    #: Its resources with their units ("Analyst [50%], Licences"), when read with them.
    resources_label: str = ""

    @property
    def uid(self) -> int:
        return self.task.uid

    @cached_property
    def duration_days(self) -> str:
        return days_text(self.task.duration, self.per_day)

    @cached_property
    def total_float_days(self) -> str:
        return days_text(self.task.total_float, self.per_day)

    @cached_property
    def free_float_days(self) -> str:
        return days_text(self.task.free_float, self.per_day)

    @cached_property
    def start(self) -> DateText | None:
        return date_text(self.task.start)

    @cached_property
    def finish(self) -> DateText | None:
        return date_text(self.task.finish)

    @cached_property
    def baseline_finish_text(self) -> DateText | None:
        return date_text(self.baseline_finish)

    @property
    def owner_code(self) -> str:
        """C, P or S: the responsibility code of M3."""
        return {"customer": "C", "provider": "P"}.get(self.task.owner_party, "S")

    @property
    def responsible_name(self) -> str:
        person = self.task.responsible
        if person is None:
            return ""
        return person.get_full_name() or person.get_username()

    @property
    def predecessors_text(self) -> str:
        if self.predecessors_label is not None:
            return self.predecessors_label
        return ", ".join(link.text for link in self.predecessors)

    @property
    def successors_text(self) -> str:
        return ", ".join(link.text for link in self.successors)

    @property
    def indent(self) -> str:
        return f"{max(self.task.outline_level - 1, 0) * 1.25:g}rem"

    @property
    def dom_id(self) -> str:
        return f"task-{self.task.uid}"

    @property
    def work_hours(self) -> str:
        return f"{round(self.task.work / 60, 2):,g}"

    @property
    def actual_cost(self) -> Decimal | None:
        """An actual cost entered for the task wins over the one computed from actual work."""
        if self.task.actual_cost is not None:
            return self.task.actual_cost
        return self.task.computed_actual_cost

    @property
    def slipped(self) -> bool:
        return bool(self.finish_variance_days and self.finish_variance_days > 0)


@dataclass(frozen=True)
class TaskTable:
    schedule: Schedule
    rows: list[TaskRow]
    baseline: Baseline | None
    can_add: bool
    #: The Work, Cost and Actual cost columns: the Cost table, for whoever may see money
    #: (``policy.can_see_costs``).
    shows_costs: bool = False
    #: Whether the user may choose the Cost table at all.
    offers_costs: bool = False
    #: The Resources column, for a schedule with resources.
    shows_resources: bool = True

    @property
    def has_baseline(self) -> bool:
        return self.baseline is not None

    @property
    def column_count(self) -> int:
        # ID, UID, WBS, Name, Duration, Start, Finish, Predecessors, Resources, Total float,
        # % complete, Owner, Responsible, Critical, Actions; two more with a baseline, three
        # with money.
        return (
            14
            + (1 if self.shows_resources else 0)
            + (2 if self.baseline is not None else 0)
            + (3 if self.shows_costs else 0)
        )


def _link_rows(
    dependencies: Iterable[Dependency], by_pk: dict[int, Task], per_day: int
) -> tuple[dict[int, list[LinkRow]], dict[int, list[LinkRow]]]:
    predecessors: dict[int, list[LinkRow]] = defaultdict(list)
    successors: dict[int, list[LinkRow]] = defaultdict(list)
    types = dict(LinkTypeChoice.choices)
    for d in dependencies:
        before, after = by_pk[d.predecessor_id], by_pk[d.successor_id]
        lag = lag_text(d.lag, d.lag_unit, per_day)
        predecessors[after.pk].append(
            LinkRow(
                dependency=d,
                other_uid=before.uid,
                other_name=before.name,
                other_wbs=before.wbs,
                type_label=str(types.get(d.type, d.type)),
                lag_text=lag,
                text=link_text(before.uid, d.type, d.lag, d.lag_unit, per_day),
            )
        )
        successors[before.pk].append(
            LinkRow(
                dependency=d,
                other_uid=after.uid,
                other_name=after.name,
                other_wbs=after.wbs,
                type_label=str(types.get(d.type, d.type)),
                lag_text=lag,
                text=link_text(after.uid, d.type, d.lag, d.lag_unit, per_day),
            )
        )
    return predecessors, successors


def baseline_tasks(baseline: Baseline | None) -> dict[int, BaselineTask]:
    if baseline is None:
        return {}
    return {b.uid: b for b in BaselineTask.objects.filter(baseline=baseline)}


def task_table(
    schedule: Schedule, user: AnyUser, *, baseline: Baseline | bool | None = True
) -> TaskTable:
    """Every task in outline order with its links and, when the parties agreed a baseline,
    its baseline finish and finish variance. ``baseline=True`` looks the agreed one up."""
    program = schedule.program
    agreed = agreed_baseline(schedule) if baseline is True else baseline or None
    tasks = list(
        Task.objects.filter(schedule=schedule).select_related("responsible").order_by("position")
    )
    by_pk = {t.pk: t for t in tasks}
    dependencies = list(
        Dependency.objects.filter(schedule=schedule).order_by(
            "successor__position", "predecessor__position"
        )
    )
    predecessors, successors = _link_rows(dependencies, by_pk, schedule.minutes_per_day)
    parties = editable_parties(user, program)
    frozen = baseline_tasks(agreed)
    clock = VarianceClock(schedule) if agreed is not None else None
    rows = []
    for task in tasks:
        task.schedule = schedule
        row = TaskRow(
            task=task,
            per_day=schedule.minutes_per_day,
            can_change=task.owner_party in parties,
            predecessors=predecessors.get(task.pk, []),
            successors=successors.get(task.pk, []),
        )
        kept = frozen.get(task.uid)
        if kept is not None and clock is not None:
            row.baseline_start = kept.start
            row.baseline_finish = kept.finish
            row.finish_variance_days = clock.days_between(kept.finish, task.finish)
        rows.append(row)
    return TaskTable(
        schedule=schedule,
        rows=rows,
        baseline=agreed,
        can_add=bool(parties),
    )


def task_page_table(schedule: Schedule, user: AnyUser, uid: int) -> TaskTable | None:
    """The row of task ``uid`` with every predecessor and successor, as the task's own page
    shows it (None when there is no such task): a handful of queries that read the task and
    its neighbours only, whatever the size of the schedule."""
    task = Task.objects.filter(schedule=schedule, uid=uid).select_related("responsible").first()
    if task is None:
        return None
    agreed = agreed_baseline(schedule)
    dependencies = list(
        Dependency.objects.filter(schedule=schedule)
        .filter(Q(successor=task) | Q(predecessor=task))
        .order_by("successor__position", "predecessor__position")
    )
    neighbours = {d.predecessor_id for d in dependencies} | {d.successor_id for d in dependencies}
    by_pk = {t.pk: t for t in Task.objects.filter(pk__in=neighbours - {task.pk})}
    by_pk[task.pk] = task
    predecessors, successors = _link_rows(dependencies, by_pk, schedule.minutes_per_day)
    task.schedule = schedule
    row = TaskRow(
        task=task,
        per_day=schedule.minutes_per_day,
        can_change=task.owner_party in editable_parties(user, schedule.program),
        predecessors=predecessors.get(task.pk, []),
        successors=successors.get(task.pk, []),
    )
    if agreed is not None:
        kept = BaselineTask.objects.filter(baseline=agreed, uid=uid).first()
        if kept is not None:
            row.baseline_start = kept.start
            row.baseline_finish = kept.finish
            row.finish_variance_days = VarianceClock(schedule).days_between(
                kept.finish, task.finish
            )
    return TaskTable(schedule=schedule, rows=[row], baseline=agreed, can_add=row.can_change)


def owner_parties(schedule: Schedule, pks: Iterable[int]) -> dict[int, str]:
    """The owner party of each task of ``pks``."""
    return dict(
        Task.objects.filter(schedule=schedule, pk__in=list(pks)).values_list("pk", "owner_party")
    )


def task_rows(
    schedule: Schedule,
    user: AnyUser,
    pks: Sequence[int],
    *,
    baseline: Baseline | None,
    cost_table: bool = False,
) -> TaskTable:
    """The rows of the tasks ``pks`` (a window of the table, or one row), in that order, each
    with its predecessors as text: three queries (four with ``baseline``) whatever the size
    of the schedule, as no other task is read."""
    per_day = schedule.minutes_per_day
    sees_costs = policy.can_see_costs(user, schedule.program)
    by_pk = {
        t.pk: t
        for t in Task.objects.filter(pk__in=pks, schedule=schedule).select_related("responsible")
    }
    links: dict[int, list[str]] = defaultdict(list)
    for successor, uid, type_, lag, unit in (
        Dependency.objects.filter(successor_id__in=by_pk)
        .order_by("successor_id", "predecessor__position")
        .values_list("successor_id", "predecessor__uid", "type", "lag", "lag_unit")
    ):
        links[successor].append(link_text(uid, type_, lag, unit, per_day))
    labels = resource_labels(by_pk)
    parties = editable_parties(user, schedule.program)
    frozen: dict[int, tuple[datetime, datetime]] = {}
    if baseline is not None:
        frozen = {
            uid: (start, finish)
            for uid, start, finish in BaselineTask.objects.filter(
                baseline=baseline, uid__in=[t.uid for t in by_pk.values()]
            ).values_list("uid", "start", "finish")
        }
    clock = VarianceClock(schedule) if baseline is not None else None
    rows = []
    for pk in pks:
        task = by_pk.get(pk)
        if task is None:
            continue
        task.schedule = schedule
        row = TaskRow(
            task=task,
            per_day=per_day,
            can_change=task.owner_party in parties,
            predecessors_label=", ".join(links.get(pk, ())),
            resources_label=labels.get(pk, ""),
        )
        kept = frozen.get(task.uid)
        if kept is not None and clock is not None:
            row.baseline_start, row.baseline_finish = kept
            row.finish_variance_days = clock.days_between(kept[1], task.finish)
        rows.append(row)
    return TaskTable(
        schedule=schedule,
        rows=rows,
        baseline=baseline,
        can_add=bool(parties),
        shows_costs=cost_table and sees_costs,
        offers_costs=sees_costs,
        shows_resources=bool(labels) or Resource.objects.filter(schedule=schedule).exists(),
    )


def task_row(schedule: Schedule, user: AnyUser, uid: int) -> TaskRow:
    """One row of the table (what "Cancel" of an inline edit puts back)."""
    task = Task.objects.filter(schedule=schedule, uid=uid).values_list("pk", flat=True).first()
    rows = task_rows(schedule, user, [task] if task else [], baseline=agreed_baseline(schedule))
    if not rows.rows:
        raise Http404("No such task.")
    return rows.rows[0]


def summary_tasks(schedule: Schedule) -> list[Task]:
    """Tasks a new task may go under (any task: a task given children becomes a summary)."""
    return list(
        Task.objects.filter(schedule=schedule)
        .only("pk", "uid", "wbs", "name", "owner_party")
        .order_by("position")
    )


# -- the Gantt chart ------------------------------------------------------------------------


def gantt_rows(
    schedule: Schedule, baseline: Baseline | None, pks: Sequence[int] | None = None
) -> list[GanttRow]:
    """Plain rows for ``schedule.gantt.gantt_chart``: every task, or those of ``pks`` (a page
    of the chart). Two queries, three with a baseline."""
    queryset = Task.objects.filter(schedule=schedule)
    if pks is not None:
        queryset = queryset.filter(pk__in=pks)
    tasks = list(
        queryset.order_by("position").values_list(
            "pk",
            "uid",
            "wbs",
            "name",
            "outline_level",
            "parent_id",
            "is_summary",
            "is_milestone",
            "is_critical",
            "start",
            "finish",
            "percent_complete",
            "duration",
            "total_float",
        )
    )
    per_day = schedule.minutes_per_day
    uid_of = {pk: uid for pk, uid, *_ in tasks}
    # A parent outside the page is left out (None): no group of the page holds the row.
    frozen = (
        baseline_tasks(baseline)
        if pks is None or baseline is None
        else {
            b.uid: b
            for b in BaselineTask.objects.filter(baseline=baseline, uid__in=[t[1] for t in tasks])
        }
    )
    rows = []
    for (
        _pk,
        uid,
        wbs,
        name,
        level,
        parent_id,
        summary,
        milestone,
        critical,
        start,
        finish,
        percent,
        duration,
        total_float,
    ) in tasks:
        if start is None or finish is None:
            continue
        kept = frozen.get(uid)
        rows.append(
            GanttRow(
                uid=uid,
                wbs=wbs,
                name=name,
                outline_level=level,
                parent=uid_of.get(parent_id) if parent_id else None,
                is_summary=summary,
                is_milestone=milestone,
                is_critical=critical,
                start=_naive(start),
                finish=_naive(finish),
                baseline_start=_naive(kept.start) if kept else None,
                baseline_finish=_naive(kept.finish) if kept else None,
                percent_complete=percent,
                duration_days=days(duration, per_day),
                total_float_days=days(total_float, per_day),
            )
        )
    return rows


def _naive(value: datetime) -> datetime:
    moment = to_engine(value)
    assert moment is not None
    return moment


def responsible_uids(tasks: Sequence[Task]) -> frozenset[int]:
    return frozenset(t.uid for t in tasks if t.responsible_id is not None)


def today() -> date:
    from django.utils import timezone

    return timezone.localdate()
