"""``DocumentApi``: the versioned document API of one kind, and its hooks.

A kind's app mounts it with a few lines of ``api/urls.py``::

    api = DocumentApi(kind=CHARTER_KIND, path="charter", noun="charter", schema_name="Charter")
    urlpatterns = api.urlpatterns()

which serves ``/api/programs/{code}/<path>/`` (the document: GET, and POST to start it) and
``/api/programs/{code}/<path>/versions/`` (list, create, retrieve, PATCH, submit, sign,
return-to-draft, export, compare, and the review comments of a version: ``comments/``,
``comments/{comment}/disposition/``, ``comments/{comment}/concurrence/``,
``comments/matrix/``; see ``reviews.py``), tagged ``path``, with schema components
``<schema_name>``, ``<schema_name>Create``, ``<schema_name>Content`` and ``<version_schema_name>``.

A kind a program holds several times subclasses it, sets ``document_route`` (a regular
expression, e.g. ``r"(?P<document_id>\\d+)/"``) and overrides ``document_queryset(program,
**url_kwargs)``, the one place that knows which document a URL means.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.urls import URLPattern, URLResolver, path, re_path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework.routers import SimpleRouter

from pmo_portal.api import error_responses
from programs.api.base import PROGRAM_CODE
from programs.api.idempotency import IDEMPOTENCY_KEY
from programs.documents import DocumentKind, party_label
from programs.errors import ErrorCode
from programs.models import Document, Program

from . import serializers as s
from .reviews import review_schemas
from .views import EXPORT_TYPES, DocumentVersionViewSet, DocumentView

PROGRAM = r"programs/(?P<code>[-a-zA-Z0-9_]+)"

VERSION_NUMBER = OpenApiParameter(
    "number", int, OpenApiParameter.PATH, description="The version number (1, 2, ...)."
)
EDIT_CODES = (ErrorCode.INVALID_CONTENT, ErrorCode.VERSION_LOCKED)
SIGN_CODES = (
    ErrorCode.NOT_A_SIGNATORY,
    ErrorCode.VERSION_NOT_IN_REVIEW,
    ErrorCode.ALREADY_SIGNED,
    ErrorCode.PARTY_ALREADY_SIGNED,
    ErrorCode.STALE_VERSION,
)


class DocumentApi:
    """The API of one document kind. Subclass to override the hooks."""

    #: Regular expression of the document within ``<path>/``, for a kind held several times.
    document_route = ""

    def __init__(
        self,
        *,
        kind: DocumentKind,
        path: str,
        noun: str,
        schema_name: str,
        version_schema_name: str = "",
    ) -> None:
        self.kind = kind
        self.path = path
        #: Names its operations, tags and routes: the path with "/" as "-" ("raci-mous").
        self.name = path.replace("/", "-")
        self.noun = noun
        self.serializers = s.kind_serializers(
            kind,
            schema_name=schema_name,
            version_schema_name=version_schema_name or f"{schema_name}Version",
        )
        self.schema_name = schema_name

    def document_queryset(self, program: Program, **url_kwargs: Any) -> QuerySet[Document]:
        """The documents the URL addresses, at most one; by default the program's one
        document of the kind. Reads and writes restrict it by the access policy."""
        return Document.objects.filter(program=program, kind=self.kind.key)

    def urlpatterns(self) -> list[URLPattern | URLResolver]:
        route = f"{PROGRAM}/{self.path}/{self.document_route}"
        router = SimpleRouter()
        router.register(
            f"{route}versions", self.version_viewset(), basename=f"api-{self.name}-version"
        )
        view = self.document_view().as_view()
        name = f"api-{self.name}"
        document = (
            re_path(f"^{route}$", view, name=name)
            if self.document_route
            else path(f"programs/<slug:code>/{self.path}/", view, name=name)
        )
        return [document, *router.urls]

    # -- the views of the kind, with their schema ----------------------------------------

    def document_view(self) -> type[DocumentView]:
        noun, kind_api = self.noun, self
        editors = " or ".join(f"the {party_label(p).lower()}" for p in self.kind.editing_parties)

        @extend_schema_view(
            get=extend_schema(
                operation_id=f"{self.name}_retrieve",
                summary=f"The program's {noun} with a summary of its versions",
                description=f"The program's {noun}: one document, many versions.",
                parameters=[PROGRAM_CODE],
                responses={200: self.serializers.document, **error_responses(404)},
                tags=[self.name],
            ),
            post=extend_schema(
                operation_id=f"{self.name}_create",
                summary=f"Start the program's {noun}",
                description=f"Creates the {noun} with version 1 as a draft and moves the Play "
                f"3.1 activity to in progress. Editing roles of {editors}.",
                parameters=[PROGRAM_CODE],
                request=self.serializers.create,
                responses={
                    201: self.serializers.document,
                    **error_responses(
                        400, 404, codes=[ErrorCode.INVALID_CONTENT, ErrorCode.DOCUMENT_EXISTS]
                    ),
                },
                tags=[self.name],
            ),
        )
        class KindDocumentView(DocumentView):
            api = kind_api

        return KindDocumentView

    def version_viewset(self) -> type[DocumentVersionViewSet]:
        noun, kind_api, version = self.noun, self, self.serializers.version
        # PATCH bodies are documented as partial; this one needs both fields, so it is spelt
        # out.
        content_body = {
            "type": "object",
            "required": ["content", "revision"],
            "properties": {
                "content": {"$ref": f"#/components/schemas/{self.schema_name}Content"},
                "revision": {
                    "type": "integer",
                    "minimum": 1,
                    "description": s.VersionContentSerializer().fields["revision"].help_text,
                },
            },
        }

        @extend_schema(parameters=[PROGRAM_CODE], tags=[self.name])
        @extend_schema_view(
            list=extend_schema(
                summary=f"The {noun}'s versions, newest first",
                responses={200: s.VersionSummarySerializer(many=True), **error_responses(404)},
            ),
            retrieve=extend_schema(
                summary=f"A version of the {noun}",
                parameters=[VERSION_NUMBER],
                responses={200: version, **error_responses(404)},
            ),
            create=extend_schema(
                summary="Start a new version",
                description="A new draft from the latest version's content, with the reason for it "
                "(a scope or timeline change, or another). Its signatories sign it again.",
                parameters=[IDEMPOTENCY_KEY],
                request=s.VersionCreateSerializer,
                responses={
                    201: version,
                    **error_responses(
                        400, 404, codes=[ErrorCode.REASON_REQUIRED, ErrorCode.OPEN_VERSION_EXISTS]
                    ),
                },
            ),
            partial_update=extend_schema(
                summary="Save the content of a draft or a version in review",
                description="Replaces the content. `revision` is the revision the edit started "
                "from. Saving a version in review voids its signatures.",
                parameters=[VERSION_NUMBER],
                request={"application/json": content_body},
                responses={
                    200: version,
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
                    200: version,
                    **error_responses(
                        400,
                        404,
                        codes=[ErrorCode.VERSION_NOT_IN_DRAFT, ErrorCode.REQUIRED_SECTION_EMPTY],
                    ),
                },
            ),
            sign=extend_schema(
                summary="Sign a version in review for your party",
                description="Each signing requirement (`signing_requirements`) is met by a "
                "signature; with all of them met, the version is approved, the previous approved "
                "one superseded and the Play 3.1 activity done.",
                parameters=[VERSION_NUMBER],
                request=s.SignSerializer,
                responses={200: version, **error_responses(400, 404, codes=SIGN_CODES)},
            ),
            return_to_draft=extend_schema(
                summary="Return a version in review to draft",
                description="To rework it. A version that carries signatures needs a Program "
                "Manager or PMO Lead of an owning party and a `reason`; its signatures are voided "
                "and the signers emailed the reason.",
                parameters=[VERSION_NUMBER],
                request=s.ReturnToDraftSerializer,
                responses={
                    200: version,
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
            **review_schemas(noun, VERSION_NUMBER),
        )
        class KindVersionViewSet(DocumentVersionViewSet):
            api = kind_api

        return KindVersionViewSet


class DocumentVersionsApiById(DocumentApi):
    """The versions of one document of a kind a program holds several times, by the
    document's id: ``<path>/{document_id}/versions/...``. The documents themselves (list,
    start) are the kind's own viewset's, at ``<path>/``."""

    document_route = r"(?P<document_id>\d+)/"

    def document_queryset(self, program: Program, **url_kwargs: Any) -> QuerySet[Document]:
        return Document.objects.filter(
            program=program, kind=self.kind.key, pk=url_kwargs["document_id"]
        )

    def urlpatterns(self) -> list[URLPattern | URLResolver]:
        return [p for p in super().urlpatterns() if getattr(p, "name", "") != f"api-{self.name}"]
