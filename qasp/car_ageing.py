"""The open corrective action requests of a program by age since issue (0 to 30 days, 31 to
60, 61 to 90, over 90), oldest first: one query however many requests."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db.models import QuerySet
from django.urls import NoReverseMatch

from programs import limits
from programs.models import Program

from .choices import OPEN_CAR_STATUSES
from .models import CorrectiveActionRequest

AGE_BUCKETS: tuple[tuple[str, int, int | None], ...] = (
    ("0 to 30 days", 0, 30),
    ("31 to 60 days", 31, 60),
    ("61 to 90 days", 61, 90),
    ("Over 90 days", 91, None),
)


@dataclass(frozen=True)
class AgedCar:
    car: CorrectiveActionRequest
    age: int
    #: The request's page, or "" while its pages are not installed.
    url: str


@dataclass(frozen=True)
class AgeBucket:
    label: str
    cars: list[AgedCar]


def open_cars_query(program: Program) -> QuerySet[CorrectiveActionRequest]:
    return CorrectiveActionRequest.objects.filter(
        program=program, status__in=OPEN_CAR_STATUSES
    ).order_by("issued_on", "number")


def open_cars_by_age(
    program: Program, cars: Iterable[CorrectiveActionRequest], *, today: date | None = None
) -> list[AgeBucket]:
    """The open requests (oldest first) in the buckets of their age since issue."""
    today = today or limits.today()
    buckets: list[AgeBucket] = [AgeBucket(label, []) for label, _, _ in AGE_BUCKETS]
    for car in cars:
        car.program = program
        age = (today - car.issued_on).days
        index = next(i for i, (_, _, top) in enumerate(AGE_BUCKETS) if top is None or age <= top)
        buckets[index].cars.append(AgedCar(car, age, _url(car)))
    return buckets


def _url(car: CorrectiveActionRequest) -> str:
    try:
        return car.get_absolute_url()
    except NoReverseMatch:
        return ""
