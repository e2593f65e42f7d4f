"""The program's risk scheme under /api/programs/{code}/pmp/raid/risk-scheme/: read by every
member, set by the Program Managers and PMO Leads of the customer and the provider."""

from __future__ import annotations

from typing import cast

from django.contrib.auth.models import User
from drf_spectacular.utils import extend_schema
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from pmo_portal.api import error_responses
from programs.api.base import PROGRAM_CODE, visible_program
from programs.conditional import ConditionalGetMixin

from ..services import raid as services
from .raid_serializers import RiskSchemeSerializer


@extend_schema(parameters=[PROGRAM_CODE], tags=["RAID log"])
class RiskSchemeView(ConditionalGetMixin, APIView):
    @extend_schema(
        summary="The program's risk scheme: labels, banding, review interval",
        responses={200: RiskSchemeSerializer, **error_responses(404)},
    )
    def get(self, request: Request, code: str) -> Response:
        program = visible_program(request, code)
        return Response(RiskSchemeSerializer(services.scheme_for(program)).data)

    @extend_schema(
        summary="Set the risk scheme",
        description="Program Managers and PMO Leads of the customer or the provider. Audited.",
        request=RiskSchemeSerializer,
        responses={200: RiskSchemeSerializer, **error_responses(400, 404)},
    )
    def put(self, request: Request, code: str) -> Response:
        program = visible_program(request, code)
        payload = RiskSchemeSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        scheme = services.scheme_update(
            acting_user=cast(User, request.user), program=program, **payload.validated_data
        )
        return Response(RiskSchemeSerializer(scheme).data)
