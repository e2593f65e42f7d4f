"""Serializers of the versioned document API: a document, its versions with their
signatures and signing requirements, and the payloads of the version actions. Content is
checked by the kind's definition in the services (``invalid_content`` with the exact place),
not here; ``kind_serializers`` gives a kind the serializers whose schema shows its content."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import User
from django.db import models
from drf_spectacular.utils import extend_schema_field, extend_schema_serializer
from rest_framework import serializers

from pmo_portal.api import enum_field
from programs.api.serializers import SignatureSerializer
from programs.choices import (
    DiffOp,
    DocumentStatus,
    M3Phase,
    OwningParty,
    PartStatus,
    Party,
    Role,
    VersionReason,
)
from programs.documents import DocumentKind, ValueType
from programs.limits import MAX_TEXT_LENGTH
from programs.models import Document, DocumentVersion
from programs.services.documents import (
    RETURN_REASON_MAX_LENGTH,
    signing_requirements,
    version_sha256,
)

_VALUE_SCHEMAS: dict[ValueType, dict[str, Any]] = {
    "text": {"type": "string"},
    "date": {"type": "string", "format": "date"},
    "decimal": {"type": "string", "format": "decimal", "pattern": r"^\d+(\.\d{1,2})?$"},
    "money": {"type": "string", "format": "decimal", "pattern": r"^\d+(\.\d{1,2})?$"},
    "integer": {"type": "integer"},
    "choice": {"type": "string"},
}


def content_schema(kind: DocumentKind) -> dict[str, Any]:
    """The OpenAPI schema of a document kind's content, from its definition."""

    def value(
        kind_: ValueType, title: str, nullable: bool, choices: tuple[tuple[str, str], ...] = ()
    ) -> dict[str, Any]:
        schema = {**_VALUE_SCHEMAS[kind_], "description": title}
        if choices:
            labels = ", ".join(f"`{v}` ({label})" for v, label in choices)
            schema["enum"] = [v for v, _ in choices] + ([None] if nullable else [])
            schema["description"] = f"{title}: one of {labels}."
        if nullable:
            schema["type"] = [schema["type"], "null"]
        return schema

    return {
        "type": "object",
        "description": f"The content of a {kind.name} version. A save replaces the whole "
        "content: parts left out are saved empty. `stakeholders` is frozen by the portal when "
        "the version goes into review and cannot be edited; so is `frozen`, the live data "
        "the kind takes in at review (the RACI matrix of a Resource Management Plan).",
        "properties": {
            "sections": {
                "type": "object",
                "description": "Section key to Markdown text.",
                "additionalProperties": False,
                "properties": {
                    s.key: {
                        "type": "string",
                        "description": s.title + ("" if s.required else " (optional)"),
                    }
                    for s in kind.sections
                },
            },
            "fields": {
                "type": "object",
                "additionalProperties": False,
                "properties": {f.key: value(f.type, f.title, True, f.choices) for f in kind.fields},
            },
            "tables": {
                "type": "object",
                "additionalProperties": False,
                "properties": {
                    t.key: {
                        "type": "array",
                        "description": t.title,
                        "items": {
                            "type": "object",
                            "additionalProperties": False,
                            "required": [c.key for c in t.columns if c.required],
                            "properties": {
                                c.key: value(c.type, c.title, not c.required, c.choices)
                                for c in t.columns
                            },
                        },
                    }
                    for t in kind.tables
                },
            },
            "frozen": {
                "type": "object",
                "readOnly": True,
                "description": "Part key to the live data frozen at review.",
                "additionalProperties": True,
            },
            "stakeholders": {
                "type": "array",
                "readOnly": True,
                "items": {
                    "type": "object",
                    "properties": {
                        "name": {"type": "string"},
                        "username": {"type": "string"},
                        "party": {"type": "string", "enum": list(Party.values)},
                        "party_label": {"type": "string"},
                        "role": {"type": "string", "enum": list(Role.values)},
                        "role_label": {"type": "string"},
                        "is_signatory": {"type": "boolean"},
                    },
                },
            },
        },
    }


class ContentField(serializers.JSONField):
    """Any JSON: the kind's definition checks it, naming the exact place of an error."""


# -- reading ---------------------------------------------------------------------------


class VersionSummarySerializer(serializers.ModelSerializer[DocumentVersion]):
    status = enum_field(DocumentStatus, read_only=True)
    reason = enum_field(
        VersionReason,
        read_only=True,
        allow_null=True,
        help_text="Why the version was made (null for the first version).",
    )
    phase = enum_field(M3Phase, read_only=True, help_text="The program's phase when it was made.")
    created_by = serializers.CharField(
        source="created_by.username", read_only=True, allow_null=True
    )

    class Meta:
        model = DocumentVersion
        fields = [
            "number",
            "status",
            "reason",
            "reason_text",
            "phase",
            "revision",
            "created_by",
            "created_at",
            "updated_at",
            "submitted_at",
            "approved_at",
        ]
        read_only_fields = fields


class SigningRequirementSerializer(serializers.Serializer):
    """One signature a version needs (``signing_requirements``) and the valid one that meets
    it."""

    # A field named like Field.label: DRF's metaclass takes it out of the class attributes.
    label = serializers.CharField(  # type: ignore[assignment]
        help_text="“Customer signatory”, “SME: Jane Doe”, ..."
    )
    party = serializers.CharField(
        allow_null=True, help_text="The party that signs (`customer`, `provider`...), if one does."
    )
    user = serializers.CharField(
        allow_null=True, help_text="The username of the person who must sign, if one must."
    )
    met = serializers.BooleanField()
    signed_by = serializers.CharField(allow_null=True)
    signed_at = serializers.DateTimeField(allow_null=True)

    def to_representation(self, instance: Any) -> dict[str, Any]:
        signature = instance.signature
        return {
            "label": instance.label,
            "party": instance.party,
            "user": self.context.get("usernames", {}).get(instance.user_id),
            "met": instance.met,
            "signed_by": signature.signer.get_username() if signature else None,
            "signed_at": self.fields["signed_at"].to_representation(signature.signed_at)
            if signature
            else None,
        }


class VersionSerializer(VersionSummarySerializer):
    content = ContentField(read_only=True)
    content_sha256 = serializers.SerializerMethodField(
        help_text="SHA-256 of the program, document, version number and content: what a "
        "signature approves. Pass it when signing to be sure you sign what you read."
    )
    is_editable = serializers.BooleanField(read_only=True)
    updated_by = serializers.CharField(
        source="updated_by.username", read_only=True, allow_null=True
    )
    signatures = serializers.SerializerMethodField(
        help_text="Every signature, valid or voided, oldest first."
    )
    awaiting_parties = serializers.SerializerMethodField(
        help_text="While in review: the parties whose signatory has not signed yet."
    )
    signing_requirements = serializers.SerializerMethodField(
        help_text="Each signature the version needs before it is approved, and the valid "
        "signature that meets it."
    )

    class Meta(VersionSummarySerializer.Meta):
        fields = [
            *VersionSummarySerializer.Meta.fields,
            "content",
            "content_sha256",
            "is_editable",
            "updated_by",
            "signatures",
            "awaiting_parties",
            "signing_requirements",
        ]
        read_only_fields = fields

    def get_content_sha256(self, version: DocumentVersion) -> str:
        return version_sha256(version)

    @extend_schema_field(SignatureSerializer(many=True))
    def get_signatures(self, version: DocumentVersion) -> Any:
        context = {**self.context, "current_sha256": version_sha256(version)}
        return SignatureSerializer(version.signatures.all(), many=True, context=context).data

    @extend_schema_field(SigningRequirementSerializer(many=True))
    def get_signing_requirements(self, version: DocumentVersion) -> Any:
        requirements = signing_requirements(version)
        ids = {r.user_id for r in requirements if r.user_id is not None}
        usernames = (
            dict(User.objects.filter(pk__in=ids).values_list("pk", "username")) if ids else {}
        )
        context = {**self.context, "usernames": usernames}
        return SigningRequirementSerializer(requirements, many=True, context=context).data

    @extend_schema_field(serializers.ListField(child=enum_field(Party)))
    def get_awaiting_parties(self, version: DocumentVersion) -> list[str]:
        if version.status != DocumentStatus.IN_REVIEW:
            return []
        signed = {s.party for s in version.signatures.all() if s.is_valid and not s.named}
        return [p for p in version.document.signing_parties if p not in signed]


class DocumentSerializer(serializers.ModelSerializer[Document]):
    program = serializers.CharField(source="program.code", read_only=True)
    owning_party = enum_field(OwningParty, read_only=True)
    signing_parties = serializers.SerializerMethodField(
        help_text="A signatory of each of these parties signs a version before it is approved."
    )
    current_version = serializers.SerializerMethodField(
        help_text="The number of the approved version in force, if any."
    )
    open_version = serializers.SerializerMethodField(
        help_text="The number of the version in draft or in review, if any."
    )
    versions = VersionSummarySerializer(many=True, read_only=True, help_text="Newest first.")

    class Meta:
        model = Document
        fields = [
            "program",
            "title",
            "owning_party",
            "signing_parties",
            "created_at",
            "current_version",
            "open_version",
            "versions",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.ListField(child=enum_field(Party)))
    def get_signing_parties(self, document: Document) -> list[str]:
        return list(document.signing_parties)

    def _first(self, document: Document, statuses: tuple[str, ...]) -> int | None:
        return next((v.number for v in document.versions.all() if v.status in statuses), None)

    def get_current_version(self, document: Document) -> int | None:
        return self._first(document, (DocumentStatus.APPROVED,))

    def get_open_version(self, document: Document) -> int | None:
        return self._first(document, (DocumentStatus.DRAFT, DocumentStatus.IN_REVIEW))


# -- comparing -------------------------------------------------------------------------


class DiffRunSerializer(serializers.Serializer):
    op = enum_field(DiffOp)
    text = serializers.CharField(trim_whitespace=False)

    def to_representation(self, instance: Any) -> dict[str, Any]:
        op, text = instance
        return {"op": op, "text": text}


class PartComparisonSerializer(serializers.Serializer):
    key = serializers.CharField(help_text="`sections.<key>`, `fields.<key>`, `tables.<key>`…")
    title = serializers.CharField()
    status = enum_field(PartStatus)
    old = serializers.CharField(help_text="The part in version `a`, as text.")
    new = serializers.CharField(help_text="The part in version `b`, as text.")
    ops = DiffRunSerializer(many=True, help_text="Word-level differences, in order.")


class ComparisonSerializer(serializers.Serializer):
    a = serializers.IntegerField(help_text="The older side's version number.")
    b = serializers.IntegerField(help_text="The newer side's version number.")
    parts = PartComparisonSerializer(many=True)


# The largest version number the database holds (PositiveIntegerField on every backend): a
# larger one is refused as invalid rather than overflowing the query.
VERSION_NUMBER_MAX = 2_147_483_647


class CompareQuerySerializer(serializers.Serializer):
    a = serializers.IntegerField(
        min_value=1, max_value=VERSION_NUMBER_MAX, help_text="A version number."
    )
    b = serializers.IntegerField(
        min_value=1, max_value=VERSION_NUMBER_MAX, help_text="Another version number."
    )


# -- writing ---------------------------------------------------------------------------


class DocumentCreateSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200, required=False)
    content = ContentField(required=False, help_text="The first draft's content.")


class VersionCreateSerializer(serializers.Serializer):
    reason = enum_field(
        VersionReason,
        required=False,
        allow_blank=True,
        help_text="Why a new version: a scope or timeline change, or another reason.",
    )
    reason_text = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=MAX_TEXT_LENGTH,
        help_text="What changed and why.",
    )


class VersionContentSerializer(serializers.Serializer):
    content = ContentField()
    revision = serializers.IntegerField(
        min_value=1,
        help_text="The revision the edit started from; if someone saved since, the save is "
        "refused with 409 `stale_version`.",
    )


class ReturnToDraftSerializer(serializers.Serializer):
    reason = serializers.CharField(
        required=False,
        default="",
        allow_blank=True,
        max_length=RETURN_REASON_MAX_LENGTH,
        help_text="Why the version goes back to draft. Required when it carries signatures "
        "(which it voids; only a Program Manager or PMO Lead of an owning party may); the "
        "signers are emailed it.",
    )


class SignSerializer(serializers.Serializer):
    content_sha256 = serializers.CharField(
        required=False,
        max_length=64,
        help_text="The `content_sha256` of the version you read; if it changed since, the "
        "signature is refused (`stale_version`).",
    )


class ExportFormat(models.TextChoices):
    PDF = "pdf", "PDF"
    XLSX = "xlsx", "Excel workbook"


class ExportQuerySerializer(serializers.Serializer):
    format = enum_field(ExportFormat)


# -- one kind's serializers ----------------------------------------------------------------


@dataclass(frozen=True)
class KindSerializers:
    """The serializers whose schema shows one kind's content, under its own component names."""

    document: type[DocumentSerializer]
    create: type[DocumentCreateSerializer]
    version: type[VersionSerializer]


def kind_serializers(
    kind: DocumentKind, *, schema_name: str, version_schema_name: str
) -> KindSerializers:
    """Serializers of ``kind``: components ``<schema_name>``, ``<schema_name>Create``,
    ``<schema_name>Content`` and ``<version_schema_name>``."""

    @extend_schema_field(content_schema(kind), component_name=f"{schema_name}Content")
    class KindContentField(ContentField):
        pass

    @extend_schema_serializer(component_name=schema_name)
    class KindDocumentSerializer(DocumentSerializer):
        pass

    @extend_schema_serializer(component_name=f"{schema_name}Create")
    class KindCreateSerializer(DocumentCreateSerializer):
        title = serializers.CharField(
            max_length=200, required=False, help_text=f"Defaults to “{kind.name}”."
        )
        content = KindContentField(required=False, help_text="The first draft's content.")

    @extend_schema_serializer(component_name=version_schema_name)
    class KindVersionSerializer(VersionSerializer):
        content = KindContentField(read_only=True)

    return KindSerializers(
        document=KindDocumentSerializer, create=KindCreateSerializer, version=KindVersionSerializer
    )
