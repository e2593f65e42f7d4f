"""The IV&V reports API under /api/programs/{code}/ivv/reports/: the program's reports with
their period, assessment and versions, and the start of a new one by the IV&V agent. Each
report's versions (read, save, review, sign, compare, export) are the shared document API's
(``ivv.report_pages.REPORT_API``)."""

from __future__ import annotations

from typing import Any, cast

from django.contrib.auth.models import User
from django.db.models import QuerySet
from django.http import Http404
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import mixins, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from pmo_portal.api import enum_field, error_responses
from programs import limits, policy
from programs.api.base import PROGRAM_CODE, ProgramScopedViewSet
from programs.api.documents.serializers import (
    SigningRequirementSerializer,
    VersionSummarySerializer,
)
from programs.api.idempotency import IDEMPOTENCY_KEY, create_once
from programs.choices import OwningParty, Party
from programs.errors import ErrorCode
from programs.models import Document
from programs.services.documents import signing_requirements

from .. import report_services
from ..report import ASSESSMENTS, IVV_REPORT

CODES = [ErrorCode.INVALID_CONTENT, ErrorCode.DOCUMENT_EXISTS]


def _latest(document: Document) -> Any:
    return max(document.versions.all(), key=lambda v: v.number, default=None)


class ReportSerializer(serializers.ModelSerializer[Document]):
    owning_party = enum_field(OwningParty, read_only=True)
    period_start = serializers.SerializerMethodField()
    period_end = serializers.SerializerMethodField()
    assessment = serializers.SerializerMethodField(
        help_text="The latest version's overall assessment on the CPARS scale: "
        + ", ".join(f"`{v}` ({label})" for v, label in ASSESSMENTS)
        + "; null until given."
    )
    latest_version = serializers.SerializerMethodField()
    signing_requirements = serializers.SerializerMethodField(
        help_text="Who signs the latest version: its author, the IV&V agent, as a named signer."
    )

    class Meta:
        model = Document
        fields = [
            "id",
            "key",
            "title",
            "owning_party",
            "period_start",
            "period_end",
            "assessment",
            "created_at",
            "latest_version",
            "signing_requirements",
        ]
        read_only_fields = fields

    def _field(self, document: Document, key: str) -> Any:
        version = _latest(document)
        return version.content.get("fields", {}).get(key) if version else None

    @extend_schema_field(serializers.DateField(allow_null=True))
    def get_period_start(self, document: Document) -> Any:
        return self._field(document, "period_start")

    @extend_schema_field(serializers.DateField(allow_null=True))
    def get_period_end(self, document: Document) -> Any:
        return self._field(document, "period_end")

    @extend_schema_field(
        serializers.ChoiceField(choices=[v for v, _ in ASSESSMENTS], allow_null=True)
    )
    def get_assessment(self, document: Document) -> Any:
        return self._field(document, "assessment")

    @extend_schema_field(VersionSummarySerializer(allow_null=True))
    def get_latest_version(self, document: Document) -> Any:
        version = _latest(document)
        return VersionSummarySerializer(version).data if version else None

    @extend_schema_field(SigningRequirementSerializer(many=True))
    def get_signing_requirements(self, document: Document) -> Any:
        version = _latest(document)
        if version is None:
            return []
        usernames = {n.user_id: n.user.get_username() for n in document.named_signers.all()}
        return SigningRequirementSerializer(
            signing_requirements(version), many=True, context={"usernames": usernames}
        ).data


class ReportCreateSerializer(serializers.Serializer):
    period_start = serializers.DateField(validators=limits.date_validators())
    period_end = serializers.DateField(
        validators=limits.date_validators(), help_text="On or after the period start."
    )


def _reports(program: Any) -> QuerySet[Document]:
    return (
        Document.objects.filter(program=program, kind=IVV_REPORT)
        .select_related("program")
        .prefetch_related("versions__signatures__signer", "named_signers__user")
        .order_by("-key")
    )


@extend_schema(parameters=[PROGRAM_CODE], tags=["IV&V reports"])
@extend_schema_view(
    list=extend_schema(
        summary="The program's IV&V reports, newest period first",
        responses={200: ReportSerializer(many=True), **error_responses(404)},
    ),
    retrieve=extend_schema(
        summary="An IV&V report with its latest version and who signs it",
        responses={200: ReportSerializer, **error_responses(404)},
    ),
    create=extend_schema(
        summary="Start the IV&V report of a period",
        description="The IV&V agent only (anyone else: 404). One report per period, named by "
        "the month it starts in; a second for the same period and a period end before its "
        "start are refused naming the field. Version 1 is a draft naming its author as the "
        "signer; its versions are under `{id}/versions/`.",
        parameters=[IDEMPOTENCY_KEY],
        request=ReportCreateSerializer,
        responses={201: ReportSerializer, **error_responses(400, 404, codes=CODES)},
    ),
)
class ReportViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, ProgramScopedViewSet[Document]
):
    queryset = Document.objects.all()
    serializer_class = ReportSerializer
    http_method_names = ["get", "post", "head", "options"]

    def get_queryset(self) -> QuerySet[Document]:
        if getattr(self, "swagger_fake_view", False):
            return Document.objects.none()
        return policy.restrict(_reports(self.program), self.request.user, "view")

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        if not policy.can_change_party(request.user, self.program, Party.INDEPENDENT):
            raise Http404
        payload = ReportCreateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data

        def create() -> Response:
            document = report_services.report_create(
                acting_user=cast(User, request.user),
                program=self.program,
                period_start=data["period_start"],
                period_end=data["period_end"],
            )
            fresh = _reports(self.program).get(pk=document.pk)
            return Response(self.get_serializer(fresh).data, status=status.HTTP_201_CREATED)

        return create_once(request, scope="ivv_report:create", create=create)
