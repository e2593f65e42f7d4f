"""Pages of the responsibilities area."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from programs.views.layout import get_program, program_context


@login_required
@require_GET
def home(request: HttpRequest, code: str) -> HttpResponse:
    program = get_program(request, code)
    context = program_context(request, program, "responsibilities", ("Responsibilities", ""))
    return render(request, "raci/home.html", context)
