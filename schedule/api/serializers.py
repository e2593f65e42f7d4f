"""Serializers of the schedule API. People and clients see working days where the portal stores
working minutes (durations, lags, floats): ``*_days`` fields convert with the schedule's
minutes per day. Dates are ISO 8601 date-times; a payload may send a date alone, which means
the start of that working day (the end of it for finishes, deadlines and the status date).
Rules are the services' to check; these only check the shape of a payload."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any

from django.contrib.auth.models import User
from django.db import models
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from pmo_portal.api import enum_field
from programs.api.serializers import SignatureSerializer
from programs.choices import DocumentStatus, OwningParty, Party
from programs.models import Membership
from programs.services.documents import version_sha256
from schedule.choices import (
    ChangeOp,
    ChangeRequestStatus,
    ConstraintChoice,
    Decision,
    LagUnitChoice,
    LinkTypeChoice,
)
from schedule.clock import from_engine
from schedule.engine.calendar import WorkCalendar
from schedule.engine.model import Constraint
from schedule.models import (
    Baseline,
    BaselineTask,
    ChangeRequest,
    ChangeRequestDecision,
    Dependency,
    Schedule,
    Task,
)
from schedule.selectors.tasks import VarianceClock
from schedule.services.compute import calendar_spec

FINISH_CONSTRAINTS = frozenset({Constraint.FNET, Constraint.FNLT, Constraint.MFO})
_DATE_ONLY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def days(schedule: Schedule, minutes: int | None) -> float | None:
    if minutes is None:
        return None
    return round(minutes / schedule.minutes_per_day, 2)


def minutes(schedule: Schedule, value: float) -> int:
    return round(value * schedule.minutes_per_day)


def working_day_bounds(schedule: Schedule) -> tuple[time, time]:
    """When the schedule's working day begins and ends (8:00 and 17:00 by default)."""
    periods = [p for day in calendar_spec(schedule.calendar).week for p in day] or [(480, 1020)]
    first, last = min(p[0] for p in periods), min(max(p[1] for p in periods), 1439)
    return time(first // 60, first % 60), time(last // 60, last % 60)


def at_working_time(schedule: Schedule, value: Any, *, finish: bool) -> datetime | None:
    """``value`` as an aware datetime; a date alone is the start (or, as a finish, the end) of
    that working day."""
    if value is None or isinstance(value, datetime):
        return value
    assert isinstance(value, date)
    begins, ends = working_day_bounds(schedule)
    return from_engine(datetime.combine(value, ends if finish else begins))


@extend_schema_field(
    {
        "type": "string",
        "format": "date-time",
        "description": "ISO 8601. A date alone (YYYY-MM-DD) is the start of that working day, "
        "or its end for a finish, a deadline or the status date.",
    }
)
class WorkingDateTimeField(serializers.DateTimeField):
    """A date-time, or a date that the serializer places in the working day once it knows
    whether it is a start or a finish."""

    def to_internal_value(self, value: Any) -> Any:
        if isinstance(value, str) and _DATE_ONLY.match(value.strip()):
            try:
                return date.fromisoformat(value.strip())
            except ValueError:
                self.fail("invalid", format="YYYY-MM-DD or YYYY-MM-DDThh:mm[:ss][+HH:MM]")
        return super().to_internal_value(value)


CALENDAR_SCHEMA: dict[str, Any] = {
    "type": "object",
    "description": "The working-time calendar. Times are minutes after midnight.",
    "properties": {
        "name": {"type": "string"},
        "week": {
            "type": "array",
            "minItems": 7,
            "maxItems": 7,
            "description": "Monday first: each day's working periods as [from, to] minutes "
            "(an empty list is a day off).",
            "items": {
                "type": "array",
                "items": {
                    "type": "array",
                    "items": {"type": "integer", "minimum": 0, "maximum": 1440},
                    "minItems": 2,
                    "maxItems": 2,
                },
            },
        },
        "us_federal_holidays": {"type": "boolean"},
        "exceptions": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["start", "end"],
                "properties": {
                    "start": {"type": "string", "format": "date"},
                    "end": {"type": "string", "format": "date"},
                    "working_times": {
                        "type": "array",
                        "description": "Empty for a closure; periods for extra working time.",
                        "items": {"type": "array", "items": {"type": "integer"}},
                    },
                    "name": {"type": "string"},
                },
            },
        },
    },
}


@extend_schema_field(CALENDAR_SCHEMA, component_name="WorkingCalendar")
class CalendarField(serializers.JSONField):
    """The stored calendar; a payload is checked by building the engine's calendar from it."""

    def to_internal_value(self, data: Any) -> Any:
        value = super().to_internal_value(data)
        if not isinstance(value, dict):
            raise serializers.ValidationError("The calendar is an object.")
        try:
            spec = calendar_spec(value)
            WorkCalendar(spec)
        except (KeyError, TypeError, ValueError) as error:
            raise serializers.ValidationError(f"The calendar cannot be read: {error}") from error
        return value


# -- the schedule ------------------------------------------------------------------------


class ScheduleCountsSerializer(serializers.Serializer):
    tasks = serializers.IntegerField(help_text="Tasks and milestones, not summary tasks.")
    milestones = serializers.IntegerField()
    summary_tasks = serializers.IntegerField()
    critical_tasks = serializers.IntegerField()
    dependencies = serializers.IntegerField()
    baselines = serializers.IntegerField()
    open_change_requests = serializers.IntegerField()


class AgreedBaselineSerializer(serializers.ModelSerializer[Baseline]):
    class Meta:
        model = Baseline
        fields = ["number", "name", "finish"]
        read_only_fields = fields


@dataclass
class ScheduleOverview:
    """The schedule with its counts, agreed baseline and finish variance (the view fills it
    in a fixed number of queries)."""

    schedule: Schedule
    counts: dict[str, int]
    agreed_baseline: Baseline | None
    finish_variance_days: float | None
    warnings: list[str] = field(default_factory=list)


class ScheduleSerializer(serializers.Serializer):
    program = serializers.CharField(source="schedule.program.code")
    name = serializers.CharField(source="schedule.name")
    source_name = serializers.CharField(
        source="schedule.source_name",
        help_text="The file the schedule was imported from (empty when built in the portal).",
    )
    project_start = serializers.DateTimeField(source="schedule.project_start")
    status_date = serializers.DateTimeField(source="schedule.status_date", allow_null=True)
    start = serializers.DateTimeField(source="schedule.start", allow_null=True)
    finish = serializers.DateTimeField(
        source="schedule.finish", allow_null=True, help_text="The forecast finish."
    )
    revision = serializers.IntegerField(
        source="schedule.revision", help_text="Bumped by every change of tasks, links or settings."
    )
    computed_at = serializers.DateTimeField(source="schedule.computed_at", allow_null=True)
    calendar = CalendarField(source="schedule.calendar")
    minutes_per_day = serializers.IntegerField(source="schedule.minutes_per_day")
    critical_float_days = serializers.SerializerMethodField(
        help_text="A task is critical when its total float is at or below this."
    )
    counts = ScheduleCountsSerializer()
    agreed_baseline = AgreedBaselineSerializer(
        allow_null=True, help_text="The baseline both parties agreed, used for variance."
    )
    finish_variance_days = serializers.FloatField(
        allow_null=True,
        help_text="Forecast finish minus the agreed baseline's finish, in working days "
        "(positive: late). Null without an agreed baseline.",
    )
    under_change_control = serializers.SerializerMethodField(
        help_text="An agreed baseline exists: logic and dates change by change request."
    )

    def get_critical_float_days(self, summary: ScheduleOverview) -> float:
        return days(summary.schedule, summary.schedule.critical_float) or 0.0

    def get_under_change_control(self, summary: ScheduleOverview) -> bool:
        return summary.agreed_baseline is not None


class ScheduleImportResultSerializer(ScheduleSerializer):
    warnings = serializers.ListField(
        child=serializers.CharField(),
        help_text="What the import could not carry over (e.g. responsible people who are not "
        "members of the program).",
    )


class ScheduleCreateSerializer(serializers.Serializer):
    name = serializers.CharField(
        max_length=200,
        required=False,
        allow_blank=True,
        help_text="Defaults to “<CODE> Integrated Master Schedule”.",
    )
    project_start = WorkingDateTimeField(help_text="When the first task may start.")

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        schedule = Schedule()  # the standard calendar
        attrs["project_start"] = at_working_time(schedule, attrs["project_start"], finish=False)
        return attrs


class ScheduleUpdateSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200, required=False)
    status_date = WorkingDateTimeField(
        required=False, allow_null=True, help_text="Progress is reported as of this moment."
    )
    project_start = WorkingDateTimeField(required=False)
    critical_float_days = serializers.FloatField(
        required=False, min_value=0, help_text="The critical float limit, in working days."
    )
    calendar = CalendarField(required=False)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        schedule: Schedule = self.context["schedule"]
        if "status_date" in attrs:
            attrs["status_date"] = at_working_time(schedule, attrs["status_date"], finish=True)
        if "project_start" in attrs:
            attrs["project_start"] = at_working_time(schedule, attrs["project_start"], finish=False)
        if "critical_float_days" in attrs:
            attrs["critical_float"] = minutes(schedule, attrs.pop("critical_float_days"))
        return attrs


class ImportSerializer(serializers.Serializer):
    file = serializers.FileField(
        help_text="Microsoft Project XML (.xml) or the portal's Excel layout (.xlsx)."
    )
    replace = serializers.BooleanField(
        default=False,
        help_text="Replace the program's schedule if it has one (refused while an agreed "
        "baseline holds it, except for a portal administrator).",
    )

    def validate_file(self, value: Any) -> Any:
        if not str(value.name).lower().endswith((".xml", ".xlsx")):
            raise serializers.ValidationError(
                "Send a Microsoft Project XML (.xml) or an Excel (.xlsx) file."
            )
        return value


# -- tasks and dependencies --------------------------------------------------------------


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
    context; predecessors prefetched."""

    parent_uid = serializers.IntegerField(source="parent.uid", read_only=True, allow_null=True)
    owner_party = enum_field(OwningParty, read_only=True)
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
            "updated_at",
        ]
        read_only_fields = fields

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
        return PredecessorSerializer(links, many=True, context=self.context).data


class TaskWriteSerializer(serializers.Serializer):
    """The fields of a task a person sets; the engine computes the rest."""

    name = serializers.CharField(max_length=255)
    wbs = serializers.CharField(max_length=60, required=False, allow_blank=True)
    owner_party = enum_field(
        OwningParty, required=False, help_text="Whose task it is (shared: both parties edit it)."
    )
    responsible = serializers.CharField(
        required=False,
        allow_null=True,
        help_text="Username of a member of the program, or null.",
    )
    duration_days = serializers.FloatField(
        required=False, min_value=0, help_text="Working days (0 for a milestone)."
    )
    is_milestone = serializers.BooleanField(required=False)
    constraint_type = enum_field(ConstraintChoice, required=False)
    constraint_date = WorkingDateTimeField(required=False, allow_null=True)
    deadline = WorkingDateTimeField(required=False, allow_null=True)
    actual_start = WorkingDateTimeField(required=False, allow_null=True)
    actual_finish = WorkingDateTimeField(required=False, allow_null=True)
    percent_complete = serializers.IntegerField(required=False, min_value=0, max_value=100)
    manual = serializers.BooleanField(
        required=False, help_text="Manually scheduled: keeps `manual_start` whatever its logic."
    )
    manual_start = WorkingDateTimeField(required=False, allow_null=True)
    notes = serializers.CharField(required=False, allow_blank=True)

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
        required=False, allow_null=True, help_text="The summary task to put it under."
    )
    after_uid = serializers.IntegerField(
        required=False,
        allow_null=True,
        help_text="Place it after this task (and its subtree); by default at the end.",
    )


class TaskUpdateSerializer(TaskWriteSerializer):
    name = serializers.CharField(max_length=255, required=False)


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
        ]
        read_only_fields = fields

    def get_lag_days(self, dependency: Dependency) -> float:
        return days(self.context["schedule"], dependency.lag) or 0.0


class DependencyUpdateSerializer(serializers.Serializer):
    type = enum_field(LinkTypeChoice, required=False)
    lag_days = serializers.FloatField(required=False, help_text="Days of lag; negative for a lead.")
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
    predecessor_uid = serializers.IntegerField(help_text="The task waited on.")
    successor_uid = serializers.IntegerField(help_text="The task that waits.")


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


# -- the DCMA 14-point assessment --------------------------------------------------------


class DcmaCheckSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    key = serializers.CharField()
    name = serializers.CharField()
    threshold = serializers.CharField(help_text="What passes, for people (e.g. “≤ 5%”).")
    value = serializers.FloatField(
        allow_null=True, help_text="A percentage, an index or working days; null if unmeasured."
    )
    value_text = serializers.CharField()
    passed = serializers.BooleanField(
        allow_null=True, help_text="Null when the check does not apply (the note says why)."
    )
    offending = serializers.ListField(
        child=serializers.IntegerField(), help_text="UIDs of the offending tasks, in outline order."
    )
    note = serializers.CharField(allow_blank=True)


class DcmaSerializer(serializers.Serializer):
    schedule_revision = serializers.IntegerField()
    status_date = serializers.DateTimeField(allow_null=True)
    baseline_number = serializers.IntegerField(
        allow_null=True, help_text="The agreed baseline checks 11 and 14 measure against."
    )
    passed = serializers.IntegerField()
    failed = serializers.IntegerField()
    not_applicable = serializers.IntegerField()
    checks = DcmaCheckSerializer(many=True)


# -- baselines ---------------------------------------------------------------------------


class BaselineSummarySerializer(serializers.ModelSerializer[Baseline]):
    status = enum_field(
        DocumentStatus,
        read_only=True,
        help_text="Its sign-off: draft until proposed, in review, approved (agreed) or superseded.",
    )
    is_agreed = serializers.BooleanField(read_only=True)
    version_number = serializers.IntegerField(
        source="version.number",
        read_only=True,
        allow_null=True,
        help_text="Its version of the program's IMS baseline document, once proposed.",
    )
    created_by = serializers.CharField(source="created_by.username", read_only=True)

    class Meta:
        model = Baseline
        fields = [
            "number",
            "name",
            "description",
            "start",
            "finish",
            "schedule_revision",
            "status",
            "is_agreed",
            "version_number",
            "created_by",
            "created_at",
        ]
        read_only_fields = fields


class BaselineTaskSerializer(serializers.ModelSerializer[BaselineTask]):
    duration_days = serializers.SerializerMethodField()

    class Meta:
        model = BaselineTask
        fields = [
            "uid",
            "wbs",
            "name",
            "is_summary",
            "is_milestone",
            "start",
            "finish",
            "duration_days",
        ]
        read_only_fields = fields

    def get_duration_days(self, row: BaselineTask) -> float:
        return days(self.context["schedule"], row.duration) or 0.0


class BaselineSerializer(BaselineSummarySerializer):
    content_sha256 = serializers.SerializerMethodField(
        help_text="Once proposed: the SHA-256 its signatories sign. Pass it when signing."
    )
    signatures = serializers.SerializerMethodField(help_text="Every signature, oldest first.")
    awaiting_parties = serializers.SerializerMethodField(
        help_text="While in review: the parties whose signatory has not signed yet."
    )
    tasks = serializers.SerializerMethodField(help_text="The frozen tasks, in outline order.")

    class Meta(BaselineSummarySerializer.Meta):
        fields = [
            *BaselineSummarySerializer.Meta.fields,
            "content_sha256",
            "signatures",
            "awaiting_parties",
            "tasks",
        ]
        read_only_fields = fields

    def get_content_sha256(self, baseline: Baseline) -> str | None:
        return version_sha256(baseline.version) if baseline.version else None

    @extend_schema_field(SignatureSerializer(many=True))
    def get_signatures(self, baseline: Baseline) -> Any:
        if baseline.version is None:
            return []
        context = {**self.context, "current_sha256": version_sha256(baseline.version)}
        return SignatureSerializer(
            baseline.version.signatures.all(), many=True, context=context
        ).data

    @extend_schema_field(serializers.ListField(child=enum_field(Party)))
    def get_awaiting_parties(self, baseline: Baseline) -> list[str]:
        version = baseline.version
        if version is None or version.status != DocumentStatus.IN_REVIEW:
            return []
        signed = {s.party for s in version.signatures.all() if s.is_valid}
        return [p for p in version.document.definition.signing_parties if p not in signed]

    @extend_schema_field(BaselineTaskSerializer(many=True))
    def get_tasks(self, baseline: Baseline) -> Any:
        rows: list[BaselineTask] = self.context["baseline_tasks"]
        return BaselineTaskSerializer(rows, many=True, context=self.context).data


class BaselineCreateSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    description = serializers.CharField(required=False, allow_blank=True, default="")


class BaselineSignSerializer(serializers.Serializer):
    content_sha256 = serializers.CharField(
        required=False,
        max_length=64,
        help_text="The `content_sha256` of the baseline you read; if it changed since, the "
        "signature is refused (`stale_version`).",
    )


# -- change requests ---------------------------------------------------------------------

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
        "uid": {"type": "integer"},
        "name": {"type": "string"},
        "duration_days": {"type": "number", "minimum": 0},
        "milestone": {"type": "boolean"},
        "constraint": {"type": "string", "enum": list(ConstraintChoice.values)},
        "constraint_date": {"type": ["string", "null"], "format": "date"},
        "deadline": {"type": ["string", "null"], "format": "date"},
        "parent_uid": {"type": ["integer", "null"]},
        "predecessor": {"type": "integer", "description": "UID of the task waited on."},
        "successor": {"type": "integer", "description": "UID of the task that waits."},
        "type": {"type": "string", "enum": list(LinkTypeChoice.values)},
        "lag_days": {"type": "number"},
        "lag_unit": {"type": "string", "enum": list(LagUnitChoice.values)},
    },
}


@extend_schema_field(CHANGE_OPERATION_SCHEMA, component_name="ChangeOperation")
class ChangeOperationField(serializers.JSONField):
    """One operation, checked against the schedule by the service (every problem named)."""

    def to_internal_value(self, data: Any) -> Any:
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

    def to_representation(self, instance: Any) -> dict[str, Any]:
        impact = dict(instance)
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
        return ImpactSerializer(change_request.impact).data

    @extend_schema_field(serializers.ListField(child=enum_field(Party)))
    def get_awaiting_parties(self, change_request: ChangeRequest) -> list[str]:
        if change_request.status != ChangeRequestStatus.PROPOSED:
            return []
        decided = {d.party for d in change_request.decisions.all()}
        return [p for p in (Party.CUSTOMER, Party.PROVIDER) if p not in decided]


class ChangeRequestCreateSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    description = serializers.CharField(help_text="What changes.")
    justification = serializers.CharField(help_text="Why the schedule must change.")
    changes = serializers.ListField(
        child=ChangeOperationField(), min_length=1, help_text="The changes, applied in order."
    )
    rebaseline = serializers.BooleanField(
        default=False, help_text="Propose a new baseline once the change is applied."
    )


class ChangeRequestPreviewSerializer(ChangeRequestCreateSerializer):
    """The body of a proposal, of which only the changes matter to a preview."""

    title = serializers.CharField(max_length=200, required=False)
    description = serializers.CharField(required=False)
    justification = serializers.CharField(required=False)


class ChangeRequestDecideSerializer(serializers.Serializer):
    decision = enum_field(Decision)
    comment = serializers.CharField(
        required=False, allow_blank=True, default="", help_text="Required to reject."
    )
