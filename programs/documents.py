"""Definitions of versioned documents and the pure operations on their content.

A document kind (the charter, later the PMO role agreement, RACI/RMP, PMP, QASP, IV&V plan)
declares its Markdown sections, typed fields, typed tables, the party that owns it and the
Play 3.1 activity it evidences. Content is stored as JSON on ``DocumentVersion.content``::

    {"sections": {key: markdown}, "fields": {key: value}, "tables": {key: [row, ...]},
     "stakeholders": [...]}   # stakeholders are frozen when a version goes into review

Everything here is plain Python: cleaning, the content hash that signatures carry, and the
section-by-section comparison of two versions.
"""

from __future__ import annotations

import datetime as dt
import difflib
import hashlib
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any, Literal

import markdown as markdown_lib
import nh3
from django.utils.safestring import SafeString, mark_safe

from .choices import DiffOp, OwningParty, PartStatus, Party
from .errors import DomainError, ErrorCode
from .limits import (
    DATE_RANGE_TEXT,
    EARLIEST_DATE,
    LATEST_DATE,
    MAX_AMOUNT,
    MAX_TEXT_LENGTH,
    MAX_WHOLE_NUMBER,
    program_date_error,
)

if TYPE_CHECKING:
    from .models import Document, DocumentVersion

# "money" is a decimal in US dollars (budgets, costs); exports format it as such. "choice"
# is one of the column's ``choices`` (stored as its value, shown as its label).
ValueType = Literal["text", "date", "decimal", "money", "integer", "choice"]
Choices = tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    help_text: str = ""
    required: bool = True


@dataclass(frozen=True)
class Field:
    key: str
    title: str
    type: ValueType = "text"
    required: bool = True
    help_text: str = ""
    choices: Choices = ()

    def label_of(self, value: Any) -> str:
        """The value as a reader sees it (a choice's label)."""
        if value is None:
            return ""
        return dict(self.choices).get(value, str(value)) if self.choices else str(value)


@dataclass(frozen=True)
class Column:
    key: str
    title: str
    type: ValueType = "text"
    required: bool = True
    choices: Choices = ()
    #: Decimal places a "decimal" or "money" value keeps; more is refused, never rounded.
    places: int = 2

    def label_of(self, value: Any) -> str:
        """The value as a reader sees it (a choice's label)."""
        if value is None:
            return ""
        return dict(self.choices).get(value, str(value)) if self.choices else str(value)


@dataclass(frozen=True)
class Table:
    key: str
    title: str
    columns: tuple[Column, ...]
    min_rows: int = 0
    #: The key of the section the version page and the PDF show the table under (a
    #: subsidiary plan's activities under its narrative); by default after every section.
    section: str = ""


def _no_extra_context(version: DocumentVersion) -> dict[str, Any]:
    return {}


@dataclass(frozen=True)
class Extras:
    """What a kind shows beside its sections, fields and tables (the Resource Management
    Plan's frozen RACI matrix and organisation chart): a template the version page includes
    below the tables, one the PDF includes there, one the editor shows beside its form (the
    live data a submit will freeze), and the context all three get for a version."""

    version_template: str = ""
    export_template: str = ""
    editor_template: str = ""
    context: Callable[[DocumentVersion], dict[str, Any]] = field(
        default=_no_extra_context, compare=False
    )


@dataclass(frozen=True)
class FrozenPart:
    """Live data of the program that a version takes into its content when it goes into
    review, so that the signatures cover it (the RACI matrix of the Resource Management Plan).

    ``build`` reads it from the program (JSON-serialisable); ``text`` writes it out line by
    line for the comparison of two versions.
    """

    key: str
    title: str
    build: Callable[[Document], Any] = field(compare=False)
    text: Callable[[Any], str] = field(compare=False)
    #: The part as a table (header, rows of text) for the Excel export, if it has one.
    table: Callable[[Any], tuple[tuple[str, ...], list[list[str]]]] | None = field(
        default=None, compare=False
    )


@dataclass(frozen=True)
class DocumentKind:
    key: str
    name: str
    owning_party: str
    activity_key: str
    sections: tuple[Section, ...]
    fields: tuple[Field, ...] = ()
    tables: tuple[Table, ...] = ()
    includes_stakeholders: bool = False
    frozen_parts: tuple[FrozenPart, ...] = ()
    #: A program may hold several documents of the kind (one SME MOU per expert), told apart
    #: by ``Document.key``; otherwise one.
    several_per_program: bool = False
    #: Its documents are evidence of ``activity_key`` on the Play 3.1 board; an SME's MOU is
    #: not (it supports the RACI without evidencing the activity).
    evidences_activity: bool = True
    #: Called before a draft goes into review; raises DomainError for what blocks it (the
    #: RACI matrix's rule errors block the Resource Management Plan).
    submit_check: Callable[[DocumentVersion], None] | None = field(default=None, compare=False)
    #: The content a new document starts from (seeded table rows), given its program.
    initial_content: Callable[[Any], dict[str, Any]] | None = field(default=None, compare=False)
    extras: Extras = Extras()
    # URL builders, given by the app that defines the kind.
    document_url: Callable[[Document], str] = field(default=lambda d: "#", compare=False)
    version_url: Callable[[DocumentVersion], str] = field(default=lambda v: "#", compare=False)

    @property
    def signing_parties(self) -> tuple[str, ...]:
        """A signatory of each of these parties must sign before a version is approved (none
        for an independent-owned kind: its author signs as a named signer)."""
        return OwningParty(self.owning_party).signing_parties

    @property
    def editing_parties(self) -> tuple[str, ...]:
        """The parties whose editors write its documents."""
        return OwningParty(self.owning_party).parties

    def section(self, key: str) -> Section:
        return next(s for s in self.sections if s.key == key)

    def empty_content(self) -> dict[str, Any]:
        return {
            "sections": {s.key: "" for s in self.sections},
            "fields": {f.key: None for f in self.fields},
            "tables": {t.key: [] for t in self.tables},
        }

    def clean_content(self, raw: Any, *, program: Any = None) -> dict[str, Any]:
        """Validate and normalise content; raise DomainError naming the exact place. With the
        ``program``, dates are held to the program's range too."""
        if not isinstance(raw, dict):
            raise _invalid("content", "must be an object with sections, fields and tables")
        unknown = set(raw) - {"sections", "fields", "tables", "stakeholders", "frozen"}
        if unknown:
            raise _invalid(sorted(unknown)[0], "is not part of the content")
        content = self.empty_content()
        sections = raw.get("sections") or {}
        if not isinstance(sections, dict):
            raise _invalid("sections", "must be an object of section key to Markdown text")
        for key, text in sections.items():
            if key not in content["sections"]:
                raise _invalid(f"sections.{key}", f"is not a section of the {self.name}")
            if not isinstance(text, str):
                raise _invalid(f"sections.{key}", "must be text")
            content["sections"][key] = _normalise_text(text)
            _check_length(content["sections"][key], f"sections.{key}")
        fields_in = raw.get("fields") or {}
        if not isinstance(fields_in, dict):
            raise _invalid("fields", "must be an object of field key to value")
        by_key = {f.key: f for f in self.fields}
        for key, value in fields_in.items():
            if key not in by_key:
                raise _invalid(f"fields.{key}", f"is not a field of the {self.name}")
            content["fields"][key] = _clean_value(
                by_key[key].type, value, f"fields.{key}", by_key[key].choices
            )
            _check_program_date(program, by_key[key], content["fields"][key], f"fields.{key}")
        tables_in = raw.get("tables") or {}
        if not isinstance(tables_in, dict):
            raise _invalid("tables", "must be an object of table key to a list of rows")
        tables = {t.key: t for t in self.tables}
        for key, rows in tables_in.items():
            if key not in tables:
                raise _invalid(f"tables.{key}", f"is not a table of the {self.name}")
            if not isinstance(rows, list):
                raise _invalid(f"tables.{key}", "must be a list of rows")
            content["tables"][key] = [
                _clean_row(tables[key], row, f"tables.{key}[{i + 1}]", program=program)
                for i, row in enumerate(rows)
            ]
        for frozen in ("stakeholders", "frozen"):  # taken in by the portal at review
            if frozen in raw:
                content[frozen] = raw[frozen]
        return content

    def check_complete(self, content: dict[str, Any]) -> None:
        """Raise for the first required section, field or table row that is missing."""
        for s in self.sections:
            if s.required and not content["sections"].get(s.key, "").strip():
                raise DomainError(
                    f"The section “{s.title}” is required before the {self.name} goes into review.",
                    code=ErrorCode.REQUIRED_SECTION_EMPTY,
                    field=f"sections.{s.key}",
                )
        for f in self.fields:
            if f.required and content["fields"].get(f.key) in (None, ""):
                raise DomainError(
                    f"The field “{f.title}” is required before the {self.name} goes into review.",
                    code=ErrorCode.REQUIRED_SECTION_EMPTY,
                    field=f"fields.{f.key}",
                )
        for t in self.tables:
            if len(content["tables"].get(t.key, [])) < t.min_rows:
                raise DomainError(
                    f"The table “{t.title}” needs at least {t.min_rows} row(s) before the "
                    f"{self.name} goes into review.",
                    code=ErrorCode.REQUIRED_SECTION_EMPTY,
                    field=f"tables.{t.key}",
                )


def _invalid(where: str, what: str) -> DomainError:
    return DomainError(f"{where}: {what}.", code=ErrorCode.INVALID_CONTENT, field=where)


def _check_program_date(program: Any, column: Field | Column, value: Any, where: str) -> None:
    """A date of the content (a milestone's planned date) within the program's range."""
    if program is None or column.type != "date" or value is None:
        return
    problem = program_date_error(program, dt.date.fromisoformat(value), what=column.title)
    if problem:
        raise DomainError(f"{where}: {problem}", code=ErrorCode.INVALID_CONTENT, field=where)


def _check_length(text: str, where: str) -> None:
    if len(text) > MAX_TEXT_LENGTH:
        raise _invalid(
            where, f"is at most {MAX_TEXT_LENGTH:,} characters; this one has {len(text):,}"
        )


def _normalise_text(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n").strip()


def _clean_value(
    kind: ValueType, value: Any, where: str, choices: Choices = (), places: int = 2
) -> Any:
    """Content values are stored as JSON: dates as ISO text, decimals as text."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if kind == "choice":
        text = str(value).strip()
        for choice, label in choices:  # the value, or its label as a person types it
            if text == choice or text.casefold() == label.casefold():
                return choice
        allowed = ", ".join(label for _, label in choices)
        raise _invalid(where, f"“{text}” is not one of: {allowed}")
    if kind == "text":
        if not isinstance(value, str):
            raise _invalid(where, "must be text")
        _check_length(value.strip(), where)
        return value.strip()
    if kind == "date":
        try:
            if isinstance(value, dt.datetime):
                day = value.date()
            elif isinstance(value, dt.date):
                day = value
            else:
                day = dt.date.fromisoformat(str(value).strip())
        except ValueError:
            raise _invalid(where, f"“{value}” is not a date (use YYYY-MM-DD)") from None
        if not EARLIEST_DATE <= day <= LATEST_DATE:
            raise _invalid(where, f"is a date {DATE_RANGE_TEXT}")
        return day.isoformat()
    if kind in ("decimal", "money"):
        try:
            number = Decimal(str(value).replace(",", "").replace("$", "").strip())
        except InvalidOperation:
            raise _invalid(where, f"“{value}” is not a number") from None
        if not number.is_finite():
            raise _invalid(where, f"“{value}” is not a number")
        if number < 0:
            raise _invalid(where, "must not be negative")
        if number > MAX_AMOUNT:
            raise _invalid(where, f"is at most {MAX_AMOUNT:,}")
        step = Decimal(1).scaleb(-places)
        if number != number.quantize(step):
            raise _invalid(where, f"has at most {places} decimal places (“{value}” has more)")
        return str(number.quantize(step))
    try:
        whole = int(str(value).strip())
    except ValueError:
        raise _invalid(where, f"“{value}” is not a whole number") from None
    if abs(whole) > MAX_WHOLE_NUMBER:
        raise _invalid(where, f"is between -{MAX_WHOLE_NUMBER:,} and {MAX_WHOLE_NUMBER:,}")
    return whole


def _clean_row(table: Table, row: Any, where: str, *, program: Any = None) -> dict[str, Any]:
    if not isinstance(row, dict):
        raise _invalid(where, "must be an object of column key to value")
    columns = {c.key: c for c in table.columns}
    for key in row:
        if key not in columns:
            raise _invalid(f"{where}.{key}", f"is not a column of {table.title}")
    cleaned = {}
    for c in table.columns:
        value = _clean_value(c.type, row.get(c.key), f"{where}.{c.key}", c.choices, c.places)
        if value is None and c.required:
            raise _invalid(f"{where}.{c.key}", f"{c.title} is required")
        _check_program_date(program, c, value, f"{where}.{c.key}")
        cleaned[c.key] = value
    return cleaned


# -- registry ---------------------------------------------------------------------------

_KINDS: dict[str, DocumentKind] = {}


def register_document_kind(kind: DocumentKind) -> DocumentKind:
    _KINDS[kind.key] = kind
    return kind


def document_kind(key: str) -> DocumentKind:
    try:
        return _KINDS[key]
    except KeyError:
        raise LookupError(f"No document kind {key!r} is registered.") from None


# -- hashing --------------------------------------------------------------------------


def content_sha256(*, program_code: str, kind: str, number: int, content: dict[str, Any]) -> str:
    """The SHA-256 that a signature carries: of the program, document, version number and the
    exact content, serialised canonically (sorted keys, no insignificant white space)."""
    payload = {"program": program_code, "document": kind, "version": number, "content": content}
    canonical = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


# -- rendering ------------------------------------------------------------------------

_ALLOWED_TAGS = {
    "p",
    "br",
    "strong",
    "em",
    "ul",
    "ol",
    "li",
    "blockquote",
    "code",
    "pre",
    "h3",
    "h4",
    "h5",
    "h6",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "a",
    "hr",
}


def render_markdown(text: str) -> SafeString:
    """Markdown to HTML, sanitised: no scripts, no styles, no raw HTML beyond plain markup."""
    html = markdown_lib.markdown(text or "", extensions=["tables", "sane_lists"])
    # Section titles are h2; a heading inside a section starts at h3.
    html = re.sub(r"<(/?)h[12]>", r"<\1h3>", html)
    return mark_safe(nh3.clean(html, tags=_ALLOWED_TAGS, attributes={"a": {"href", "title"}}))


# -- comparison -----------------------------------------------------------------------

DiffRun = tuple[DiffOp, str]


@dataclass(frozen=True)
class PartComparison:
    key: str
    title: str
    old: str
    new: str
    ops: tuple[DiffRun, ...]

    @property
    def changed(self) -> bool:
        return self.old != self.new

    @property
    def status(self) -> str:
        if not self.changed:
            return PartStatus.UNCHANGED
        if not self.old:
            return PartStatus.ADDED
        if not self.new:
            return PartStatus.REMOVED
        return PartStatus.CHANGED


def word_diff(old: str, new: str) -> tuple[DiffRun, ...]:
    """Word-level differences, keeping white space, as (op, text) runs."""
    # A word keeps the white space after it, so that spaces alone never anchor a match and a
    # rewritten sentence reads as one deletion and one insertion, not interleaved words.
    a, b = re.findall(r"\s+|\S+\s*", old), re.findall(r"\s+|\S+\s*", new)
    ops: list[DiffRun] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            ops.append((DiffOp.EQUAL, "".join(a[i1:i2])))
            continue
        if tag in ("delete", "replace"):
            ops.append((DiffOp.DELETE, "".join(a[i1:i2])))
        if tag in ("insert", "replace"):
            ops.append((DiffOp.INSERT, "".join(b[j1:j2])))
    return tuple(ops)


def _table_text(table: Table, rows: list[dict[str, Any]]) -> str:
    return "\n".join(" | ".join(c.label_of(row.get(c.key)) for c in table.columns) for row in rows)


def _stakeholder_text(rows: list[dict[str, Any]]) -> str:
    return "\n".join(
        f"{r['name']} | {r['party_label']} | {r['role_label']}"
        + (" | signatory" if r.get("is_signatory") else "")
        for r in rows
    )


def compare_contents(
    kind: DocumentKind, old: dict[str, Any], new: dict[str, Any]
) -> list[PartComparison]:
    """Section by section (then fields, tables and stakeholders), what differs between two
    versions' content."""
    parts: list[PartComparison] = []

    def add(key: str, title: str, a: str, b: str) -> None:
        parts.append(PartComparison(key, title, a, b, word_diff(a, b)))

    for s in kind.sections:
        add(
            f"sections.{s.key}",
            s.title,
            old["sections"].get(s.key, ""),
            new["sections"].get(s.key, ""),
        )
    for f in kind.fields:
        a, b = old["fields"].get(f.key), new["fields"].get(f.key)
        add(f"fields.{f.key}", f.title, f.label_of(a), f.label_of(b))
    for t in kind.tables:
        add(
            f"tables.{t.key}",
            t.title,
            _table_text(t, old["tables"].get(t.key, [])),
            _table_text(t, new["tables"].get(t.key, [])),
        )
    if kind.includes_stakeholders:
        add(
            "stakeholders",
            "Stakeholders",
            _stakeholder_text(old.get("stakeholders", [])),
            _stakeholder_text(new.get("stakeholders", [])),
        )
    for part in kind.frozen_parts:
        old_frozen, new_frozen = old.get("frozen", {}), new.get("frozen", {})
        add(
            f"frozen.{part.key}",
            part.title,
            part.text(old_frozen[part.key]) if part.key in old_frozen else "",
            part.text(new_frozen[part.key]) if part.key in new_frozen else "",
        )
    return parts


def party_label(party: str) -> str:
    return str(Party(party).label)
