"""The readiness and the review package through the API, under
/api/programs/{code}/reports/readiness/: the readiness (members read), the package build as
a job (202 with the job to poll; the Program Managers and PMO Leads of the customer and the
provider), a package job's status and a built package's PDF (members). Whoever may not take
an action gets 404, as on the pages."""

from __future__ import annotations

from typing import Any, cast

from django.contrib.auth.models import User
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from pmo_portal.api import error_responses
from programs.api.base import PROGRAM_CODE, visible_program
from programs.api.jobs import JobSerializer
from programs.conditional import ConditionalGetMixin

from ..rules import may_build
from . import package
from .selectors import Readiness, readiness_of
from .states import LABELS

TAGS = ["Progress review readiness"]
JOB_ID = OpenApiParameter("job_id", int, OpenApiParameter.PATH, description="The package job's id.")


class ArtifactStateSerializer(serializers.Serializer[Any]):
    key = serializers.CharField()
    name = serializers.CharField()
    state = serializers.ChoiceField(
        choices=[(s.value, label) for s, label in LABELS.items()],
        help_text="`unavailable`: the portal does not keep it yet; not counted.",
    )
    state_label = serializers.CharField(source="label", help_text="The state in words.")
    summary = serializers.CharField(help_text="Where it stands, e.g. “Version 2 approved on …”.")
    blocker = serializers.CharField(help_text="What keeps it from being ready; empty if ready.")
    on = serializers.DateField(
        allow_null=True, help_text="The date its state rests on (approved, agreed, released)."
    )
    version_number = serializers.IntegerField(
        allow_null=True, help_text="The approved version the package carries (documents)."
    )
    url = serializers.CharField(help_text="Its page in the portal.")


class CriterionSerializer(serializers.Serializer[Any]):
    key = serializers.CharField(source="criterion.key")
    title = serializers.CharField(source="criterion.title")
    rule = serializers.CharField(source="criterion.rule")
    met = serializers.BooleanField()
    counted = serializers.BooleanField(help_text="False when an artifact is not in the portal.")
    verdict = serializers.CharField()
    blockers = serializers.ListField(child=serializers.CharField())
    artifacts = ArtifactStateSerializer(many=True)


class ReadinessSerializer(serializers.Serializer[Any]):
    program = serializers.CharField(source="program.code")
    date = serializers.DateField(source="today")
    percent = serializers.IntegerField(help_text="Criteria met of those counted, rounded.")
    met = serializers.IntegerField(source="met_count")
    counted = serializers.IntegerField(source="counted_count")
    criteria = CriterionSerializer(many=True, source="rows")


def _user(request: Request) -> User:
    return cast(User, request.user)


@extend_schema(parameters=[PROGRAM_CODE], tags=TAGS)
class ReadinessView(ConditionalGetMixin, APIView):
    @extend_schema(
        operation_id="readiness_retrieve",
        summary="The program's readiness for its Phase 3 progress review",
        description="Every member: each exit criterion with its artifacts' states read from "
        "the portal, whether it is met, what blocks it, and the readiness percentage.",
        responses={200: ReadinessSerializer, **error_responses(404)},
    )
    def get(self, request: Request, code: str) -> Response:
        readiness: Readiness = readiness_of(program=visible_program(request, code))
        return Response(ReadinessSerializer(readiness).data)


@extend_schema(parameters=[PROGRAM_CODE], tags=TAGS)
class PackageListView(APIView):
    @extend_schema(
        operation_id="readiness_packages_list",
        summary="The program's review package jobs, newest first",
        description="Every member. A done job's `result.url` downloads its package.",
        responses={200: JobSerializer(many=True), **error_responses(404)},
    )
    def get(self, request: Request, code: str) -> Response:
        program = visible_program(request, code)
        jobs = list(package.package_jobs(program)[:20])
        for job in jobs:
            job.program = program
        return Response(JobSerializer(jobs, many=True).data)

    @extend_schema(
        operation_id="readiness_packages_create",
        summary="Build the review package (a background job)",
        description="The Program Managers and PMO Leads of the customer and the provider. "
        "Answers 202 with the job; poll its `url` until `status` is `done` (its `result.url` "
        "downloads the PDF) or `failed` (its `error` says why, and no package was kept). One "
        "package is built per program at a time: 400 while one is queued or running.",
        request=None,
        responses={202: JobSerializer, **error_responses(400, 404)},
    )
    def post(self, request: Request, code: str) -> Response:
        program = visible_program(request, code)
        if not may_build(request.user, program):
            raise Http404
        job = package.package_build_start(
            acting_user=_user(request),
            program=program,
            request_key=str(request.headers.get("Idempotency-Key", "")),
        )
        body = JobSerializer(job).data
        return Response(body, status=status.HTTP_202_ACCEPTED, headers={"Location": body["url"]})


def _job(request: Request, code: str, job_id: int) -> Any:
    program = visible_program(request, code)
    job = package.package_get(program=program, pk=job_id)
    if job is None:
        raise Http404
    return job


@extend_schema(parameters=[PROGRAM_CODE, JOB_ID], tags=TAGS)
class PackageView(APIView):
    @extend_schema(
        operation_id="readiness_package_retrieve",
        summary="A review package job: its status, step, progress, and result or error",
        responses={200: JobSerializer, **error_responses(404)},
    )
    def get(self, request: Request, code: str, job_id: int) -> Response:
        return Response(JobSerializer(_job(request, code, job_id)).data)


@extend_schema(parameters=[PROGRAM_CODE, JOB_ID], tags=TAGS)
class PackageDownloadView(APIView):
    @extend_schema(
        operation_id="readiness_package_download",
        summary="A built review package as a PDF",
        description="Every member; 404 until the job is done.",
        responses={
            (200, "application/pdf"): OpenApiResponse(
                OpenApiTypes.BINARY, description="The PDF, as an attachment."
            ),
            **error_responses(404),
        },
    )
    def get(self, request: Request, code: str, job_id: int) -> FileResponse:
        job = _job(request, code, job_id)
        path = package.package_file(job)
        if path is None or not default_storage.exists(path):
            raise Http404
        return FileResponse(
            default_storage.open(path, "rb"),
            as_attachment=True,
            filename=f"{code}-progress-review-package-{job.created_at:%Y-%m-%d}.pdf",
            content_type="application/pdf",
        )
