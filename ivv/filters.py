"""The findings register's FilterSet, shared by its page, its exports and the API."""

from __future__ import annotations

import django_filters
from django.db.models import QuerySet

from programs import limits
from programs.registers import RegisterFilterSet

from .choices import ANSWERING_PARTIES, FindingSource, FindingStatus, OverdueKind, Severity
from .models import Finding
from .selectors import action_overdue_q, answer_overdue_q


class FindingFilter(RegisterFilterSet):
    """By status, severity, the party that answers, age (days since raised), overdue
    (answer, corrective action, or either: ``any``), source, and a reference or words."""

    status = django_filters.ChoiceFilter(choices=FindingStatus.choices, empty_label="Any status")
    severity = django_filters.ChoiceFilter(
        choices=[(str(value), label) for value, label in Severity.choices],
        empty_label="Any severity",
    )
    party = django_filters.ChoiceFilter(
        label="Party that answers",
        field_name="answering_party",
        choices=ANSWERING_PARTIES,
        empty_label="Either party",
    )
    overdue = django_filters.ChoiceFilter(
        label="Overdue",
        choices=[*OverdueKind.choices, ("any", "Either overdue")],
        empty_label="Overdue or not",
        method="filter_overdue",
    )
    source = django_filters.ChoiceFilter(choices=FindingSource.choices, empty_label="Any source")

    age_field = "raised_on"
    text_fields = ("title", "description", "concerns")

    class Meta:
        model = Finding
        fields = ["q", "status", "severity", "party", "age", "overdue", "source"]

    def filter_overdue(
        self, queryset: QuerySet[Finding], name: str, value: str
    ) -> QuerySet[Finding]:
        today = limits.today()
        if value == OverdueKind.ANSWER:
            return queryset.filter(answer_overdue_q(today))
        if value == OverdueKind.ACTION:
            return queryset.filter(action_overdue_q(today))
        if value == "any":
            return queryset.filter(answer_overdue_q(today) | action_overdue_q(today))
        return queryset
