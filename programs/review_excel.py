"""The comment resolution matrix of a document version in Excel, and back.

Export: a "Comments" sheet with a header block naming the program, the document and the
version, then one row per comment made on the version (comment id, reviewer, party,
location, quoted passage, type, comment, proposed change, disposition, rationale, deferred
to, concurrence, its reason), drop-down lists for the location, type, disposition and
concurrence, and a "Lists" sheet the drop-downs read.

Import reads the same layout: a row without a comment id is a new comment by the importing
user for their party (reviewers write comments offline); a row with an id changes that
comment's disposition (the owning party's editors) or its concurrence (the reviewer's
party) where the cells differ from the portal; its other cells are the record and are not
read back. A row whose disposition changes has its concurrence asked anew, so its
concurrence cells are not read. Every problem is located by sheet, row and column and
reported at once; nothing is written unless the whole sheet is valid.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from . import reviews as rules
from .choices import CommentType, Concurrence, Disposition
from .errors import DomainError, ErrorCode
from .models import DocumentVersion, ReviewComment
from .workbooks import open_uploaded_workbook

SHEET = "Comments"
LISTS = "Lists"
TITLE = "Comment resolution matrix"
HEADER_ROW = 7
FIRST_ROW = HEADER_ROW + 1
#: Rows below the comments that carry the drop-down lists, for comments written offline.
BLANK_ROWS = 200
NOT_A_MATRIX = "This workbook is not a comment resolution matrix of this document: "

COLUMNS = (
    ("id", "Comment ID", 11),
    ("reviewer", "Reviewer", 22),
    ("party", "Party", 16),
    ("location", "Location", 26),
    ("quote", "Quoted passage", 30),
    ("type", "Type", 13),
    ("text", "Comment", 50),
    ("proposed_change", "Proposed change", 40),
    ("disposition", "Disposition", 24),
    ("disposition_text", "Rationale or modification", 40),
    ("deferred_to", "Deferred to version", 11),
    ("concurrence", "Concurrence", 13),
    ("concurrence_reason", "Non-concurrence reason", 40),
)
HEADERS = tuple(title for _, title, _ in COLUMNS)
COLUMN = {key: index for index, (key, _, _) in enumerate(COLUMNS, start=1)}


def place(row: int, key: str) -> str:
    return f"{SHEET}!{get_column_letter(COLUMN[key])}{row}"


def version_comments(version: DocumentVersion) -> QuerySet[ReviewComment]:
    """The comments made on ``version``, as the version page lists them."""
    return ReviewComment.objects.filter(version=version).order_by("number")


def _concurrence_text(comment: ReviewComment) -> str:
    return comment.get_concurrence_display() if comment.concurrence else ""


def comment_row(comment: ReviewComment, titles: dict[str, str]) -> list[Any]:
    """A comment as a row of the matrix (and of the page's list, which the tests compare)."""
    return [
        comment.label,
        comment.author_name,
        comment.get_author_party_display(),
        titles.get(comment.anchor, comment.anchor),
        comment.quote or None,
        comment.get_type_display(),
        comment.text,
        comment.proposed_change or None,
        comment.get_disposition_display() if comment.disposition else None,
        comment.disposition_text or None,
        comment.deferred_to,
        _concurrence_text(comment) or None,
        comment.concurrence_reason or None,
    ]


def _list(values: list[str]) -> str:
    return '"' + ",".join(values) + '"'


def matrix_filename(version: DocumentVersion) -> str:
    document = version.document
    return f"{document.program.code}-{document.kind}-v{version.number}-comments.xlsx"


def export_matrix(version: DocumentVersion) -> bytes:
    document = version.document
    kind = document.definition
    anchors = rules.anchors(kind)
    titles = {a.key: a.title for a in anchors}
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = SHEET
    bold = Font(bold=True)
    sheet["A1"] = TITLE
    sheet["A1"].font = Font(bold=True, size=14)
    for row, (name, value) in enumerate(
        (
            ("Program", f"{document.program.code}: {document.program.name}"),
            ("Document", document.title),
            ("Version", version.number),
            ("Status", version.get_status_display()),
        ),
        start=2,
    ):
        sheet.cell(row=row, column=1, value=name).font = bold
        sheet.cell(row=row, column=2, value=value)
    sheet.cell(row=2, column=4, value=f"Exported {timezone.localtime():%Y-%m-%d %H:%M}")
    sheet.cell(
        row=6,
        column=1,
        value="Reviewers add comments on rows without a comment ID; the owning party writes "
        "dispositions; reviewers answer with their concurrence. Import the workbook on the "
        "version's page.",
    )
    for index, title in enumerate(HEADERS, start=1):
        cell = sheet.cell(row=HEADER_ROW, column=index, value=title)
        cell.font = bold
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    comments = list(version_comments(version))
    for offset, comment in enumerate(comments):
        for index, value in enumerate(comment_row(comment, titles), start=1):
            sheet.cell(row=FIRST_ROW + offset, column=index, value=value)
    for key, _, width in COLUMNS:
        sheet.column_dimensions[get_column_letter(COLUMN[key])].width = width
    sheet.freeze_panes = sheet.cell(row=FIRST_ROW, column=2)

    lists = workbook.create_sheet(LISTS)
    lists.append(["Location"])
    for anchor in anchors:
        lists.append([anchor.title])
    last = FIRST_ROW + len(comments) + BLANK_ROWS

    def validate(key: str, formula: str, what: str) -> None:
        validation = DataValidation(
            type="list",
            formula1=formula,
            allow_blank=True,
            showErrorMessage=True,
            errorTitle=f"Not a {what}",
            error=f"Choose a {what} from the list.",
        )
        column = get_column_letter(COLUMN[key])
        validation.add(f"{column}{FIRST_ROW}:{column}{last}")
        sheet.add_data_validation(validation)

    validate("location", f"{LISTS}!$A$2:$A${len(anchors) + 1}", "location")
    validate("type", _list([str(label) for label in CommentType.labels]), "comment type")
    validate("disposition", _list([str(label) for label in Disposition.labels]), "disposition")
    validate("concurrence", _list([str(label) for label in Concurrence.labels]), "concurrence")
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# -- import --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    place: str
    message: str

    def as_dict(self) -> dict[str, str]:
        return {"place": self.place, "detail": self.message}


@dataclass
class ImportResult:
    created: int = 0
    dispositioned: int = 0
    concurred: int = 0
    unchanged: int = 0


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _choice(choices: Any, text: str) -> str | None:
    """The stored value ``text`` names, by value or label, in any case; "" for empty."""
    if not text:
        return ""
    wanted = text.casefold().replace("-", " ").replace("_", " ")
    for value, label in choices.choices:
        if wanted in (
            str(value).casefold().replace("_", " "),
            str(label).casefold().replace("-", " "),
        ):
            return str(value)
    return None


def _refuse(where: str, what: str) -> DomainError:
    return DomainError(
        NOT_A_MATRIX + f"{where} {what}",
        code=ErrorCode.IMPORT_INVALID,
        field="file",
        extra={"problems": [{"place": where, "detail": what}]},
    )


def _check_layout(sheet: Any, version: DocumentVersion) -> None:
    """Refuse, with its place, a workbook that is not this version's matrix."""
    document = version.document

    def cell(ref: str) -> str:
        return _text(sheet[ref].value)

    if cell("A1") != TITLE:
        raise _refuse(f"{SHEET}!A1", f"reads “{cell('A1')}” where a matrix has “{TITLE}”.")
    program = cell("B2").split(":")[0].strip()
    if program != document.program.code:
        raise _refuse(
            f"{SHEET}!B2",
            f"names the program “{program}”; this is {document.program.code}.",
        )
    if cell("B3") != document.title:
        raise _refuse(f"{SHEET}!B3", f"names “{cell('B3')}”; this is the {document.title}.")
    if cell("B4") != str(version.number):
        raise _refuse(
            f"{SHEET}!B4",
            f"is the matrix of version “{cell('B4')}”; this is version {version.number}.",
        )
    for index, expected in enumerate(HEADERS, start=1):
        found = _text(sheet.cell(row=HEADER_ROW, column=index).value)
        if found != expected:
            where = f"{SHEET}!{get_column_letter(index)}{HEADER_ROW}"
            raise _refuse(where, f"reads “{found}” where a matrix has “{expected}”.")


@dataclass
class _Planned:
    row: int
    action: str  # create, disposition, concurrence
    comment: ReviewComment | None
    values: dict[str, Any]


def _read(
    *, acting_user: User, version: DocumentVersion, sheet: Any
) -> tuple[list[_Planned], list[Problem], int]:
    from .services import reviews as services

    kind = version.document.definition
    comments = {c.number: c for c in version_comments(version).select_related("version")}
    planned: list[_Planned] = []
    problems: list[Problem] = []
    unchanged = 0
    seen: dict[int, int] = {}
    may_comment = services.comment_refusal(acting_user, version)
    width = len(COLUMNS)
    for number, values in enumerate(
        sheet.iter_rows(min_row=FIRST_ROW, max_col=width, values_only=True), start=FIRST_ROW
    ):
        cells = {key: _text(values[i] if i < len(values) else None) for key, i in _INDEX}
        if not any(cells.values()):
            continue

        def problem(key: str, message: str, row: int = number) -> None:
            problems.append(Problem(place(row, key), message))

        if not cells["id"]:
            if may_comment is not None:
                problem(
                    "id",
                    f"A new comment, but {may_comment.message[0].lower()}{may_comment.message[1:]}",
                )
                continue
            anchor = rules.resolve_anchor(kind, cells["location"])
            comment_type = _choice(CommentType, cells["type"])
            errors = rules.comment_errors(
                kind,
                version.content,
                anchor=anchor.key if anchor else cells["location"],
                quote=cells["quote"],
                type=comment_type if comment_type is not None else cells["type"],
                text=cells["text"],
                proposed_change=cells["proposed_change"],
            )
            for field, message in errors.items():
                problem({"anchor": "location"}.get(field, field), message)
            if not errors and anchor is not None and comment_type:
                planned.append(
                    _Planned(
                        number,
                        "create",
                        None,
                        {
                            "anchor": anchor.key,
                            "type": comment_type,
                            "text": cells["text"],
                            "quote": cells["quote"],
                            "proposed_change": cells["proposed_change"],
                        },
                    )
                )
            continue

        comment_number = rules.number_of(cells["id"])
        comment = comments.get(comment_number) if comment_number is not None else None
        if comment is None:
            problem(
                "id",
                f"“{cells['id']}” is not a comment on version {version.number} of the "
                f"{version.document.title}: leave the ID empty for a new comment.",
            )
            continue
        if comment.number in seen:
            problem("id", f"{comment.label} is already on row {seen[comment.number]}.")
            continue
        seen[comment.number] = number
        touched = False

        disposition = _choice(Disposition, cells["disposition"])
        deferred_text = cells["deferred_to"]
        deferred_to = rules.number_of(deferred_text) if deferred_text else None
        if disposition is None:
            problem(
                "disposition",
                rules.disposition_errors(
                    disposition=cells["disposition"], text="", deferred_to=None, version_number=0
                )["disposition"],
            )
            continue
        if deferred_text and deferred_to is None:
            problem("deferred_to", f"“{deferred_text}” is not a version number.")
            continue
        new_disposition = (disposition, cells["disposition_text"], deferred_to)
        current = (comment.disposition, comment.disposition_text, comment.deferred_to)
        if disposition and new_disposition != current:
            refusal = services.disposition_refusal(acting_user, comment)
            errors = rules.disposition_errors(
                disposition=disposition,
                text=cells["disposition_text"],
                deferred_to=deferred_to,
                version_number=version.number,
            )
            if refusal is not None:
                problem("disposition", f"{comment.label}: {refusal.message}")
            for field, message in errors.items():
                problem({"text": "disposition_text"}.get(field, field), message)
            if refusal is None and not errors:
                planned.append(
                    _Planned(
                        number,
                        "disposition",
                        comment,
                        {
                            "disposition": disposition,
                            "text": cells["disposition_text"],
                            "deferred_to": deferred_to,
                        },
                    )
                )
            touched = True
        else:
            concurrence = _choice(Concurrence, cells["concurrence"])
            reason = cells["concurrence_reason"]
            if concurrence is None:
                problem(
                    "concurrence",
                    rules.concurrence_errors(concurrence=cells["concurrence"], reason="")[
                        "concurrence"
                    ],
                )
                continue
            if concurrence and (concurrence, reason) != (
                comment.concurrence,
                comment.concurrence_reason,
            ):
                refusal = services.concurrence_refusal(acting_user, comment)
                errors = rules.concurrence_errors(concurrence=concurrence, reason=reason)
                if refusal is not None:
                    problem("concurrence", f"{comment.label}: {refusal.message}")
                for field, message in errors.items():
                    problem({"reason": "concurrence_reason"}.get(field, field), message)
                if refusal is None and not errors:
                    planned.append(
                        _Planned(
                            number,
                            "concurrence",
                            comment,
                            {"concurrence": concurrence, "reason": reason},
                        )
                    )
                touched = True
        if not touched:
            unchanged += 1
    return planned, problems, unchanged


_INDEX = [(key, index - 1) for key, index in COLUMN.items()]


@transaction.atomic
def import_matrix(*, acting_user: User, version: DocumentVersion, data: bytes) -> ImportResult:
    """Apply the matrix's new comments, dispositions and concurrences, all or nothing."""
    from . import policy
    from .services import reviews as services

    policy.require(acting_user, "view", version)
    workbook = open_uploaded_workbook(data, not_it=NOT_A_MATRIX, what="a comment resolution matrix")
    if SHEET not in workbook.sheetnames:
        raise _refuse(
            "the workbook",
            f"has no sheet named “{SHEET}” (its sheets: {', '.join(workbook.sheetnames)}).",
        )
    sheet = workbook[SHEET]
    version = DocumentVersion.objects.select_related("document__program").get(pk=version.pk)
    _check_layout(sheet, version)
    planned, problems, unchanged = _read(acting_user=acting_user, version=version, sheet=sheet)
    if problems:
        raise DomainError(
            f"The workbook was not imported ({len(problems)} problem"
            f"{'s' if len(problems) != 1 else ''}); nothing was changed.",
            code=ErrorCode.IMPORT_INVALID,
            field="file",
            extra={"problems": [p.as_dict() for p in problems]},
        )
    result = ImportResult(unchanged=unchanged)
    locked = services.comments_locked(version)  # one lock for every row the import changes
    for step in planned:
        try:
            if step.action == "create":
                services.comment_create(acting_user=acting_user, version=version, **step.values)
                result.created += 1
            elif step.action == "disposition":
                assert step.comment is not None
                services.comment_disposition_set(
                    acting_user=acting_user,
                    comment=locked[step.comment.pk],
                    locked=True,
                    **step.values,
                )
                result.dispositioned += 1
            else:
                assert step.comment is not None
                services.comment_concurrence_set(
                    acting_user=acting_user,
                    comment=locked[step.comment.pk],
                    locked=True,
                    **step.values,
                )
                result.concurred += 1
        except DomainError as exc:  # changed meanwhile: the whole import is undone
            where = place(step.row, "id")
            raise DomainError(
                f"The workbook was not imported: {where}: {exc.message} Nothing was changed.",
                code=ErrorCode.IMPORT_INVALID,
                field="file",
                extra={"problems": [{"place": where, "detail": exc.message}]},
            ) from exc
    return result
