"""Serializers of the performance evaluation API: evaluations as clients read them (each
area's proposal with its reasons beside the rating), and the payloads of creating, rating
and commenting (shapes only: the services check the rules)."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from pmo_portal.api import enum_field
from programs import limits
from programs.api.serializers import MemberSummarySerializer, ProgramMemberField

from ..choices import EvaluationKind, EvaluationStatus, Rating
from ..evaluation_periods import period_text
from ..models import EvaluationRating, PerformanceEvaluation


def _text(required: bool = False) -> serializers.CharField:
    return serializers.CharField(
        required=required,
        allow_blank=not required,
        default="" if not required else serializers.empty,
        max_length=limits.MAX_TEXT_LENGTH,
    )


def _rating(text: str) -> serializers.IntegerField:
    return serializers.IntegerField(
        read_only=True,
        allow_null=True,
        help_text=f"{text} 5 Exceptional, 4 Very good, 3 Satisfactory, 2 Marginal, "
        "1 Unsatisfactory (FAR 42.1503 Table 42-1).",
    )


class EvaluationRatingSerializer(serializers.ModelSerializer[EvaluationRating]):
    proposed = _rating("The portal's proposal, or null where the period holds no evidence.")
    proposed_text = serializers.SerializerMethodField(help_text='"Satisfactory", or null.')
    proposal_reasons = serializers.ListField(
        child=serializers.CharField(), read_only=True, help_text="Why, one sentence each."
    )
    rating = _rating("The evaluator's rating, or null before it is rated.")
    rating_text = serializers.SerializerMethodField(help_text='"Very good", or null.')

    class Meta:
        model = EvaluationRating
        fields = [
            "area",
            "area_label",
            "proposed",
            "proposed_text",
            "proposal_reasons",
            "rating",
            "rating_text",
            "narrative",
        ]
        read_only_fields = fields

    def get_proposed_text(self, row: EvaluationRating) -> str | None:
        return Rating(row.proposed).label if row.proposed else None

    def get_rating_text(self, row: EvaluationRating) -> str | None:
        return Rating(row.rating).label if row.rating else None


class PerformanceEvaluationSerializer(serializers.ModelSerializer[PerformanceEvaluation]):
    kind = enum_field(EvaluationKind, read_only=True)
    status = enum_field(EvaluationStatus, read_only=True)
    period_label = serializers.SerializerMethodField(
        help_text='"Q4 FY2026 (July to September 2026)".'
    )
    evaluator = MemberSummarySerializer(read_only=True)
    ratings = EvaluationRatingSerializer(many=True, read_only=True)

    class Meta:
        model = PerformanceEvaluation
        fields = [
            "id",
            "kind",
            "period_start",
            "period_end",
            "period_label",
            "status",
            "evaluator",
            "ratings",
            "summary",
            "opened_on",
            "comment_due",
            "provider_comment",
            "commented_by_name",
            "commented_at",
            "signed_by_name",
            "signed_at",
            "signed_hash",
        ]
        read_only_fields = fields

    def get_period_label(self, evaluation: PerformanceEvaluation) -> str:
        return period_text(evaluation)


class EvaluationCreateSerializer(serializers.Serializer):
    kind = enum_field(EvaluationKind)
    period_start = serializers.DateField(validators=limits.date_validators())
    period_end = serializers.DateField(validators=limits.date_validators())
    evaluator = ProgramMemberField(help_text="A customer membership id: who rates and signs.")

    def values(self) -> dict[str, Any]:
        return dict(self.validated_data)


class EvaluationAreaRatingSerializer(serializers.Serializer):
    area = serializers.CharField(max_length=32, help_text="A key of QASP_RATING_AREAS.")
    rating = serializers.IntegerField(
        allow_null=True, min_value=1, max_value=5, help_text="1 Unsatisfactory to 5 Exceptional."
    )
    narrative = _text()


class EvaluationRateSerializer(serializers.Serializer):
    ratings = EvaluationAreaRatingSerializer(many=True, required=False, default=list)
    summary = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=limits.MAX_TEXT_LENGTH,
        help_text="The overall assessment; left as it is when absent.",
    )

    def values(self) -> dict[str, Any]:
        data = self.validated_data
        return {
            "ratings": {r["area"]: (r["rating"], r["narrative"]) for r in data["ratings"]},
            "summary": data.get("summary"),
        }


class EvaluationCommentSerializer(serializers.Serializer):
    provider_comment = _text(required=True)


class EvaluationProposalSerializer(serializers.Serializer):
    area = serializers.CharField()
    rating = _rating("The rating proposed, or null.")
    rating_text = serializers.CharField(help_text='"Satisfactory", or "No proposal".')
    reasons = serializers.ListField(child=serializers.CharField())
