"""Forms of the performance evaluation pages; the services check everything again."""

from __future__ import annotations

from typing import Any

from django import forms

from programs import limits
from programs.choices import Party
from programs.forms import DateInput, MembershipChoiceField, PortalForm, apply_uswds
from programs.models import Membership, Program

from .choices import EvaluationKind, Rating
from .models import EvaluationRating

_LONG = forms.Textarea(attrs={"rows": 4})
RATING_CHOICES = [("", "Not rated"), *((r.value, f"{r.label} ({r.value})") for r in Rating)]


class EvaluationForm(PortalForm):
    kind = forms.ChoiceField(choices=EvaluationKind.choices)
    period_start = forms.DateField(
        label="Period from",
        widget=DateInput(),
        help_text="By default the last federal fiscal quarter (or fiscal year) that has ended.",
    )
    period_end = forms.DateField(label="Period to", widget=DateInput())
    evaluator = MembershipChoiceField(
        queryset=Membership.objects.none(),
        help_text="The customer's member who rates and signs the evaluation.",
    )

    def __init__(self, *args: Any, program: Program, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        evaluator = self.fields["evaluator"]
        assert isinstance(evaluator, forms.ModelChoiceField)
        evaluator.queryset = Membership.objects.filter(
            program=program, party=Party.CUSTOMER
        ).select_related("user")


class RatingsForm(PortalForm):
    """A rating and a narrative per area (``rating_<area>``, ``narrative_<area>``, the
    services' field names), and the overall assessment."""

    def __init__(self, *args: Any, rows: list[EvaluationRating], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.rows = rows
        for row in rows:
            self.fields[f"rating_{row.area}"] = forms.TypedChoiceField(
                label=f"{row.area_label} rating",
                choices=RATING_CHOICES,
                coerce=int,
                empty_value=None,
                required=False,
            )
            self.fields[f"narrative_{row.area}"] = forms.CharField(
                label=f"{row.area_label} narrative",
                required=False,
                max_length=limits.MAX_TEXT_LENGTH,
                widget=forms.Textarea(attrs={"rows": 4}),
                help_text="Required for Exceptional, Marginal and Unsatisfactory.",
            )
        self.fields["summary"] = forms.CharField(
            label="Overall assessment",
            required=False,
            max_length=limits.MAX_TEXT_LENGTH,
            widget=forms.Textarea(attrs={"rows": 5}),
        )
        apply_uswds(self)

    def pairs(self) -> list[tuple[EvaluationRating, Any, Any]]:
        """Each area's row with its two bound fields, for the template."""
        return [(r, self[f"rating_{r.area}"], self[f"narrative_{r.area}"]) for r in self.rows]

    def ratings(self) -> dict[str, tuple[int | None, str]]:
        data = self.cleaned_data
        return {r.area: (data[f"rating_{r.area}"], data[f"narrative_{r.area}"]) for r in self.rows}


class CommentForm(PortalForm):
    provider_comment = forms.CharField(
        label="The provider's comment",
        widget=_LONG,
        max_length=limits.MAX_TEXT_LENGTH,
        help_text="Sent once; not edited. The evaluator signs after it.",
    )
