"""Status reports in the API: a report's summary in lists, the whole report with its frozen
snapshot, and what the writes take."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from pmo_portal.api import enum_field

from ..choices import AreaStatus, StatusReportStatus
from ..models import StatusReport
from ..sections.base import snapshot_for, without_dollars
from ..services.lifecycle import COMMENT_LIMIT, CORRECTION_LIMIT, NARRATIVE_LIMIT


class StatusReportSummarySerializer(serializers.ModelSerializer[StatusReport]):
    status = enum_field(StatusReportStatus)
    period_label = serializers.CharField()
    overall_status = serializers.SerializerMethodField(help_text="The worst area's status.")
    rating = serializers.IntegerField(
        allow_null=True, help_text="The customer's rating once set, else the proposed one."
    )
    rating_label = serializers.CharField(
        help_text='As the IT Dashboard spells it: "3 - Medium Risk".'
    )
    page_url = serializers.SerializerMethodField()

    class Meta:
        model = StatusReport
        fields = [
            "id",
            "period_start",
            "period_end",
            "period_label",
            "revision",
            "status",
            "due_on",
            "overall_status",
            "proposed_rating",
            "confirmed_rating",
            "rating",
            "rating_label",
            "built_at",
            "released_at",
            "sha256",
            "page_url",
        ]

    @extend_schema_field(enum_field(AreaStatus))
    def get_overall_status(self, report: StatusReport) -> str:
        return report.overall_status or AreaStatus.NOT_RATED

    @extend_schema_field(serializers.CharField())
    def get_page_url(self, report: StatusReport) -> str:
        return report.get_absolute_url()


class StatusReportSerializer(StatusReportSummarySerializer):
    snapshot = serializers.JSONField(
        help_text="Every section as built (schema_version says its layout): period, areas with "
        "their indicators, overall, rating with its reasons, sections, changes, and (from "
        "version 2) history: the earlier reports' ratings and statuses, oldest first."
    )
    rating_reasons = serializers.ListField(child=serializers.CharField())
    customer_approved_at = serializers.DateTimeField(allow_null=True)
    provider_approved_at = serializers.DateTimeField(allow_null=True)

    class Meta(StatusReportSummarySerializer.Meta):
        fields = [
            *StatusReportSummarySerializer.Meta.fields,
            "schema_version",
            "rating_reasons",
            "rating_comment",
            "accomplishments_customer",
            "accomplishments_provider",
            "next_period",
            "decisions_needed",
            "customer_approved_at",
            "provider_approved_at",
            "correction_reason",
            "snapshot",
        ]

    def to_representation(self, instance: StatusReport) -> dict[str, Any]:
        """Dollar figures only for whoever may see the program's costs (the view says so in
        the context as ``shows_costs``; without it, they are left out)."""
        data = super().to_representation(instance)
        if not self.context.get("shows_costs", False):
            data["snapshot"] = snapshot_for(data["snapshot"], shows_costs=False)
            data["rating_reasons"] = [without_dollars(r) for r in data["rating_reasons"]]
        return data


class BuildSerializer(serializers.Serializer):
    period = serializers.DateField(
        help_text="The first day of the period to build (a month by default); it must have "
        "started. Its draft is built or rebuilt; a released report is never rebuilt."
    )


class NarrativesSerializer(serializers.Serializer):
    accomplishments_customer = serializers.CharField(
        required=False, allow_blank=True, max_length=NARRATIVE_LIMIT
    )
    accomplishments_provider = serializers.CharField(
        required=False, allow_blank=True, max_length=NARRATIVE_LIMIT
    )
    next_period = serializers.CharField(
        required=False, allow_blank=True, max_length=NARRATIVE_LIMIT
    )
    decisions_needed = serializers.CharField(
        required=False, allow_blank=True, max_length=NARRATIVE_LIMIT
    )

    def values(self) -> dict[str, Any]:
        return dict(self.validated_data)


class RatingSerializer(serializers.Serializer):
    rating = serializers.IntegerField(min_value=1, max_value=5)
    comment = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=COMMENT_LIMIT,
        help_text="Required when the rating differs from the proposed one.",
    )


class CorrectionSerializer(serializers.Serializer):
    reason = serializers.CharField(
        allow_blank=True,
        max_length=CORRECTION_LIMIT,
        help_text="What the released report got wrong; required.",
    )
