"""The lessons register's FilterSet, shared by its page, its exports and the API."""

from __future__ import annotations

import re
from typing import Any

import django_filters
from django.db.models import QuerySet

from programs.choices import JOINT_OWNER_CHOICES, M3Phase
from programs.registers import RegisterFilterSet

from .choices import Category, LessonImpact, LessonStatus, Workstream
from .models import Lesson
from .selectors import search_q


class LessonFilter(RegisterFilterSet):
    """By status, category, M3 phase, workstream, impact, owner, age (days since recorded),
    and a reference (LL-3) or words (full-text on PostgreSQL)."""

    status = django_filters.ChoiceFilter(choices=LessonStatus.choices, empty_label="Any status")
    category = django_filters.ChoiceFilter(choices=Category.choices, empty_label="Any category")
    phase = django_filters.ChoiceFilter(
        label="M3 phase",
        choices=[(str(value), label) for value, label in M3Phase.choices],
        empty_label="Any phase",
    )
    workstream = django_filters.ChoiceFilter(
        choices=Workstream.choices, empty_label="Any workstream"
    )
    impact = django_filters.ChoiceFilter(
        label="Impact", field_name="impact_kind", choices=LessonImpact.choices, empty_label="Either"
    )
    owner = django_filters.ChoiceFilter(
        label="Owner",
        field_name="owner_party",
        choices=JOINT_OWNER_CHOICES,
        empty_label="Any owner",
    )

    age_field = "recorded_on"
    text_fields = ("title", "what_happened", "recommendation")

    class Meta:
        model = Lesson
        fields = ["q", "status", "category", "phase", "workstream", "impact", "owner", "age"]

    def search(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        """A reference (LL-3, 3) as the register block reads it; words through the lessons'
        search."""
        if REFERENCE.match(value):
            return super().search(queryset, name, value)
        return search_q(queryset, value)


REFERENCE = re.compile(r"^\s*(?:LL)?\s*-?\s*\d+\s*$", re.IGNORECASE)
