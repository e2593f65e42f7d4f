"""The surveillance log's FilterSet, shared by its page and the API."""

from __future__ import annotations

import django_filters
from django.db.models import QuerySet

from programs.forms import DateInput

from .models import SurveillanceRecord


class SurveillanceRecordFilter(django_filters.FilterSet):
    """By standard (its code), verdict, and period (from, to: first days of periods)."""

    standard = django_filters.CharFilter(
        field_name="standard_code", lookup_expr="iexact", label="Standard (code)"
    )
    verdict = django_filters.ChoiceFilter(
        field_name="acceptable",
        label="Verdict",
        choices=[("acceptable", "Acceptable"), ("not_acceptable", "Not acceptable")],
        empty_label="Either verdict",
        method="filter_verdict",
    )
    period_from = django_filters.DateFilter(
        field_name="period", lookup_expr="gte", label="Periods from", widget=DateInput()
    )
    period_to = django_filters.DateFilter(
        field_name="period", lookup_expr="lte", label="Periods to", widget=DateInput()
    )

    class Meta:
        model = SurveillanceRecord
        fields = ["standard", "verdict", "period_from", "period_to"]

    def filter_verdict(
        self, queryset: QuerySet[SurveillanceRecord], name: str, value: str
    ) -> QuerySet[SurveillanceRecord]:
        if value in ("acceptable", "not_acceptable"):
            return queryset.filter(acceptable=value == "acceptable")
        return queryset
