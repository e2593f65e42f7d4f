"""The readiness page of the Phase 3 progress review, the package build (queued as a job
whose page follows it) and the download of a built package.

Every member of the program reads the page and downloads packages (a 404 for anyone else);
building is for the Program Managers and PMO Leads of the customer and the provider (a 404
for the others); a refusal shows the service's message and changes nothing."""

from __future__ import annotations

import uuid

from django.contrib.auth.decorators import login_required
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from programs.errors import DomainError
from programs.kept_parts import kept_part
from programs.models import Program
from programs.views.layout import acting_user, get_program, program_context

from ..rules import may_build
from . import package
from .selectors import readiness_of

SECTION = "readiness"
RECENT_PACKAGES = 5


def _page(
    request: HttpRequest, program: Program, error: str = "", status: int = 200
) -> HttpResponse:
    context = program_context(request, program, SECTION, ("Progress review readiness", ""))
    jobs = list(package.package_jobs(program)[:RECENT_PACKAGES])
    for job in jobs:
        job.program = program
    context |= {
        # What the program's data says, the same for every reader until the next write.
        "criteria": kept_part(
            request,
            program,
            "reports/readiness/_criteria.html",
            lambda: {"readiness": readiness_of(program=program)},
            includes=("reports/readiness/state.html",),
        ),
        "may_build": may_build(request.user, program),
        "packages": jobs,
        "building": next((j for j in jobs if not j.finished), None),
        "build_error": error,
        "request_key": uuid.uuid4().hex,
    }
    return render(request, "reports/readiness/readiness.html", context, status=status)


@login_required
@require_GET
def readiness(request: HttpRequest, code: str) -> HttpResponse:
    return _page(request, get_program(request, code))


@login_required
@require_POST
def package_build(request: HttpRequest, code: str) -> HttpResponse:
    program = get_program(request, code)
    if not may_build(request.user, program):
        raise Http404("No such page.")
    try:
        job = package.package_build_start(
            acting_user=acting_user(request),
            program=program,
            request_key=str(request.POST.get("request_key", "")),
        )
    except DomainError as error:
        return _page(request, program, error.message, status=error.status_code)
    return redirect(job.get_absolute_url())


@login_required
@require_GET
def package_download(request: HttpRequest, code: str, pk: int) -> FileResponse:
    program = get_program(request, code)
    job = package.package_get(program=program, pk=pk)
    path = package.package_file(job) if job is not None else None
    if job is None or path is None or not default_storage.exists(path):
        raise Http404("No such package.")
    return FileResponse(
        default_storage.open(path, "rb"),
        as_attachment=True,
        filename=f"{program.code}-progress-review-package-{job.created_at:%Y-%m-%d}.pdf",
        content_type="application/pdf",
    )
