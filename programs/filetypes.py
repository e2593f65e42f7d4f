"""What a file is, from its content: the kinds the portal takes as attachments, told apart by
their first bytes (the ``filetype`` library), Office Open XML documents by the
``[Content_Types].xml`` inside the zip, and text by being UTF-8 without NUL bytes. A file's
name must agree with its content: an executable renamed ``report.pdf`` is refused, naming
what it is ("“report.pdf” is not a PDF: its content is a Windows executable.").
"""

from __future__ import annotations

import codecs
import zipfile
from dataclasses import dataclass
from typing import IO

import filetype
from defusedxml import ElementTree

from .errors import DomainError, ErrorCode

CHUNK = 64 * 1024
#: ``filetype`` looks at no more than this many first bytes.
HEAD = 8192
#: A real ``[Content_Types].xml`` is a few kilobytes; more is not an Office document.
CONTENT_TYPES_MAX_BYTES = 1024 * 1024

OOXML = "application/vnd.openxmlformats-officedocument"


@dataclass(frozen=True)
class FileKind:
    key: str
    label: str  # "a PDF", as the refusal names it
    name: str  # "PDF", as the list of accepted kinds names it
    media_type: str
    extensions: tuple[str, ...]


PDF = FileKind("pdf", "a PDF", "PDF", "application/pdf", (".pdf",))
PNG = FileKind("png", "a PNG image", "PNG", "image/png", (".png",))
JPEG = FileKind("jpeg", "a JPEG image", "JPEG", "image/jpeg", (".jpg", ".jpeg"))
GIF = FileKind("gif", "a GIF image", "GIF", "image/gif", (".gif",))
DOCX = FileKind("docx", "a Word document", "Word", f"{OOXML}.wordprocessingml.document", (".docx",))
XLSX = FileKind("xlsx", "an Excel workbook", "Excel", f"{OOXML}.spreadsheetml.sheet", (".xlsx",))
PPTX = FileKind(
    "pptx",
    "a PowerPoint presentation",
    "PowerPoint",
    f"{OOXML}.presentationml.presentation",
    (".pptx",),
)
CSV = FileKind("csv", "a CSV file", "CSV", "text/csv", (".csv",))
TEXT = FileKind("text", "a plain-text file", "plain text", "text/plain", (".txt",))

ACCEPTED: tuple[FileKind, ...] = (PDF, PNG, JPEG, GIF, DOCX, XLSX, PPTX, CSV, TEXT)
BY_EXTENSION = {ext: kind for kind in ACCEPTED for ext in kind.extensions}
#: The types the download may declare: only those the portal checked a file to be.
ALLOWED_MEDIA_TYPES = frozenset(kind.media_type for kind in ACCEPTED)

_BY_SNIFFED_MIME = {kind.media_type: kind for kind in (PDF, PNG, JPEG, GIF)}
# The main part of each Office document, as its [Content_Types].xml declares it.
_OOXML_MAIN_PARTS = {
    f"{OOXML}.wordprocessingml.document.main+xml": DOCX,
    f"{OOXML}.spreadsheetml.sheet.main+xml": XLSX,
    f"{OOXML}.presentationml.presentation.main+xml": PPTX,
}
# What some refused contents are, in words; others are named by their type.
_DESCRIPTIONS = {
    "application/x-msdownload": "a Windows executable",
    "application/x-executable": "a Linux executable",
    "application/wasm": "a WebAssembly program",
    "application/zip": "a ZIP archive",
    "application/x-sqlite3": "an SQLite database",
    "application/msword": "an old-format (.doc) Word document",
    "application/vnd.ms-excel": "an old-format (.xls) Excel workbook",
    "application/vnd.ms-powerpoint": "an old-format (.ppt) PowerPoint presentation",
}


class FileRefused(DomainError):
    code = ErrorCode.FILE_REFUSED


def accepted_text() -> str:
    """``PDF, PNG, JPEG, GIF, Word, Excel, PowerPoint, CSV or plain text (.pdf, .png, ...)``."""
    names = [kind.name for kind in ACCEPTED]
    extensions = ", ".join(ext for kind in ACCEPTED for ext in kind.extensions)
    return f"{', '.join(names[:-1])} or {names[-1]} ({extensions})"


def _extension(name: str) -> str:
    dot = name.rfind(".")
    return name[dot:].lower() if dot > 0 else ""


def identify(name: str, file: IO[bytes]) -> FileKind:
    """The kind of ``file`` (named ``name``), if the portal takes it and its name agrees with
    its content; else ``FileRefused`` naming the rule. Leaves ``file`` at its start."""
    expected = BY_EXTENSION.get(_extension(name))
    if expected is None:
        raise FileRefused(
            f"“{name}” is not a kind of file the portal takes: attach {accepted_text()}.",
            field="file",
        )
    file.seek(0)
    head = file.read(HEAD)
    if not head:
        raise FileRefused(f"“{name}” is empty.", field="file")
    found, what = _content_kind(head, file)
    file.seek(0)
    if found is None or (found != expected and not _both_text(found, expected)):
        article = "an" if expected.name[0] in "AEIOU" else "a"
        raise FileRefused(
            f"“{name}” is not {article} {expected.name} file: its content is {what}."
            if expected in (CSV, TEXT, DOCX, XLSX, PPTX)
            else f"“{name}” is not {expected.label}: its content is {what}.",
            field="file",
        )
    return expected


def _both_text(found: FileKind, expected: FileKind) -> bool:
    return found in (CSV, TEXT) and expected in (CSV, TEXT)


def _content_kind(head: bytes, file: IO[bytes]) -> tuple[FileKind | None, str]:
    """What the content is: a kind the portal takes, or None and what it is in words."""
    sniffed = filetype.guess(head)
    if sniffed is not None:
        mime = sniffed.mime
        if mime in _BY_SNIFFED_MIME:
            kind = _BY_SNIFFED_MIME[mime]
            return kind, kind.label
        if mime == "application/zip" or mime.startswith(OOXML):
            return _office_kind(file)
        return None, _DESCRIPTIONS.get(mime, f"a {sniffed.extension.upper()} file ({mime})")
    return _text_kind(head, file)


def _office_kind(file: IO[bytes]) -> tuple[FileKind | None, str]:
    """An Office Open XML document by the main part its ``[Content_Types].xml`` declares; a
    macro-enabled one, or any other zip, is refused."""
    file.seek(0)
    try:
        with zipfile.ZipFile(file) as archive:
            info = archive.getinfo("[Content_Types].xml")
            if info.file_size > CONTENT_TYPES_MAX_BYTES:
                return None, "a ZIP archive"
            with archive.open(info) as part:
                tree = ElementTree.fromstring(part.read(CONTENT_TYPES_MAX_BYTES + 1))
    # defusedxml refuses entities and DTDs with errors that are ValueErrors.
    except (KeyError, zipfile.BadZipFile, ElementTree.ParseError, OSError, ValueError):
        return None, "a ZIP archive"
    declared = {
        element.get("ContentType", "")
        for element in tree.iter()
        if element.tag.rsplit("}", 1)[-1] in ("Override", "Default")
    }
    for main, kind in _OOXML_MAIN_PARTS.items():
        if main in declared:
            return kind, kind.label
    if any("macroEnabled" in declared_type for declared_type in declared):
        return None, "a macro-enabled Office document"
    return None, "a ZIP archive"


def _text_kind(head: bytes, file: IO[bytes]) -> tuple[FileKind | None, str]:
    """Plain text: UTF-8 (a byte-order mark allowed) with no NUL byte anywhere."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    chunk = head
    try:
        while chunk:
            if b"\x00" in chunk:
                return None, "binary data (it holds NUL bytes), not text"
            decoder.decode(chunk)
            chunk = file.read(CHUNK)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return None, "not UTF-8 text"
    return TEXT, TEXT.label
