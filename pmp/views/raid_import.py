"""The RAID log's import page: upload a workbook, imported all or nothing; a refusal lists
every problem by row and column and changes nothing. Editors of either party (a 404 for
everyone else, as the pages that record items)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods

from programs.errors import DomainError
from programs.models import Program
from programs.uploads import UploadTooLarge, limit_uploads, megabytes, upload_limit
from programs.views.layout import acting_user, get_program, program_context

from ..forms.raid_import import RaidImportForm
from ..imports.raid_columns import COLUMNS, REQUIRED
from ..services.raid_import import raid_import
from ..services.raid_rules import may_create_any
from .raid import SECTION, crumbs, log_url

UPLOAD_KIND = "raid"
TEMPLATE = "pmp/raid/import.html"


def _context(request: HttpRequest, program: Program, form: RaidImportForm) -> dict[str, Any]:
    context = program_context(request, program, SECTION, *crumbs(program, ("Import", "")))
    context |= {
        "form": form,
        "upload_limit": megabytes(upload_limit(UPLOAD_KIND)),
        "required": REQUIRED,
        "ignored": [c.header for c in COLUMNS if c.role == "computed"],
    }
    return context


@csrf_exempt  # the CSRF check reads the body: _import_page checks it once the limit is set
@login_required
@require_http_methods(["GET", "POST"])
def import_file(request: HttpRequest, code: str) -> HttpResponse:
    program = get_program(request, code)
    if not may_create_any(request.user, program):
        raise Http404
    limit_uploads(request, kind=UPLOAD_KIND)
    try:
        return _import_page(request, program)
    except UploadTooLarge as exc:
        context = _context(request, program, RaidImportForm())
        context["error"] = exc.message
        return render(request, TEMPLATE, context, status=exc.status_code)


@csrf_protect
def _import_page(request: HttpRequest, program: Program) -> HttpResponse:
    if request.method != "POST":
        return render(request, TEMPLATE, _context(request, program, RaidImportForm()))
    form = RaidImportForm(request.POST, request.FILES)
    context = _context(request, program, form)
    if not form.is_valid():
        return render(request, TEMPLATE, context, status=400)
    upload = form.cleaned_data["file"]
    try:
        result = raid_import(
            acting_user=acting_user(request),
            program=program,
            data=upload.read(),
            filename=upload.name or "workbook.xlsx",
        )
    except DomainError as exc:
        context |= {
            "error": exc.message,
            "problems": exc.extra.get("problems", []),
            "more_problems": exc.extra.get("more_problems", 0),
        }
        return render(request, TEMPLATE, context, status=exc.status_code)
    new = ", ".join(result.created[:10]) + (" …" if len(result.created) > 10 else "")
    messages.success(request, f"Imported: {result.summary}" + (f" (new: {new})." if new else "."))
    return redirect(log_url(program))
