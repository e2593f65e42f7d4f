"""The performance evaluation API under /api/programs/{code}/qasp/evaluations/: list and
read (every member), create, rate, refresh the proposal and open for comment (the customer's
editors, while a draft), the provider's comment, the evaluator's signature, and the proposal
from today's evidence. Reads start from ``policy.restrict``; an evaluation the user may not
change is not found (404) for the customer's writes; the comment and the signature answer a
refusal with the rule (403)."""

from __future__ import annotations

from typing import Any, cast

from django.conf import settings
from django.contrib.auth.models import User
from django.db.models import Prefetch
from django.http import Http404
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from pmo_portal.api import error_responses
from programs import policy
from programs.api.base import PROGRAM_CODE, ProgramScopedViewSet

from .. import evaluation_evidence
from ..evaluation_rules import may_create
from ..models import EvaluationRating, PerformanceEvaluation
from ..services import evaluations as services
from .evaluation_serializers import (
    EvaluationCommentSerializer,
    EvaluationCreateSerializer,
    EvaluationProposalSerializer,
    EvaluationRateSerializer,
    PerformanceEvaluationSerializer,
)

TAGS = ["QASP performance evaluations"]
ONE = {200: PerformanceEvaluationSerializer, **error_responses(400, 404)}


def _user(request: Request) -> User:
    return cast(User, request.user)


@extend_schema(parameters=[PROGRAM_CODE], tags=TAGS)
@extend_schema_view(
    list=extend_schema(
        summary="The program's CPARS-style performance evaluations, newest period first",
        responses={200: PerformanceEvaluationSerializer(many=True), **error_responses(404)},
    ),
    retrieve=extend_schema(summary="A performance evaluation", responses=ONE),
    create=extend_schema(
        summary="Create a performance evaluation",
        description="The customer's editors. Quarterly or annual, for a period that has ended "
        "(a federal fiscal quarter or year by default, at most 3 or 12 months) overlapping the "
        "QASP's agreed surveillance period, one per kind and period; the evaluator a customer "
        "membership. Each rating area gets the portal's proposal and its reasons.",
        request=EvaluationCreateSerializer,
        responses={201: PerformanceEvaluationSerializer, **error_responses(400, 404)},
    ),
)
class PerformanceEvaluationViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, ProgramScopedViewSet[PerformanceEvaluation]
):
    queryset = PerformanceEvaluation.objects.all()
    serializer_class = PerformanceEvaluationSerializer
    policy_actions = {"comment": "view", "sign": "view", "proposal": "view"}
    for_editors = ("rate", "refresh", "open")

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):
            return PerformanceEvaluation.objects.none()
        rows = (
            PerformanceEvaluation.objects.filter(program=self.program)
            .select_related("evaluator__user", "program")
            .prefetch_related(Prefetch("ratings", queryset=EvaluationRating.objects.all()))
        )
        wanted = "change" if self.action in self.for_editors else self.policy_action()
        return policy.restrict(rows, self.request.user, wanted)

    def _answer(self, evaluation: PerformanceEvaluation, code: int = 200) -> Response:
        fresh = (
            PerformanceEvaluation.objects.select_related("evaluator__user", "program")
            .prefetch_related("ratings")
            .get(pk=evaluation.pk)
        )
        return Response(PerformanceEvaluationSerializer(fresh).data, status=code)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        if not may_create(request.user, self.program):
            raise Http404
        payload = EvaluationCreateSerializer(data=request.data, context={"program": self.program})
        payload.is_valid(raise_exception=True)
        evaluation = services.evaluation_create(
            acting_user=_user(request), program=self.program, **payload.values()
        )
        return self._answer(evaluation, status.HTTP_201_CREATED)

    @extend_schema(
        summary="Rate and narrate areas, and the overall assessment",
        description="The customer's editors, while a draft. Areas not given stay as they are. "
        "Exceptional, Marginal and Unsatisfactory need a narrative (CPARS).",
        request=EvaluationRateSerializer,
        responses=ONE,
    )
    @action(detail=True, methods=["post"])
    def rate(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        evaluation = self.get_object()
        payload = EvaluationRateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        services.evaluation_rate(
            acting_user=_user(request), evaluation=evaluation, **payload.values()
        )
        return self._answer(evaluation)

    @extend_schema(
        summary="Propose again from today's evidence",
        description="The customer's editors, while a draft. The ratings stay.",
        request=None,
        responses=ONE,
    )
    @action(detail=True, methods=["post"])
    def refresh(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        evaluation = self.get_object()
        services.evaluation_refresh(acting_user=_user(request), evaluation=evaluation)
        return self._answer(evaluation)

    @extend_schema(
        summary="Open for the provider's comment",
        description="The customer's editors, once every area is rated: the provider may "
        "comment for QASP_EVALUATION_COMMENT_DAYS calendar days (`comment_due`).",
        request=None,
        responses=ONE,
    )
    @action(detail=True, methods=["post"])
    def open(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        evaluation = self.get_object()
        services.evaluation_open(acting_user=_user(request), evaluation=evaluation)
        return self._answer(evaluation)

    @extend_schema(
        summary="The provider's comment",
        description="Members of the provider who may comment (not viewers), once, while open "
        "for comment and on or before `comment_due`. Others get 403 with the rule.",
        request=EvaluationCommentSerializer,
        responses=ONE,
    )
    @action(detail=True, methods=["post"])
    def comment(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        evaluation = self.get_object()
        payload = EvaluationCommentSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        services.evaluation_comment(
            acting_user=_user(request),
            evaluation=evaluation,
            text=payload.validated_data["provider_comment"],
        )
        return self._answer(evaluation)

    @extend_schema(
        summary="Sign the evaluation",
        description="The customer's evaluator alone, once the provider has commented or the "
        "comment window has closed; stores the SHA-256 of what is signed (`signed_hash`). "
        "Anyone else, the provider first, gets 403 with the rule. Never changed after.",
        request=None,
        responses=ONE,
    )
    @action(detail=True, methods=["post"])
    def sign(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        evaluation = self.get_object()
        services.evaluation_sign(acting_user=_user(request), evaluation=evaluation)
        return self._answer(evaluation)

    @extend_schema(
        summary="The proposal from today's evidence",
        description="Per rating area, the rating the portal would propose now from the "
        "period's surveillance records and corrective action requests, with its reasons; not "
        "stored (see `refresh`).",
        responses={200: EvaluationProposalSerializer(many=True), **error_responses(404)},
    )
    @action(detail=True, methods=["get"])
    def proposal(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        evaluation = self.get_object()
        proposals = evaluation_evidence.proposals(
            self.program, evaluation.period_start, evaluation.period_end
        )
        rows = [
            {"area": key, "rating": p.rating, "rating_text": p.rating_text, "reasons": p.reasons}
            for key, p in ((k, proposals[k]) for k, _ in settings.QASP_RATING_AREAS)
        ]
        return Response(EvaluationProposalSerializer(rows, many=True).data)
