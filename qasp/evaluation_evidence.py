"""The evidence of a performance evaluation's period, read from the database into the plain
data of ``qasp.rating``: the surveillance results of the period and the corrective action
requests issued in it or open during it."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db.models import Count, Q

from programs import limits
from programs.models import Program

from . import periods, rating
from .choices import CarStatus, SurveillanceFrequency
from .models import CorrectiveActionRequest, SurveillanceRecord
from .standards import approved_standards

QUARTERLY = SurveillanceFrequency.QUARTERLY
#: The CAR history action of a return to the provider (``qasp.services.cars``).
RETURN_ACTION = "return"


def results(program: Program, start: date, end: date) -> list[rating.Result]:
    """The surveillance records whose period starts inside ``start``..``end``."""
    quarterly = {s.code for s in approved_standards(program) if s.frequency == QUARTERLY}
    rows = SurveillanceRecord.objects.filter(
        program=program, period__gte=start, period__lte=end
    ).values_list("standard_code", "period", "acceptable")
    return [
        rating.Result(
            standard=code,
            period=period,
            acceptable=acceptable,
            label=periods.period_label(
                period,
                QUARTERLY if code in quarterly else SurveillanceFrequency.MONTHLY,
            ),
        )
        for code, period, acceptable in rows
    ]


def cars(program: Program, start: date, end: date) -> list[rating.Car]:
    """The CARs issued by ``end`` that were issued in the period or still open at its start
    (withdrawn requests are no evidence)."""
    rows = (
        CorrectiveActionRequest.objects.filter(program=program, issued_on__lte=end)
        .exclude(status=CarStatus.WITHDRAWN)
        .filter(Q(issued_on__gte=start) | Q(closed_on__isnull=True) | Q(closed_on__gte=start))
        .annotate(returns=Count("history", filter=Q(history__action=RETURN_ACTION)))
    )
    return [
        rating.Car(
            reference=car.reference,
            standard=car.standard_code,
            status=car.status,
            issued_on=car.issued_on,
            response_due=car.response_due,
            answered_on=car.answered_on,
            closed_on=car.closed_on,
            returns=car.returns,
        )
        for car in rows
    ]


def proposals(program: Program, start: date, end: date) -> dict[str, rating.Proposal]:
    """The proposal of every rating area (QASP_RATING_AREAS) for the period, as of today."""
    return rating.propose(
        [key for key, _ in settings.QASP_RATING_AREAS],
        results=results(program, start, end),
        cars=cars(program, start, end),
        period_end=end,
        today=limits.today(),
    )
