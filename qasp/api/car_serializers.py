"""Serializers of the corrective action requests API: requests as clients read them, the
proposal for an unacceptable record, and the payloads of issuing and of each action (shapes
only: the services check the rules)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from pmo_portal.api import enum_field
from programs import limits
from programs.api.serializers import REGISTER_HISTORY_FIELDS
from programs.choices import Party

from ..car_selectors import age_days, next_step
from ..choices import CarOverdueKind, CarStatus
from ..models import CarHistory, CorrectiveActionRequest, SurveillanceRecord

_LEVELS = "A key of QASP_ESCALATION_LEVELS, lowest first: " + ", ".join(
    key for key, _ in settings.QASP_ESCALATION_LEVELS
)


def _text(**kw: Any) -> serializers.CharField:
    return serializers.CharField(max_length=limits.MAX_TEXT_LENGTH, **kw)


class CarRecordSerializer(serializers.ModelSerializer[SurveillanceRecord]):
    aql_text = serializers.CharField(read_only=True)
    verdict = serializers.CharField(source="verdict_text", read_only=True)

    class Meta:
        model = SurveillanceRecord
        fields = ["id", "standard_code", "period", "observed_value", "unit", "aql_text", "verdict"]
        read_only_fields = fields


class CarNextStepSerializer(serializers.Serializer):
    party = enum_field(Party, help_text="The party that owes the step.")
    kind = enum_field(CarOverdueKind)
    due = serializers.DateField(allow_null=True)
    text = serializers.CharField(help_text="In words.")


class CarSerializer(serializers.ModelSerializer[CorrectiveActionRequest]):
    reference = serializers.CharField(read_only=True, help_text="CAR-001.")
    status = enum_field(CarStatus, read_only=True)
    escalation_level = serializers.CharField(read_only=True, help_text=_LEVELS)
    escalation_text = serializers.CharField(read_only=True)
    records = CarRecordSerializer(many=True, read_only=True)
    overdue = serializers.BooleanField(read_only=True, help_text="The next step is overdue.")
    age_days = serializers.SerializerMethodField(help_text="Days since issued (to closure).")
    next_step = serializers.SerializerMethodField()

    class Meta:
        model = CorrectiveActionRequest
        fields = [
            "number",
            "reference",
            "status",
            "standard_code",
            "standard_text",
            "records",
            "escalation_level",
            "escalation_text",
            "issued_on",
            "description",
            "response_due",
            "root_cause",
            "corrective_action",
            "target_date",
            "answered_on",
            "evaluation_due",
            "evaluated_on",
            "verifying_record",
            "closed_on",
            "age_days",
            "next_step",
            "overdue",
        ]
        read_only_fields = fields

    def get_age_days(self, car: CorrectiveActionRequest) -> int:
        return age_days(car)

    @extend_schema_field(CarNextStepSerializer(allow_null=True))
    def get_next_step(self, car: CorrectiveActionRequest) -> dict[str, Any] | None:
        step = next_step(car)
        if step is None:
            return None
        return {"party": step.party, "kind": step.kind, "due": step.due, "text": step.text}


class CarHistorySerializer(serializers.ModelSerializer[CarHistory]):
    actor_party = enum_field(Party, read_only=True, allow_null=True)

    class Meta:
        model = CarHistory
        fields = REGISTER_HISTORY_FIELDS
        read_only_fields = fields


class CarProposalSerializer(serializers.Serializer):
    standard_code = serializers.CharField()
    standard_text = serializers.CharField()
    record_ids = serializers.ListField(child=serializers.IntegerField())
    description = serializers.CharField()
    escalation_level = serializers.CharField(help_text=_LEVELS)
    response_due = serializers.DateField()
    earlier = serializers.CharField(
        allow_null=True,
        help_text="The earlier request of the standard in the last 12 months the level "
        "steps up from.",
    )


class CarIssueSerializer(serializers.Serializer):
    standard_code = serializers.CharField(max_length=20, help_text="PS-2.")
    record_ids = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=limits.MAX_WHOLE_NUMBER),
        max_length=200,
        help_text="Unacceptable surveillance records of the standard, none in an open request.",
    )
    escalation_level = serializers.CharField(max_length=32, help_text=_LEVELS)
    description = _text()
    response_due = serializers.DateField(
        required=False,
        allow_null=True,
        default=None,
        validators=limits.date_validators(),
        help_text="By default QASP_CAR_RESPONSE_BUSINESS_DAYS business days after today.",
    )


class CarAnswerSerializer(serializers.Serializer):
    root_cause = _text()
    corrective_action = _text()
    target_date = serializers.DateField(validators=limits.date_validators())


class CarNoteSerializer(serializers.Serializer):
    note = _text(required=False, allow_blank=True, default="")


class CarReasonSerializer(serializers.Serializer):
    reason = _text()


class CarReturnSerializer(CarReasonSerializer):
    response_due = serializers.DateField(
        required=False,
        allow_null=True,
        default=None,
        validators=limits.date_validators(),
        help_text="The new answer's due date; by default QASP_CAR_RESPONSE_BUSINESS_DAYS "
        "business days after today.",
    )
