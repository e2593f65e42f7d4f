"""What the lessons pages share: the section, the breadcrumbs, the rows a person may see."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse

from programs import policy
from programs.forms import apply_uswds
from programs.models import Program

from .. import selectors
from ..filters import LessonFilter
from ..models import Lesson

SECTION = "lessons"
PER_PAGE = 50
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def register_url(program: Program) -> str:
    return reverse("lessons:register", kwargs={"code": program.code})


def crumbs(program: Program, *tail: tuple[str, str]) -> tuple[tuple[str, str], ...]:
    return (("Lessons learned", register_url(program)), *tail)


def visible(request: HttpRequest, program: Program) -> QuerySet[Lesson]:
    return policy.restrict(selectors.register_rows(program), request.user, "view")


def filtered(request: HttpRequest, program: Program) -> LessonFilter:
    filterset = LessonFilter(request.GET or None, queryset=visible(request, program))
    apply_uswds(filterset.form)
    return filterset


def lesson_for(request: HttpRequest, program: Program, number: int) -> Lesson:
    lesson = get_object_or_404(visible(request, program), number=number)
    lesson.program = program
    return lesson
