"""Change requests of the schedule (activity 9): proposing one with its impact, previewing that
impact, and each party's decision or the requester's withdrawal."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from pmo_portal.api import error_responses
from programs.api.base import PROGRAM_CODE
from programs.api.idempotency import IDEMPOTENCY_KEY, create_once
from programs.errors import ErrorCode
from schedule.filters import ChangeRequestFilter
from schedule.models import ChangeRequest, ChangeRequestDecision
from schedule.services import change_requests as change_services

from ..serializers.change_requests import (
    ChangeRequestCreateSerializer,
    ChangeRequestDecideSerializer,
    ChangeRequestPreviewSerializer,
    ChangeRequestSerializer,
    ImpactSerializer,
)
from .common import SCHEDULE_TAG, ScheduleScopedViewSet, problems_400, request_user

CR_NUMBER = OpenApiParameter(
    "number", int, OpenApiParameter.PATH, description="The change request's number (CR-n)."
)
DECIDE_CODES = (
    ErrorCode.NOT_AN_APPROVER,
    ErrorCode.ALREADY_DECIDED,
    ErrorCode.SCHEDULE_INVALID,
    ErrorCode.BASELINE_IN_REVIEW,
)
WITHDRAW_CODES = (ErrorCode.ALREADY_DECIDED, ErrorCode.PERMISSION_DENIED)
CHANGES_INVALID_TEXT = (
    "`schedule_invalid` carries `problems`: [{`message`}], each naming the change (counted "
    "from 1) and the task it is about."
)


def _change_requests() -> QuerySet[ChangeRequest]:
    return ChangeRequest.objects.select_related(
        "requested_by", "resulting_baseline", "schedule"
    ).prefetch_related(
        Prefetch("decisions", queryset=ChangeRequestDecision.objects.select_related("decided_by"))
    )


@extend_schema(parameters=[PROGRAM_CODE], tags=[SCHEDULE_TAG])
@extend_schema_view(
    list=extend_schema(
        summary="The change request log, newest first",
        responses={200: ChangeRequestSerializer(many=True), **error_responses(400, 404)},
    ),
    retrieve=extend_schema(
        summary="A change request with its impact and decisions",
        description="The impact of a proposed request is recomputed when the schedule moved "
        "since it was last computed.",
        parameters=[CR_NUMBER],
        responses={200: ChangeRequestSerializer, **error_responses(404)},
    ),
    create=extend_schema(
        summary="Propose a change to the schedule",
        description="Its impact on the finish date and the critical path is computed now. "
        "Editing roles of the customer or the provider; a program manager of each party "
        "decides.",
        parameters=[IDEMPOTENCY_KEY],
        request=ChangeRequestCreateSerializer,
        responses={
            201: ChangeRequestSerializer,
            **error_responses(400, 404, codes=[ErrorCode.SCHEDULE_INVALID]),
            400: problems_400([ErrorCode.SCHEDULE_INVALID], CHANGES_INVALID_TEXT),
        },
    ),
    preview=extend_schema(
        summary="The impact a change would have, without proposing it",
        description="Takes the body of a proposal (only `changes` is needed); saves nothing.",
        request=ChangeRequestPreviewSerializer,
        responses={
            200: ImpactSerializer,
            **error_responses(400, 404, codes=[ErrorCode.SCHEDULE_INVALID]),
            400: problems_400([ErrorCode.SCHEDULE_INVALID], CHANGES_INVALID_TEXT),
        },
    ),
    decide=extend_schema(
        summary="Approve or reject a change request for your party",
        description="A program manager of the customer and one of the provider decide. A "
        "rejection is final; the second approval applies the change (and proposes a new "
        "baseline when the request asks to rebaseline). Any member may try; one who decides "
        "for no party is refused with `not_an_approver`.",
        parameters=[CR_NUMBER],
        request=ChangeRequestDecideSerializer,
        responses={
            200: ChangeRequestSerializer,
            **error_responses(400, 404, codes=DECIDE_CODES),
        },
    ),
    withdraw=extend_schema(
        summary="Withdraw a proposed change request",
        description="The requester, or an editing member of the requester's party.",
        parameters=[CR_NUMBER],
        request=None,
        responses={
            200: ChangeRequestSerializer,
            **error_responses(400, 404, codes=WITHDRAW_CODES),
        },
    ),
)
class ChangeRequestViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, ScheduleScopedViewSet[ChangeRequest]
):
    queryset = _change_requests()
    serializer_class = ChangeRequestSerializer
    filterset_class = ChangeRequestFilter
    lookup_field = "number"
    lookup_value_regex = r"\d+"
    http_method_names = ["get", "post", "head", "options"]
    policy_actions = {"decide": "view", "withdraw": "change"}

    def _answer(self, change_request: ChangeRequest, code: int = status.HTTP_200_OK) -> Response:
        fresh = _change_requests().get(pk=change_request.pk)
        return Response(self.get_serializer(fresh).data, status=code)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        change_request = change_services.change_request_refresh_impact(self.get_object())
        return Response(self.get_serializer(change_request).data)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        self.require_can_create(ChangeRequest(schedule=self.schedule))
        payload = ChangeRequestCreateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        return create_once(
            request,
            scope="change_request:create",
            create=lambda: self._answer(
                change_services.change_request_propose(
                    acting_user=request_user(request),
                    schedule=self.schedule,
                    **payload.validated_data,
                ),
                status.HTTP_201_CREATED,
            ),
        )

    @action(detail=False, methods=["post"])
    def preview(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        self.require_can_create(ChangeRequest(schedule=self.schedule))
        payload = ChangeRequestPreviewSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        # The service's own impact computation, so a preview says what a proposal would store.
        _, impact = change_services.change_request_impact(
            self.schedule, payload.validated_data["changes"]
        )
        return Response(ImpactSerializer(impact, context=self.get_serializer_context()).data)

    @action(detail=True, methods=["post"])
    def decide(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        change_request = self.get_object()
        payload = ChangeRequestDecideSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        change_request = change_services.change_request_decide(
            acting_user=request_user(request),
            change_request=change_request,
            **payload.validated_data,
        )
        return self._answer(change_request)

    @action(detail=True, methods=["post"])
    def withdraw(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        change_request = change_services.change_request_withdraw(
            acting_user=request_user(request), change_request=self.get_object()
        )
        return self._answer(change_request)
