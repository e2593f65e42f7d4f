"""The IT Dashboard export of a program under /api/programs/{code}/reports/it-dashboard/:
the three tables as the feeds spell their fields (members read; a 404 for anyone else)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from pmo_portal.api import error_responses
from programs.api.base import PROGRAM_CODE, visible_program

from .. import it_dashboard

TYPED: dict[str, Any] = {
    "scheduleVariance": lambda: serializers.IntegerField(allow_null=True),
    "metTarget": lambda: serializers.BooleanField(allow_null=True),
}


def _table(name: str, fields: tuple[str, ...]) -> type[serializers.Serializer[Any]]:
    attrs = {f: TYPED.get(f, lambda: serializers.CharField(allow_null=True))() for f in fields}
    return type(name, (serializers.Serializer,), attrs)


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
    projects = _table("ITDashboardProjectSerializer", it_dashboard.PROJECT_FIELDS)(many=True)
    cioEvaluation = _table("ITDashboardCioSerializer", it_dashboard.CIO_FIELDS)(many=True)
    operationalPerformanceMetrics = _table(
        "ITDashboardMetricSerializer", it_dashboard.METRIC_FIELDS
    )(many=True)


@extend_schema(parameters=[PROGRAM_CODE], tags=["Status reports"])
class ITDashboardView(APIView):
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
