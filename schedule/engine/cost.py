"""What a resource- and cost-loaded schedule costs: per assignment, per task, rolled up.

Money is summed in integer cents so that a summary is exactly the sum of its parts, and
turned into ``Decimal`` dollars at the edge. The exact value of an assignment is worked out
in integers too (a rate is a ratio of integers) and rounded half up to the cent once.

How an assignment costs (as Microsoft Project costs it, with the default accruals):

* a work resource's work is spread flat over the assignment's working time (from its start
  to its finish on its calendar) and each part is priced at the standard rate in effect when
  it happens, so a rate change mid-assignment splits the cost; plus the per-use cost once, at
  the rate row in effect at the start;
* a material resource's quantity is spread and priced the same way, per unit;
* a cost resource costs the amount entered on the assignment.

Actuals: an entered ``actual_cost`` wins. Otherwise a work assignment's actual work is taken
as done from its start at the same pace, and priced where it falls; a material or cost
assignment has spent the task's percent complete of its amount (Microsoft Project derives
their actual work from the task's progress). The per-use cost is spent once the assignment
has started. Remaining cost is what the remaining work costs, so with no entered actual
``cost == actual + remaining``. An entered actual is a report of what was spent: it replaces
the actual, never the cost.

A task costs its assignments plus its fixed cost, accrued prorated over the task (its actual
part is the task's percent complete of it); a task's entered ``actual_cost`` replaces its
computed actual. A summary task adds its own costs (if any) to its children's.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import ROUND_HALF_UP, Decimal
from math import lcm

from .calendar import WorkCalendar, calendar_problems, shared_calendar
from .errors import Problem, ScheduleError
from .model import Assignment, CalendarSpec, Project, Resource, ResourceType, Result, Task

CENT = Decimal("0.01")
#: A minute before or after any schedule: the open ends of a rate table.
_NEVER = 10**15


def to_dollars(cents: int) -> Decimal:
    """Integer cents as dollars with two places (``Decimal('12.30')``)."""
    return Decimal(cents).scaleb(-2)


def to_cents(amount: Decimal) -> int:
    """Dollars to integer cents, half a cent rounded up (away from zero)."""
    return int((amount * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def round_half_up(numerator: int, denominator: int) -> int:
    """``numerator / denominator`` to the nearest integer, halves away from zero."""
    if denominator < 0:
        numerator, denominator = -numerator, -denominator
    quotient, remainder = divmod(abs(numerator), denominator)
    if 2 * remainder >= denominator:
        quotient += 1
    return quotient if numerator >= 0 else -quotient


@dataclass(frozen=True, slots=True)
class Cost:
    """Dollars of one assignment, task or roll-up."""

    cost: Decimal
    actual: Decimal
    remaining: Decimal


@dataclass(frozen=True, slots=True)
class Costs:
    """``tasks`` has every task, a summary rolled up from its children (and its own costs);
    ``total`` is the project's, the sum of the top-level tasks."""

    assignments: dict[int, Cost]
    tasks: dict[int, Cost]
    total: Cost


# -- validation -----------------------------------------------------------------------------


def validate_resources(project: Project) -> list[Problem]:
    """Everything wrong with the project's resources and assignments, each problem naming the
    resource, the assignment and (as ``Problem.task``) the task it is about. The scheduler
    calls it too, so a project it accepts can always be costed."""
    problems: list[Problem] = []
    resources: dict[int, Resource] = {}
    for resource in project.resources:
        if resource.uid in resources:
            problems.append(Problem(f"{_resource_label(resource)} is listed twice."))
        resources[resource.uid] = resource
        problems += _resource_problems(resource)
    tasks = {task.uid: task for task in project.tasks}
    seen: set[int] = set()
    for assignment in project.assignments:
        if assignment.uid in seen:
            problems.append(
                Problem(f"Assignment {assignment.uid} is listed twice.", assignment.task)
            )
        seen.add(assignment.uid)
        if not _plainly_valid(assignment, tasks, resources):
            problems += _assignment_problems(assignment, tasks, resources)
    return problems


def _plainly_valid(
    assignment: Assignment, tasks: dict[int, Task], resources: dict[int, Resource]
) -> bool:
    """The common case in one expression: validating 20,000 assignments field by field, by
    name, would take longer than costing them."""
    a = assignment
    return (
        a.task in tasks
        and a.resource in resources
        and a.units >= 0
        and a.work >= 0
        and a.actual_work >= 0
        and a.delay >= 0
        and a.quantity >= 0
        and (a.remaining_work is None or a.remaining_work >= 0)
        and (a.cost is None or a.cost >= 0)
        and (a.actual_cost is None or a.actual_cost >= 0)
    )


def _resource_label(resource: Resource) -> str:
    return (
        f"Resource {resource.name!r} (UID {resource.uid})"
        if resource.name
        else (f"Resource UID {resource.uid}")
    )


def _resource_problems(resource: Resource) -> list[Problem]:
    label = _resource_label(resource)
    problems: list[Problem] = []
    if resource.max_units < 0:
        problems.append(Problem(f"{label}: maximum units cannot be negative."))
    if resource.type is not ResourceType.WORK and resource.calendar is not None:
        problems.append(
            Problem(f"{label} is a {resource.type.value} resource and cannot have a calendar.")
        )
    elif resource.calendar is not None:
        problems += [
            Problem(f"{label}: {message}") for message in calendar_problems(resource.calendar)
        ]
    previous = None
    for position, rate in enumerate(resource.rates):
        for name in ("standard", "overtime", "per_use"):
            if getattr(rate, name) < 0:
                problems.append(
                    Problem(f"{label}: the {name.replace('_', ' ')} rate cannot be negative.")
                )
        if position and rate.effective is None:
            problems.append(Problem(f"{label}: only the first rate row may have no date."))
        elif previous is not None and rate.effective is not None and rate.effective <= previous:
            problems.append(
                Problem(
                    f"{label}: rate rows must be in ascending date order, one per date "
                    f"({rate.effective} comes after {previous})."
                )
            )
        previous = rate.effective if rate.effective is not None else previous
    return problems


def _assignment_problems(
    assignment: Assignment, tasks: dict[int, Task], resources: dict[int, Resource]
) -> list[Problem]:
    label = f"Assignment {assignment.uid}"
    task = tasks.get(assignment.task)
    resource = resources.get(assignment.resource)
    where = assignment.task if task is not None else None
    if task is not None and resource is not None:
        label += f" ({resource.name or f'resource {resource.uid}'} on {task.name or 'task'} "
        label += f"UID {task.uid})"
    problems: list[Problem] = []
    if task is None:
        problems.append(Problem(f"{label} is on task UID {assignment.task}, which is not here."))
    if resource is None:
        problems.append(
            Problem(f"{label} names resource UID {assignment.resource}, which is not here.", where)
        )
    fields = ("units", "work", "actual_work", "remaining_work", "delay", "quantity", "cost")
    for name in (*fields, "actual_cost"):
        value = getattr(assignment, name)
        if value is not None and value < 0:
            words = name.replace("_", " ")
            problems.append(Problem(f"{label}: {words} cannot be negative.", where))
    return problems


def _task_problems(project: Project) -> list[Problem]:
    problems = []
    for task in project.tasks:
        if task.fixed_cost < 0 or (task.actual_cost is not None and task.actual_cost < 0):
            problems.append(
                Problem(f"Task {task.name!r} (UID {task.uid}): costs cannot be negative.", task.uid)
            )
    return problems


# -- pricing one assignment -------------------------------------------------------------------


class Calendars:
    """One ``WorkCalendar`` per distinct ``CalendarSpec`` for one computation: the ones the
    scheduler keeps between runs (``shared_calendar``), so pricing does not build the day
    tables again. Looked up by identity first, the cheapest lookup for 20,000 assignments."""

    def __init__(self, origin: date) -> None:
        self.origin = origin
        self.by_id: dict[int, tuple[CalendarSpec, WorkCalendar]] = {}  # read by hot loops
        self._by_spec: dict[CalendarSpec, WorkCalendar] = {}

    def get(self, spec: CalendarSpec) -> WorkCalendar:
        found = self.by_id.get(id(spec))
        if found is not None and found[0] is spec:
            return found[1]
        calendar = self._by_spec.get(spec)
        if calendar is None:
            calendar = self._by_spec[spec] = shared_calendar(spec, self.origin)
        self.by_id[id(spec)] = (spec, calendar)
        return calendar


@dataclass(frozen=True, slots=True)
class RateTable:
    """A resource's standard rates on one calendar: segment ``i`` runs from working minute
    ``bounds[i]`` to ``bounds[i + 1]`` at ``rates[i] / denominator`` dollars (an hour or a
    unit). The first row applies from the start of time whatever its date says."""

    bounds: tuple[int, ...]
    rates: tuple[int, ...]
    denominator: int
    per_use: tuple[int, ...]  # cents

    def index_at(self, minute: int) -> int:
        return max(0, bisect_right(self.bounds, minute) - 1)


_FREE = RateTable((-_NEVER, _NEVER), (0,), 1, (0,))


def rate_table(resource: Resource, calendar: WorkCalendar) -> RateTable:
    if not resource.rates:
        return _FREE
    ratios = [rate.standard.as_integer_ratio() for rate in resource.rates]
    denominator = lcm(*(d for _, d in ratios))
    bounds = [-_NEVER]
    for rate in resource.rates[1:]:
        assert rate.effective is not None  # validated
        bounds.append(calendar.to_minutes(datetime.combine(rate.effective, time())))
    bounds.append(_NEVER)
    return RateTable(
        tuple(bounds),
        tuple(n * (denominator // d) for n, d in ratios),
        denominator,
        tuple(to_cents(rate.per_use) for rate in resource.rates),
    )


def value_cents(
    table: RateTable, start: int, span: int, total: int, part: int, divisor: int
) -> tuple[int, int]:
    """Exact cents, as (numerator, denominator), of the first ``part`` of ``total`` units
    spread flat over the ``span`` working minutes from ``start``, a unit costing the rate in
    effect when it happens divided by ``divisor`` (60 for minutes at an hourly rate). With no
    span or no total, everything happens at the start."""
    if part <= 0:
        return 0, 1
    if span <= 0 or total <= 0:
        return 100 * part * table.rates[table.index_at(start)], table.denominator * divisor
    if len(table.rates) == 1:
        return 100 * part * table.rates[0], table.denominator * divisor
    # Positions scaled by ``total`` keep the end of the part on an integer.
    low = start * total
    high = low + part * span
    weighted = 0
    bounds = table.bounds
    for index, rate in enumerate(table.rates):
        lo = max(low, bounds[index] * total)
        hi = min(high, bounds[index + 1] * total)
        if hi > lo:
            weighted += (hi - lo) * rate
    return 100 * weighted, span * table.denominator * divisor


@dataclass(slots=True)
class Priced:
    """One assignment placed and priced. ``amount`` units (working minutes for a work
    resource, the quantity's numerator for a material one, cents for a cost one) are spread
    over working minutes ``start`` to ``finish`` on ``calendar``; ``variable`` cents of the
    cost follow them and ``per_use`` cents happen at the start. (Not frozen: building 20,000
    frozen instances costs more than the pricing.)"""

    assignment: Assignment
    resource: Resource
    calendar: WorkCalendar
    start: int
    finish: int
    table: RateTable
    work: int  # working minutes at completion (0 for material and cost resources)
    variable: int  # cents
    per_use: int  # cents
    actual: int  # cents
    remaining: int  # cents

    @property
    def cost(self) -> int:
        return self.variable + self.per_use


class Pricer:
    """Prices the assignments of one project and result, sharing calendars and rate tables.
    Where the result has no times for an assignment (the scheduler not yet filling them, or
    a material or cost assignment), it follows its task's dates on the task's calendar."""

    def __init__(self, project: Project, result: Result) -> None:
        problems = validate_resources(project) + _task_problems(project)
        if problems:
            raise ScheduleError(problems)
        self.project = project
        self.result = result
        self.calendars = Calendars(project.start.date())
        self.tasks = {task.uid: task for task in project.tasks}
        self.resources = {resource.uid: resource for resource in project.resources}
        self._tables: dict[tuple[int, int], RateTable] = {}

    def task_calendar(self, task: Task) -> WorkCalendar:
        return self.calendars.get(task.calendar or self.project.calendar)

    def task_span(self, task: Task) -> tuple[WorkCalendar, int, int]:
        times = self.result.tasks[task.uid]
        calendar = self.task_calendar(task)
        start = calendar.to_minutes(times.start)
        return calendar, start, max(start, calendar.to_minutes(times.finish))

    def price(self, assignment: Assignment, *, planned_only: bool = False) -> Priced:
        """``planned_only`` skips the actuals (left 0), which time-phasing does not need."""
        resource = self.resources[assignment.resource]
        times = self.result.assignments.get(assignment.uid)
        if times is not None:
            spec = times.calendar
            known = self.calendars.by_id.get(id(spec))
            calendar = (
                known[1] if known is not None and known[0] is spec else (self.calendars.get(spec))
            )
            start = calendar.to_minutes(times.start)
            finish = calendar.to_minutes(times.finish)
            if finish < start:
                finish = start
        else:
            calendar, start, finish = self.task_span(self.tasks[assignment.task])
        key = (resource.uid, id(calendar))
        table = self._tables.get(key)
        if table is None:
            table = self._tables[key] = rate_table(resource, calendar)
        kind = resource.type
        per_use = table.per_use[0 if len(table.rates) == 1 else table.index_at(start)]
        if kind is ResourceType.WORK:
            # Microsoft Project charges a work resource's cost per use once per unit
            # assigned: $30 per use at 50 % costs $15 (its own sample file says so).
            per_use = round_half_up(per_use * assignment.units, 100)
            actual_work = assignment.actual_work
            work = actual_work + assignment.remaining
            if len(table.rates) == 1:  # one rate: no need to know when the work happens
                rate = 100 * table.rates[0]
                divisor = 60 * table.denominator
                variable = round_half_up(work * rate, divisor)
                if planned_only:
                    return Priced(
                        assignment, resource, calendar, start, finish, table, work, variable,
                        per_use, 0, 0,
                    )  # fmt: skip
                computed_actual = round_half_up(actual_work * rate, divisor)
            else:
                span = finish - start
                variable = round_half_up(*value_cents(table, start, span, work, work, 60))
                computed_actual = round_half_up(
                    *value_cents(table, start, span, work, actual_work, 60)
                )
            started = actual_work > 0
        else:
            work = 0
            task = self.tasks[assignment.task]
            started = task.percent_complete > 0 or task.actual_start is not None
            percent = min(100, max(0, task.percent_complete))
            if kind is ResourceType.MATERIAL:
                numerator, denominator = assignment.quantity.as_integer_ratio()
                span = finish - start
                variable = round_half_up(
                    *value_cents(table, start, span, numerator, numerator, denominator)
                )
                computed_actual = round_half_up(
                    *value_cents(
                        table, start, span, 100 * numerator, percent * numerator, 100 * denominator
                    )
                )
            else:
                per_use = 0
                variable = to_cents(assignment.cost or Decimal(0))
                computed_actual = round_half_up(variable * percent, 100)
        remaining = variable - computed_actual + (0 if started else per_use)
        if assignment.actual_cost is not None:
            actual = to_cents(assignment.actual_cost)
        else:
            actual = computed_actual + (per_use if started else 0)
        return Priced(
            assignment,
            resource,
            calendar,
            start,
            finish,
            table,
            work,
            variable,
            per_use,
            actual,
            remaining,
        )


# -- the whole project ----------------------------------------------------------------------


def fixed_cost_cents(task: Task) -> tuple[int, int, int]:
    """The task's fixed cost, its actual part (percent complete of it, prorated accrual) and
    its remaining part, in cents."""
    fixed = to_cents(task.fixed_cost)
    percent = min(100, max(0, task.percent_complete))
    actual = round_half_up(fixed * percent, 100)
    return fixed, actual, fixed - actual


def roll_up(tasks: Sequence[Task], own: dict[int, list[int]]) -> dict[int, list[int]]:
    """Each task's values plus those of everything below it: children are added to their
    parent from the bottom of the outline up (tasks come parent first). ``own`` maps uid to
    equal-length lists of integers; it is not changed."""
    known = {task.uid for task in tasks}
    rolled = {uid: list(values) for uid, values in own.items()}
    for task in reversed(tasks):
        if task.parent is not None and task.parent in known and task.uid in rolled:
            target = rolled[task.parent]
            for index, value in enumerate(rolled[task.uid]):
                target[index] += value
    return rolled


def roots(tasks: Sequence[Task]) -> list[int]:
    """Top-level tasks: no parent, or a parent not in the project."""
    known = {task.uid for task in tasks}
    return [task.uid for task in tasks if task.parent is None or task.parent not in known]


def _cost(values: Sequence[int]) -> Cost:
    return Cost(to_dollars(values[0]), to_dollars(values[1]), to_dollars(values[2]))


def costs(project: Project, result: Result) -> Costs:
    """Cost, actual cost and remaining cost of every assignment and task and of the project.
    Raises ``ScheduleError`` listing every problem ``validate_resources`` finds."""
    pricer = Pricer(project, result)
    assignments: dict[int, Cost] = {}
    own: dict[int, list[int]] = {}
    for task in project.tasks:
        fixed, fixed_actual, fixed_remaining = fixed_cost_cents(task)
        own[task.uid] = [fixed, fixed_actual, fixed_remaining]
    for assignment in project.assignments:
        priced = pricer.price(assignment)
        assignments[assignment.uid] = Cost(
            to_dollars(priced.cost), to_dollars(priced.actual), to_dollars(priced.remaining)
        )
        line = own[assignment.task]
        line[0] += priced.cost
        line[1] += priced.actual
        line[2] += priced.remaining
    for task in project.tasks:
        if task.actual_cost is not None:
            own[task.uid][1] = to_cents(task.actual_cost)
    rolled = roll_up(project.tasks, own)
    total = [0, 0, 0]
    for uid in roots(project.tasks):
        for index in range(3):
            total[index] += rolled[uid][index]
    return Costs(
        assignments=assignments,
        tasks={uid: _cost(values) for uid, values in rolled.items()},
        total=_cost(total),
    )
