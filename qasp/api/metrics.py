"""The provider-metrics API under /api/programs/{code}/qasp/metrics/: the submissions with the
page's filters; submitting one, many (all or nothing) or a file (the provider's editors);
withdrawing one awaiting validation (the provider's editors); validating it into a
surveillance record or rejecting it (the customer's editors). Reads start from
``policy.restrict``; an action the user may not take is not found (404)."""

from __future__ import annotations

from typing import Any, cast

from django.contrib.auth.models import User
from django.http import Http404, HttpRequest
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.parsers import MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from pmo_portal.api import ErrorSerializer, error_responses
from programs import policy
from programs.api.base import PROGRAM_CODE, ProgramScopedViewSet
from programs.errors import ErrorCode
from programs.uploads import limit_uploads

from .. import metric_selectors
from ..metric_filters import MetricSubmissionFilter
from ..metric_rules import may_review, may_submit, may_withdraw
from ..models import MetricSubmission
from ..services import metrics as services
from ..services.metric_checks import MetricRow
from .metric_serializers import (
    MetricBatchSerializer,
    MetricFileSerializer,
    MetricRejectSerializer,
    MetricSubmissionSerializer,
    MetricValidateSerializer,
    MetricValuesSerializer,
)
from .serializers import SurveillanceRecordSerializer

TAGS = ["QASP provider metrics"]
MANY_ERRORS = error_responses(400, 404, codes=[ErrorCode.IMPORT_INVALID])


def _user(request: Request) -> User:
    return cast(User, request.user)


@extend_schema(parameters=[PROGRAM_CODE], tags=TAGS)
@extend_schema_view(
    list=extend_schema(
        summary="The provider's metric submissions, latest period first",
        responses={200: MetricSubmissionSerializer(many=True), **error_responses(400, 404)},
    ),
    retrieve=extend_schema(
        summary="A metric submission",
        responses={200: MetricSubmissionSerializer, **error_responses(404)},
    ),
    create=extend_schema(
        summary="Submit a standard's figures for a period",
        description="The provider's editors. A standard of the approved QASP, a period (the "
        "first day of its month or quarter) inside the agreed surveillance period and started, "
        "the figures its method needs; one open submission per standard and period, none for a "
        "period the customer recorded. It awaits the customer's validation.",
        request=MetricValuesSerializer,
        responses={201: MetricSubmissionSerializer, **error_responses(400, 404)},
    ),
)
class MetricSubmissionViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, ProgramScopedViewSet[MetricSubmission]
):
    queryset = MetricSubmission.objects.all()
    serializer_class = MetricSubmissionSerializer
    filterset_class = MetricSubmissionFilter
    http_method_names = ["get", "post", "head", "options"]
    # The services say who may act on a submission; every member reads it.
    policy_actions = {"withdraw": "view", "validate": "view", "reject": "view"}

    def initialize_request(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Request:
        if request.method == "POST" and request.path.rstrip("/").endswith("/file"):
            # Before anything (the session's CSRF check included) reads the body.
            limit_uploads(request, kind=services.UPLOAD_KIND)
        return super().initialize_request(request, *args, **kwargs)

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):
            return MetricSubmission.objects.none()
        return policy.restrict(
            metric_selectors.submissions(self.program), self.request.user, self.policy_action()
        )

    def _one(self, submission: MetricSubmission, code: int = status.HTTP_200_OK) -> Response:
        fresh = metric_selectors.submissions(self.program).get(pk=submission.pk)
        return Response(MetricSubmissionSerializer(fresh).data, status=code)

    def _many(self, saved: list[MetricSubmission]) -> Response:
        rows = metric_selectors.submissions(self.program).filter(pk__in=[s.pk for s in saved])
        return Response(
            MetricSubmissionSerializer(rows, many=True).data, status=status.HTTP_201_CREATED
        )

    def _submitter(self) -> None:
        if not may_submit(self.request.user, self.program):
            raise Http404

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        self._submitter()
        payload = MetricValuesSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        submission = services.metric_submit(
            acting_user=_user(request), program=self.program, **payload.values()
        )
        return self._one(submission, status.HTTP_201_CREATED)

    @extend_schema(
        summary="Submit many standards' or periods' figures, all or nothing",
        description="The provider's editors. Each submission is checked as one alone is, and "
        "against those before it (one per standard and period); any problem refuses them "
        "all (`import_invalid`, with `problems`: row, column and detail).",
        request=MetricBatchSerializer,
        responses={201: MetricSubmissionSerializer(many=True), **MANY_ERRORS},
    )
    @action(detail=False, methods=["post"], url_path="batch")
    def batch(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        self._submitter()
        payload = MetricBatchSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        rows = [
            MetricRow(number, dict(values))
            for number, values in enumerate(payload.validated_data["submissions"], start=1)
        ]
        saved = services.metric_submit_many(
            acting_user=_user(request), program=self.program, rows=rows
        )
        return self._many(saved)

    @extend_schema(
        summary="Submit the figures of an Excel or CSV file, all or nothing",
        description="The provider's editors. An .xlsx workbook (its sheet Metrics, or its "
        "first) or a UTF-8 CSV file (commas, or semicolons with decimal commas); its first "
        "row names the columns Standard, Period, Population, Sample size, Defects, Measured "
        "value, Source, Notes in any order. Any problem refuses the file (`import_invalid`, "
        "with `problems`: the row as the sheet numbers it, the column and detail).",
        request={"multipart/form-data": MetricFileSerializer},
        responses={
            201: MetricSubmissionSerializer(many=True),
            **MANY_ERRORS,
            413: OpenApiResponse(
                ErrorSerializer,
                description="The file is over the size limit of metrics files "
                "(`upload_too_large`); nothing was read.",
            ),
        },
    )
    @action(detail=False, methods=["post"], url_path="file", parser_classes=[MultiPartParser])
    def upload(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        self._submitter()
        payload = MetricFileSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        upload = payload.validated_data["file"]
        saved = services.metric_import(
            acting_user=_user(request),
            program=self.program,
            data=upload.read(),
            filename=upload.name or "metrics.xlsx",
        )
        return self._many(saved)

    @extend_schema(
        summary="Withdraw a submission awaiting validation",
        description="The provider's editors. The submission is removed (the audit keeps it); "
        "the period may be submitted again.",
        request=None,
        responses={204: None, **error_responses(400, 404)},
    )
    @action(detail=True, methods=["post"])
    def withdraw(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        submission = self.get_object()
        if not may_withdraw(request.user, submission):
            raise Http404
        services.metric_withdraw(acting_user=_user(request), submission=submission)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        summary="Validate a submission into a surveillance record",
        description="The customer's editors, while it awaits validation. The record of its "
        "standard and period is made from its figures with the evaluator and date given; the "
        "verdict is computed; the record's notes name the submission and its source.",
        request=MetricValidateSerializer,
        responses={201: SurveillanceRecordSerializer, **error_responses(400, 404)},
    )
    @action(detail=True, methods=["post"])
    def validate(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        submission = self.get_object()
        if not may_review(request.user, submission):
            raise Http404
        payload = MetricValidateSerializer(data=request.data, context={"program": self.program})
        payload.is_valid(raise_exception=True)
        record = services.metric_validate(
            acting_user=_user(request), submission=submission, **payload.validated_data
        )
        return Response(SurveillanceRecordSerializer(record).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Reject a submission, with the reason",
        description="The customer's editors, while it awaits validation. The provider may "
        "submit the period again.",
        request=MetricRejectSerializer,
        responses={200: MetricSubmissionSerializer, **error_responses(400, 404)},
    )
    @action(detail=True, methods=["post"])
    def reject(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        submission = self.get_object()
        if not may_review(request.user, submission):
            raise Http404
        payload = MetricRejectSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        services.metric_reject(
            acting_user=_user(request),
            submission=submission,
            reason=payload.validated_data["reason"],
        )
        return self._one(submission)
