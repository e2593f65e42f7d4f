"""The RACI matrix (Play 3.1 activity 4): who is Responsible, Accountable, Supporting,
Consulted and Informed for each activity and deliverable of the integrated PMO.

The structure (groups, rows, columns, the variant) is shared by the customer and the provider:
editors of either party change it. A row's codes belong to the party that owns the row
(``RaciCell.policy_owning_party_field``): only that party's editors change them, both
parties' for a shared row. Empty cells have no ``RaciCell``.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q

from programs.choices import JOINT_OWNER_CHOICES, OwningParty, Party, Role
from programs.limits import MAX_TITLE_LENGTH
from programs.models import Membership, Program


class Variant(models.TextChoices):
    RACI = "raci", "RACI"
    RASCI = "rasci", "RASCI (adds S: support)"


class RaciCode(models.TextChoices):
    RESPONSIBLE = "R", "Responsible"
    ACCOUNTABLE = "A", "Accountable"
    SUPPORT = "S", "Support"
    CONSULTED = "C", "Consulted"
    INFORMED = "I", "Informed"


class RowKind(models.TextChoices):
    ACTIVITY = "activity", "Activity"
    DELIVERABLE = "deliverable", "Deliverable"


class RaciMatrix(models.Model):
    program = models.OneToOneField(Program, on_delete=models.CASCADE, related_name="raci_matrix")
    variant = models.CharField(max_length=8, choices=Variant.choices, default=Variant.RACI)
    overload_limit = models.PositiveSmallIntegerField(
        help_text="A column accountable (A) for more rows than this is warned of as overloaded."
    )
    updated_at = models.DateTimeField(auto_now=True)

    policy_program_field: ClassVar[str] = "program"
    policy_owning_party: ClassVar[str | None] = OwningParty.SHARED

    class Meta:
        verbose_name = "RACI matrix"
        verbose_name_plural = "RACI matrices"

    def __str__(self) -> str:
        return f"RACI matrix of {self.program.code}"


class RaciGroup(models.Model):
    """A heading the rows are grouped under ("PMO processes")."""

    matrix = models.ForeignKey(RaciMatrix, on_delete=models.CASCADE, related_name="groups")
    title = models.CharField(max_length=MAX_TITLE_LENGTH)
    position = models.PositiveIntegerField(default=0)

    policy_program_field: ClassVar[str] = "matrix__program"
    policy_owning_party: ClassVar[str | None] = OwningParty.SHARED

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["matrix", "title"], name="raci_group_title_unique")
        ]

    def __str__(self) -> str:
        return self.title


class RaciRow(models.Model):
    """An activity or deliverable. The row itself is shared structure; its owning party says
    whose editors set its codes."""

    matrix = models.ForeignKey(RaciMatrix, on_delete=models.CASCADE, related_name="rows")
    group = models.ForeignKey(RaciGroup, on_delete=models.CASCADE, related_name="rows")
    title = models.CharField(max_length=MAX_TITLE_LENGTH)
    kind = models.CharField(max_length=12, choices=RowKind.choices, default=RowKind.ACTIVITY)
    owning_party = models.CharField(
        max_length=16, choices=JOINT_OWNER_CHOICES, default=OwningParty.SHARED
    )
    position = models.PositiveIntegerField(default=0)
    activity_key = models.CharField(
        max_length=40, blank=True, help_text="The Play 3.1 activity this row is, if any."
    )

    policy_program_field: ClassVar[str] = "matrix__program"
    policy_owning_party: ClassVar[str | None] = OwningParty.SHARED

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["group", "title"], name="raci_row_title_unique")
        ]

    def __str__(self) -> str:
        return self.title


class RaciColumn(models.Model):
    """A role of a party (the Provider PMO Lead) or a named person (a membership)."""

    matrix = models.ForeignKey(RaciMatrix, on_delete=models.CASCADE, related_name="columns")
    party = models.CharField(max_length=16, choices=Party.choices, blank=True)
    role = models.CharField(max_length=32, choices=Role.choices, blank=True)
    membership = models.ForeignKey(
        Membership, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    label = models.CharField(max_length=MAX_TITLE_LENGTH)
    position = models.PositiveIntegerField(default=0)

    policy_program_field: ClassVar[str] = "matrix__program"
    policy_owning_party: ClassVar[str | None] = OwningParty.SHARED

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["matrix", "label"], name="raci_column_label_unique"),
            models.UniqueConstraint(
                fields=["matrix", "party", "role"],
                condition=Q(membership__isnull=True),
                name="raci_role_column_unique",
            ),
            models.UniqueConstraint(
                fields=["matrix", "membership"],
                condition=Q(membership__isnull=False),
                name="raci_person_column_unique",
            ),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def is_person(self) -> bool:
        return self.membership_id is not None

    @property
    def key(self) -> str:
        """Stable across snapshots: the role, or the person's membership."""
        if self.membership_id is not None:
            return f"person:{self.membership_id}"
        return f"role:{self.party}:{self.role}"

    @property
    def column_party(self) -> str:
        """The party the column answers for (a person's: their membership's)."""
        if self.membership is not None:
            return self.membership.party
        return self.party


class RaciCell(models.Model):
    row = models.ForeignKey(RaciRow, on_delete=models.CASCADE, related_name="cells")
    column = models.ForeignKey(RaciColumn, on_delete=models.CASCADE, related_name="cells")
    code = models.CharField(max_length=1, choices=RaciCode.choices)
    revision = models.PositiveIntegerField(
        default=1, help_text="Incremented by every change; an edit from an older one is stale."
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    policy_program_field: ClassVar[str] = "row__matrix__program"
    # The codes of a row are its owning party's to set.
    policy_owning_party_field: ClassVar[str] = "row__owning_party"

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["row", "column"], name="raci_one_code_per_cell")
        ]

    def __str__(self) -> str:
        return f"{self.row} / {self.column}: {self.code}"


class RaciCellChange(models.Model):
    """A cell change as it was made (before and after), so its author can undo it; the audit
    event is the record, this the working copy."""

    matrix = models.ForeignKey(RaciMatrix, on_delete=models.CASCADE, related_name="changes")
    row = models.ForeignKey(RaciRow, on_delete=models.CASCADE, related_name="+")
    column = models.ForeignKey(RaciColumn, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    user_name = models.CharField(max_length=150)
    before = models.CharField(max_length=1, blank=True)
    after = models.CharField(max_length=1, blank=True)
    undone = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    policy_program_field: ClassVar[str] = "matrix__program"
    policy_owning_party_field: ClassVar[str] = "row__owning_party"

    class Meta:
        ordering = ["-pk"]
        indexes = [models.Index(fields=["matrix", "user", "-id"])]

    def __str__(self) -> str:
        return f"{self.row} / {self.column}: {self.before or '-'} -> {self.after or '-'}"
