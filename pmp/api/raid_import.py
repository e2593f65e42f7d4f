"""The RAID log's import under /api/programs/{code}/pmp/raid/items/import/: a workbook with
the export's headers, imported all or nothing (``services.raid_import``)."""

from __future__ import annotations

from typing import Any, cast

from django.contrib.auth.models import User
from django.http import Http404, HttpRequest
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.parsers import MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from pmo_portal.api import ErrorSerializer, error_responses
from programs.api.base import PROGRAM_CODE, visible_program
from programs.errors import DomainError, ErrorCode
from programs.uploads import limit_uploads

from ..services.raid_import import raid_import
from ..services.raid_rules import may_create_any

UPLOAD_KIND = "raid"


class RaidImportSerializer(serializers.Serializer[Any]):
    file = serializers.FileField(help_text="The workbook (.xlsx).")


class RaidImportResultSerializer(serializers.Serializer[Any]):
    created = serializers.ListField(
        child=serializers.CharField(), help_text="References of the new items, in sheet order."
    )
    updated = serializers.ListField(
        child=serializers.CharField(), help_text="References of the items that changed."
    )
    unchanged = serializers.IntegerField(help_text="Rows that changed nothing.")


@extend_schema(parameters=[PROGRAM_CODE], tags=["RAID log"])
class RaidImportView(APIView):
    parser_classes = [MultiPartParser]

    def initialize_request(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Request:
        # Before anything (the session's CSRF check included) reads the body.
        limit_uploads(request, kind=UPLOAD_KIND)
        return super().initialize_request(request, *args, **kwargs)

    @extend_schema(
        operation_id="raid_import",
        summary="Import the RAID log from an Excel workbook, all or nothing",
        description="Columns by the export's headers (Type, Title and Owning party needed). "
        "A row with a reference (R-12) changes that item, only the cells that differ; a row "
        "without one records a new item. A different Status, Done or Last reviewed takes one "
        "step of the item's life cycle by that step's rules; Change request and Links name "
        "objects of the program by reference (R-2, CR-3, IVV-004, Task 14), and the item's "
        "links become those of the row. "
        "Editors change the items their party owns and shared ones. Any problem refuses "
        "the whole file (`import_invalid`, with `problems`: row, column, cell, place "
        "(RAID log!F7) and detail of each, every rule a row breaks, "
        "the first 200, and `more_problems`); nothing is written. Audited.",
        request={"multipart/form-data": RaidImportSerializer},
        responses={
            200: RaidImportResultSerializer,
            **error_responses(400, 404, codes=[ErrorCode.IMPORT_INVALID]),
            413: OpenApiResponse(
                ErrorSerializer,
                description="The file is over the size limit of RAID log workbooks "
                "(`upload_too_large`); nothing was read.",
            ),
        },
    )
    def post(self, request: Request, code: str) -> Response:
        program = visible_program(request, code)
        if not may_create_any(request.user, program):
            raise Http404
        upload = request.FILES.get("file")
        if upload is None:
            raise DomainError("Send the workbook as `file`.", field="file")
        result = raid_import(
            acting_user=cast(User, request.user),
            program=program,
            data=upload.read(),
            filename=upload.name or "workbook.xlsx",
        )
        return Response(
            RaidImportResultSerializer(
                {
                    "created": result.created,
                    "updated": result.updated,
                    "unchanged": result.unchanged,
                }
            ).data
        )
