"""Limits on what a request may bring in, enforced while the body streams, before anything is
read whole: a file of a kind (``settings.UPLOAD_LIMITS``) is refused as soon as its
Content-Length or its bytes so far pass the kind's limit; a body over
``DATA_UPLOAD_MAX_MEMORY_SIZE`` (a JSON payload) Django refuses by its Content-Length, and the
API answers that as this same refusal. Both are ``UploadTooLarge``, a 413 naming the limit
("The file is 31.2 MB; schedules are limited to 20 MB.").

A page sets the handler with ``limit_uploads(request, kind=...)`` before anything reads
``request.POST`` or ``request.FILES``; as the CSRF check reads them, such a view is
``csrf_exempt`` and checks CSRF itself after setting the limit (see the schedule import).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler
from django.http import HttpRequest

from .errors import DomainError, ErrorCode

MB = 1024 * 1024
# Room for the other fields and the multipart boundaries of a form that carries one file.
FORM_ALLOWANCE = 64 * 1024
KIND_LABELS = {
    "schedule": "schedules",
    "raci": "RACI matrix workbooks",
    "attachment": "attached files",
    "comments": "comment resolution matrices",
    "raid": "RAID log workbooks",
    "expenditure": "expenditure report workbooks",
}


class UploadTooLarge(DomainError):
    code = ErrorCode.UPLOAD_TOO_LARGE
    status_code = 413


def megabytes(size: int) -> str:
    """``31.2 MB``, ``20 MB`` (``900 KB`` under a megabyte): sizes as people read them."""
    if size < MB:
        return f"{size / 1024:.1f}".removesuffix(".0") + " KB"
    return f"{size / MB:.1f}".removesuffix(".0") + " MB"


def upload_limit(kind: str) -> int:
    limits: Mapping[str, int] = settings.UPLOAD_LIMITS
    return int(limits[kind])


def too_large(*, kind: str, size: int | None, limit: int | None = None) -> UploadTooLarge:
    """The refusal of a file of ``kind``: its size when known, else that it passed the limit."""
    limit = upload_limit(kind) if limit is None else limit
    label = KIND_LABELS.get(kind, f"{kind} files")
    is_ = f"is {megabytes(size)}" if size is not None else f"is over {megabytes(limit)}"
    return UploadTooLarge(
        f"The file {is_}; {label} are limited to {megabytes(limit)}.", field="file"
    )


def check_size(*, kind: str, size: int) -> None:
    """Refuse a file of ``kind`` (already on hand, as on the command line) over its limit."""
    if size > upload_limit(kind):
        raise too_large(kind=kind, size=size)


class LimitedUploadHandler(FileUploadHandler):
    """First in the chain of upload handlers: refuses the body when its Content-Length is
    over the limit, and a file as soon as the bytes received pass it. It only counts and
    passes each chunk on to the handlers that store it."""

    def __init__(self, request: HttpRequest | None = None, *, kind: str) -> None:
        super().__init__(request)
        self.kind = kind
        self.limit = upload_limit(kind)

    def handle_raw_input(
        self,
        input_data: Any,
        META: dict[str, Any],
        content_length: int,
        boundary: str,
        encoding: str | None = None,
    ) -> None:
        if content_length and content_length > self.limit + FORM_ALLOWANCE:
            raise too_large(kind=self.kind, size=content_length, limit=self.limit)
        return None

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        if start + len(raw_data) > self.limit:
            raise too_large(kind=self.kind, size=None, limit=self.limit)
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None  # the next handler makes the file


def limit_uploads(request: HttpRequest, *, kind: str) -> None:
    """Refuse files of ``kind`` over their limit in this request. Call before anything reads
    ``request.POST`` or ``request.FILES``."""
    request.upload_handlers.insert(0, LimitedUploadHandler(request, kind=kind))


def body_too_large(meta: Mapping[str, Any]) -> UploadTooLarge:
    """The refusal of a request body over ``DATA_UPLOAD_MAX_MEMORY_SIZE`` (Django raises
    RequestDataTooBig by the body's Content-Length, before reading it)."""
    limit = int(settings.DATA_UPLOAD_MAX_MEMORY_SIZE or 0)
    try:
        length = int(meta.get("CONTENT_LENGTH") or 0)
    except (TypeError, ValueError):
        length = 0
    size = megabytes(length) if length > limit else f"over {megabytes(limit)}"
    return UploadTooLarge(
        f"The request body is {size}; the portal takes at most {megabytes(limit)} besides "
        "uploaded files."
    )
