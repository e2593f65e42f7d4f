"""The status report API under /api/programs/{code}/reports/: the reports (members read),
the build as a job (202 with the job to poll), each party's narratives and approval, the
customer's rating, and release. Whoever may not take an action gets 404, as on the pages."""

from __future__ import annotations

from typing import Any, cast

from django.contrib.auth.models import User
from django.http import Http404, HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from pmo_portal.api import error_responses
from programs import policy
from programs.api.base import PROGRAM_CODE, ProgramScopedViewSet
from programs.api.jobs import JobSerializer
from programs.errors import ErrorCode
from programs.registers.exports import dated_download

from .. import exports, selectors
from ..models import StatusReport
from ..rules import manager_party, may_build, may_rate
from ..services import builds, lifecycle
from .serializers import (
    BuildSerializer,
    CorrectionSerializer,
    NarrativesSerializer,
    RatingSerializer,
    StatusReportSerializer,
    StatusReportSummarySerializer,
)

TAGS = ["Status reports"]
LOCKED = (ErrorCode.VERSION_LOCKED,)


def _user(request: Request) -> User:
    return cast(User, request.user)


@extend_schema(parameters=[PROGRAM_CODE], tags=TAGS)
@extend_schema_view(
    list=extend_schema(
        summary="The program's status reports, newest period and revision first",
        responses={200: StatusReportSummarySerializer(many=True), **error_responses(404)},
    ),
    retrieve=extend_schema(
        summary="A status report with its frozen snapshot",
        responses={200: StatusReportSerializer, **error_responses(404)},
    ),
)
class StatusReportViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, ProgramScopedViewSet[StatusReport]
):
    queryset = StatusReport.objects.all()
    http_method_names = ["get", "post", "head", "options"]
    policy_actions = {
        "build": "view",
        "narratives": "view",
        "approve": "view",
        "rating": "view",
        "release": "view",
        "correct": "view",
        "pdf": "view",
        "xlsx": "view",
    }

    def get_serializer_class(self) -> Any:
        return StatusReportSummarySerializer if self.action == "list" else StatusReportSerializer

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):
            return StatusReport.objects.none()
        return selectors.visible_reports(user=self.request.user, program=self.program)

    def _answer(self, report: StatusReport) -> Response:
        fresh = selectors.reports_of(self.program).get(pk=report.pk)
        return Response(StatusReportSerializer(fresh, context=self.get_serializer_context()).data)

    def get_serializer_context(self) -> dict[str, Any]:
        context = dict(super().get_serializer_context())
        if self.action != "list" and not getattr(self, "swagger_fake_view", False):
            context["shows_costs"] = policy.can_see_costs(self.request.user, self.program)
        return context

    @extend_schema(
        summary="Build or rebuild a period's report (a background job)",
        description="The Program Managers and PMO Leads of the customer and the provider. "
        "Answers 202 with the job; poll its `url` until `status` is `done` (its `result.report` "
        "is the report's id) or `failed` (its `error` says why, and no report was saved).",
        request=BuildSerializer,
        responses={202: JobSerializer, **error_responses(400, 404)},
    )
    @action(detail=False, methods=["post"])
    def build(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        if not may_build(request.user, self.program):
            raise Http404
        payload = BuildSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        job = builds.report_build_start(
            acting_user=_user(request),
            program=self.program,
            period_start=payload.validated_data["period"],
            request_key=str(request.headers.get("Idempotency-Key", "")),
        )
        body = JobSerializer(job).data
        return Response(body, status=status.HTTP_202_ACCEPTED, headers={"Location": body["url"]})

    @extend_schema(
        summary="Write the narratives",
        description="A Program Manager or PMO Lead writes their party's accomplishments and the "
        "shared narratives (next period, decisions needed). A change withdraws the approvals.",
        request=NarrativesSerializer,
        responses={200: StatusReportSerializer, **error_responses(400, 404, codes=LOCKED)},
    )
    @action(detail=True, methods=["post"])
    def narratives(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        report = self.get_object()
        if manager_party(request.user, self.program) is None:
            raise Http404
        payload = NarrativesSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        lifecycle.report_narratives_update(
            acting_user=_user(request), report=report, values=payload.values()
        )
        return self._answer(report)

    @extend_schema(
        summary="Approve the report for your party",
        description="A Program Manager or PMO Lead of the customer or the provider, once per "
        "party; with both, the report is reviewed.",
        request=None,
        responses={200: StatusReportSerializer, **error_responses(400, 404, codes=LOCKED)},
    )
    @action(detail=True, methods=["post"])
    def approve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        report = self.get_object()
        if manager_party(request.user, self.program) is None:
            raise Http404
        lifecycle.report_approve(acting_user=_user(request), report=report)
        return self._answer(report)

    @extend_schema(
        summary="Confirm or override the proposed rating",
        description="The customer's Program Manager; an override needs a comment.",
        request=RatingSerializer,
        responses={200: StatusReportSerializer, **error_responses(400, 404, codes=LOCKED)},
    )
    @action(detail=True, methods=["post"])
    def rating(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        report = self.get_object()
        if not may_rate(request.user, self.program):
            raise Http404
        payload = RatingSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        lifecycle.report_rate(
            acting_user=_user(request),
            report=report,
            rating=payload.validated_data["rating"],
            comment=payload.validated_data.get("comment", ""),
        )
        return self._answer(report)

    @extend_schema(
        summary="Release the report",
        description="A Program Manager or PMO Lead, once both parties have approved and the "
        "customer has rated it: frozen, with the SHA-256 of what was released.",
        request=None,
        responses={200: StatusReportSerializer, **error_responses(400, 404, codes=LOCKED)},
    )
    @action(detail=True, methods=["post"])
    def release(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        report = self.get_object()
        if not may_build(request.user, self.program):
            raise Http404
        lifecycle.report_release(acting_user=_user(request), report=report)
        return self._answer(report)

    @extend_schema(
        summary="Correct a released report (a new revision, built as a background job)",
        description="A Program Manager or PMO Lead of the customer or the provider, on the "
        "period's latest revision once released, with a reason. The released revision never "
        "changes: revision N+1 is created as a draft with the reason and rebuilt from today's "
        "figures; answers 202 with the build job (its `result.report` is the new revision).",
        request=CorrectionSerializer,
        responses={202: JobSerializer, **error_responses(400, 404)},
    )
    @action(detail=True, methods=["post"])
    def correct(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        report = self.get_object()
        if not may_build(request.user, self.program):
            raise Http404
        payload = CorrectionSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        _, job = lifecycle.report_correct(
            acting_user=_user(request),
            report=report,
            reason=payload.validated_data["reason"],
            request_key=str(request.headers.get("Idempotency-Key", "")),
        )
        body = JobSerializer(job).data
        return Response(body, status=status.HTTP_202_ACCEPTED, headers={"Location": body["url"]})

    @extend_schema(
        summary="The report as a PDF",
        description="Every member: the executive summary (overall status, the CIO rating with "
        "its reasons, each area's status, what changed), the narratives and each section, from "
        "the frozen snapshot; dollar figures for those who may see the program's costs.",
        responses={
            (200, "application/pdf"): OpenApiResponse(
                OpenApiTypes.BINARY, description="The PDF, as an attachment."
            ),
            **error_responses(404),
        },
    )
    @action(detail=True, methods=["get"])
    def pdf(self, request: Request, *args: Any, **kwargs: Any) -> HttpResponse:
        report = self.get_object()
        body = exports.report_pdf(
            report,
            shows_costs=policy.can_see_costs(request.user, self.program),
            generated_by=_user(request).get_username(),
        )
        return dated_download(
            body, "application/pdf", self.program, exports.filename(report), "pdf"
        )

    @extend_schema(
        summary="The report as an Excel workbook",
        description="Every member: a summary, the areas, what changed and one sheet per "
        "section, typed (dates as dates, dollars as numbers).",
        responses={
            (200, exports.XLSX): OpenApiResponse(
                OpenApiTypes.BINARY, description="The workbook, as an attachment."
            ),
            **error_responses(404),
        },
    )
    @action(detail=True, methods=["get"])
    def xlsx(self, request: Request, *args: Any, **kwargs: Any) -> HttpResponse:
        report = self.get_object()
        body = exports.report_xlsx(
            report, shows_costs=policy.can_see_costs(request.user, self.program)
        )
        return dated_download(body, exports.XLSX, self.program, exports.filename(report), "xlsx")
