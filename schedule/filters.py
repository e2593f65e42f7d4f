"""One FilterSet per model, shared by the list pages and the API."""

from __future__ import annotations

import re

import django_filters
from django.db.models import F, OuterRef, Q, QuerySet, Subquery

from programs.choices import JOINT_OWNER_CHOICES, DocumentStatus, Party
from programs.forms import DateInput

from .choices import ChangeRequestStatus, ResourceTypeChoice
from .models import Assignment, BaselineTask, ChangeRequest, Resource, Task

_UID = re.compile(r"^\s*(?:uid\s*)?(\d+)\s*$", re.IGNORECASE)
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
    """The task list, shared by the task table, the Gantt chart and the API: words or a UID
    (``q``), critical tasks, late tasks, a party's tasks, the person responsible, summary tasks
    and milestones.

    Late (``late=true``) means any of: the forecast finish is after the finish in the agreed
    baseline; the forecast finish is after the task's deadline; or the task is not 100%
    complete though the agreed baseline had it finished by the schedule's status date (the
    engine moves unfinished work past the status date, so the forecast alone never says
    so). Summary tasks count too, as in Microsoft Project's "Late tasks" filter."""

    q = django_filters.CharFilter(label="Find by name, WBS or UID", method="search")
    critical = django_filters.BooleanFilter(field_name="is_critical", label="Critical")
    late = django_filters.BooleanFilter(label="Late", method="filter_late")
    owner_party = django_filters.ChoiceFilter(
        label="Owner party", choices=JOINT_OWNER_CHOICES, empty_label="Any party"
    )
    responsible = django_filters.NumberFilter(
        label="Responsible", field_name="responsible_id", min_value=1
    )
    summary = django_filters.BooleanFilter(field_name="is_summary")
    milestone = django_filters.BooleanFilter(field_name="is_milestone")

    class Meta:
        model = Task
        fields = ["q", "critical", "late", "owner_party", "responsible", "summary", "milestone"]

    def search(self, queryset: QuerySet[Task], name: str, value: str) -> QuerySet[Task]:
        """Words in the name, a WBS code (or its start: "1.2" finds 1.2 and everything under
        it), or a UID ("42" or "UID 42")."""
        value = value.strip()
        if not value:
            return queryset
        found = Q(name__icontains=value) | Q(wbs__istartswith=value)
        uid = _UID.match(value)
        if uid:
            found |= Q(uid=int(uid.group(1)))
        return queryset.filter(found)

    def filter_late(
        self, queryset: QuerySet[Task], name: str, value: bool | None
    ) -> QuerySet[Task]:
        if value is None:
            return queryset
        agreed_finish = BaselineTask.objects.filter(
            baseline__schedule=OuterRef("schedule"),
            baseline__version__status=DocumentStatus.APPROVED,
            uid=OuterRef("uid"),
        ).order_by("-baseline__number")
        queryset = queryset.annotate(agreed_finish=Subquery(agreed_finish.values("finish")[:1]))
        late = (
            Q(finish__gt=F("agreed_finish"))
            | Q(deadline__isnull=False, finish__gt=F("deadline"))
            | Q(percent_complete__lt=100, agreed_finish__lte=F("schedule__status_date"))
        )
        return queryset.filter(late) if value else queryset.exclude(late)


class ResourceFilter(django_filters.FilterSet):
    """The schedule's resources: by type, owner party, group and words in the name."""

    q = django_filters.CharFilter(
        label="Find by name, role or initials", method="search", max_length=255
    )
    type = django_filters.ChoiceFilter(choices=ResourceTypeChoice.choices, empty_label="Any type")
    owner_party = django_filters.ChoiceFilter(
        label="Owner party", choices=JOINT_OWNER_CHOICES, empty_label="Any party"
    )
    group = django_filters.CharFilter(max_length=255)

    class Meta:
        model = Resource
        fields = ["q", "type", "owner_party", "group"]

    def search(self, queryset: QuerySet[Resource], name: str, value: str) -> QuerySet[Resource]:
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(name__icontains=value) | Q(role__icontains=value) | Q(initials__iexact=value)
        )


class AssignmentFilter(django_filters.FilterSet):
    """Assignments of one task or of one resource, by their UIDs."""

    task = django_filters.NumberFilter(
        field_name="task__uid", label="Task UID", min_value=0, max_value=2_147_483_647
    )
    resource = django_filters.NumberFilter(
        field_name="resource__uid", label="Resource UID", min_value=0, max_value=2_147_483_647
    )

    class Meta:
        model = Assignment
        fields = ["task", "resource"]
