"""Browser pages of the Integrated Master Schedule: its summary (or the invitation to start or
import one), the task table edited in place with htmx, a task with its dependencies and driving
path, the settings and calendar, the Gantt chart, and the exports.

Reads start from the program the user may view (a 404 otherwise, for GET and POST alike), then
its schedule. Writes go through the schedule services, which check the policy again, recompute
and audit; a refusal (a loop, a milestone with a duration, change control) is shown beside the
field or as an alert naming the rule, and nothing changes. Editing controls are shown only to
people who may use them; anyone else posting gets a 404, as for an object they cannot see.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import replace
from datetime import date, datetime, time
from decimal import Decimal
from functools import wraps
from typing import Any
from urllib.parse import urlsplit

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed, QueryDict
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django_htmx.http import reswap, retarget

from programs.choices import JobStatus
from programs.concurrency import form_revision, rebase_form
from programs.conditional import conditional_get, kept_page
from programs.errors import DomainError, ErrorCode, StaleEditError
from programs.forms import apply_uswds
from programs.models import Program
from programs.policy import can_see_costs
from programs.uploads import UploadTooLarge, limit_uploads, megabytes, upload_limit
from programs.views.layout import get_program, program_context
from schedule import clock
from schedule.choices import ConstraintChoice
from schedule.engine.calendar import working_day_edge
from schedule.engine.cpm import driving_path
from schedule.engine.errors import ScheduleError
from schedule.exports import render_schedule_pdf
from schedule.filters import TaskFilter
from schedule.forms import (
    DependencyEditForm,
    DependencyForm,
    ExceptionFormSet,
    ImportForm,
    SettingsForm,
    StartForm,
    TaskForm,
    TaskInlineForm,
    TaskNewForm,
)
from schedule.gantt import gantt_chart
from schedule.interchange.working_times import format_working_times
from schedule.models import Dependency, Schedule, Task
from schedule.selectors import resources as resource_selectors
from schedule.selectors import tasks as selectors
from schedule.selectors import window as selectors_window
from schedule.selectors.window import TaskWindow, WindowQuery, task_window
from schedule.services import schedules as schedule_services
from schedule.services import tasks as task_services
from schedule.services.baselines import agreed_baseline
from schedule.services.compute import calendar_json, calendar_spec
from schedule.services.files import FORMATS, export_filename, export_schedule_file
from schedule.services.imports import UPLOAD_KIND, import_job_start
from schedule.services.quality import dcma_results

from .task_assignments import assignments_context

View = Callable[..., HttpResponse]
FINISH_CONSTRAINTS = frozenset({ConstraintChoice.FNET, ConstraintChoice.FNLT, ConstraintChoice.MFO})


def program_view(*methods: str) -> Callable[[View], View]:
    """Log in, find the program the user may view (a 404 otherwise, whatever the method), then
    refuse methods the page does not take. The view receives the program, not its code. A page
    of a schedule the program does not have yet sends its members to the invitation to start
    or import one."""

    def decorate(view: View) -> View:
        @login_required
        @wraps(view)
        def wrapper(request: HttpRequest, code: str, **kwargs: Any) -> HttpResponse:
            program = get_program(request, code)
            if request.method not in (*methods, "HEAD" if "GET" in methods else ""):
                return HttpResponseNotAllowed(methods)
            try:
                return view(request, program, **kwargs)
            except selectors.ScheduleMissing:
                # A page of a schedule the program does not have yet: the invitation instead.
                return redirect("schedule:home", code=program.code)
            except PermissionDenied as exc:
                # The services' last line of defence: what the user may not change, they do
                # not find.
                raise Http404("Not found.") from exc

        return wrapper

    return decorate


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User), "login_required lets only signed-in users through"
    return user


def _htmx(request: HttpRequest) -> bool:
    return bool(getattr(request, "htmx", False))


def _context(
    request: HttpRequest, program: Program, section: str, *crumbs: tuple[str, str]
) -> dict[str, Any]:
    """The program layout with Schedule current; ``section`` marks the side-nav sub-item."""
    home = reverse("schedule:home", kwargs={"code": program.code}) if crumbs else ""
    context = program_context(request, program, "schedule", ("Schedule", home), *crumbs)
    context["schedule_section"] = section
    return context


def _tasks_crumb(program: Program) -> tuple[str, str]:
    return ("Tasks", reverse("schedule:tasks", kwargs={"code": program.code}))


def _task_crumb(program: Program, task: Task) -> tuple[str, str]:
    url = reverse("schedule:task", kwargs={"code": program.code, "uid": task.uid})
    return (f"Task {task.uid}", url)


def _changeable_schedule(request: HttpRequest, program: Program) -> Schedule:
    schedule = selectors.schedule_get(program)
    if not selectors.may_change_schedule(request.user, program):
        raise Http404("No such page.")
    return schedule


# -- from what people type to what the services store --------------------------------------


def _minutes(days: Decimal | float | None, per_day: int, *, keep: int | None = None) -> int:
    """Working days as minutes; a value shown rounded and sent back unchanged keeps the stored
    minutes (2.08 days shown for 1,000 minutes must not save 998)."""
    if keep is not None and days is not None and selectors.days(keep, per_day) == float(days):
        return keep
    return round(float(days or 0) * per_day)


def _working_day_edge(schedule: Schedule, day: date, *, finish: bool) -> datetime:
    """``day`` at the start (or the end) of its working time on the schedule's calendar."""
    return clock.from_engine(working_day_edge(calendar_spec(schedule.calendar), day, finish=finish))


def _moment(
    schedule: Schedule, day: date | None, existing: datetime | None, *, finish: bool
) -> datetime | None:
    """A date entered for a datetime: the stored datetime when its date did not change."""
    if day is None:
        return None
    if existing is not None and timezone.localtime(existing, clock.zone()).date() == day:
        return existing
    return _working_day_edge(schedule, day, finish=finish)


def _local_date(value: datetime | None) -> date | None:
    return None if value is None else timezone.localtime(value, clock.zone()).date()


def _problems(exc: DomainError) -> list[str]:
    """What a refusal lists beyond its message: each engine problem or file location."""
    problems = exc.extra.get("problems") or []
    lines = []
    for p in problems:
        where = p.get("location") or (f"Task UID {p['task_uid']}" if p.get("task_uid") else "")
        lines.append(f"{where}: {p['message']}" if where else str(p.get("message", "")))
    return lines


def _refusal(exc: DomainError) -> dict[str, Any]:
    return {
        "message": exc.message,
        "problems": _problems(exc) if len(exc.extra.get("problems") or []) > 1 else [],
        "under_change_control": exc.code == ErrorCode.UNDER_CHANGE_CONTROL,
        "code": str(exc.code),
    }


# -- the schedule's home --------------------------------------------------------------------


@program_view("GET")
@kept_page
def home(request: HttpRequest, program: Program) -> HttpResponse:
    schedule = selectors.schedule_of(program)
    context = _context(request, program, "home")
    context["can_change"] = selectors.may_change_schedule(request.user, program)
    if schedule is None:
        context["schedule_missing"] = True
        context["start_form"] = StartForm(initial={"project_start": program.start_date})
        return render(request, "schedule/start.html", context)
    context["summary"] = selectors.schedule_summary(schedule)
    context["schedule"] = schedule
    context["can_import"] = context["can_change"] and (
        context["summary"].agreed is None or _user(request).is_superuser
    )
    return render(request, "schedule/home.html", context)


@program_view("GET", "POST")
def start(request: HttpRequest, program: Program) -> HttpResponse:
    if not selectors.may_change_schedule(request.user, program):
        raise Http404("No such page.")
    if selectors.schedule_of(program) is not None:
        messages.info(request, "The program already has a schedule.")
        return redirect("schedule:home", code=program.code)
    context = _context(request, program, "home", ("Start a schedule", ""))
    context["can_change"] = True
    context["schedule_missing"] = True
    if request.method == "POST":
        form = StartForm(request.POST)
        if form.is_valid():
            day = form.cleaned_data["project_start"]
            project_start = clock.from_engine(datetime.combine(day, time(8, 0)))
            assert project_start is not None
            try:
                schedule = schedule_services.schedule_create(
                    acting_user=_user(request),
                    program=program,
                    name=form.cleaned_data["name"],
                    project_start=project_start,
                )
            except DomainError as exc:
                form.add_domain_error(exc)
            else:
                messages.success(request, f"{schedule.name} is started. Add its first tasks below.")
                return redirect("schedule:tasks", code=program.code)
        context["start_form"] = form
        return render(request, "schedule/start.html", context, status=400)
    context["start_form"] = StartForm(initial={"project_start": program.start_date})
    return render(request, "schedule/start.html", context)


def _import_context(request: HttpRequest, program: Program) -> dict[str, Any]:
    existing = selectors.schedule_of(program)
    context = _context(request, program, "home", ("Import a file", ""))
    context["existing"] = existing
    context["schedule_missing"] = existing is None
    context["under_change_control"] = bool(
        existing and schedule_services.under_change_control(existing)
    )
    context["upload_limit"] = megabytes(upload_limit(UPLOAD_KIND))
    context["task_limit"] = schedule_services.task_limit()
    return context


@csrf_exempt  # the CSRF check reads the body: _import_page checks it once the limit is set
@program_view("GET", "POST")
def import_file(request: HttpRequest, program: Program) -> HttpResponse:
    """Upload a Microsoft Project XML file or the portal's workbook, imported as a job. A file
    over the size limit is refused while it streams in (413), before anything is stored."""
    if not selectors.may_change_schedule(request.user, program):
        raise Http404("No such page.")
    limit_uploads(request, kind=UPLOAD_KIND)
    try:
        return _import_page(request, program)
    except UploadTooLarge as exc:
        context = _import_context(request, program)
        context["form"] = ImportForm(offer_replace=context["existing"] is not None)
        context["refusal"] = _refusal(exc)
        return render(request, "schedule/import.html", context, status=exc.status_code)


@csrf_protect
def _import_page(request: HttpRequest, program: Program) -> HttpResponse:
    """A file past the limits or into a schedule it may not replace is refused at once; else
    it is stored and imported as a job. With Celery eager the job has run when the service
    returns, so a done import goes straight to the task table; else the job page follows it,
    and lists every problem (line, Task UID, sheet/row/column) of a file that changed
    nothing."""
    context = _import_context(request, program)
    offer_replace = context["existing"] is not None
    if request.method != "POST":
        context["form"] = ImportForm(
            offer_replace=offer_replace, initial={"request_key": uuid.uuid4().hex}
        )
        return render(request, "schedule/import.html", context)
    form = ImportForm(request.POST, request.FILES, offer_replace=offer_replace)
    context["form"] = form
    if not form.is_valid():
        return render(request, "schedule/import.html", context, status=400)
    upload = form.cleaned_data["file"]
    try:
        job = import_job_start(
            acting_user=_user(request),
            program=program,
            file=upload,
            filename=upload.name,
            replace=bool(form.cleaned_data.get("replace")),
            request_key=form.cleaned_data.get("request_key") or "",
        )
    except DomainError as exc:
        context["refusal"] = {
            **_refusal(exc),
            "message": exc.message
            if exc.code != ErrorCode.IMPORT_INVALID
            else f"{upload.name} was not imported; nothing was changed.",
            "problems": _problems(exc),
        }
        return render(request, "schedule/import.html", context, status=exc.status_code)
    job.refresh_from_db()
    if job.status != JobStatus.DONE:
        return redirect(job.get_absolute_url())
    messages.success(request, job.result["message"])
    for warning in job.result.get("warnings", []):
        messages.warning(request, warning)
    return redirect(job.result["url"])


# -- settings and calendar ------------------------------------------------------------------


def _settings_initial(schedule: Schedule) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    spec = calendar_spec(schedule.calendar)
    initial: dict[str, Any] = {
        "name": schedule.name,
        "status_date": _local_date(schedule.status_date),
        "critical_float_days": selectors.days_text(
            schedule.critical_float, schedule.minutes_per_day
        ),
        "us_federal_holidays": spec.us_federal_holidays,
    }
    for index, periods in enumerate(spec.week):
        initial[SettingsForm.day_name(index)] = format_working_times(periods)
    exceptions = [
        {
            "name": e.name,
            "start": e.start,
            "end": e.end,
            "working_times": format_working_times(e.working_times),
        }
        for e in spec.exceptions
    ]
    return initial, exceptions


@program_view("GET", "POST")
def settings_edit(request: HttpRequest, program: Program) -> HttpResponse:
    schedule = _changeable_schedule(request, program)
    initial, exceptions = _settings_initial(schedule)
    context = _context(request, program, "home", ("Settings", ""))
    context |= {
        "schedule": schedule,
        "under_change_control": schedule_services.under_change_control(schedule),
    }
    if request.method != "POST":
        context["form"] = SettingsForm(initial=initial)
        context["exceptions"] = ExceptionFormSet(initial=exceptions, prefix="exceptions")
        return render(request, "schedule/settings.html", context)
    form = SettingsForm(request.POST, initial=initial)
    formset = ExceptionFormSet(request.POST, initial=exceptions, prefix="exceptions")
    context |= {"form": form, "exceptions": formset}
    if not (form.is_valid() and formset.is_valid()):
        return render(request, "schedule/settings.html", context, status=400)
    data = form.cleaned_data
    current = calendar_json(calendar_spec(schedule.calendar))
    calendar = {
        "name": current["name"],
        "week": data["week"],
        "us_federal_holidays": data["us_federal_holidays"],
        "exceptions": [
            {
                "start": row["start"].isoformat(),
                "end": (row.get("end") or row["start"]).isoformat(),
                "working_times": row.get("periods", []),
                "name": row.get("name") or "",
            }
            for row in formset.cleaned_data
            if row and not row.get("DELETE") and row.get("start")
        ],
    }
    values: dict[str, Any] = {
        "name": data["name"],
        "status_date": _moment(schedule, data["status_date"], schedule.status_date, finish=True),
        "critical_float": _minutes(
            data["critical_float_days"], schedule.minutes_per_day, keep=schedule.critical_float
        ),
    }
    if calendar != current:
        values["calendar"] = calendar
    try:
        schedule_services.schedule_update(acting_user=_user(request), schedule=schedule, **values)
    except DomainError as exc:
        if exc.field in form.fields or exc.field in ("critical_float",):
            form.add_error(
                "critical_float_days" if exc.field == "critical_float" else exc.field,
                exc.message,
            )
        else:
            context["refusal"] = _refusal(exc)
        return render(request, "schedule/settings.html", context, status=400)
    messages.success(request, "Schedule settings saved; the schedule was recomputed.")
    return redirect("schedule:home", code=program.code)


# -- the task table -------------------------------------------------------------------------


def _tasks_url(program: Program) -> str:
    # Row links are this plus "<uid>/": thousands of rows, one reverse().
    return reverse("schedule:tasks", kwargs={"code": program.code})


def _filtered_window(
    request: HttpRequest, schedule: Schedule, params: QueryDict
) -> tuple[TaskFilter, TaskWindow]:
    """The filter form (for the page) and the window of rows it and the query string ask."""
    filterset = TaskFilter(params, queryset=Task.objects.filter(schedule=schedule))
    members = selectors.members(schedule.program)
    filterset.form.fields["responsible"] = forms.TypedChoiceField(
        label="Responsible",
        required=False,
        coerce=int,
        choices=[("", "Anyone")]
        + [(m.user_id, m.user.get_full_name() or m.user.get_username()) for m in members],
    )
    for name, label in (("critical", "Critical only"), ("late", "Late only")):
        filterset.form.fields[name].widget.choices = [
            ("unknown", "Any"),
            ("true", label),
            ("false", f"Not {name}"),
        ]
    apply_uswds(filterset.form)
    for name in ("critical", "late"):
        filterset.form.fields[name].widget.attrs["class"] = "usa-select"  # not a text input
    if filterset.is_valid():
        matching = filterset.qs
        filtered = any(value not in (None, "") for value in filterset.form.cleaned_data.values())
    else:
        matching, filtered = Task.objects.filter(schedule=schedule), False
    window = task_window(
        schedule, matching, query=WindowQuery.from_params(params), filtered=filtered
    )
    return filterset, window


def _table_context(
    request: HttpRequest, schedule: Schedule, params: QueryDict | None = None
) -> dict[str, Any]:
    """A window of the task table (the query string, or ``params``, says which)."""
    filterset, window = _filtered_window(
        request, schedule, request.GET if params is None else params
    )
    table = selectors.task_rows(
        schedule,
        request.user,
        window.pks,
        baseline=agreed_baseline(schedule),
        cost_table=window.query.table == "cost",
    )
    if not window.filtered:
        for row in table.rows:
            if row.task.is_summary:
                row.collapsed = row.uid in window.collapsed
                row.toggle_url = window.toggle_url(row.uid)
    return {
        "schedule": schedule,
        "table": table,
        "rows": table.rows,
        "window": window,
        "filter_form": filterset.form,
        "tasks_url": _tasks_url(schedule.program),
        "under_change_control": table.has_baseline,
    }


def _current_params(request: HttpRequest) -> QueryDict:
    """The query string of the page an htmx request came from (the window to render again)."""
    htmx = getattr(request, "htmx", None)
    current = htmx.current_url if htmx else None
    return QueryDict(urlsplit(current).query if current else "")


@program_view("GET")
def task_table(request: HttpRequest, program: Program) -> HttpResponse:
    """A window of the task table; htmx (paging, collapsing) gets the window alone, and the
    status line that announces it."""
    schedule = selectors.schedule_get(program)
    if _htmx(request) and request.GET.get("row"):
        # "Cancel" of an inline edit: the read-only row again.
        uid = int(request.GET["row"]) if request.GET["row"].isdigit() else 0
        row = selectors.task_row(schedule, request.user, uid)
        query = WindowQuery.from_params(_current_params(request))
        if row.task.is_summary and not query.filters:
            row.collapsed = uid in query.collapsed
            row.toggle_url = query.url(collapsed=query.collapsed ^ {uid})
        context = {
            "program": program,
            "schedule": schedule,
            "table": selectors.TaskTable(
                schedule=schedule,
                rows=[row],
                baseline=agreed_baseline(schedule),
                can_add=False,
                shows_costs=query.table == "cost" and can_see_costs(request.user, program),
                shows_resources=schedule.resources.exists(),
            ),
            "tasks_url": _tasks_url(program),
            "row": row,
        }
        return render(request, "schedule/_task_row.html", context)
    context = _context(request, program, "tasks", ("Tasks", ""))
    context |= _table_context(request, schedule)
    if _htmx(request):
        return render(request, "schedule/_task_window.html", {**context, "oob": True})
    parties = selectors.editable_parties(request.user, program)
    table = context["table"]
    assert isinstance(table, selectors.TaskTable)
    if parties and not context["under_change_control"]:
        # The summary tasks of the window: thousands of options would outweigh the rows
        # themselves. The new task page offers every task.
        context["add_form"] = TaskNewForm(
            initial={"duration_days": 1},
            parents=[row.task for row in table.rows if row.task.is_summary],
            parties=parties,
        )
    return render(request, "schedule/tasks.html", context)


@program_view("GET", "POST")
def task_new(request: HttpRequest, program: Program) -> HttpResponse:
    schedule = selectors.schedule_get(program)
    parties = selectors.editable_parties(request.user, program)
    if not parties:
        raise Http404("No such page.")
    parents = selectors.summary_tasks(schedule) if _listed(schedule) else None
    context = _context(request, program, "tasks", _tasks_crumb(program), ("New task", ""))
    context["schedule"] = schedule
    if request.method != "POST":
        initial = {"duration_days": 1, "parent": request.GET.get("parent") or None}
        context["form"] = TaskNewForm(initial=initial, parents=parents, parties=parties)
        return render(request, "schedule/task_new.html", context)
    form = TaskNewForm(request.POST, parents=parents, parties=parties)
    context["form"] = form
    if form.is_valid():
        data = form.cleaned_data
        parent = schedule.tasks.filter(uid=data["parent"]).first() if data["parent"] else None
        if data["parent"] and parent is None:
            form.add_error("parent", f"The schedule has no task with UID {data['parent']}.")
            return render(request, "schedule/task_new.html", context, status=400)
        try:
            task = task_services.task_create(
                acting_user=_user(request),
                schedule=schedule,
                name=data["name"],
                duration=_minutes(data["duration_days"], schedule.minutes_per_day),
                parent=parent,
                is_milestone=data["is_milestone"],
                owner_party=data["owner_party"],
            )
        except DomainError as exc:
            if exc.field in ("duration", "is_milestone", "name", "parent", "owner_party"):
                form.add_domain_error(exc)
            else:
                context["refusal"] = _refusal(exc)
        else:
            messages.success(request, f"Task {task.uid} “{task.name}” added; schedule recomputed.")
            return redirect("schedule:task", code=program.code, uid=task.uid)
    return render(request, "schedule/task_new.html", context, status=400)


def _task_values(form: TaskInlineForm, schedule: Schedule, task: Task) -> dict[str, Any]:
    """The service's keyword arguments from a valid form: dates as datetimes at the start or
    end of that working day, unchanged dates kept exactly as stored."""
    data = form.cleaned_data
    memberships = {str(m.user_id): m.user for m in selectors.members(schedule.program)}
    constraint = data["constraint_type"]
    values: dict[str, Any] = {
        "name": data["name"],
        "constraint_type": constraint,
        "constraint_date": _moment(
            schedule,
            data["constraint_date"],
            task.constraint_date,
            finish=constraint in FINISH_CONSTRAINTS,
        ),
        "actual_start": _moment(schedule, data["actual_start"], task.actual_start, finish=False),
        "actual_finish": _moment(schedule, data["actual_finish"], task.actual_finish, finish=True),
        "owner_party": data["owner_party"],
        "responsible": memberships.get(data.get("responsible") or ""),
    }
    if not task.is_summary:
        values["duration"] = _minutes(
            data["duration_days"], schedule.minutes_per_day, keep=task.duration
        )
        values["percent_complete"] = data["percent_complete"]
    if isinstance(form, TaskForm):
        values |= {
            "wbs": data["wbs"],
            "is_milestone": data["is_milestone"],
            "deadline": _moment(schedule, data["deadline"], task.deadline, finish=True),
            "notes": data["notes"],
        }
    return values


def _task_initial(task: Task, per_day: int) -> dict[str, Any]:
    return {
        "name": task.name,
        "wbs": task.wbs,
        "is_milestone": task.is_milestone,
        "duration_days": selectors.days_text(task.duration, per_day),
        "constraint_type": task.constraint_type,
        "constraint_date": _local_date(task.constraint_date),
        "deadline": _local_date(task.deadline),
        "percent_complete": task.percent_complete,
        "actual_start": _local_date(task.actual_start),
        "actual_finish": _local_date(task.actual_finish),
        "owner_party": task.owner_party,
        "responsible": str(task.responsible_id or ""),
        "notes": task.notes,
        "revision": task.revision,
    }


@program_view("GET", "POST")
def task_edit(request: HttpRequest, program: Program, uid: int) -> HttpResponse:
    """In the task table (htmx): the row becomes a form; saving recomputes and re-renders the
    whole table body, since other tasks' dates move. Without htmx: a page of its own with
    every field of the task."""
    schedule = selectors.schedule_get(program)
    task = selectors.changeable_task(request.user, schedule, uid)
    inline = _htmx(request)
    # The in-row form without JavaScript posts the same few fields: never clear the others.
    form_class = TaskInlineForm if inline or request.POST.get("inline") else TaskForm
    kwargs: dict[str, Any] = {
        "task": task,
        "parties": selectors.editable_parties(request.user, program),
        "memberships": selectors.members(program),
        "prefix": f"task-{task.uid}",
    }
    refusal: dict[str, Any] | None = None
    stale: dict[str, Any] = {}
    if request.method == "POST":
        form = form_class(
            request.POST, initial=_task_initial(task, schedule.minutes_per_day), **kwargs
        )
        if form.is_valid():
            try:
                task_services.task_update(
                    acting_user=_user(request),
                    task=task,
                    revision=form_revision(form),
                    **_task_values(form, schedule, task),
                )
            except StaleEditError as exc:
                # The form, now based on the task as it is: the other person's change shown
                # and kept, what this person typed elsewhere kept.
                task.refresh_from_db()
                stale = rebase_form(form, exc, _task_initial(task, schedule.minutes_per_day))
            except DomainError as exc:
                mapped = form.domain_fields.get(exc.field or "", exc.field)
                if mapped in form.fields and exc.code != ErrorCode.UNDER_CHANGE_CONTROL:
                    form.add_domain_error(exc)
                else:
                    refusal = _refusal(exc)
                task.refresh_from_db()
            else:
                return _task_saved(request, program, schedule, uid, inline=inline)
    else:
        form = form_class(initial=_task_initial(task, schedule.minutes_per_day), **kwargs)
    if inline:
        table = selectors.task_rows(
            schedule, request.user, [task.pk], baseline=agreed_baseline(schedule)
        )
        row = table.rows[0]
        context = {
            "program": program,
            "schedule": schedule,
            "table": table,
            "tasks_url": _tasks_url(program),
            "row": row,
            "form": form,
            "refusal": refusal,
            **stale,
        }
        # htmx swaps only 2xx responses: the row with its errors comes back as 200.
        return render(request, "schedule/_task_edit_row.html", context)
    context = _context(
        request, program, "tasks", _tasks_crumb(program), _task_crumb(program, task), ("Edit", "")
    )
    context |= {"schedule": schedule, "task": task, "form": form, "refusal": refusal, **stale}
    status = (409 if stale else 400) if request.method == "POST" else 200
    return render(request, "schedule/task_edit.html", context, status=status)


def _task_saved(
    request: HttpRequest, program: Program, schedule: Schedule, uid: int, *, inline: bool
) -> HttpResponse:
    schedule.refresh_from_db()
    schedule.program = program
    if not inline:
        messages.success(request, f"Task {uid} saved; the schedule was recomputed.")
        return redirect("schedule:task", code=program.code, uid=uid)
    context = {"program": program, **_table_context(request, schedule, _current_params(request))}
    finish = clock.to_engine(schedule.finish)
    status = f"Task {uid} saved; the schedule was recomputed." + (
        f" Forecast finish: {finish:%-d %b %Y}." if finish else ""
    )
    body = render_to_string("schedule/_task_rows.html", context, request=request)
    body += render_to_string(
        "schedule/_table_status.html", {"status": status, "oob": True}, request=request
    )
    response = HttpResponse(body)
    retarget(response, "#task-rows")
    reswap(response, "outerHTML")
    return response


# -- one task -------------------------------------------------------------------------------


# Up to this many tasks, a new link's predecessor is picked from a list; a larger schedule
# takes its UID (a list of thousands of tasks is neither usable nor quick to send).
PICK_LIST_LIMIT = 500


def _listed(schedule: Schedule) -> bool:
    """Are the schedule's tasks few enough to pick one from a list?"""
    return schedule.tasks.count() <= PICK_LIST_LIMIT


def _link_candidates(schedule: Schedule, uid: int) -> list[Task] | None:
    """The tasks a new predecessor of ``uid`` is picked from, or None: type its UID."""
    if not _listed(schedule):
        return None
    candidates = schedule.tasks.exclude(uid=uid).order_by("position")
    return list(candidates.only("schedule_id", "uid", "wbs", "name"))


def _task_page(
    request: HttpRequest,
    program: Program,
    schedule: Schedule,
    uid: int,
    *,
    link_form: DependencyForm | None = None,
    refusal: dict[str, Any] | None = None,
    status: int = 200,
    assignment_forms: dict[str, Any] | None = None,
) -> HttpResponse:
    table = selectors.task_page_table(schedule, request.user, uid)
    if table is None:
        raise Http404("No such task.")
    row = table.rows[0]
    task = row.task
    parties = selectors.editable_parties(request.user, program)
    owner_of = {link.dependency.successor_id: "" for link in row.successors}
    owner_of |= selectors.owner_parties(schedule, owner_of)
    path: list[Task] = []
    done = resource_selectors.computed(schedule)
    try:
        uids = driving_path(done.result, uid) if done is not None else []
        names = {t.uid: t for t in schedule.tasks.filter(uid__in=uids)}
        path = [names[u] for u in uids if u in names]
    except (DomainError, ScheduleError):
        path = []
    forms = dict(assignment_forms or {})
    edit = request.GET.get("edit", "")
    if "edit_uid" not in forms and edit.isdigit() and len(edit) < 10:
        forms["edit_uid"] = int(edit)
    if link_form is None and row.can_change:
        link_form = DependencyForm(
            candidates=_link_candidates(schedule, uid),
            initial={"type": "FS", "lag_days": 0, "lag_unit": "working"},
        )
    context = _context(request, program, "tasks", _tasks_crumb(program), (f"Task {task.uid}", ""))
    context |= {
        "schedule": schedule,
        "table": table,
        "row": row,
        "task": task,
        "successor_changeable": {
            link.dependency.pk: owner_of[link.dependency.successor_id] in parties
            for link in row.successors
        },
        "driving_path": path,
        "link_form": link_form,
        "refusal": refusal,
        "under_change_control": table.has_baseline,
    }
    context |= assignments_context(
        request, program, schedule, task, can_change=row.can_change, **forms
    )
    return render(request, "schedule/task.html", context, status=status)


@program_view("GET")
def task_detail(request: HttpRequest, program: Program, uid: int) -> HttpResponse:
    return _task_page(request, program, selectors.schedule_get(program), uid)


@program_view("GET", "POST")
def task_delete(request: HttpRequest, program: Program, uid: int) -> HttpResponse:
    schedule = selectors.schedule_get(program)
    task = selectors.changeable_task(request.user, schedule, uid)
    children = schedule.tasks.filter(parent=task).count()
    context = _context(
        request, program, "tasks", _tasks_crumb(program), _task_crumb(program, task), ("Delete", "")
    )
    context |= {
        "heading": f"Delete task {task.uid}: {task.name}",
        "explanation": (
            f"The task, its {children} child task(s) and all their dependencies are removed; "
            "the schedule is recomputed. The audit log keeps a record."
            if children
            else "The task and its dependencies are removed; the schedule is recomputed. The "
            "audit log keeps a record."
        ),
        "action_url": reverse("schedule:task-delete", kwargs={"code": program.code, "uid": uid}),
        "cancel_url": reverse("schedule:task", kwargs={"code": program.code, "uid": uid}),
        "button_label": f"Delete task {task.uid}",
    }
    if request.method == "POST":
        try:
            task_services.task_delete(acting_user=_user(request), task=task)
        except DomainError as exc:
            context["refusal"] = _refusal(exc)
            return render(request, "schedule/confirm.html", context, status=400)
        messages.success(request, f"Task {uid} “{task.name}” deleted; schedule recomputed.")
        return redirect("schedule:tasks", code=program.code)
    return render(request, "schedule/confirm.html", context)


# -- dependencies ---------------------------------------------------------------------------


@program_view("GET", "POST")
def link_new(request: HttpRequest, program: Program, uid: int) -> HttpResponse:
    """Add a predecessor to task ``uid`` (the successor's owner party decides who may)."""
    schedule = selectors.schedule_get(program)
    successor = selectors.changeable_task(request.user, schedule, uid)
    if request.method != "POST":
        return redirect(
            reverse("schedule:task", kwargs={"code": program.code, "uid": uid}) + "#add-link"
        )
    form = DependencyForm(request.POST, candidates=_link_candidates(schedule, uid))
    if not form.is_valid():
        return _task_page(request, program, schedule, uid, link_form=form, status=400)
    data = form.cleaned_data
    predecessor = schedule.tasks.exclude(pk=successor.pk).filter(uid=data["uid"]).first()
    if predecessor is None:
        form.add_error(
            "predecessor_uid" if data.get("predecessor_uid") else "predecessor",
            f"The schedule has no other task with UID {data['uid']}.",
        )
        return _task_page(request, program, schedule, uid, link_form=form, status=400)
    try:
        task_services.dependency_create(
            acting_user=_user(request),
            predecessor=predecessor,
            successor=successor,
            type=data["type"],
            lag=_lag_minutes(data, schedule),
            lag_unit=data["lag_unit"],
        )
    except DomainError as exc:
        if exc.field in ("type", "lag_unit") or (
            exc.field == "predecessor" and exc.code == ErrorCode.INVALID
        ):
            form.add_domain_error(exc)
            return _task_page(request, program, schedule, uid, link_form=form, status=400)
        return _task_page(
            request, program, schedule, uid, link_form=form, refusal=_refusal(exc), status=400
        )
    messages.success(
        request, f"Task {uid} now depends on task {predecessor.uid}; schedule recomputed."
    )
    return redirect("schedule:task", code=program.code, uid=uid)


def _lag_minutes(data: dict[str, Any], schedule: Schedule, keep: Dependency | None = None) -> int:
    """Working lags in working days of the schedule; elapsed lags in 24-hour days."""
    per_day = 1440 if data["lag_unit"] == "elapsed" else schedule.minutes_per_day
    same_unit = keep is not None and keep.lag_unit == data["lag_unit"]
    return _minutes(data["lag_days"], per_day, keep=keep.lag if same_unit and keep else None)


@program_view("GET", "POST")
def link_edit(request: HttpRequest, program: Program, pk: int) -> HttpResponse:
    schedule = selectors.schedule_get(program)
    dependency = selectors.dependency_get(request.user, schedule, pk)
    successor = dependency.successor
    per_day = 1440 if dependency.lag_unit == "elapsed" else schedule.minutes_per_day
    initial = {
        "type": dependency.type,
        "lag_days": selectors.days_text(dependency.lag, per_day),
        "lag_unit": dependency.lag_unit,
    }
    context = _context(
        request,
        program,
        "tasks",
        _tasks_crumb(program),
        _task_crumb(program, successor),
        (f"Dependency on task {dependency.predecessor.uid}", ""),
    )
    context |= {"schedule": schedule, "dependency": dependency}
    if request.method != "POST":
        context["form"] = DependencyEditForm(initial=initial)
        return render(request, "schedule/link_edit.html", context)
    form = DependencyEditForm(request.POST, initial=initial)
    context["form"] = form
    if form.is_valid():
        data = form.cleaned_data
        try:
            task_services.dependency_update(
                acting_user=_user(request),
                dependency=dependency,
                type=data["type"],
                lag=_lag_minutes(data, schedule, keep=dependency),
                lag_unit=data["lag_unit"],
            )
        except DomainError as exc:
            if exc.field in form.fields:
                form.add_domain_error(exc)
            else:
                context["refusal"] = _refusal(exc)
        else:
            messages.success(request, "Dependency saved; schedule recomputed.")
            return redirect("schedule:task", code=program.code, uid=successor.uid)
    return render(request, "schedule/link_edit.html", context, status=400)


@program_view("GET", "POST")
def link_delete(request: HttpRequest, program: Program, pk: int) -> HttpResponse:
    schedule = selectors.schedule_get(program)
    dependency = selectors.dependency_get(request.user, schedule, pk)
    before, after = dependency.predecessor, dependency.successor
    back = reverse("schedule:task", kwargs={"code": program.code, "uid": after.uid})
    context = _context(
        request,
        program,
        "tasks",
        _tasks_crumb(program),
        _task_crumb(program, after),
        ("Remove dependency", ""),
    )
    context |= {
        "heading": f"Remove the dependency of task {after.uid} on task {before.uid}",
        "explanation": (
            f"“{after.name}” will no longer wait for “{before.name}” "
            f"({dependency.get_type_display()}). The schedule is recomputed."
        ),
        "action_url": reverse("schedule:link-delete", kwargs={"code": program.code, "pk": pk}),
        "cancel_url": back,
        "button_label": "Remove the dependency",
    }
    if request.method == "POST":
        try:
            task_services.dependency_delete(acting_user=_user(request), dependency=dependency)
        except DomainError as exc:
            context["refusal"] = _refusal(exc)
            return render(request, "schedule/confirm.html", context, status=400)
        messages.success(request, f"Task {after.uid} no longer depends on task {before.uid}.")
        return redirect(back)
    return render(request, "schedule/confirm.html", context)


# -- the Gantt chart ------------------------------------------------------------------------


@program_view("GET")
def gantt(request: HttpRequest, program: Program) -> HttpResponse:
    """A window of the chart, as of the task table (the same filters, collapsed summary
    tasks and pages), on the time scale of the whole schedule."""
    schedule = selectors.schedule_get(program)
    baseline = agreed_baseline(schedule)
    filterset, window = _filtered_window(request, schedule, request.GET)
    rows = selectors.gantt_rows(schedule, baseline, window.pks)
    show_resources = request.GET.get("resources") == "1"
    if show_resources:
        labels = resource_selectors.resource_labels_by_uid(schedule, [r.uid for r in rows])
        rows = [replace(r, resources=labels.get(r.uid, "")) for r in rows]
    chart = gantt_chart(
        rows,
        status_date=clock.to_engine(schedule.status_date),
        today=selectors.today(),
        span=selectors_window.schedule_span(schedule, baseline),
    )
    context = _context(request, program, "gantt", ("Gantt chart", ""))
    context |= {
        "schedule": schedule,
        "gantt": chart,
        "baseline": baseline,
        "window": window,
        "filter_form": filterset.form,
        "show_resources": show_resources,
        "critical_count": Task.objects.filter(
            schedule=schedule, is_critical=True, is_summary=False
        ).count(),
    }
    return render(request, "schedule/gantt.html", context)


# -- exports --------------------------------------------------------------------------------


def _attachment(body: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=filename
    )
    return response


def _export(request: HttpRequest, program: Program, suffix: str) -> HttpResponse:
    schedule = selectors.schedule_get(program)
    try:
        body = export_schedule_file(schedule, suffix)
    except DomainError as exc:
        messages.error(request, f"The schedule cannot be exported as it stands: {exc.message}")
        return redirect("schedule:home", code=program.code)
    return _attachment(body, FORMATS[suffix], export_filename(schedule, suffix))


@program_view("GET")
@conditional_get
def export_mspdi(request: HttpRequest, program: Program) -> HttpResponse:
    return _export(request, program, ".xml")


@program_view("GET")
@conditional_get
def export_xlsx(request: HttpRequest, program: Program) -> HttpResponse:
    return _export(request, program, ".xlsx")


@program_view("GET")
@conditional_get
def export_pdf(request: HttpRequest, program: Program) -> HttpResponse:
    schedule = selectors.schedule_get(program)
    baseline = agreed_baseline(schedule)
    try:
        checks = dcma_results(schedule)
    except DomainError as exc:
        messages.error(request, f"The schedule cannot be exported as it stands: {exc.message}")
        return redirect("schedule:home", code=program.code)
    user = _user(request)
    body = render_schedule_pdf(
        program_name=program.name,
        program_code=program.code,
        schedule_name=schedule.name,
        rows=selectors.gantt_rows(schedule, baseline),
        status_date=clock.to_engine(schedule.status_date),
        finish=clock.to_engine(schedule.finish),
        baseline_name=f"Baseline {baseline.number}: {baseline.name}" if baseline else None,
        dcma=checks,
        generated_by=user.get_full_name() or user.get_username(),
        today=selectors.today(),
    )
    return _attachment(body, "application/pdf", export_filename(schedule, ".pdf"))
