"""One FilterSet per model, shared by the list pages and the API."""

from __future__ import annotations

from typing import Any

import django_filters
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db.models import QuerySet

from .choices import AuditAction, Party, Role
from .models import AuditEvent, Membership


class AuditEventFilter(django_filters.FilterSet):
    actor = django_filters.ModelChoiceFilter(
        label="Person", queryset=get_user_model().objects.none(), empty_label="Anyone"
    )
    actor_party = django_filters.ChoiceFilter(
        label="Party", choices=Party.choices, empty_label="Any party"
    )
    target_type = django_filters.ModelChoiceFilter(
        label="Object type", queryset=ContentType.objects.none(), empty_label="Any type"
    )
    action = django_filters.ChoiceFilter(choices=AuditAction.choices, empty_label="Any action")
    date_from = django_filters.DateFilter(
        label="From", field_name="created_at", lookup_expr="date__gte"
    )
    date_to = django_filters.DateFilter(
        label="To", field_name="created_at", lookup_expr="date__lte"
    )

    class Meta:
        model = AuditEvent
        fields = ["actor", "actor_party", "target_type", "action", "date_from", "date_to"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Choices come from the program's own events: people and types that appear in them.
        events: QuerySet[AuditEvent] = self.queryset
        self.filters["actor"].queryset = (
            get_user_model().objects.filter(pk__in=events.values("actor")).order_by("username")
        )
        self.filters["target_type"].queryset = ContentType.objects.filter(
            pk__in=events.values("target_type")
        ).order_by("model")


class MembershipFilter(django_filters.FilterSet):
    party = django_filters.ChoiceFilter(choices=Party.choices)
    role = django_filters.ChoiceFilter(choices=Role.choices)
    is_signatory = django_filters.BooleanFilter()

    class Meta:
        model = Membership
        fields = ["party", "role", "is_signatory"]
