"""Pages of the CPARS-style performance evaluations: the list, a new evaluation, the
evaluation (per area the portal's proposal and its reasons beside the evaluator's rating and
narrative; the provider's comment; the signature), rating, opening for comment, the
provider's comment, the evaluator's signature, and the PDF and Excel exports.

Every member of the program reads them (a 404 for anyone else); an action a user may not
take is a 404; a refusal shows the service's message beside the field and changes nothing."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from programs import limits, policy
from programs.errors import DomainError
from programs.models import Program
from programs.registers.exports import dated_download
from programs.views.layout import acting_user, get_program, program_context

from . import evaluation_exports as exports
from .choices import EvaluationKind
from .evaluation_forms import CommentForm, EvaluationForm, RatingsForm
from .evaluation_periods import default_period, period_text
from .evaluation_rules import may_comment, may_create, may_edit, may_sign
from .models import PerformanceEvaluation
from .services import evaluations as services

SECTION = "qasp"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _crumbs(program: Program, *tail: tuple[str, str]) -> tuple[tuple[str, str], ...]:
    url = reverse("qasp:evaluations:list", kwargs={"code": program.code})
    return (("Performance evaluations", url), *tail)


def _visible(request: HttpRequest, program: Program) -> QuerySet[PerformanceEvaluation]:
    rows = PerformanceEvaluation.objects.filter(program=program).select_related(
        "program", "evaluator__user"
    )
    return policy.restrict(rows, request.user, "view")


def _evaluation(request: HttpRequest, program: Program, pk: int) -> PerformanceEvaluation:
    evaluation = get_object_or_404(_visible(request, program), pk=pk)
    evaluation.program = program
    return evaluation


def _name(evaluation: PerformanceEvaluation) -> str:
    return f"{evaluation.get_kind_display()} evaluation, {period_text(evaluation)}"


def _heading(evaluation: PerformanceEvaluation) -> str:
    return f"{evaluation.get_kind_display().lower()} evaluation, {period_text(evaluation)}"


@login_required
@require_GET
def evaluation_list(request: HttpRequest, code: str) -> HttpResponse:
    program = get_program(request, code)
    context = program_context(request, program, SECTION, *_crumbs(program))
    rows = list(_visible(request, program))
    context |= {
        "evaluations": [(e, period_text(e)) for e in rows],
        "can_create": may_create(request.user, program),
    }
    return render(request, "qasp/evaluation_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def evaluation_new(request: HttpRequest, code: str) -> HttpResponse:
    program = get_program(request, code)
    if not may_create(request.user, program):
        raise Http404
    if request.method == "POST":
        form = EvaluationForm(request.POST, program=program)
        if form.is_valid():
            try:
                evaluation = services.evaluation_create(
                    acting_user=acting_user(request), program=program, **form.cleaned_data
                )
            except DomainError as exc:
                form.add_domain_error(exc)
            else:
                messages.success(request, f"The {_name(evaluation)} is drafted with proposals.")
                return redirect(evaluation.get_absolute_url())
        status = 400
    else:
        start, end = default_period(EvaluationKind.QUARTERLY, limits.today())
        initial = {
            "kind": EvaluationKind.QUARTERLY,
            "period_start": start,
            "period_end": end,
            "evaluator": policy.membership_of(request.user, program),
        }
        form, status = EvaluationForm(program=program, initial=initial), 200
    context = program_context(request, program, SECTION, *_crumbs(program, ("New", "")))
    context |= {"form": form}
    return render(request, "qasp/evaluation_new.html", context, status=status)


def _page(
    request: HttpRequest,
    evaluation: PerformanceEvaluation,
    comment_form: CommentForm | None = None,
    status: int = 200,
) -> HttpResponse:
    program = evaluation.program
    context = program_context(request, program, SECTION, *_crumbs(program, (_name(evaluation), "")))
    commenter = may_comment(request.user, evaluation)
    context |= {
        "evaluation": evaluation,
        "name": _name(evaluation),
        "heading": _heading(evaluation),
        "ratings": list(evaluation.ratings.all()),
        "can_edit": may_edit(request.user, evaluation),
        "can_sign": may_sign(request.user, evaluation),
        "comment_form": comment_form or (CommentForm() if commenter else None),
    }
    return render(request, "qasp/evaluation.html", context, status=status)


@login_required
@require_GET
def evaluation_page(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    program = get_program(request, code)
    return _page(request, _evaluation(request, program, pk))


@login_required
@require_http_methods(["GET", "POST"])
def evaluation_rate(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    program = get_program(request, code)
    evaluation = _evaluation(request, program, pk)
    if not may_edit(request.user, evaluation):
        raise Http404
    rows = list(evaluation.ratings.all())
    if request.method == "POST":
        form = RatingsForm(request.POST, rows=rows)
        if form.is_valid():
            try:
                services.evaluation_rate(
                    acting_user=acting_user(request),
                    evaluation=evaluation,
                    ratings=form.ratings(),
                    summary=form.cleaned_data["summary"],
                )
            except DomainError as exc:
                form.add_domain_error(exc)
            else:
                messages.success(request, "The ratings are saved.")
                return redirect(evaluation.get_absolute_url())
        status = 400
    else:
        initial: dict[str, Any] = {"summary": evaluation.summary}
        for row in rows:
            initial |= {f"rating_{row.area}": row.rating, f"narrative_{row.area}": row.narrative}
        form, status = RatingsForm(rows=rows, initial=initial), 200
    tail = ((_name(evaluation), evaluation.get_absolute_url()), ("Rate", ""))
    context = program_context(request, program, SECTION, *_crumbs(program, *tail))
    context |= {"form": form, "evaluation": evaluation, "heading": _heading(evaluation)}
    return render(request, "qasp/evaluation_rate.html", context, status=status)


Allowed = Callable[[Any, PerformanceEvaluation], bool]
Step = Callable[[User, PerformanceEvaluation], str]


def _step(request: HttpRequest, code: str, pk: int, allowed: Allowed, step: Step) -> HttpResponse:
    """A POST that moves the evaluation on (refresh, open, sign): a 404 for whoever may not
    take it; a refusal shows on the evaluation page."""
    program = get_program(request, code)
    evaluation = _evaluation(request, program, pk)
    if not allowed(request.user, evaluation):
        raise Http404
    try:
        message = step(acting_user(request), evaluation)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, message)
    return redirect(evaluation.get_absolute_url())


@login_required
@require_POST
def evaluation_refresh(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    def step(user: User, evaluation: PerformanceEvaluation) -> str:
        services.evaluation_refresh(acting_user=user, evaluation=evaluation)
        return "The proposals are made again from today's evidence."

    return _step(request, code, pk, may_edit, step)


@login_required
@require_POST
def evaluation_open(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    def step(user: User, evaluation: PerformanceEvaluation) -> str:
        opened = services.evaluation_open(acting_user=user, evaluation=evaluation)
        assert opened.comment_due is not None
        return f"Open for the provider's comment until {opened.comment_due:%B %-d, %Y}."

    return _step(request, code, pk, may_edit, step)


@login_required
@require_POST
def evaluation_sign(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    def step(user: User, evaluation: PerformanceEvaluation) -> str:
        services.evaluation_sign(acting_user=user, evaluation=evaluation)
        return "The evaluation is signed; it will not change."

    return _step(request, code, pk, may_sign, step)


@login_required
@require_POST
def evaluation_comment(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    program = get_program(request, code)
    evaluation = _evaluation(request, program, pk)
    if not may_comment(request.user, evaluation):
        raise Http404
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            services.evaluation_comment(
                acting_user=acting_user(request),
                evaluation=evaluation,
                text=form.cleaned_data["provider_comment"],
            )
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(request, "The provider's comment is recorded.")
            return redirect(evaluation.get_absolute_url())
    return _page(request, evaluation, form, status=400)


def _filename(evaluation: PerformanceEvaluation) -> str:
    return f"performance-evaluation-{evaluation.kind}-{evaluation.period_start:%Y-%m}"


@login_required
@require_GET
def export_pdf(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    program = get_program(request, code)
    evaluation = _evaluation(request, program, pk)
    body = exports.evaluation_pdf(evaluation, generated_by=acting_user(request).get_username())
    return dated_download(body, "application/pdf", program, _filename(evaluation), "pdf")


@login_required
@require_GET
def export_xlsx(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    program = get_program(request, code)
    evaluation = _evaluation(request, program, pk)
    body = exports.evaluation_xlsx(evaluation)
    return dated_download(body, XLSX, program, _filename(evaluation), "xlsx")
