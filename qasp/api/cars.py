"""The corrective action requests API under /api/programs/{code}/qasp/cars/: the register
with the page's filters, issuing (the customer's editors), the proposal for an unacceptable
record, the life cycle's actions and each request's history. Reads start from
``policy.restrict``; writes call ``qasp.services.cars``, whose refusals answer 403 (the
rule) or 400 (the status, a field)."""

from __future__ import annotations

from typing import Any, cast

from django.contrib.auth.models import User
from django.http import Http404
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from pmo_portal.api import error_responses
from programs import policy
from programs.api.base import PROGRAM_CODE, ProgramScopedViewSet
from programs.errors import ErrorCode

from .. import car_selectors
from ..car_filters import CarFilter
from ..car_rules import may_issue
from ..models import CorrectiveActionRequest, SurveillanceRecord
from ..services import cars as services
from ..services.car_proposals import proposed_car
from .car_serializers import (
    CarAnswerSerializer,
    CarHistorySerializer,
    CarIssueSerializer,
    CarNoteSerializer,
    CarProposalSerializer,
    CarReasonSerializer,
    CarReturnSerializer,
    CarSerializer,
)

CODES = [ErrorCode.TRANSITION_NOT_ALLOWED]
TAGS = ["QASP corrective action requests"]


def _user(request: Request) -> User:
    return cast(User, request.user)


def _transition(summary: str, description: str, request: Any) -> Any:
    return extend_schema(
        summary=summary,
        description=description,
        request=request,
        responses={200: CarSerializer, **error_responses(400, 404, codes=CODES)},
    )


@extend_schema(parameters=[PROGRAM_CODE], tags=TAGS)
@extend_schema_view(
    list=extend_schema(
        summary="The program's corrective action requests, newest first, filtered as on the "
        "register page",
        description="`next_step` says who owes what by when; `overdue` flags it past due.",
        responses={200: CarSerializer(many=True), **error_responses(400, 404)},
    ),
    retrieve=extend_schema(
        summary="A corrective action request, by its number (1 for CAR-001)",
        responses={200: CarSerializer, **error_responses(404)},
    ),
    create=extend_schema(
        summary="Issue a corrective action request",
        description="The customer's editors. On unacceptable surveillance records of one "
        "standard of the program, none in an open request; numbered per program.",
        request=CarIssueSerializer,
        responses={201: CarSerializer, **error_responses(400, 404)},
    ),
)
class CarViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    ProgramScopedViewSet[CorrectiveActionRequest],
):
    queryset = CorrectiveActionRequest.objects.all()
    serializer_class = CarSerializer
    filterset_class = CarFilter
    lookup_field = "number"
    lookup_value_regex = "[0-9]+"
    http_method_names = ["get", "post", "head", "options"]

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):
            return CorrectiveActionRequest.objects.none()
        # Every action reads what the user may view; the services decide who may act.
        rows = car_selectors.register_rows(self.program).prefetch_related("records")
        return policy.restrict(rows, self.request.user, "view")

    def _answer(self, car: CorrectiveActionRequest, code: int = status.HTTP_200_OK) -> Response:
        fresh = self.get_queryset().get(pk=car.pk)
        return Response(CarSerializer(fresh).data, status=code)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        if not may_issue(request.user, self.program):
            raise Http404
        payload = CarIssueSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        car = services.car_issue(
            acting_user=_user(request), program=self.program, **payload.validated_data
        )
        return self._answer(car, status.HTTP_201_CREATED)

    @extend_schema(
        summary="What the portal proposes for an unacceptable surveillance record",
        description="The customer's editors. The standard, this record and the standard's "
        "other unacceptable records not in an open request, a drafted description (observed "
        "against the AQL per period), the escalation level (the lowest, or the one above an "
        "earlier request of the standard in the last 12 months) and the default response due "
        "date. Nothing is written. 404 for an acceptable record.",
        responses={200: CarProposalSerializer, **error_responses(404)},
    )
    @action(
        detail=False,
        methods=["get"],
        url_path=r"proposal/(?P<record_id>[0-9]+)",
        filterset_class=None,
        pagination_class=None,
    )
    def proposal(self, request: Request, *args: Any, record_id: str, **kwargs: Any) -> Response:
        if not may_issue(request.user, self.program):
            raise Http404
        records = policy.restrict(
            SurveillanceRecord.objects.filter(program=self.program), request.user, "view"
        )
        record = get_object_or_404(records, pk=int(record_id))
        record.program = self.program
        proposal = proposed_car(record)
        if proposal is None:
            raise Http404
        data = {
            "standard_code": proposal.standard_code,
            "standard_text": proposal.standard_text,
            "record_ids": [r.pk for r in proposal.records],
            "description": proposal.description,
            "escalation_level": proposal.escalation_level,
            "response_due": proposal.response_due,
            "earlier": proposal.earlier.reference if proposal.earlier else None,
        }
        return Response(CarProposalSerializer(data).data)

    def _act(self, request: Request, serializer: type[Any], call: Any) -> Response:
        car = self.get_object()
        payload = serializer(data=request.data)
        payload.is_valid(raise_exception=True)
        call(_user(request), car, dict(payload.validated_data))
        return self._answer(car)

    @_transition(
        "Answer a corrective action request",
        "Members of the provider who may comment, while it is issued or returned: the root "
        "cause, the corrective action and its target date (not before today).",
        CarAnswerSerializer,
    )
    @action(detail=True, methods=["post"])
    def answer(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self._act(
            request,
            CarAnswerSerializer,
            lambda user, car, d: services.car_answer(acting_user=user, car=car, **d),
        )

    @_transition(
        "Accept the provider's answer",
        "The customer's editors. The request then waits for a later acceptable record of "
        "its standard, which closes it.",
        CarNoteSerializer,
    )
    @action(detail=True, methods=["post"])
    def accept(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self._act(
            request,
            CarNoteSerializer,
            lambda user, car, d: services.car_accept(acting_user=user, car=car, note=d["note"]),
        )

    @_transition(
        "Return the provider's answer",
        "The customer's editors, with the reason; a new answer is due `response_due`.",
        CarReturnSerializer,
    )
    @action(detail=True, methods=["post"], url_path="return")
    def return_answer(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self._act(
            request,
            CarReturnSerializer,
            lambda user, car, d: services.car_return(acting_user=user, car=car, **d),
        )

    @_transition(
        "Withdraw a corrective action request",
        "The customer's editors, with the reason, while it is open.",
        CarReasonSerializer,
    )
    @action(detail=True, methods=["post"])
    def withdraw(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self._act(
            request,
            CarReasonSerializer,
            lambda user, car, d: services.car_withdraw(acting_user=user, car=car, **d),
        )

    @_transition(
        "Escalate a corrective action request to the next level",
        "The customer's editors, with the reason, while it is open and below the highest "
        "level of QASP_ESCALATION_LEVELS. The status stays; the history records it.",
        CarReasonSerializer,
    )
    @action(detail=True, methods=["post"])
    def escalate(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self._act(
            request,
            CarReasonSerializer,
            lambda user, car, d: services.car_escalate(acting_user=user, car=car, **d),
        )

    @extend_schema(
        summary="A request's history: every transition, who, as which party, when and why",
        responses={200: OpenApiResponse(CarHistorySerializer(many=True)), **error_responses(404)},
    )
    @action(detail=True, methods=["get"], filterset_class=None, pagination_class=None)
    def history(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        car = self.get_object()
        return Response(CarHistorySerializer(car.history.all(), many=True).data)
