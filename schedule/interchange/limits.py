"""How big a schedule file really is, measured before any parser is let near it.

A workbook is a zip: a 688 KB file can unpack to hundreds of megabytes of sheet XML that
openpyxl then reads for minutes. ``check_workbook`` looks at the archive's directory (number
of parts, their declared sizes and compression ratios; ``zipfile`` never unpacks a part past
its declared size) and counts the rows of the Tasks sheet while streaming it, stopping as soon
as there are too many. ``count_mspdi_tasks`` counts the ``<Task>`` elements of Microsoft
Project XML without parsing it. Plain Python: the limits come in as arguments.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import PurePosixPath

from defusedxml import ElementTree

MB = 1024 * 1024
MAX_PARTS = 1_000  # a workbook the portal writes has about 20
MAX_RATIO = 100  # sheet XML the portal writes packs about 10 to 1
RATIO_FLOOR = MB  # small parts may pack as tightly as they like
CHUNK = MB

_TASK = re.compile(rb"<(?:[A-Za-z_][\w.-]{0,20}:)?Task[\s>/]")
_ROW = re.compile(rb"<(?:[A-Za-z_][\w.-]{0,20}:)?row[\s>/]")
_LONGEST_TAG = 27  # "<" + a 21-character prefix and colon + "row" + one more byte
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


class TooLarge(ValueError):
    """The file passes a limit; the message names it."""


class TooManyTasks(ValueError):
    def __init__(self, count: int, limit: int) -> None:
        self.count = count
        self.limit = limit
        super().__init__(f"The file has {count:,} tasks; a schedule holds at most {limit:,}.")


@dataclass(frozen=True, slots=True)
class Archive:
    parts: int
    packed: int
    unpacked: int


def _megabytes(size: int) -> str:
    return f"{size / MB:.1f}".removesuffix(".0") + " MB"


def count_mspdi_tasks(data: bytes) -> int:
    """The ``<Task>`` elements of a Microsoft Project XML file (the project summary, UID 0,
    among them)."""
    return sum(1 for _ in _TASK.finditer(data))


def _tasks_sheet(archive: zipfile.ZipFile) -> str | None:
    """The archive path of the sheet named Tasks, from the workbook and its relationships."""
    try:
        names = set(archive.namelist())
        if "xl/workbook.xml" not in names or "xl/_rels/workbook.xml.rels" not in names:
            return None
        for name in ("xl/workbook.xml", "xl/_rels/workbook.xml.rels"):
            if archive.getinfo(name).file_size > MB:
                raise TooLarge(f"The workbook's {name} is over 1 MB; it is not a schedule.")
        workbook = ElementTree.fromstring(archive.read("xl/workbook.xml"))
        rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    except (ElementTree.ParseError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        if isinstance(exc, TooLarge):
            raise
        return None  # openpyxl will say what is wrong with it
    rel_id = next(
        (
            s.get(_REL)
            for s in workbook.iter()
            if s.tag.endswith("}sheet") and s.get("name") == "Tasks"
        ),
        None,
    )
    target = next((r.get("Target") for r in rels.iter() if r.get("Id") == rel_id and rel_id), None)
    if not target:
        return None
    path = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
    return str(PurePosixPath(path))


def _count_rows(archive: zipfile.ZipFile, name: str) -> int:
    """The ``<row>`` elements of a sheet, read in chunks (its size is already bounded)."""
    count = 0
    tail = b""
    with archive.open(name) as sheet:
        while chunk := sheet.read(CHUNK):
            buffer = tail + chunk
            end = 0
            for match in _ROW.finditer(buffer):
                count += 1
                end = match.end()
            tail = buffer[max(end, len(buffer) - _LONGEST_TAG) :]
    return count


def check_workbook(data: bytes, *, max_unpacked: int, max_tasks: int) -> Archive:
    """Refuse a workbook that unpacks too big (``TooLarge``) or whose Tasks sheet has more
    than ``max_tasks`` rows below its heading (``TooManyTasks``). A file that is no zip at
    all passes: openpyxl says what it is not."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        return Archive(0, len(data), 0)
    with archive:
        infos = archive.infolist()
        if len(infos) > MAX_PARTS:
            raise TooLarge(
                f"The workbook has {len(infos):,} parts; a schedule workbook has at most "
                f"{MAX_PARTS:,}."
            )
        unpacked = sum(info.file_size for info in infos)
        if unpacked > max_unpacked:
            raise TooLarge(
                f"The workbook unpacks to {_megabytes(unpacked)}; a schedule workbook may "
                f"unpack to at most {_megabytes(max_unpacked)}."
            )
        for info in infos:
            ratio = info.file_size / max(info.compress_size, 1)
            if info.file_size > RATIO_FLOOR and ratio > MAX_RATIO:
                raise TooLarge(
                    f"The workbook's {info.filename} unpacks {ratio:,.0f} times larger "
                    f"({_megabytes(info.file_size)}); a schedule workbook's parts unpack at "
                    f"most {MAX_RATIO} times larger."
                )
        sheet = _tasks_sheet(archive)
        if sheet is not None and sheet in archive.namelist():
            tasks = _count_rows(archive, sheet) - 1  # below the heading row
            if tasks > max_tasks:
                raise TooManyTasks(tasks, max_tasks)
        return Archive(len(infos), len(data), unpacked)
