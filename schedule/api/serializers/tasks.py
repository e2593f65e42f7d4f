"""Serializers of tasks and dependencies, as the schedule shows them and as a person writes them,
and of the driving path of a task."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.contrib.auth.models import User
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from pmo_portal.api import enum_field
from programs.choices import JointOwner
from programs.models import Membership
from schedule import limits
from schedule.choices import (
    ConstraintChoice,
    EarnedValueMethodChoice,
    LagUnitChoice,
    LinkTypeChoice,
    TaskTypeChoice,
)
from schedule.engine.model import Constraint
from schedule.models import Dependency, Schedule, Task
from schedule.selectors.tasks import VarianceClock

from .common import WorkingDateTimeField, at_working_time, days, minutes
from .resources import (
    CALENDAR_HELP,
    COSTS_LEFT_OUT,
    NOT_COMPUTED,
    AssignmentSerializer,
    CalendarField,
    amount_field,
)

TASK_MONEY_FIELDS = ("fixed_cost", "actual_cost", "computed_cost", "computed_actual_cost")

FINISH_CONSTRAINTS = frozenset({Constraint.FNET, Constraint.FNLT, Constraint.MFO})


class PredecessorSerializer(serializers.ModelSerializer[Dependency]):
    id = serializers.IntegerField(read_only=True, help_text="The dependency's id.")
    uid = serializers.IntegerField(source="predecessor.uid", read_only=True)
    type = enum_field(LinkTypeChoice, read_only=True)
    lag_days = serializers.SerializerMethodField(help_text="Negative for a lead.")
    lag_unit = enum_field(LagUnitChoice, read_only=True)

    class Meta:
        model = Dependency
        fields = ["id", "uid", "type", "lag_days", "lag_unit"]
        read_only_fields = fields

    def get_lag_days(self, dependency: Dependency) -> float:
        return days(self.context["schedule"], dependency.lag) or 0.0


class TaskSerializer(serializers.ModelSerializer[Task]):
    """A task as the schedule shows it. Expects ``schedule``, and ``baseline`` (uid to the
    agreed baseline's start and finish) with ``variance_clock`` when there is one, in the
    context; predecessors prefetched.

    It answers for one task and describes the task list in the schema; the list itself is
    made from plain values to the same keys (``schedule.api.rows``), which reads its fields
    from here: a field added to ``Meta.fields`` is in the list too, and a method field needs
    its computation there as well."""

    parent_uid = serializers.IntegerField(source="parent.uid", read_only=True, allow_null=True)
    owner_party = enum_field(JointOwner, read_only=True)
    responsible = serializers.CharField(
        source="responsible.username",
        read_only=True,
        allow_null=True,
        help_text="Username of the member responsible.",
    )
    duration_days = serializers.SerializerMethodField(help_text="Working days.")
    constraint_type = enum_field(ConstraintChoice, read_only=True)
    total_float_days = serializers.SerializerMethodField()
    free_float_days = serializers.SerializerMethodField()
    baseline_start = serializers.SerializerMethodField(
        help_text="In the agreed baseline (null without one, or for a task added since)."
    )
    baseline_finish = serializers.SerializerMethodField(
        help_text="In the agreed baseline (null without one, or for a task added since)."
    )
    finish_variance_days = serializers.SerializerMethodField(
        help_text="Forecast finish minus baseline finish, in working days (positive: late)."
    )
    predecessors = serializers.SerializerMethodField(
        help_text="The links this task waits on, in outline order of the predecessors."
    )
    calendar = CalendarField(read_only=True, allow_null=True, help_text=CALENDAR_HELP)
    task_type = enum_field(TaskTypeChoice, read_only=True)
    ev_method = enum_field(EarnedValueMethodChoice, read_only=True)
    ev_weights = serializers.ListField(
        child=serializers.IntegerField(),
        read_only=True,
        help_text="Weighted milestones: each step's share of the budget in percent.",
    )
    work_days = serializers.SerializerMethodField(
        help_text="Working days of work of its work assignments (summed up for summaries)."
    )
    # Money: not read-only so the schema does not require them; left out for some users.
    fixed_cost = amount_field("Fixed cost in dollars." + COSTS_LEFT_OUT, required=False)
    actual_cost = amount_field(
        "Actual cost entered; null: from the actual work." + COSTS_LEFT_OUT,
        required=False,
        allow_null=True,
    )
    computed_cost = amount_field(
        "Total cost (assignments and fixed cost)." + NOT_COMPUTED + COSTS_LEFT_OUT,
        required=False,
        allow_null=True,
    )
    computed_actual_cost = amount_field(
        "Actual cost." + NOT_COMPUTED + COSTS_LEFT_OUT, required=False, allow_null=True
    )
    assignments = serializers.SerializerMethodField(
        help_text="The resources on this task, by assignment UID."
    )

    class Meta:
        model = Task
        fields = [
            "uid",
            "position",
            "wbs",
            "name",
            "outline_level",
            "parent_uid",
            "is_summary",
            "is_milestone",
            "owner_party",
            "responsible",
            "duration_days",
            "constraint_type",
            "constraint_date",
            "deadline",
            "actual_start",
            "actual_finish",
            "percent_complete",
            "manual",
            "manual_start",
            "notes",
            "start",
            "finish",
            "early_start",
            "early_finish",
            "late_start",
            "late_finish",
            "total_float_days",
            "free_float_days",
            "is_critical",
            "baseline_start",
            "baseline_finish",
            "finish_variance_days",
            "predecessors",
            "calendar",
            "ignore_resource_calendars",
            "task_type",
            "effort_driven",
            "ev_method",
            "ev_weights",
            "work_days",
            *TASK_MONEY_FIELDS,
            "assignments",
            "updated_at",
            "revision",
        ]
        read_only_fields = [f for f in fields if f not in TASK_MONEY_FIELDS]

    def _nested(self, cls: type[serializers.Serializer]) -> serializers.Serializer:
        """One nested serializer of ``cls`` for every row of a list: DRF binds a serializer's
        fields when it is made, which costs more than the row itself, so it is made once."""
        made: dict[type, serializers.Serializer] = self.__dict__.setdefault("_made", {})
        if cls not in made:
            made[cls] = cls(context=self.context)
        return made[cls]

    def to_representation(self, instance: Task) -> dict[str, Any]:
        data: dict[str, Any] = super().to_representation(instance)
        if not self.context.get("see_costs", False):
            for name in TASK_MONEY_FIELDS:
                data.pop(name, None)
        return data

    def get_work_days(self, task: Task) -> float:
        return days(self._schedule(), task.work) or 0.0

    @extend_schema_field(AssignmentSerializer(many=True))
    def get_assignments(self, task: Task) -> Any:
        rows = sorted(task.assignments.all(), key=lambda a: a.uid)
        nested = self._nested(AssignmentSerializer)
        for a in rows:
            a.task = task
        return [nested.to_representation(a) for a in rows]

    def _schedule(self) -> Schedule:
        schedule: Schedule = self.context["schedule"]
        return schedule

    def _baseline(self, task: Task) -> tuple[datetime, datetime] | None:
        rows: dict[int, tuple[datetime, datetime]] = self.context.get("baseline") or {}
        return rows.get(task.uid)

    def get_duration_days(self, task: Task) -> float:
        return days(self._schedule(), task.duration) or 0.0

    def get_total_float_days(self, task: Task) -> float | None:
        return days(self._schedule(), task.total_float)

    def get_free_float_days(self, task: Task) -> float | None:
        return days(self._schedule(), task.free_float)

    @extend_schema_field(serializers.DateTimeField(allow_null=True))
    def get_baseline_start(self, task: Task) -> Any:
        row = self._baseline(task)
        return serializers.DateTimeField().to_representation(row[0]) if row else None

    @extend_schema_field(serializers.DateTimeField(allow_null=True))
    def get_baseline_finish(self, task: Task) -> Any:
        row = self._baseline(task)
        return serializers.DateTimeField().to_representation(row[1]) if row else None

    def get_finish_variance_days(self, task: Task) -> float | None:
        row = self._baseline(task)
        clock: VarianceClock | None = self.context.get("variance_clock")
        if row is None or clock is None:
            return None
        return clock.days_between(row[1], task.finish)

    @extend_schema_field(PredecessorSerializer(many=True))
    def get_predecessors(self, task: Task) -> Any:
        links = sorted(task.predecessor_links.all(), key=lambda d: d.predecessor.position)
        nested = self._nested(PredecessorSerializer)
        return [nested.to_representation(link) for link in links]


class TaskWriteSerializer(serializers.Serializer):
    """The fields of a task a person sets; the engine computes the rest."""

    name = serializers.CharField(max_length=limits.MAX_NAME_LENGTH)
    wbs = serializers.CharField(max_length=limits.MAX_WBS_LENGTH, required=False, allow_blank=True)
    owner_party = enum_field(
        JointOwner, required=False, help_text="Whose task it is (shared: both parties edit it)."
    )
    responsible = serializers.CharField(
        required=False,
        allow_null=True,
        help_text="Username of a member of the program, or null.",
    )
    duration_days = serializers.FloatField(
        required=False,
        min_value=0,
        max_value=limits.MAX_DURATION_DAYS,
        help_text="Working days (0 for a milestone).",
    )
    is_milestone = serializers.BooleanField(required=False)
    constraint_type = enum_field(ConstraintChoice, required=False)
    constraint_date = WorkingDateTimeField(required=False, allow_null=True)
    deadline = WorkingDateTimeField(required=False, allow_null=True)
    actual_start = WorkingDateTimeField(required=False, allow_null=True)
    actual_finish = WorkingDateTimeField(required=False, allow_null=True)
    percent_complete = serializers.IntegerField(
        required=False, min_value=0, max_value=limits.MAX_PERCENT
    )
    manual = serializers.BooleanField(
        required=False, help_text="Manually scheduled: keeps `manual_start` whatever its logic."
    )
    manual_start = WorkingDateTimeField(required=False, allow_null=True)
    notes = serializers.CharField(
        required=False, allow_blank=True, max_length=limits.MAX_NOTES_LENGTH
    )
    calendar = CalendarField(required=False, allow_null=True, help_text=CALENDAR_HELP)
    ignore_resource_calendars = serializers.BooleanField(
        required=False,
        help_text="With a task calendar: schedule on it alone, not on the resources' calendars.",
    )
    task_type = enum_field(
        TaskTypeChoice,
        required=False,
        help_text="What stays put when duration, units or work changes.",
    )
    effort_driven = serializers.BooleanField(
        required=False, help_text="Adding a resource keeps the total work."
    )
    ev_method = enum_field(EarnedValueMethodChoice, required=False)
    ev_weights = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=100),
        required=False,
        max_length=limits.MAX_EV_WEIGHTS,
        help_text="Weighted milestones: percentages summing to 100.",
    )
    fixed_cost = amount_field(
        "Dollars. Only who may see costs sends it (`permission_denied`).", required=False
    )
    actual_cost = amount_field(
        "Dollars; null: from the actual work. Only who may see costs sends it.",
        required=False,
        allow_null=True,
    )

    def validate_responsible(self, value: str | None) -> User | None:
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

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        """Service keyword arguments: minutes for days, working times for bare dates."""
        schedule: Schedule = self.context["schedule"]
        task: Task | None = self.context.get("task")
        if "duration_days" in attrs:
            attrs["duration"] = minutes(schedule, attrs.pop("duration_days"))
        constraint = attrs.get("constraint_type", task.constraint_type if task else "asap")
        finishes = {
            "constraint_date": constraint in FINISH_CONSTRAINTS,
            "deadline": True,
            "actual_start": False,
            "actual_finish": True,
            "manual_start": False,
        }
        for name, finish in finishes.items():
            if name in attrs:
                attrs[name] = at_working_time(schedule, attrs[name], finish=finish)
        return attrs


class TaskCreateSerializer(TaskWriteSerializer):
    parent_uid = serializers.IntegerField(
        required=False,
        allow_null=True,
        min_value=1,
        max_value=limits.MAX_UID,
        help_text="The summary task to put it under.",
    )
    after_uid = serializers.IntegerField(
        required=False,
        min_value=1,
        max_value=limits.MAX_UID,
        allow_null=True,
        help_text="Place it after this task (and its subtree); by default at the end.",
    )


class TaskUpdateSerializer(TaskWriteSerializer):
    name = serializers.CharField(max_length=limits.MAX_NAME_LENGTH, required=False)


class DependencySerializer(serializers.ModelSerializer[Dependency]):
    predecessor_uid = serializers.IntegerField(source="predecessor.uid", read_only=True)
    predecessor_name = serializers.CharField(source="predecessor.name", read_only=True)
    successor_uid = serializers.IntegerField(source="successor.uid", read_only=True)
    successor_name = serializers.CharField(source="successor.name", read_only=True)
    type = enum_field(LinkTypeChoice, read_only=True)
    lag_days = serializers.SerializerMethodField(help_text="Negative for a lead.")
    lag_unit = enum_field(LagUnitChoice, read_only=True)

    class Meta:
        model = Dependency
        fields = [
            "id",
            "predecessor_uid",
            "predecessor_name",
            "successor_uid",
            "successor_name",
            "type",
            "lag_days",
            "lag_unit",
            "revision",
        ]
        read_only_fields = fields

    def get_lag_days(self, dependency: Dependency) -> float:
        return days(self.context["schedule"], dependency.lag) or 0.0


class DependencyUpdateSerializer(serializers.Serializer):
    type = enum_field(LinkTypeChoice, required=False)
    lag_days = serializers.FloatField(
        required=False,
        min_value=-limits.MAX_LAG_DAYS,
        max_value=limits.MAX_LAG_DAYS,
        help_text="Days of lag; negative for a lead.",
    )
    lag_unit = enum_field(
        LagUnitChoice,
        required=False,
        help_text="Working days on the calendar, or elapsed days round the clock.",
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if "lag_days" in attrs:
            attrs["lag"] = minutes(self.context["schedule"], attrs.pop("lag_days"))
        return attrs


class DependencyCreateSerializer(DependencyUpdateSerializer):
    predecessor_uid = serializers.IntegerField(
        min_value=1, max_value=limits.MAX_UID, help_text="The task waited on."
    )
    successor_uid = serializers.IntegerField(
        min_value=1, max_value=limits.MAX_UID, help_text="The task that waits."
    )


class PathTaskSerializer(serializers.ModelSerializer[Task]):
    class Meta:
        model = Task
        fields = ["uid", "wbs", "name", "start", "finish", "is_critical"]
        read_only_fields = fields


class DrivingPathSerializer(serializers.Serializer):
    uid = serializers.IntegerField(help_text="The task whose drivers these are.")
    path = PathTaskSerializer(
        many=True,
        help_text="The chain of driving predecessors from the first task to this one (summary "
        "tasks left out).",
    )
