"""The surveillance API under /api/programs/{code}/qasp/surveillance/: the log with the
page's filters, recording and correcting (the customer's editors), the provider's rebuttal,
and the computed schedule. Reads start from ``policy.restrict``; a record the user may not
change is not found (404) for a correction."""

from __future__ import annotations

from typing import Any, cast

from django.contrib.auth.models import User
from django.http import Http404
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from pmo_portal.api import error_responses
from programs import policy
from programs.api.base import PROGRAM_CODE, ProgramScopedViewSet, visible_program
from programs.conditional import ConditionalGetMixin

from .. import selectors
from ..filters import SurveillanceRecordFilter
from ..models import SurveillanceRecord
from ..rules import may_record
from ..services import surveillance as services
from .serializers import (
    ObservationSerializer,
    RebuttalSerializer,
    RecordCreateSerializer,
    SurveillanceRecordSerializer,
    SurveillanceScheduleSerializer,
)

TAGS = ["QASP surveillance"]


def _user(request: Request) -> User:
    return cast(User, request.user)


@extend_schema(parameters=[PROGRAM_CODE], tags=TAGS)
@extend_schema_view(
    list=extend_schema(
        summary="The program's surveillance records, newest period first",
        responses={200: SurveillanceRecordSerializer(many=True), **error_responses(400, 404)},
    ),
    retrieve=extend_schema(
        summary="A surveillance record",
        responses={200: SurveillanceRecordSerializer, **error_responses(404)},
    ),
    create=extend_schema(
        summary="Record the surveillance of a standard for a period",
        description="The customer's editors. A standard of the approved QASP, a period (first "
        "day of its month or quarter) inside the agreed surveillance period, once per standard "
        "and period. The observed value and the verdict are computed.",
        request=RecordCreateSerializer,
        responses={201: SurveillanceRecordSerializer, **error_responses(400, 404)},
    ),
    update=extend_schema(
        summary="Correct a surveillance record",
        description="The customer's editors, until the provider rebuts it. The standard and "
        "period never change.",
        request=ObservationSerializer,
        responses={200: SurveillanceRecordSerializer, **error_responses(400, 404)},
    ),
)
class SurveillanceRecordViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, ProgramScopedViewSet[SurveillanceRecord]
):
    queryset = SurveillanceRecord.objects.all()
    serializer_class = SurveillanceRecordSerializer
    filterset_class = SurveillanceRecordFilter
    http_method_names = ["get", "post", "put", "head", "options"]
    policy_actions = {"rebuttal": "view"}

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):
            return SurveillanceRecord.objects.none()
        return policy.restrict(
            selectors.log_rows(self.program), self.request.user, self.policy_action()
        )

    def _answer(self, record: SurveillanceRecord, code: int = status.HTTP_200_OK) -> Response:
        fresh = selectors.log_rows(self.program).get(pk=record.pk)
        return Response(SurveillanceRecordSerializer(fresh).data, status=code)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        if not may_record(request.user, self.program):
            raise Http404
        payload = RecordCreateSerializer(data=request.data, context={"program": self.program})
        payload.is_valid(raise_exception=True)
        record = services.record_create(
            acting_user=_user(request), program=self.program, **payload.values()
        )
        return self._answer(record, status.HTTP_201_CREATED)

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        record = self.get_object()
        payload = ObservationSerializer(data=request.data, context={"program": self.program})
        payload.is_valid(raise_exception=True)
        services.record_update(acting_user=_user(request), record=record, **payload.values())
        return self._answer(record)

    @extend_schema(
        summary="Rebut a surveillance record",
        description="Members of the provider who may comment (not viewers), once, on or "
        "before `rebuttal_due`. The record itself does not change.",
        request=RebuttalSerializer,
        responses={200: SurveillanceRecordSerializer, **error_responses(400, 404)},
    )
    @action(detail=True, methods=["post"])
    def rebuttal(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        record = self.get_object()
        payload = RebuttalSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        services.rebuttal_add(
            acting_user=_user(request), record=record, text=payload.validated_data["rebuttal"]
        )
        return self._answer(record)


class SurveillanceScheduleView(ConditionalGetMixin, APIView):
    @extend_schema(
        summary="The surveillance schedule",
        description="Each monthly or quarterly standard of the approved QASP, with every "
        "period of the agreed surveillance period up to today: Acceptable or Not acceptable "
        "when recorded, otherwise Not yet due, Due or Overdue (computed, not stored).",
        parameters=[PROGRAM_CODE],
        tags=TAGS,
        responses={200: SurveillanceScheduleSerializer, **error_responses(404)},
    )
    def get(self, request: Request, code: str) -> Response:
        program = visible_program(request, code)
        plan = selectors.schedule(program)
        data = {
            "version_number": plan.version_number,
            "period_start": plan.agreed[0] if plan.agreed else None,
            "period_end": plan.agreed[1] if plan.agreed else None,
            "rows": plan.rows,
        }
        return Response(SurveillanceScheduleSerializer(data).data)
