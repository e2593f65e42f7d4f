"""A background job through the API: what a 202 from a long operation points to. Poll it
until ``status`` is ``done`` (then read ``result``) or ``failed`` (then ``error``)."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django.urls import reverse
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from pmo_portal.api import ProblemSerializer, enum_field, error_responses
from programs import selectors
from programs.choices import JobStatus
from programs.models import Job

from .base import PROGRAM_CODE, visible_program

JOB_ID = OpenApiParameter("job_id", int, OpenApiParameter.PATH, description="The job's id.")


class JobProgressSerializer(serializers.Serializer):
    done = serializers.IntegerField()
    total = serializers.IntegerField(help_text="0 when the job does not count its work.")
    percent = serializers.IntegerField(allow_null=True)


class JobErrorSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="The stable error code, as the API's 400s carry.")
    detail = serializers.CharField()
    problems = ProblemSerializer(many=True)


class JobSerializer(serializers.ModelSerializer[Job]):
    status = enum_field(JobStatus)
    progress = serializers.SerializerMethodField()
    error = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField(help_text="This job in the API: poll it.")
    page_url = serializers.SerializerMethodField(help_text="This job's page in the portal.")
    result = serializers.JSONField(help_text="What the job made, once done.")

    class Meta:
        model = Job
        fields = [
            "id",
            "kind",
            "title",
            "status",
            "step",
            "progress",
            "result",
            "error",
            "created_at",
            "started_at",
            "finished_at",
            "url",
            "page_url",
        ]

    @extend_schema_field(JobProgressSerializer)
    def get_progress(self, job: Job) -> dict[str, Any]:
        return JobProgressSerializer(
            {
                "done": job.done_count,
                "total": job.total_count,
                "percent": selectors.job_percent(job),
            }
        ).data

    @extend_schema_field(JobErrorSerializer(allow_null=True))
    def get_error(self, job: Job) -> dict[str, Any] | None:
        if job.status != JobStatus.FAILED:
            return None
        return JobErrorSerializer(
            {"code": job.error_code, "detail": job.error_message, "problems": job.error_problems}
        ).data

    @extend_schema_field(serializers.CharField())
    def get_url(self, job: Job) -> str:
        return job_api_url(job)

    @extend_schema_field(serializers.CharField())
    def get_page_url(self, job: Job) -> str:
        return job.get_absolute_url()


def job_api_url(job: Job) -> str:
    return reverse("api-job", kwargs={"code": job.program.code, "job_id": job.pk})


class JobView(APIView):
    @extend_schema(
        operation_id="job_retrieve",
        summary="A background job: its status, step, progress, and result or error",
        description="Any member of the program. Poll until `status` is `done` or `failed`.",
        parameters=[PROGRAM_CODE, JOB_ID],
        responses={200: JobSerializer, **error_responses(404)},
        tags=["jobs"],
    )
    def get(self, request: Request, code: str, job_id: int) -> Response:
        program = visible_program(request, code)
        job = selectors.job_get(user=request.user, program=program, pk=job_id)
        if job is None:
            raise Http404
        return Response(JobSerializer(job).data)
