"""Codes of the RACI matrix: one cell from the grid, a batch from the API or a workbook, and
undoing one's last change. Every change is checked whole before anything is written (all or
nothing), located (a batch's index, a workbook's cell), recorded for undo and audited."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import User
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from programs import policy
from programs.choices import AuditAction
from programs.errors import DomainError, ErrorCode, PermissionRefused, StaleEditError
from programs.models import AuditEvent

from .. import rules
from ..models import RaciCell, RaciCellChange, RaciColumn, RaciMatrix, RaciRow

OWNER_WORDS = {"customer": "the customer", "provider": "the provider"}


@dataclass
class CellEdit:
    """One requested change: ``code`` None clears the cell; ``revision`` is the cell's
    revision the change was made from (0 for an empty cell). ``place`` locates it in the
    request ("cells[3]", "RACI!D7")."""

    row: RaciRow
    column: RaciColumn
    code: str | None
    revision: int | None
    place: str = ""


@dataclass
class Problem:
    place: str
    message: str
    stale: bool = False
    forbidden: bool = False

    def as_dict(self) -> dict[str, Any]:
        return {"place": self.place, "detail": self.message}


def may_set_codes(user: Any, row: RaciRow) -> bool:
    """May ``user`` set the codes of ``row`` (editors of a party that owns it)?"""
    return policy.can(user, "change", RaciCell(row=row))


def _code(value: str | None, variant: str, place: str, problems: list[Problem]) -> str | None:
    if value is None or not str(value).strip():
        return None
    text = str(value).strip()
    error = rules.code_error(text, variant)
    if error:
        problems.append(Problem(place, error))
        return None
    return text.upper()


def last_change(row: RaciRow, column: RaciColumn) -> RaciCellChange | None:
    return RaciCellChange.objects.filter(row=row, column=column).order_by("-pk").first()


def stale_message(row: RaciRow, column: RaciColumn, current: str | None) -> str:
    change = last_change(row, column)
    now = current or "empty"
    who = f"{change.user_name} set it to {change.after or 'empty'}" if change else f"it is {now}"
    return (
        f"“{row.title}” / {column.label} was changed meanwhile: {who}. Your change was not "
        "saved; look at the new value and try again."
    )


def plan(
    *, acting_user: User, matrix: RaciMatrix, edits: Sequence[CellEdit], check_revisions: bool
) -> tuple[list[tuple[CellEdit, RaciCell | None, str | None]], list[Problem]]:
    """Check every edit against the matrix as it stands: (edit, current cell, new code) for
    those that change something, and every problem found."""
    problems: list[Problem] = []
    row_ids = {e.row.pk for e in edits}
    current = {
        (c.row_id, c.column_id): c
        for c in RaciCell.objects.filter(row_id__in=row_ids).select_related("column")
    }
    planned: list[tuple[CellEdit, RaciCell | None, str | None]] = []
    seen: set[tuple[int, int]] = set()
    for edit in edits:
        place = edit.place
        if edit.row.matrix_id != matrix.pk:
            problems.append(Problem(place, "The row is not one of this matrix."))
            continue
        if edit.column.matrix_id != matrix.pk:
            problems.append(Problem(place, "The column is not one of this matrix."))
            continue
        key = (edit.row.pk, edit.column.pk)
        if key in seen:
            problems.append(
                Problem(place, f"“{edit.row.title}” / {edit.column.label} is changed twice.")
            )
            continue
        seen.add(key)
        count = len(problems)
        code = _code(edit.code, matrix.variant, place, problems)
        if len(problems) > count:
            continue
        cell = current.get(key)
        before = cell.code if cell else None
        if check_revisions and edit.revision is not None:
            stored = cell.revision if cell else 0
            if edit.revision != stored:
                problems.append(
                    Problem(place, stale_message(edit.row, edit.column, before), stale=True)
                )
                continue
        if before == code:
            continue
        if not may_set_codes(acting_user, edit.row):
            owner = OWNER_WORDS.get(edit.row.owning_party, "the customer and the provider")
            problems.append(
                Problem(
                    place,
                    f"{owner.capitalize()} owns “{edit.row.title}”: only its editors set its "
                    "codes.",
                    forbidden=True,
                )
            )
            continue
        planned.append((edit, cell, code))

    # Exactly one A per row: a change may not give a row a second A (clear the first).
    after = {key: c.code for key, c in current.items()}
    labels = {c.column_id: c.column.label for c in current.values()}
    for edit, _cell, code in planned:
        key = (edit.row.pk, edit.column.pk)
        labels[edit.column.pk] = edit.column.label
        if code is None:
            after.pop(key, None)
        else:
            after[key] = code
    for edit, _cell, code in planned:
        if code != "A":
            continue
        others = [
            labels[column_id]
            for (row_id, column_id), other in after.items()
            if row_id == edit.row.pk and other == "A" and column_id != edit.column.pk
        ]
        if others:
            problems.append(
                Problem(
                    edit.place,
                    f"Row “{edit.row.title}” already has its A: {', '.join(sorted(others))}; "
                    "clear it first.",
                )
            )
    return planned, problems


def refusal(problems: Sequence[Problem], *, what: str) -> DomainError:
    """One error listing every problem; 409 when all are stale edits, 403 when all are
    forbidden, else 400."""
    listed = [p.as_dict() for p in problems]
    if len(problems) == 1:
        message = problems[0].message
    else:
        message = f"{what} was refused ({len(problems)} problems); nothing was changed."
    extra = {"problems": listed}
    if all(p.stale for p in problems):
        return StaleEditError(message, field="revision", extra=extra)
    if all(p.forbidden for p in problems):
        return PermissionRefused(message, field="code", extra=extra)
    return DomainError(message, field="cells", extra=extra)


def write(
    *,
    acting_user: User | None,
    matrix: RaciMatrix,
    planned: Sequence[tuple[CellEdit, RaciCell | None, str | None]],
    undoable: bool = True,
    source: str = "",
) -> list[RaciCellChange]:
    """Write the planned changes in bulk: cells, their undo records and their audit events
    (one per cell, as ``audit_record`` writes them, created together: an import of hundreds
    of cells stays one insert)."""
    now = timezone.now()
    befores = [cell.code if cell is not None else None for _, cell, _ in planned]
    created, updated, deleted = [], [], []
    for edit, cell, code in planned:
        if code is None:
            if cell is not None:
                deleted.append(cell.pk)
        elif cell is None:
            created.append(
                RaciCell(row=edit.row, column=edit.column, code=code, updated_by=acting_user)
            )
        else:
            cell.code = code
            cell.revision += 1
            cell.updated_by = acting_user
            cell.updated_at = now
            updated.append(cell)
    if deleted:
        RaciCell.objects.filter(pk__in=deleted).delete()
    if updated:
        RaciCell.objects.bulk_update(updated, ["code", "revision", "updated_by", "updated_at"])
    if created:
        RaciCell.objects.bulk_create(created)
    name = acting_user.get_username() if acting_user else "system"
    changes = RaciCellChange.objects.bulk_create(
        [
            RaciCellChange(
                matrix=matrix,
                row=edit.row,
                column=edit.column,
                user=acting_user,
                user_name=name,
                before=before or "",
                after=code or "",
                undone=not undoable,
            )
            for (edit, _cell, code), before in zip(planned, befores, strict=True)
        ]
    )
    program = matrix.program
    membership = policy.membership_of(acting_user, program) if acting_user else None
    row_type = ContentType.objects.get_for_model(RaciRow)
    AuditEvent.objects.bulk_create(
        [
            AuditEvent(
                program=program,
                actor=acting_user,
                actor_name=name,
                actor_party=membership.party if membership else "",
                action=AuditAction.UPDATE,
                target_type=row_type,
                target_id=str(edit.row.pk),
                target_repr=f"{edit.row.title} / {edit.column.label}"[:250],
                changes={
                    "cell": [edit.row.title, edit.column.label],
                    "code": [before, code],
                    **({"via": [None, source]} if source else {}),
                },
            )
            for (edit, _cell, code), before in zip(planned, befores, strict=True)
        ]
    )
    return changes


@transaction.atomic
def cells_set(
    *,
    acting_user: User,
    matrix: RaciMatrix,
    edits: Sequence[CellEdit],
    check_revisions: bool = True,
    source: str = "",
    what: str = "The change",
) -> list[RaciCellChange]:
    """Apply ``edits`` all or nothing: any problem refuses the whole (``refusal``)."""
    policy.require(acting_user, "view", matrix)
    planned, problems = plan(
        acting_user=acting_user, matrix=matrix, edits=edits, check_revisions=check_revisions
    )
    if problems:
        raise refusal(problems, what=what)
    return write(acting_user=acting_user, matrix=matrix, planned=planned, source=source)


def cell_set(
    *,
    acting_user: User,
    matrix: RaciMatrix,
    row: RaciRow,
    column: RaciColumn,
    code: str | None,
    revision: int,
) -> RaciCell | None:
    """Set (``code`` None: clear) one cell from the revision the user saw; the cell as it
    now is (None when empty)."""
    cells_set(
        acting_user=acting_user,
        matrix=matrix,
        edits=[CellEdit(row=row, column=column, code=code, revision=revision)],
    )
    return RaciCell.objects.filter(row=row, column=column).first()


@transaction.atomic
def cell_undo(*, acting_user: User, matrix: RaciMatrix) -> RaciCellChange:
    """Restore the code the user's last change replaced, unless someone changed the cell
    since. The undo is audited too; it is not itself undone by the next undo."""
    change = (
        RaciCellChange.objects.filter(matrix=matrix, user=acting_user, undone=False)
        .select_related("row", "column")
        .order_by("-pk")
        .first()
    )
    if change is None:
        raise DomainError("You have no change of this matrix to undo.", field="undo")
    cell = RaciCell.objects.filter(row=change.row, column=change.column).first()
    now = cell.code if cell else ""
    if now != change.after:
        raise StaleEditError(
            stale_message(change.row, change.column, now or None).replace(
                "Your change was not saved; look at the new value and try again.",
                "Nothing was undone.",
            ),
            code=ErrorCode.STALE_VERSION,
            field="undo",
        )
    planned, problems = plan(
        acting_user=acting_user,
        matrix=matrix,
        edits=[CellEdit(change.row, change.column, change.before or None, None, "undo")],
        check_revisions=False,
    )
    if problems:
        raise refusal(problems, what="The undo")
    write(acting_user=acting_user, matrix=matrix, planned=planned, undoable=False, source="undo")
    change.undone = True
    change.save(update_fields=["undone"])
    return change
