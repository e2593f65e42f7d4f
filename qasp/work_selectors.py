"""What waits on a person in the QASP: corrective action requests to answer or evaluate and
surveillance due (``programs.work``)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.urls import reverse

from programs.choices import DocumentStatus, Party, Role
from programs.federal_calendar import add_business_days
from programs.models import DocumentVersion, Membership
from programs.work import EDITORS, WorkItem, programs_where

from . import periods
from .choices import CarStatus
from .models import CorrectiveActionRequest, SurveillanceRecord
from .standards import QASP, standards_of

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
    """Surveillance periods ended and not recorded (Due or Overdue, as the surveillance
    schedule says: ``qasp.selectors.schedule``), for the customer's editors, who record
    surveillance. Two queries for all the person's programs: their approved QASPs and their
    records."""
    customer = programs_where(memberships, parties=(Party.CUSTOMER,), roles=EDITORS)
    versions: dict[int, DocumentVersion] = {}
    for version in (
        DocumentVersion.objects.filter(
            document__program_id__in=list(customer),
            document__kind=QASP,
            status=DocumentStatus.APPROVED,
        )
        .select_related("document")
        .order_by("document__program_id", "number")
    ):
        versions[version.document.program_id] = version  # the latest approved
    recorded = set(
        SurveillanceRecord.objects.filter(program_id__in=list(versions)).values_list(
            "program_id", "standard_code", "period"
        )
    )
    grace = settings.QASP_SURVEILLANCE_DUE_BUSINESS_DAYS
    items = []
    for program_id, version in versions.items():
        program = customer[program_id].program
        agreed = periods.agreed_period(version.content)
        if agreed is None:
            continue
        first, last = agreed
        url = reverse("qasp:surveillance:schedule", kwargs={"code": program.code})
        for standard in standards_of(version.content):
            if standard.frequency not in periods.SCHEDULED:
                continue
            for start in periods.periods_between(first, min(last, today), standard.frequency):
                end = min(periods.period_end(start, standard.frequency), last)
                if end >= today or (program_id, standard.code, start) in recorded:
                    continue
                items.append(
                    WorkItem(
                        kind=SURVEILLANCE_DUE,
                        program_code=program.code,
                        program_name=program.name,
                        title=(
                            f"{standard.code} {periods.period_label(start, standard.frequency)}"
                        ),
                        action="Record the surveillance",
                        url=url,
                        due=add_business_days(end, grace),
                    )
                )
    return sorted(items, key=lambda i: (i.program_code, i.due or today, i.title))
