"""The schedule API: a program's Integrated Master Schedule, its import and exports, tasks and
dependencies, the driving path of a task, the DCMA 14-point assessment, baselines and their
sign-off, and change requests (activity 9).

Every read starts from a program the user may view and then its schedule, so another
program's schedule, a program without one and a row the user may not act on all answer 404
``not_found``. Writes call the services, which recompute the schedule and audit the change.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypeVar, cast

from django.contrib.auth.models import User
from django.db import models
from django.db.models import Count, Prefetch, QuerySet
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
from rest_framework.parsers import FormParser, MultiPartParser
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
from programs.errors import DomainError, ErrorCode
from programs.models import Program, Signature
from programs.services import documents as document_services
from schedule.engine.cpm import driving_path
from schedule.engine.errors import ScheduleError
from schedule.filters import ChangeRequestFilter, TaskFilter
from schedule.models import (
    Baseline,
    ChangeRequest,
    ChangeRequestDecision,
    Dependency,
    Schedule,
    Task,
)
from schedule.selectors.control import dcma_report
from schedule.selectors.tasks import VarianceClock, schedule_summary
from schedule.services import baselines as baseline_services
from schedule.services import change_requests as change_services
from schedule.services import schedules as schedule_services
from schedule.services import tasks as task_services
from schedule.services.compute import compute_data, domain_error, schedule_data
from schedule.services.files import export_filename, export_schedule_file, import_schedule_file

from . import serializers as s

M = TypeVar("M", bound=models.Model)

XML_TYPE = "application/xml"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

SCHEDULE_TAG = "schedule"
NO_SCHEDULE_404 = (
    " A program without a schedule answers 404 `not_found` too: start one (POST) or import one."
)


def _user(request: Request) -> User:
    # Every view requires a login (DEFAULT_PERMISSION_CLASSES), so the user is a real one.
    return cast(User, request.user)


def _schedule_of(program: Program) -> Schedule:
    """The program's schedule, or 404: the API does not tell a missing schedule from a
    program the user cannot see, as the charter does not."""
    schedule = get_object_or_404(Schedule.objects.all(), program=program)
    schedule.program = program
    return schedule


def _overview(
    schedule: Schedule,
    warnings: Sequence[str] = (),
    serializer: type[s.ScheduleSerializer] = s.ScheduleSerializer,
) -> dict[str, Any]:
    summary = schedule_summary(schedule)
    counts = Schedule.objects.filter(pk=schedule.pk).aggregate(
        dependencies=Count("dependencies", distinct=True),
        baselines=Count("baselines", distinct=True),
    )
    overview = s.ScheduleOverview(
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
        warnings=list(warnings),
    )
    return cast(dict[str, Any], serializer(overview).data)


def _problems_400(codes: Sequence[ErrorCode], text: str) -> OpenApiResponse:
    """The 400 of an operation whose refusals list ``problems``, described as such."""
    response: OpenApiResponse = error_responses(400, codes=codes)[400]
    response.description = f"{response.description} {text}"
    return response


SCHEDULE_INVALID_TEXT = (
    "`schedule_invalid` carries `problems`: [{`task_uid`, `message`}], every reason the "
    "schedule cannot be computed (a dependency loop names the tasks in it)."
)
IMPORT_INVALID_TEXT = (
    "`import_invalid` carries `problems`: [{`location`, `message`}], every problem found in "
    "the file with where it is; nothing was changed."
)
TASK_CODES = (ErrorCode.SCHEDULE_INVALID, ErrorCode.UNDER_CHANGE_CONTROL)


# -- the schedule -----------------------------------------------------------------------


class ScheduleView(APIView):
    """The program's Integrated Master Schedule."""

    @extend_schema(
        operation_id="schedule_retrieve",
        summary="The program's schedule: dates, counts, agreed baseline and finish variance",
        description="Any member of the program." + NO_SCHEDULE_404,
        parameters=[PROGRAM_CODE],
        responses={200: s.ScheduleSerializer, **error_responses(404)},
        tags=[SCHEDULE_TAG],
    )
    def get(self, request: Request, code: str) -> Response:
        schedule = _schedule_of(visible_program(request, code))
        return Response(_overview(schedule))

    @extend_schema(
        operation_id="schedule_create",
        summary="Start an empty schedule",
        description="With the standard calendar (8:00-12:00 and 13:00-17:00, Monday to "
        "Friday, US federal holidays). Editing roles of the customer or the provider.",
        parameters=[PROGRAM_CODE],
        request=s.ScheduleCreateSerializer,
        responses={
            201: s.ScheduleSerializer,
            **error_responses(400, 404, codes=[ErrorCode.SCHEDULE_EXISTS]),
        },
        tags=[SCHEDULE_TAG],
    )
    def post(self, request: Request, code: str) -> Response:
        program = visible_program(request, code)
        if not policy.can(request.user, "change", Schedule(program=program)):
            raise Http404
        payload = s.ScheduleCreateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        schedule = schedule_services.schedule_create(
            acting_user=_user(request),
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
        request=s.ScheduleUpdateSerializer,
        responses={
            200: s.ScheduleSerializer,
            **error_responses(400, 404, codes=TASK_CODES),
            400: _problems_400(TASK_CODES, SCHEDULE_INVALID_TEXT),
        },
        tags=[SCHEDULE_TAG],
    )
    def patch(self, request: Request, code: str) -> Response:
        program = visible_program(request, code)
        schedule = _schedule_of(program)
        if not policy.can(request.user, "change", schedule):
            raise Http404
        payload = s.ScheduleUpdateSerializer(data=request.data, context={"schedule": schedule})
        payload.is_valid(raise_exception=True)
        schedule = schedule_services.schedule_update(
            acting_user=_user(request), schedule=schedule, **payload.validated_data
        )
        return Response(_overview(schedule))


IMPORT_CODES = (
    ErrorCode.IMPORT_INVALID,
    ErrorCode.SCHEDULE_EXISTS,
    ErrorCode.SCHEDULE_INVALID,
    ErrorCode.UNDER_CHANGE_CONTROL,
)


class ScheduleImportView(APIView):
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(
        operation_id="schedule_import",
        summary="Import the schedule from Microsoft Project XML or Excel",
        description="All or nothing: a file with problems changes nothing, and every problem "
        "is listed with where it is. A program that has a schedule keeps it unless `replace`. "
        "Editing roles of the customer or the provider.",
        parameters=[PROGRAM_CODE],
        request={"multipart/form-data": s.ImportSerializer},
        responses={
            201: s.ScheduleImportResultSerializer,
            **error_responses(400, 404, codes=IMPORT_CODES),
            400: _problems_400(IMPORT_CODES, IMPORT_INVALID_TEXT + " " + SCHEDULE_INVALID_TEXT),
        },
        tags=[SCHEDULE_TAG],
    )
    def post(self, request: Request, code: str) -> Response:
        program = visible_program(request, code)
        if not policy.can(request.user, "change", Schedule(program=program)):
            raise Http404
        payload = s.ImportSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        upload = payload.validated_data["file"]
        schedule, warnings = import_schedule_file(
            acting_user=_user(request),
            program=program,
            data=upload.read(),
            filename=upload.name,
            replace=payload.validated_data["replace"],
        )
        schedule.program = program
        body = _overview(schedule, warnings, s.ScheduleImportResultSerializer)
        return Response(body, status=status.HTTP_201_CREATED)


class _ScheduleExportView(APIView):
    content_negotiation_class = JSONErrorsNegotiation
    extension = ""
    content_type = ""

    def get(self, request: Request, code: str) -> HttpResponse:
        """The same file the pages and ``export_schedule`` give, with the agreed baseline."""
        schedule = _schedule_of(visible_program(request, code))
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


class DcmaView(APIView):
    @extend_schema(
        operation_id="schedule_dcma_retrieve",
        summary="The DCMA 14-point assessment of the schedule",
        description="Each check with its threshold (the `SCHEDULE_DCMA_THRESHOLDS` setting "
        "over DCMA's usual ones), the measured value, pass, fail or not applicable, and the "
        "offending tasks. Checks 11 and 14 measure against the agreed baseline." + NO_SCHEDULE_404,
        parameters=[PROGRAM_CODE],
        responses={
            200: s.DcmaSerializer,
            **error_responses(400, 404, codes=[ErrorCode.SCHEDULE_INVALID]),
        },
        tags=[SCHEDULE_TAG],
    )
    def get(self, request: Request, code: str) -> Response:
        schedule = _schedule_of(visible_program(request, code))
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
        return Response(s.DcmaSerializer(body).data)


# -- collections of the schedule ---------------------------------------------------------


class ScheduleScopedViewSet(ProgramScopedViewSet[M]):
    """A collection of the program's schedule: 404 when the program has none."""

    schedule: Schedule

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        self.schedule = _schedule_of(self.program)

    def get_serializer_context(self) -> dict[str, Any]:
        return {
            **super().get_serializer_context(),
            "schedule": getattr(self, "schedule", None),
            "program": getattr(self, "program", None),
        }

    def require_editor(self) -> None:
        """Someone who may change nothing in the schedule is answered 404 before their payload
        is read, as for any write they may not make."""
        if not policy.can(self.request.user, "change", self.schedule):
            raise Http404

    def _task(self, uid: int, field: str) -> Task:
        """A task of this schedule named in a payload: an unknown UID is the payload's fault."""
        task = self.schedule.tasks.filter(uid=uid).first()
        if task is None:
            raise DomainError(f"The schedule has no task with UID {uid}.", field=field)
        return task


TASK_UID = OpenApiParameter(
    "uid", int, OpenApiParameter.PATH, description="The task's UID (kept through imports)."
)


def _tasks() -> QuerySet[Task]:
    return Task.objects.select_related("parent", "responsible").prefetch_related(
        Prefetch("predecessor_links", queryset=Dependency.objects.select_related("predecessor"))
    )


@extend_schema(parameters=[PROGRAM_CODE], tags=[SCHEDULE_TAG])
@extend_schema_view(
    list=extend_schema(
        summary="The schedule's tasks, in outline order",
        description="Milestones and summary tasks included. With an agreed baseline each "
        "task carries its baseline dates and finish variance.",
        responses={200: s.TaskSerializer(many=True), **error_responses(400, 404)},
    ),
    retrieve=extend_schema(
        summary="A task",
        parameters=[TASK_UID],
        responses={200: s.TaskSerializer, **error_responses(404)},
    ),
    create=extend_schema(
        summary="Add a task",
        description="At the end of the schedule, under `parent_uid`, or after `after_uid`. "
        "Editing roles of the task's owner party (shared: either party). Refused under change "
        "control: add it by change request.",
        request=s.TaskCreateSerializer,
        responses={
            201: s.TaskSerializer,
            **error_responses(400, 404, codes=TASK_CODES),
            400: _problems_400(TASK_CODES, SCHEDULE_INVALID_TEXT),
        },
    ),
    partial_update=extend_schema(
        summary="Change a task",
        description="Recomputes the schedule. Under change control its duration, milestone "
        "flag, constraint and manual scheduling change by change request; progress, names, "
        "notes and who is responsible stay editable.",
        parameters=[TASK_UID],
        request=s.TaskUpdateSerializer,
        responses={
            200: s.TaskSerializer,
            **error_responses(400, 404, codes=TASK_CODES),
            400: _problems_400(TASK_CODES, SCHEDULE_INVALID_TEXT),
        },
    ),
    destroy=extend_schema(
        summary="Remove a task (a summary task with everything under it)",
        parameters=[TASK_UID],
        responses={204: None, **error_responses(400, 404, codes=TASK_CODES)},
    ),
    driving_path=extend_schema(
        summary="The chain of driving predecessors that sets a task's start",
        parameters=[TASK_UID],
        responses={
            200: s.DrivingPathSerializer,
            **error_responses(400, 404, codes=[ErrorCode.SCHEDULE_INVALID]),
        },
    ),
)
class TaskViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScheduleScopedViewSet[Task]):
    queryset = _tasks()
    serializer_class = s.TaskSerializer
    filterset_class = TaskFilter
    lookup_field = "uid"
    lookup_value_regex = r"\d+"
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def _answer(self, tasks: Sequence[Task], *, many: bool) -> Any:
        """Tasks with their agreed baseline dates, read for these tasks only."""
        context = self.get_serializer_context()
        agreed = baseline_services.agreed_baseline(self.schedule)
        if agreed is not None:
            rows = agreed.tasks.filter(uid__in=[t.uid for t in tasks])
            context["baseline"] = {
                uid: (start, finish)
                for uid, start, finish in rows.values_list("uid", "start", "finish")
            }
            context["variance_clock"] = VarianceClock(self.schedule)
        if many:
            return s.TaskSerializer(tasks, many=True, context=context).data
        return s.TaskSerializer(tasks[0], context=context).data

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        queryset = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(queryset)
        if page is None:
            return Response(self._answer(list(queryset), many=True))
        return self.get_paginated_response(self._answer(page, many=True))

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return Response(self._answer([self.get_object()], many=False))

    def _reloaded(self, task: Task) -> Any:
        return self._answer([_tasks().get(pk=task.pk)], many=False)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        self.require_editor()
        payload = s.TaskCreateSerializer(data=request.data, context=self.get_serializer_context())
        payload.is_valid(raise_exception=True)
        data = dict(payload.validated_data)
        self.require_can_create(
            Task(schedule=self.schedule, owner_party=data.get("owner_party", "shared"))
        )
        parent = after = None
        if data.get("parent_uid") is not None:
            parent = self._task(data["parent_uid"], "parent_uid")
        if data.get("after_uid") is not None:
            after = self._task(data["after_uid"], "after_uid")
        data.pop("parent_uid", None)
        data.pop("after_uid", None)
        task = task_services.task_create(
            acting_user=_user(request),
            schedule=self.schedule,
            name=data.pop("name"),
            duration=data.pop("duration", 0),
            parent=parent,
            after=after,
            **data,
        )
        return Response(self._reloaded(task), status=status.HTTP_201_CREATED)

    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        task = self.get_object()
        context = {**self.get_serializer_context(), "task": task}
        payload = s.TaskUpdateSerializer(data=request.data, context=context)
        payload.is_valid(raise_exception=True)
        task = task_services.task_update(
            acting_user=_user(request), task=task, **payload.validated_data
        )
        return Response(self._reloaded(task))

    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        task_services.task_delete(acting_user=_user(request), task=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)

    @action(detail=True, methods=["get"], url_path="driving-path")
    def driving_path(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        task = self.get_object()
        result = compute_data(schedule_data(self.schedule))
        try:
            uids = driving_path(result, task.uid)
        except ScheduleError as error:
            raise domain_error(error) from error
        by_uid = {t.uid: t for t in self.schedule.tasks.filter(uid__in=uids)}
        path = [by_uid[uid] for uid in uids if uid in by_uid]
        return Response(s.DrivingPathSerializer({"uid": task.uid, "path": path}).data)


DEPENDENCY_ID = OpenApiParameter(
    "id", int, OpenApiParameter.PATH, description="The dependency's id."
)


def _dependencies() -> QuerySet[Dependency]:
    return Dependency.objects.select_related("predecessor", "successor")


@extend_schema(parameters=[PROGRAM_CODE], tags=[SCHEDULE_TAG])
@extend_schema_view(
    list=extend_schema(
        summary="The schedule's dependencies, by successor in outline order",
        responses={200: s.DependencySerializer(many=True), **error_responses(400, 404)},
    ),
    retrieve=extend_schema(
        summary="A dependency",
        parameters=[DEPENDENCY_ID],
        responses={200: s.DependencySerializer, **error_responses(404)},
    ),
    create=extend_schema(
        summary="Link two tasks",
        description="The successor waits on the predecessor. Editing roles of the successor's "
        "owner party. A link that closes a loop is refused with `schedule_invalid` naming the "
        "tasks in the loop; nothing is saved.",
        request=s.DependencyCreateSerializer,
        responses={
            201: s.DependencySerializer,
            **error_responses(400, 404, codes=TASK_CODES),
            400: _problems_400(TASK_CODES, SCHEDULE_INVALID_TEXT),
        },
    ),
    partial_update=extend_schema(
        summary="Change a dependency's type or lag",
        parameters=[DEPENDENCY_ID],
        request=s.DependencyUpdateSerializer,
        responses={
            200: s.DependencySerializer,
            **error_responses(400, 404, codes=TASK_CODES),
            400: _problems_400(TASK_CODES, SCHEDULE_INVALID_TEXT),
        },
    ),
    destroy=extend_schema(
        summary="Remove a dependency",
        parameters=[DEPENDENCY_ID],
        responses={204: None, **error_responses(400, 404, codes=TASK_CODES)},
    ),
)
class DependencyViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, ScheduleScopedViewSet[Dependency]
):
    queryset = _dependencies()
    serializer_class = s.DependencySerializer
    lookup_value_regex = r"\d+"
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def _answer(self, dependency: Dependency, code: int = status.HTTP_200_OK) -> Response:
        fresh = _dependencies().get(pk=dependency.pk)
        return Response(self.get_serializer(fresh).data, status=code)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        self.require_editor()
        payload = s.DependencyCreateSerializer(
            data=request.data, context=self.get_serializer_context()
        )
        payload.is_valid(raise_exception=True)
        data = dict(payload.validated_data)
        predecessor, successor = (
            self._task(data.pop(f"{end}_uid"), f"{end}_uid") for end in ("predecessor", "successor")
        )
        self.require_can_create(
            Dependency(schedule=self.schedule, predecessor=predecessor, successor=successor)
        )
        dependency = task_services.dependency_create(
            acting_user=_user(request), predecessor=predecessor, successor=successor, **data
        )
        return self._answer(dependency, status.HTTP_201_CREATED)

    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        dependency = self.get_object()
        payload = s.DependencyUpdateSerializer(
            data=request.data, context=self.get_serializer_context()
        )
        payload.is_valid(raise_exception=True)
        dependency = task_services.dependency_update(
            acting_user=_user(request), dependency=dependency, **payload.validated_data
        )
        return self._answer(dependency)

    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        task_services.dependency_delete(acting_user=_user(request), dependency=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)


# -- baselines ---------------------------------------------------------------------------

BASELINE_NUMBER = OpenApiParameter(
    "number", int, OpenApiParameter.PATH, description="The baseline's number (1, 2, ...)."
)
SIGN_CODES = (
    ErrorCode.NOT_A_SIGNATORY,
    ErrorCode.VERSION_NOT_IN_REVIEW,
    ErrorCode.ALREADY_SIGNED,
    ErrorCode.PARTY_ALREADY_SIGNED,
    ErrorCode.STALE_VERSION,
)


def _baselines() -> QuerySet[Baseline]:
    return Baseline.objects.select_related(
        "version__document__program", "created_by", "schedule"
    ).prefetch_related(
        Prefetch("version__signatures", queryset=Signature.objects.select_related("signer"))
    )


@extend_schema(parameters=[PROGRAM_CODE], tags=[SCHEDULE_TAG])
@extend_schema_view(
    list=extend_schema(
        summary="The schedule's baselines, newest first",
        responses={200: s.BaselineSummarySerializer(many=True), **error_responses(404)},
    ),
    retrieve=extend_schema(
        summary="A baseline with its frozen tasks and its sign-off",
        parameters=[BASELINE_NUMBER],
        responses={200: s.BaselineSerializer, **error_responses(404)},
    ),
    create=extend_schema(
        summary="Freeze the schedule as a baseline",
        description="Each task's start, finish and duration as computed now. Editing roles "
        "of the customer or the provider.",
        request=s.BaselineCreateSerializer,
        responses={
            201: s.BaselineSerializer,
            **error_responses(400, 404, codes=[ErrorCode.NO_SCHEDULE]),
        },
    ),
    propose=extend_schema(
        summary="Propose a baseline as the agreed IMS baseline",
        description="A new version of the program's IMS baseline document, in review, for a "
        "signatory of the customer and one of the provider to sign.",
        parameters=[BASELINE_NUMBER],
        request=None,
        responses={
            200: s.BaselineSerializer,
            **error_responses(
                400, 404, codes=[ErrorCode.ALREADY_DECIDED, ErrorCode.BASELINE_IN_REVIEW]
            ),
        },
    ),
    sign=extend_schema(
        summary="Sign a proposed baseline for your party",
        description="With both signatures the baseline is agreed: variance is measured "
        "against it and the schedule is under change control. Any member may try; one who "
        "signs for no party is refused with `not_a_signatory`.",
        parameters=[BASELINE_NUMBER],
        request=s.BaselineSignSerializer,
        responses={200: s.BaselineSerializer, **error_responses(400, 404, codes=SIGN_CODES)},
    ),
)
class BaselineViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, ScheduleScopedViewSet[Baseline]
):
    queryset = _baselines()
    serializer_class = s.BaselineSummarySerializer
    lookup_field = "number"
    lookup_value_regex = r"\d+"
    http_method_names = ["get", "post", "head", "options"]
    policy_actions = {"propose": "change", "sign": "view"}

    def _answer(self, baseline: Baseline, code: int = status.HTTP_200_OK) -> Response:
        fresh = _baselines().get(pk=baseline.pk)
        context = {
            **self.get_serializer_context(),
            "baseline_tasks": list(fresh.tasks.order_by("id")),
        }
        return Response(s.BaselineSerializer(fresh, context=context).data, status=code)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self._answer(self.get_object())

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        self.require_can_create(Baseline(schedule=self.schedule))
        payload = s.BaselineCreateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        baseline = baseline_services.baseline_create(
            acting_user=_user(request), schedule=self.schedule, **payload.validated_data
        )
        return self._answer(baseline, status.HTTP_201_CREATED)

    @action(detail=True, methods=["post"])
    def propose(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        baseline = self.get_object()
        baseline_services.baseline_propose(acting_user=_user(request), baseline=baseline)
        return self._answer(baseline)

    @action(detail=True, methods=["post"])
    def sign(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        baseline = self.get_object()
        payload = s.BaselineSignSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        if baseline.version is None or baseline.version.status != "in_review":
            raise DomainError(
                f"Baseline {baseline.number} is not awaiting signatures: propose it first.",
                code=ErrorCode.VERSION_NOT_IN_REVIEW,
            )
        document_services.version_sign(
            acting_user=_user(request),
            version=baseline.version,
            content_sha256=payload.validated_data.get("content_sha256"),
        )
        return self._answer(baseline)


# -- change requests ---------------------------------------------------------------------

CR_NUMBER = OpenApiParameter(
    "number", int, OpenApiParameter.PATH, description="The change request's number (CR-n)."
)
DECIDE_CODES = (
    ErrorCode.NOT_AN_APPROVER,
    ErrorCode.ALREADY_DECIDED,
    ErrorCode.SCHEDULE_INVALID,
    ErrorCode.BASELINE_IN_REVIEW,
)
WITHDRAW_CODES = (ErrorCode.ALREADY_DECIDED, ErrorCode.PERMISSION_DENIED)
CHANGES_INVALID_TEXT = (
    "`schedule_invalid` carries `problems`: [{`message`}], each naming the change (counted "
    "from 1) and the task it is about."
)


def _change_requests() -> QuerySet[ChangeRequest]:
    return ChangeRequest.objects.select_related(
        "requested_by", "resulting_baseline", "schedule"
    ).prefetch_related(
        Prefetch("decisions", queryset=ChangeRequestDecision.objects.select_related("decided_by"))
    )


@extend_schema(parameters=[PROGRAM_CODE], tags=[SCHEDULE_TAG])
@extend_schema_view(
    list=extend_schema(
        summary="The change request log, newest first",
        responses={200: s.ChangeRequestSerializer(many=True), **error_responses(400, 404)},
    ),
    retrieve=extend_schema(
        summary="A change request with its impact and decisions",
        description="The impact of a proposed request is recomputed when the schedule moved "
        "since it was last computed.",
        parameters=[CR_NUMBER],
        responses={200: s.ChangeRequestSerializer, **error_responses(404)},
    ),
    create=extend_schema(
        summary="Propose a change to the schedule",
        description="Its impact on the finish date and the critical path is computed now. "
        "Editing roles of the customer or the provider; a program manager of each party "
        "decides.",
        request=s.ChangeRequestCreateSerializer,
        responses={
            201: s.ChangeRequestSerializer,
            **error_responses(400, 404, codes=[ErrorCode.SCHEDULE_INVALID]),
            400: _problems_400([ErrorCode.SCHEDULE_INVALID], CHANGES_INVALID_TEXT),
        },
    ),
    preview=extend_schema(
        summary="The impact a change would have, without proposing it",
        description="Takes the body of a proposal (only `changes` is needed); saves nothing.",
        request=s.ChangeRequestPreviewSerializer,
        responses={
            200: s.ImpactSerializer,
            **error_responses(400, 404, codes=[ErrorCode.SCHEDULE_INVALID]),
            400: _problems_400([ErrorCode.SCHEDULE_INVALID], CHANGES_INVALID_TEXT),
        },
    ),
    decide=extend_schema(
        summary="Approve or reject a change request for your party",
        description="A program manager of the customer and one of the provider decide. A "
        "rejection is final; the second approval applies the change (and proposes a new "
        "baseline when the request asks to rebaseline). Any member may try; one who decides "
        "for no party is refused with `not_an_approver`.",
        parameters=[CR_NUMBER],
        request=s.ChangeRequestDecideSerializer,
        responses={
            200: s.ChangeRequestSerializer,
            **error_responses(400, 404, codes=DECIDE_CODES),
        },
    ),
    withdraw=extend_schema(
        summary="Withdraw a proposed change request",
        description="The requester, or an editing member of the requester's party.",
        parameters=[CR_NUMBER],
        request=None,
        responses={
            200: s.ChangeRequestSerializer,
            **error_responses(400, 404, codes=WITHDRAW_CODES),
        },
    ),
)
class ChangeRequestViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, ScheduleScopedViewSet[ChangeRequest]
):
    queryset = _change_requests()
    serializer_class = s.ChangeRequestSerializer
    filterset_class = ChangeRequestFilter
    lookup_field = "number"
    lookup_value_regex = r"\d+"
    http_method_names = ["get", "post", "head", "options"]
    policy_actions = {"decide": "view", "withdraw": "change"}

    def _answer(self, change_request: ChangeRequest, code: int = status.HTTP_200_OK) -> Response:
        fresh = _change_requests().get(pk=change_request.pk)
        return Response(self.get_serializer(fresh).data, status=code)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        change_request = change_services.change_request_refresh_impact(self.get_object())
        return Response(self.get_serializer(change_request).data)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        self.require_can_create(ChangeRequest(schedule=self.schedule))
        payload = s.ChangeRequestCreateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        change_request = change_services.change_request_propose(
            acting_user=_user(request), schedule=self.schedule, **payload.validated_data
        )
        return self._answer(change_request, status.HTTP_201_CREATED)

    @action(detail=False, methods=["post"])
    def preview(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        self.require_can_create(ChangeRequest(schedule=self.schedule))
        payload = s.ChangeRequestPreviewSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        # The service's own impact computation, so a preview says what a proposal would store.
        _, impact = change_services.change_request_impact(
            self.schedule, payload.validated_data["changes"]
        )
        return Response(s.ImpactSerializer(impact).data)

    @action(detail=True, methods=["post"])
    def decide(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        change_request = self.get_object()
        payload = s.ChangeRequestDecideSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        change_request = change_services.change_request_decide(
            acting_user=_user(request), change_request=change_request, **payload.validated_data
        )
        return self._answer(change_request)

    @action(detail=True, methods=["post"])
    def withdraw(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        change_request = change_services.change_request_withdraw(
            acting_user=_user(request), change_request=self.get_object()
        )
        return self._answer(change_request)
