"""The earned value basis as the API gives it."""

from __future__ import annotations

from rest_framework import serializers


def money(help_text: str, *, allow_null: bool = False) -> serializers.DecimalField:
    return serializers.DecimalField(
        max_digits=16, decimal_places=2, allow_null=allow_null, help_text=help_text
    )


def index(help_text: str) -> serializers.DecimalField:
    return serializers.DecimalField(
        max_digits=12, decimal_places=4, allow_null=True, help_text=help_text
    )


class EarnedValueSerializer(serializers.Serializer):
    bac = money("Budget at completion (dollars).")
    pv = money("Planned value to the status date.")
    ev = money("Earned value by the task's technique.")
    ac = money("Actual cost.")
    cv = money("Cost variance, EV - AC.")
    sv = money("Schedule variance, EV - PV.")
    cpi = index("EV / AC; null while nothing is spent.")
    spi = index("EV / PV; null while nothing is planned.")
    cv_percent = index("CV / EV in percent.")
    sv_percent = index("SV / PV in percent.")
    eac = money("Estimate at completion, BAC / CPI.", allow_null=True)
    eac_atypical = money("AC + (BAC - EV).")
    etc = money("EAC - AC.", allow_null=True)
    vac = money("BAC - EAC.", allow_null=True)
    tcpi = index("To-complete performance index to the budget, (BAC - EV) / (BAC - AC).")
    eac_composite = money(
        "Estimate at completion weighing cost and schedule, AC + (BAC - EV) / (CPI x SPI), "
        "from the unrounded indices; null while nothing is earned, spent or planned.",
        allow_null=True,
    )
    tcpi_eac = index(
        "To-complete performance index to the typical EAC, (BAC - EV) / (EAC - AC); null "
        "without an EAC or once no work remains."
    )


class EarnedValueTaskSerializer(EarnedValueSerializer):
    uid = serializers.IntegerField()
    wbs = serializers.CharField()
    name = serializers.CharField()
    summary = serializers.BooleanField(help_text="A WBS element rolling up the tasks under it.")


class PlannedValuePeriodSerializer(serializers.Serializer):
    period = serializers.CharField(help_text="2027-03, or FY2027 P06 for fiscal periods.")
    planned = money("Planned value in the period.")
    cumulative = money("Planned value up to the end of the period.")


class EarnedValueBasisSerializer(serializers.Serializer):
    status_date = serializers.DateField()
    baseline_number = serializers.IntegerField(help_text="The agreed baseline measured against.")
    program = EarnedValueSerializer()
    tasks = EarnedValueTaskSerializer(many=True, help_text="Every task and WBS element.")
    planned_value_curve = PlannedValuePeriodSerializer(
        many=True, help_text="The agreed baseline's planned value by period, and cumulated."
    )
