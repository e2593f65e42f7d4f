"""What the views of the schedule API share. Every read starts from a program the user may view and
then its schedule, so another program's schedule, a program without one and a row the user may not
act on all answer 404 ``not_found``; the error texts and codes here keep the OpenAPI descriptions
of the operations alike."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypeVar, cast

from django.contrib.auth.models import User
from django.db import models
from django.http import Http404
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiResponse
from rest_framework.request import Request

from pmo_portal.api import error_responses
from programs import policy
from programs.api.base import ProgramScopedViewSet
from programs.errors import DomainError, ErrorCode, PermissionRefused
from programs.models import Program
from schedule.models import Schedule, Task

M = TypeVar("M", bound=models.Model)

SCHEDULE_TAG = "schedule"
NO_SCHEDULE_404 = (
    " A program without a schedule answers 404 `not_found` too: start one (POST) or import one."
)


def request_user(request: Request) -> User:
    # Every view requires a login (DEFAULT_PERMISSION_CLASSES), so the user is a real one.
    return cast(User, request.user)


def schedule_of(program: Program) -> Schedule:
    """The program's schedule, or 404: the API does not tell a missing schedule from a
    program the user cannot see, as the charter does not."""
    schedule = get_object_or_404(Schedule.objects.all(), program=program)
    schedule.program = program
    return schedule


def problems_400(codes: Sequence[ErrorCode], text: str) -> OpenApiResponse:
    """The 400 of an operation whose refusals list ``problems``, described as such."""
    response: OpenApiResponse = error_responses(400, codes=codes)[400]
    response.description = f"{response.description} {text}"
    return response


SCHEDULE_INVALID_TEXT = (
    "`schedule_invalid` carries `problems`: [{`task_uid`, `message`}], every reason the "
    "schedule cannot be computed (a dependency loop names the tasks in it)."
)
TASK_CODES = (ErrorCode.SCHEDULE_INVALID, ErrorCode.UNDER_CHANGE_CONTROL)


class ScheduleScopedViewSet(ProgramScopedViewSet[M]):
    """A collection of the program's schedule: 404 when the program has none."""

    schedule: Schedule

    def check_access(self, request: Request) -> None:
        super().check_access(request)
        self.schedule = schedule_of(self.program)

    def get_serializer_context(self) -> dict[str, Any]:
        program = getattr(self, "program", None)
        return {
            **super().get_serializer_context(),
            "schedule": getattr(self, "schedule", None),
            "program": program,
            "user": self.request.user,
            # Money is left out of the answers of whoever may not see it.
            "see_costs": program is not None and policy.can_see_costs(self.request.user, program),
        }

    def refuse_hidden_money(self, data: dict[str, Any], fields: Sequence[str]) -> None:
        """Only who may see costs enters amounts."""
        sent = [name for name in fields if name in data]
        if sent and not policy.can_see_costs(self.request.user, self.program):
            raise PermissionRefused(
                "You may not enter amounts: costs are shown only to both parties' Program "
                "Managers, PMO Leads and Executive Sponsors.",
                field=sent[0],
            )

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
