"""Opening an uploaded Excel workbook for an import, once for every import of the portal
(the RACI matrix, the comment resolution matrix, later the registers): a file that is no
workbook, or one that unpacks far larger than such an export can be (a zip bomb), is refused
with a message naming the file and what it should have been, before openpyxl reads it."""

from __future__ import annotations

import io
import zipfile
from typing import Any

from openpyxl import load_workbook

from .errors import DomainError, ErrorCode

#: An export of the portal unpacks to a few megabytes; a workbook unpacking to more is not one.
MAX_UNPACKED_BYTES = 50 * 1024 * 1024


def open_uploaded_workbook(
    data: bytes,
    *,
    not_it: str,
    what: str,
    max_unpacked: int = MAX_UNPACKED_BYTES,
    read_only: bool = False,
) -> Any:
    """The workbook in ``data`` (values, not formulas). ``not_it`` starts the refusal of a
    file that is not one ("This workbook is not a RACI matrix export: "); ``what`` names the
    export in the refusal of one too large ("a RACI matrix export"). ``read_only``: rows are
    read as they are iterated, without styles, in half the time (a register of thousands of
    rows); its sheets' dimensions are worked out from their cells, never taken on trust."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile as exc:
        raise DomainError(
            not_it + "it is not an Excel workbook (.xlsx).",
            code=ErrorCode.IMPORT_INVALID,
            field="file",
        ) from exc
    if unpacked > max_unpacked:
        raise DomainError(
            f"The workbook unpacks to more than {max_unpacked // (1024 * 1024)} MB; {what} is "
            "far smaller.",
            code=ErrorCode.UPLOAD_TOO_LARGE,
            field="file",
        )
    try:
        workbook = load_workbook(io.BytesIO(data), data_only=True, read_only=read_only)
        if read_only:
            for sheet in workbook.worksheets:
                sheet.reset_dimensions()
        return workbook
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise DomainError(
            not_it + f"it cannot be read ({exc.__class__.__name__}).",
            code=ErrorCode.IMPORT_INVALID,
            field="file",
        ) from exc
