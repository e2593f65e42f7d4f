"""``{% attachment_panel target %}``: the files attached to a register row, with the upload
form and the remove buttons for those who may attach files to it. Pages include it through
``programs/includes/attachments.html`` with ``target=<row>``."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import template
from django.db import models
from django.urls import reverse

from programs import policy
from programs.filetypes import ACCEPTED
from programs.forms import AttachmentForm
from programs.models import Attachable, Attachment
from programs.services import attachments as attachment_services
from programs.uploads import megabytes

register = template.Library()

_TYPE_NAMES = {kind.media_type: kind.name for kind in ACCEPTED}


@dataclass(frozen=True)
class AttachmentRow:
    attachment: Attachment
    size: str
    type_name: str
    uploaded_by: str
    download_url: str
    remove_url: str


def _row(attachment: Attachment, code: str) -> AttachmentRow:
    kwargs = {"code": code, "uuid": attachment.uuid}
    return AttachmentRow(
        attachment=attachment,
        size=megabytes(attachment.size),
        type_name=_TYPE_NAMES.get(attachment.media_type, attachment.media_type),
        uploaded_by=attachment_services.uploader_name(attachment),
        download_url=reverse("programs:attachment-download", kwargs=kwargs),
        remove_url=reverse("programs:attachment-remove", kwargs=kwargs),
    )


def _back_to(request: Any, target: Any, code: str, label: str) -> str:
    """Where an upload or a removal returns: this page, when it is one a link can reach
    again; after a refused POST (a finding's action at ``…/close/``), the row's own page."""
    if request.method in ("GET", "HEAD"):
        return str(request.get_full_path())
    if hasattr(target, "get_absolute_url"):
        return str(target.get_absolute_url())
    return reverse(
        "programs:attachments", kwargs={"code": code, "target_type": label, "target_id": target.pk}
    )


@register.inclusion_tag("programs/includes/attachment_panel.html", takes_context=True)
def attachment_panel(
    context: template.Context, target: Any, form: AttachmentForm | None = None, intro: str = ""
) -> dict[str, Any]:
    request = context["request"]
    user = request.user
    if not (isinstance(target, models.Model) and isinstance(target, Attachable)):
        return {"visible": False}
    if not policy.can(user, "view", target):
        return {"visible": False}
    program = policy.program_of(target)
    may_attach = policy.can_attach(user, target)
    if not isinstance(form, AttachmentForm):  # not given: the page has no refused upload
        form = None
    if may_attach and form is None:
        form = AttachmentForm(purposes=target.attachment_purposes)
    rows = [_row(a, program.code) for a in attachment_services.attachments_of(target)]
    removed = list(attachment_services.attachments_of(target, removed=True))
    label = attachment_services.target_label(target)
    return {
        "visible": True,
        "target": target,
        "intro": intro,
        "rows": rows,
        "removed": removed,
        "may_attach": may_attach,
        "form": form,
        "limits": attachment_services.attachment_limits(),
        "add_url": reverse(
            "programs:attachment-add",
            kwargs={"code": program.code, "target_type": label, "target_id": target.pk},
        ),
        "next": _back_to(request, target, program.code, label),
        "panel_id": f"files-{label.replace('.', '-')}-{target.pk}",
    }
