"""The program list and a program's workspace: facts and the Play 3.1 board."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from .. import policy, selectors
from ..choices import OwningParty
from ..conditional import kept_page
from ..errors import DomainError
from ..forms import ActivityForm
from ..kept_parts import kept_part
from ..models import PlayActivity, Program
from ..services import board as board_services
from .layout import HtmxHttpRequest, acting_user, get_program, program_context

BOARD_INCLUDES = (
    "programs/includes/board_progress.html",
    "programs/includes/activity_row.html",
    "programs/includes/activity_tag.html",
    "programs/includes/activity_status_note.html",
)


@login_required
@require_GET
def program_list(request: HttpRequest) -> HttpResponse:
    summaries = selectors.program_list_for(user=request.user)
    return render(request, "programs/program_list.html", {"summaries": summaries})


@login_required
@require_GET
@kept_page
def program_detail(request: HttpRequest, code: str) -> HttpResponse:
    program = get_program(request, code)
    context = program_context(request, program, "overview")
    context["crumbs"] = [*context["crumbs"][:-1], (program.name, "")]
    # The board is the same for every reader who changes the activities of the same parties.
    changes = [o for o in OwningParty.values if policy.can_change_party(request.user, program, o)]
    context["board_section"] = kept_part(
        request,
        program,
        "programs/includes/board.html",
        lambda: {
            "program": program,
            "board": selectors.board_for(program=program, user=request.user),
        },
        viewer="changes=" + ",".join(changes),
        includes=BOARD_INCLUDES,
    )
    return render(request, "programs/program_detail.html", context)


def _changeable_activity(request: HttpRequest, program: Program, key: str) -> PlayActivity:
    activities = policy.restrict(selectors.board_activities(program), request.user, "change")
    activity = get_object_or_404(activities, key=key)
    activity.program = program
    return activity


def _row_response(
    request: HttpRequest, program: Program, activity: PlayActivity, *, with_progress: bool
) -> HttpResponse:
    context = {
        "program": program,
        "row": selectors.activity_row(activity=activity, user=request.user),
        "progress": selectors.board_progress(program=program) if with_progress else None,
    }
    return render(request, "programs/includes/activity_row.html", context)


@login_required
@require_GET
def activity_row(request: HtmxHttpRequest, code: str, key: str) -> HttpResponse:
    """The read-only row of an activity (what "Cancel" of an inline edit puts back)."""
    program = get_program(request, code)
    if not request.htmx:
        return redirect(program)
    activity = get_object_or_404(selectors.board_activities(program), key=key)
    activity.program = program
    return _row_response(request, program, activity, with_progress=False)


@login_required
@require_http_methods(["GET", "POST"])
def activity_edit(request: HtmxHttpRequest, code: str, key: str) -> HttpResponse:
    """Status, due date and assignee of an activity: inline on the board with htmx, or as a
    page of its own without JavaScript. Only people who may change the activity find it."""
    program = get_program(request, code)
    activity = _changeable_activity(request, program, key)
    assignees = selectors.program_members(program=program, user=request.user)
    prefix = f"activity-{activity.number}"
    if request.method == "POST":
        form = ActivityForm(
            request.POST, assignees=assignees, prefix=prefix, overridden=activity.is_overridden
        )
        if form.is_valid():
            try:
                board_services.activity_update(
                    acting_user=acting_user(request),
                    activity=activity,
                    status=form.cleaned_data["status"],
                    due_date=form.cleaned_data["due_date"],
                    assignee=form.cleaned_data["assignee"],
                    reason=form.cleaned_data["reason"],
                    clear_override=form.cleaned_data.get("clear_override", False),
                )
            except DomainError as exc:
                form.add_domain_error(exc)
                activity.refresh_from_db()
            else:
                if request.htmx:
                    return _row_response(request, program, activity, with_progress=True)
                messages.success(request, f"Activity {activity.number} saved.")
                return redirect(program)
    else:
        form = ActivityForm(
            prefix=prefix,
            initial={
                "status": activity.status,
                "due_date": activity.due_date,
                "assignee": activity.assignee_id,
                "reason": activity.status_reason,
            },
            assignees=assignees,
            overridden=activity.is_overridden,
        )
    context = program_context(request, program, "overview", (f"Activity {activity.number}", ""))
    context |= {
        "row": selectors.activity_row(activity=activity, user=request.user),
        "form": form,
    }
    template = (
        "programs/includes/activity_edit_row.html"
        if request.htmx
        else "programs/activity_edit.html"
    )
    return render(request, template, context)
