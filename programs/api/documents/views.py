"""The versioned document API of a kind: its document, the versions, their life cycle (edit,
submit, sign, return to draft, new version), comparison and exports. ``DocumentApi`` makes
a kind's subclasses of these views, with their schema."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from django.contrib.auth.models import User
from django.db.models import Prefetch, QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.http import content_disposition_header
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from programs import policy
from programs.api.base import JSONErrorsNegotiation, ProgramScopedViewSet, visible_program
from programs.api.idempotency import create_once
from programs.conditional import ConditionalGetMixin
from programs.documents import compare_contents
from programs.models import Document, DocumentVersion, Signature
from programs.services import documents as services

from . import serializers as s
from .reviews import ReviewActions

if TYPE_CHECKING:
    from .registration import DocumentApi

EXPORT_TYPES = {
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _user(request: Request) -> User:
    # Every view requires a login (DEFAULT_PERMISSION_CLASSES), so the user is a real one.
    return cast(User, request.user)


def versions_queryset() -> QuerySet[DocumentVersion]:
    return DocumentVersion.objects.select_related(
        "document__program", "created_by", "updated_by"
    ).prefetch_related(
        Prefetch("signatures", queryset=Signature.objects.select_related("signer")),
        services.NAMED_SIGNERS,
    )


def _with_versions(documents: QuerySet[Document]) -> QuerySet[Document]:
    return documents.select_related("program").prefetch_related(
        Prefetch("versions", queryset=DocumentVersion.objects.select_related("created_by"))
    )


def _document_kwargs(kwargs: dict[str, Any]) -> dict[str, Any]:
    """The URL kwargs that address the document (none for a kind held once)."""
    return {k: v for k, v in kwargs.items() if k not in ("code", "number", "format")}


# -- the document ---------------------------------------------------------------------


class DocumentView(ConditionalGetMixin, APIView):
    """The program's document of the kind: one document, many versions."""

    api: DocumentApi

    def get(self, request: Request, code: str, **kwargs: Any) -> Response:
        program = visible_program(request, code)
        documents = self.api.document_queryset(program, **_document_kwargs(kwargs))
        document = get_object_or_404(
            policy.restrict(_with_versions(documents), request.user, "view")
        )
        return Response(self.api.serializers.document(document).data)

    def post(self, request: Request, code: str, **kwargs: Any) -> Response:
        api = self.api
        program = visible_program(request, code)
        probe = Document(program=program, kind=api.kind.key, owning_party=api.kind.owning_party)
        if not policy.can(request.user, "change", probe):
            raise Http404
        payload = api.serializers.create(data=request.data)
        payload.is_valid(raise_exception=True)
        document = services.document_create(
            acting_user=_user(request), program=program, kind=api.kind.key, **payload.validated_data
        )
        fresh = _with_versions(Document.objects.filter(pk=document.pk)).get()
        return Response(api.serializers.document(fresh).data, status=status.HTTP_201_CREATED)


# -- its versions ---------------------------------------------------------------------


class DocumentVersionViewSet(
    ReviewActions,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    ProgramScopedViewSet[DocumentVersion],
):
    api: DocumentApi
    queryset = versions_queryset()
    lookup_field = "number"
    lookup_value_regex = r"\d+"
    http_method_names = ["get", "post", "patch", "head", "options"]
    policy_actions = {"submit": "change", "return_to_draft": "change"}

    def documents(self) -> QuerySet[Document]:
        """The document the URL addresses (``DocumentApi.document_queryset``)."""
        return self.api.document_queryset(self.program, **_document_kwargs(self.kwargs))

    def get_queryset(self) -> QuerySet[DocumentVersion]:
        return super().get_queryset().filter(document__in=self.documents())

    def get_serializer_class(self) -> type[s.VersionSummarySerializer]:
        if self.action == "list":
            return s.VersionSummarySerializer
        return self.api.serializers.version

    def _answer(self, version: DocumentVersion, code: int = status.HTTP_200_OK) -> Response:
        fresh = versions_queryset().get(pk=version.pk)
        return Response(self.api.serializers.version(fresh).data, status=code)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        document = get_object_or_404(
            policy.restrict(_with_versions(self.documents()), request.user, "change")
        )
        payload = s.VersionCreateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        return create_once(
            request,
            scope="document_version:create",
            create=lambda: self._answer(
                services.version_create_next(
                    acting_user=_user(request),
                    document=document,
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
        parts = compare_contents(
            self.api.kind,
            services.content_for_reading(versions[a]),
            services.content_for_reading(versions[b]),
        )
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
