"""Resources (with their rate tables) and assignments of the schedule. Writes call the
services, which check the owner party, recompute the schedule and audit the change; money a
user may not see is left out of the answers (``programs.policy.can_see_rates`` and
``can_see_costs``), and only who sees it may write it."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, status
from rest_framework.request import Request
from rest_framework.response import Response

from pmo_portal.api import error_responses
from programs.api.base import PROGRAM_CODE
from programs.errors import DomainError, ErrorCode
from schedule.filters import AssignmentFilter, ResourceFilter
from schedule.models import Assignment, Resource, ResourceRate
from schedule.services import assignments as assignment_services
from schedule.services import resources as resource_services

from ..serializers.resources import (
    AssignmentCreateSerializer,
    AssignmentSerializer,
    AssignmentWriteSerializer,
    ResourceSerializer,
    ResourceUpdateSerializer,
    ResourceWriteSerializer,
)
from .common import (
    SCHEDULE_INVALID_TEXT,
    SCHEDULE_TAG,
    TASK_CODES,
    ScheduleScopedViewSet,
    problems_400,
    request_user,
)

RESOURCE_UID = OpenApiParameter(
    "uid", int, OpenApiParameter.PATH, description="The resource's UID (kept through imports)."
)
ASSIGNMENT_UID = OpenApiParameter(
    "uid", int, OpenApiParameter.PATH, description="The assignment's UID (kept through imports)."
)
MONEY = ("cost", "actual_cost")
RESOURCE_CODES = (*TASK_CODES, ErrorCode.RESOURCE_ASSIGNED, ErrorCode.PERMISSION_DENIED)
EDIT_RULES = (
    " What follows a change depends on the task's type: fixed units, a change of units or "
    "work moves the task's duration (duration = work / units); fixed work, a change of units "
    "moves the duration; fixed duration, a change of units moves the work and a change of "
    "work moves the units. An effort-driven task keeps its total work when a resource is "
    "added or removed (shared in proportion to units). Editing roles of the task's owner "
    "party; under change control a change that would move the task's duration is refused. "
    "Amounts (`cost`, `actual_cost`) only from who may see costs."
)


def _resources() -> QuerySet[Resource]:
    return Resource.objects.select_related("member").prefetch_related(
        Prefetch("rates", queryset=ResourceRate.objects.order_by("effective"))
    )


def assignments_queryset() -> QuerySet[Assignment]:
    return Assignment.objects.select_related("task", "resource").order_by("uid")


@extend_schema(parameters=[PROGRAM_CODE], tags=[SCHEDULE_TAG])
@extend_schema_view(
    list=extend_schema(
        summary="The schedule's resources",
        description="People and roles (work), material and cost items, with their rate "
        "tables where the user may see them.",
        responses={200: ResourceSerializer(many=True), **error_responses(400, 404)},
    ),
    retrieve=extend_schema(
        summary="A resource",
        parameters=[RESOURCE_UID],
        responses={200: ResourceSerializer, **error_responses(404)},
    ),
    create=extend_schema(
        summary="Add a resource",
        description="Editing roles of the resource's owner party (shared: either party). "
        "Material and cost resources have no calendar; a calendar needs some working time; "
        "a rate table has one row per effective date.",
        request=ResourceWriteSerializer,
        responses={201: ResourceSerializer, **error_responses(400, 403, 404, codes=RESOURCE_CODES)},
    ),
    partial_update=extend_schema(
        summary="Change a resource (and replace its rate table)",
        description="A change of calendar or units reschedules its assignments. A change of "
        "type is refused while it has assignments.",
        parameters=[RESOURCE_UID],
        request=ResourceUpdateSerializer,
        responses={
            200: ResourceSerializer,
            **error_responses(400, 403, 404, codes=RESOURCE_CODES),
            400: problems_400(RESOURCE_CODES, SCHEDULE_INVALID_TEXT),
        },
    ),
    destroy=extend_schema(
        summary="Remove a resource",
        description="Refused (`resource_assigned`, naming the tasks) while it has "
        "assignments: remove them first.",
        parameters=[RESOURCE_UID],
        responses={204: None, **error_responses(400, 404, codes=RESOURCE_CODES)},
    ),
)
class ResourceViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, ScheduleScopedViewSet[Resource]
):
    queryset = _resources()
    serializer_class = ResourceSerializer
    filterset_class = ResourceFilter
    lookup_field = "uid"
    lookup_value_regex = r"\d+"
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def _answer(self, resource: Resource, code: int = status.HTTP_200_OK) -> Response:
        fresh = _resources().get(pk=resource.pk)
        return Response(self.get_serializer(fresh).data, status=code)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        self.require_editor()
        payload = ResourceWriteSerializer(data=request.data, context=self.get_serializer_context())
        payload.is_valid(raise_exception=True)
        data = dict(payload.validated_data)
        self.require_can_create(
            Resource(schedule=self.schedule, owner_party=data.get("owner_party", "shared"))
        )
        resource = resource_services.resource_create(
            acting_user=request_user(request),
            schedule=self.schedule,
            name=data.pop("name"),
            **data,
        )
        return self._answer(resource, status.HTTP_201_CREATED)

    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        resource = self.get_object()
        payload = ResourceUpdateSerializer(data=request.data, context=self.get_serializer_context())
        payload.is_valid(raise_exception=True)
        resource = resource_services.resource_update(
            acting_user=request_user(request), resource=resource, **payload.validated_data
        )
        return self._answer(resource)

    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        resource_services.resource_delete(
            acting_user=request_user(request), resource=self.get_object()
        )
        return Response(status=status.HTTP_204_NO_CONTENT)


@extend_schema(parameters=[PROGRAM_CODE], tags=[SCHEDULE_TAG])
@extend_schema_view(
    list=extend_schema(
        summary="The schedule's assignments (filter by `task` or `resource` UID)",
        responses={200: AssignmentSerializer(many=True), **error_responses(400, 404)},
    ),
    retrieve=extend_schema(
        summary="An assignment",
        parameters=[ASSIGNMENT_UID],
        responses={200: AssignmentSerializer, **error_responses(404)},
    ),
    create=extend_schema(
        summary="Assign a resource to a task",
        description="Without `work_days` a work resource gets the task's duration at its "
        "units, or on an effort-driven task its share of the task's work. Refused: a resource "
        "of another schedule, a summary task, the same resource twice on a task." + EDIT_RULES,
        request=AssignmentCreateSerializer,
        responses={
            201: AssignmentSerializer,
            **error_responses(400, 403, 404, codes=RESOURCE_CODES),
            400: problems_400(RESOURCE_CODES, SCHEDULE_INVALID_TEXT),
        },
    ),
    partial_update=extend_schema(
        summary="Change an assignment",
        description=EDIT_RULES.strip(),
        parameters=[ASSIGNMENT_UID],
        request=AssignmentWriteSerializer,
        responses={
            200: AssignmentSerializer,
            **error_responses(400, 403, 404, codes=RESOURCE_CODES),
            400: problems_400(RESOURCE_CODES, SCHEDULE_INVALID_TEXT),
        },
    ),
    destroy=extend_schema(
        summary="Take a resource off a task",
        description="On an effort-driven task the others take over its work; on a "
        "fixed-units or fixed-work task the duration follows the assignments left.",
        parameters=[ASSIGNMENT_UID],
        responses={204: None, **error_responses(400, 404, codes=RESOURCE_CODES)},
    ),
)
class AssignmentViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, ScheduleScopedViewSet[Assignment]
):
    queryset = assignments_queryset()
    serializer_class = AssignmentSerializer
    filterset_class = AssignmentFilter
    lookup_field = "uid"
    lookup_value_regex = r"\d+"
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def _answer(self, assignment: Assignment, code: int = status.HTTP_200_OK) -> Response:
        fresh = assignments_queryset().get(pk=assignment.pk)
        return Response(self.get_serializer(fresh).data, status=code)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        self.require_editor()
        payload = AssignmentCreateSerializer(
            data=request.data, context=self.get_serializer_context()
        )
        payload.is_valid(raise_exception=True)
        data = dict(payload.validated_data)
        task = self._task(data.pop("task_uid"), "task_uid")
        self.require_can_create(Assignment(schedule=self.schedule, task=task))
        resource_uid = data.pop("resource_uid")
        resource = self.schedule.resources.filter(uid=resource_uid).first()
        if resource is None:
            raise DomainError(
                f"The schedule has no resource with UID {resource_uid}.", field="resource_uid"
            )
        self.refuse_hidden_money(data, MONEY)
        assignment = assignment_services.assignment_create(
            acting_user=request_user(request), task=task, resource=resource, **data
        )
        return self._answer(assignment, status.HTTP_201_CREATED)

    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        assignment = self.get_object()
        payload = AssignmentWriteSerializer(
            data=request.data, context=self.get_serializer_context()
        )
        payload.is_valid(raise_exception=True)
        self.refuse_hidden_money(payload.validated_data, MONEY)
        assignment = assignment_services.assignment_update(
            acting_user=request_user(request), assignment=assignment, **payload.validated_data
        )
        return self._answer(assignment)

    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        assignment_services.assignment_delete(
            acting_user=request_user(request), assignment=self.get_object()
        )
        return Response(status=status.HTTP_204_NO_CONTENT)
