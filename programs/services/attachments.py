"""Files attached to register rows (``Attachment``): attach, download and remove, each audited
with who, as which party, which file, its size and SHA-256. Access is the row's
(``policy.can_attach``, ``policy.can``); the checks on the file (size, count, kind by content)
refuse before anything is stored.

A register offers attachments on its rows by mixing ``models.Attachable`` into its model and
including ``programs/includes/attachments.html`` with ``target=<row>`` on the row's page; the
views and the API (``/api/programs/{code}/attachments/``) take the row by its type
(``app_label.model``) and id.
"""

from __future__ import annotations

import hashlib
import unicodedata
import uuid as uuid_module
from typing import IO, Any, cast

from django.conf import settings
from django.contrib.auth.models import User
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, SuspiciousFileOperation
from django.core.files import File
from django.db import models, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.text import get_valid_filename

from .. import policy
from ..choices import AuditAction
from ..errors import DomainError, ErrorCode
from ..filetypes import accepted_text, identify
from ..limits import check_text
from ..models import Attachable, Attachment, Program, person_name
from ..uploads import check_size, megabytes, upload_limit
from .audit import audit_record

UPLOAD_KIND = "attachment"
#: A safe name keeps at most this many characters (the extension included).
MAX_NAME_LENGTH = 100
MAX_PURPOSE_LENGTH = 80
MAX_REASON_LENGTH = 1000


# -- reads -----------------------------------------------------------------------------------


def target_label(target: models.Model | type[models.Model]) -> str:
    """How the pages and the API name a row's type: ``programs.onboardingitem``."""
    model = target if isinstance(target, type) else type(target)
    return str(model._meta.label_lower)


def attachment_target(
    *, user: policy.AnyUser, program: Program, target_type: str, target_id: int | str
) -> models.Model | None:
    """The row ``target_type`` (``app_label.model``) ``target_id`` of ``program`` that takes
    attachments and that ``user`` may view; None alike for missing, forbidden or not a row
    that takes files."""
    app_label, _, model_name = str(target_type).partition(".")
    try:
        content_type = ContentType.objects.get_by_natural_key(app_label, model_name)
        pk = int(target_id)
    except (ContentType.DoesNotExist, TypeError, ValueError):
        return None
    model = content_type.model_class()
    if model is None or not issubclass(model, Attachable) or pk < 1:
        return None
    target = model._default_manager.filter(pk=pk).first()
    if target is None or policy.program_of(target).pk != program.pk:
        return None
    return target if policy.can(user, "view", target) else None


def attachments_of(target: models.Model, *, removed: bool = False) -> QuerySet[Attachment]:
    """The files attached to ``target``, oldest first (the removed ones with ``removed``).
    The caller has checked that the reader may view ``target``."""
    rows = Attachment.objects.filter(
        target_type=ContentType.objects.get_for_model(target), target_id=target.pk
    ).select_related("program", "uploaded_by", "removed_by")
    return rows.filter(removed_at__isnull=not removed)


def attachment_get(
    *, user: policy.AnyUser, program: Program, uuid: uuid_module.UUID | str
) -> Attachment | None:
    """The attachment ``uuid`` of ``program`` if ``user`` may view its row and it is not
    removed; None alike for missing, forbidden and removed."""
    try:
        key = uuid if isinstance(uuid, uuid_module.UUID) else uuid_module.UUID(str(uuid))
    except ValueError:
        return None
    attachment = (
        Attachment.objects.select_related("program")
        .filter(program=program, uuid=key, removed_at__isnull=True)
        .first()
    )
    if attachment is None or not policy.can(user, "view", attachment):
        return None
    return attachment


def attachment_limits() -> dict[str, Any]:
    """The limits an upload form states."""
    return {
        "max_size": megabytes(upload_limit(UPLOAD_KIND)),
        "max_count": settings.ATTACHMENT_MAX_PER_OBJECT,
        "accepted": accepted_text(),
    }


def safe_filename(name: str) -> str:
    """The name a file is kept and offered under: its last path part, without control
    characters, reduced by Django's ``get_valid_filename`` (letters, digits, ``-_.``), no
    leading dot, at most MAX_NAME_LENGTH characters with its extension kept."""
    base = unicodedata.normalize("NFC", str(name)).replace("\\", "/").rsplit("/", 1)[-1]
    base = "".join(ch for ch in base if unicodedata.category(ch)[0] != "C")
    try:
        base = get_valid_filename(base).lstrip(".")
    except SuspiciousFileOperation:
        base = ""
    if not base:
        return "file"
    dot = base.rfind(".")
    stem, extension = (base[:dot], base[dot:]) if dot > 0 else (base, "")
    if len(extension) > 10:
        stem, extension = base, ""
    return (stem[: MAX_NAME_LENGTH - len(extension)] or "file") + extension


# -- writes ----------------------------------------------------------------------------------


def _identity(attachment: Attachment) -> dict[str, Any]:
    target = attachment.target
    return {
        "file": attachment.original_name,
        "size": attachment.size,
        "sha256": attachment.sha256,
        "purpose": attachment.purpose,
        "attached_to": f"{type(target)._meta.verbose_name}: {target}" if target else "",
    }


def _clean_purpose(target: Attachable, purpose: str) -> str:
    purpose = " ".join(str(purpose or "").split())
    offered = list(target.attachment_purposes)
    if offered:
        if not purpose:
            return offered[0]
        if purpose not in offered:
            raise DomainError(f"The purpose is one of: {', '.join(offered)}.", field="purpose")
        return purpose
    check_text(purpose, field="purpose", limit=MAX_PURPOSE_LENGTH, what="A purpose")
    return purpose


@transaction.atomic
def attachment_add(
    *, acting_user: User, target: models.Model, uploaded_file: File, purpose: str = ""
) -> Attachment:
    """Attach ``uploaded_file`` to ``target``: refused, with nothing stored, unless the user may
    attach files to it, the file is within the size limit, the row holds fewer files than the
    limit, and its content is a kind the portal takes and agrees with its name."""
    if not policy.can_attach(acting_user, target):
        raise PermissionDenied(f"You may not attach files to {target}.")
    assert isinstance(target, Attachable)  # can_attach says so
    program = policy.program_of(target)
    # One upload at a time per row, so two cannot both pass the count limit.
    list(type(target)._default_manager.select_for_update().filter(pk=target.pk))
    purpose = _clean_purpose(target, purpose)
    name = safe_filename(uploaded_file.name or "")
    size = int(uploaded_file.size or 0)
    check_size(kind=UPLOAD_KIND, size=size)
    kind = identify(name, cast(IO[bytes], uploaded_file))
    limit = settings.ATTACHMENT_MAX_PER_OBJECT
    if attachments_of(target).count() >= limit:
        raise DomainError(
            f"{target} already has {limit} files, the most one item holds; remove one first.",
            code=ErrorCode.TOO_MANY_ATTACHMENTS,
            field="file",
        )
    digest = hashlib.sha256()
    for chunk in uploaded_file.chunks():
        digest.update(chunk)
    uploaded_file.seek(0)
    attachment = Attachment(
        program=program,
        target_type=ContentType.objects.get_for_model(target),
        target_id=target.pk,
        purpose=purpose,
        original_name=name,
        size=size,
        sha256=digest.hexdigest(),
        media_type=kind.media_type,
        uploaded_by=acting_user,
        uploaded_by_name=acting_user.get_username(),
    )
    attachment.file.save(name, uploaded_file, save=False)
    try:
        attachment.save()
        audit_record(
            acting_user=acting_user,
            program=program,
            action=AuditAction.ATTACH,
            target=attachment,
            changes={k: [None, v] for k, v in _identity(attachment).items()},
        )
    except BaseException:
        attachment.file.storage.delete(str(attachment.file.name))
        raise
    return attachment


@transaction.atomic
def attachment_download(*, acting_user: User, attachment: Attachment) -> IO[bytes]:
    """The stored bytes of ``attachment``, opened for reading; the download is audited."""
    if attachment.is_removed or not policy.can(acting_user, "view", attachment):
        raise PermissionDenied("You may not download this file.")
    audit_record(
        acting_user=acting_user,
        program=attachment.program,
        action=AuditAction.DOWNLOAD,
        target=attachment,
        changes={k: [v, v] for k, v in _identity(attachment).items()},
    )
    return cast(IO[bytes], attachment.file.storage.open(str(attachment.file.name), "rb"))


@transaction.atomic
def attachment_remove(*, acting_user: User, attachment: Attachment, reason: str) -> Attachment:
    """Remove ``attachment`` from its row, saying why. The record and the bytes stay for the
    audit trail; it is no longer listed or downloadable."""
    if not policy.can(acting_user, "change", attachment):
        raise PermissionDenied("You may not remove this file.")
    attachment = (
        Attachment.objects.select_for_update().select_related("program").get(pk=attachment.pk)
    )
    if attachment.is_removed:
        raise DomainError(f"“{attachment}” was already removed.", code=ErrorCode.ALREADY_REMOVED)
    reason = str(reason or "").strip()
    if not reason:
        raise DomainError("Say why the file is removed.", field="reason")
    check_text(reason, field="reason", limit=MAX_REASON_LENGTH, what="A reason")
    attachment.removed_by = acting_user
    attachment.removed_at = timezone.now()
    attachment.removal_reason = reason
    attachment.save(update_fields=["removed_by", "removed_at", "removal_reason"])
    audit_record(
        acting_user=acting_user,
        program=attachment.program,
        action=AuditAction.REMOVE_FILE,
        target=attachment,
        changes={
            **{k: [v, v] for k, v in _identity(attachment).items()},
            "removal_reason": ["", reason],
        },
    )
    return attachment


def uploader_name(attachment: Attachment) -> str:
    """Who attached the file, as people read it (the username kept if the account is gone)."""
    user = attachment.uploaded_by
    return person_name(user) if user is not None else attachment.uploaded_by_name
