"""Serializers of the lessons API: lessons as clients read them, the payloads of recording,
editing and each step (shapes only: the services check the rules)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from pmo_portal.api import enum_field
from programs import limits
from programs.api.serializers import REGISTER_HISTORY_FIELDS
from programs.choices import JointOwner, M3Phase, Party

from ..choices import Category, LessonImpact, LessonStatus, PlayLessonRating, Workstream
from ..models import Lesson, LessonComment, LessonHistory, PlayLessonAssessment
from ..selectors import validations_of
from ..sources import source_reference


class ValidationSerializer(serializers.Serializer):
    party = enum_field(Party, read_only=True)
    validated_by = serializers.ListField(
        child=serializers.CharField(), read_only=True, help_text="Empty: not validated yet."
    )


class LessonSerializer(serializers.ModelSerializer[Lesson]):
    reference = serializers.CharField(read_only=True, help_text="LL-003.")
    program = serializers.CharField(source="program.code", read_only=True)
    status = enum_field(LessonStatus, read_only=True)
    impact_kind = enum_field(LessonImpact, read_only=True)
    category = enum_field(Category, read_only=True)
    phase = enum_field(M3Phase, read_only=True)
    workstream = enum_field(Workstream, read_only=True)
    owner_party = enum_field(JointOwner, read_only=True)
    source = serializers.SerializerMethodField(  # type: ignore[assignment]
        help_text="The reference of the RAID item, change request or finding it came from."
    )
    validations = serializers.SerializerMethodField()

    class Meta:
        model = Lesson
        fields = [
            "number",
            "reference",
            "program",
            "status",
            "title",
            "recorded_on",
            "what_happened",
            "impact_kind",
            "impact",
            "root_cause",
            "recommendation",
            "category",
            "phase",
            "workstream",
            "owner_party",
            "source",
            "revision",
            "wording_revision",
            "validations",
            "where_applied",
            "applied_on",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    def get_source(self, lesson: Lesson) -> str:
        return source_reference(lesson)

    @extend_schema_field(ValidationSerializer(many=True))
    def get_validations(self, lesson: Lesson) -> list[dict[str, Any]]:
        return [{"party": v.party, "validated_by": v.names} for v in validations_of(lesson)]


class LessonWriteSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=limits.MAX_TITLE_LENGTH)
    what_happened = serializers.CharField(max_length=limits.MAX_TEXT_LENGTH)
    impact_kind = enum_field(LessonImpact)
    impact = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=limits.MAX_TEXT_LENGTH
    )
    root_cause = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=limits.MAX_TEXT_LENGTH
    )
    recommendation = serializers.CharField(max_length=limits.MAX_TEXT_LENGTH)
    category = enum_field(Category)
    phase = enum_field(M3Phase)
    workstream = enum_field(Workstream)
    owner_party = enum_field(JointOwner)
    source = serializers.CharField(  # type: ignore[assignment]
        required=False,
        allow_blank=True,
        default="",
        max_length=20,
        help_text="The reference of the RAID item (R-3, A-2, I-1, D-4), change request (CR-2) "
        "or IV&V finding (IVV-001) it came from; empty for none.",
    )


class ApplySerializer(serializers.Serializer):
    where_applied = serializers.CharField(max_length=limits.MAX_TEXT_LENGTH)
    applied_on = serializers.DateField(
        required=False,
        allow_null=True,
        default=None,
        validators=limits.date_validators(),
        help_text=limits.date_help("Today when left out."),
    )


class CommentSerializer(serializers.ModelSerializer[LessonComment]):
    author_party = enum_field(Party, read_only=True)

    class Meta:
        model = LessonComment
        fields = ["id", "author_name", "author_party", "text", "at"]
        read_only_fields = ["id", "author_name", "author_party", "at"]
        extra_kwargs = {"text": {"max_length": limits.MAX_TEXT_LENGTH}}


class LessonHistorySerializer(serializers.ModelSerializer[LessonHistory]):
    from_status = enum_field(LessonStatus, read_only=True)
    to_status = enum_field(LessonStatus, read_only=True)
    actor_party = enum_field(Party, read_only=True, allow_null=True)

    class Meta:
        model = LessonHistory
        fields = REGISTER_HISTORY_FIELDS
        read_only_fields = fields


class AssessmentSerializer(serializers.ModelSerializer[PlayLessonAssessment]):
    party = enum_field(Party, read_only=True)
    rating = enum_field(PlayLessonRating, read_only=True)

    class Meta:
        model = PlayLessonAssessment
        fields = ["party", "rating", "note", "assessed_by_name", "assessed_at"]
        read_only_fields = fields


class AssessmentWriteSerializer(serializers.Serializer):
    rating = enum_field(PlayLessonRating)
    note = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=limits.MAX_TEXT_LENGTH
    )


class FactSerializer(serializers.Serializer):
    text = serializers.CharField()
    url = serializers.CharField(help_text="The page that shows it; empty when none.")
    gap = serializers.BooleanField(help_text="True when it is not (yet) in place.")


class PlayLessonSerializer(serializers.Serializer):
    """One of the eight lessons (read from ``lessons.play.LessonEvidence`` as a dict)."""

    number = serializers.IntegerField()
    title = serializers.CharField()
    guidance = serializers.CharField()
    facts = FactSerializer(many=True)
    customer = AssessmentSerializer(allow_null=True, help_text="Null: not assessed.")
    provider = AssessmentSerializer(allow_null=True, help_text="Null: not assessed.")


def play_data(evidence: Any) -> dict[str, Any]:
    customer, provider = evidence.assessment_list
    return {
        "number": evidence.lesson.number,
        "title": evidence.lesson.title,
        "guidance": evidence.lesson.guidance,
        "facts": evidence.facts,
        "customer": customer,
        "provider": provider,
    }


class ReportQuerySerializer(serializers.Serializer):
    format = serializers.ChoiceField(choices=["pdf", "xlsx"])


class SearchQuerySerializer(serializers.Serializer):
    q = serializers.CharField(max_length=200, help_text="Words (full-text on PostgreSQL).")
