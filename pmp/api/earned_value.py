"""Earned value under /api/programs/{code}/pmp/: the month's measures, control accounts and
series (``earned-value/``), the closed status periods and closing a month
(``earned-value/periods/``), and the variance explanations with their life cycle
(``variance-explanations/``).

All of it is money: a member who does not see costs (``can_see_costs``) gets a 404, as an
outsider does. Writes call the services, whose refusals answer 400 with the field and rule."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict
from typing import Any, cast

from django.contrib.auth.models import User
from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from pmo_portal.api import enum_field, error_responses
from programs import limits
from programs.api.base import PROGRAM_CODE, CostsScopedViewSet, visible_costs_program
from programs.conditional import ConditionalGetMixin
from programs.errors import DomainError, ErrorCode
from schedule.engine.cost import to_dollars
from schedule.engine.earned import EarnedValue

from ..evm.lights import Light, Lights
from ..models import (
    ExplanationStatus,
    PeriodStatus,
    StatusPeriod,
    VarianceExplanation,
    VarianceExplanationHistory,
    VarianceKind,
)
from ..selectors.earned_value import Report, earned_value_report
from ..services import variance
from ..services.earned_value import period_close

TAG = "Earned value"
MONTH = OpenApiParameter(
    "month",
    str,
    description="The month, YYYY-MM; the current month when left out.",
    required=False,
)


def _money(**kwargs: Any) -> serializers.DecimalField:
    return serializers.DecimalField(max_digits=16, decimal_places=2, read_only=True, **kwargs)


def _index(**kwargs: Any) -> serializers.DecimalField:
    return serializers.DecimalField(
        max_digits=12, decimal_places=4, read_only=True, allow_null=True, **kwargs
    )


def parse_month(text: str | None) -> dt.date | None:
    if not text:
        return None
    try:
        month = dt.datetime.strptime(text, "%Y-%m").date()
    except ValueError:
        raise DomainError("The month is written YYYY-MM.", field="month") from None
    error = limits.date_error(month, what="The month")
    if error:
        raise DomainError(error, field="month")
    return month


class EvmMeasuresSerializer(serializers.Serializer):
    bac = _money(help_text="Budget at completion.")
    pv = _money(help_text="Planned value, cumulative.")
    ev = _money(help_text="Earned value, cumulative.")
    ac = _money(help_text="Actual cost, cumulative (acknowledged reports).")
    cv = _money(help_text="EV - AC.")
    sv = _money(help_text="EV - PV.")
    cpi = _index(help_text="EV / AC; null when AC is 0.")
    spi = _index(help_text="EV / PV; null when PV is 0.")
    cv_percent = _index(help_text="CV / EV x 100.")
    sv_percent = _index(help_text="SV / PV x 100.")
    eac = _money(allow_null=True, help_text="BAC / CPI.")
    eac_atypical = _money(help_text="AC + (BAC - EV).")
    eac_composite = _money(allow_null=True, help_text="AC + (BAC - EV) / (CPI x SPI).")
    etc = _money(allow_null=True, help_text="EAC - AC, by BAC / CPI.")
    vac = _money(allow_null=True, help_text="BAC - EAC, by BAC / CPI.")
    tcpi = _index(help_text="(BAC - EV) / (BAC - AC).")
    tcpi_eac = _index(help_text="(BAC - EV) / (EAC - AC).")


class EvmLightSerializer(serializers.Serializer):
    colour = serializers.CharField(read_only=True, help_text="green, yellow, red or none.")
    indicator = serializers.CharField(read_only=True, help_text="CPI, SPI or SPI(t).")
    value = _index()


class EvmLightsSerializer(serializers.Serializer):
    overall = EvmLightSerializer(read_only=True, help_text="The worst, naming its indicator.")
    lights = EvmLightSerializer(many=True, read_only=True)


class EvmEarnedScheduleSerializer(serializers.Serializer):
    es = _index(help_text="Earned schedule, in months.")
    at = serializers.IntegerField(read_only=True, help_text="Months elapsed.")
    sv_t = _index(help_text="ES - AT, months.")
    spi_t = _index(help_text="ES / AT.")
    pd = serializers.IntegerField(read_only=True, help_text="Planned duration, months.")
    ieac_t = _index(help_text="PD / SPI(t), months.")
    planned_finish = serializers.DateField(read_only=True)
    forecast_finish = serializers.DateField(read_only=True, allow_null=True)


class EvmAccountSerializer(serializers.Serializer):
    wbs = serializers.CharField(read_only=True)
    name = serializers.CharField(read_only=True)
    cumulative = EvmMeasuresSerializer(read_only=True)
    current_pv = _money(help_text="PV of the month itself.")
    current_ev = _money()
    current_ac = _money()
    eac = _money(allow_null=True, help_text="By the program's method.")
    vac = _money(allow_null=True)
    lights = EvmLightsSerializer(read_only=True)


class EvmSeriesSerializer(serializers.Serializer):
    month = serializers.CharField(read_only=True, help_text="YYYY-MM.")
    status = serializers.CharField(
        read_only=True,
        help_text="closed (frozen), open (live), unmeasured (past, not closed: plan only) or "
        "planned (future).",
    )
    planned = _money(help_text="The baseline's cumulative PV at the month's end.")
    measures = EvmMeasuresSerializer(read_only=True, allow_null=True)
    eac = _money(allow_null=True, help_text="By the program's method.")
    lights = EvmLightsSerializer(read_only=True, allow_null=True)


class EvmEarnedValueSerializer(serializers.Serializer):
    month = serializers.CharField(read_only=True, help_text="YYYY-MM.")
    status_date = serializers.DateField(read_only=True)
    closed = serializers.BooleanField(read_only=True)
    baseline = serializers.IntegerField(read_only=True, help_text="The agreed baseline's number.")
    eac_method = serializers.CharField(read_only=True, help_text="cpi, atypical or composite.")
    program = EvmMeasuresSerializer(read_only=True)
    eac = _money(allow_null=True, help_text="The program's EAC by its method.")
    etc = _money(allow_null=True, help_text="EAC - AC, by the program's method.")
    vac = _money(allow_null=True, help_text="BAC - EAC, by the program's method.")
    earned_schedule = EvmEarnedScheduleSerializer(read_only=True, allow_null=True)
    lights = EvmLightsSerializer(read_only=True)
    closable = serializers.CharField(
        read_only=True, allow_null=True, help_text="The next month that may be closed."
    )
    accounts = EvmAccountSerializer(many=True, read_only=True)
    series = EvmSeriesSerializer(many=True, read_only=True)


def _measures(value: EarnedValue) -> dict[str, Any]:
    return asdict(value)


def _light(light: Light) -> dict[str, Any]:
    return {"colour": light.colour.value, "indicator": light.indicator, "value": light.value}


def _lights(lights: Lights) -> dict[str, Any]:
    return {"overall": _light(lights.overall), "lights": [_light(x) for x in lights.lights]}


def report_data(report: Report) -> dict[str, Any]:
    es = report.schedule
    return {
        "month": f"{report.month:%Y-%m}",
        "status_date": report.figures.status_date,
        "closed": report.closed,
        "baseline": report.figures.baseline,
        "eac_method": report.eac_method.value,
        "program": _measures(report.program),
        "eac": report.measures.eac,
        "etc": report.measures.etc,
        "vac": report.measures.vac,
        "earned_schedule": None
        if es is None
        else {
            name: getattr(es, name)
            for name in (
                "es",
                "at",
                "sv_t",
                "spi_t",
                "pd",
                "ieac_t",
                "planned_finish",
                "forecast_finish",
            )
        },
        "lights": _lights(report.lights),
        "closable": f"{report.closable:%Y-%m}" if report.closable else None,
        "accounts": [
            {
                "wbs": row.wbs,
                "name": row.name,
                "cumulative": _measures(row.cumulative),
                "current_pv": row.current[0],
                "current_ev": row.current[1],
                "current_ac": row.current[2],
                "eac": row.eac,
                "vac": row.vac,
                "lights": _lights(row.lights),
            }
            for row in report.accounts
        ],
        "series": [
            {
                "month": p.label,
                "status": p.status,
                "planned": to_dollars(p.planned),
                "measures": None if p.value is None else _measures(p.value),
                "eac": p.eac,
                "lights": None if p.lights is None else _lights(p.lights),
            }
            for p in report.periods
        ],
    }


@extend_schema(parameters=[PROGRAM_CODE], tags=[TAG])
class EarnedValueView(ConditionalGetMixin, APIView):
    @extend_schema(
        summary="The program's earned value of a month",
        description="Program measures with every EAC, earned schedule and lights; the control "
        "accounts (current period and cumulative); the monthly series from the baseline's "
        "start. Closed months answer their frozen figures; the current month is live. Only "
        "to members who see costs.",
        parameters=[MONTH],
        responses={
            200: EvmEarnedValueSerializer,
            **error_responses(400, 404, codes=[ErrorCode.NO_SCHEDULE]),
        },
    )
    def get(self, request: Request, code: str) -> Response:
        program = visible_costs_program(request, code)
        report = earned_value_report(program, parse_month(request.query_params.get("month")))
        return Response(EvmEarnedValueSerializer(report_data(report)).data)


class EvmPeriodSerializer(serializers.ModelSerializer[StatusPeriod]):
    month = serializers.SerializerMethodField(help_text="YYYY-MM.")
    status = enum_field(PeriodStatus, read_only=True)
    closed_by_name = serializers.SerializerMethodField()
    program = serializers.SerializerMethodField(help_text="[BAC, PV, EV, AC] in dollars.")
    status_date = serializers.SerializerMethodField()

    class Meta:
        model = StatusPeriod
        fields = ["month", "status", "status_date", "closed_at", "closed_by_name", "program"]
        read_only_fields = fields

    def get_month(self, period: StatusPeriod) -> str:
        return f"{period.month:%Y-%m}"

    def get_closed_by_name(self, period: StatusPeriod) -> str:
        user = period.closed_by
        return (user.get_full_name() or user.get_username()) if user else ""

    def get_status_date(self, period: StatusPeriod) -> str | None:
        return cast(str | None, period.figures.get("status_date"))

    def get_program(self, period: StatusPeriod) -> list[str]:
        return [str(to_dollars(int(x))) for x in period.figures.get("program", [])]


class EvmCloseSerializer(serializers.Serializer):
    month = serializers.RegexField(
        r"^\d{4}-\d{2}$", max_length=7, help_text="The month to close, YYYY-MM."
    )


class EvmClosedSerializer(serializers.Serializer):
    period = EvmPeriodSerializer(read_only=True)
    variance_explanations = serializers.ListField(
        child=serializers.CharField(),
        read_only=True,
        help_text="References of the explanations asked for at closing.",
    )


@extend_schema(parameters=[PROGRAM_CODE], tags=[TAG])
class PeriodsView(ConditionalGetMixin, APIView):
    @extend_schema(
        summary="The closed status periods, oldest first",
        responses={200: EvmPeriodSerializer(many=True), **error_responses(404)},
    )
    def get(self, request: Request, code: str) -> Response:
        program = visible_costs_program(request, code)
        rows = StatusPeriod.objects.filter(program=program).select_related("closed_by")
        return Response(EvmPeriodSerializer(rows, many=True).data)

    @extend_schema(
        summary="Close a month",
        description="Freezes the month's figures and asks the provider to explain each "
        "variance over its threshold. Program Managers and PMO Leads of either party who see "
        "costs; months close in order, once ended.",
        request=EvmCloseSerializer,
        responses={201: EvmClosedSerializer, **error_responses(400, 404)},
    )
    def post(self, request: Request, code: str) -> Response:
        program = visible_costs_program(request, code)
        payload = EvmCloseSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        month = parse_month(payload.validated_data["month"])
        assert month is not None
        period, requested = period_close(
            acting_user=cast(User, request.user), program=program, month=month
        )
        data = {"period": period, "variance_explanations": [i.reference for i in requested]}
        return Response(EvmClosedSerializer(data).data, status=status.HTTP_201_CREATED)


class VarianceHistorySerializer(serializers.ModelSerializer[VarianceExplanationHistory]):
    actor_party = serializers.CharField(
        read_only=True, help_text="`customer`, `provider` or `independent`; blank if unknown."
    )

    class Meta:
        model = VarianceExplanationHistory
        fields = ["action", "from_status", "to_status", "actor_name", "actor_party", "reason", "at"]
        read_only_fields = fields


class VarianceExplanationSerializer(serializers.ModelSerializer[VarianceExplanation]):
    reference = serializers.CharField(read_only=True)
    status = enum_field(ExplanationStatus, read_only=True)
    kind = enum_field(VarianceKind, read_only=True)
    month = serializers.SerializerMethodField(help_text="YYYY-MM.")
    control_account = serializers.SerializerMethodField(help_text="The account's WBS code.")
    overdue = serializers.SerializerMethodField(help_text="Owed by the provider and past due.")
    history = VarianceHistorySerializer(many=True, read_only=True)

    class Meta:
        model = VarianceExplanation
        fields = [
            "reference",
            "status",
            "month",
            "control_account",
            "kind",
            "variance",
            "variance_percent",
            "due_on",
            "overdue",
            "cause",
            "impact",
            "corrective_action",
            "history",
        ]
        read_only_fields = fields

    def get_month(self, item: VarianceExplanation) -> str:
        return f"{item.month:%Y-%m}"

    def get_control_account(self, item: VarianceExplanation) -> str:
        return item.control_account.wbs

    def get_overdue(self, item: VarianceExplanation) -> bool:
        return variance.is_overdue(item)


class VarianceSubmitSerializer(serializers.Serializer):
    cause = serializers.CharField(max_length=limits.MAX_TEXT_LENGTH)
    impact = serializers.CharField(max_length=limits.MAX_TEXT_LENGTH)
    corrective_action = serializers.CharField(max_length=limits.MAX_TEXT_LENGTH)


class VarianceReturnSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=limits.MAX_TEXT_LENGTH)


@extend_schema(parameters=[PROGRAM_CODE], tags=[TAG])
@extend_schema_view(
    list=extend_schema(
        summary="The variance explanations, latest month first",
        responses={200: VarianceExplanationSerializer(many=True), **error_responses(404)},
    ),
    retrieve=extend_schema(
        summary="A variance explanation with its history",
        responses={200: VarianceExplanationSerializer, **error_responses(404)},
    ),
)
class VarianceExplanationViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, CostsScopedViewSet[VarianceExplanation]
):
    queryset = VarianceExplanation.objects.select_related("control_account").prefetch_related(
        "history"
    )
    serializer_class = VarianceExplanationSerializer
    lookup_field = "reference"
    lookup_value_regex = r"VA-\d{1,9}"
    # The steps are checked by the workflow (who may, from which status), not by "change".
    policy_actions = {"submit": "view", "accept": "view", "return_": "view"}

    def get_object(self) -> VarianceExplanation:
        reference = str(self.kwargs["reference"])
        number = reference.partition("-")[2]
        if not number.isdigit():
            raise Http404
        item = self.get_queryset().filter(number=int(number)).first()
        if item is None:
            raise Http404
        item.program = self.program
        return item

    def _answer(self, item: VarianceExplanation) -> Response:
        return Response(self.get_serializer(self.get_object()).data)

    @extend_schema(
        summary="Submit the explanation (the provider)",
        description="Cause, impact and corrective action, all required. The provider's editors "
        "who see costs; from requested or returned.",
        request=VarianceSubmitSerializer,
        responses={
            200: VarianceExplanationSerializer,
            **error_responses(400, 404, codes=[ErrorCode.TRANSITION_NOT_ALLOWED]),
        },
    )
    @action(detail=True, methods=["post"])
    def submit(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        item = self.get_object()
        payload = VarianceSubmitSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        variance.explanation_submit(
            acting_user=cast(User, request.user), item=item, **payload.validated_data
        )
        return self._answer(item)

    @extend_schema(
        summary="Accept the explanation (the customer)",
        description="The customer's Program Managers, PMO Leads and Executive Sponsors who see "
        "costs; from submitted.",
        request=None,
        responses={
            200: VarianceExplanationSerializer,
            **error_responses(400, 404, codes=[ErrorCode.TRANSITION_NOT_ALLOWED]),
        },
    )
    @action(detail=True, methods=["post"])
    def accept(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        item = self.get_object()
        variance.explanation_review(acting_user=cast(User, request.user), item=item, accept=True)
        return self._answer(item)

    @extend_schema(
        summary="Return the explanation with a reason (the customer)",
        request=VarianceReturnSerializer,
        responses={
            200: VarianceExplanationSerializer,
            **error_responses(400, 404, codes=[ErrorCode.TRANSITION_NOT_ALLOWED]),
        },
    )
    @action(detail=True, methods=["post"], url_path="return", url_name="return")
    def return_(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        item = self.get_object()
        payload = VarianceReturnSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        variance.explanation_review(
            acting_user=cast(User, request.user),
            item=item,
            accept=False,
            reason=payload.validated_data["reason"],
        )
        return self._answer(item)
