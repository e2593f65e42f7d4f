"""The readiness page of the Phase 3 progress review. Every member of the program reads it
(a 404 for anyone else)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from programs.views.layout import get_program, program_context

from .selectors import readiness_of

SECTION = "readiness"


@login_required
@require_GET
def readiness(request: HttpRequest, code: str) -> HttpResponse:
    program = get_program(request, code)
    context = program_context(request, program, SECTION, ("Progress review readiness", ""))
    context["readiness"] = readiness_of(program=program)
    return render(request, "reports/readiness/readiness.html", context)
