"""One FilterSet per model, shared by the list pages and the API."""

from __future__ import annotations

import re

import django_filters
from django.db.models import Q, QuerySet

from programs.choices import OwningParty, Party
from programs.forms import DateInput

from .choices import ChangeRequestStatus
from .models import ChangeRequest, Task

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


class TaskFilter(django_filters.FilterSet):
    """The task list: critical tasks, a party's tasks, summary tasks or not, and words in the
    name or the WBS code."""

    critical = django_filters.BooleanFilter(field_name="is_critical")
    owner_party = django_filters.ChoiceFilter(choices=OwningParty.choices)
    summary = django_filters.BooleanFilter(field_name="is_summary")
    milestone = django_filters.BooleanFilter(field_name="is_milestone")
    q = django_filters.CharFilter(label="Words in the name or WBS code", method="search")

    class Meta:
        model = Task
        fields = ["critical", "owner_party", "summary", "milestone", "q"]

    def search(self, queryset: QuerySet[Task], name: str, value: str) -> QuerySet[Task]:
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(name__icontains=value) | Q(wbs__icontains=value))
