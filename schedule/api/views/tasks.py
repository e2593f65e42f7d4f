"""Tasks and dependencies of the schedule, and the driving path of a task. Writes call the services,
which recompute the schedule and audit the change."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db.models import Prefetch, QuerySet
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from pmo_portal.api import error_responses
from pmo_portal.pagination import LongPagination
from programs.api.base import IF_MATCH, PROGRAM_CODE, RECORD_ETAG, RevisionedAPIMixin
from programs.errors import ErrorCode
from schedule.engine.cpm import driving_path
from schedule.engine.errors import ScheduleError
from schedule.filters import TaskFilter
from schedule.models import Assignment, Dependency, Task
from schedule.selectors.tasks import VarianceClock
from schedule.services import baselines as baseline_services
from schedule.services import tasks as task_services
from schedule.services.compute import compute_data, domain_error, schedule_data

from ..rows import task_list, task_values
from ..serializers.tasks import (
    DependencyCreateSerializer,
    DependencySerializer,
    DependencyUpdateSerializer,
    DrivingPathSerializer,
    TaskCreateSerializer,
    TaskSerializer,
    TaskUpdateSerializer,
)
from .common import (
    SCHEDULE_INVALID_TEXT,
    SCHEDULE_TAG,
    TASK_CODES,
    ScheduleScopedViewSet,
    problems_400,
    request_user,
)

TASK_MONEY = ("fixed_cost", "actual_cost")
TASK_UID = OpenApiParameter(
    "uid", int, OpenApiParameter.PATH, description="The task's UID (kept through imports)."
)


def _tasks() -> QuerySet[Task]:
    return Task.objects.select_related("parent", "responsible").prefetch_related(
        Prefetch("predecessor_links", queryset=Dependency.objects.select_related("predecessor")),
        Prefetch("assignments", queryset=Assignment.objects.select_related("resource")),
    )


@extend_schema(parameters=[PROGRAM_CODE], tags=[SCHEDULE_TAG])
@extend_schema_view(
    list=extend_schema(
        summary="The schedule's tasks, in outline order",
        description="Milestones and summary tasks included. With an agreed baseline each "
        "task carries its baseline dates and finish variance.",
        responses={200: TaskSerializer(many=True), **error_responses(400, 404)},
    ),
    retrieve=extend_schema(
        summary="A task",
        parameters=[TASK_UID, RECORD_ETAG],
        responses={200: TaskSerializer, **error_responses(404)},
    ),
    create=extend_schema(
        summary="Add a task",
        description="At the end of the schedule, under `parent_uid`, or after `after_uid`. "
        "Editing roles of the task's owner party (shared: either party). Refused under change "
        "control: add it by change request.",
        request=TaskCreateSerializer,
        responses={
            201: TaskSerializer,
            **error_responses(400, 404, codes=TASK_CODES),
            400: problems_400(TASK_CODES, SCHEDULE_INVALID_TEXT),
        },
    ),
    partial_update=extend_schema(
        summary="Change a task",
        description="Recomputes the schedule. Under change control its duration, milestone "
        "flag, constraint and manual scheduling change by change request; progress, names, "
        "notes and who is responsible stay editable. Send the task's `ETag` in `If-Match`: "
        "a change made from an older revision is refused (412).",
        parameters=[TASK_UID, IF_MATCH, RECORD_ETAG],
        request=TaskUpdateSerializer,
        responses={
            200: TaskSerializer,
            **error_responses(400, 404, 412, 428, codes=TASK_CODES),
            400: problems_400(TASK_CODES, SCHEDULE_INVALID_TEXT),
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
            200: DrivingPathSerializer,
            **error_responses(400, 404, codes=[ErrorCode.SCHEDULE_INVALID]),
        },
    ),
)
class TaskViewSet(
    RevisionedAPIMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    ScheduleScopedViewSet[Task],
):
    queryset = _tasks()
    serializer_class = TaskSerializer
    filterset_class = TaskFilter
    pagination_class = LongPagination
    lookup_field = "uid"
    lookup_value_regex = r"\d+"
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def _baseline_context(self, uids: Sequence[int]) -> dict[str, Any]:
        """The agreed baseline's dates of these tasks only, and the clock of their finish
        variance; nothing without an agreed baseline."""
        agreed = baseline_services.agreed_baseline(self.schedule)
        if agreed is None:
            return {}
        rows = agreed.tasks.filter(uid__in=uids).values_list("uid", "start", "finish")
        return {
            "baseline": {uid: (start, finish) for uid, start, finish in rows},
            "variance_clock": VarianceClock(self.schedule),
        }

    def _answer(self, task: Task) -> Any:
        """A task with its agreed baseline dates."""
        context = {**self.get_serializer_context(), **self._baseline_context([task.uid])}
        return TaskSerializer(task, context=context).data

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        # Rows made from plain values (schedule.api.rows), the answer TaskSerializer gives.
        queryset = task_values(self.filter_queryset(self.get_queryset()))
        page = self.paginate_queryset(queryset)
        tasks = list(queryset) if page is None else page
        context = self.get_serializer_context()
        rows = task_list(
            tasks,
            schedule=self.schedule,
            see_costs=context["see_costs"],
            **self._baseline_context([values["uid"] for values in tasks]),
        )
        return Response(rows) if page is None else self.get_paginated_response(rows)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        task = self.get_object()
        return self.record_answer(self._answer(task), task)

    def _reloaded(self, task: Task, code: int = status.HTTP_200_OK) -> Response:
        fresh = _tasks().get(pk=task.pk)
        return self.record_answer(self._answer(fresh), fresh, code)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        self.require_editor()
        payload = TaskCreateSerializer(data=request.data, context=self.get_serializer_context())
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
        self.refuse_hidden_money(data, TASK_MONEY)
        task = task_services.task_create(
            acting_user=request_user(request),
            schedule=self.schedule,
            name=data.pop("name"),
            duration=data.pop("duration", 0),
            parent=parent,
            after=after,
            **data,
        )
        return self._reloaded(task, status.HTTP_201_CREATED)

    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        task = self.get_object()
        revision = self.if_match(task)
        context = {**self.get_serializer_context(), "task": task}
        payload = TaskUpdateSerializer(data=request.data, context=context)
        payload.is_valid(raise_exception=True)
        self.refuse_hidden_money(payload.validated_data, TASK_MONEY)
        task = task_services.task_update(
            acting_user=request_user(request),
            task=task,
            revision=revision,
            **payload.validated_data,
        )
        return self._reloaded(task)

    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        task_services.task_delete(acting_user=request_user(request), task=self.get_object())
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
        return Response(DrivingPathSerializer({"uid": task.uid, "path": path}).data)


DEPENDENCY_ID = OpenApiParameter(
    "id", int, OpenApiParameter.PATH, description="The dependency's id."
)


def _dependencies() -> QuerySet[Dependency]:
    return Dependency.objects.select_related("predecessor", "successor")


@extend_schema(parameters=[PROGRAM_CODE], tags=[SCHEDULE_TAG])
@extend_schema_view(
    list=extend_schema(
        summary="The schedule's dependencies, by successor in outline order",
        responses={200: DependencySerializer(many=True), **error_responses(400, 404)},
    ),
    retrieve=extend_schema(
        summary="A dependency",
        parameters=[DEPENDENCY_ID, RECORD_ETAG],
        responses={200: DependencySerializer, **error_responses(404)},
    ),
    create=extend_schema(
        summary="Link two tasks",
        description="The successor waits on the predecessor. Editing roles of the successor's "
        "owner party. A link that closes a loop is refused with `schedule_invalid` naming the "
        "tasks in the loop; nothing is saved.",
        request=DependencyCreateSerializer,
        responses={
            201: DependencySerializer,
            **error_responses(400, 404, codes=TASK_CODES),
            400: problems_400(TASK_CODES, SCHEDULE_INVALID_TEXT),
        },
    ),
    partial_update=extend_schema(
        summary="Change a dependency's type or lag",
        description="Send the dependency's `ETag` in `If-Match`: a change made from an older "
        "revision is refused (412).",
        parameters=[DEPENDENCY_ID, IF_MATCH, RECORD_ETAG],
        request=DependencyUpdateSerializer,
        responses={
            200: DependencySerializer,
            **error_responses(400, 404, 412, 428, codes=TASK_CODES),
            400: problems_400(TASK_CODES, SCHEDULE_INVALID_TEXT),
        },
    ),
    destroy=extend_schema(
        summary="Remove a dependency",
        parameters=[DEPENDENCY_ID],
        responses={204: None, **error_responses(400, 404, codes=TASK_CODES)},
    ),
)
class DependencyViewSet(
    RevisionedAPIMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    ScheduleScopedViewSet[Dependency],
):
    queryset = _dependencies()
    serializer_class = DependencySerializer
    lookup_value_regex = r"\d+"
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def _answer(self, dependency: Dependency, code: int = status.HTTP_200_OK) -> Response:
        fresh = _dependencies().get(pk=dependency.pk)
        return self.record_answer(self.get_serializer(fresh).data, fresh, code)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self._answer(self.get_object())

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        self.require_editor()
        payload = DependencyCreateSerializer(
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
            acting_user=request_user(request), predecessor=predecessor, successor=successor, **data
        )
        return self._answer(dependency, status.HTTP_201_CREATED)

    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        dependency = self.get_object()
        revision = self.if_match(dependency)
        payload = DependencyUpdateSerializer(
            data=request.data, context=self.get_serializer_context()
        )
        payload.is_valid(raise_exception=True)
        dependency = task_services.dependency_update(
            acting_user=request_user(request),
            dependency=dependency,
            revision=revision,
            **payload.validated_data,
        )
        return self._answer(dependency)

    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        task_services.dependency_delete(
            acting_user=request_user(request), dependency=self.get_object()
        )
        return Response(status=status.HTTP_204_NO_CONTENT)
