"""One FilterSet per model, shared by the list pages and the API."""

from __future__ import annotations

import re

import django_filters
from django.db.models import Q, QuerySet

from programs.choices import Party
from programs.forms import DateInput

from .choices import ChangeRequestStatus
from .models import ChangeRequest

_REFERENCE = re.compile(r"^\s*cr-?\s*(\d+)\s*$", re.IGNORECASE)


class ChangeRequestFilter(django_filters.FilterSet):
    """The change request log: by status, requesting party, when it was requested, and words
    in its title, what changes and why (or its reference, "CR-3")."""

    status = django_filters.ChoiceFilter(
        choices=ChangeRequestStatus.choices, empty_label="Any status"
    )
    party = django_filters.ChoiceFilter(
        label="Requesting party",
        choices=[(p, label) for p, label in Party.choices if p != Party.INDEPENDENT],
        empty_label="Any party",
    )
    requested_after = django_filters.DateFilter(
        label="Requested from",
        field_name="created_at",
        lookup_expr="date__gte",
        widget=DateInput(),
    )
    requested_before = django_filters.DateFilter(
        label="Requested to",
        field_name="created_at",
        lookup_expr="date__lte",
        widget=DateInput(),
    )
    q = django_filters.CharFilter(label="Words", method="search")

    class Meta:
        model = ChangeRequest
        fields = ["status", "party", "requested_after", "requested_before", "q"]

    def search(
        self, queryset: QuerySet[ChangeRequest], name: str, value: str
    ) -> QuerySet[ChangeRequest]:
        value = value.strip()
        if not value:
            return queryset
        reference = _REFERENCE.match(value)
        if reference:
            return queryset.filter(number=int(reference.group(1)))
        return queryset.filter(
            Q(title__icontains=value)
            | Q(description__icontains=value)
            | Q(justification__icontains=value)
        )
