"""Serializers of the schedule as a whole: its overview, its settings and calendar, a new or
imported schedule, and the DCMA 14-point assessment of it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from schedule import limits
from schedule.engine.calendar import WorkCalendar
from schedule.models import Baseline, Schedule
from schedule.services.compute import calendar_spec

from .common import WorkingDateTimeField, at_working_time, days, minutes

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
        except (KeyError, TypeError, ValueError, OverflowError) as error:
            raise serializers.ValidationError(f"The calendar cannot be read: {error}") from error
        if len(spec.name) > limits.MAX_TITLE_LENGTH:
            raise serializers.ValidationError(
                f"A calendar name is at most {limits.MAX_TITLE_LENGTH} characters."
            )
        for exception in spec.exceptions:
            for day in (exception.start, exception.end):
                problem = limits.date_error(day, what="A calendar exception's date")
                if problem:
                    raise serializers.ValidationError(problem)
            if len(exception.name) > limits.MAX_TITLE_LENGTH:
                raise serializers.ValidationError(
                    f"A calendar exception's name is at most {limits.MAX_TITLE_LENGTH} characters."
                )
        return value


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


class ScheduleCreateSerializer(serializers.Serializer):
    name = serializers.CharField(
        max_length=limits.MAX_TITLE_LENGTH,
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
    name = serializers.CharField(max_length=limits.MAX_TITLE_LENGTH, required=False)
    status_date = WorkingDateTimeField(
        required=False, allow_null=True, help_text="Progress is reported as of this moment."
    )
    project_start = WorkingDateTimeField(required=False)
    critical_float_days = serializers.FloatField(
        required=False,
        min_value=0,
        max_value=limits.MAX_FLOAT_DAYS,
        help_text="The critical float limit, in working days.",
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
