"""The provider-metrics list's FilterSet, shared by its page and the API."""

from __future__ import annotations

import django_filters

from .choices import MetricStatus
from .models import MetricSubmission


class MetricSubmissionFilter(django_filters.FilterSet):
    """By status and standard (its code)."""

    status = django_filters.ChoiceFilter(
        choices=MetricStatus.choices, empty_label="Any status", label="Status"
    )
    standard = django_filters.CharFilter(
        field_name="standard_code", lookup_expr="iexact", label="Standard (code)"
    )

    class Meta:
        model = MetricSubmission
        fields = ["status", "standard"]
