"""Serializers of change requests (activity 9): the changes proposed, their impact on the finish
and the critical path, and each party's decision."""

from __future__ import annotations

import math
from datetime import datetime
from typing import Any

from django.db import models
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from pmo_portal.api import enum_field
from programs.choices import Party
from schedule import limits
from schedule.choices import (
    ChangeOp,
    ChangeRequestStatus,
    ConstraintChoice,
    Decision,
    LagUnitChoice,
    LinkTypeChoice,
)
from schedule.clock import from_engine
from schedule.models import ChangeRequest, ChangeRequestDecision

_UID: dict[str, Any] = {"type": "integer", "minimum": 1, "maximum": limits.MAX_UID}
_DATE: dict[str, Any] = {
    "type": ["string", "null"],
    "format": "date",
    "description": f"A date {limits.DATE_RANGE_TEXT}.",
}
CHANGE_OPERATION_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["op"],
    "description": "One change. By `op`: `update_task`: `uid` and any of `name`, "
    "`duration_days`, `milestone`, `constraint`, `constraint_date`, `deadline`; `add_task`: "
    "`name`, `duration_days`, optional `parent_uid`, `milestone`; `remove_task`: `uid` (a "
    "summary task goes with everything under it); `add_link` / `update_link`: `predecessor`, "
    "`successor`, `type`, `lag_days`, `lag_unit`; `remove_link`: `predecessor`, `successor`.",
    "properties": {
        "op": {"type": "string", "enum": list(ChangeOp.values)},
        "uid": _UID,
        "name": {"type": "string", "maxLength": limits.MAX_NAME_LENGTH},
        "duration_days": {
            "type": "number",
            "minimum": 0,
            "maximum": limits.MAX_DURATION_DAYS,
            "description": "Working days.",
        },
        "milestone": {"type": "boolean"},
        "constraint": {"type": "string", "enum": list(ConstraintChoice.values)},
        "constraint_date": _DATE,
        "deadline": _DATE,
        "parent_uid": {**_UID, "type": ["integer", "null"]},
        "predecessor": {**_UID, "description": "UID of the task waited on."},
        "successor": {**_UID, "description": "UID of the task that waits."},
        "type": {"type": "string", "enum": list(LinkTypeChoice.values)},
        "lag_days": {
            "type": "number",
            "minimum": -limits.MAX_LAG_DAYS,
            "maximum": limits.MAX_LAG_DAYS,
            "description": "Days; negative for a lead.",
        },
        "lag_unit": {"type": "string", "enum": list(LagUnitChoice.values)},
    },
}


@extend_schema_field(CHANGE_OPERATION_SCHEMA, component_name="ChangeOperation")
class ChangeOperationField(serializers.JSONField):
    """One operation, checked against the schedule by the service (every problem named)."""

    def to_internal_value(self, data: Any) -> Any:
        if isinstance(data, dict):
            for key, item in data.items():
                if isinstance(item, float) and not math.isfinite(item):
                    raise serializers.ValidationError(f"{key} is no finite number.")
        value = super().to_internal_value(data)
        if not isinstance(value, dict) or "op" not in value:
            raise serializers.ValidationError("Each change is an object with an `op`.")
        return value


class RequestingParty(models.TextChoices):
    """Who proposes schedule changes: the parties that edit the schedule."""

    CUSTOMER = Party.CUSTOMER.value, Party.CUSTOMER.label
    PROVIDER = Party.PROVIDER.value, Party.PROVIDER.label


class TaskRefSerializer(serializers.Serializer):
    uid = serializers.IntegerField()
    name = serializers.CharField(allow_blank=True)


class MovedTaskSerializer(serializers.Serializer):
    uid = serializers.IntegerField()
    name = serializers.CharField(allow_blank=True)
    finish_before = serializers.DateTimeField(allow_null=True)
    finish_after = serializers.DateTimeField(allow_null=True)
    delta_days = serializers.FloatField(help_text="Working days (positive: later).")


COST_KEYS = ("cost_before", "cost_after", "cost_delta", "cost_moved")


class CostMovedSerializer(serializers.Serializer):
    uid = serializers.IntegerField()
    name = serializers.CharField(allow_blank=True)
    cost_before = serializers.DecimalField(max_digits=16, decimal_places=2)
    cost_after = serializers.DecimalField(max_digits=16, decimal_places=2)
    delta = serializers.DecimalField(max_digits=16, decimal_places=2)


def _aware(value: str | None) -> datetime | None:
    return from_engine(datetime.fromisoformat(value)) if value else None


class ImpactSerializer(serializers.Serializer):
    """The impact as ``schedule.changes`` computes it (naive schedule times, stored as JSON)
    with its times made aware, as every other date of the API is."""

    finish_before = serializers.DateTimeField()
    finish_after = serializers.DateTimeField()
    finish_delta_days = serializers.FloatField(
        help_text="How far the schedule's finish moves, in working days (positive: later)."
    )
    critical_added = TaskRefSerializer(many=True, help_text="Tasks that become critical.")
    critical_removed = TaskRefSerializer(many=True, help_text="Tasks no longer critical.")
    moved = MovedTaskSerializer(many=True, help_text="Tasks whose finish moves, largest first.")
    cost_before = serializers.DecimalField(
        max_digits=16,
        decimal_places=2,
        required=False,
        help_text="The program's planned cost as it stands (left out for whoever may not see "
        "costs, as are the other cost fields).",
    )
    cost_after = serializers.DecimalField(
        max_digits=16, decimal_places=2, required=False, help_text="With the change."
    )
    cost_delta = serializers.DecimalField(
        max_digits=16, decimal_places=2, required=False, help_text="After minus before."
    )
    cost_moved = CostMovedSerializer(
        many=True, required=False, help_text="Tasks whose planned cost changes, largest first."
    )

    def to_representation(self, instance: Any) -> dict[str, Any]:
        impact = dict(instance)
        if not self.context.get("see_costs", False):
            for key in COST_KEYS:
                impact.pop(key, None)
        for key in ("finish_before", "finish_after"):
            impact[key] = _aware(impact[key])
        impact["moved"] = [
            {
                **m,
                "finish_before": _aware(m["finish_before"]),
                "finish_after": _aware(m["finish_after"]),
            }
            for m in impact.get("moved", [])
        ]
        return super().to_representation(impact)


class ChangeRequestDecisionSerializer(serializers.ModelSerializer[ChangeRequestDecision]):
    decided_by = serializers.CharField(source="decided_by.username", read_only=True)
    party = enum_field(Party, read_only=True)
    decision = enum_field(Decision, read_only=True)

    class Meta:
        model = ChangeRequestDecision
        fields = ["decided_by", "party", "role", "decision", "comment", "decided_at"]
        read_only_fields = fields


class ChangeRequestSerializer(serializers.ModelSerializer[ChangeRequest]):
    changes = serializers.ListField(child=ChangeOperationField(), read_only=True)
    impact = serializers.SerializerMethodField(
        help_text="Computed against the schedule at `impact_revision` (recomputed on reading "
        "a proposed request when the schedule moved since)."
    )
    status = enum_field(ChangeRequestStatus, read_only=True)
    requested_by = serializers.CharField(source="requested_by.username", read_only=True)
    party = enum_field(
        RequestingParty,
        read_only=True,
        allow_null=True,
        help_text="The requester's party (null for a portal administrator who is no member).",
    )
    decisions = ChangeRequestDecisionSerializer(many=True, read_only=True)
    awaiting_parties = serializers.SerializerMethodField(
        help_text="While proposed: the parties whose program manager has not decided yet."
    )
    resulting_baseline = serializers.IntegerField(
        source="resulting_baseline.number",
        read_only=True,
        allow_null=True,
        help_text="The baseline proposed when the request was approved with `rebaseline`.",
    )

    class Meta:
        model = ChangeRequest
        fields = [
            "number",
            "reference",
            "title",
            "description",
            "justification",
            "changes",
            "impact",
            "impact_revision",
            "rebaseline",
            "status",
            "requested_by",
            "party",
            "created_at",
            "decided_at",
            "decisions",
            "awaiting_parties",
            "resulting_baseline",
        ]
        read_only_fields = fields

    @extend_schema_field(ImpactSerializer(allow_null=True))
    def get_impact(self, change_request: ChangeRequest) -> Any:
        if not change_request.impact:
            return None
        return ImpactSerializer(change_request.impact, context=self.context).data

    @extend_schema_field(serializers.ListField(child=enum_field(Party)))
    def get_awaiting_parties(self, change_request: ChangeRequest) -> list[str]:
        if change_request.status != ChangeRequestStatus.PROPOSED:
            return []
        decided = {d.party for d in change_request.decisions.all()}
        return [p for p in (Party.CUSTOMER, Party.PROVIDER) if p not in decided]


class ChangeRequestCreateSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=limits.MAX_TITLE_LENGTH)
    description = serializers.CharField(
        max_length=limits.MAX_TEXT_LENGTH, help_text="What changes."
    )
    justification = serializers.CharField(
        max_length=limits.MAX_TEXT_LENGTH, help_text="Why the schedule must change."
    )
    changes = serializers.ListField(
        child=ChangeOperationField(),
        min_length=1,
        max_length=limits.MAX_CHANGES,
        help_text="The changes, applied in order.",
    )
    rebaseline = serializers.BooleanField(
        default=False, help_text="Propose a new baseline once the change is applied."
    )


class ChangeRequestPreviewSerializer(ChangeRequestCreateSerializer):
    """The body of a proposal, of which only the changes matter to a preview."""

    title = serializers.CharField(max_length=limits.MAX_TITLE_LENGTH, required=False)
    description = serializers.CharField(max_length=limits.MAX_TEXT_LENGTH, required=False)
    justification = serializers.CharField(max_length=limits.MAX_TEXT_LENGTH, required=False)


class ChangeRequestDecideSerializer(serializers.Serializer):
    decision = enum_field(Decision)
    comment = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=limits.MAX_TEXT_LENGTH,
        help_text="Required to reject.",
    )
