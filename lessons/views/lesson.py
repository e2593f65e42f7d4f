"""A lesson's page (its validations, comments, files and history, and the steps the person
may take as forms), recording and editing. A refused step shows the service's message beside
the form and changes nothing."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from programs.concurrency import form_revision, rebase_form
from programs.errors import DomainError, StaleEditError
from programs.forms import PortalForm
from programs.models import Program
from programs.views.idempotency import create_once
from programs.views.layout import acting_user, get_program, program_context

from .. import selectors, services
from ..choices import LessonStatus
from ..forms import ApplyForm, CommentForm, EmptyForm, LessonForm
from ..models import Lesson
from ..rules import may_comment, may_edit, may_record, may_validate
from ..sources import source_reference
from .common import SECTION, crumbs, lesson_for

#: The steps a lesson's page offers, by name: (heading, button).
STEPS = {
    "validate": ("Validate this wording", "Validate"),
    "apply": ("Mark it applied", "Mark applied"),
}


def _steps(user: Any, lesson: Lesson) -> list[str]:
    names = []
    if (
        lesson.status == LessonStatus.PROPOSED
        and may_validate(user, lesson)
        and not selectors.has_validated(lesson, user)
    ):
        names.append("validate")
    if lesson.status == LessonStatus.VALIDATED and may_edit(user, lesson):
        names.append("apply")
    return names


def _step_form(name: str, data: Any = None) -> PortalForm:
    return ApplyForm(data, prefix=name) if name == "apply" else EmptyForm(data, prefix=name)


def _detail(
    request: HttpRequest,
    program: Program,
    lesson: Lesson,
    *,
    bound: tuple[str, PortalForm] | None = None,
    status: int = 200,
) -> HttpResponse:
    names = _steps(request.user, lesson)
    if bound and bound[0] != "comment" and bound[0] not in names:
        names.append(bound[0])
    steps = [
        (name, *STEPS[name], bound[1] if bound and bound[0] == name else _step_form(name))
        for name in names
    ]
    context = program_context(request, program, SECTION, *crumbs(program, (lesson.reference, "")))
    context |= {
        "lesson": lesson,
        "source_reference": source_reference(lesson),
        "validations": selectors.validations_of(lesson),
        "history": lesson.history.select_related("actor").all(),
        "comments": lesson.comments.all(),
        "steps": steps,
        "can_edit": may_edit(request.user, lesson) and lesson.status != LessonStatus.APPLIED,
        "can_comment": may_comment(request.user, lesson),
        "comment_form": bound[1]
        if bound and bound[0] == "comment"
        else CommentForm(prefix="comment"),
    }
    return render(request, "lessons/lesson.html", context, status=status)


@login_required
@require_GET
def lesson_page(request: HttpRequest, code: str, number: int) -> HttpResponse:
    program = get_program(request, code)
    return _detail(request, program, lesson_for(request, program, number))


@login_required
@require_POST
def lesson_step(request: HttpRequest, code: str, number: int, step: str) -> HttpResponse:
    program = get_program(request, code)
    lesson = lesson_for(request, program, number)
    # A step the person may never take is not there for them; a status or an input that does
    # not allow it is refused beside its form.
    allowed = (
        may_validate(request.user, lesson) if step == "validate" else may_edit(request.user, lesson)
    )
    if step not in STEPS or not allowed:
        raise Http404
    form = _step_form(step, request.POST)
    if form.is_valid():
        user = acting_user(request)
        try:
            if step == "validate":
                services.lesson_validate(acting_user=user, lesson=lesson)
            else:
                services.lesson_apply(
                    acting_user=user,
                    lesson=lesson,
                    where_applied=form.cleaned_data["where_applied"],
                    applied_on=form.cleaned_data["applied_on"],
                )
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            lesson.refresh_from_db()
            messages.success(request, f"{lesson.reference}: {lesson.get_status_display().lower()}.")
            return redirect(lesson.get_absolute_url())
    return _detail(request, program, lesson, bound=(step, form), status=400)


@login_required
@require_POST
def lesson_comment(request: HttpRequest, code: str, number: int) -> HttpResponse:
    program = get_program(request, code)
    lesson = lesson_for(request, program, number)
    if not may_comment(request.user, lesson):
        raise Http404
    form = CommentForm(request.POST, prefix="comment")
    if form.is_valid():
        try:
            services.lesson_comment_add(
                acting_user=acting_user(request), lesson=lesson, text=form.cleaned_data["text"]
            )
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(request, "Your comment is added.")
            return redirect(f"{lesson.get_absolute_url()}#comments")
    return _detail(request, program, lesson, bound=("comment", form), status=400)


def _form_page(
    request: HttpRequest,
    program: Program,
    form: LessonForm,
    lesson: Lesson | None,
    status: int,
    stale: dict[str, Any] | None = None,
) -> HttpResponse:
    tail = (
        [(lesson.reference, lesson.get_absolute_url()), ("Edit", "")]
        if lesson
        else [("Record a lesson", "")]
    )
    context = program_context(request, program, SECTION, *crumbs(program, *tail))
    context |= {"form": form, "lesson": lesson, **(stale or {})}
    return render(request, "lessons/lesson_form.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def lesson_new(request: HttpRequest, code: str) -> HttpResponse:
    program = get_program(request, code)
    if not may_record(request.user, program):
        raise Http404
    if request.method != "POST":
        initial = {"phase": program.phase, "owner_party": "shared"}
        return _form_page(request, program, LessonForm(initial=initial), None, 200)
    form = LessonForm(request.POST)
    if form.is_valid():
        try:
            created = create_once(
                request,
                scope="lesson:create",
                create=lambda: services.lesson_create(
                    acting_user=acting_user(request), program=program, **form.values()
                ),
                redirect_to=lambda x: x.get_absolute_url(),
            )
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            if isinstance(created, HttpResponse):
                return created
            messages.success(
                request, f"{created.reference} is recorded; both parties validate it next."
            )
            return redirect(created.get_absolute_url())
    return _form_page(request, program, form, None, 400)


def _initial(lesson: Lesson) -> dict[str, Any]:
    """The edit form's values from the lesson as it is stored."""
    initial = {name: getattr(lesson, name) for name in services.CONTENT_FIELDS}
    initial["source"] = source_reference(lesson)
    initial["revision"] = lesson.revision
    return initial


@login_required
@require_http_methods(["GET", "POST"])
def lesson_edit(request: HttpRequest, code: str, number: int) -> HttpResponse:
    program = get_program(request, code)
    lesson = lesson_for(request, program, number)
    if not may_edit(request.user, lesson):
        raise Http404
    if request.method != "POST":
        return _form_page(request, program, LessonForm(initial=_initial(lesson)), lesson, 200)
    form = LessonForm(request.POST)
    if form.is_valid():
        try:
            services.lesson_update(
                acting_user=acting_user(request),
                lesson=lesson,
                revision=form_revision(form),
                **form.values(),
            )
        except StaleEditError as exc:
            # The form, now based on the lesson as it is: the other person's change shown and
            # kept, what this person typed elsewhere kept.
            lesson.refresh_from_db()
            stale = rebase_form(form, exc, _initial(lesson))
            return _form_page(request, program, form, lesson, 409, stale)
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(request, f"{lesson.reference} is saved.")
            return redirect(lesson.get_absolute_url())
    return _form_page(request, program, form, lesson, 400)
