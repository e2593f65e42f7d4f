"""Serializers of the provider-metrics API: submissions as clients read them, and the
payloads of submitting one or many, uploading a file, validating and rejecting (shapes only:
the services check the rules)."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from pmo_portal.api import enum_field
from programs import limits
from programs.api.serializers import ProgramMemberField

from ..choices import MetricStatus
from ..models import MetricSubmission
from ..services.metric_checks import MAX_SOURCE_LENGTH


def _count() -> serializers.IntegerField:
    return serializers.IntegerField(
        required=False, allow_null=True, min_value=0, max_value=limits.MAX_WHOLE_NUMBER
    )


class MetricSubmissionSerializer(serializers.ModelSerializer[MetricSubmission]):
    status = enum_field(MetricStatus, read_only=True)
    status_text = serializers.CharField(
        source="get_status_display", read_only=True, help_text='"Submitted: awaiting validation".'
    )
    record_id = serializers.IntegerField(
        source="record.pk",
        read_only=True,
        allow_null=True,
        default=None,
        help_text="The surveillance record it was validated into.",
    )

    class Meta:
        model = MetricSubmission
        fields = [
            "id",
            "standard_code",
            "period",
            "population",
            "sample_size",
            "defects",
            "measured_value",
            "source",
            "notes",
            "status",
            "status_text",
            "submitted_by_name",
            "submitted_at",
            "file_name",
            "reviewed_by_name",
            "reviewed_at",
            "rejection_reason",
            "record_id",
        ]
        read_only_fields = fields


class MetricValuesSerializer(serializers.Serializer):
    """One standard's figures for one period. Sampling methods: population, sample_size,
    defects; the others: measured_value."""

    standard_code = serializers.CharField(max_length=20, help_text="PS-1.")
    period = serializers.DateField(
        help_text="The first day of the month or quarter reported.",
        validators=limits.date_validators(),
    )
    population = _count()
    sample_size = _count()
    defects = _count()
    measured_value = serializers.DecimalField(
        max_digits=12, decimal_places=4, required=False, allow_null=True
    )
    source = serializers.CharField(  # type: ignore[assignment]  # the API field "source"
        required=False, allow_blank=True, default="", max_length=MAX_SOURCE_LENGTH
    )
    notes = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=limits.MAX_TEXT_LENGTH
    )

    def values(self) -> dict[str, Any]:
        return dict(self.validated_data)


class MetricBatchSerializer(serializers.Serializer):
    submissions = MetricValuesSerializer(
        many=True, help_text="Submitted all or nothing; a problem names its row (1 is the first)."
    )


class MetricFileSerializer(serializers.Serializer):
    file = serializers.FileField(
        help_text="An Excel workbook (.xlsx) or CSV file: columns Standard, Period, "
        "Population, Sample size, Defects, Measured value, Source, Notes, in any order."
    )


class MetricValidateSerializer(serializers.Serializer):
    evaluator = ProgramMemberField(help_text="A customer membership id (the COR or another).")
    recorded_on = serializers.DateField(validators=limits.date_validators())
    notes = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=limits.MAX_TEXT_LENGTH
    )


class MetricRejectSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=limits.MAX_TEXT_LENGTH)
