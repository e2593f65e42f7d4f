"""A background job's page: its status, step and progress, polled with htmx every second
until it has finished, then its result or the reason it failed with each located problem.
Any member of the program sees the program's jobs; anyone else gets a 404."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from .. import selectors
from .layout import get_program, program_context


@login_required
@require_GET
def job_detail(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    program = get_program(request, code)
    job = selectors.job_get(user=request.user, program=program, pk=pk)
    if job is None:
        raise Http404("No such job.")
    context = {"job": job, "percent": selectors.job_percent(job)}
    if getattr(request, "htmx", False):
        return render(request, "programs/includes/job_status.html", context)
    section = str(job.params.get("section") or "")
    context |= program_context(request, program, section, (job.title, ""))
    return render(request, "programs/job.html", context)
