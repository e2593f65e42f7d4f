"""The base of a register's FilterSet, shared by its page and its API: status, a reference
or words (``q``), and age bands counted from a date the register names."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any, ClassVar

import django_filters
from django.db.models import Q, QuerySet

from .. import limits

#: Age bands (days since the item was raised): value, label, lowest and highest age.
AGE_BANDS: tuple[tuple[str, str, int, int | None], ...] = (
    ("0-30", "Up to 30 days", 0, 30),
    ("31-60", "31 to 60 days", 31, 60),
    ("61-90", "61 to 90 days", 61, 90),
    ("90+", "Over 90 days", 91, None),
)


def age_band(days: int) -> str:
    """The label of the band an age of ``days`` falls in."""
    for _, label, low, high in AGE_BANDS:
        if days >= low and (high is None or days <= high):
            return label
    return AGE_BANDS[0][1]


class RegisterFilterSet(django_filters.FilterSet):
    """Subclasses set ``Meta.model``, the ``status`` choices, ``age_field`` (the date the
    age counts from) and ``text_fields`` (searched by ``q``)."""

    q = django_filters.CharFilter(label="Reference or words", method="search")
    age = django_filters.ChoiceFilter(
        label="Age",
        choices=[(value, label) for value, label, _, _ in AGE_BANDS],
        empty_label="Any age",
        method="filter_age",
    )

    age_field: ClassVar[str] = "created_at"
    text_fields: ClassVar[tuple[str, ...]] = ()

    def search(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        value = value.strip()
        if not value:
            return queryset
        prefix = re.escape(queryset.model.register_prefix)
        reference = re.match(rf"^\s*(?:{prefix})?\s*-?\s*(\d+)\s*$", value, re.IGNORECASE)
        if reference:
            return queryset.filter(number=int(reference.group(1)))
        found = Q()
        for text_field in self.text_fields:
            found |= Q(**{f"{text_field}__icontains": value})
        return queryset.filter(found)

    def filter_age(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        for band, _, low, high in AGE_BANDS:
            if band != value:
                continue
            today = limits.today()
            queryset = queryset.filter(**{f"{self.age_field}__lte": today - timedelta(days=low)})
            if high is not None:
                queryset = queryset.filter(
                    **{f"{self.age_field}__gte": today - timedelta(days=high)}
                )
        return queryset
