"""The corrective action requests register's FilterSet, shared by its page, its exports
and the API."""

from __future__ import annotations

import django_filters
from django.conf import settings
from django.db.models import QuerySet

from programs import limits
from programs.registers import RegisterFilterSet

from .car_selectors import OVERDUE_STEPS, overdue_q
from .choices import CarOverdueKind, CarStatus
from .models import CorrectiveActionRequest


def _levels() -> list[tuple[str, str]]:
    return list(settings.QASP_ESCALATION_LEVELS)


class CarFilter(RegisterFilterSet):
    """By status, standard (its code), escalation level, overdue (a step, or ``any``), age
    (days since issued), and a reference or words."""

    status = django_filters.ChoiceFilter(choices=CarStatus.choices, empty_label="Any status")
    standard = django_filters.CharFilter(
        field_name="standard_code", lookup_expr="iexact", label="Standard (code)"
    )
    escalation = django_filters.ChoiceFilter(
        field_name="escalation_level",
        label="Escalation level",
        choices=_levels,
        empty_label="Any level",
    )
    overdue = django_filters.ChoiceFilter(
        label="Overdue",
        choices=[*CarOverdueKind.choices, ("any", "Overdue on any step")],
        empty_label="Overdue or not",
        method="filter_overdue",
    )

    age_field = "issued_on"
    text_fields = ("description", "standard_text", "root_cause", "corrective_action")

    class Meta:
        model = CorrectiveActionRequest
        fields = ["q", "status", "standard", "escalation", "overdue", "age"]

    def filter_overdue(
        self, queryset: QuerySet[CorrectiveActionRequest], name: str, value: str
    ) -> QuerySet[CorrectiveActionRequest]:
        today = limits.today()
        if value == "any":
            return queryset.filter(overdue_q(today))
        for kind, condition, _ in OVERDUE_STEPS:
            if value == kind:
                return queryset.filter(condition(today))
        return queryset
