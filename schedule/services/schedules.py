"""Writes of the schedule as a whole: start one, import one (atomically: a bad file changes
nothing), replace one, and change its settings (status date, calendar, critical float)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from programs.choices import ActivityStatus, AuditAction, OwningParty
from programs.errors import DomainError, ErrorCode
from programs.limits import check_program_date
from programs.models import Membership, Program
from programs.policy import require
from programs.services.audit import audit_record, audit_update, snapshot
from programs.services.board import activity_record_evidence
from schedule.clock import from_engine
from schedule.engine.cost import Costs
from schedule.engine.model import CalendarSpec, Result
from schedule.interchange.data import ScheduleData
from schedule.interchange.errors import InterchangeError
from schedule.limits import (
    MAX_FLOAT_DAYS,
    MAX_TITLE_LENGTH,
    check_date,
    check_minutes,
    check_text,
    imported_problems,
)
from schedule.models import Dependency, Schedule, Task
from schedule.models.bulk import insert_rows

from .compute import calendar_json, compute_data, computed_values, price, recompute

SETTINGS_FIELDS = ["name", "status_date", "critical_float", "calendar", "project_start"]


def under_change_control(schedule: Schedule) -> bool:
    """Once the parties have agreed a baseline, the schedule's logic and dates change only by
    an approved change request."""
    from .baselines import agreed_baseline

    return agreed_baseline(schedule) is not None


def task_limit() -> int:
    """The most tasks a schedule holds (``SCHEDULE_MAX_TASKS``): the pages, the engine and
    the exports are sized for it."""
    return int(settings.SCHEDULE_MAX_TASKS)


def refuse_too_many_tasks(*, count: int) -> None:
    """Refuse a file of ``count`` tasks, before anything is written."""
    limit = task_limit()
    if count > limit:
        raise DomainError(
            f"The file has {count:,} tasks; a schedule holds at most {limit:,}.",
            code=ErrorCode.TOO_MANY_TASKS,
            field="file",
        )


def refuse_task_beyond_limit(schedule: Schedule, *, adding: int = 1) -> None:
    """Refuse new tasks that would take the schedule past the limit."""
    limit = task_limit()
    count = schedule.tasks.count()
    if count + adding > limit:
        raise DomainError(
            f"The schedule has {count:,} tasks; a schedule holds at most {limit:,}. Remove "
            "tasks before adding more.",
            code=ErrorCode.TOO_MANY_TASKS,
        )


def responsible_lookup(program: Program) -> dict[str, User]:
    """Members by username, email and full name (lower case), for names a file carries."""
    lookup: dict[str, User] = {}
    for membership in Membership.objects.filter(program=program).select_related("user"):
        user = membership.user
        for key in (user.get_username(), user.email, user.get_full_name()):
            if key:
                lookup.setdefault(key.strip().lower(), user)
    return lookup


def _task_rows(
    schedule: Schedule, data: ScheduleData, result: Result, priced: Costs
) -> tuple[dict[int, list[tuple[int | None, dict[str, Any]]]], set[str]]:
    """The task rows of ``data`` by outline level, each with its parent's UID (its key is
    known only once the level above is stored), and the responsible people the file names
    who are not members of the program."""
    people = responsible_lookup(schedule.program)
    unknown_people: set[str] = set()
    summaries = {r.task.parent for r in data.records if r.task.parent is not None}
    levels: dict[int, list[tuple[int | None, dict[str, Any]]]] = {}
    depth: dict[int, int] = {}
    for position, record in enumerate(data.records, start=1):
        t = record.task
        level = depth[t.uid] = 1 if t.parent is None else depth[t.parent] + 1
        owner = record.owner_party if record.owner_party in OwningParty.values else "shared"
        responsible = people.get(record.responsible.strip().lower()) if record.responsible else None
        if record.responsible and responsible is None:
            unknown_people.add(record.responsible)
        row: dict[str, Any] = {
            "schedule_id": schedule.pk,
            "uid": t.uid,
            "position": position,
            "wbs": record.wbs[:60],
            "name": (t.name or f"Task {t.uid}")[:255],
            "outline_level": level,
            "parent_id": None,
            "is_summary": t.uid in summaries,
            "is_milestone": t.milestone,
            "owner_party": owner,
            "responsible_id": responsible.pk if responsible is not None else None,
            "duration": t.duration,
            "constraint_type": t.constraint.value,
            "constraint_date": from_engine(t.constraint_date),
            "deadline": from_engine(t.deadline),
            "actual_start": from_engine(t.actual_start),
            "actual_finish": from_engine(t.actual_finish),
            "percent_complete": t.percent_complete,
            "manual": t.manual,
            "manual_start": from_engine(t.start) if t.manual else None,
            "notes": record.notes,
            "calendar": calendar_json(t.calendar) if t.calendar is not None else None,
            "ignore_resource_calendars": t.ignore_resource_calendars,
            "task_type": t.type.value,
            "effort_driven": t.effort_driven,
            "fixed_cost": t.fixed_cost,
            "actual_cost": t.actual_cost,
            "ev_method": t.ev_method.value,
            "ev_weights": list(t.ev_weights),
        }
        # What the engine computed: dates, floats, work, cost, the duration its assignments
        # give it and a summary's rolled-up percent complete (keys already in the row).
        row.update(computed_values(result.tasks[t.uid], priced.tasks.get(t.uid)))
        levels.setdefault(level, []).append((t.parent, row))
    return levels, unknown_people


def _store(schedule: Schedule, data: ScheduleData, result: Result) -> list[str]:
    """Write the tasks and links of ``data`` into the (empty) schedule with what the engine
    computed for them; return warnings. Tasks are inserted as plain rows a level of the
    outline at a time, parents before children: after each level one query reads the keys
    the database gave its tasks, for the next level's parents and for the links."""
    # The resource services import the task services, which import these.
    from .resources import store_imported

    priced = price(data, result)
    levels, unknown_people = _task_rows(schedule, data, result, priced)
    keys: dict[int, int] = {}
    for level in sorted(levels):
        rows = levels[level]
        for parent, row in rows:
            if parent is not None:
                row["parent_id"] = keys[parent]
        insert_rows(Task, [row for _, row in rows])
        keys.update(schedule.tasks.filter(outline_level=level).values_list("uid", "pk"))
    insert_rows(
        Dependency,
        [
            {
                "schedule_id": schedule.pk,
                "predecessor_id": keys[link.predecessor],
                "successor_id": keys[link.successor],
                "type": link.type.value,
                "lag": link.lag,
                "lag_unit": link.lag_unit.value,
            }
            for link in data.links
        ],
    )
    store_imported(schedule, data, keys, result, priced)
    if not unknown_people:
        return []
    names = ", ".join(sorted(unknown_people)[:10])
    return [
        f"{len(unknown_people)} responsible person(s) in the file are not members of the "
        f"program and were left unassigned: {names}."
    ]


def _settings_from(schedule: Schedule, data: ScheduleData) -> None:
    schedule.name = data.name[:200] or schedule.name
    schedule.project_start = from_engine(data.start)
    schedule.status_date = from_engine(data.status_date)
    schedule.calendar = calendar_json(data.calendar)
    schedule.minutes_per_day = data.minutes_per_day
    schedule.minutes_per_week = data.minutes_per_week
    schedule.critical_float = data.critical_float


def _record_on_board(schedule: Schedule, *, acting_user: User) -> None:
    """Activity 9 links to the change request log from the start; activity 8 links to the
    schedule until a baseline is proposed (then to the IMS baseline sign-off)."""
    from .baselines import baseline_document

    activity_record_evidence(
        acting_user=acting_user, program=schedule.program, key="manage_schedule", evidence=schedule
    )
    if baseline_document(schedule) is None:
        activity_record_evidence(
            acting_user=acting_user,
            program=schedule.program,
            key="agree_ims",
            evidence=schedule,
            status=ActivityStatus.IN_PROGRESS,
        )


@transaction.atomic
def schedule_create(
    *, acting_user: User, program: Program, name: str, project_start: datetime
) -> Schedule:
    """An empty schedule with the standard calendar (US federal holidays)."""
    schedule = Schedule(
        program=program,
        name=name.strip() or f"{program.code.upper()} Integrated Master Schedule",
        project_start=project_start,
        calendar=calendar_json(CalendarSpec()),
    )
    require(acting_user, "change", schedule)
    check_text(schedule.name, field="name", limit=MAX_TITLE_LENGTH, what="A schedule name")
    check_date(project_start, field="project_start", what="The project start")
    check_program_date(program, project_start, field="project_start", what="The project start")
    if Schedule.objects.filter(program=program).exists():
        raise DomainError(
            "The program already has a schedule.", code=ErrorCode.SCHEDULE_EXISTS, field="name"
        )
    schedule.save()
    audit_record(
        acting_user=acting_user,
        program=program,
        action=AuditAction.CREATE,
        target=schedule,
        changes={"name": [None, schedule.name], "project_start": [None, project_start]},
    )
    recompute(schedule)
    _record_on_board(schedule, acting_user=acting_user)
    return schedule


def refuse_replacing(
    *, acting_user: User, program: Program, existing: Schedule | None, replace: bool
) -> None:
    """What refuses an import whatever the file: who asks, and the schedule already there
    (kept unless ``replace``; an agreed one replaced only by an administrator)."""
    require(acting_user, "change", existing or Schedule(program=program))
    if existing is None:
        return
    if not replace:
        raise DomainError(
            f"{program.code} already has a schedule ({existing.tasks.count()} tasks); "
            "import with replace to overwrite it.",
            code=ErrorCode.SCHEDULE_EXISTS,
        )
    if under_change_control(existing) and not acting_user.is_superuser:
        raise DomainError(
            "The schedule has an agreed baseline: change it by change request, or ask a "
            "portal administrator to replace it.",
            code=ErrorCode.UNDER_CHANGE_CONTROL,
        )


def import_error(error: InterchangeError) -> DomainError:
    return DomainError(
        f"Nothing was imported. {error}",
        code=ErrorCode.IMPORT_INVALID,
        field="file",
        extra={
            "problems": [{"location": p.location, "message": p.message} for p in error.problems]
        },
    )


@transaction.atomic
def schedule_import(
    *,
    acting_user: User,
    program: Program,
    data: ScheduleData,
    source_name: str,
    replace: bool = False,
) -> tuple[Schedule, list[str]]:
    """Bring a schedule read from a file into the program, all or nothing. A program that
    already has a schedule keeps it unless ``replace``; an agreed schedule is replaced only by
    an administrator (its baselines stay, matched to the new tasks by UID)."""
    from .resources import imported_problems as resource_problems
    from .resources import without_summary_assignments

    refuse_too_many_tasks(count=len(data.records))
    problems = imported_problems(data, program) + resource_problems(data)
    if problems:  # out of range values are refused, all of them at once, before any write
        raise import_error(InterchangeError(problems, source=source_name))
    data, left_out = without_summary_assignments(data)
    result = compute_data(data)  # a schedule the engine refuses is refused before any write
    existing = Schedule.objects.select_for_update().filter(program=program).first()
    refuse_replacing(acting_user=acting_user, program=program, existing=existing, replace=replace)
    if existing is not None:
        schedule = existing
        before = {"tasks": schedule.tasks.count(), "source_name": schedule.source_name}
        Dependency.objects.filter(schedule=schedule).delete()
        schedule.assignments.all().delete()
        schedule.tasks.all().delete()
        schedule.resources.all().delete()
        schedule.revision += 1
        action = AuditAction.UPDATE
    else:
        schedule = Schedule(program=program, name=data.name or program.name)
        before = {"tasks": None, "source_name": None}
        action = AuditAction.CREATE
    _settings_from(schedule, data)
    schedule.source_name = source_name[:255]
    schedule.save()
    warnings = _store(schedule, data, result) + left_out
    schedule.start = from_engine(result.start)
    schedule.finish = from_engine(result.finish)
    schedule.computed_at = timezone.now()
    schedule.save(update_fields=["start", "finish", "computed_at", "updated_at"])
    audit_record(
        acting_user=acting_user,
        program=program,
        action=action,
        target=schedule,
        changes={
            "tasks": [before["tasks"], len(data.records)],
            "dependencies": [None, len(data.links)],
            "resources": [None, len(data.resources)],
            "assignments": [None, len(data.assignments)],
            "source_name": [before["source_name"], schedule.source_name],
        },
    )
    _record_on_board(schedule, acting_user=acting_user)
    return schedule, warnings


@transaction.atomic
def schedule_update(*, acting_user: User, schedule: Schedule, **values: Any) -> Schedule:
    """Change the schedule's name, status date, critical float, calendar or project start.
    Under change control the project start and the calendar change by change request only."""
    schedule = Schedule.objects.select_for_update().select_related("program").get(pk=schedule.pk)
    require(acting_user, "change", schedule)
    before = snapshot(schedule, SETTINGS_FIELDS)
    for name, value in values.items():
        if name not in SETTINGS_FIELDS:
            raise DomainError(f"{name} is not a setting of the schedule.", field=name)
        setattr(schedule, name, value)
    if under_change_control(schedule):
        for name in ("project_start", "calendar"):
            if name in values and before[name] != snapshot(schedule, [name])[name]:
                raise DomainError(
                    "The schedule has an agreed baseline: its project start and calendar "
                    "change by change request.",
                    code=ErrorCode.UNDER_CHANGE_CONTROL,
                    field=name,
                )
    if isinstance(schedule.critical_float, int) and schedule.critical_float < 0:
        raise DomainError("The critical float limit cannot be negative.", field="critical_float")
    check_minutes(
        schedule.critical_float,
        per_day=schedule.minutes_per_day,
        field="critical_float",
        low_days=0,
        high_days=MAX_FLOAT_DAYS,
        what="The critical float limit",
    )
    if not str(schedule.name).strip():
        raise DomainError("Name the schedule.", field="name")
    check_text(schedule.name, field="name", limit=MAX_TITLE_LENGTH, what="A schedule name")
    for name, what in (("status_date", "The status date"), ("project_start", "The project start")):
        if before[name] != snapshot(schedule, [name])[name]:
            check_program_date(schedule.program, getattr(schedule, name), field=name, what=what)
    schedule.revision += 1
    schedule.save()
    recompute(schedule)
    audit_update(
        acting_user=acting_user,
        program=schedule.program,
        target=schedule,
        before=before,
        fields=SETTINGS_FIELDS,
    )
    return schedule
