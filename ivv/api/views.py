"""The IV&V findings API under /api/programs/{code}/ivv/findings/: the register with the
page's filters, filing and editing by the IV&V agent, the life cycle's actions and each
finding's history. Reads start from ``policy.restrict``; writes call ``ivv.services``, whose
refusals answer 403 (the rule) or 400 (the status, a missing rationale)."""

from __future__ import annotations

from typing import Any, cast

from django.contrib.auth.models import User
from django.http import Http404
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from pmo_portal.api import error_responses
from programs.api.base import (
    IF_MATCH,
    PROGRAM_CODE,
    RECORD_ETAG,
    ProgramScopedViewSet,
    RevisionedAPIMixin,
)
from programs.api.idempotency import IDEMPOTENCY_KEY, create_once
from programs.errors import ErrorCode

from .. import selectors, services
from ..filters import FindingFilter
from ..models import Finding
from ..rules import may_file
from .serializers import (
    AnswerSerializer,
    EvidenceSerializer,
    FindingHistorySerializer,
    FindingSerializer,
    FindingWriteSerializer,
    NoteSerializer,
    ReasonSerializer,
)

CODES = [ErrorCode.TRANSITION_NOT_ALLOWED]


def _user(request: Request) -> User:
    return cast(User, request.user)


def _transition(summary: str, description: str, request: Any) -> Any:
    return extend_schema(
        summary=summary,
        description=description,
        request=request,
        responses={200: FindingSerializer, **error_responses(400, 404, codes=CODES)},
    )


@extend_schema(parameters=[PROGRAM_CODE], tags=["IV&V findings"])
@extend_schema_view(
    list=extend_schema(
        summary="The program's IV&V findings, newest first, filtered as on the register page",
        description="Overdue flags: `answer_overdue` (open past `response_due`) and "
        "`action_overdue` (answered or in progress past `action_target`), and `overdue` in "
        "words.",
        responses={200: FindingSerializer(many=True), **error_responses(400, 404)},
    ),
    retrieve=extend_schema(
        summary="An IV&V finding, by its number (3 for IVV-003)",
        parameters=[RECORD_ETAG],
        responses={200: FindingSerializer, **error_responses(404)},
    ),
    create=extend_schema(
        summary="File a finding",
        description="The IV&V agent only. Numbered per program; the response is due "
        "IVV_RESPONSE_DAYS[severity] business days (US federal calendar) after `raised_on`.",
        parameters=[IDEMPOTENCY_KEY],
        request=FindingWriteSerializer,
        responses={201: FindingSerializer, **error_responses(400, 404)},
    ),
    update=extend_schema(
        summary="Edit a finding",
        description="The IV&V agent, while the finding is open. The whole finding. Send the "
        "finding's `ETag` in `If-Match`: an edit made from an older revision (someone edited "
        "it or took a step since) is refused (412).",
        parameters=[IF_MATCH, RECORD_ETAG],
        request=FindingWriteSerializer,
        responses={200: FindingSerializer, **error_responses(400, 404, 412, 428)},
    ),
)
class FindingViewSet(
    RevisionedAPIMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    ProgramScopedViewSet[Finding],
):
    queryset = Finding.objects.all()
    serializer_class = FindingSerializer
    filterset_class = FindingFilter
    lookup_field = "number"
    lookup_value_regex = "[0-9]+"
    http_method_names = ["get", "post", "put", "head", "options"]

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):
            return Finding.objects.none()
        # Every action reads what the user may view; the services decide who may act.
        from programs import policy

        return policy.restrict(selectors.register_rows(self.program), self.request.user, "view")

    def _answer(self, finding: Finding, code: int = status.HTTP_200_OK) -> Response:
        fresh = self.get_queryset().get(pk=finding.pk)
        return self.record_answer(FindingSerializer(fresh).data, fresh, code)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self._answer(self.get_object())

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        if not may_file(request.user, self.program):
            raise Http404
        payload = FindingWriteSerializer(data=request.data)
        payload.is_valid(raise_exception=True)

        def create() -> Response:
            finding = services.finding_create(
                acting_user=_user(request), program=self.program, **payload.values()
            )
            return self._answer(finding, status.HTTP_201_CREATED)

        return create_once(request, scope="ivv_finding:create", create=create)

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        finding = self.get_object()
        revision = self.if_match(finding)
        payload = FindingWriteSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        services.finding_update(
            acting_user=_user(request), finding=finding, revision=revision, **payload.values()
        )
        return self._answer(finding)

    def _act(self, request: Request, serializer: type[Any] | None, call: Any) -> Response:
        finding = self.get_object()
        data: dict[str, Any] = {}
        if serializer is not None:
            payload = serializer(
                data=request.data, context={"program": self.program, "finding": finding}
            )
            payload.is_valid(raise_exception=True)
            data = dict(payload.validated_data)
        call(_user(request), finding, data)
        return self._answer(finding)

    @_transition(
        "Answer a finding",
        "Editors of the party that answers: concur, partially concur or non-concur; a "
        "rationale with partially and non-concur; a corrective action plan, its owner (a "
        "member of that party) and target date with concur and partially concur.",
        AnswerSerializer,
    )
    @action(detail=True, methods=["post"])
    def answer(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self._act(
            request,
            AnswerSerializer,
            lambda user, f, d: services.finding_answer(acting_user=user, finding=f, **d),
        )

    @_transition(
        "Start the corrective action",
        "Editors of the party that answers, of a concurrence.",
        None,
    )
    @action(detail=True, methods=["post"])
    def start(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self._act(
            request, None, lambda user, f, d: services.finding_start(acting_user=user, finding=f)
        )

    @_transition(
        "Propose closure, with the evidence",
        "Editors of the party that answers, of a finding in progress.",
        EvidenceSerializer,
    )
    @action(detail=True, methods=["post"], url_path="propose-closure")
    def propose_closure(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self._act(
            request,
            EvidenceSerializer,
            lambda user, f, d: services.finding_propose_closure(
                acting_user=user, finding=f, evidence=d["evidence"]
            ),
        )

    @_transition(
        "Close a finding after verifying its evidence",
        "The IV&V agent only, of a finding whose closure is proposed.",
        NoteSerializer,
    )
    @action(detail=True, methods=["post"])
    def close(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self._act(
            request,
            NoteSerializer,
            lambda user, f, d: services.finding_close(
                acting_user=user, finding=f, note=d.get("note", "")
            ),
        )

    @_transition(
        "Send a proposed closure back to in progress",
        "The IV&V agent only, with the reason.",
        ReasonSerializer,
    )
    @action(detail=True, methods=["post"], url_path="send-back")
    def send_back(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self._act(
            request,
            ReasonSerializer,
            lambda user, f, d: services.finding_send_back(
                acting_user=user, finding=f, reason=d["reason"]
            ),
        )

    @_transition(
        "Accept the risk of a finding",
        "The customer's Executive Sponsor only, with the rationale (`reason`).",
        ReasonSerializer,
    )
    @action(detail=True, methods=["post"], url_path="accept-risk")
    def accept_risk(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self._act(
            request,
            ReasonSerializer,
            lambda user, f, d: services.finding_accept_risk(
                acting_user=user, finding=f, rationale=d["reason"]
            ),
        )

    @_transition(
        "Escalate a non-concurrence to both Executive Sponsors",
        "The IV&V agent only, with the reason; the sponsors are emailed.",
        ReasonSerializer,
    )
    @action(detail=True, methods=["post"])
    def escalate(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self._act(
            request,
            ReasonSerializer,
            lambda user, f, d: services.finding_escalate(
                acting_user=user, finding=f, reason=d["reason"]
            ),
        )

    @_transition(
        "Reopen a closed finding", "The IV&V agent only, with the reason.", ReasonSerializer
    )
    @action(detail=True, methods=["post"])
    def reopen(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self._act(
            request,
            ReasonSerializer,
            lambda user, f, d: services.finding_reopen(
                acting_user=user, finding=f, reason=d["reason"]
            ),
        )

    @extend_schema(
        summary="A finding's history: every transition, who, as which party, when and why",
        responses={
            200: OpenApiResponse(FindingHistorySerializer(many=True)),
            **error_responses(404),
        },
    )
    @action(detail=True, methods=["get"], filterset_class=None, pagination_class=None)
    def history(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        finding = self.get_object()
        rows = finding.history.all()
        return Response(FindingHistorySerializer(rows, many=True).data)
