"""The eight Play 3.1 lessons with what the portal shows of each and both parties'
self-assessments, and the lessons-learned report."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from programs.errors import DomainError
from programs.models import Program, person_name
from programs.registers.exports import dated_download
from programs.views.layout import acting_user, get_program, program_context

from .. import exports, selectors, services
from ..forms import AssessmentForm
from ..play import NUMBERS, play_lessons
from ..rules import assessing_party
from .common import SECTION, XLSX, crumbs, visible


def _page(
    request: HttpRequest,
    program: Program,
    *,
    bound: tuple[int, AssessmentForm] | None = None,
    status: int = 200,
) -> HttpResponse:
    party = assessing_party(request.user, program)
    lessons = play_lessons(program=program, user=request.user)
    forms: dict[int, Any] = {}
    if party is not None:
        for evidence in lessons:
            number = evidence.lesson.number
            own = evidence.assessments.get(party)
            initial = {"rating": own.rating, "note": own.note} if own else {}
            forms[number] = (
                bound[1]
                if bound and bound[0] == number
                else AssessmentForm(initial=initial, prefix=f"lesson-{number}")
            )
    context = program_context(
        request, program, SECTION, *crumbs(program, ("The eight Play 3.1 lessons", ""))
    )
    context |= {
        "lessons": [(e, forms.get(e.lesson.number)) for e in lessons],
        "assessing_party": party,
    }
    return render(request, "lessons/play.html", context, status=status)


@login_required
@require_GET
def play_page(request: HttpRequest, code: str) -> HttpResponse:
    return _page(request, get_program(request, code))


@login_required
@require_POST
def assess(request: HttpRequest, code: str, number: int) -> HttpResponse:
    program = get_program(request, code)
    if number not in NUMBERS or assessing_party(request.user, program) is None:
        raise Http404
    form = AssessmentForm(request.POST, prefix=f"lesson-{number}")
    if form.is_valid():
        try:
            services.assessment_set(
                acting_user=acting_user(request),
                program=program,
                lesson=number,
                rating=form.cleaned_data["rating"],
                note=form.cleaned_data["note"],
            )
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(request, f"Your party's assessment of lesson {number} is saved.")
            return redirect(reverse("lessons:play", kwargs={"code": code}) + f"#lesson-{number}")
    return _page(request, program, bound=(number, form), status=400)


@login_required
@require_GET
def report(request: HttpRequest, code: str, ext: str) -> HttpResponse:
    program = get_program(request, code)
    queryset = visible(request, program)
    rows = list(queryset.order_by("number"))
    play = play_lessons(program=program, user=request.user)
    if ext == "xlsx":
        body = exports.report_xlsx(program, rows, play)
        return dated_download(body, XLSX, program, "lessons-learned-report", "xlsx")
    body = exports.report_pdf(
        program,
        rows,
        play,
        counts=selectors.status_counts(queryset),
        generated_by=person_name(request.user),
    )
    return dated_download(body, "application/pdf", program, "lessons-learned-report", "pdf")
