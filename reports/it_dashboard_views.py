"""The IT Dashboard export of a program as JSON and as a zip of three CSV files (one a
table); members of the program download it (a 404 for anyone else). The portfolio export
holds every program the person may read."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.http import require_GET

from programs.views.layout import get_program

from . import it_dashboard


@login_required
@require_GET
def it_dashboard_json(request: HttpRequest, code: str) -> HttpResponse:
    program = get_program(request, code)
    response = JsonResponse(it_dashboard.export(program, request.user))
    response["Content-Disposition"] = f'attachment; filename="{program.code}-it-dashboard.json"'
    return response


@login_required
@require_GET
def it_dashboard_csv(request: HttpRequest, code: str) -> HttpResponse:
    program = get_program(request, code)
    body = it_dashboard.export_zip(it_dashboard.export(program, request.user), program.code)
    response = HttpResponse(body, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{program.code}-it-dashboard.zip"'
    return response


@login_required
@require_GET
def portfolio_json(request: HttpRequest) -> HttpResponse:
    response = JsonResponse(it_dashboard.portfolio(request.user))
    response["Content-Disposition"] = 'attachment; filename="portfolio-it-dashboard.json"'
    return response


@login_required
@require_GET
def portfolio_csv(request: HttpRequest) -> HttpResponse:
    body = it_dashboard.export_zip(it_dashboard.portfolio(request.user), "portfolio")
    response = HttpResponse(body, content_type="application/zip")
    response["Content-Disposition"] = 'attachment; filename="portfolio-it-dashboard.zip"'
    return response
