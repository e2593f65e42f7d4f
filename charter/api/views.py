"""The charter API: the Program Charter of a program, its versions, their life cycle
(edit, submit, sign, return to draft, new version), comparison and exports."""

from __future__ import annotations

from typing import Any, cast

from django.contrib.auth.models import User
from django.db.models import Prefetch, QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.http import content_disposition_header
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from pmo_portal.api import error_responses
from programs import policy
from programs.api.base import (
    PROGRAM_CODE,
    JSONErrorsNegotiation,
    ProgramScopedViewSet,
    visible_program,
)
from programs.api.idempotency import IDEMPOTENCY_KEY, create_once
from programs.documents import compare_contents
from programs.errors import ErrorCode
from programs.models import Document, DocumentVersion, Signature
from programs.services import documents as services

from ..definition import CHARTER, CHARTER_KIND
from . import serializers as s

EXPORT_TYPES = {
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _user(request: Request) -> User:
    # Every view requires a login (DEFAULT_PERMISSION_CLASSES), so the user is a real one.
    return cast(User, request.user)


def _versions() -> QuerySet[DocumentVersion]:
    return (
        DocumentVersion.objects.filter(document__kind=CHARTER)
        .select_related("document__program", "created_by", "updated_by")
        .prefetch_related(
            Prefetch("signatures", queryset=Signature.objects.select_related("signer"))
        )
    )


def _charters(program: Any) -> QuerySet[Document]:
    return (
        Document.objects.filter(program=program, kind=CHARTER)
        .select_related("program")
        .prefetch_related(
            Prefetch("versions", queryset=DocumentVersion.objects.select_related("created_by"))
        )
    )


# -- the charter ----------------------------------------------------------------------


class CharterView(APIView):
    """The program's charter: one document, many versions."""

    @extend_schema(
        operation_id="charter_retrieve",
        summary="The program's charter with a summary of its versions",
        parameters=[PROGRAM_CODE],
        responses={200: s.CharterSerializer, **error_responses(404)},
        tags=["charter"],
    )
    def get(self, request: Request, code: str) -> Response:
        program = visible_program(request, code)
        charter = get_object_or_404(policy.restrict(_charters(program), request.user, "view"))
        return Response(s.CharterSerializer(charter).data)

    @extend_schema(
        operation_id="charter_create",
        summary="Start the program's charter",
        description="Creates the charter with version 1 as a draft and moves the Play 3.1 "
        "activity to in progress. Editing roles of the customer or the provider.",
        parameters=[PROGRAM_CODE],
        request=s.CharterCreateSerializer,
        responses={
            201: s.CharterSerializer,
            **error_responses(
                400, 404, codes=[ErrorCode.INVALID_CONTENT, ErrorCode.DOCUMENT_EXISTS]
            ),
        },
        tags=["charter"],
    )
    def post(self, request: Request, code: str) -> Response:
        program = visible_program(request, code)
        probe = Document(program=program, kind=CHARTER, owning_party=CHARTER_KIND.owning_party)
        if not policy.can(request.user, "change", probe):
            raise Http404
        payload = s.CharterCreateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        services.document_create(
            acting_user=_user(request), program=program, kind=CHARTER, **payload.validated_data
        )
        charter = _charters(program).get()
        return Response(s.CharterSerializer(charter).data, status=status.HTTP_201_CREATED)


# -- its versions ---------------------------------------------------------------------


VERSION_NUMBER = OpenApiParameter(
    "number", int, OpenApiParameter.PATH, description="The version number (1, 2, ...)."
)
# PATCH bodies are documented as partial; this one needs both fields, so it is spelt out.
VERSION_CONTENT_BODY = {
    "type": "object",
    "required": ["content", "revision"],
    "properties": {
        "content": {"$ref": "#/components/schemas/CharterContent"},
        "revision": {
            "type": "integer",
            "minimum": 1,
            "description": s.VersionContentSerializer().fields["revision"].help_text,
        },
    },
}
EDIT_CODES = (ErrorCode.INVALID_CONTENT, ErrorCode.VERSION_LOCKED)
SIGN_CODES = (
    ErrorCode.NOT_A_SIGNATORY,
    ErrorCode.VERSION_NOT_IN_REVIEW,
    ErrorCode.ALREADY_SIGNED,
    ErrorCode.PARTY_ALREADY_SIGNED,
    ErrorCode.STALE_VERSION,
)


@extend_schema(parameters=[PROGRAM_CODE], tags=["charter"])
@extend_schema_view(
    list=extend_schema(
        summary="The charter's versions, newest first",
        responses={200: s.VersionSummarySerializer(many=True), **error_responses(404)},
    ),
    retrieve=extend_schema(
        summary="A version of the charter",
        parameters=[VERSION_NUMBER],
        responses={200: s.VersionSerializer, **error_responses(404)},
    ),
    create=extend_schema(
        summary="Start a new version",
        description="A new draft from the latest version's content, with the reason for it "
        "(a scope or timeline change, or another). Both sponsors sign it again.",
        parameters=[IDEMPOTENCY_KEY],
        request=s.VersionCreateSerializer,
        responses={
            201: s.VersionSerializer,
            **error_responses(
                400, 404, codes=[ErrorCode.REASON_REQUIRED, ErrorCode.OPEN_VERSION_EXISTS]
            ),
        },
    ),
    partial_update=extend_schema(
        summary="Save the content of a draft or a version in review",
        description="Replaces the content. `revision` is the revision the edit started from. "
        "Saving a version in review voids its signatures.",
        parameters=[VERSION_NUMBER],
        request={"application/json": VERSION_CONTENT_BODY},
        responses={
            200: s.VersionSerializer,
            **error_responses(400, 404, 409, codes=EDIT_CODES),
        },
    ),
    submit=extend_schema(
        summary="Submit a draft for review",
        description="Every required section, field and table must be filled in; the "
        "program's stakeholders are frozen into the version and its signatories emailed.",
        parameters=[VERSION_NUMBER],
        request=None,
        responses={
            200: s.VersionSerializer,
            **error_responses(
                400,
                404,
                codes=[ErrorCode.VERSION_NOT_IN_DRAFT, ErrorCode.REQUIRED_SECTION_EMPTY],
            ),
        },
    ),
    sign=extend_schema(
        summary="Sign a version in review for your party",
        description="A signatory of the customer and one of the provider sign; with both, "
        "the version is approved, the previous approved one superseded and the Play 3.1 "
        "activity done.",
        parameters=[VERSION_NUMBER],
        request=s.SignSerializer,
        responses={200: s.VersionSerializer, **error_responses(400, 404, codes=SIGN_CODES)},
    ),
    return_to_draft=extend_schema(
        summary="Return a version in review to draft",
        description="To rework it. A version that carries signatures needs a Program Manager "
        "or PMO Lead of an owning party and a `reason`; its signatures are voided and the "
        "signers emailed the reason.",
        parameters=[VERSION_NUMBER],
        request=s.ReturnToDraftSerializer,
        responses={
            200: s.VersionSerializer,
            **error_responses(
                400,
                403,
                404,
                codes=[ErrorCode.VERSION_NOT_IN_REVIEW, ErrorCode.REASON_REQUIRED],
            ),
        },
    ),
    export=extend_schema(
        summary="Export a version as PDF or Excel",
        description="A PDF of a version that is not approved says so on every page; every "
        "export carries the version, the date and the approval block.",
        parameters=[
            VERSION_NUMBER,
            OpenApiParameter(
                "format",
                str,
                OpenApiParameter.QUERY,
                required=True,
                enum=list(EXPORT_TYPES),
                description="`pdf` or `xlsx`.",
            ),
        ],
        responses={
            (200, EXPORT_TYPES["pdf"]): OpenApiResponse(
                OpenApiTypes.BINARY, description="The PDF, as an attachment."
            ),
            (200, EXPORT_TYPES["xlsx"]): OpenApiResponse(
                OpenApiTypes.BINARY, description="The Excel workbook, as an attachment."
            ),
            **error_responses(400, 404),
        },
    ),
    compare=extend_schema(
        summary="Compare two versions part by part",
        parameters=[s.CompareQuerySerializer],
        responses={200: s.ComparisonSerializer, **error_responses(400, 404)},
    ),
)
class CharterVersionViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    ProgramScopedViewSet[DocumentVersion],
):
    queryset = _versions()
    lookup_field = "number"
    lookup_value_regex = r"\d+"
    http_method_names = ["get", "post", "patch", "head", "options"]
    policy_actions = {"submit": "change", "return_to_draft": "change"}

    def get_serializer_class(self) -> type[s.VersionSummarySerializer]:
        return s.VersionSummarySerializer if self.action == "list" else s.VersionSerializer

    def _answer(self, version: DocumentVersion, code: int = status.HTTP_200_OK) -> Response:
        fresh = _versions().get(pk=version.pk)
        return Response(s.VersionSerializer(fresh).data, status=code)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        charter = get_object_or_404(
            policy.restrict(_charters(self.program), request.user, "change")
        )
        payload = s.VersionCreateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        return create_once(
            request,
            scope="document_version:create",
            create=lambda: self._answer(
                services.version_create_next(
                    acting_user=_user(request),
                    document=charter,
                    reason=payload.validated_data.get("reason", ""),
                    reason_text=payload.validated_data.get("reason_text", ""),
                ),
                status.HTTP_201_CREATED,
            ),
        )

    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        version = self.get_object()
        payload = s.VersionContentSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        version = services.version_update_content(
            acting_user=_user(request),
            version=version,
            content=payload.validated_data["content"],
            base_revision=payload.validated_data["revision"],
        )
        return self._answer(version)

    @action(detail=True, methods=["post"])
    def submit(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        version = services.version_submit(acting_user=_user(request), version=self.get_object())
        return self._answer(version)

    @action(detail=True, methods=["post"], url_path="return-to-draft")
    def return_to_draft(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        payload = s.ReturnToDraftSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        version = services.version_return_to_draft(
            acting_user=_user(request),
            version=self.get_object(),
            reason=payload.validated_data["reason"],
        )
        return self._answer(version)

    @action(detail=True, methods=["post"])
    def sign(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        version = self.get_object()
        payload = s.SignSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        services.version_sign(
            acting_user=_user(request),
            version=version,
            content_sha256=payload.validated_data.get("content_sha256"),
        )
        return self._answer(version)

    @action(detail=True, methods=["get"], content_negotiation_class=JSONErrorsNegotiation)
    def export(self, request: Request, *args: Any, **kwargs: Any) -> HttpResponse:
        from programs.exports import export_filename, render_document_pdf, render_document_xlsx

        version = self.get_object()
        query = s.ExportQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        ext = query.validated_data["format"]
        render = render_document_pdf if ext == "pdf" else render_document_xlsx
        response = HttpResponse(render(version), content_type=EXPORT_TYPES[ext])
        response["Content-Disposition"] = content_disposition_header(
            as_attachment=True, filename=export_filename(version, ext)
        )
        return response

    @action(detail=False, methods=["get"])
    def compare(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        query = s.CompareQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        a, b = query.validated_data["a"], query.validated_data["b"]
        versions = {v.number: v for v in self.get_queryset().filter(number__in=[a, b])}
        if a not in versions or b not in versions:
            raise Http404
        parts = compare_contents(CHARTER_KIND, versions[a].content, versions[b].content)
        data = {
            "a": a,
            "b": b,
            "parts": [
                {
                    "key": p.key,
                    "title": p.title,
                    "status": p.status,
                    "old": p.old,
                    "new": p.new,
                    "ops": p.ops,
                }
                for p in parts
            ],
        }
        return Response(s.ComparisonSerializer(data).data)
