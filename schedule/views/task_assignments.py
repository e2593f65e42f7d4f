"""The assignments section of a task's page (``schedule/_assignments.html``): what the task's
page and the assignment views (``schedule.views.resources``) both render."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from programs.models import Program
from schedule.forms_resources import AssignmentForm, AssignmentNewForm
from schedule.models import Assignment, Schedule, Task
from schedule.selectors import resources as selectors


def assignment_initial(assignment: Assignment) -> dict[str, Any]:
    return {
        "units": assignment.units,
        "work_hours": selectors.hours(assignment.work),
        "actual_hours": selectors.hours(assignment.actual_work),
        "remaining_hours": (
            "" if assignment.remaining_work is None else selectors.hours(assignment.remaining_work)
        ),
    }


def assignments_context(
    request: HttpRequest,
    program: Program,
    schedule: Schedule,
    task: Task,
    *,
    can_change: bool,
    add_form: AssignmentNewForm | None = None,
    edit_uid: int | None = None,
    edit_form: AssignmentForm | None = None,
    refusal: dict[str, Any] | None = None,
    status: str = "",
) -> dict[str, Any]:
    sight = selectors.money_sight(request.user, schedule)
    listing = selectors.task_assignments(task, sight=sight, can_change=can_change)
    if listing.can_change and add_form is None:
        add_form = AssignmentNewForm(
            resources=selectors.resource_choices(schedule),
            initial={"units": 100},
            prefix="assign",
        )
    if listing.can_change and edit_uid is not None and edit_form is None:
        editing = next((r.assignment for r in listing.rows if r.uid == edit_uid), None)
        if editing is not None:
            edit_form = AssignmentForm(
                initial=assignment_initial(editing), prefix=f"assignment-{edit_uid}"
            )
    if edit_form is None:
        edit_uid = None
    if edit_form is not None:
        edit_form.fields["units"].widget.attrs["autofocus"] = "autofocus"
    task_cost = task.computed_cost if sight.costs else None
    return {
        "assignments": listing,
        "task_cost": task_cost,
        "assignment_add_form": add_form if listing.can_change else None,
        "assignment_edit_uid": edit_uid,
        "assignment_edit_form": edit_form,
        "assignment_refusal": refusal,
        "assignment_status": status,
        "task_work_hours": selectors.hours(task.work),
        "sees_costs": sight.costs,
    }
