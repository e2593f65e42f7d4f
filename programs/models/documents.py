"""Versioned documents with their sign-off: documents, named signers, versions, signatures."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q

from ..choices import (
    DocumentStatus,
    M3Phase,
    OwningParty,
    Party,
    Role,
    VersionReason,
)
from .core import Membership, Program

if TYPE_CHECKING:
    from ..documents import DocumentKind


class Document(models.Model):
    """A versioned artifact of a program (charter, PMP, QASP, ...). ``kind`` names its
    definition in ``programs.documents`` (sections, tables, owning party, signing parties).
    """

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(max_length=40)
    #: Tells apart the documents of a kind a program holds several of (one SME MOU per
    #: subject-matter expert: ``member-<membership id>``); empty for a kind held once.
    key = models.CharField(max_length=60, blank=True, default="")
    #: The member the document is about (the SME of an MOU); kept as a record if they leave.
    subject = models.ForeignKey(
        Membership, null=True, blank=True, on_delete=models.SET_NULL, related_name="documents"
    )
    title = models.CharField(max_length=200)
    owning_party = models.CharField(max_length=16, choices=OwningParty.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    policy_program_field: ClassVar[str] = "program"
    policy_owning_party_field: ClassVar[str] = "owning_party"

    class Meta:
        ordering = ["program", "kind", "key"]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "kind", "key"], name="one_document_per_kind_and_key"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.program.code})"

    def get_absolute_url(self) -> str:
        return self.definition.document_url(self)

    @property
    def definition(self) -> DocumentKind:
        from ..documents import document_kind

        return document_kind(self.kind)

    @property
    def signing_parties(self) -> tuple[str, ...]:
        """A signatory of each of these parties signs before a version is approved: the
        parties that own the document (none for the independent party's: its named author
        signs)."""
        return OwningParty(self.owning_party).signing_parties


class NamedSigner(models.Model):
    """A person a document names as a signer besides a signatory of each owning party (the
    SME and the other party's Program Manager of an MOU): every one of them signs before a
    version is approved, and nobody else signs in their place."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="named_signers")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    capacity = models.CharField(
        max_length=120, help_text="Why they sign, e.g. “Subject-matter expert”."
    )
    position = models.PositiveSmallIntegerField(default=0)

    policy_program_field: ClassVar[str] = "document__program"
    policy_owning_party_field: ClassVar[str] = "document__owning_party"

    class Meta:
        ordering = ["document", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["document", "user"], name="one_naming_per_signer"),
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.capacity}) on {self.document}"


class DocumentVersion(models.Model):
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    status = models.CharField(
        max_length=16, choices=DocumentStatus.choices, default=DocumentStatus.DRAFT
    )
    reason = models.CharField(max_length=20, choices=VersionReason.choices, blank=True)
    reason_text = models.TextField("reason", blank=True)
    phase = models.IntegerField(
        "M3 phase", choices=M3Phase.choices, help_text="The program's phase when it was made."
    )
    content: models.JSONField[Any, Any] = models.JSONField(default=dict)
    revision = models.PositiveIntegerField(
        default=1, help_text="Incremented by every save; a save from an older revision is stale."
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    approved_at = models.DateTimeField(null=True, blank=True)

    policy_program_field: ClassVar[str] = "document__program"
    policy_owning_party_field: ClassVar[str] = "document__owning_party"

    class Meta:
        ordering = ["document", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["document", "number"], name="version_number_unique"),
            models.UniqueConstraint(
                fields=["document"],
                condition=Q(status__in=[DocumentStatus.DRAFT, DocumentStatus.IN_REVIEW]),
                name="one_open_version_per_document",
                violation_error_message="The document already has a version in draft or review.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.document.title} v{self.number} ({self.get_status_display()})"

    def get_absolute_url(self) -> str:
        return self.document.definition.version_url(self)

    @property
    def is_editable(self) -> bool:
        return self.status in (DocumentStatus.DRAFT, DocumentStatus.IN_REVIEW)

    @property
    def is_approved(self) -> bool:
        return self.status == DocumentStatus.APPROVED


class Signature(models.Model):
    version = models.ForeignKey(
        DocumentVersion, on_delete=models.CASCADE, related_name="signatures"
    )
    signer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="signatures"
    )
    party = models.CharField(max_length=16, choices=Party.choices)
    role = models.CharField(max_length=32, choices=Role.choices)
    signed_at = models.DateTimeField()
    content_sha256 = models.CharField("SHA-256 of the content signed", max_length=64)
    #: Signed as a person the document names (``NamedSigner``), not as a party's signatory.
    named = models.BooleanField(default=False)
    voided_at = models.DateTimeField(null=True, blank=True)
    # Room for a return to draft's reason (up to 1,000 characters) after its prefix.
    void_reason = models.CharField(max_length=1100, blank=True)

    policy_program_field: ClassVar[str] = "version__document__program"
    policy_owning_party_field: ClassVar[str] = "version__document__owning_party"

    class Meta:
        ordering = ["signed_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "signer"],
                condition=Q(voided_at__isnull=True),
                name="one_valid_signature_per_signer",
                violation_error_message="This person has already signed this version.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.signer} for the {self.get_party_display()} on {self.signed_at:%Y-%m-%d}"

    @property
    def is_valid(self) -> bool:
        return self.voided_at is None
