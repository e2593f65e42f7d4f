"""Serializers of the RAID log API: items as clients read them, and the payloads of
recording, editing, each step, links, comments and the risk scheme (shapes only: the
services check the rules)."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from pmo_portal.api import enum_field
from programs import limits
from programs.api.serializers import (
    REGISTER_HISTORY_FIELDS,
    MemberSummarySerializer,
    ProgramMemberField,
)
from programs.choices import JointOwner, Party

from ..choices import (
    ActionSource,
    EscalationLevel,
    IssuePriority,
    LinkKind,
    RaidKind,
    RaidStatus,
    ResponseStrategy,
    RiskCategory,
)
from ..models import RaidComment, RaidHistory, RaidItem, RaidLink, RiskScheme
from ..selectors.raid import overdue_text


def _text() -> serializers.CharField:
    return serializers.CharField(
        required=False, allow_blank=True, max_length=limits.MAX_TEXT_LENGTH
    )


def _date() -> serializers.DateField:
    return serializers.DateField(
        required=False,
        allow_null=True,
        validators=limits.date_validators(),
        help_text=limits.date_help(),
    )


def _scale() -> serializers.IntegerField:
    return serializers.IntegerField(
        required=False, allow_null=True, min_value=1, max_value=5, help_text="1 to 5."
    )


class RaidItemSerializer(serializers.ModelSerializer[RaidItem]):
    reference = serializers.CharField(read_only=True, help_text="R-12, A-40, I-7 or D-3.")
    kind = enum_field(RaidKind, read_only=True)
    status = enum_field(RaidStatus, read_only=True)
    owner_party = enum_field(JointOwner, read_only=True)
    owner = MemberSummarySerializer(read_only=True, allow_null=True)
    category = enum_field(RiskCategory, read_only=True, allow_null=True)
    response_strategy = enum_field(ResponseStrategy, read_only=True, allow_null=True)
    priority = enum_field(IssuePriority, read_only=True, allow_null=True)
    escalation_level = enum_field(EscalationLevel, read_only=True, allow_null=True)
    source = enum_field(ActionSource, read_only=True, allow_null=True)  # type: ignore[assignment]
    from_risk: serializers.SlugRelatedField[RaidItem] = serializers.SlugRelatedField(
        slug_field="reference", read_only=True, allow_null=True
    )
    overdue = serializers.SerializerMethodField(help_text="Why it is overdue, or empty.")

    class Meta:
        model = RaidItem
        fields = [
            "id",
            "reference",
            "number",
            "kind",
            "status",
            "title",
            "description",
            "owner_party",
            "owner",
            "raised_on",
            "due_on",
            "closed_on",
            "category",
            "cause",
            "effect",
            "inherent_probability",
            "inherent_impact",
            "inherent_score",
            "residual_probability",
            "residual_impact",
            "residual_score",
            "response_strategy",
            "trigger",
            "proximity_on",
            "last_reviewed_on",
            "next_review_on",
            "on_status_report",
            "priority",
            "impact",
            "resolution",
            "escalation_level",
            "from_risk",
            "done_on",
            "source",
            "decision",
            "decided_on",
            "decided_by",
            "rationale",
            "alternatives",
            "change_request",
            "overdue",
            "revision",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    def get_overdue(self, item: RaidItem) -> str:
        return overdue_text(item)


class RaidItemWriteSerializer(serializers.Serializer):
    """The fields of every kind; those a kind does not use are refused by name."""

    kind = enum_field(RaidKind, required=False, help_text="Required when recording an item.")
    title = serializers.CharField(max_length=limits.MAX_TITLE_LENGTH, required=False)
    description = _text()
    owner_party = enum_field(JointOwner, required=False)
    owner = ProgramMemberField(required=False, allow_null=True, help_text="A membership id.")
    raised_on = _date()
    category = enum_field(RiskCategory, required=False, allow_blank=True)
    cause = _text()
    effect = _text()
    inherent_probability = _scale()
    inherent_impact = _scale()
    residual_probability = _scale()
    residual_impact = _scale()
    response_strategy = enum_field(ResponseStrategy, required=False, allow_blank=True)
    trigger = _text()
    proximity_on = _date()
    next_review_on = _date()
    on_status_report = serializers.BooleanField(
        required=False,
        help_text="Risks and issues: listed among the top risks and issues of the status report.",
    )
    priority = enum_field(IssuePriority, required=False, allow_blank=True)
    impact = _text()
    due_on = _date()
    escalation_level = enum_field(EscalationLevel, required=False, allow_blank=True)
    resolution = _text()
    source = enum_field(ActionSource, required=False, allow_blank=True)  # type: ignore[assignment]
    decision = _text()
    decided_on = _date()
    decided_by = serializers.CharField(
        required=False, allow_blank=True, max_length=limits.MAX_TITLE_LENGTH
    )
    rationale = _text()
    alternatives = _text()
    change_request = serializers.IntegerField(
        required=False,
        allow_null=True,
        min_value=1,
        max_value=limits.MAX_WHOLE_NUMBER,
        help_text="The id of a change request of the program's schedule.",
    )


class TransitionSerializer(serializers.Serializer):
    action = serializers.ChoiceField(
        choices=[
            "review",
            "occur",
            "close",
            "reopen",
            "resolve",
            "complete",
            "cancel",
            "decide",
            "supersede",
        ],
        help_text="A step of the item's life cycle: a risk is reviewed, occurs (becomes an "
        "issue), is closed or reopened; an issue resolved, closed, reopened; an action "
        "completed, cancelled, reopened; a decision decided or superseded.",
    )
    reason = _text()
    next_review_on = _date()
    due_on = _date()
    resolution = _text()
    done_on = _date()
    decided_on = _date()
    decided_by = serializers.CharField(
        required=False, allow_blank=True, max_length=limits.MAX_TITLE_LENGTH
    )
    rationale = _text()


class RaidLinkSerializer(serializers.ModelSerializer[RaidLink]):
    kind = enum_field(LinkKind, read_only=True)
    target = serializers.SerializerMethodField()

    class Meta:
        model = RaidLink
        fields = ["id", "kind", "target", "created_at"]
        read_only_fields = fields

    def get_target(self, link: RaidLink) -> str:
        return str(link.target)


class RaidLinkWriteSerializer(serializers.Serializer):
    kind = enum_field(LinkKind)
    target_id = serializers.IntegerField(
        min_value=1, max_value=limits.MAX_WHOLE_NUMBER, help_text="The id of the linked item."
    )


class RaidCommentSerializer(serializers.ModelSerializer[RaidComment]):
    author_party = enum_field(Party, read_only=True)

    class Meta:
        model = RaidComment
        fields = ["id", "author_name", "author_party", "text", "at"]
        read_only_fields = ["id", "author_name", "author_party", "at"]
        extra_kwargs = {"text": {"max_length": limits.MAX_TEXT_LENGTH}}


class RaidHistorySerializer(serializers.ModelSerializer[RaidHistory]):
    from_status = enum_field(RaidStatus, read_only=True)
    to_status = enum_field(RaidStatus, read_only=True)
    actor_party = enum_field(Party, read_only=True, allow_null=True)

    class Meta:
        model = RaidHistory
        fields = REGISTER_HISTORY_FIELDS
        read_only_fields = fields


class RiskSchemeSerializer(serializers.ModelSerializer[RiskScheme]):
    probability_labels = serializers.ListField(
        child=serializers.CharField(max_length=40), min_length=5, max_length=5
    )
    impact_labels = serializers.ListField(
        child=serializers.CharField(max_length=40), min_length=5, max_length=5
    )
    bands = serializers.ListField(
        child=serializers.ListField(
            child=serializers.ChoiceField(choices=["low", "moderate", "high", "very_high"]),
            min_length=5,
            max_length=5,
        ),
        min_length=5,
        max_length=5,
        help_text="bands[p - 1][i - 1] is the band of probability p and impact i.",
    )
    review_interval_days = serializers.IntegerField(min_value=1, max_value=366)

    class Meta:
        model = RiskScheme
        fields = ["probability_labels", "impact_labels", "bands", "review_interval_days"]


class HeatCellSerializer(serializers.Serializer):
    probability = serializers.IntegerField()
    impact = serializers.IntegerField()
    band = serializers.CharField()
    count = serializers.IntegerField()


def values_of(payload: serializers.Serializer, kind: str) -> dict[str, Any]:
    """The validated values but ``kind``; a change request id as the service takes it."""
    data = dict(payload.validated_data)
    data.pop("kind", None)
    if "change_request" in data:
        from schedule.models import ChangeRequest

        pk = data["change_request"]
        data["change_request"] = ChangeRequest.objects.filter(pk=pk).first() if pk else None
        if pk and data["change_request"] is None:
            from programs.errors import DomainError

            raise DomainError(f"There is no change request {pk}.", field="change_request")
    return data
