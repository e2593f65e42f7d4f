"""Serializers of the surveillance API: records as clients read them, and the payloads of
recording, correcting and rebutting (shapes only: the services check the rules)."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from pmo_portal.api import enum_field
from programs import limits
from programs.api.serializers import MemberSummarySerializer, ProgramMemberField

from ..choices import AqlDirection, SurveillanceMethod
from ..models import SurveillanceRecord


def _count() -> serializers.IntegerField:
    return serializers.IntegerField(
        required=False, allow_null=True, min_value=0, max_value=limits.MAX_WHOLE_NUMBER
    )


class SurveillanceRecordSerializer(serializers.ModelSerializer[SurveillanceRecord]):
    direction = enum_field(AqlDirection, read_only=True)
    method = enum_field(SurveillanceMethod, read_only=True)
    evaluator = MemberSummarySerializer(read_only=True)
    aql_text = serializers.CharField(read_only=True, help_text='"At least 99.5 %".')
    verdict = serializers.CharField(
        source="verdict_text", read_only=True, help_text='"Acceptable" or "Not acceptable".'
    )

    class Meta:
        model = SurveillanceRecord
        fields = [
            "id",
            "standard_code",
            "standard_text",
            "aql",
            "direction",
            "unit",
            "aql_text",
            "period",
            "method",
            "population",
            "sample_size",
            "defects",
            "measured_value",
            "observed_value",
            "acceptable",
            "verdict",
            "evaluator",
            "recorded_on",
            "notes",
            "rebuttal_due",
            "rebuttal",
            "rebutted_by_name",
            "rebutted_at",
        ]
        read_only_fields = fields


class ObservationSerializer(serializers.Serializer):
    """What a record observed. Sampling methods: population, sample_size, defects; the
    others: measured_value."""

    population = _count()
    sample_size = _count()
    defects = _count()
    measured_value = serializers.DecimalField(
        max_digits=12, decimal_places=4, required=False, allow_null=True
    )
    evaluator = ProgramMemberField(help_text="A customer membership id (the COR or another).")
    recorded_on = serializers.DateField(validators=limits.date_validators())
    notes = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=limits.MAX_TEXT_LENGTH
    )

    def values(self) -> dict[str, Any]:
        return dict(self.validated_data)


class RecordCreateSerializer(ObservationSerializer):
    standard_code = serializers.CharField(max_length=20, help_text="PS-1.")
    period = serializers.DateField(
        help_text="The first day of the month or quarter surveilled.",
        validators=limits.date_validators(),
    )


class RebuttalSerializer(serializers.Serializer):
    rebuttal = serializers.CharField(max_length=limits.MAX_TEXT_LENGTH)


class SurveillancePeriodSerializer(serializers.Serializer):
    period = serializers.DateField()
    period_label = serializers.CharField(
        source="label",
        help_text='"March 2026", "Q2 FY2026 (January to March 2026)".',
    )
    status = serializers.ChoiceField(
        choices=["Acceptable", "Not acceptable", "Due", "Overdue", "Not yet due"]
    )
    due_by = serializers.DateField(help_text="Overdue after this day.")
    record_id = serializers.IntegerField(source="record.pk", allow_null=True, default=None)


class SurveillanceStandardSerializer(serializers.Serializer):
    code = serializers.CharField(source="standard.code")
    standard = serializers.CharField(source="standard.standard")
    aql_text = serializers.CharField(source="standard.aql_text")
    frequency = serializers.CharField(source="standard.frequency")
    method = serializers.CharField(source="standard.method")
    periods = SurveillancePeriodSerializer(source="cells", many=True)


class SurveillanceScheduleSerializer(serializers.Serializer):
    version_number = serializers.IntegerField(
        allow_null=True, help_text="The approved QASP version; null before one is approved."
    )
    period_start = serializers.DateField(allow_null=True)
    period_end = serializers.DateField(allow_null=True)
    standards = SurveillanceStandardSerializer(source="rows", many=True)
