"""The program's Integrated Master Schedule as a whole: its overview, start and settings, its import
and exports, and the DCMA 14-point assessment of it."""

from __future__ import annotations

import re
from dataclasses import fields
from datetime import date
from typing import Any, cast

from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.http import content_disposition_header
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from pmo_portal.api import ErrorSerializer, error_responses
from programs import policy
from programs.api.base import PROGRAM_CODE, JSONErrorsNegotiation, visible_program
from programs.api.jobs import JobSerializer
from programs.conditional import ConditionalGetMixin
from programs.errors import DomainError, ErrorCode, PermissionRefused
from programs.uploads import limit_uploads
from schedule.engine.earned import EarnedValue
from schedule.engine.timephase import Period
from schedule.models import Schedule
from schedule.selectors.control import dcma_report
from schedule.selectors.earned_value import earned_value_basis, planned_value_curve
from schedule.selectors.tasks import schedule_summary
from schedule.services import baselines as baseline_services
from schedule.services import schedules as schedule_services
from schedule.services.files import export_filename, export_schedule_file
from schedule.services.imports import UPLOAD_KIND, import_job_start

from ..serializers.earned_value import EarnedValueBasisSerializer
from ..serializers.schedule import (
    DcmaSerializer,
    ImportSerializer,
    ScheduleCreateSerializer,
    ScheduleOverview,
    ScheduleSerializer,
    ScheduleUpdateSerializer,
)
from .common import (
    NO_SCHEDULE_404,
    SCHEDULE_INVALID_TEXT,
    SCHEDULE_TAG,
    TASK_CODES,
    problems_400,
    request_user,
    schedule_of,
)

KEY = re.compile(r"[-\w]{1,64}", re.ASCII)
XML_TYPE = "application/xml"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _overview(schedule: Schedule) -> dict[str, Any]:
    summary = schedule_summary(schedule)
    counts = Schedule.objects.filter(pk=schedule.pk).aggregate(
        dependencies=Count("dependencies", distinct=True),
        baselines=Count("baselines", distinct=True),
    )
    overview = ScheduleOverview(
        schedule=schedule,
        counts={
            "tasks": summary.task_count,
            "milestones": summary.milestone_count,
            "summary_tasks": summary.summary_count,
            "critical_tasks": summary.critical_count,
            "dependencies": counts["dependencies"],
            "baselines": counts["baselines"],
            "open_change_requests": summary.open_change_requests,
        },
        agreed_baseline=summary.agreed,
        finish_variance_days=summary.finish_variance_days,
    )
    return cast(dict[str, Any], ScheduleSerializer(overview).data)


IMPORT_INVALID_TEXT = (
    "`import_invalid` carries `problems`: [{`location`, `message`}], every problem found in "
    "the file with where it is; nothing was changed."
)


class ScheduleView(ConditionalGetMixin, APIView):
    """The program's Integrated Master Schedule."""

    @extend_schema(
        operation_id="schedule_retrieve",
        summary="The program's schedule: dates, counts, agreed baseline and finish variance",
        description="Any member of the program." + NO_SCHEDULE_404,
        parameters=[PROGRAM_CODE],
        responses={200: ScheduleSerializer, **error_responses(404)},
        tags=[SCHEDULE_TAG],
    )
    def get(self, request: Request, code: str) -> Response:
        schedule = schedule_of(visible_program(request, code))
        return Response(_overview(schedule))

    @extend_schema(
        operation_id="schedule_create",
        summary="Start an empty schedule",
        description="With the standard calendar (8:00-12:00 and 13:00-17:00, Monday to "
        "Friday, US federal holidays). Editing roles of the customer or the provider.",
        parameters=[PROGRAM_CODE],
        request=ScheduleCreateSerializer,
        responses={
            201: ScheduleSerializer,
            **error_responses(400, 404, codes=[ErrorCode.SCHEDULE_EXISTS]),
        },
        tags=[SCHEDULE_TAG],
    )
    def post(self, request: Request, code: str) -> Response:
        program = visible_program(request, code)
        if not policy.can(request.user, "change", Schedule(program=program)):
            raise Http404
        payload = ScheduleCreateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        schedule = schedule_services.schedule_create(
            acting_user=request_user(request),
            program=program,
            name=payload.validated_data.get("name", ""),
            project_start=payload.validated_data["project_start"],
        )
        return Response(_overview(schedule), status=status.HTTP_201_CREATED)

    @extend_schema(
        operation_id="schedule_partial_update",
        summary="Change the schedule's name, status date, critical float, calendar or start",
        description="Recomputes the schedule. Under change control (an agreed baseline) the "
        "project start and the calendar change by change request only.",
        parameters=[PROGRAM_CODE],
        request=ScheduleUpdateSerializer,
        responses={
            200: ScheduleSerializer,
            **error_responses(400, 404, codes=TASK_CODES),
            400: problems_400(TASK_CODES, SCHEDULE_INVALID_TEXT),
        },
        tags=[SCHEDULE_TAG],
    )
    def patch(self, request: Request, code: str) -> Response:
        program = visible_program(request, code)
        schedule = schedule_of(program)
        if not policy.can(request.user, "change", schedule):
            raise Http404
        payload = ScheduleUpdateSerializer(data=request.data, context={"schedule": schedule})
        payload.is_valid(raise_exception=True)
        schedule = schedule_services.schedule_update(
            acting_user=request_user(request), schedule=schedule, **payload.validated_data
        )
        return Response(_overview(schedule))


IMPORT_CODES = (
    ErrorCode.IMPORT_INVALID,
    ErrorCode.TOO_MANY_TASKS,
    ErrorCode.UPLOAD_TOO_LARGE,
    ErrorCode.SCHEDULE_EXISTS,
    ErrorCode.SCHEDULE_INVALID,
    ErrorCode.UNDER_CHANGE_CONTROL,
)


TOO_LARGE_413 = OpenApiResponse(
    ErrorSerializer,
    description="The file is over the size limit for schedules (`upload_too_large`), refused "
    "while it streamed in; nothing was stored.",
)


class ScheduleImportView(APIView):
    parser_classes = [MultiPartParser, FormParser]

    def initialize_request(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Request:
        # Before anything (the session's CSRF check included) reads the body.
        limit_uploads(request, kind=UPLOAD_KIND)
        return super().initialize_request(request, *args, **kwargs)

    @extend_schema(
        operation_id="schedule_import",
        summary="Import the schedule from Microsoft Project XML or Excel, as a job",
        description="The file is checked at once (its kind, its size, its number of tasks, "
        "a schedule already there) and then imported by a background job: the answer is "
        "202 with the job, whose `url` to poll until its `status` is `done` (its `result` "
        "counts the tasks and dependencies and lists warnings) or `failed` (its `error` "
        "lists every problem with where it is in the file). All or nothing: a file with "
        "problems changes nothing. A program that has a schedule keeps it unless "
        "`replace`. The same file sent again with the same `Idempotency-Key` header is the "
        "same job. Editing roles of the customer or the provider.",
        parameters=[
            PROGRAM_CODE,
            OpenApiParameter(
                "Idempotency-Key",
                str,
                OpenApiParameter.HEADER,
                required=False,
                description="Up to 64 letters, digits, `-` or `_` naming this request.",
            ),
        ],
        request={"multipart/form-data": ImportSerializer},
        responses={
            202: JobSerializer,
            **error_responses(400, 404, codes=IMPORT_CODES),
            400: problems_400(IMPORT_CODES, IMPORT_INVALID_TEXT + " " + SCHEDULE_INVALID_TEXT),
            413: TOO_LARGE_413,
        },
        tags=[SCHEDULE_TAG],
    )
    def post(self, request: Request, code: str) -> Response:
        program = visible_program(request, code)
        if not policy.can(request.user, "change", Schedule(program=program)):
            raise Http404
        key = request.headers.get("Idempotency-Key", "")
        if key and not KEY.fullmatch(key):
            raise DomainError(
                "The Idempotency-Key header takes up to 64 letters, digits, - or _.",
                field="Idempotency-Key",
            )
        payload = ImportSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        upload = payload.validated_data["file"]
        job = import_job_start(
            acting_user=request_user(request),
            program=program,
            file=upload,
            filename=upload.name,
            replace=payload.validated_data["replace"],
            request_key=key,
        )
        job.refresh_from_db()
        job.program = program
        body = JobSerializer(job).data
        return Response(body, status=status.HTTP_202_ACCEPTED, headers={"Location": body["url"]})


class _ScheduleExportView(ConditionalGetMixin, APIView):
    content_negotiation_class = JSONErrorsNegotiation
    extension = ""
    content_type = ""

    def get(self, request: Request, code: str) -> HttpResponse:
        """The same file the pages and ``export_schedule`` give, with the agreed baseline."""
        schedule = schedule_of(self.conditional_program())
        suffix = f".{self.extension}"
        response = HttpResponse(
            export_schedule_file(schedule, suffix), content_type=self.content_type
        )
        response["Content-Disposition"] = content_disposition_header(
            as_attachment=True, filename=export_filename(schedule, suffix)
        )
        return response


class ScheduleXmlExportView(_ScheduleExportView):
    extension = "xml"
    content_type = XML_TYPE

    @extend_schema(
        operation_id="schedule_export_xml",
        summary="Export the schedule as Microsoft Project XML",
        description="With the computed early and late dates, slack and critical flags in "
        "Microsoft Project's units. Any member of the program." + NO_SCHEDULE_404,
        parameters=[PROGRAM_CODE],
        responses={
            (200, XML_TYPE): OpenApiResponse(
                OpenApiTypes.BINARY, description="The MSPDI file, as an attachment."
            ),
            **error_responses(400, 404, codes=[ErrorCode.SCHEDULE_INVALID]),
        },
        tags=[SCHEDULE_TAG],
    )
    def get(self, request: Request, code: str) -> HttpResponse:
        return super().get(request, code)


class ScheduleXlsxExportView(_ScheduleExportView):
    extension = "xlsx"
    content_type = XLSX_TYPE

    @extend_schema(
        operation_id="schedule_export_xlsx",
        summary="Export the schedule as an Excel workbook",
        description="Tasks, dependencies, the calendar and the DCMA results, in the layout "
        "the import reads back. Any member of the program." + NO_SCHEDULE_404,
        parameters=[PROGRAM_CODE],
        responses={
            (200, XLSX_TYPE): OpenApiResponse(
                OpenApiTypes.BINARY, description="The workbook, as an attachment."
            ),
            **error_responses(400, 404, codes=[ErrorCode.SCHEDULE_INVALID]),
        },
        tags=[SCHEDULE_TAG],
    )
    def get(self, request: Request, code: str) -> HttpResponse:
        return super().get(request, code)


class DcmaView(ConditionalGetMixin, APIView):
    @extend_schema(
        operation_id="schedule_dcma_retrieve",
        summary="The DCMA 14-point assessment of the schedule",
        description="Each check with its threshold (the `SCHEDULE_DCMA_THRESHOLDS` setting "
        "over DCMA's usual ones), the measured value, pass, fail or not applicable, and the "
        "offending tasks. Checks 11 and 14 measure against the agreed baseline." + NO_SCHEDULE_404,
        parameters=[PROGRAM_CODE],
        responses={
            200: DcmaSerializer,
            **error_responses(400, 404, codes=[ErrorCode.SCHEDULE_INVALID]),
        },
        tags=[SCHEDULE_TAG],
    )
    def get(self, request: Request, code: str) -> Response:
        schedule = schedule_of(visible_program(request, code))
        report = dcma_report(schedule=schedule)
        agreed = baseline_services.agreed_baseline(schedule)
        checks = [
            {
                "number": c.number,
                "key": c.key,
                "name": c.name,
                "threshold": c.threshold,
                "value": c.value,
                "value_text": c.value_text,
                "passed": c.passed,
                "offending": list(c.offending),
                "note": c.note,
            }
            for c in report.checks
        ]
        body = {
            "schedule_revision": schedule.revision,
            "status_date": schedule.status_date,
            "baseline_number": agreed.number if agreed else None,
            "passed": sum(1 for c in report.checks if c.passed is True),
            "failed": sum(1 for c in report.checks if c.passed is False),
            "not_applicable": sum(1 for c in report.checks if c.passed is None),
            "checks": checks,
        }
        return Response(DcmaSerializer(body).data)


EARNED_VALUE_FIELDS = tuple(field.name for field in fields(EarnedValue))
CURVE_PERIODS = (Period.MONTH, Period.FISCAL_PERIOD, Period.WEEK, Period.FISCAL_YEAR)


class EarnedValueView(ConditionalGetMixin, APIView):
    @extend_schema(
        operation_id="schedule_earned_value_retrieve",
        summary="The earned value basis of the schedule at a status date",
        description="Budget at completion, planned value from the agreed baseline's time-phased "
        "budget, earned value by each task's technique (percent complete, 0/100, 50/50, "
        "weighted milestones) and actual cost, with CV, SV, CPI, SPI, EAC, ETC, VAC and TCPI, "
        "per task, per WBS element and for the program; and the baseline's planned value by "
        "period (`period`: month, fiscal_period, week or fiscal_year). Money: only for whoever "
        "may see the schedule's costs (403 otherwise)." + NO_SCHEDULE_404,
        parameters=[
            PROGRAM_CODE,
            OpenApiParameter(
                "status_date",
                OpenApiTypes.DATE,
                description="Measure at this date (the schedule's status date by default).",
            ),
            OpenApiParameter(
                "period",
                OpenApiTypes.STR,
                enum=[p.value for p in CURVE_PERIODS],
                description="The planned value curve's periods (month by default).",
            ),
        ],
        responses={
            200: EarnedValueBasisSerializer,
            **error_responses(400, 403, 404, codes=[ErrorCode.NO_SCHEDULE]),
        },
        tags=[SCHEDULE_TAG],
    )
    def get(self, request: Request, code: str) -> Response:
        program = visible_program(request, code)
        schedule = schedule_of(program)
        if not policy.can_see_costs(request_user(request), program):
            raise PermissionRefused(
                "Earned value is money: it is shown to the Program Managers, PMO Leads and "
                "Executive Sponsors of both parties and to the IV&V agent."
            )
        day = _query_date(request, "status_date")
        period_name = request.query_params.get("period", Period.MONTH.value)
        period = next((p for p in CURVE_PERIODS if p.value == period_name), None)
        if period is None:
            raise DomainError(
                f"period is one of {', '.join(p.value for p in CURVE_PERIODS)}.", field="period"
            )
        basis = earned_value_basis(schedule, day)
        values = basis.values

        def row(value: Any) -> dict[str, Any]:
            return {name: getattr(value, name) for name in EARNED_VALUE_FIELDS}

        body = {
            "status_date": values.status_date,
            "baseline_number": basis.baseline.number,
            "program": row(values.program),
            "tasks": [
                {"uid": uid, "wbs": wbs, "name": name, "summary": summary, **row(values.tasks[uid])}
                for uid, (wbs, name, summary) in basis.tasks.items()
                if uid in values.tasks
            ],
            "planned_value_curve": [
                {"period": label, "planned": planned, "cumulative": running}
                for label, planned, running in planned_value_curve(basis.baseline, period)
            ],
        }
        return Response(EarnedValueBasisSerializer(body).data)


def _query_date(request: Request, name: str) -> date | None:
    raw = request.query_params.get(name)
    if not raw:
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise DomainError(f"{name} “{raw[:40]}” is not a date (YYYY-MM-DD).", field=name) from None
