"""The RAID log API under /api/programs/{code}/pmp/raid/: the items with the list page's
filters, recording and editing, the life-cycle steps, links, comments and history, the heat
map and the program's risk scheme. Reads start from ``policy.restrict``; writes call the
services, whose refusals answer 403 (the rule) or 400 (the field and the rule)."""

from __future__ import annotations

import re
from typing import Any, cast

from django.contrib.auth.models import User
from django.http import Http404
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from pmo_portal.api import error_responses
from programs import policy
from programs.api.base import (
    IF_MATCH,
    PROGRAM_CODE,
    RECORD_ETAG,
    ProgramScopedViewSet,
    RevisionedAPIMixin,
)
from programs.api.idempotency import IDEMPOTENCY_KEY, create_once
from programs.errors import DomainError, ErrorCode

from ..choices import RaidKind
from ..filters.raid import RaidFilter
from ..models import RaidItem, RaidLink
from ..selectors import raid as selectors
from ..services import raid as services
from ..services import raid_workflow as workflow
from ..services.raid_checks import COMMON_FIELDS, KIND_FIELDS
from ..services.raid_rules import may_create_any
from .raid_serializers import (
    HeatCellSerializer,
    RaidCommentSerializer,
    RaidHistorySerializer,
    RaidItemSerializer,
    RaidItemWriteSerializer,
    RaidLinkSerializer,
    RaidLinkWriteSerializer,
    TransitionSerializer,
    values_of,
)

CODES = [ErrorCode.TRANSITION_NOT_ALLOWED]
PREFIXES = {"R": RaidKind.RISK, "A": RaidKind.ACTION, "I": RaidKind.ISSUE, "D": RaidKind.DECISION}


def _user(request: Request) -> User:
    return cast(User, request.user)


def _only_fields_of(kind: str, data: dict[str, Any]) -> dict[str, Any]:
    allowed = {*COMMON_FIELDS, *KIND_FIELDS[kind]}
    for name in data:
        if name not in allowed:
            raise DomainError(f"A {kind} has no field {name}.", field=name)
    return data


@extend_schema(parameters=[PROGRAM_CODE], tags=["RAID log"])
@extend_schema_view(
    list=extend_schema(
        summary="The program's RAID items, newest first, filtered as on the log page",
        responses={200: RaidItemSerializer(many=True), **error_responses(400, 404)},
    ),
    retrieve=extend_schema(
        summary="A RAID item, by its reference (R-12)",
        parameters=[RECORD_ETAG],
        responses={200: RaidItemSerializer, **error_responses(404)},
    ),
    create=extend_schema(
        summary="Record a risk, an action, an issue or a decision",
        description="Editors of the owning party (a shared item: of either party). Numbered "
        "per program and kind. Fields a kind does not use are refused.",
        parameters=[IDEMPOTENCY_KEY],
        request=RaidItemWriteSerializer,
        responses={201: RaidItemSerializer, **error_responses(400, 404)},
    ),
    partial_update=extend_schema(
        summary="Change what a RAID item says",
        description="Editors of the owning party, while it is not closed, done, cancelled or "
        "superseded. A change of scores is kept in the risk's score history. Send the "
        "item's `ETag` in `If-Match`: a change made from an older revision (someone changed "
        "it or took a step since) is refused (412).",
        parameters=[IF_MATCH, RECORD_ETAG],
        request=RaidItemWriteSerializer,
        responses={200: RaidItemSerializer, **error_responses(400, 404, 412, 428)},
    ),
)
class RaidItemViewSet(
    RevisionedAPIMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    ProgramScopedViewSet[RaidItem],
):
    queryset = RaidItem.objects.all()
    serializer_class = RaidItemSerializer
    filterset_class = RaidFilter
    lookup_field = "ref"
    lookup_value_regex = "[RAID]-[0-9]{1,9}"
    http_method_names = ["get", "post", "patch", "head", "options"]
    conditional_actions = ("list", "heat_map")

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):
            return RaidItem.objects.none()
        return policy.restrict(selectors.log_rows(self.program), self.request.user, "view")

    def get_object(self) -> RaidItem:
        match = re.fullmatch(r"([RAID])-(\d{1,9})", self.kwargs.get("ref", ""))
        if not match:
            raise Http404
        item = (
            self.get_queryset()
            .filter(kind=PREFIXES[match.group(1)], number=int(match.group(2)))
            .first()
        )
        if item is None:
            raise Http404
        item.program = self.program
        return cast(RaidItem, item)

    def _answer(self, item: RaidItem, code: int = status.HTTP_200_OK) -> Response:
        fresh = self.get_queryset().get(pk=item.pk)
        return self.record_answer(RaidItemSerializer(fresh).data, fresh, code)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self._answer(self.get_object())

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        if not may_create_any(request.user, self.program):
            raise Http404
        payload = RaidItemWriteSerializer(data=request.data, context={"program": self.program})
        payload.is_valid(raise_exception=True)
        kind = payload.validated_data.get("kind")
        if not kind:
            raise DomainError(
                "Say which kind of item: risk, action, issue or decision.", field="kind"
            )
        values = _only_fields_of(kind, values_of(payload, kind))

        def create() -> Response:
            item = services.item_create(
                acting_user=_user(request), program=self.program, kind=kind, **values
            )
            return self._answer(item, status.HTTP_201_CREATED)

        return create_once(request, scope=f"raid_{kind}:create", create=create)

    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        item = self.get_object()
        revision = self.if_match(item)
        payload = RaidItemWriteSerializer(
            data=request.data, partial=True, context={"program": self.program}
        )
        payload.is_valid(raise_exception=True)
        values = _only_fields_of(item.kind, values_of(payload, item.kind))
        services.item_update(acting_user=_user(request), item=item, revision=revision, **values)
        return self._answer(item)

    @extend_schema(
        summary="Take a step of the item's life cycle",
        description="A risk that occurs becomes a new issue linked to it: the answer is that "
        "issue (201).",
        request=TransitionSerializer,
        responses={
            200: RaidItemSerializer,
            201: RaidItemSerializer,
            **error_responses(400, 404, codes=CODES),
        },
    )
    @action(detail=True, methods=["post"])
    def transition(self, request: Request, code: str, ref: str) -> Response:
        item = self.get_object()
        payload = TransitionSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        user, name = _user(request), data["action"]
        reason = data.get("reason", "")
        if name == "review":
            workflow.risk_review(
                acting_user=user, item=item, note=reason, next_review_on=data.get("next_review_on")
            )
        elif name == "occur":
            issue = workflow.risk_occur(
                acting_user=user, item=item, note=reason, due_on=data.get("due_on")
            )
            return self._answer(issue, status.HTTP_201_CREATED)
        elif name == "resolve":
            resolution = data.get("resolution", "")
            workflow.issue_resolve(acting_user=user, item=item, resolution=resolution)
        elif name == "complete":
            workflow.action_complete(
                acting_user=user, item=item, done_on=data.get("done_on"), note=reason
            )
        elif name == "decide":
            workflow.decision_decide(
                acting_user=user,
                item=item,
                decided_on=data.get("decided_on"),
                decided_by=data.get("decided_by", ""),
                rationale=data.get("rationale", ""),
            )
        else:
            workflow.item_transition(acting_user=user, item=item, name=name, reason=reason)
        return self._answer(item)

    @extend_schema(
        summary="The item's steps: who, as which party, when, why",
        responses={200: RaidHistorySerializer(many=True), **error_responses(404)},
    )
    @action(detail=True, methods=["get"], filterset_class=None, pagination_class=None)
    def history(self, request: Request, code: str, ref: str) -> Response:
        item = self.get_object()
        return Response(RaidHistorySerializer(item.history.all(), many=True).data)

    @extend_schema(
        methods=["GET"],
        summary="The item's links",
        responses={200: RaidLinkSerializer(many=True), **error_responses(404)},
    )
    @extend_schema(
        methods=["POST"],
        summary="Link the item to a task, a change request, a finding or another RAID item",
        description="Of the same program only; the owning party's editors.",
        request=RaidLinkWriteSerializer,
        responses={201: RaidLinkSerializer, **error_responses(400, 404)},
    )
    @action(detail=True, methods=["get", "post"], filterset_class=None, pagination_class=None)
    def links(self, request: Request, code: str, ref: str) -> Response:
        item = self.get_object()
        if request.method == "GET":
            rows = item.links.select_related("task", "change_request", "finding", "raid_item")
            return Response(RaidLinkSerializer(rows, many=True).data)
        payload = RaidLinkWriteSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        link = services.link_add(
            acting_user=_user(request),
            item=item,
            kind=payload.validated_data["kind"],
            target_id=payload.validated_data["target_id"],
        )
        return Response(RaidLinkSerializer(link).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Remove a link",
        responses={204: OpenApiResponse(description="Removed."), **error_responses(404)},
    )
    @action(
        detail=True,
        methods=["post"],
        url_path=r"links/(?P<link_id>[0-9]+)/remove",
        filterset_class=None,
    )
    def remove_link(self, request: Request, code: str, ref: str, link_id: str) -> Response:
        item = self.get_object()
        link = RaidLink.objects.filter(item=item, pk=int(link_id)).first()
        if link is None:
            raise Http404
        services.link_remove(acting_user=_user(request), link=link)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        methods=["GET"],
        summary="The item's comments, oldest first",
        responses={200: RaidCommentSerializer(many=True), **error_responses(404)},
    )
    @extend_schema(
        methods=["POST"],
        summary="Comment on the item",
        description="Members of either party but viewers, and the IV&V agent.",
        request=RaidCommentSerializer,
        responses={201: RaidCommentSerializer, **error_responses(400, 404)},
    )
    @action(detail=True, methods=["get", "post"], filterset_class=None, pagination_class=None)
    def comments(self, request: Request, code: str, ref: str) -> Response:
        item = self.get_object()
        if request.method == "GET":
            return Response(RaidCommentSerializer(item.comments.all(), many=True).data)
        payload = RaidCommentSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        comment = services.comment_add(
            acting_user=_user(request), item=item, text=payload.validated_data["text"]
        )
        return Response(RaidCommentSerializer(comment).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="The heat map: risks per cell of the 5 x 5 matrix",
        description="Filtered as the list (`position`: inherent or residual, default "
        "residual); rows from probability 5 down to 1.",
        responses={200: HeatCellSerializer(many=True), **error_responses(400, 404)},
    )
    @action(detail=False, methods=["get"], url_path="heat-map", pagination_class=None)
    def heat_map(self, request: Request, code: str) -> Response:
        filterset = RaidFilter(
            request.query_params,
            queryset=self.get_queryset().filter(kind=RaidKind.RISK),
            program=self.program,
        )
        if not filterset.is_valid():
            raise DomainError("The filters are not valid.", extra={"errors": filterset.errors})
        grid = selectors.heat_map(filterset.qs, services.scheme_for(self.program), filterset.rating)
        cells = [
            {"probability": c.probability, "impact": c.impact, "band": c.band, "count": c.count}
            for row in grid
            for c in row
        ]
        return Response(HeatCellSerializer(cells, many=True).data)
