"""What the pages of corrective action requests share."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse

from programs import policy
from programs.models import Program

from .. import car_selectors
from ..models import CorrectiveActionRequest

SECTION = "qasp"


def register_url(program: Program) -> str:
    return reverse("qasp:cars:register", kwargs={"code": program.code})


def crumbs(program: Program, *tail: tuple[str, str]) -> tuple[tuple[str, str], ...]:
    return (("Corrective actions", register_url(program)), *tail)


def visible(request: HttpRequest, program: Program) -> QuerySet[CorrectiveActionRequest]:
    return policy.restrict(car_selectors.register_rows(program), request.user, "view")


def car_of(request: HttpRequest, program: Program, number: int) -> CorrectiveActionRequest:
    car = get_object_or_404(visible(request, program), number=number)
    car.program = program
    return car
