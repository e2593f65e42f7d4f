"""The review comments of a version in the API of every document kind:
``versions/{number}/comments/`` (list, create), ``.../comments/{comment}/disposition/``,
``.../comments/{comment}/concurrence/`` (``comment`` is the comment's number: 4 for C-004)
and ``.../comments/matrix/`` (GET: the comment resolution matrix in Excel; POST: import it).
``ReviewActions`` is mixed into the kind's version viewset; ``review_schemas`` documents it."""

from __future__ import annotations

from typing import Any, cast

from django.contrib.auth.models import User
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.http import content_disposition_header
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.parsers import JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from pmo_portal.api import enum_field, error_responses
from programs import review_excel
from programs import reviews as rules
from programs.api.base import JSONErrorsNegotiation
from programs.choices import CommentType, Concurrence, Disposition, Party
from programs.errors import DomainError, ErrorCode
from programs.models import DocumentVersion, ReviewComment
from programs.services import reviews as services
from programs.uploads import check_size

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class ReviewCommentSerializer(serializers.ModelSerializer[ReviewComment]):
    id = serializers.CharField(source="label", read_only=True, help_text="C-001, C-002, ...")
    version = serializers.IntegerField(source="version.number", read_only=True)
    author_party = enum_field(Party)
    anchor_title = serializers.SerializerMethodField()
    type = enum_field(CommentType)
    disposition = serializers.CharField(
        help_text="`accepted`, `accepted_with_modification`, `rejected`, `deferred`, or empty."
    )
    concurrence = serializers.CharField(help_text="`concur`, `non_concur`, or empty.")

    class Meta:
        model = ReviewComment
        fields = [
            "id",
            "number",
            "version",
            "author_name",
            "author_party",
            "anchor",
            "anchor_title",
            "quote",
            "type",
            "text",
            "proposed_change",
            "created_at",
            "disposition",
            "disposition_text",
            "deferred_to",
            "dispositioned_at",
            "concurrence",
            "concurrence_reason",
            "concurred_at",
        ]
        read_only_fields = fields

    def get_anchor_title(self, comment: ReviewComment) -> str:
        titles = {a.key: a.title for a in rules.anchors(comment.document.definition)}
        return titles.get(comment.anchor, comment.anchor)


class CommentCreateSerializer(serializers.Serializer[Any]):
    anchor = serializers.CharField(
        max_length=80, help_text="A part of the kind: `sections.<key>`, `fields.<key>`, ..."
    )
    type = serializers.CharField(max_length=20, help_text="editorial, substantive or critical")
    text = serializers.CharField(max_length=rules.COMMENT_MAX_LENGTH)
    quote = serializers.CharField(
        max_length=rules.QUOTE_MAX_LENGTH, required=False, allow_blank=True
    )
    proposed_change = serializers.CharField(
        max_length=rules.PROPOSED_CHANGE_MAX_LENGTH, required=False, allow_blank=True
    )


class DispositionSerializer(serializers.Serializer[Any]):
    disposition = serializers.ChoiceField(choices=Disposition.choices)
    text = serializers.CharField(
        max_length=rules.DISPOSITION_TEXT_MAX_LENGTH,
        required=False,
        allow_blank=True,
        help_text="The rationale of a rejection (required) or what was changed instead "
        "(required for accepted with modification).",
    )
    deferred_to = serializers.IntegerField(
        required=False, allow_null=True, min_value=1, help_text="A later version number."
    )


class ConcurrenceSerializer(serializers.Serializer[Any]):
    concurrence = serializers.ChoiceField(choices=Concurrence.choices)
    reason = serializers.CharField(
        max_length=rules.CONCURRENCE_REASON_MAX_LENGTH,
        required=False,
        allow_blank=True,
        help_text="Required for a non-concurrence.",
    )


class MatrixImportSerializer(serializers.Serializer[Any]):
    file = serializers.FileField()


class MatrixImportResultSerializer(serializers.Serializer[Any]):
    created = serializers.IntegerField()
    dispositioned = serializers.IntegerField()
    concurred = serializers.IntegerField()
    unchanged = serializers.IntegerField()


def _user(request: Request) -> User:
    return cast(User, request.user)


class ReviewActions:
    """The comment actions of a version viewset (mixed into ``DocumentVersionViewSet``)."""

    get_object: Any

    def _comment(self, version: DocumentVersion, number: str) -> ReviewComment:
        return get_object_or_404(
            ReviewComment.objects.select_related("version", "document__program"),
            version=version,
            number=int(number),
        )

    @action(detail=True, methods=["get", "post"], url_path="comments", parser_classes=[JSONParser])
    def comments(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        version = self.get_object()
        if request.method == "GET":
            comments = review_excel.version_comments(version).select_related("version", "document")
            return Response(ReviewCommentSerializer(comments, many=True).data)
        payload = CommentCreateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        made = services.comment_create(
            acting_user=_user(request), version=version, **payload.validated_data
        )
        return Response(ReviewCommentSerializer(made).data, status=status.HTTP_201_CREATED)

    @action(
        detail=True,
        methods=["post"],
        url_path=r"comments/(?P<comment>\d+)/disposition",
        parser_classes=[JSONParser],
    )
    def comment_disposition(
        self, request: Request, *args: Any, comment: str, **kwargs: Any
    ) -> Response:
        made = self._comment(self.get_object(), comment)
        payload = DispositionSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        made = services.comment_disposition_set(
            acting_user=_user(request),
            comment=made,
            disposition=data["disposition"],
            text=data.get("text", ""),
            deferred_to=data.get("deferred_to"),
        )
        return Response(ReviewCommentSerializer(made).data)

    @action(
        detail=True,
        methods=["post"],
        url_path=r"comments/(?P<comment>\d+)/concurrence",
        parser_classes=[JSONParser],
    )
    def comment_concurrence(
        self, request: Request, *args: Any, comment: str, **kwargs: Any
    ) -> Response:
        made = self._comment(self.get_object(), comment)
        payload = ConcurrenceSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        made = services.comment_concurrence_set(
            acting_user=_user(request),
            comment=made,
            concurrence=payload.validated_data["concurrence"],
            reason=payload.validated_data.get("reason", ""),
        )
        return Response(ReviewCommentSerializer(made).data)

    @action(
        detail=True,
        methods=["get", "post"],
        url_path="comments/matrix",
        parser_classes=[MultiPartParser],
        content_negotiation_class=JSONErrorsNegotiation,
    )
    def comments_matrix(self, request: Request, *args: Any, **kwargs: Any) -> Any:
        version = self.get_object()
        if request.method == "GET":
            response = HttpResponse(review_excel.export_matrix(version), content_type=XLSX)
            response["Content-Disposition"] = content_disposition_header(
                as_attachment=True, filename=review_excel.matrix_filename(version)
            )
            return response
        upload = request.FILES.get("file")
        if upload is None:
            raise DomainError("Send the workbook as `file`.", field="file")
        check_size(kind="comments", size=upload.size or 0)
        result = review_excel.import_matrix(
            acting_user=_user(request), version=version, data=upload.read()
        )
        return Response(MatrixImportResultSerializer(result).data)


COMMENT_NUMBER = OpenApiParameter(
    "comment", int, OpenApiParameter.PATH, description="The comment's number: 4 for C-004."
)


def review_schemas(noun: str, version_number: OpenApiParameter) -> dict[str, Any]:
    """The ``extend_schema_view`` entries of the comment actions."""
    return {
        "comments": [
            extend_schema(
                methods=["GET"],
                summary=f"The review comments made on a version of the {noun}",
                parameters=[version_number],
                responses={200: ReviewCommentSerializer(many=True), **error_responses(404)},
            ),
            extend_schema(
                methods=["POST"],
                summary="Comment on a version in review",
                description="Members of the customer and the provider (not viewers) and the "
                "IV&V agent, while the version is in review. `anchor` names a part of the kind; "
                "`quote`, when given, must be in that part.",
                parameters=[version_number],
                request=CommentCreateSerializer,
                responses={
                    201: ReviewCommentSerializer,
                    **error_responses(
                        400,
                        404,
                        codes=[
                            ErrorCode.COMMENT_INVALID,
                            ErrorCode.VERSION_NOT_IN_REVIEW,
                            ErrorCode.NOT_A_COMMENTER,
                        ],
                    ),
                },
            ),
        ],
        "comment_disposition": extend_schema(
            summary="Disposition a review comment",
            description="Editors of the document's owning party, until the version is approved. "
            "A rejection needs its rationale; a deferral a later version.",
            parameters=[version_number, COMMENT_NUMBER],
            request=DispositionSerializer,
            responses={
                200: ReviewCommentSerializer,
                **error_responses(
                    400, 404, codes=[ErrorCode.DISPOSITION_INVALID, ErrorCode.VERSION_LOCKED]
                ),
            },
        ),
        "comment_concurrence": extend_schema(
            summary="Concur or non-concur with a comment's disposition",
            description="The reviewer, or for a comment of the customer or the provider a "
            "member of that party. A non-concurrence needs its reason.",
            parameters=[version_number, COMMENT_NUMBER],
            request=ConcurrenceSerializer,
            responses={
                200: ReviewCommentSerializer,
                **error_responses(
                    400, 404, codes=[ErrorCode.DISPOSITION_INVALID, ErrorCode.VERSION_LOCKED]
                ),
            },
        ),
        "comments_matrix": [
            extend_schema(
                methods=["GET"],
                summary="The comment resolution matrix of a version, in Excel",
                parameters=[version_number],
                responses={
                    (200, XLSX): OpenApiResponse(
                        OpenApiTypes.BINARY, description="The workbook, as an attachment."
                    ),
                    **error_responses(404),
                },
            ),
            extend_schema(
                methods=["POST"],
                summary="Import a comment resolution matrix, all or nothing",
                description="Rows without an id become comments of the importing user; rows "
                "with an id change the disposition or the concurrence. Every problem is "
                "reported with its cell in `problems`.",
                parameters=[version_number],
                request={"multipart/form-data": MatrixImportSerializer},
                responses={
                    200: MatrixImportResultSerializer,
                    **error_responses(400, 404, codes=[ErrorCode.IMPORT_INVALID]),
                },
            ),
        ],
    }
