"""The register page and its Excel and PDF exports."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from programs.conditional import conditional_get
from programs.forms import apply_uswds
from programs.models import Program, person_name
from programs.registers.exports import dated_download, filters_described
from programs.views.layout import get_program, program_context

from .. import car_exports, car_selectors
from ..car_filters import CarFilter
from .common import SECTION, crumbs, visible

PER_PAGE = 200
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _filtered(request: HttpRequest, program: Program) -> CarFilter:
    filterset = CarFilter(request.GET or None, queryset=visible(request, program))
    apply_uswds(filterset.form)
    return filterset


@login_required
@require_GET
def register(request: HttpRequest, code: str) -> HttpResponse:
    program = get_program(request, code)
    filterset = _filtered(request, program)
    page = Paginator(filterset.qs, PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = program_context(request, program, SECTION, *crumbs(program))
    context |= {
        "page": page,
        "rows": car_selectors.rows_of(page.object_list),
        "filter_form": filterset.form,
        "filtered": any(v for k, v in request.GET.items() if k != "page"),
        "query": query.urlencode(),
        "by_age": car_selectors.open_cars_by_age(program),
    }
    return render(request, "qasp/car_register.html", context)


def _export_rows(
    request: HttpRequest, program: Program
) -> tuple[list[car_selectors.RegisterRow], str]:
    filterset = _filtered(request, program)
    return car_selectors.rows_of(filterset.qs), filters_described(filterset)


@login_required
@require_GET
@conditional_get
def export_xlsx(request: HttpRequest, code: str) -> HttpResponse:
    program = get_program(request, code)
    rows, _ = _export_rows(request, program)
    body = car_exports.cars_xlsx(program, rows)
    return dated_download(body, XLSX, program, "corrective-actions", "xlsx")


@login_required
@require_GET
@conditional_get
def export_pdf(request: HttpRequest, code: str) -> HttpResponse:
    program = get_program(request, code)
    rows, described = _export_rows(request, program)
    body = car_exports.cars_pdf(
        program, rows, filters_text=described, generated_by=person_name(request.user)
    )
    return dated_download(body, "application/pdf", program, "corrective-actions", "pdf")
