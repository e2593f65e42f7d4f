"""Writes of the schedule's resources and their cost rate tables. Each one is checked against
the resource's owner party (a rate table also against who may see it), validated with the
resource named, recomputed (a resource's calendar moves its assignments) and audited, in one
transaction. Audit events never carry rates: the audit log is read by members who may not
see them, so a rate change is recorded by its dates alone."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Max

from programs.choices import JOINT_OWNERS, AuditAction
from programs.errors import DomainError, ErrorCode, PermissionRefused
from programs.limits import text_error
from programs.models import Membership
from programs.policy import can, can_change_rates, require
from programs.services.audit import audit_record, audit_update, snapshot
from schedule.choices import ResourceTypeChoice
from schedule.engine.cost import Costs
from schedule.engine.model import Result
from schedule.interchange.data import ScheduleData
from schedule.interchange.errors import FileProblem
from schedule.limits import (
    MAX_AMOUNT,
    MAX_EV_WEIGHTS,
    MAX_INITIALS_LENGTH,
    MAX_LABEL_LENGTH,
    MAX_LAG_DAYS,
    MAX_NAME_LENGTH,
    MAX_RATE,
    MAX_RATES,
    MAX_UID,
    MAX_UNITS,
    MAX_WORK_DAYS,
    check_text,
)
from schedule.models import Assignment, Resource, ResourceRate, Schedule
from schedule.models.bulk import insert_rows

from .compute import assignment_dates, calendar_json
from .tasks import lock_schedule, schedule_changed

RESOURCE_FIELDS = [
    "name",
    "type",
    "owner_party",
    "member",
    "role",
    "initials",
    "group",
    "max_units",
    "calendar",
    "material_label",
]
RATE_FIELDS = ("effective", "standard", "overtime", "per_use")
#: Fields that change how the engine schedules the resource's assignments.
SCHEDULING_FIELDS = frozenset({"type", "max_units", "calendar"})

RateRow = dict[str, Any]


# -- calendars ---------------------------------------------------------------------------


def _periods_problem(periods: Any, where: str) -> str | None:
    if not isinstance(periods, list | tuple):
        return f"{where}: working times are a list of [from, to] minutes after midnight."
    last = 0
    for period in periods:
        if (
            not isinstance(period, list | tuple)
            or len(period) != 2
            or not all(isinstance(m, int) and not isinstance(m, bool) for m in period)
        ):
            return f"{where}: each working time is [from, to] in whole minutes after midnight."
        start, end = period
        if not (last <= start < end <= 1440):
            return (
                f"{where}: working times run from 0 to 1440 minutes after midnight, in order, "
                "each ending after it starts and none overlapping."
            )
        last = end
    return None


def calendar_problem(calendar: Any) -> str | None:
    """Why ``calendar`` is no usable working-time calendar in the shape of
    ``Schedule.calendar`` (None when it is): the week (seven days, Monday first, of [from,
    to] minutes), US federal holidays, dated exceptions; and some working time in it."""
    if not isinstance(calendar, dict):
        return "A calendar is an object with its week, holidays and exceptions."
    unknown = set(calendar) - {"name", "week", "us_federal_holidays", "exceptions"}
    if unknown:
        return f"A calendar has no “{sorted(unknown)[0]}”."
    name = calendar.get("name", "")
    if not isinstance(name, str) or len(name) > MAX_NAME_LENGTH:
        return f"A calendar's name is text of at most {MAX_NAME_LENGTH} characters."
    week = calendar.get("week")
    days = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
    if week is not None:
        if not isinstance(week, list | tuple) or len(week) != 7:
            return "A calendar's week has seven days, Monday first."
        for day, periods in zip(days, week, strict=True):
            problem = _periods_problem(periods, day)
            if problem:
                return problem
    if not isinstance(calendar.get("us_federal_holidays", True), bool):
        return "Whether US federal holidays are days off is true or false."
    exceptions = calendar.get("exceptions", [])
    if not isinstance(exceptions, list) or len(exceptions) > 1000:
        return "A calendar's exceptions are a list of at most 1,000."
    extra_working = False
    for exception in exceptions:
        if not isinstance(exception, dict):
            return "Each exception has a start, an end and working times."
        try:
            start = date.fromisoformat(str(exception.get("start")))
            end = date.fromisoformat(str(exception.get("end")))
        except ValueError:
            return "Each exception has a start and an end date (YYYY-MM-DD)."
        if end < start:
            return f"The exception from {start} ends before it starts."
        where = f"The exception from {start}"
        problem = _periods_problem(exception.get("working_times", []), where)
        if problem:
            return problem
        extra_working = extra_working or bool(exception.get("working_times"))
    if week is not None and not any(week) and not extra_working:
        return "The calendar has no working time: give some day of the week working hours."
    return None


# -- validation ----------------------------------------------------------------------------


def _amount(value: Any, *, field: str, what: str, limit: Decimal, places: int) -> Decimal:
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise DomainError(f"{what} is an amount; “{value}” is not.", field=field) from None
    if not number.is_finite() or not Decimal(0) <= number <= limit:
        raise DomainError(f"{what} is between 0 and {limit:,}.", field=field)
    if number != number.quantize(Decimal(1).scaleb(-places)):
        raise DomainError(f"{what} has at most {places} decimal places.", field=field)
    return number


def clean_rates(resource: Resource, rows: Sequence[RateRow]) -> list[ResourceRate]:
    """The rate table as rows to store, ascending by date; refused whole when a date comes
    twice or an amount is out of range."""
    if len(rows) > MAX_RATES:
        raise DomainError(
            f"{resource} has {len(rows)} rates; a resource has at most {MAX_RATES}.",
            field="rates",
        )
    seen: set[date | None] = set()
    rates = []
    for row in rows:
        unknown = set(row) - set(RATE_FIELDS)
        if unknown:
            raise DomainError(f"{sorted(unknown)[0]} is not a field of a rate.", field="rates")
        effective = row.get("effective")
        if effective is not None and not isinstance(effective, date):
            raise DomainError("A rate's effective date is a date, or null.", field="rates")
        if effective in seen:
            when = effective.isoformat() if effective else "the start (no date)"
            raise DomainError(
                f"{resource} has two rates from {when}: each rate starts on its own date.",
                field="rates",
            )
        seen.add(effective)
        what = f"{resource}'s rate from {effective or 'the start'}"
        rates.append(
            ResourceRate(
                resource=resource,
                effective=effective,
                standard=_amount(
                    row.get("standard", 0),
                    field="rates",
                    what=f"The standard rate of {what}",
                    limit=MAX_RATE,
                    places=4,
                ),
                overtime=_amount(
                    row.get("overtime", 0),
                    field="rates",
                    what=f"The overtime rate of {what}",
                    limit=MAX_RATE,
                    places=4,
                ),
                per_use=_amount(
                    row.get("per_use", 0),
                    field="rates",
                    what=f"The cost per use of {what}",
                    limit=MAX_AMOUNT,
                    places=2,
                ),
            )
        )
    rates.sort(key=lambda r: (r.effective is not None, r.effective or date.min))
    return rates


def _clean_resource(resource: Resource) -> None:
    if not isinstance(resource.name, str) or not resource.name.strip():
        raise DomainError("Name the resource.", field="name")
    check_text(resource.name, field="name", limit=MAX_NAME_LENGTH, what="A resource name")
    label = f"Resource “{resource.name}”"
    for field, limit, what in (
        ("role", MAX_NAME_LENGTH, "A role"),
        ("initials", MAX_INITIALS_LENGTH, "Initials"),
        ("group", MAX_NAME_LENGTH, "A group"),
        ("material_label", MAX_LABEL_LENGTH, "A material label"),
    ):
        check_text(getattr(resource, field), field=field, limit=limit, what=what)
    if resource.type not in ResourceTypeChoice.values:
        raise DomainError("Choose a resource type: work, material or cost.", field="type")
    if resource.owner_party not in JOINT_OWNERS:
        raise DomainError(
            "Choose an owner party: customer, provider or shared.", field="owner_party"
        )
    units = resource.max_units
    if isinstance(units, bool) or not isinstance(units, int) or not 0 <= units <= MAX_UNITS:
        raise DomainError(
            f"{label}: maximum units are between 0 and {MAX_UNITS:,} percent.", field="max_units"
        )
    if resource.type != ResourceTypeChoice.WORK and resource.calendar is not None:
        kind = ResourceTypeChoice(resource.type).label.lower()
        raise DomainError(
            f"{label} is a {kind} resource: only work resources have a calendar.",
            field="calendar",
        )
    if resource.calendar is not None:
        problem = calendar_problem(resource.calendar)
        if problem:
            raise DomainError(f"{label}: {problem}", field="calendar")
    if resource.material_label and resource.type != ResourceTypeChoice.MATERIAL:
        raise DomainError(
            f"{label}: only a material resource has a unit label.", field="material_label"
        )
    if (
        resource.member_id is not None
        and not Membership.objects.filter(
            program_id=resource.schedule.program_id, user_id=resource.member_id
        ).exists()
    ):
        raise DomainError(
            f"{label}: the person it stands for must be a member of the program.", field="member"
        )


def _next_uid(schedule: Schedule) -> int:
    return (schedule.resources.aggregate(m=Max("uid"))["m"] or 0) + 1


def _rate_dates(rates: Sequence[ResourceRate]) -> list[str]:
    return [r.effective.isoformat() if r.effective else "start" for r in rates]


def _replace_rates(acting_user: User, resource: Resource, rows: Sequence[RateRow]) -> bool:
    """Store ``rows`` as the resource's rate table; say whether it changed."""
    if not can_change_rates(acting_user, resource):
        raise PermissionRefused(
            f"You may not change the rates of {resource}: they are shown only to its owning "
            "party's managers.",
            field="rates",
        )
    rates = clean_rates(resource, rows)
    current = [(r.effective, r.standard, r.overtime, r.per_use) for r in resource.rates.all()]
    if current == [(r.effective, r.standard, r.overtime, r.per_use) for r in rates]:
        return False
    resource.rates.all().delete()
    ResourceRate.objects.bulk_create(rates)
    return True


# -- writes --------------------------------------------------------------------------------


@transaction.atomic
def resource_create(
    *,
    acting_user: User,
    schedule: Schedule,
    name: str,
    rates: Sequence[RateRow] | None = None,
    **values: Any,
) -> Resource:
    """A new resource of the schedule with its rate table (``rates``: dicts of
    ``effective``, ``standard``, ``overtime``, ``per_use``)."""
    schedule = lock_schedule(schedule)
    resource = Resource(schedule=schedule, uid=_next_uid(schedule), name=name.strip())
    for key, value in values.items():
        if key not in RESOURCE_FIELDS:
            raise DomainError(f"{key} is not a field of a resource.", field=key)
        setattr(resource, key, value)
    require(acting_user, "change", resource)
    _clean_resource(resource)
    resource.save()
    if rates:
        _replace_rates(acting_user, resource, rates)
    schedule_changed(schedule)
    changes = {k: [None, v] for k, v in snapshot(resource, ["uid", *RESOURCE_FIELDS]).items() if v}
    if rates:
        changes["rates from"] = [None, _rate_dates(list(resource.rates.all()))]
    audit_record(
        acting_user=acting_user,
        program=schedule.program,
        action=AuditAction.CREATE,
        target=resource,
        changes=changes,
    )
    return resource


@transaction.atomic
def resource_update(
    *,
    acting_user: User,
    resource: Resource,
    rates: Sequence[RateRow] | None = None,
    **values: Any,
) -> Resource:
    """Change a resource's fields and (``rates`` not None) replace its rate table. A change of
    type is refused while it has assignments; a change of calendar reschedules them."""
    schedule = lock_schedule(resource.schedule)
    resource = Resource.objects.select_for_update().get(pk=resource.pk)
    resource.schedule = schedule
    require(acting_user, "change", resource)
    before = snapshot(resource, RESOURCE_FIELDS)
    old_type = resource.type
    for key, value in values.items():
        if key not in RESOURCE_FIELDS:
            raise DomainError(f"{key} is not a field of a resource.", field=key)
        setattr(resource, key, value)
    if resource.type != old_type and resource.assignments.exists():
        raise DomainError(
            f"{resource} is assigned to {_assigned_tasks(resource)}: remove those assignments "
            "before changing its type.",
            field="type",
        )
    if resource.type != ResourceTypeChoice.WORK and "calendar" not in values:
        resource.calendar = None  # material and cost resources have none
    _clean_resource(resource)
    resource.save()
    if not can(acting_user, "change", resource):
        raise DomainError(
            "You would no longer be able to change this resource: keep it with your party or "
            "shared.",
            field="owner_party",
        )
    before_dates = _rate_dates(list(resource.rates.all()))
    rates_changed = rates is not None and _replace_rates(acting_user, resource, rates)
    after = snapshot(resource, RESOURCE_FIELDS)
    if rates_changed or any(before[k] != after[k] for k in SCHEDULING_FIELDS):
        schedule_changed(schedule)
    event = audit_update(
        acting_user=acting_user,
        program=schedule.program,
        target=resource,
        before=before,
        fields=RESOURCE_FIELDS,
    )
    if rates_changed:
        after_dates = _rate_dates(list(resource.rates.all()))
        change = {"rates from": [before_dates, after_dates]}
        if event is None:
            audit_record(
                acting_user=acting_user,
                program=schedule.program,
                action=AuditAction.UPDATE,
                target=resource,
                changes=change,
            )
        else:
            event.changes = {**event.changes, **change}
            event.save(update_fields=["changes"])
    return resource


def _assigned_tasks(resource: Resource, limit: int = 5) -> str:
    tasks = list(
        resource.assignments.select_related("task")
        .order_by("task__position")
        .values_list("task__wbs", "task__name")[: limit + 1]
    )
    named = [f"“{f'{wbs} {name}'.strip()}”" for wbs, name in tasks[:limit]]
    more = " and others" if len(tasks) > limit else ""
    return ", ".join(named) + more


@transaction.atomic
def resource_delete(*, acting_user: User, resource: Resource) -> None:
    """Remove a resource and its rates. One still assigned is refused with its tasks named:
    removing its assignments (which changes those tasks' work) is a decision of its own."""
    schedule = lock_schedule(resource.schedule)
    resource = Resource.objects.get(pk=resource.pk)
    resource.schedule = schedule
    require(acting_user, "change", resource)
    if resource.assignments.exists():
        raise DomainError(
            f"{resource} is assigned to {_assigned_tasks(resource)}: remove those assignments "
            "before removing the resource.",
            code=ErrorCode.RESOURCE_ASSIGNED,
        )
    gone = snapshot(resource, ["uid", "name"])
    resource.delete()
    schedule_changed(schedule)
    audit_record(
        acting_user=acting_user,
        program=schedule.program,
        action=AuditAction.DELETE,
        target=schedule,
        changes={f"resource {gone['uid']}": [gone["name"], None]},
    )


# -- schedules read from files --------------------------------------------------------------


def imported_problems(data: ScheduleData) -> list[FileProblem]:
    """Every resource, rate and assignment of a file that is out of range or points nowhere,
    located by UID, so an import refuses them all at once and stores none."""
    problems: list[FileProblem] = []
    per_day = data.minutes_per_day or 480
    seen: set[int] = set()
    for record in data.resources:
        r = record.resource
        where = f"Resource UID {r.uid}"
        if r.uid in seen:
            problems.append(FileProblem(where, "Two resources have this UID."))
        seen.add(r.uid)
        if not 0 <= r.uid <= MAX_UID:
            problems.append(FileProblem(where, f"A resource UID is from 0 to {MAX_UID:,}."))
        texts: tuple[tuple[str, int, str], ...] = (
            (r.name, MAX_NAME_LENGTH, "Name"),
            (record.stands_for, MAX_NAME_LENGTH, "Stands for"),
            (record.initials, MAX_INITIALS_LENGTH, "Initials"),
            (record.group, MAX_NAME_LENGTH, "Group"),
        )
        for text, length, label in texts:
            problem = text_error(text, limit=length, what=label)
            if problem:
                problems.append(FileProblem(f"{where}, {label}", problem))
        if not 0 <= r.max_units <= MAX_UNITS:
            problems.append(
                FileProblem(f"{where}, Max units", f"Max units are from 0 to {MAX_UNITS:,}%.")
            )
        if r.calendar is not None and r.type == ResourceTypeChoice.WORK:
            problem = calendar_problem(calendar_json(r.calendar))
            if problem:
                problems.append(FileProblem(f"{where}, Calendar", problem))
        dates = [rate.effective for rate in r.rates]
        if len(dates) != len(set(dates)):
            problems.append(FileProblem(f"{where}, Rates", "Two rates start on the same date."))
        if len(dates) > MAX_RATES:
            problems.append(FileProblem(f"{where}, Rates", f"At most {MAX_RATES} rates."))
        for rate in r.rates:
            for value, limit in (
                (rate.standard, MAX_RATE),
                (rate.overtime, MAX_RATE),
                (rate.per_use, MAX_AMOUNT),
            ):
                if not Decimal(0) <= value <= limit:
                    problems.append(
                        FileProblem(f"{where}, Rates", f"A rate is between 0 and {limit:,}.")
                    )
    problems.extend(_task_problems(data))
    problems.extend(_assignment_problems(data, per_day))
    return problems


def _task_problems(data: ScheduleData) -> list[FileProblem]:
    problems: list[FileProblem] = []
    for task_record in data.records:
        t = task_record.task
        where = f"Task UID {t.uid}"
        for value, what in ((t.fixed_cost, "Fixed cost"), (t.actual_cost, "Actual cost")):
            if value is not None and not Decimal(0) <= value <= MAX_AMOUNT:
                problems.append(
                    FileProblem(f"{where}, {what}", f"{what} is between 0 and {MAX_AMOUNT:,}.")
                )
        if len(t.ev_weights) > MAX_EV_WEIGHTS or not all(0 <= w <= 100 for w in t.ev_weights):
            problems.append(
                FileProblem(
                    f"{where}, Earned value weights",
                    f"At most {MAX_EV_WEIGHTS} weights, each a percentage.",
                )
            )
        if t.calendar is not None:
            problem = calendar_problem(calendar_json(t.calendar))
            if problem:
                problems.append(FileProblem(f"{where}, Calendar", problem))
    return problems


def _assignment_problems(data: ScheduleData, per_day: int) -> list[FileProblem]:
    problems: list[FileProblem] = []
    task_uids = {r.task.uid for r in data.records}
    resource_uids = {r.resource.uid for r in data.resources}
    pairs: set[tuple[int, int]] = set()
    seen: set[int] = set()
    for arecord in data.assignments:
        a = arecord.assignment
        where = f"Assignment UID {a.uid}"
        if a.uid in seen:
            problems.append(FileProblem(where, "Two assignments have this UID."))
        seen.add(a.uid)
        if not 0 <= a.uid <= MAX_UID:
            problems.append(FileProblem(where, f"An assignment UID is from 0 to {MAX_UID:,}."))
        if a.task not in task_uids:
            problems.append(FileProblem(where, f"There is no task UID {a.task}."))
        if a.resource not in resource_uids:
            problems.append(FileProblem(where, f"There is no resource UID {a.resource}."))
        if (a.task, a.resource) in pairs:
            problems.append(FileProblem(where, "The resource is assigned to the task twice."))
        pairs.add((a.task, a.resource))
        if not 0 <= a.units <= MAX_UNITS:
            problems.append(FileProblem(f"{where}, Units", f"Units are from 0 to {MAX_UNITS:,}%."))
        for minutes, what in (
            (a.work, "Work"),
            (a.actual_work, "Actual work"),
            (a.remaining_work or 0, "Remaining work"),
        ):
            if not 0 <= minutes <= MAX_WORK_DAYS * per_day:
                problems.append(
                    FileProblem(
                        f"{where}, {what}", f"{what} is between 0 and {MAX_WORK_DAYS:,} days."
                    )
                )
        if not 0 <= a.delay <= MAX_LAG_DAYS * per_day:
            problems.append(
                FileProblem(f"{where}, Delay", f"A delay is at most {MAX_LAG_DAYS:,} days.")
            )
        for value, limit, what in (
            (a.quantity, MAX_RATE, "Quantity"),
            (a.cost, MAX_AMOUNT, "Cost"),
            (a.actual_cost, MAX_AMOUNT, "Actual cost"),
        ):
            if value is not None and not Decimal(0) <= value <= limit:
                problems.append(
                    FileProblem(f"{where}, {what}", f"{what} is between 0 and {limit:,}.")
                )
    return problems


def without_summary_assignments(data: ScheduleData) -> tuple[ScheduleData, list[str]]:
    """``data`` without its assignments to summary tasks, and the warning that names them.
    Resources are assigned to the tasks under a summary, so such an assignment is left out
    before the engine computes: its work and cost then count nowhere, neither on the summary
    nor in the program's total."""
    summaries = {r.task.parent for r in data.records if r.task.parent is not None}
    kept = tuple(a for a in data.assignments if a.assignment.task not in summaries)
    if len(kept) == len(data.assignments):
        return data, []
    names = {
        r.resource.uid: r.resource.name or f"Resource {r.resource.uid}" for r in data.resources
    }
    labels = {
        r.task.uid: f"{r.wbs} {r.task.name or f'Task {r.task.uid}'}".strip()
        for r in data.records
        if r.task.uid in summaries
    }
    left_out = [
        f"{names.get(a.assignment.resource, f'Resource {a.assignment.resource}')} on "
        f"{labels[a.assignment.task]}"
        for a in data.assignments
        if a.assignment.task in summaries
    ]
    return replace(data, assignments=kept), [
        f"{len(left_out)} assignment(s) to summary tasks were left out (resources are assigned "
        f"to the tasks under a summary): {', '.join(left_out[:10])}."
    ]


def store_imported(
    schedule: Schedule,
    data: ScheduleData,
    task_keys: Mapping[int, int],
    result: Result,
    priced: Costs,
) -> None:
    """Write the resources, rates and assignments of ``data`` into the schedule whose tasks
    were just stored (``task_keys``: their primary keys by UID); ``without_summary_assignments``
    has left out the assignments to summary tasks. A resource stands for the member the file
    names (by email, full name or username) or else for the role it names."""
    from .schedules import responsible_lookup

    people = responsible_lookup(schedule.program)
    resources: dict[int, Resource] = {}
    for record in data.resources:
        spec = record.resource
        member = people.get(record.stands_for.strip().lower()) if record.stands_for else None
        is_work = spec.type == ResourceTypeChoice.WORK
        resources[spec.uid] = Resource(
            schedule=schedule,
            uid=spec.uid,
            name=(spec.name or f"Resource {spec.uid}")[:MAX_NAME_LENGTH],
            type=str(spec.type),
            owner_party=record.owner_party if record.owner_party in JOINT_OWNERS else "shared",
            member=member,
            role="" if member is not None else record.stands_for,
            initials=record.initials,
            group=record.group,
            max_units=spec.max_units,
            calendar=calendar_json(spec.calendar)
            if is_work and spec.calendar is not None
            else None,
        )
    Resource.objects.bulk_create(resources.values(), batch_size=1000)
    if any(r.pk is None for r in resources.values()):  # a database that returns no keys
        keys = dict(schedule.resources.values_list("uid", "pk"))
        for r in resources.values():
            r.pk = keys[r.uid]
    ResourceRate.objects.bulk_create(
        [
            ResourceRate(
                resource=resources[record.resource.uid],
                effective=rate.effective,
                standard=rate.standard,
                overtime=rate.overtime,
                per_use=rate.per_use,
            )
            for record in data.resources
            for rate in record.resource.rates
        ],
        batch_size=1000,
    )
    rows = []
    for arecord in data.assignments:
        a = arecord.assignment
        start, finish = assignment_dates(result, a.uid)
        cost = priced.assignments.get(a.uid)
        rows.append(
            {
                "schedule_id": schedule.pk,
                "uid": a.uid,
                "task_id": task_keys[a.task],
                "resource_id": resources[a.resource].pk,
                "units": a.units,
                "work": a.work,
                "actual_work": a.actual_work,
                "remaining_work": a.remaining_work,
                "delay": a.delay,
                "quantity": a.quantity,
                "cost": a.cost,
                "actual_cost": a.actual_cost,
                "start": start,
                "finish": finish,
                "computed_cost": cost.cost if cost is not None else None,
                "computed_actual_cost": cost.actual if cost is not None else None,
            }
        )
    insert_rows(Assignment, rows)
