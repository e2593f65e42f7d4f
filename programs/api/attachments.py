"""Files attached to register rows, under ``/api/programs/{code}/attachments/``: list a row's
files, attach one (multipart), read one's record, download it, remove it. A row is named by
``target_type`` (``app_label.model``, e.g. ``programs.onboardingitem``) and ``target_id``;
access is the row's, and whatever may not be reached answers 404."""

from __future__ import annotations

from typing import Any, cast

from django.contrib.auth.models import User
from django.http import FileResponse, Http404, HttpRequest
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from pmo_portal.api import ErrorSerializer, error_responses
from programs import policy
from programs.errors import ErrorCode
from programs.models import Attachment
from programs.services import attachments as attachment_services
from programs.uploads import limit_uploads
from programs.views.attachments import attachment_response

from .base import PROGRAM_CODE, ProgramScopedViewSet

TAG = "attachments"
TARGET_TYPE_HELP = (
    "The type of the row the file is attached to, as `app_label.model` "
    "(e.g. `programs.onboardingitem`)."
)
TARGET_PARAMETERS = [
    OpenApiParameter("target_type", str, required=True, description=TARGET_TYPE_HELP),
    OpenApiParameter("target_id", int, required=True, description="The row's id."),
]
ATTACHMENT_ID = OpenApiParameter(
    "uuid", OpenApiTypes.UUID, OpenApiParameter.PATH, description="The attachment's id."
)
ADD_CODES = (
    ErrorCode.FILE_REFUSED,
    ErrorCode.TOO_MANY_ATTACHMENTS,
)
TOO_LARGE_413 = OpenApiResponse(
    ErrorSerializer,
    description="The file is over ATTACHMENT_MAX_BYTES (`upload_too_large`), refused while it "
    "streamed in; nothing was stored.",
)


class AttachmentSerializer(serializers.ModelSerializer[Attachment]):
    id = serializers.UUIDField(source="uuid", read_only=True)
    target_type = serializers.SerializerMethodField(help_text=TARGET_TYPE_HELP)
    name = serializers.CharField(
        source="original_name", help_text="The uploader's file name, made safe."
    )
    size = serializers.IntegerField(help_text="Bytes.")
    sha256 = serializers.CharField(help_text="SHA-256 of the content, in hexadecimal.")
    media_type = serializers.CharField(help_text="The type detected from the content.")
    uploaded_by = serializers.CharField(
        source="uploaded_by_name", help_text="Username of who attached it."
    )
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = Attachment
        fields = [
            "id",
            "target_type",
            "target_id",
            "purpose",
            "name",
            "size",
            "sha256",
            "media_type",
            "uploaded_by",
            "uploaded_at",
            "download_url",
        ]
        read_only_fields = fields

    def get_target_type(self, obj: Attachment) -> str:
        return str(obj.target_type.app_label + "." + obj.target_type.model)

    def get_download_url(self, obj: Attachment) -> str:
        return reverse(
            "api-attachment-download", kwargs={"code": obj.program.code, "uuid": obj.uuid}
        )


class AttachmentTargetSerializer(serializers.Serializer):
    target_type = serializers.CharField(max_length=100, help_text=TARGET_TYPE_HELP)
    target_id = serializers.IntegerField(min_value=1, help_text="The row's id.")


class AttachmentUploadSerializer(AttachmentTargetSerializer):
    file = serializers.FileField(
        allow_empty_file=True,
        help_text="PDF, PNG, JPEG, GIF, Word, Excel, PowerPoint (.docx, .xlsx, .pptx), CSV or "
        "UTF-8 plain text; its content must be what its name says.",
    )
    purpose = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=80,
        help_text="What the file is for, e.g. `closure evidence` (one of the register's "
        "purposes where it offers some).",
    )


class AttachmentRemoveSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=1000, help_text="Why the file is removed.")


def _user(request: Request) -> User:
    return cast(User, request.user)


@extend_schema(parameters=[PROGRAM_CODE], tags=[TAG])
@extend_schema_view(
    list=extend_schema(
        summary="The files attached to a row",
        parameters=TARGET_PARAMETERS,
        responses={200: AttachmentSerializer(many=True), **error_responses(400, 404)},
    ),
    retrieve=extend_schema(
        summary="A file's record",
        parameters=[ATTACHMENT_ID],
        responses={200: AttachmentSerializer, **error_responses(404)},
    ),
    create=extend_schema(
        summary="Attach a file to a row",
        description="Multipart. Refused with nothing stored when the file is empty, over the "
        "size limit (413), of a type the portal does not take, not what its name says "
        "(checked on its content), or when the row already holds the most files it may. "
        "Who may attach files is the row's register's rule (by default its editors).",
        request={"multipart/form-data": AttachmentUploadSerializer},
        responses={
            201: AttachmentSerializer,
            **error_responses(400, 404, codes=ADD_CODES),
            413: TOO_LARGE_413,
        },
    ),
)
class AttachmentViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    ProgramScopedViewSet[Attachment],
):
    queryset = Attachment.objects.select_related("program", "target_type")
    serializer_class = AttachmentSerializer
    lookup_field = "uuid"
    lookup_value_regex = "[0-9a-f-]{36}"
    http_method_names = ["get", "post", "head", "options"]
    filter_backends: list[Any] = []

    def initialize_request(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Request:
        # Before anything (the session's CSRF check included) reads the body.
        if request.method == "POST":
            limit_uploads(request, kind=attachment_services.UPLOAD_KIND)
        return super().initialize_request(request, *args, **kwargs)

    def _target(self, data: Any) -> Any:
        where = AttachmentTargetSerializer(data=data)
        where.is_valid(raise_exception=True)
        target = attachment_services.attachment_target(
            user=self.request.user, program=self.program, **where.validated_data
        )
        if target is None:
            raise Http404
        return target

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):
            return Attachment.objects.none()
        target = self._target(self.request.query_params)
        return attachment_services.attachments_of(target).select_related("target_type")

    def get_object(self) -> Attachment:
        attachment = attachment_services.attachment_get(
            user=self.request.user, program=self.program, uuid=self.kwargs["uuid"]
        )
        if attachment is None:
            raise Http404
        return attachment

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        target = self._target(request.data)
        if not policy.can_attach(request.user, target):
            raise Http404
        payload = AttachmentUploadSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        attachment = attachment_services.attachment_add(
            acting_user=_user(request),
            target=target,
            uploaded_file=payload.validated_data["file"],
            purpose=payload.validated_data.get("purpose", ""),
        )
        return Response(self.get_serializer(attachment).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Download a file",
        description="The file itself, as an attachment under its safe name, declared as the "
        "type its content was checked to be. Every download is audited.",
        parameters=[ATTACHMENT_ID],
        responses={
            (200, "application/octet-stream"): OpenApiResponse(OpenApiTypes.BINARY),
            **error_responses(404),
        },
    )
    @action(detail=True, methods=["get"], url_path="download", url_name="download")
    def download(self, request: Request, *args: Any, **kwargs: Any) -> FileResponse:
        attachment = self.get_object()
        stream = attachment_services.attachment_download(
            acting_user=_user(request), attachment=attachment
        )
        return attachment_response(attachment, stream)

    @extend_schema(
        summary="Remove a file",
        description="The file is no longer listed or downloadable; its record (name, size, "
        "SHA-256, who attached and removed it, why) stays in the audit trail.",
        parameters=[ATTACHMENT_ID],
        request=AttachmentRemoveSerializer,
        responses={204: None, **error_responses(400, 404)},
    )
    @action(detail=True, methods=["post"], url_path="remove", url_name="remove")
    def remove(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        attachment = self.get_object()
        if not policy.can(request.user, "change", attachment):
            raise Http404
        payload = AttachmentRemoveSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        attachment_services.attachment_remove(
            acting_user=_user(request),
            attachment=attachment,
            reason=payload.validated_data["reason"],
        )
        return Response(status=status.HTTP_204_NO_CONTENT)
