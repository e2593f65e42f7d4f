"""What waits on a person in the schedule: change requests to decide (``programs.work``)."""

from __future__ import annotations

from collections.abc import Sequence

from django.contrib.auth.models import AbstractBaseUser

from programs.models import Membership
from programs.work import WorkItem, programs_where

from ..choices import CHANGE_APPROVING_ROLES, ChangeRequestStatus
from ..models import ChangeRequest
from ..services.change_requests import DECIDING_PARTIES

DECIDE_CHANGE = "decide_change"


def change_requests_to_decide(
    *, user: AbstractBaseUser, memberships: Sequence[Membership]
) -> list[WorkItem]:
    """Proposed change requests the person's party has not decided, for the Program Managers
    of the customer and the provider (the deciders). Two queries."""
    deciders = programs_where(memberships, parties=DECIDING_PARTIES, roles=CHANGE_APPROVING_ROLES)
    requests = (
        ChangeRequest.objects.filter(
            status=ChangeRequestStatus.PROPOSED, schedule__program_id__in=list(deciders)
        )
        .select_related("schedule__program")
        .prefetch_related("decisions")
        .order_by("schedule__program__code", "number")
    )
    items = []
    for change_request in requests:
        program = change_request.schedule.program
        party = deciders[program.pk].party
        if any(d.party == party for d in change_request.decisions.all()):
            continue
        items.append(
            WorkItem(
                kind=DECIDE_CHANGE,
                program_code=program.code,
                program_name=program.name,
                title=str(change_request),
                action=f"Decide for the {party}",
                url=change_request.get_absolute_url(),
            )
        )
    return items
