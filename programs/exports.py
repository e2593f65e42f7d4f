"""Exports of a document version, for every document kind: PDF (WeasyPrint) and Excel (openpyxl).

Both start from one read of the version (``version_export``): the facts of the cover, the
sections, fields and tables of its kind, the stakeholders and the approval block. The caller
has already checked that the user may view the version (``policy.restrict``); these functions
only read. Every export carries the version, its status, a date, the approval block and the
SHA-256 that signatures approve, and a PDF of a version that is not approved says so on every
page (DRAFT, or SUPERSEDED once a later version was approved).
"""

from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from django.conf import settings
from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.utils import dateformat, timezone
from django.utils.safestring import SafeString
from django.utils.text import slugify
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher

from .choices import DocumentStatus, M3Phase, Party, Role, VersionReason
from .documents import ValueType, party_label, render_markdown
from .models import DocumentVersion, Signature, person_name
from .services.documents import (
    NAMED_SIGNERS,
    content_for_reading,
    signing_requirements,
    stakeholders_of,
    version_sha256,
)

DATE_FORMAT = "F j, Y"
DATETIME_FORMAT = "F j, Y, g:i A T"
# Decimal fields whose title names the currency are amounts of money.
# Control characters (pasted from other tools) have no glyph in a PDF and are not allowed in
# a workbook; they become spaces.
_CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


# -- the facts an export shows -------------------------------------------------------------


@dataclass(frozen=True)
class ExportValue:
    """A value as text (PDF) and as a typed cell value with its Excel number format."""

    text: str
    value: Any
    number_format: str = "General"


@dataclass(frozen=True)
class ExportSection:
    title: str
    markdown: str
    html: SafeString
    #: The tables the kind shows under this section (``Table.section``).
    tables: tuple[ExportTable, ...] = ()


@dataclass(frozen=True)
class ExportField:
    title: str
    value: ExportValue


@dataclass(frozen=True)
class ExportTable:
    title: str
    columns: tuple[str, ...]
    rows: tuple[tuple[ExportValue, ...], ...]
    #: The section it is shown under in the PDF ("": after the sections).
    section: str = ""


@dataclass(frozen=True)
class ExportStakeholder:
    name: str
    username: str
    party: str
    role: str
    is_signatory: bool


@dataclass(frozen=True)
class ExportSignature:
    party_code: str
    party: str
    signer: str
    role: str
    signed_at: dt.datetime
    content_sha256: str
    voided_at: dt.datetime | None
    void_reason: str

    @property
    def is_valid(self) -> bool:
        return self.voided_at is None

    @property
    def signed_at_text(self) -> str:
        return _datetime_text(self.signed_at)

    @property
    def voided_at_text(self) -> str:
        return _datetime_text(self.voided_at) if self.voided_at else ""


@dataclass(frozen=True)
class ExportApproval:
    """One signature the version needs (``signing_requirements``) and the valid signature
    that meets it, if any. ``party`` is the label of the party that signs, if one does."""

    label: str
    party: str
    signature: ExportSignature | None


@dataclass(frozen=True)
class VersionExport:
    program_name: str
    program_code: str
    customer: str
    provider: str
    document_title: str
    number: int
    status: str
    status_label: str
    phase_label: str
    reason_label: str
    reason_text: str
    created_at: dt.datetime
    submitted_at: dt.datetime | None
    approved_at: dt.datetime | None
    generated_at: dt.datetime
    content_sha256: str
    sections: tuple[ExportSection, ...]
    fields: tuple[ExportField, ...]
    tables: tuple[ExportTable, ...]
    #: The kind's frozen parts that read as a table (the RACI matrix), frozen or, in a
    #: draft, live.
    frozen_tables: tuple[ExportTable, ...]
    includes_stakeholders: bool
    stakeholders: tuple[ExportStakeholder, ...]
    stakeholders_frozen: bool
    approvals: tuple[ExportApproval, ...]
    voided_signatures: tuple[ExportSignature, ...]
    signatures: tuple[ExportSignature, ...]
    # The kind's own part of the PDF (``DocumentKind.extras``) and its context.
    extra_template: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def mark(self) -> str:
        """The word on every page of a PDF that is not the approved version."""
        if self.status == DocumentStatus.APPROVED:
            return ""
        if self.status == DocumentStatus.SUPERSEDED:
            return "SUPERSEDED"
        return "DRAFT"

    @property
    def date_line(self) -> str:
        if self.approved_at is not None:
            return f"Approved {_date_text(self.approved_at)}"
        return f"Generated {_date_text(self.generated_at)}"

    @property
    def loose_tables(self) -> tuple[ExportTable, ...]:
        """The tables the PDF shows after the sections (the others go under theirs)."""
        return tuple(t for t in self.tables if not t.section)

    @property
    def running_title(self) -> str:
        return f"{self.program_code} · {self.document_title} · Version {self.number}"


def _load(version: DocumentVersion) -> DocumentVersion:
    """The version with everything an export shows, in three queries whatever its size."""
    signatures = Signature.objects.select_related("signer").order_by("signed_at", "pk")
    return (
        DocumentVersion.objects.select_related(
            "document__program__customer", "document__program__provider"
        )
        .prefetch_related(Prefetch("signatures", queryset=signatures), NAMED_SIGNERS)
        .get(pk=version.pk)
    )


def version_export(version: DocumentVersion) -> VersionExport:
    """Everything an export of ``version`` shows (at most three queries)."""
    version = _load(version)
    document = version.document
    program = document.program
    kind = document.definition
    content = version.content
    fields = tuple(
        ExportField(
            f.title, _value(f.type, f.label_of(content.get("fields", {}).get(f.key)) or None)
        )
        for f in kind.fields
    )
    section_keys = {s.key for s in kind.sections}
    tables = tuple(
        ExportTable(
            t.title,
            tuple(c.title for c in t.columns),
            tuple(
                tuple(_value(c.type, c.label_of(row.get(c.key)) or None) for c in t.columns)
                for row in content.get("tables", {}).get(t.key, [])
            ),
            t.section if t.section in section_keys else "",
        )
        for t in kind.tables
    )
    sections = tuple(
        ExportSection(
            s.title,
            text,
            render_markdown(text),
            tuple(t for t in tables if t.section == s.key),
        )
        for s in kind.sections
        if (text := _printable(content.get("sections", {}).get(s.key) or ""))
        or s.required
        or any(t.section == s.key for t in kind.tables)
    )
    frozen_parts = content_for_reading(version).get("frozen", {}) if kind.frozen_parts else {}
    frozen_tables = tuple(
        ExportTable(
            part.title,
            header,
            tuple(tuple(ExportValue(str(v), v) for v in row) for row in rows),
        )
        for part in kind.frozen_parts
        if part.table is not None and part.key in frozen_parts
        for header, rows in [part.table(frozen_parts[part.key])]
    )
    frozen = "stakeholders" in content
    stakeholders: tuple[ExportStakeholder, ...] = ()
    if kind.includes_stakeholders:
        rows = content["stakeholders"] if frozen else stakeholders_of(program)
        stakeholders = tuple(_stakeholder(r) for r in rows)
    exported = {s.pk: _signature(s) for s in version.signatures.all()}
    signatures = tuple(exported.values())
    approvals = tuple(
        ExportApproval(
            label=r.label,
            party=party_label(r.party) if r.party else r.label,
            signature=exported[r.signature.pk] if r.signature else None,
        )
        for r in signing_requirements(version)
    )
    return VersionExport(
        program_name=program.name,
        program_code=program.code,
        customer=str(program.customer),
        provider=str(program.provider),
        document_title=document.title,
        number=version.number,
        status=version.status,
        status_label=version.get_status_display(),
        phase_label=str(M3Phase(version.phase).label),
        reason_label=str(VersionReason(version.reason).label) if version.reason else "",
        reason_text=_printable(version.reason_text),
        created_at=version.created_at,
        submitted_at=version.submitted_at,
        approved_at=version.approved_at,
        generated_at=timezone.now(),
        content_sha256=version_sha256(version),
        sections=sections,
        fields=fields,
        tables=tables,
        frozen_tables=frozen_tables,
        includes_stakeholders=kind.includes_stakeholders,
        stakeholders=stakeholders,
        stakeholders_frozen=frozen,
        approvals=approvals,
        voided_signatures=tuple(s for s in signatures if not s.is_valid),
        signatures=signatures,
        extra_template=kind.extras.export_template,
        extra=kind.extras.context(version) if kind.extras.export_template else {},
    )


def _value(kind: ValueType, raw: Any) -> ExportValue:
    """Content stores dates as ISO text and decimals as text; exports show them typed."""
    if raw is None or raw == "":
        return ExportValue("", None)
    if kind == "date":
        day = dt.date.fromisoformat(str(raw))
        return ExportValue(dateformat.format(day, DATE_FORMAT), day, "yyyy-mm-dd")
    if kind == "money":
        number = Decimal(str(raw))
        return ExportValue(f"${number:,.2f}", number, '"$"#,##0.00')
    if kind == "decimal":
        number = Decimal(str(raw))
        return ExportValue(f"{number:,.2f}", number, "#,##0.00")
    if kind == "integer":
        return ExportValue(f"{int(raw):,}", int(raw), "#,##0")
    text = _printable(str(raw))
    return ExportValue(text, text)


def _printable(text: str) -> str:
    return _CONTROL_CHARACTERS.sub(" ", text)


def _stakeholder(row: dict[str, Any]) -> ExportStakeholder:
    party, role = row.get("party", ""), row.get("role", "")
    return ExportStakeholder(
        name=row.get("name", ""),
        username=row.get("username", ""),
        party=row.get("party_label") or (party_label(party) if party in Party.values else party),
        role=row.get("role_label") or (str(Role(role).label) if role in Role.values else role),
        is_signatory=bool(row.get("is_signatory")),
    )


def _signature(signature: Signature) -> ExportSignature:
    signer = signature.signer
    return ExportSignature(
        party_code=signature.party,
        party=signature.get_party_display(),
        signer=person_name(signer),
        role=signature.get_role_display(),
        signed_at=signature.signed_at,
        content_sha256=signature.content_sha256,
        voided_at=signature.voided_at,
        void_reason=signature.void_reason,
    )


def _date_text(moment: dt.datetime) -> str:
    return dateformat.format(timezone.localtime(moment), DATE_FORMAT)


def _datetime_text(moment: dt.datetime) -> str:
    return dateformat.format(timezone.localtime(moment), DATETIME_FORMAT)


def export_filename(version: DocumentVersion, ext: str) -> str:
    """``<program>-<document>-v<number>-<status>.<ext>``: alpha-program-charter-v2-draft.pdf."""
    document = version.document
    title = slugify(document.title) or slugify(document.kind)
    status = slugify(version.status.replace("_", "-"))
    return f"{document.program.code}-{title}-v{version.number}-{status}.{ext.lstrip('.')}"


# -- PDF -----------------------------------------------------------------------------------

FONTS_DIR = Path(settings.BASE_DIR) / "node_modules" / "@uswds" / "uswds" / "dist" / "fonts"


def render_document_pdf(version: DocumentVersion) -> bytes:
    """The version as a Letter-size PDF: cover, sections, fields, tables, stakeholders, the
    kind's extras (``DocumentKind.extras.export_template``) and the approval block, with the
    running title, page numbers and (unless approved) a mark on every page."""
    export = version_export(version)
    html = render_to_string("programs/exports/document.html", {"export": export})
    return html_to_pdf(html, _stylesheet())


def html_to_pdf(html: str, stylesheet: str) -> bytes:
    """A page of the portal's HTML as a tagged PDF (screen readers follow its headings, tables
    and reading order: Section 508), with the bundled fonts and nothing from the network."""
    fonts = FontConfiguration()
    fetcher = LocalFontFetcher()
    base_url = FONTS_DIR.as_uri() + "/"
    css = CSS(string=stylesheet, base_url=base_url, url_fetcher=fetcher, font_config=fonts)
    document = HTML(string=html, base_url=base_url, url_fetcher=fetcher)
    pdf: bytes = document.write_pdf(stylesheets=[css], font_config=fonts, pdf_tags=True)
    return pdf


@cache
def _stylesheet() -> str:
    return render_to_string("programs/exports/document.css")


class LocalFontFetcher(URLFetcher):
    """Exports never reach the network: only the bundled font files may be read, and the
    SVG drawings the portal writes into a page as data: URLs (the Gantt chart's pages, the
    organisation chart)."""

    def fetch(self, url: str, headers: Any = None) -> Any:
        if url.startswith("data:image/svg+xml;base64,"):
            return super().fetch(url, headers)
        if not url.startswith("file://"):
            raise ValueError(f"Exports load no remote resources: {url}")
        path = Path(unquote(url.removeprefix("file://").split("?")[0])).resolve()
        if not path.is_relative_to(FONTS_DIR.resolve()):
            raise ValueError(f"Exports load only the bundled fonts: {url}")
        return super().fetch(url, headers)


# -- Excel ---------------------------------------------------------------------------------

_SHEET_TITLE_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
_MAX_CELL_TEXT = 32_000  # Excel holds at most 32,767 characters in a cell.


def render_document_xlsx(version: DocumentVersion) -> bytes:
    """The version as a workbook: Summary, Sections, one sheet per table, Stakeholders and
    Approvals, each with a bold frozen header row."""
    export = version_export(version)
    workbook = Workbook()
    workbook.properties.title = f"{export.document_title}, version {export.number}"
    workbook.properties.creator = "PMO Portal"
    titles: set[str] = set()

    summary = workbook.active
    summary.title = _sheet_title("Summary", titles)
    summary_rows: list[list[Any]] = [
        ["Program", export.program_name],
        ["Program code", export.program_code],
        ["Customer", export.customer],
        ["Provider", export.provider],
        ["Document", export.document_title],
        ["Version", export.number],
        ["Status", export.status_label],
        ["M3 phase", export.phase_label],
        ["Reason", export.reason_label],
        ["Reason (details)", export.reason_text],
        ["Created", export.created_at],
        ["Submitted for review", export.submitted_at],
        ["Approved", export.approved_at],
        ["Generated", export.generated_at],
        ["Content SHA-256", export.content_sha256],
    ]
    summary_rows += [[f.title, f.value] for f in export.fields]
    _fill(summary, ("Item", "Value"), summary_rows)

    _fill(
        workbook.create_sheet(_sheet_title("Sections", titles)),
        ("Section", "Text"),
        _section_rows(export),
        wrap_columns=frozenset({2}),
        max_width=100,
    )

    for table in (*export.tables, *export.frozen_tables):
        sheet = workbook.create_sheet(_sheet_title(table.title, titles))
        _fill(sheet, table.columns, [list(row) for row in table.rows])

    if export.includes_stakeholders:
        roster = "Frozen at submission" if export.stakeholders_frozen else "Current"
        _fill(
            workbook.create_sheet(_sheet_title("Stakeholders", titles)),
            ("Name", "Username", "Party", "Role", "Signatory", "Roster"),
            [
                [s.name, s.username, s.party, s.role, "Yes" if s.is_signatory else "No", roster]
                for s in export.stakeholders
            ],
        )

    approval_rows: list[list[Any]] = [
        [a.party, None, None, None, None, "Awaiting signature", None, None]
        for a in export.approvals
        if a.signature is None
    ]
    approval_rows += [
        [
            s.party,
            s.signer,
            s.role,
            s.signed_at,
            s.content_sha256,
            "Valid" if s.is_valid else "Voided",
            s.voided_at,
            s.void_reason or None,
        ]
        for s in export.signatures
    ]
    _fill(
        workbook.create_sheet(_sheet_title("Approvals", titles)),
        (
            "Party",
            "Signer",
            "Role",
            "Signed at",
            "SHA-256 of the content signed",
            "Status",
            "Voided at",
            "Void reason",
        ),
        approval_rows,
    )

    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _excel_datetime(moment: dt.datetime | None) -> dt.datetime | None:
    """Excel has no time zones: times are written as wall-clock time of the portal's zone."""
    if moment is None:
        return None
    return timezone.localtime(moment).replace(tzinfo=None)


def _section_rows(export: VersionExport) -> list[list[Any]]:
    rows: list[list[Any]] = []
    for section in export.sections:
        text = section.markdown
        chunks = [text[i : i + _MAX_CELL_TEXT] for i in range(0, len(text), _MAX_CELL_TEXT)]
        for i, chunk in enumerate(chunks or [""]):
            rows.append([section.title if i == 0 else f"{section.title} (continued)", chunk])
    return rows


def _sheet_title(title: str, taken: set[str]) -> str:
    """A unique sheet title within Excel's 31 characters and without its forbidden ones,
    shortened at a word boundary."""
    base = " ".join(_SHEET_TITLE_FORBIDDEN.sub(" ", title).split()).strip("'") or "Sheet"
    candidate, n = _shorten(base, 31), 1
    while candidate.lower() in taken:
        n += 1
        suffix = f" ({n})"
        candidate = _shorten(base, 31 - len(suffix)) + suffix
    taken.add(candidate.lower())
    return candidate


def _shorten(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    cut = text[: limit + 1].rsplit(" ", 1)[0]
    return cut if len(cut) >= limit // 2 else text[:limit]


def _fill(
    sheet: Any,
    header: tuple[str, ...],
    rows: list[list[Any]],
    *,
    wrap_columns: frozenset[int] = frozenset(),
    max_width: int = 70,
) -> None:
    """Write a bold, frozen header row and the rows below it, typed: an ExportValue carries
    its number format, moments are written as local date and time."""
    bold = Font(bold=True)
    wrap = Alignment(wrap_text=True, vertical="top")
    top = Alignment(vertical="top")
    widths = [len(h) for h in header]
    sheet.append(list(header))
    for cell in sheet[1]:
        cell.font = bold
    for r, row in enumerate(rows, start=2):
        for c, item in enumerate(row, start=1):
            value, number_format = _cell_value(item)
            cell = sheet.cell(row=r, column=c, value=value)
            if isinstance(value, str) and value.startswith("="):
                # Text is never a formula, whatever a user typed.
                cell.data_type = "s"
            cell.number_format = number_format
            cell.alignment = wrap if c in wrap_columns else top
            widths[c - 1] = max(widths[c - 1], _display_width(value))
    for c, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(c)].width = min(max(width + 2, 10), max_width)
    sheet.freeze_panes = "A2"


def _cell_value(item: Any) -> tuple[Any, str]:
    if isinstance(item, ExportValue):
        return _cell_value(item.value)[0], item.number_format
    if isinstance(item, dt.datetime):
        return _excel_datetime(item), "yyyy-mm-dd hh:mm"
    if isinstance(item, str):
        return _printable(item), "General"
    return item, "General"


def _display_width(value: Any) -> int:
    if value is None:
        return 0
    if isinstance(value, dt.datetime):
        return 16
    if isinstance(value, dt.date):
        return 10
    if isinstance(value, Decimal):
        return len(f"{value:,.2f}") + 1
    return max((len(line) for line in str(value).splitlines()), default=0)
