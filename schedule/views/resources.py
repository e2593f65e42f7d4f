"""Browser pages of the schedule's resources: the resource sheet, a resource with its rate
table (add, change, remove), a task's assignments edited in place on the task's page, and the
resource usage view with its over-allocations.

Access is the schedule pages' (``schedule.views.pages.program_view``): members of the program
read, a 404 for everyone else; changing a resource needs ``change`` on it (its owner party),
changing an assignment ``change`` on its task, and anyone else posting gets a 404. Rates are
shown only to those ``can_see_rates`` allows and costs to those ``can_see_costs`` allows: the
columns are left out for everyone else. Every write goes through the services, whose refusal
is shown beside the field it names, with nothing changed.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse

from programs.errors import DomainError
from programs.models import Program
from schedule.forms_resources import (
    AssignmentForm,
    AssignmentNewForm,
    RateFormSet,
    ResourceForm,
    minutes,
    rate_rows,
    resource_initial,
    style_rate_formset,
)
from schedule.models import Resource, Schedule
from schedule.selectors import resources as selectors
from schedule.selectors import tasks as task_selectors
from schedule.services import assignments as assignment_services
from schedule.services import resources as resource_services
from schedule.services.baselines import agreed_baseline

from .pages import _context, _htmx, _refusal, _task_page, _user, program_view
from .task_assignments import assignment_initial, assignments_context


def _sheet_crumb(program: Program) -> tuple[str, str]:
    return ("Resources", reverse("schedule:resources", kwargs={"code": program.code}))


# -- the resource sheet ---------------------------------------------------------------------


@program_view("GET")
def resource_sheet(request: HttpRequest, program: Program) -> HttpResponse:
    schedule = task_selectors.schedule_get(program)
    sight = selectors.money_sight(request.user, schedule)
    sheet = selectors.resource_sheet(schedule, request.user, sight=sight)
    context = _context(request, program, "resources", ("Resources", ""))
    context |= {"schedule": schedule, "sheet": sheet}
    return render(request, "schedule/resources.html", context)


def _resource_page(
    request: HttpRequest,
    program: Program,
    schedule: Schedule,
    resource: Resource | None,
) -> HttpResponse:
    """The form of a new resource (``resource`` None) or of one to change, with its rate
    table when the user may change its rates."""
    sight = selectors.money_sight(request.user, schedule)
    parties = sight.change
    memberships = task_selectors.members(program)
    initial = resource_initial(resource) if resource else {"max_units": 100, "type": "work"}
    # A new resource's rates are offered when the user could change the rates of a resource
    # of a party it may give it to; the service checks again once the party is chosen.
    offer_rates = (
        resource.owner_party in sight.change_rates if resource else bool(sight.change_rates)
    )
    rates_initial = [
        {
            "effective": r.effective,
            "standard": r.standard.normalize(),
            "overtime": r.overtime.normalize(),
            "per_use": r.per_use,
        }
        for r in (selectors.resource_rates(resource) if resource and offer_rates else [])
    ]
    if resource is None:
        crumbs = (_sheet_crumb(program), ("New resource", ""))
    else:
        crumbs = (_sheet_crumb(program), (f"Resource {resource.uid}", ""))
    context = _context(request, program, "resources", *crumbs)
    context |= {"schedule": schedule, "resource": resource, "offer_rates": offer_rates}
    if request.method != "POST":
        context["form"] = ResourceForm(initial=initial, parties=parties, memberships=memberships)
        if offer_rates:
            context["rates"] = RateFormSet(initial=rates_initial, prefix="rates")
            style_rate_formset(context["rates"])
        return render(request, "schedule/resource_form.html", context)
    form = ResourceForm(request.POST, initial=initial, parties=parties, memberships=memberships)
    rates = (
        RateFormSet(request.POST, initial=rates_initial, prefix="rates") if offer_rates else None
    )
    if rates is not None:
        style_rate_formset(rates)
    context |= {"form": form, "rates": rates}
    if not form.is_valid() or (rates is not None and not rates.is_valid()):
        return render(request, "schedule/resource_form.html", context, status=400)
    data = dict(form.cleaned_data)
    member_id = data.pop("member")
    member = next((m.user for m in memberships if m.user_id == member_id), None)
    values: dict[str, Any] = {**data, "member": member}
    if values["type"] != "material":
        values["material_label"] = ""
    rows = rate_rows(rates) if rates is not None else None
    try:
        if resource is None:
            resource = resource_services.resource_create(
                acting_user=_user(request), schedule=schedule, rates=rows, **values
            )
            done = f"Resource {resource.uid} “{resource.name}” added."
        else:
            resource = resource_services.resource_update(
                acting_user=_user(request), resource=resource, rates=rows, **values
            )
            done = f"Resource {resource.uid} “{resource.name}” saved; the schedule was recomputed."
    except DomainError as exc:
        if exc.field == "rates" and rates is not None:
            context["rates_error"] = exc.message
        elif exc.field in form.fields:
            form.add_domain_error(exc)
        else:
            context["refusal"] = _refusal(exc)
        return render(request, "schedule/resource_form.html", context, status=400)
    messages.success(request, done)
    return redirect("schedule:resources", code=program.code)


@program_view("GET", "POST")
def resource_new(request: HttpRequest, program: Program) -> HttpResponse:
    schedule = task_selectors.schedule_get(program)
    if not selectors.money_sight(request.user, schedule).change:
        raise Http404("No such page.")
    return _resource_page(request, program, schedule, None)


@program_view("GET", "POST")
def resource_edit(request: HttpRequest, program: Program, uid: int) -> HttpResponse:
    schedule = task_selectors.schedule_get(program)
    resource = selectors.changeable_resource(request.user, schedule, uid)
    return _resource_page(request, program, schedule, resource)


@program_view("GET", "POST")
def resource_delete(request: HttpRequest, program: Program, uid: int) -> HttpResponse:
    schedule = task_selectors.schedule_get(program)
    resource = selectors.changeable_resource(request.user, schedule, uid)
    context = _context(
        request,
        program,
        "resources",
        _sheet_crumb(program),
        (f"Remove resource {resource.uid}", ""),
    )
    context |= {
        "heading": f"Remove resource {resource.uid}: {resource.name}",
        "explanation": (
            "The resource and its rate table are removed. A resource still assigned to tasks "
            "is not: remove those assignments first. The audit log keeps a record."
        ),
        "action_url": reverse(
            "schedule:resource-delete", kwargs={"code": program.code, "uid": uid}
        ),
        "cancel_url": reverse("schedule:resources", kwargs={"code": program.code}),
        "button_label": f"Remove resource {resource.uid}",
    }
    if request.method == "POST":
        try:
            resource_services.resource_delete(acting_user=_user(request), resource=resource)
        except DomainError as exc:
            context["refusal"] = _refusal(exc)
            return render(request, "schedule/confirm.html", context, status=400)
        messages.success(request, f"Resource {uid} “{resource.name}” removed.")
        return redirect("schedule:resources", code=program.code)
    return render(request, "schedule/confirm.html", context)


# -- a task's assignments -------------------------------------------------------------------


def _task_url(program: Program, uid: int) -> str:
    return reverse("schedule:task", kwargs={"code": program.code, "uid": uid})


def _assignments_response(
    request: HttpRequest, program: Program, schedule: Schedule, uid: int, **forms: Any
) -> HttpResponse:
    """The assignments section again (htmx), with the task's facts swapped out of band: a
    change of units or work moves its duration and finish. Without htmx, the whole page."""
    if not _htmx(request):
        status = 400 if forms.get("refusal") or _has_errors(forms) else 200
        return _task_page(request, program, schedule, uid, assignment_forms=forms, status=status)
    schedule.refresh_from_db()
    schedule.program = program
    table = task_selectors.task_page_table(schedule, request.user, uid)
    if table is None:
        raise Http404("No such task.")
    row = table.rows[0]
    context: dict[str, Any] = {"program": program, "schedule": schedule, "row": row}
    context["task"] = row.task
    context["table"] = table
    context |= assignments_context(
        request,
        program,
        schedule,
        row.task,
        can_change=row.can_change,
        **forms,
    )
    body = render_to_string("schedule/_assignments.html", context, request=request)
    body += render_to_string("schedule/_task_facts.html", {**context, "oob": True}, request)
    # htmx swaps only 2xx responses: the section with its errors comes back as 200.
    return HttpResponse(body)


def _has_errors(forms: dict[str, Any]) -> bool:
    return any(
        form is not None and form.is_bound and form.errors
        for key, form in forms.items()
        if key in ("add_form", "edit_form")
    )


@program_view("POST")
def assignment_new(request: HttpRequest, program: Program, uid: int) -> HttpResponse:
    schedule = task_selectors.schedule_get(program)
    task = task_selectors.changeable_task(request.user, schedule, uid)
    form = AssignmentNewForm(
        request.POST, resources=selectors.resource_choices(schedule), prefix="assign"
    )
    if not form.is_valid():
        return _assignments_response(request, program, schedule, uid, add_form=form)
    data = form.cleaned_data
    resource = schedule.resources.filter(uid=data["resource"]).first()
    if resource is None:
        form.add_error("resource", f"The schedule has no resource with UID {data['resource']}.")
        return _assignments_response(request, program, schedule, uid, add_form=form)
    values: dict[str, Any] = {}
    if data.get("units") is not None:
        values["units"] = data["units"]
    if data.get("work_hours") is not None:
        values["work"] = minutes(data["work_hours"])
    try:
        assignment_services.assignment_create(
            acting_user=_user(request), task=task, resource=resource, **values
        )
    except DomainError as exc:
        mapped = form.domain_fields.get(exc.field or "", "")
        if mapped in form.fields:
            form.add_domain_error(exc)
            return _assignments_response(request, program, schedule, uid, add_form=form)
        return _assignments_response(
            request, program, schedule, uid, add_form=form, refusal=_refusal(exc)
        )
    status = f"{resource.name} assigned to task {uid}; the schedule was recomputed."
    if not _htmx(request):
        messages.success(request, status)
        return redirect(_task_url(program, uid) + "#assignments")
    return _assignments_response(request, program, schedule, uid, status=status)


@program_view("GET", "POST")
def assignment_edit(request: HttpRequest, program: Program, uid: int) -> HttpResponse:
    """A row of the task's assignments becomes a form (htmx), or the task's page with that
    row in edit mode (no JavaScript); saving recomputes the schedule."""
    schedule = task_selectors.schedule_get(program)
    assignment = selectors.assignment_get(request.user, schedule, uid)
    task_uid = assignment.task.uid
    if request.method != "POST":
        if not _htmx(request):
            return redirect(f"{_task_url(program, task_uid)}?edit={uid}#assignment-{uid}")
        if request.GET.get("cancel"):
            return _assignments_response(request, program, schedule, task_uid)
        return _assignments_response(request, program, schedule, task_uid, edit_uid=uid)
    form = AssignmentForm(
        request.POST, initial=assignment_initial(assignment), prefix=f"assignment-{uid}"
    )
    if not form.is_valid():
        return _assignments_response(
            request, program, schedule, task_uid, edit_uid=uid, edit_form=form
        )
    data = form.cleaned_data
    values: dict[str, Any] = {"units": data["units"]}
    if assignment.resource.type == "work":
        values |= {
            "work": minutes(data["work_hours"], keep=assignment.work),
            "actual_work": minutes(data["actual_hours"], keep=assignment.actual_work),
            "remaining_work": minutes(data.get("remaining_hours"), keep=assignment.remaining_work),
        }
    try:
        assignment_services.assignment_update(
            acting_user=_user(request), assignment=assignment, **values
        )
    except DomainError as exc:
        mapped = form.domain_fields.get(exc.field or "", "")
        refusal = None
        if mapped in form.fields:
            form.add_domain_error(exc)
        else:
            refusal = _refusal(exc)
        return _assignments_response(
            request, program, schedule, task_uid, edit_uid=uid, edit_form=form, refusal=refusal
        )
    task = schedule.tasks.get(uid=task_uid)
    finish = task_selectors.date_text(task.finish)
    status = f"{assignment.resource.name}'s assignment saved; the schedule was recomputed." + (
        f" Task {task_uid} now finishes {finish.label}." if finish else ""
    )
    if not _htmx(request):
        messages.success(request, status)
        return redirect(_task_url(program, task_uid) + "#assignments")
    return _assignments_response(request, program, schedule, task_uid, status=status)


@program_view("GET", "POST")
def assignment_delete(request: HttpRequest, program: Program, uid: int) -> HttpResponse:
    schedule = task_selectors.schedule_get(program)
    assignment = selectors.assignment_get(request.user, schedule, uid)
    task = assignment.task
    back = _task_url(program, task.uid)
    context = _context(
        request,
        program,
        "tasks",
        ("Tasks", reverse("schedule:tasks", kwargs={"code": program.code})),
        (f"Task {task.uid}", back),
        ("Remove assignment", ""),
    )
    context |= {
        "heading": f"Remove {assignment.resource.name} from task {task.uid}",
        "explanation": (
            f"{assignment.resource.name} will no longer work on “{task.name}”. "
            + (
                "The task is effort-driven: the resources left share its work. "
                if task.effort_driven
                else ""
            )
            + "The schedule is recomputed."
        ),
        "action_url": reverse(
            "schedule:assignment-delete", kwargs={"code": program.code, "uid": uid}
        ),
        "cancel_url": back + "#assignments",
        "button_label": f"Remove {assignment.resource.name}",
    }
    if request.method == "POST":
        try:
            assignment_services.assignment_delete(acting_user=_user(request), assignment=assignment)
        except DomainError as exc:
            context["refusal"] = _refusal(exc)
            return render(request, "schedule/confirm.html", context, status=400)
        messages.success(request, f"{assignment.resource.name} removed from task {task.uid}.")
        return redirect(back + "#assignments")
    return render(request, "schedule/confirm.html", context)


# -- resource usage -------------------------------------------------------------------------


def _whole(value: str | None) -> int:
    return int(value) if value and value.isdigit() and len(value) < 7 else 0


@program_view("GET")
def resource_usage(request: HttpRequest, program: Program) -> HttpResponse:
    schedule = task_selectors.schedule_get(program)
    period = request.GET.get("period", "week")
    if period not in selectors.USAGE_PERIOD_CHOICES:
        period = "week"
    usage = selectors.resource_usage_view(
        schedule,
        period=period,
        first=_whole(request.GET.get("from")),
        page=request.GET.get("page") or 1,
    )
    context = _context(request, program, "usage", _sheet_crumb(program), ("Usage", ""))
    context |= {
        "schedule": schedule,
        "usage": usage,
        "period": period,
        "baseline": agreed_baseline(schedule),
    }
    return render(request, "schedule/usage.html", context)
