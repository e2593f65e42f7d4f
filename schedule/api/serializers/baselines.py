"""Serializers of baselines: their frozen tasks and their sign-off as a version of the program's
IMS baseline document."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from pmo_portal.api import enum_field
from programs.api.serializers import SignatureSerializer
from programs.choices import DocumentStatus, Party
from programs.services.documents import version_sha256
from schedule import limits
from schedule.models import Baseline, BaselineTask

from .common import days


class BaselineSummarySerializer(serializers.ModelSerializer[Baseline]):
    status = enum_field(
        DocumentStatus,
        read_only=True,
        help_text="Its sign-off: draft until proposed, in review, approved (agreed) or superseded.",
    )
    is_agreed = serializers.BooleanField(read_only=True)
    version_number = serializers.IntegerField(
        source="version.number",
        read_only=True,
        allow_null=True,
        help_text="Its version of the program's IMS baseline document, once proposed.",
    )
    created_by = serializers.CharField(source="created_by.username", read_only=True)

    class Meta:
        model = Baseline
        fields = [
            "number",
            "name",
            "description",
            "start",
            "finish",
            "schedule_revision",
            "status",
            "is_agreed",
            "version_number",
            "created_by",
            "created_at",
        ]
        read_only_fields = fields


class BaselineTaskSerializer(serializers.ModelSerializer[BaselineTask]):
    duration_days = serializers.SerializerMethodField()

    class Meta:
        model = BaselineTask
        fields = [
            "uid",
            "wbs",
            "name",
            "is_summary",
            "is_milestone",
            "start",
            "finish",
            "duration_days",
        ]
        read_only_fields = fields

    def get_duration_days(self, row: BaselineTask) -> float:
        return days(self.context["schedule"], row.duration) or 0.0


class BaselineSerializer(BaselineSummarySerializer):
    content_sha256 = serializers.SerializerMethodField(
        help_text="Once proposed: the SHA-256 its signatories sign. Pass it when signing."
    )
    signatures = serializers.SerializerMethodField(help_text="Every signature, oldest first.")
    awaiting_parties = serializers.SerializerMethodField(
        help_text="While in review: the parties whose signatory has not signed yet."
    )
    tasks = serializers.SerializerMethodField(help_text="The frozen tasks, in outline order.")

    class Meta(BaselineSummarySerializer.Meta):
        fields = [
            *BaselineSummarySerializer.Meta.fields,
            "content_sha256",
            "signatures",
            "awaiting_parties",
            "tasks",
        ]
        read_only_fields = fields

    def get_content_sha256(self, baseline: Baseline) -> str | None:
        return version_sha256(baseline.version) if baseline.version else None

    @extend_schema_field(SignatureSerializer(many=True))
    def get_signatures(self, baseline: Baseline) -> Any:
        if baseline.version is None:
            return []
        context = {**self.context, "current_sha256": version_sha256(baseline.version)}
        return SignatureSerializer(
            baseline.version.signatures.all(), many=True, context=context
        ).data

    @extend_schema_field(serializers.ListField(child=enum_field(Party)))
    def get_awaiting_parties(self, baseline: Baseline) -> list[str]:
        version = baseline.version
        if version is None or version.status != DocumentStatus.IN_REVIEW:
            return []
        signed = {s.party for s in version.signatures.all() if s.is_valid}
        return [p for p in version.document.signing_parties if p not in signed]

    @extend_schema_field(BaselineTaskSerializer(many=True))
    def get_tasks(self, baseline: Baseline) -> Any:
        rows: list[BaselineTask] = self.context["baseline_tasks"]
        return BaselineTaskSerializer(rows, many=True, context=self.context).data


class BaselineCreateSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=limits.MAX_TITLE_LENGTH)
    description = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=limits.MAX_TEXT_LENGTH
    )


class BaselineSignSerializer(serializers.Serializer):
    content_sha256 = serializers.CharField(
        required=False,
        max_length=64,
        help_text="The `content_sha256` of the baseline you read; if it changed since, the "
        "signature is refused (`stale_version`).",
    )
