"""Serializers of resources (with their rate tables) and assignments, as the schedule shows
them and as a person writes them. Money a user may not see is left out of the answer, keys
and all (``programs.policy.can_see_rates``, ``can_see_costs``), never sent as null: the
serializers expect ``see_costs`` (bool) and ``user`` and ``program`` in the context."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from pmo_portal.api import enum_field
from programs.choices import JointOwner
from programs.models import Membership
from programs.policy import can_see_rates
from schedule import limits
from schedule.choices import ResourceTypeChoice
from schedule.models import Assignment, Resource, Schedule

from .common import days, minutes

RATES_LEFT_OUT = (
    " Left out (the key too) for whoever may not see the resource's rates: with the "
    "schedule's `rates_to_owning_managers` on, only the Program Managers, PMO Leads and "
    "Executive Sponsors of the owning party (the customer's for a shared resource) see them."
)
COSTS_LEFT_OUT = (
    " Left out (the key too) for whoever may not see costs: with the schedule's "
    "`costs_hidden_from_team` on, only both parties' Program Managers, PMO Leads and "
    "Executive Sponsors and the IV&V agent see them."
)
NOT_COMPUTED = " Null until the cost module computes costs."

CALENDAR_HELP = (
    "The working-time calendar, in the shape of the schedule's: {`name`, `week`: seven days "
    "(Monday first) of [from, to] minutes after midnight, `us_federal_holidays`, "
    "`exceptions`: [{`start`, `end`, `working_times`, `name`}]}; null: the project calendar."
)


@extend_schema_field({"type": "object", "description": CALENDAR_HELP})
class CalendarField(serializers.JSONField):
    """A working-time calendar as JSON (an object), or null; the services check its shape."""


def amount_field(help_text: str, *, places: int = 2, **kwargs: Any) -> serializers.DecimalField:
    return serializers.DecimalField(
        max_digits=14,
        decimal_places=places,
        min_value=0,
        max_value=limits.MAX_RATE if places == 4 else limits.MAX_AMOUNT,
        help_text=help_text,
        **kwargs,
    )


class RateSerializer(serializers.Serializer):
    effective = serializers.DateField(
        allow_null=True, required=False, help_text="From this date; null: from the start."
    )
    standard = amount_field(
        "Per hour (work) or per unit (material), in dollars.", places=4, required=False
    )
    overtime = amount_field("Per hour of overtime, in dollars.", places=4, required=False)
    per_use = amount_field("Each time the resource is used, in dollars.", required=False)


class ResourceSerializer(serializers.ModelSerializer[Resource]):
    """A resource. Expects ``user`` and ``program`` in the context, rates prefetched."""

    type = enum_field(ResourceTypeChoice, read_only=True)
    owner_party = enum_field(JointOwner, read_only=True)
    member = serializers.CharField(
        source="member.username",
        read_only=True,
        allow_null=True,
        help_text="Username of the member it stands for; null for a role.",
    )
    calendar = CalendarField(read_only=True, allow_null=True, help_text=CALENDAR_HELP)
    # Not read-only, so the schema does not require it: it is left out for some users.
    rates = RateSerializer(
        many=True,
        required=False,
        help_text="The cost rate table, by effective date." + RATES_LEFT_OUT,
    )

    class Meta:
        model = Resource
        fields = [
            "uid",
            "name",
            "type",
            "owner_party",
            "member",
            "role",
            "initials",
            "group",
            "max_units",
            "calendar",
            "material_label",
            "rates",
            "updated_at",
        ]
        read_only_fields = [f for f in fields if f != "rates"]

    def to_representation(self, instance: Resource) -> dict[str, Any]:
        data: dict[str, Any] = super().to_representation(instance)
        user = self.context.get("user")
        program = self.context.get("program")
        if user is None or program is None or not can_see_rates(user, program, instance):
            data.pop("rates", None)
        return data


class ResourceWriteSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=limits.MAX_NAME_LENGTH)
    type = enum_field(ResourceTypeChoice, required=False)
    owner_party = enum_field(
        JointOwner, required=False, help_text="Whose resource it is (shared: both edit it)."
    )
    member = serializers.CharField(
        required=False, allow_null=True, help_text="Username of the member it stands for."
    )
    role = serializers.CharField(
        required=False, allow_blank=True, max_length=limits.MAX_NAME_LENGTH
    )
    initials = serializers.CharField(
        required=False, allow_blank=True, max_length=limits.MAX_INITIALS_LENGTH
    )
    group = serializers.CharField(
        required=False, allow_blank=True, max_length=limits.MAX_NAME_LENGTH
    )
    max_units = serializers.IntegerField(
        required=False, min_value=0, max_value=limits.MAX_UNITS, help_text="Percent."
    )
    calendar = CalendarField(required=False, allow_null=True, help_text=CALENDAR_HELP)
    material_label = serializers.CharField(
        required=False, allow_blank=True, max_length=limits.MAX_LABEL_LENGTH
    )
    rates = RateSerializer(
        many=True,
        required=False,
        help_text="Replaces the whole rate table. Only who may see the resource's rates may "
        "send it (`permission_denied` otherwise).",
    )

    def validate_member(self, value: str | None) -> User | None:
        if value is None or not value.strip():
            return None
        membership = (
            Membership.objects.filter(program=self.context["program"], user__username=value)
            .select_related("user")
            .first()
        )
        if membership is None:
            raise serializers.ValidationError(f"“{value}” is not a member of the program.")
        return membership.user

    def validate_rates(self, value: list[dict[str, Any]]) -> list[dict[str, Any]]:
        if len(value) > limits.MAX_RATES:
            raise serializers.ValidationError(f"A resource has at most {limits.MAX_RATES} rates.")
        return value


class ResourceUpdateSerializer(ResourceWriteSerializer):
    name = serializers.CharField(max_length=limits.MAX_NAME_LENGTH, required=False)


MONEY_FIELDS = ("cost", "actual_cost", "computed_cost", "computed_actual_cost")


class AssignmentSerializer(serializers.ModelSerializer[Assignment]):
    """An assignment. Expects ``schedule`` and ``see_costs`` in the context; task and
    resource selected with it."""

    task_uid = serializers.IntegerField(source="task.uid", read_only=True)
    resource_uid = serializers.IntegerField(source="resource.uid", read_only=True)
    resource_name = serializers.CharField(source="resource.name", read_only=True)
    resource_type = enum_field(ResourceTypeChoice, source="resource.type", read_only=True)
    units = serializers.IntegerField(read_only=True, help_text="Percent of the resource's time.")
    work_days = serializers.SerializerMethodField(help_text="Working days of work.")
    actual_work_days = serializers.SerializerMethodField()
    remaining_work_days = serializers.SerializerMethodField(
        help_text="Work left in working days (work minus actual work unless entered)."
    )
    delay_days = serializers.SerializerMethodField(
        help_text="Working days after the task's start before the work begins."
    )
    # Money: not read-only so the schema does not require them; left out for some users.
    cost = amount_field(
        "The amount of a cost resource's assignment." + COSTS_LEFT_OUT,
        required=False,
        allow_null=True,
    )
    actual_cost = amount_field(
        "Actual cost entered (wins over the cost of actual work)." + COSTS_LEFT_OUT,
        required=False,
        allow_null=True,
    )
    computed_cost = amount_field(
        "Cost from rates, work and quantity." + NOT_COMPUTED + COSTS_LEFT_OUT,
        required=False,
        allow_null=True,
    )
    computed_actual_cost = amount_field(
        "Actual cost from rates and actual work." + NOT_COMPUTED + COSTS_LEFT_OUT,
        required=False,
        allow_null=True,
    )

    class Meta:
        model = Assignment
        fields = [
            "uid",
            "task_uid",
            "resource_uid",
            "resource_name",
            "resource_type",
            "units",
            "work_days",
            "actual_work_days",
            "remaining_work_days",
            "delay_days",
            "quantity",
            "start",
            "finish",
            *MONEY_FIELDS,
            "updated_at",
        ]
        read_only_fields = [f for f in fields if f not in MONEY_FIELDS]

    def _schedule(self) -> Schedule:
        schedule: Schedule = self.context["schedule"]
        return schedule

    def get_work_days(self, a: Assignment) -> float:
        return days(self._schedule(), a.work) or 0.0

    def get_actual_work_days(self, a: Assignment) -> float:
        return days(self._schedule(), a.actual_work) or 0.0

    def get_remaining_work_days(self, a: Assignment) -> float:
        return days(self._schedule(), a.remaining) or 0.0

    def get_delay_days(self, a: Assignment) -> float:
        return days(self._schedule(), a.delay) or 0.0

    def to_representation(self, instance: Assignment) -> dict[str, Any]:
        data: dict[str, Any] = super().to_representation(instance)
        if not self.context.get("see_costs", False):
            for name in MONEY_FIELDS:
                data.pop(name, None)
        return data


class AssignmentWriteSerializer(serializers.Serializer):
    """What a person sets; the task's type says what follows (see the operation)."""

    units = serializers.IntegerField(
        required=False, min_value=0, max_value=limits.MAX_UNITS, help_text="Percent."
    )
    work_days = serializers.FloatField(
        required=False, min_value=0, max_value=limits.MAX_WORK_DAYS, help_text="Working days."
    )
    actual_work_days = serializers.FloatField(
        required=False, min_value=0, max_value=limits.MAX_WORK_DAYS
    )
    remaining_work_days = serializers.FloatField(
        required=False, allow_null=True, min_value=0, max_value=limits.MAX_WORK_DAYS
    )
    delay_days = serializers.FloatField(required=False, min_value=0, max_value=limits.MAX_LAG_DAYS)
    quantity = amount_field("Units of a material consumed.", places=4, required=False)
    cost = amount_field(
        "The amount of a cost resource's assignment, in dollars.", required=False, allow_null=True
    )
    actual_cost = amount_field("Actual cost, in dollars.", required=False, allow_null=True)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        schedule: Schedule = self.context["schedule"]
        for name in ("work", "actual_work", "remaining_work", "delay"):
            if f"{name}_days" in attrs:
                value = attrs.pop(f"{name}_days")
                attrs[name] = None if value is None else minutes(schedule, value)
        return attrs


class AssignmentCreateSerializer(AssignmentWriteSerializer):
    task_uid = serializers.IntegerField(min_value=0, max_value=limits.MAX_UID)
    resource_uid = serializers.IntegerField(min_value=0, max_value=limits.MAX_UID)
