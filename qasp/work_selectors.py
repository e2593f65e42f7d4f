"""What waits on a person in the QASP: corrective action requests to answer or evaluate and
surveillance due (``programs.work``)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from django.contrib.auth.models import AbstractBaseUser
from django.urls import reverse

from programs.choices import Party, Role
from programs.models import Membership
from programs.work import EDITORS, WorkItem, programs_where

from .choices import CarStatus
from .models import CorrectiveActionRequest
from .selectors import due_and_overdue

ANSWER_CAR = "answer_car"
SURVEILLANCE_DUE = "surveillance_due"


def cars_to_act_on(*, user: AbstractBaseUser, memberships: Sequence[Membership]) -> list[WorkItem]:
    """Requests issued or returned, for the provider's members who may answer them (all but
    viewers: ``qasp.car_rules``); requests answered, for the customer's editors who evaluate
    them. One query."""
    provider = {
        pk: m
        for pk, m in programs_where(memberships, parties=(Party.PROVIDER,)).items()
        if m.role != Role.VIEWER
    }
    customer = programs_where(memberships, parties=(Party.CUSTOMER,), roles=EDITORS)
    cars = (
        CorrectiveActionRequest.objects.filter(
            program_id__in=list(provider) + list(customer),
            status__in=(CarStatus.ISSUED, CarStatus.RETURNED, CarStatus.ANSWERED),
        )
        .select_related("program")
        .order_by("program__code", "number")
    )
    items = []
    for car in cars:
        if car.status == CarStatus.ANSWERED and car.program_id in customer:
            action, due = "Evaluate the provider's answer", car.evaluation_due
        elif car.status != CarStatus.ANSWERED and car.program_id in provider:
            action, due = "Answer the corrective action request", car.response_due
        else:
            continue
        items.append(
            WorkItem(
                kind=ANSWER_CAR,
                program_code=car.program.code,
                program_name=car.program.name,
                title=f"{car.reference} {car.standard_code}",
                action=action,
                url=car.get_absolute_url(),
                due=due,
            )
        )
    return items


def surveillance_due(
    *, user: AbstractBaseUser, memberships: Sequence[Membership], today: date
) -> list[WorkItem]:
    """Surveillance periods ended and not recorded (Due or Overdue), for the customer's
    editors, who record surveillance. The schedule is computed from each program's approved
    QASP: a few queries for each program where the person is such an editor."""
    customer = programs_where(memberships, parties=(Party.CUSTOMER,), roles=EDITORS)
    items = []
    for membership in customer.values():
        program = membership.program
        url = reverse("qasp:surveillance:schedule", kwargs={"code": program.code})
        for cell in due_and_overdue(program, today=today):
            items.append(
                WorkItem(
                    kind=SURVEILLANCE_DUE,
                    program_code=program.code,
                    program_name=program.name,
                    title=f"{cell.standard.code} {cell.label}",
                    action="Record the surveillance",
                    url=url,
                    due=cell.due_by,
                )
            )
    return items
