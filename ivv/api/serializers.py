"""Serializers of the IV&V findings API: findings as clients read them, and the payloads of
filing and of each action (shapes only: the services check the rules)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from pmo_portal.api import enum_field
from programs import limits
from programs.api.serializers import (
    REGISTER_HISTORY_FIELDS,
    MemberSummarySerializer,
    ProgramMemberField,
)
from programs.choices import Party

from ..choices import (
    AnsweringParty,
    ConcernsKind,
    FindingCategory,
    FindingResponse,
    FindingSource,
    FindingStatus,
    IntegrityLevel,
    Severity,
)
from ..models import Finding, FindingHistory
from ..selectors import overdue_text
from ..services import Concerns


class ConcernsSerializer(serializers.Serializer):
    kind = enum_field(ConcernsKind, help_text="What kind of item of the portal.")
    id = serializers.IntegerField(min_value=1, max_value=limits.MAX_WHOLE_NUMBER)


class FindingSerializer(serializers.ModelSerializer[Finding]):
    reference = serializers.CharField(read_only=True, help_text="IVV-003.")
    status = enum_field(FindingStatus, read_only=True)
    source = enum_field(FindingSource, read_only=True)  # type: ignore[assignment]
    category = enum_field(FindingCategory, read_only=True)
    severity = enum_field(Severity, read_only=True)
    integrity_level = enum_field(IntegrityLevel, read_only=True)
    answering_party = enum_field(AnsweringParty, read_only=True)
    response = enum_field(FindingResponse, read_only=True, allow_null=True)
    action_owner = MemberSummarySerializer(read_only=True, allow_null=True)
    concerns_link = serializers.SerializerMethodField()
    answer_overdue = serializers.BooleanField(read_only=True)
    action_overdue = serializers.BooleanField(read_only=True)
    overdue = serializers.SerializerMethodField(help_text="The flags in words; empty if none.")

    class Meta:
        model = Finding
        fields = [
            "number",
            "reference",
            "status",
            "title",
            "raised_on",
            "source",
            "category",
            "severity",
            "integrity_level",
            "description",
            "impact",
            "recommendation",
            "concerns",
            "concerns_link",
            "answering_party",
            "response_due",
            "response",
            "response_rationale",
            "corrective_action",
            "action_owner",
            "action_target",
            "answered_on",
            "closure_note",
            "risk_rationale",
            "escalated_at",
            "closed_on",
            "answer_overdue",
            "action_overdue",
            "overdue",
            "revision",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    @extend_schema_field(ConcernsSerializer(allow_null=True))
    def get_concerns_link(self, finding: Finding) -> Any:
        if finding.concerns_type_id is None:
            return None
        ct = finding.concerns_type
        assert ct is not None
        return {"kind": f"{ct.app_label}.{ct.model}", "id": finding.concerns_id}

    def get_overdue(self, finding: Finding) -> str:
        return overdue_text(finding)


class FindingWriteSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=limits.MAX_TITLE_LENGTH)
    raised_on = serializers.DateField(
        validators=limits.date_validators(),
        help_text=limits.date_help("Not in the future; within the program's range."),
    )
    source = enum_field(FindingSource)  # type: ignore[assignment]
    category = enum_field(FindingCategory)
    severity = enum_field(Severity)
    integrity_level = enum_field(IntegrityLevel)
    answering_party = enum_field(AnsweringParty)
    description = serializers.CharField(max_length=limits.MAX_TEXT_LENGTH)
    impact = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=limits.MAX_TEXT_LENGTH
    )
    recommendation = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=limits.MAX_TEXT_LENGTH
    )
    concerns = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=limits.MAX_TITLE_LENGTH
    )
    concerns_link = ConcernsSerializer(
        required=False, allow_null=True, default=None, help_text="An item of the program."
    )

    def values(self) -> dict[str, Any]:
        data = dict(self.validated_data)
        link = data.pop("concerns_link")
        data["concerns_link"] = Concerns(link["kind"], link["id"]) if link else None
        return data


class AnswerSerializer(serializers.Serializer):
    response = enum_field(FindingResponse)
    rationale = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=limits.MAX_TEXT_LENGTH
    )
    corrective_action = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=limits.MAX_TEXT_LENGTH
    )
    action_owner = ProgramMemberField(
        required=False, allow_null=True, default=None, help_text="A membership id."
    )
    action_target = serializers.DateField(
        required=False,
        allow_null=True,
        default=None,
        validators=limits.date_validators(),
        help_text=limits.date_help(),
    )


class EvidenceSerializer(serializers.Serializer):
    evidence = serializers.CharField(max_length=limits.MAX_TEXT_LENGTH)


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=limits.MAX_TEXT_LENGTH)


class NoteSerializer(serializers.Serializer):
    note = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=limits.MAX_TEXT_LENGTH
    )


class FindingHistorySerializer(serializers.ModelSerializer[FindingHistory]):
    from_status = enum_field(FindingStatus, read_only=True)
    to_status = enum_field(FindingStatus, read_only=True)
    actor_party = enum_field(Party, read_only=True, allow_null=True)

    class Meta:
        model = FindingHistory
        fields = REGISTER_HISTORY_FIELDS
        read_only_fields = fields
