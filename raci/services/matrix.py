"""The structure of a RACI matrix: the matrix itself (variant, overload limit), its groups,
rows and columns. Structure is shared: editors of either party change it (``policy.require``
on the matrix). A row's owning party is changed, and a row holding codes removed, only by
someone who may change those codes."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypeVar

from django.contrib.auth.models import User
from django.db import models, transaction

from programs import policy
from programs.choices import (
    JOINT_OWNERS,
    PLAY_3_1_ACTIVITIES,
    AuditAction,
    OwningParty,
    Party,
    Role,
)
from programs.errors import DomainError, PermissionRefused
from programs.limits import MAX_TITLE_LENGTH, check_text
from programs.models import Membership, Program
from programs.services.audit import audit_record, audit_update, snapshot

from ..models import RaciCell, RaciColumn, RaciGroup, RaciMatrix, RaciRow, RowKind, Variant
from ..selectors.matrix import default_overload_limit

MAX_ROWS = 500
MAX_COLUMNS = 60
MAX_OVERLOAD_LIMIT = MAX_ROWS

PLAY_HEADING = "Play 3.1: Integrate PMO structures"
PROCESS_HEADING = "PMO processes"
# (title, owning party, kind) of the PMO processes every integrated PMO runs.
DEFAULT_PROCESSES: tuple[tuple[str, str, str], ...] = (
    ("Schedule management (IMS updates)", OwningParty.SHARED, RowKind.ACTIVITY),
    ("Risk and issue management (RAID log)", OwningParty.SHARED, RowKind.ACTIVITY),
    ("Weekly status report", OwningParty.PROVIDER, RowKind.DELIVERABLE),
    ("Change control", OwningParty.SHARED, RowKind.ACTIVITY),
    ("Financial reporting and earned value", OwningParty.CUSTOMER, RowKind.DELIVERABLE),
    ("Quality surveillance (QASP)", OwningParty.CUSTOMER, RowKind.ACTIVITY),
    ("Communications and stakeholder engagement", OwningParty.SHARED, RowKind.ACTIVITY),
    ("Onboarding of provider staff", OwningParty.PROVIDER, RowKind.ACTIVITY),
    ("Response to IV&V findings", OwningParty.SHARED, RowKind.ACTIVITY),
    ("OMB status reporting", OwningParty.CUSTOMER, RowKind.DELIVERABLE),
)
DEFAULT_COLUMNS: tuple[tuple[str, str], ...] = (
    (Party.CUSTOMER, Role.EXECUTIVE_SPONSOR),
    (Party.CUSTOMER, Role.BUSINESS_OWNER),
    (Party.CUSTOMER, Role.PROGRAM_MANAGER),
    (Party.CUSTOMER, Role.PMO_LEAD),
    (Party.PROVIDER, Role.EXECUTIVE_SPONSOR),
    (Party.PROVIDER, Role.PROGRAM_MANAGER),
    (Party.PROVIDER, Role.PMO_LEAD),
    (Party.PROVIDER, Role.PMO_TEAM),
    (Party.INDEPENDENT, Role.IVV_AGENT),
)

M = TypeVar("M", bound=models.Model)


def role_label(party: str, role: str) -> str:
    """ "Customer Program Manager", "Provider PMO Lead", "IV&V agent"."""
    if party == Party.INDEPENDENT:
        return str(Role(role).label)
    return f"{Party(party).label} {Role(role).label}"


def may_change_structure(user: Any, matrix_or_program: models.Model) -> bool:
    return policy.can(user, "change", matrix_or_program)


# -- the matrix --------------------------------------------------------------------------


@transaction.atomic
def matrix_get_or_create(*, program: Program, acting_user: User | None = None) -> RaciMatrix:
    """The program's matrix, created seeded on first use: the nine Play 3.1 activities, the
    common PMO processes, and role columns of both parties and the IV&V agent."""
    matrix = RaciMatrix.objects.filter(program=program).first()
    if matrix is not None:
        return matrix
    if acting_user is not None:
        policy.require(acting_user, "change", program)
    matrix, created = RaciMatrix.objects.get_or_create(
        program=program, defaults={"overload_limit": default_overload_limit()}
    )
    if not created:
        return matrix
    play = RaciGroup.objects.create(matrix=matrix, title=PLAY_HEADING, position=0)
    processes = RaciGroup.objects.create(matrix=matrix, title=PROCESS_HEADING, position=1)
    RaciRow.objects.bulk_create(
        [
            RaciRow(
                matrix=matrix,
                group=play,
                title=a.title[:MAX_TITLE_LENGTH],
                owning_party=a.owning_party,
                activity_key=a.key,
                position=i,
            )
            for i, a in enumerate(PLAY_3_1_ACTIVITIES)
        ]
        + [
            RaciRow(
                matrix=matrix,
                group=processes,
                title=title,
                owning_party=owner,
                kind=kind,
                position=i,
            )
            for i, (title, owner, kind) in enumerate(DEFAULT_PROCESSES)
        ]
    )
    RaciColumn.objects.bulk_create(
        [
            RaciColumn(
                matrix=matrix, party=party, role=role, label=role_label(party, role), position=i
            )
            for i, (party, role) in enumerate(DEFAULT_COLUMNS)
        ]
    )
    audit_record(
        acting_user=acting_user,
        program=program,
        action=AuditAction.CREATE,
        target=matrix,
        changes={"variant": [None, matrix.variant]},
    )
    return matrix


def s_cells(matrix: RaciMatrix) -> list[RaciCell]:
    return list(
        RaciCell.objects.filter(row__matrix=matrix, code="S").select_related("row", "column")
    )


@transaction.atomic
def matrix_update(
    *,
    acting_user: User,
    matrix: RaciMatrix,
    variant: str | None = None,
    overload_limit: int | None = None,
) -> RaciMatrix:
    policy.require(acting_user, "change", matrix)
    before = snapshot(matrix, ["variant", "overload_limit"])
    if variant is not None:
        if variant not in Variant.values:
            raise DomainError(f"The variant is RACI or RASCI, not “{variant}”.", field="variant")
        if variant == Variant.RACI and matrix.variant == Variant.RASCI:
            supports = s_cells(matrix)
            if supports:
                places = "; ".join(f"“{c.row.title}” / {c.column.label}" for c in supports[:10])
                more = f" and {len(supports) - 10} more" if len(supports) > 10 else ""
                raise DomainError(
                    f"RACI has no S (support): change or clear the {len(supports)} S "
                    f"code{'s' if len(supports) != 1 else ''} first: {places}{more}.",
                    field="variant",
                )
        matrix.variant = variant
    if overload_limit is not None:
        if not 1 <= overload_limit <= MAX_OVERLOAD_LIMIT:
            raise DomainError(
                f"The overload limit is a number of rows from 1 to {MAX_OVERLOAD_LIMIT}.",
                field="overload_limit",
            )
        matrix.overload_limit = overload_limit
    matrix.save()
    audit_update(
        acting_user=acting_user,
        program=matrix.program,
        target=matrix,
        before=before,
        fields=["variant", "overload_limit"],
    )
    return matrix


# -- ordering ------------------------------------------------------------------------------


def _place(siblings: Sequence[M], item: M, index: int | None) -> None:
    """Put ``item`` at ``index`` (None: the end) among ``siblings`` and number them 0, 1, ..."""
    others = [s for s in siblings if s.pk != item.pk]
    index = len(others) if index is None else max(0, min(index, len(others)))
    ordered = [*others[:index], item, *others[index:]]
    changed = []
    for position, obj in enumerate(ordered):
        if getattr(obj, "position") != position or obj.pk == item.pk:  # noqa: B009
            setattr(obj, "position", position)  # noqa: B010
            if obj.pk is not None:
                changed.append(obj)
    if changed:
        type(item)._default_manager.bulk_update(changed, ["position"])


def _moved_index(siblings: Sequence[M], item: M, direction: str) -> int:
    current = next(i for i, s in enumerate(siblings) if s.pk == item.pk)
    if direction not in ("up", "down"):
        raise DomainError("Move up or down.", field="direction")
    return current - 1 if direction == "up" else current + 1


# -- groups --------------------------------------------------------------------------------


def _check_group_title(matrix: RaciMatrix, title: str, *, exclude: int | None = None) -> str:
    title = title.strip()
    if not title:
        raise DomainError("A group needs a heading.", field="title")
    check_text(title, field="title", limit=MAX_TITLE_LENGTH, what="A group's heading")
    if RaciGroup.objects.filter(matrix=matrix, title=title).exclude(pk=exclude or 0).exists():
        raise DomainError(f"The matrix already has a group “{title}”.", field="title")
    return title


@transaction.atomic
def group_create(*, acting_user: User, matrix: RaciMatrix, title: str) -> RaciGroup:
    policy.require(acting_user, "change", matrix)
    title = _check_group_title(matrix, title)
    group = RaciGroup(matrix=matrix, title=title)
    _place(list(RaciGroup.objects.filter(matrix=matrix)), group, None)
    group.save()
    audit_record(
        acting_user=acting_user,
        program=matrix.program,
        action=AuditAction.CREATE,
        target=group,
        changes={"title": [None, title]},
    )
    return group


@transaction.atomic
def group_update(
    *, acting_user: User, group: RaciGroup, title: str | None = None, position: int | None = None
) -> RaciGroup:
    matrix = group.matrix
    policy.require(acting_user, "change", matrix)
    before = snapshot(group, ["title", "position"])
    if title is not None:
        group.title = _check_group_title(matrix, title, exclude=group.pk)
    group.save()
    if position is not None:
        _place(list(RaciGroup.objects.filter(matrix=matrix)), group, position)
    audit_update(
        acting_user=acting_user,
        program=matrix.program,
        target=group,
        before=before,
        fields=["title", "position"],
    )
    return group


def group_move(*, acting_user: User, group: RaciGroup, direction: str) -> RaciGroup:
    siblings = list(RaciGroup.objects.filter(matrix=group.matrix))
    return group_update(
        acting_user=acting_user, group=group, position=_moved_index(siblings, group, direction)
    )


@transaction.atomic
def group_delete(*, acting_user: User, group: RaciGroup) -> None:
    matrix = group.matrix
    policy.require(acting_user, "change", matrix)
    count = group.rows.count()
    if count:
        raise DomainError(
            f"“{group.title}” holds {count} row{'s' if count != 1 else ''}: move or remove "
            "them first.",
            field="group",
        )
    audit_record(
        acting_user=acting_user,
        program=matrix.program,
        action=AuditAction.DELETE,
        target=group,
        changes={"title": [group.title, None]},
    )
    group.delete()


# -- rows ----------------------------------------------------------------------------------


def _check_row(
    matrix: RaciMatrix,
    *,
    group: RaciGroup,
    title: str,
    kind: str,
    owning_party: str,
    activity_key: str,
    exclude: int | None = None,
) -> str:
    title = title.strip()
    if group.matrix_id != matrix.pk:
        raise DomainError("The group is not one of this matrix.", field="group")
    if not title:
        raise DomainError("A row needs a title.", field="title")
    check_text(title, field="title", limit=MAX_TITLE_LENGTH, what="A row's title")
    if kind not in RowKind.values:
        raise DomainError("A row is an activity or a deliverable.", field="kind")
    if owning_party not in JOINT_OWNERS:
        raise DomainError(
            "A row is owned by the customer, the provider or shared.", field="owning_party"
        )
    if activity_key and activity_key not in {a.key for a in PLAY_3_1_ACTIVITIES}:
        raise DomainError(f"“{activity_key}” is no Play 3.1 activity.", field="activity_key")
    if RaciRow.objects.filter(group=group, title=title).exclude(pk=exclude or 0).exists():
        raise DomainError(f"“{group.title}” already has a row “{title}”.", field="title")
    return title


def _require_codes(user: User, row: RaciRow, owning_party: str, *, doing: str) -> None:
    probe = RaciCell(row=RaciRow(matrix=row.matrix, owning_party=owning_party))
    if not policy.can(user, "change", probe):
        raise PermissionRefused(
            f"You may not {doing}: only editors of {_owners(owning_party)} set its codes.",
            field="owning_party",
        )


def _owners(owning_party: str) -> str:
    words = {"customer": "the customer", "provider": "the provider"}
    return words.get(owning_party, "the customer or the provider")


@transaction.atomic
def row_create(
    *,
    acting_user: User,
    matrix: RaciMatrix,
    group: RaciGroup,
    title: str,
    kind: str = RowKind.ACTIVITY,
    owning_party: str = OwningParty.SHARED,
    activity_key: str = "",
    position: int | None = None,
) -> RaciRow:
    policy.require(acting_user, "change", matrix)
    if RaciRow.objects.filter(matrix=matrix).count() >= MAX_ROWS:
        raise DomainError(f"A RACI matrix holds at most {MAX_ROWS} rows.", field="rows")
    title = _check_row(
        matrix,
        group=group,
        title=title,
        kind=kind,
        owning_party=owning_party,
        activity_key=activity_key,
    )
    row = RaciRow(
        matrix=matrix,
        group=group,
        title=title,
        kind=kind,
        owning_party=owning_party,
        activity_key=activity_key,
    )
    _place(list(RaciRow.objects.filter(group=group)), row, position)
    row.save()
    audit_record(
        acting_user=acting_user,
        program=matrix.program,
        action=AuditAction.CREATE,
        target=row,
        changes={
            "title": [None, title],
            "group": [None, group.title],
            "owning_party": [None, owning_party],
        },
    )
    return row


ROW_FIELDS = ["title", "group", "kind", "owning_party", "activity_key", "position"]


@transaction.atomic
def row_update(
    *,
    acting_user: User,
    row: RaciRow,
    title: str | None = None,
    group: RaciGroup | None = None,
    kind: str | None = None,
    owning_party: str | None = None,
    activity_key: str | None = None,
    position: int | None = None,
) -> RaciRow:
    matrix = row.matrix
    policy.require(acting_user, "change", matrix)
    before = snapshot(row, ROW_FIELDS)
    new_owner = row.owning_party if owning_party is None else owning_party
    if new_owner != row.owning_party:
        # Handing a row to another party hands over its codes: both must be the user's to set.
        _require_codes(acting_user, row, row.owning_party, doing=f"hand over “{row.title}”")
        _require_codes(acting_user, row, new_owner, doing=f"hand over “{row.title}”")
    new_group = group or row.group
    row.title = _check_row(
        matrix,
        group=new_group,
        title=row.title if title is None else title,
        kind=row.kind if kind is None else kind,
        owning_party=new_owner,
        activity_key=row.activity_key if activity_key is None else activity_key,
        exclude=row.pk,
    )
    moved_group = new_group.pk != row.group_id
    row.group = new_group
    row.kind = row.kind if kind is None else kind
    row.owning_party = new_owner
    row.activity_key = row.activity_key if activity_key is None else activity_key
    row.save()
    if position is not None or moved_group:
        _place(list(RaciRow.objects.filter(group=new_group)), row, position)
    audit_update(
        acting_user=acting_user,
        program=matrix.program,
        target=row,
        before=before,
        fields=ROW_FIELDS,
    )
    return row


def row_move(*, acting_user: User, row: RaciRow, direction: str) -> RaciRow:
    siblings = list(RaciRow.objects.filter(group=row.group))
    return row_update(
        acting_user=acting_user, row=row, position=_moved_index(siblings, row, direction)
    )


@transaction.atomic
def row_delete(*, acting_user: User, row: RaciRow) -> None:
    matrix = row.matrix
    policy.require(acting_user, "change", matrix)
    codes = row.cells.count()
    if codes:
        _require_codes(
            acting_user, row, row.owning_party, doing=f"remove “{row.title}” with its codes"
        )
    audit_record(
        acting_user=acting_user,
        program=matrix.program,
        action=AuditAction.DELETE,
        target=row,
        changes={"title": [row.title, None], "codes": [codes, 0]},
    )
    row.delete()


# -- columns -------------------------------------------------------------------------------


def _check_label(matrix: RaciMatrix, label: str, *, exclude: int | None = None) -> str:
    label = label.strip()
    if not label:
        raise DomainError("A column needs a label.", field="label")
    check_text(label, field="label", limit=MAX_TITLE_LENGTH, what="A column's label")
    if RaciColumn.objects.filter(matrix=matrix, label=label).exclude(pk=exclude or 0).exists():
        raise DomainError(f"The matrix already has a column “{label}”.", field="label")
    return label


@transaction.atomic
def column_create(
    *,
    acting_user: User,
    matrix: RaciMatrix,
    party: str = "",
    role: str = "",
    membership: Membership | None = None,
    label: str = "",
    position: int | None = None,
) -> RaciColumn:
    """A column for a role of a party, or for a named person (``membership``)."""
    policy.require(acting_user, "change", matrix)
    if RaciColumn.objects.filter(matrix=matrix).count() >= MAX_COLUMNS:
        raise DomainError(f"A RACI matrix holds at most {MAX_COLUMNS} columns.", field="columns")
    if membership is not None:
        if membership.program_id != matrix.program_id:
            raise DomainError("The person is not a member of this program.", field="membership")
        if RaciColumn.objects.filter(matrix=matrix, membership=membership).exists():
            raise DomainError(
                f"{membership.display_name} already has a column.", field="membership"
            )
        party, role = "", ""
        label = label or membership.display_name
    else:
        if party not in Party.values:
            raise DomainError("Choose the party of the role.", field="party")
        if role not in Role.values:
            raise DomainError("Choose a role.", field="role")
        from programs.choices import PARTY_ROLES

        if role not in PARTY_ROLES[party]:
            raise DomainError(f"The {Party(party).label} has no {Role(role).label}.", field="role")
        if RaciColumn.objects.filter(
            matrix=matrix, party=party, role=role, membership__isnull=True
        ).exists():
            raise DomainError(
                f"The matrix already has a column for the {role_label(party, role)}.",
                field="role",
            )
        label = label or role_label(party, role)
    label = _check_label(matrix, label)
    column = RaciColumn(matrix=matrix, party=party, role=role, membership=membership, label=label)
    _place(list(RaciColumn.objects.filter(matrix=matrix)), column, position)
    column.save()
    audit_record(
        acting_user=acting_user,
        program=matrix.program,
        action=AuditAction.CREATE,
        target=column,
        changes={"label": [None, label]},
    )
    return column


@transaction.atomic
def column_update(
    *,
    acting_user: User,
    column: RaciColumn,
    label: str | None = None,
    position: int | None = None,
) -> RaciColumn:
    matrix = column.matrix
    policy.require(acting_user, "change", matrix)
    before = snapshot(column, ["label", "position"])
    if label is not None:
        column.label = _check_label(matrix, label, exclude=column.pk)
    column.save()
    if position is not None:
        _place(list(RaciColumn.objects.filter(matrix=matrix)), column, position)
    audit_update(
        acting_user=acting_user,
        program=matrix.program,
        target=column,
        before=before,
        fields=["label", "position"],
    )
    return column


def column_move(*, acting_user: User, column: RaciColumn, direction: str) -> RaciColumn:
    siblings = list(RaciColumn.objects.filter(matrix=column.matrix))
    return column_update(
        acting_user=acting_user,
        column=column,
        position=_moved_index(siblings, column, direction),
    )


@transaction.atomic
def column_delete(*, acting_user: User, column: RaciColumn) -> None:
    """Removing a column removes its codes: refused when any of them is on a row whose codes
    the user may not set."""
    matrix = column.matrix
    policy.require(acting_user, "change", matrix)
    policy.require_all(
        acting_user,
        "change",
        column.cells.select_related("row"),
        doing=f"remove the column “{column.label}”",
        relation="it holds a code of",
        field="column",
    )
    audit_record(
        acting_user=acting_user,
        program=matrix.program,
        action=AuditAction.DELETE,
        target=column,
        changes={"label": [column.label, None]},
    )
    column.delete()
