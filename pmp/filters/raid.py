"""The RAID log's FilterSet, shared by its list page, the heat map, its exports and the API."""

from __future__ import annotations

import re
from typing import Any

import django_filters
from django.db.models import Q, QuerySet

from programs import limits
from programs.models import Program
from programs.registers import RegisterFilterSet

from .. import risk_matrix
from ..choices import RAID_OWNERS, RaidKind, RaidStatus, RiskBand, RiskCategory, ScorePosition
from ..models import RaidItem, RiskScheme
from ..selectors.raid import overdue_q

Rows = QuerySet[RaidItem]
SCALE = [(str(n), str(n)) for n in risk_matrix.SCALE]


class RaidFilter(RegisterFilterSet):
    """By kind, status, owning party, owner, category, score band (before or after the
    response: ``position``), a cell of the heat map (``probability`` and ``impact``),
    overdue (a risk's review, an action's or an issue's due date), and a reference or words."""

    kind = django_filters.ChoiceFilter(
        label="Type", choices=RaidKind.choices, empty_label="Any type"
    )
    status = django_filters.ChoiceFilter(choices=RaidStatus.choices, empty_label="Any status")
    party = django_filters.ChoiceFilter(
        label="Owning party", field_name="owner_party", choices=RAID_OWNERS, empty_label="Any party"
    )
    owner = django_filters.NumberFilter(
        label="Owner", field_name="owner_id", min_value=1, max_value=limits.MAX_WHOLE_NUMBER
    )
    category = django_filters.ChoiceFilter(choices=RiskCategory.choices, empty_label="Any category")
    position = django_filters.ChoiceFilter(
        label="Rating",
        choices=ScorePosition.choices,
        empty_label="Residual (after response)",
        method="keep",
    )
    band = django_filters.ChoiceFilter(
        label="Score band", choices=RiskBand.choices, empty_label="Any band", method="filter_band"
    )
    probability = django_filters.ChoiceFilter(
        label="Probability", choices=SCALE, empty_label="Any probability", method="filter_cell"
    )
    impact = django_filters.ChoiceFilter(
        label="Impact", choices=SCALE, empty_label="Any impact", method="filter_cell"
    )
    overdue = django_filters.ChoiceFilter(
        label="Overdue",
        choices=[("true", "Overdue only")],
        empty_label="Overdue or not",
        method="filter_overdue",
    )

    def __init__(self, *args: Any, program: Program | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.program = program

    age_field = "raised_on"
    text_fields = ("title", "description")

    class Meta:
        model = RaidItem
        fields = [
            "q",
            "kind",
            "status",
            "party",
            "owner",
            "category",
            "position",
            "band",
            "probability",
            "impact",
            "overdue",
            "age",
        ]

    @property
    def rating(self) -> str:
        value = self.form.cleaned_data.get("position") if self.form.is_valid() else ""
        return value or ScorePosition.RESIDUAL

    def keep(self, queryset: QuerySet[RaidItem], name: str, value: str) -> QuerySet[RaidItem]:
        return queryset

    def search(self, queryset: QuerySet[RaidItem], name: str, value: str) -> QuerySet[RaidItem]:
        reference = re.match(r"^\s*([RAID])\s*-?\s*(\d+)\s*$", value, re.IGNORECASE)
        if reference:
            kind = {"R": "risk", "A": "action", "I": "issue", "D": "decision"}
            letter, number = reference.group(1).upper(), int(reference.group(2))
            return queryset.filter(kind=kind[letter], number=number)
        return super().search(queryset, name, value)

    def _columns(self) -> tuple[str, str]:
        return f"{self.rating}_probability", f"{self.rating}_impact"

    def filter_band(self, queryset: QuerySet[RaidItem], name: str, value: str) -> Rows:
        p, i = self._columns()
        cells = Q()
        for prob, imp in risk_matrix.cells_in_band(self._bands(queryset), value):
            cells |= Q(**{p: prob, i: imp})
        return queryset.filter(cells) if cells else queryset.none()

    def _bands(self, queryset: QuerySet[RaidItem]) -> list[list[str]]:
        """The banding of the program listed: the page passes it, the API's rows name it."""
        if self.program is not None:
            from ..services.raid import scheme_for

            return list(scheme_for(self.program).bands)
        scheme = RiskScheme.objects.filter(program__in=queryset.values("program")[:1]).first()
        return list(scheme.bands) if scheme else risk_matrix.default_bands()

    def filter_cell(self, queryset: QuerySet[RaidItem], name: str, value: str) -> Rows:
        p, i = self._columns()
        return queryset.filter(**{p if name == "probability" else i: int(value)})

    def filter_overdue(
        self, queryset: QuerySet[RaidItem], name: str, value: str
    ) -> QuerySet[RaidItem]:
        if value == "true":
            return queryset.filter(overdue_q(limits.today()))
        return queryset
