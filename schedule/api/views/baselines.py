"""Baselines of the schedule: freezing one, proposing it as the agreed IMS baseline and signing it
for a party."""

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
from programs.errors import DomainError, ErrorCode
from programs.models import Signature
from programs.services import documents as document_services
from schedule.models import Baseline
from schedule.services import baselines as baseline_services

from ..serializers.baselines import (
    BaselineCreateSerializer,
    BaselineSerializer,
    BaselineSignSerializer,
    BaselineSummarySerializer,
)
from .common import SCHEDULE_TAG, ScheduleScopedViewSet, request_user

BASELINE_NUMBER = OpenApiParameter(
    "number", int, OpenApiParameter.PATH, description="The baseline's number (1, 2, ...)."
)
SIGN_CODES = (
    ErrorCode.NOT_A_SIGNATORY,
    ErrorCode.VERSION_NOT_IN_REVIEW,
    ErrorCode.ALREADY_SIGNED,
    ErrorCode.PARTY_ALREADY_SIGNED,
    ErrorCode.STALE_VERSION,
)


def _baselines() -> QuerySet[Baseline]:
    return Baseline.objects.select_related(
        "version__document__program", "created_by", "schedule"
    ).prefetch_related(
        Prefetch("version__signatures", queryset=Signature.objects.select_related("signer"))
    )


@extend_schema(parameters=[PROGRAM_CODE], tags=[SCHEDULE_TAG])
@extend_schema_view(
    list=extend_schema(
        summary="The schedule's baselines, newest first",
        responses={200: BaselineSummarySerializer(many=True), **error_responses(404)},
    ),
    retrieve=extend_schema(
        summary="A baseline with its frozen tasks and its sign-off",
        parameters=[BASELINE_NUMBER],
        responses={200: BaselineSerializer, **error_responses(404)},
    ),
    create=extend_schema(
        summary="Freeze the schedule as a baseline",
        description="Each task's start, finish and duration as computed now. Editing roles "
        "of the customer or the provider.",
        parameters=[IDEMPOTENCY_KEY],
        request=BaselineCreateSerializer,
        responses={
            201: BaselineSerializer,
            **error_responses(400, 404, codes=[ErrorCode.NO_SCHEDULE]),
        },
    ),
    propose=extend_schema(
        summary="Propose a baseline as the agreed IMS baseline",
        description="A new version of the program's IMS baseline document, in review, for a "
        "signatory of the customer and one of the provider to sign.",
        parameters=[BASELINE_NUMBER, IDEMPOTENCY_KEY],
        request=None,
        responses={
            200: BaselineSerializer,
            **error_responses(
                400, 404, codes=[ErrorCode.ALREADY_DECIDED, ErrorCode.BASELINE_IN_REVIEW]
            ),
        },
    ),
    sign=extend_schema(
        summary="Sign a proposed baseline for your party",
        description="With both signatures the baseline is agreed: variance is measured "
        "against it and the schedule is under change control. Any member may try; one who "
        "signs for no party is refused with `not_a_signatory`.",
        parameters=[BASELINE_NUMBER],
        request=BaselineSignSerializer,
        responses={200: BaselineSerializer, **error_responses(400, 404, codes=SIGN_CODES)},
    ),
)
class BaselineViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, ScheduleScopedViewSet[Baseline]
):
    queryset = _baselines()
    serializer_class = BaselineSummarySerializer
    lookup_field = "number"
    lookup_value_regex = r"\d+"
    http_method_names = ["get", "post", "head", "options"]
    policy_actions = {"propose": "change", "sign": "view"}

    def _answer(self, baseline: Baseline, code: int = status.HTTP_200_OK) -> Response:
        fresh = _baselines().get(pk=baseline.pk)
        context = {
            **self.get_serializer_context(),
            "baseline_tasks": list(fresh.tasks.order_by("id")),
        }
        return Response(BaselineSerializer(fresh, context=context).data, status=code)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self._answer(self.get_object())

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        self.require_can_create(Baseline(schedule=self.schedule))
        payload = BaselineCreateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        return create_once(
            request,
            scope="baseline:create",
            create=lambda: self._answer(
                baseline_services.baseline_create(
                    acting_user=request_user(request),
                    schedule=self.schedule,
                    **payload.validated_data,
                ),
                status.HTTP_201_CREATED,
            ),
        )

    @action(detail=True, methods=["post"])
    def propose(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        baseline = self.get_object()

        def propose() -> Response:
            baseline_services.baseline_propose(acting_user=request_user(request), baseline=baseline)
            return self._answer(baseline)

        return create_once(request, scope=f"baseline:{baseline.pk}:propose", create=propose)

    @action(detail=True, methods=["post"])
    def sign(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        baseline = self.get_object()
        payload = BaselineSignSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        if baseline.version is None or baseline.version.status != "in_review":
            raise DomainError(
                f"Baseline {baseline.number} is not awaiting signatures: propose it first.",
                code=ErrorCode.VERSION_NOT_IN_REVIEW,
            )
        document_services.version_sign(
            acting_user=request_user(request),
            version=baseline.version,
            content_sha256=payload.validated_data.get("content_sha256"),
        )
        return self._answer(baseline)
