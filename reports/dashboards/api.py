"""The dashboards in the API: a program's dashboard figures under
/api/programs/{code}/reports/dashboard/ (members read; a 404 for anyone else) and the
portfolio's rows under /api/reports/portfolio/ (the programs the person reads), with the same
figures, filters and cost rule as the pages."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any, cast

from django.contrib.auth.models import User
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from pmo_portal.api import error_responses
from programs.api.base import PROGRAM_CODE, visible_program

from . import portfolio
from .program import dashboard_for

TAGS = ["Dashboards"]


class DashboardIndicatorSerializer(serializers.Serializer[Any]):
    label = serializers.CharField()  # type: ignore[assignment]
    value = serializers.CharField()
    status = serializers.CharField(help_text="green, yellow, red or not_rated.")
    status_label = serializers.CharField()
    why = serializers.CharField(help_text="The rule that set the status, in words.")
    watch = serializers.BooleanField()


class DashboardDetailSerializer(serializers.Serializer[Any]):
    route = serializers.CharField(help_text="The name of the page with the detail.")
    label = serializers.CharField()  # type: ignore[assignment]


class DashboardTileSerializer(serializers.Serializer[Any]):
    key = serializers.CharField()
    title = serializers.CharField()
    status = serializers.CharField(help_text="green, yellow, red or not_rated.")
    status_label = serializers.CharField()
    indicators = DashboardIndicatorSerializer(many=True)
    set_by = DashboardIndicatorSerializer(many=True, help_text="What set the colour.")
    absent = serializers.CharField(required=False, help_text="Why the area has no figures.")
    detail = DashboardDetailSerializer()


class DashboardRatingSerializer(serializers.Serializer[Any]):
    value = serializers.IntegerField(allow_null=True)
    label = serializers.CharField()  # type: ignore[assignment]
    status = serializers.CharField()
    reasons = serializers.ListField(child=serializers.CharField())


class DashboardOverallSerializer(serializers.Serializer[Any]):
    status = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]
    set_by = serializers.ListField(child=serializers.CharField())


class ProgramDashboardSerializer(serializers.Serializer[Any]):
    program = serializers.DictField(child=serializers.CharField())
    as_of = serializers.DateField()
    period = serializers.DictField(child=serializers.CharField())
    shows_costs = serializers.BooleanField(help_text="Whether dollars and indices are shown.")
    tiles = DashboardTileSerializer(many=True)
    overall = DashboardOverallSerializer()
    proposed_rating = DashboardRatingSerializer()
    released_rating = serializers.JSONField(
        allow_null=True, help_text="The last released report's rating, if any."
    )
    finish = serializers.JSONField(help_text="The forecast finish against the agreed baseline.")
    milestones = serializers.JSONField(help_text="Milestones coming (`days` ahead) and slipped.")
    earned_value = serializers.JSONField(
        help_text="The S-curve and the CPI/SPI trend as tables; absent without sight of costs."
    )
    heat_map = serializers.JSONField(help_text="Open risks by probability and impact.")
    scorecard = serializers.JSONField(help_text="The QASP scorecard of the last months.")
    findings_by_age = serializers.JSONField(help_text="Open IV&V findings by age band.")
    history = serializers.JSONField(help_text="The last twelve reports' rating and areas.")
    history_areas = serializers.ListField(child=serializers.CharField())


@extend_schema(parameters=[PROGRAM_CODE], tags=TAGS)
class ProgramDashboardView(APIView):
    @extend_schema(
        summary="The program's dashboard",
        description="Each area's tile as the status report assesses it today (status in "
        "words, the indicators that set it), the Play 3.1 board, the finish against the "
        "agreed baseline, milestones, earned value, the risk heat map, the QASP scorecard, "
        "findings by age and the status history. Dollars and indices only for members who "
        "see the program's costs.",
        responses={200: ProgramDashboardSerializer, **error_responses(404)},
    )
    def get(self, request: Request, code: str) -> Response:
        program = visible_program(request, code)
        return Response(dashboard_for(program, user=request.user))


class PortfolioAreaSerializer(serializers.Serializer[Any]):
    key = serializers.CharField()
    status = serializers.CharField()
    status_label = serializers.CharField()


class PortfolioRowSerializer(serializers.Serializer[Any]):
    code = serializers.CharField()
    name = serializers.CharField()
    customer = serializers.CharField()
    provider = serializers.CharField()
    phase = serializers.CharField()
    phase_value = serializers.IntegerField()
    rating = serializers.IntegerField(allow_null=True)
    rating_label = serializers.CharField()
    rating_status = serializers.CharField()
    rating_source = serializers.CharField(help_text="The released report, or today's figures.")
    overall_status = serializers.CharField()
    overall_label = serializers.CharField()
    areas = PortfolioAreaSerializer(many=True)
    forecast_finish = serializers.DateField(allow_null=True)
    baseline_finish = serializers.DateField(allow_null=True)
    finish_variance_days = serializers.IntegerField(allow_null=True)
    shows_costs = serializers.BooleanField()
    cpi = serializers.CharField(allow_null=True, help_text="Null without sight of costs.")
    spi = serializers.CharField(allow_null=True, help_text="Null without sight of costs.")
    critical_findings = serializers.IntegerField()
    overdue_items = serializers.IntegerField()
    readable = serializers.BooleanField(help_text="Whether the person reads its dashboard.")


class PortfolioGroupSerializer(serializers.Serializer[Any]):
    name = serializers.CharField()
    programs = serializers.IntegerField()
    red = serializers.IntegerField()
    yellow = serializers.IntegerField()
    green = serializers.IntegerField()
    not_rated = serializers.IntegerField()
    critical_findings = serializers.IntegerField()
    overdue_items = serializers.IntegerField()


class PortfolioSerializer(serializers.Serializer[Any]):
    total = serializers.IntegerField(help_text="Programs the person reads, before filtering.")
    rows = PortfolioRowSerializer(many=True)
    by_agency = PortfolioGroupSerializer(many=True)
    by_provider = PortfolioGroupSerializer(many=True)


def _parameter(name: str, description: str) -> OpenApiParameter:
    return OpenApiParameter(name, OpenApiTypes.STR, OpenApiParameter.QUERY, description=description)


@extend_schema(tags=TAGS)
class PortfolioApiView(APIView):
    @extend_schema(
        summary="The portfolio's rows",
        description="A row for every program the person is a member of (every program for "
        "portal administrators and portfolio viewers), filtered and sorted as the page does, "
        "with the sums by agency and by provider.",
        parameters=[
            _parameter("phase", "The M3 phase's number."),
            _parameter("rating", "green, yellow, red or not_rated."),
            _parameter("agency", "The customer agency's name."),
            _parameter("provider", "The provider's name."),
            _parameter("q", "Part of the program's name or code."),
            _parameter("sort", f"One of {', '.join(portfolio.SORTS)}; `-` first: descending."),
        ],
        responses={200: PortfolioSerializer, **error_responses(401)},
    )
    def get(self, request: Request) -> Response:
        query = portfolio.Query.from_params(request.query_params)
        view = portfolio.portfolio_for(cast(User, request.user), query=query)
        return Response(
            {
                "total": view.total,
                "rows": [asdict(r) for r in view.rows],
                "by_agency": [asdict(g) for g in view.by_agency],
                "by_provider": [asdict(g) for g in view.by_provider],
            }
        )
