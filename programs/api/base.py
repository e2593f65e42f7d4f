"""What every program-scoped API collection shares: the program comes from the URL's
``code``, rows come from ``policy.restrict`` for the action asked, so a missing program, a
missing row and a row the user may not act on all answer 404 ``not_found``."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, ClassVar, TypeVar

from django.db import models
from django.http import Http404
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter
from rest_framework import status, viewsets
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.renderers import BaseRenderer
from rest_framework.request import Request
from rest_framework.response import Response

from programs import policy
from programs.concurrency import Revisioned, if_match_revision, revision_etag
from programs.conditional import ConditionalAnswers
from programs.models import Program
from programs.readers import get_program

M = TypeVar("M", bound=models.Model)

PROGRAM_CODE = OpenApiParameter(
    "code",
    str,
    OpenApiParameter.PATH,
    description="The program's code, as in its URL (for example `alpha`).",
)

# The policy action a viewset action needs on the rows it touches; anything else is a read.
WRITE_ACTIONS: dict[str, policy.Action] = {
    "create": "change",
    "update": "change",
    "partial_update": "change",
    "destroy": "change",
}


def visible_program(request: Request, code: str, action: policy.Action = "view") -> Program:
    """The program ``code`` if the user may do ``action`` on it, else a 404. Viewing it is
    what a page of it asks (``get_program``): the reader's access is read once between two
    writes to the program."""
    if action == "view":
        return get_program(request, code)
    return get_object_or_404(
        policy.restrict(Program.objects.all(), request.user, action), code=code
    )


def visible_costs_program(request: Request, code: str) -> Program:
    """The program ``code`` for a member who sees its costs, for endpoints that are all
    money; a 404 alike for everyone else."""
    program = visible_program(request, code)
    if not policy.can_see_costs(request.user, program):
        raise Http404
    return program


class ProgramScopedViewSet(ConditionalAnswers, viewsets.GenericViewSet[M]):
    """A collection of one program's rows under ``/api/programs/{code}/``. Its list is
    answered conditionally (``ConditionalAnswers``): with an ETag, 304 to a client that holds
    it, and from the cache while the program has not changed. A collection whose answers
    depend on more than the program's audited data sets ``conditional_actions = ()``."""

    # Viewset actions that need more than the default (reads: view; writes: change).
    policy_actions: ClassVar[dict[str, policy.Action]] = {}
    program: Program

    def policy_action(self) -> policy.Action:
        action = self.action or ""
        return self.policy_actions.get(action, WRITE_ACTIONS.get(action, "view"))

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        self.program = visible_program(request, self.kwargs["code"])
        self.check_access(request)
        self.answer_conditionally(request)

    def check_access(self, request: Request) -> None:
        """Checks of the collection's own, once the program is known to be visible."""

    def get_queryset(self) -> models.QuerySet[M]:
        queryset: models.QuerySet[M] = super().get_queryset()
        if getattr(self, "swagger_fake_view", False):
            return queryset.none()
        path = queryset.model.policy_program_field  # type: ignore[attr-defined]
        rows = queryset.filter(**{path: self.program})
        action = self.policy_action()
        if action == "view":
            # Viewing is granted on the program as a whole, and ``initial`` checked it.
            return rows
        return policy.restrict(rows, self.request.user, action)

    def require_can_create(self, row: models.Model) -> None:
        """A new row the user may not change is refused like any other unreachable object."""
        if not policy.can(self.request.user, "change", row):
            raise Http404


class CostsScopedViewSet(ProgramScopedViewSet[M]):
    """A collection of rows that are all money: members who do not see the program's costs
    get a 404, as outsiders do."""

    def check_access(self, request: Request) -> None:
        super().check_access(request)
        if not policy.can_see_costs(request.user, self.program):
            raise Http404


class JSONErrorsNegotiation(DefaultContentNegotiation):
    """Exports answer files themselves; anything else they answer (errors) is JSON, whatever
    ``?format=`` asks, since DRF would otherwise read ``format`` as a renderer's name."""

    def select_renderer(
        self, request: Request, renderers: Iterable[BaseRenderer], format_suffix: str | None = None
    ) -> tuple[BaseRenderer, str]:
        renderer = next(iter(renderers))
        return renderer, renderer.media_type or "application/json"


IF_MATCH = OpenApiParameter(
    "If-Match",
    str,
    OpenApiParameter.HEADER,
    required=False,
    description="The `ETag` the record's last answer gave. If someone has changed the record "
    "since, the change is refused with 412 and what they changed; nothing is written. "
    "Without it the change is made over whatever is stored (unless the portal is set to "
    "require it: 428).",
)
RECORD_ETAG = OpenApiParameter(
    "ETag",
    str,
    OpenApiParameter.HEADER,
    response=[200, 201],
    description="The record's revision: send it back in `If-Match` to change it.",
)


class RevisionedAPIMixin:
    """Answers about one record carry its revision as an ``ETag``; changes honour
    ``If-Match`` (``programs.concurrency``)."""

    def if_match(self, record: Revisioned) -> int | None:
        """The revision the client started from (None: no If-Match, or ``*``)."""
        request: Request = getattr(self, "request")  # noqa: B009 (the view's, typed here)
        return if_match_revision(request, record)

    def record_answer(
        self, data: Any, record: Revisioned, code: int = status.HTTP_200_OK
    ) -> Response:
        response = Response(data, status=code)
        response["ETag"] = revision_etag(record)
        return response
