"""Files attached to register rows: the page of a row's files, attaching one, downloading one
and removing one. A row is named by its type (``app_label.model``) and id; whoever may not
view it, or may not attach files to it, gets a 404, and files are served only here, never at
a public media URL."""

from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import models
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from .. import policy
from ..errors import DomainError
from ..filetypes import ALLOWED_MEDIA_TYPES
from ..forms import AttachmentForm, AttachmentRemoveForm
from ..models import Attachable, Attachment, Program
from ..services import attachments as attachment_services
from ..uploads import UploadTooLarge, limit_uploads
from .layout import acting_user, get_program, program_context


def _target(request: HttpRequest, program: Program, target_type: str, target_id: int) -> Any:
    target = attachment_services.attachment_target(
        user=request.user, program=program, target_type=target_type, target_id=target_id
    )
    if target is None:
        raise Http404("No such item.")
    return target


def files_url(target: models.Model) -> str:
    """The page of ``target``'s files."""
    return reverse(
        "programs:attachments",
        kwargs={
            "code": policy.program_of(target).code,
            "target_type": attachment_services.target_label(target),
            "target_id": target.pk,
        },
    )


def _back(request: HttpRequest, target: models.Model) -> str:
    """Where to go after a change: the page the form was on, if it is the portal's."""
    wanted = request.POST.get("next") or ""
    if wanted and url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return wanted
    return files_url(target)


def _page(
    request: HttpRequest,
    program: Program,
    target: Any,
    *,
    form: AttachmentForm | None = None,
    refusal: str = "",
    status: int = 200,
) -> HttpResponse:
    title = f"Files of “{target}”"
    target_url = getattr(target, "get_absolute_url", None)
    crumbs = [(str(target), target_url())] if target_url else []
    context = program_context(request, program, "", *crumbs, ("Files", ""))
    context |= {"target": target, "title": title, "form": form, "refusal": refusal}
    return render(request, "programs/attachments.html", context, status=status)


@login_required
@require_GET
def attachment_list(
    request: HttpRequest, code: str, target_type: str, target_id: int
) -> HttpResponse:
    program = get_program(request, code)
    return _page(request, program, _target(request, program, target_type, target_id))


@csrf_exempt  # the CSRF check reads the body: _add checks it once the size limit is set
@login_required
@require_POST
def attachment_add(
    request: HttpRequest, code: str, target_type: str, target_id: int
) -> HttpResponse:
    """Attach a file. One over the size limit is refused while it streams in (413), before
    anything is stored."""
    program = get_program(request, code)
    target = _target(request, program, target_type, target_id)
    if not policy.can_attach(request.user, target):
        raise Http404("No such item.")
    limit_uploads(request, kind=attachment_services.UPLOAD_KIND)
    try:
        return _add(request, program, target)
    except UploadTooLarge as exc:
        return _page(request, program, target, refusal=exc.message, status=exc.status_code)


@csrf_protect
def _add(request: HttpRequest, program: Program, target: Attachable) -> HttpResponse:
    form = AttachmentForm(request.POST, request.FILES, purposes=target.attachment_purposes)
    if form.is_valid():
        try:
            attachment = attachment_services.attachment_add(
                acting_user=acting_user(request),
                target=target,  # type: ignore[arg-type]
                uploaded_file=form.cleaned_data["file"],
                purpose=form.cleaned_data.get("purpose") or "",
            )
        except UploadTooLarge:
            raise
        except DomainError as exc:
            form.add_domain_error(exc)
            return _page(request, program, target, form=form, status=exc.status_code)
        messages.success(request, f"“{attachment}” attached to “{target}”.")
        return redirect(_back(request, target))  # type: ignore[arg-type]
    return _page(request, program, target, form=form, status=400)


@login_required
@require_GET
def attachment_download(request: HttpRequest, code: str, uuid: str) -> FileResponse:
    """The file, as a download under its safe name, declared as the type its content was
    checked to be (anything else as bytes), never to be sniffed as another."""
    program = get_program(request, code)
    attachment = attachment_services.attachment_get(user=request.user, program=program, uuid=uuid)
    if attachment is None:
        raise Http404("No such file.")
    stream = attachment_services.attachment_download(
        acting_user=acting_user(request), attachment=attachment
    )
    return attachment_response(attachment, stream)


def attachment_response(attachment: Attachment, stream: Any) -> FileResponse:
    """The download of ``attachment`` (also the API's)."""
    media_type = attachment.media_type
    response = FileResponse(
        stream,
        as_attachment=True,
        filename=attachment.original_name,
        content_type=media_type
        if media_type in ALLOWED_MEDIA_TYPES
        else "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def attachment_remove(request: HttpRequest, code: str, uuid: str) -> HttpResponse:
    program = get_program(request, code)
    attachment = attachment_services.attachment_get(user=request.user, program=program, uuid=uuid)
    if attachment is None or not policy.can(request.user, "change", attachment):
        raise Http404("No such file.")
    target = cast(models.Model, attachment.target)  # there: the policy found it
    form = AttachmentRemoveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            attachment_services.attachment_remove(
                acting_user=acting_user(request),
                attachment=attachment,
                reason=form.cleaned_data["reason"],
            )
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(request, f"“{attachment}” removed from “{target}”.")
            return redirect(_back(request, target))
    context = program_context(
        request, program, "", (f"Files of “{target}”", files_url(target)), ("Remove", "")
    )
    context |= {
        "attachment": attachment,
        "target": target,
        "form": form,
        "next": request.POST.get("next") or request.GET.get("next") or "",
        "cancel_url": files_url(target),
    }
    return render(
        request,
        "programs/attachment_remove.html",
        context,
        status=400 if request.method == "POST" else 200,
    )
