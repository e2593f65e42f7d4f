"""The IT Dashboard export under /api/: of a program (/api/programs/{code}/reports/it-dashboard/,
members read; a 404 for anyone else) and of the person's portfolio
(/api/reports/it-dashboard/portfolio/, every program they may read, and ``csv/`` as a zip of
the three tables): the three tables as the feeds spell their fields."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from pmo_portal.api import error_responses
from programs.api.base import PROGRAM_CODE, visible_program
from programs.conditional import ConditionalGetMixin

from .. import it_dashboard

TYPED: dict[str, Any] = {
    "scheduleVariance": lambda: serializers.IntegerField(allow_null=True),
    "metTarget": lambda: serializers.BooleanField(allow_null=True),
}
ZIP = "application/zip"


def _table(name: str, fields: tuple[str, ...]) -> type[serializers.Serializer[Any]]:
    attrs = {f: TYPED.get(f, lambda: serializers.CharField(allow_null=True))() for f in fields}
    return type(name, (serializers.Serializer,), attrs)


ProjectSerializer = _table("ITDashboardProjectSerializer", it_dashboard.PROJECT_FIELDS)
CioSerializer = _table("ITDashboardCioSerializer", it_dashboard.CIO_FIELDS)
MetricSerializer = _table("ITDashboardMetricSerializer", it_dashboard.METRIC_FIELDS)


class SourceSerializer(serializers.Serializer[Any]):
    report = serializers.IntegerField(allow_null=True, help_text="The status report's id.")
    period = serializers.CharField(required=False)
    revision = serializers.IntegerField(required=False)
    status = serializers.CharField(required=False)
    note = serializers.CharField(help_text="Whether the report is released.")


class ITDashboardSerializer(serializers.Serializer[Any]):
    program = serializers.CharField()
    source = SourceSerializer()  # type: ignore[assignment]
    units = serializers.DictField(child=serializers.CharField())
    projects = ProjectSerializer(many=True)
    cioEvaluation = CioSerializer(many=True)
    operationalPerformanceMetrics = MetricSerializer(many=True)


class PortfolioProgramSerializer(serializers.Serializer[Any]):
    program = serializers.CharField(help_text="The program's code.")
    source = SourceSerializer()  # type: ignore[assignment]


class ITDashboardPortfolioSerializer(serializers.Serializer[Any]):
    programs = PortfolioProgramSerializer(
        many=True, help_text="Each program, by code, with the report its rows come from."
    )
    units = serializers.DictField(child=serializers.CharField())
    projects = ProjectSerializer(many=True)
    cioEvaluation = CioSerializer(many=True)
    operationalPerformanceMetrics = MetricSerializer(many=True)


PORTFOLIO = (
    "Every program the person may read (an administrator: every program), in the order of "
    "their codes, each as the program's own export gives it: from its latest released status "
    "report (else its latest report) and its approved QASP; costs in $M, empty for a program "
    "whose costs the person does not see."
)


@extend_schema(parameters=[PROGRAM_CODE], tags=["Status reports"])
class ITDashboardView(ConditionalGetMixin, APIView):
    @extend_schema(
        summary="The program's IT Dashboard export",
        description="Projects, the CIO evaluation and operational performance metrics with "
        "the field names of OMB's IT Dashboard feeds, from the latest released status report "
        "(else the latest report; `source` says which) and the approved QASP. Costs in $M, "
        "empty for a member who does not see the program's costs.",
        responses={200: ITDashboardSerializer, **error_responses(404)},
    )
    def get(self, request: Request, code: str) -> Response:
        return Response(it_dashboard.export(visible_program(request, code), request.user))


@extend_schema(tags=["Status reports"])
class ITDashboardPortfolioView(APIView):
    @extend_schema(
        summary="The IT Dashboard export of the person's portfolio",
        description=f"{PORTFOLIO} `programs` says which report each program's rows come from.",
        responses={200: ITDashboardPortfolioSerializer, **error_responses()},
    )
    def get(self, request: Request) -> Response:
        return Response(it_dashboard.portfolio(request.user))


@extend_schema(tags=["Status reports"])
class ITDashboardPortfolioCsvView(APIView):
    @extend_schema(
        summary="The IT Dashboard export of the person's portfolio as CSV files",
        description=f"{PORTFOLIO} A zip of three CSV files, one a table: "
        "`portfolio-projects.csv`, `portfolio-cioEvaluation.csv` and "
        "`portfolio-operationalPerformanceMetrics.csv`.",
        responses={
            (200, ZIP): OpenApiResponse(
                OpenApiTypes.BINARY, description="The zip, as an attachment."
            ),
            **error_responses(),
        },
    )
    def get(self, request: Request) -> HttpResponse:
        body = it_dashboard.export_zip(it_dashboard.portfolio(request.user), "portfolio")
        response = HttpResponse(body, content_type=ZIP)
        response["Content-Disposition"] = 'attachment; filename="portfolio-it-dashboard.zip"'
        return response
