"""The register page, its exports, and the search across the person's programs."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.http import urlencode
from django.views.decorators.http import require_GET

from programs.conditional import conditional_get, kept_page
from programs.kept_parts import kept_part
from programs.models import Program, person_name
from programs.registers.exports import dated_download, filters_described
from programs.views.layout import get_program, program_context

from .. import exports, selectors
from ..forms import SearchForm
from ..rules import may_record
from .common import PER_PAGE, SECTION, XLSX, crumbs, filtered


@login_required
@require_GET
@kept_page
def register(request: HttpRequest, code: str) -> HttpResponse:
    """Every reader sees the same lessons: the filter form and the page of lessons are kept
    until the next write to the program."""
    program = get_program(request, code)
    context = program_context(request, program, SECTION, *crumbs(program))
    context |= {
        "register": kept_part(
            request,
            program,
            "lessons/_register.html",
            lambda: _register(request, program),
            includes=("includes/field.html", "includes/pagination.html"),
        ),
        "can_record": may_record(request.user, program),
    }
    return render(request, "lessons/register.html", context)


def _register(request: HttpRequest, program: Program) -> dict[str, Any]:
    filterset = filtered(request, program)
    page = Paginator(filterset.qs, PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return {
        "program": program,
        "page": page,
        "filter_form": filterset.form,
        "filtered": any(v for k, v in request.GET.items() if k != "page"),
        "query": query.urlencode(),
    }


@login_required
@require_GET
@conditional_get
def export_xlsx(request: HttpRequest, code: str) -> HttpResponse:
    program = get_program(request, code)
    rows = list(filtered(request, program).qs)
    return dated_download(exports.lessons_xlsx(program, rows), XLSX, program, "lessons", "xlsx")


@login_required
@require_GET
@conditional_get
def export_pdf(request: HttpRequest, code: str) -> HttpResponse:
    program = get_program(request, code)
    filterset = filtered(request, program)
    body = exports.lessons_pdf(
        program,
        list(filterset.qs),
        filters_text=filters_described(filterset),
        generated_by=person_name(request.user),
    )
    return dated_download(body, "application/pdf", program, "lessons", "pdf")


@login_required
@require_GET
def search(request: HttpRequest, code: str) -> HttpResponse:
    """Lessons of every program the person is a member of, so a new program learns from
    earlier ones."""
    program = get_program(request, code)
    form = SearchForm(request.GET or None)
    text = form.cleaned_data["q"].strip() if form.is_valid() else ""
    page = None
    if text:
        rows = selectors.search_lessons(user=request.user, text=text)
        page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    context = program_context(request, program, SECTION, *crumbs(program, ("Search", "")))
    context |= {
        "form": form,
        "text": text,
        "page": page,
        "query": urlencode({"q": text}) if text else "",
    }
    return render(request, "lessons/search.html", context)
