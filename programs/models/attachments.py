"""Files attached to the rows of a register, and how a register opts in."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, ClassVar

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import reverse
from django.utils import timezone

from ..choices import (
    OwningParty,
)

if TYPE_CHECKING:
    pass
from .core import Program


class Attachable:
    """A program-owned model whose rows people attach files to (``Attachment``): a finding's
    closure evidence, a risk's analysis. A register opts in by mixing this in; the shared
    attachments block (services, page include, views, API) then serves its rows.

    Who may read the files is who may view the row. Who may attach and remove them is by
    default who may change the row; a register that needs another rule says so in
    ``policy_may_attach`` (``programs.policy.can_attach`` asks it, for people who may view
    the row), e.g. for an IV&V finding "the party that must answer it and the IV&V agent"::

        def policy_may_attach(self, user):
            membership = policy.membership_of(user, self.program)
            return membership is not None and membership.party in (
                self.responding_party, Party.INDEPENDENT
            )
    """

    #: The purposes a register offers ("closure evidence", "supporting file"); empty: a free
    #: short label.
    attachment_purposes: ClassVar[Sequence[str]] = ()

    def policy_may_attach(self, user: Any) -> bool | None:
        """May ``user`` (who may view this row) attach and remove its files? None: the default
        rule, ``change`` on the row."""
        return None


def attachment_path(instance: Attachment, filename: str) -> str:
    """Where an attachment's bytes are kept: a name the portal makes, never the uploader's
    path; the folder of its own keeps two files of one name apart."""
    return f"attachments/{instance.program.code}/{instance.uuid}/{filename}"


class Attachment(models.Model):
    """A file attached to a row of a register (any ``Attachable`` program-owned model). Its
    access is its row's (``programs.policy``); it is read only through the portal's
    access-checked download, never at a public URL. Removing it keeps the record (and the
    bytes) for the audit trail; it is no longer listed or downloadable."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="attachments")
    target_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    target_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("target_type", "target_id")
    purpose = models.CharField(
        max_length=80, blank=True, help_text="What the file is for, e.g. “closure evidence”."
    )
    file = models.FileField(upload_to=attachment_path, max_length=300)
    original_name = models.CharField(
        max_length=120, help_text="The uploader's file name, made safe (no path, no controls)."
    )
    size = models.PositiveBigIntegerField(help_text="Bytes.")
    sha256 = models.CharField("SHA-256", max_length=64)
    media_type = models.CharField(
        max_length=120, help_text="The content type detected from the file's content."
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_by_name = models.CharField(max_length=150, help_text="Kept if the user is removed.")
    uploaded_at = models.DateTimeField(default=timezone.now)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    removed_at = models.DateTimeField(null=True, blank=True)
    removal_reason = models.TextField(blank=True)

    policy_program_field: ClassVar[str] = "program"
    # Rows of a program restrict to its members; each file's access is its row's, which
    # ``programs.policy.can`` asks.
    policy_owning_party: ClassVar[str | None] = OwningParty.SHARED

    class Meta:
        ordering = ["uploaded_at", "pk"]
        indexes = [models.Index(fields=["target_type", "target_id", "uploaded_at"])]

    def __str__(self) -> str:
        return self.original_name

    def get_absolute_url(self) -> str:
        return reverse(
            "programs:attachment-download",
            kwargs={"code": self.program.code, "uuid": self.uuid},
        )

    @property
    def is_removed(self) -> bool:
        return self.removed_at is not None
