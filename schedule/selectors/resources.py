"""Reads of the resource pages: the resource sheet, a task's assignments, the resources
column of the task table and the resource usage view.

Money follows ``programs.policy``: rates only where ``can_see_rates`` allows (answered per
owner party, three at most, never per resource), costs only where ``can_see_costs`` does; a
row read for someone who may not see them carries none, so no template can show them.

Costs are what every computation stores (``Assignment.computed_cost``, ``Task.computed_cost``,
rolled up the WBS): no page prices the schedule again.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.paginator import Page, Paginator
from django.db.models import Prefetch
from django.http import Http404
from django.utils import timezone

from programs import policy
from programs.choices import JOINT_OWNERS
from programs.errors import DomainError
from schedule.choices import ResourceTypeChoice, TaskTypeChoice
from schedule.engine.allocation import OverAllocation, over_allocations, resource_usage
from schedule.engine.errors import ScheduleError
from schedule.engine.model import Project, Result
from schedule.engine.timephase import Period, period_label
from schedule.interchange.data import ScheduleData
from schedule.models import Assignment, Resource, ResourceRate, Schedule, Task
from schedule.services.compute import compute_data, schedule_data

AnyUser = AbstractBaseUser | AnonymousUser

#: What an edit changes, one sentence per task type (Microsoft Project's rules, as
#: ``schedule.services.assignments`` applies them).
TASK_TYPE_RULES = {
    TaskTypeChoice.FIXED_UNITS: (
        "Fixed units: changing work or units changes the duration; changing the duration "
        "changes the work."
    ),
    TaskTypeChoice.FIXED_WORK: (
        "Fixed work: changing work or units changes the duration; changing the duration "
        "changes the units."
    ),
    TaskTypeChoice.FIXED_DURATION: (
        "Fixed duration: the duration stays; changing units changes the work and changing "
        "work changes the units."
    ),
}
EFFORT_DRIVEN_RULES = {
    True: (
        "Effort-driven: adding or removing a resource keeps the task's total work, shared "
        "again in proportion to units."
    ),
    False: "Not effort-driven: a resource added brings its own work; the others keep theirs.",
}


def hours(minutes: int | None) -> str:
    """Working minutes as hours, as people read work (``12``, ``7.5``)."""
    if minutes is None:
        return ""
    return f"{round(minutes / 60, 2):,g}"


# -- money: who sees what -------------------------------------------------------------------


@dataclass(frozen=True)
class MoneySight:
    """What ``user`` may see of the schedule's money: costs, and rates per owner party."""

    costs: bool
    rates: frozenset[str]
    change: frozenset[str]
    change_rates: frozenset[str]

    def sees_rates(self, resource: Resource) -> bool:
        return resource.owner_party in self.rates

    @property
    def any_rates(self) -> bool:
        return bool(self.rates)


def money_sight(user: AnyUser, schedule: Schedule) -> MoneySight:
    program = schedule.program
    rates, change, change_rates = set(), set(), set()
    for party in JOINT_OWNERS:
        probe = Resource(schedule=schedule, owner_party=party)
        if policy.can_see_rates(user, program, probe):
            rates.add(party)
        if policy.can(user, "change", probe):
            change.add(party)
            if party in rates:
                change_rates.add(party)
    return MoneySight(
        costs=policy.can_see_costs(user, program),
        rates=frozenset(rates),
        change=frozenset(change),
        change_rates=frozenset(change_rates),
    )


@dataclass(frozen=True)
class Computed:
    """The schedule computed from what is stored."""

    data: ScheduleData
    project: Project
    result: Result


def computed(schedule: Schedule) -> Computed | None:
    """The stored schedule computed again (None when the engine refuses it as it stands)."""
    try:
        data = schedule_data(schedule)
        project = data.to_project()
        result = compute_data(data)
    except (DomainError, ScheduleError):
        return None
    return Computed(data=data, project=project, result=result)


# -- the resource sheet ---------------------------------------------------------------------


def calendar_name(resource: Resource) -> str:
    if resource.type != ResourceTypeChoice.WORK:
        return "None (not a work resource)"
    if resource.calendar is None:
        return "Project calendar"
    return str(resource.calendar.get("name") or "Its own calendar")


@dataclass
class ResourceRow:
    resource: Resource
    #: Its rate table, ascending; empty when the user may not see its rates.
    rates: list[ResourceRate]
    shows_rates: bool
    can_change: bool
    can_change_rates: bool
    work: int = 0
    assignment_count: int = 0
    cost: Decimal | None = None

    @property
    def uid(self) -> int:
        return self.resource.uid

    @property
    def stands_for(self) -> str:
        member = self.resource.member
        if member is not None:
            return member.get_full_name() or member.get_username()
        return self.resource.role

    @property
    def calendar_name(self) -> str:
        return calendar_name(self.resource)

    @property
    def work_hours(self) -> str:
        return hours(self.work)

    @property
    def current_rate(self) -> ResourceRate | None:
        """The rate in effect today (the first one before any starts)."""
        today = timezone.localdate()
        current = None
        for rate in self.rates:
            if rate.effective is None or rate.effective <= today:
                current = rate
        return current or (self.rates[0] if self.rates else None)


@dataclass(frozen=True)
class ResourceSheet:
    schedule: Schedule
    rows: list[ResourceRow]
    sight: MoneySight
    can_add: bool
    #: Costs came from the engine (the schedule could be computed).


def _rates_prefetch() -> Prefetch:
    return Prefetch("rates", queryset=ResourceRate.objects.order_by("effective", "pk"))


def _sorted_rates(resource: Resource) -> list[ResourceRate]:
    return sorted(
        resource.rates.all(), key=lambda r: (r.effective is not None, r.effective or date.min)
    )


def resource_sheet(schedule: Schedule, user: AnyUser, *, sight: MoneySight) -> ResourceSheet:
    """Every resource of the schedule with what it is assigned: three queries (resources
    with the people they stand for, their rates, their assignments' work and cost), whatever
    their number; costs only when the user may see them."""
    resources = list(
        Resource.objects.filter(schedule=schedule)
        .select_related("member")
        .prefetch_related(_rates_prefetch())
        .order_by("name", "uid")
    )
    work: dict[int, int] = defaultdict(int)
    count: dict[int, int] = defaultdict(int)
    uid_cost: dict[int, Decimal] = defaultdict(Decimal)
    for resource_id, minutes, cost in Assignment.objects.filter(schedule=schedule).values_list(
        "resource_id", "work", "computed_cost"
    ):
        work[resource_id] += minutes
        count[resource_id] += 1
        uid_cost[resource_id] += cost or Decimal(0)
    rows = []
    for resource in resources:
        resource.schedule = schedule
        shows = sight.sees_rates(resource)
        rows.append(
            ResourceRow(
                resource=resource,
                rates=_sorted_rates(resource) if shows else [],
                shows_rates=shows,
                can_change=resource.owner_party in sight.change,
                can_change_rates=resource.owner_party in sight.change_rates,
                work=work[resource.pk],
                assignment_count=count[resource.pk],
                cost=uid_cost[resource.pk] if sight.costs else None,
            )
        )
    return ResourceSheet(
        schedule=schedule,
        rows=rows,
        sight=sight,
        can_add=bool(sight.change),
    )


def resource_get(schedule: Schedule, uid: int) -> Resource:
    resource = (
        Resource.objects.filter(schedule=schedule, uid=uid)
        .select_related("member")
        .prefetch_related(_rates_prefetch())
        .first()
    )
    if resource is None:
        raise Http404("No such resource.")
    resource.schedule = schedule
    return resource


def changeable_resource(user: AnyUser, schedule: Schedule, uid: int) -> Resource:
    """The resource ``uid`` when ``user`` may change it; a 404 alike for missing and
    forbidden."""
    resource = resource_get(schedule, uid)
    if not policy.can(user, "change", resource):
        raise Http404("No such resource.")
    return resource


def resource_rates(resource: Resource) -> list[ResourceRate]:
    return _sorted_rates(resource)


def resource_choices(schedule: Schedule) -> list[Resource]:
    """The resources a task may be given, by name."""
    return list(
        Resource.objects.filter(schedule=schedule)
        .only("pk", "uid", "name", "type")
        .order_by("name")
    )


# -- a task's assignments -------------------------------------------------------------------


@dataclass
class AssignmentRow:
    assignment: Assignment
    cost: Decimal | None = None

    @property
    def uid(self) -> int:
        return self.assignment.uid

    @property
    def resource(self) -> Resource:
        return self.assignment.resource

    @property
    def is_work(self) -> bool:
        return self.assignment.resource.type == ResourceTypeChoice.WORK

    @property
    def work_hours(self) -> str:
        return hours(self.assignment.work)

    @property
    def actual_hours(self) -> str:
        return hours(self.assignment.actual_work)

    @property
    def remaining_hours(self) -> str:
        return hours(self.assignment.remaining)

    @property
    def dom_id(self) -> str:
        return f"assignment-{self.assignment.uid}"


@dataclass(frozen=True)
class TaskAssignments:
    task: Task
    rows: list[AssignmentRow]
    shows_costs: bool
    can_change: bool
    type_rule: str
    effort_rule: str


def task_assignments(task: Task, *, sight: MoneySight, can_change: bool) -> TaskAssignments:
    """The task's assignments with their resources (one query)."""
    assignments = list(
        Assignment.objects.filter(task=task).select_related("resource").order_by("resource__name")
    )
    rows = []
    for a in assignments:
        a.task = task
        rows.append(AssignmentRow(assignment=a, cost=a.computed_cost if sight.costs else None))
    return TaskAssignments(
        task=task,
        rows=rows,
        shows_costs=sight.costs,
        can_change=can_change and not task.is_summary,
        type_rule=TASK_TYPE_RULES.get(TaskTypeChoice(task.task_type), ""),
        effort_rule=EFFORT_DRIVEN_RULES[bool(task.effort_driven)],
    )


def assignment_get(user: AnyUser, schedule: Schedule, uid: int) -> Assignment:
    """An assignment ``user`` may change (its task's owner party decides), else a 404."""
    assignment = (
        Assignment.objects.filter(schedule=schedule, uid=uid)
        .select_related("task", "resource")
        .first()
    )
    if assignment is None:
        raise Http404("No such assignment.")
    assignment.schedule = schedule
    assignment.task.schedule = schedule
    if not policy.can(user, "change", assignment.task):
        raise Http404("No such assignment.")
    return assignment


# -- the task table's resources column ------------------------------------------------------


def resource_labels(task_pks: Iterable[int]) -> dict[int, str]:
    """Each task's resources as the task table shows them ("Analyst [50%], Licences"), one
    query for the whole window."""
    labels: dict[int, list[str]] = defaultdict(list)
    for task_id, name, units, kind in (
        Assignment.objects.filter(task_id__in=list(task_pks))
        .order_by("task_id", "resource__name")
        .values_list("task_id", "resource__name", "units", "resource__type")
    ):
        shown = f"{name} [{units}%]" if kind == ResourceTypeChoice.WORK and units != 100 else name
        labels[task_id].append(shown)
    return {pk: ", ".join(names) for pk, names in labels.items()}


def resource_labels_by_uid(schedule: Schedule, task_uids: Iterable[int]) -> dict[int, str]:
    """The same, keyed by task UID (the Gantt's rows carry UIDs)."""
    labels: dict[int, list[str]] = defaultdict(list)
    for uid, name, units, kind in (
        Assignment.objects.filter(schedule=schedule, task__uid__in=list(task_uids))
        .order_by("task__uid", "resource__name")
        .values_list("task__uid", "resource__name", "units", "resource__type")
    ):
        shown = f"{name} [{units}%]" if kind == ResourceTypeChoice.WORK and units != 100 else name
        labels[uid].append(shown)
    return {uid: ", ".join(names) for uid, names in labels.items()}


# -- resource usage -------------------------------------------------------------------------

#: Periods shown at once, and resources a page.
USAGE_PERIODS = 12
USAGE_RESOURCES = 50
USAGE_PERIOD_CHOICES = {"week": Period.WEEK, "month": Period.MONTH}


@dataclass(frozen=True)
class UsageCell:
    minutes: int
    over: OverAllocation | None

    @property
    def hours(self) -> str:
        return hours(self.minutes) if self.minutes else ""


@dataclass
class UsageRow:
    uid: int
    name: str
    max_units: int
    cells: list[UsageCell]
    total: int

    @property
    def total_hours(self) -> str:
        return hours(self.total)

    @property
    def over_count(self) -> int:
        return sum(1 for cell in self.cells if cell.over is not None)


@dataclass(frozen=True)
class OverAllocationLine:
    resource: str
    period: str
    assigned_units: int
    max_units: int
    assignments: list[tuple[int, str, str]]  # (task uid, task name, units text)


@dataclass
class ResourceUsage:
    period: str
    labels: list[str]
    rows: list[UsageRow]
    page: Page  # of resources
    first: int  # index of the first period shown
    period_count: int
    over: list[OverAllocationLine] = field(default_factory=list)
    over_total: int = 0
    computed: bool = True

    @property
    def earlier(self) -> int | None:
        return max(0, self.first - USAGE_PERIODS) if self.first > 0 else None

    @property
    def later(self) -> int | None:
        following = self.first + USAGE_PERIODS
        return following if following < self.period_count else None

    @property
    def last(self) -> int:
        return min(self.first + USAGE_PERIODS, self.period_count)


def resource_usage_view(
    schedule: Schedule, *, period: str, first: int, page: int | str | None
) -> ResourceUsage:
    """Work hours of each work resource in each week or month, over-allocated periods marked,
    from the stored schedule computed again. A window of ``USAGE_PERIODS`` periods from
    ``first`` and a page of ``USAGE_RESOURCES`` resources: the work is computed once, the
    page sends only what it shows."""
    kind = USAGE_PERIOD_CHOICES.get(period, Period.WEEK)
    resources = list(
        Resource.objects.filter(schedule=schedule, type=ResourceTypeChoice.WORK)
        .only("pk", "uid", "name", "max_units")
        .order_by("name", "uid")
    )
    paginator = Paginator(resources, USAGE_RESOURCES)
    shown = paginator.get_page(page)
    done = computed(schedule)
    if done is None:
        return ResourceUsage(str(kind), [], [], shown, 0, 0, computed=False)
    usage = resource_usage(done.project, done.result, kind)
    overs = over_allocations(done.project, done.result, kind)
    keys = sorted({key for series in usage.values() for key in series})
    first = max(0, min(first, max(len(keys) - 1, 0)))
    window = keys[first : first + USAGE_PERIODS]
    over_at = {(o.resource, o.period): o for o in overs}
    rows = []
    for resource in shown.object_list:
        series = usage.get(resource.uid, {})
        rows.append(
            UsageRow(
                uid=resource.uid,
                name=resource.name,
                max_units=resource.max_units,
                cells=[
                    UsageCell(series.get(key, 0), over_at.get((resource.uid, key)))
                    for key in window
                ],
                total=sum(series.values()),
            )
        )
    view = ResourceUsage(
        period=str(kind),
        labels=[period_label(key, kind) for key in window],
        rows=rows,
        page=shown,
        first=first,
        period_count=len(keys),
    )
    view.over, view.over_total = _over_lines(done, overs, rows, set(window), kind)
    return view


def _over_lines(
    done: Computed,
    overs: Sequence[OverAllocation],
    rows: Sequence[UsageRow],
    window: set[date],
    kind: Period,
) -> tuple[list[OverAllocationLine], int]:
    """The over-allocations of the resources and periods shown, each with the assignments
    working in it; and how many there are in the whole schedule."""
    names = {row.uid: row.name for row in rows}
    tasks = {record.task.uid: record.task.name for record in done.data.records}
    by_uid = {a.uid: a for a in done.project.assignments}
    lines = []
    for over in overs:
        if over.resource not in names or over.period not in window:
            continue
        involved = [
            (by_uid[uid].task, tasks.get(by_uid[uid].task, ""), f"{by_uid[uid].units}%")
            for uid in over.assignments
            if uid in by_uid
        ]
        lines.append(
            OverAllocationLine(
                resource=names[over.resource],
                period=period_label(over.period, kind),
                assigned_units=over.assigned_units,
                max_units=over.max_units,
                assignments=involved,
            )
        )
    return lines, len(overs)
