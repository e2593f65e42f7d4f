"""The forms of status reports: a period to build, the narratives, the customer's rating,
and how the program reports."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.core.validators import MaxLengthValidator

from programs.forms import apply_uswds
from programs.models import Membership, Program

from .choices import CIO_RATINGS, PeriodLength
from .periods import Period
from .services.lifecycle import NARRATIVE_LIMIT


class BuildForm(forms.Form):
    period = forms.ChoiceField(
        label="Period", help_text="A period that has started; its draft is built or rebuilt."
    )

    def __init__(self, *args: Any, periods: list[Period], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["period"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(p.start.isoformat(), p.label) for p in periods]
        apply_uswds(self)

    def add_domain_error(self, message: str, field: str | None) -> None:
        self.add_error("period" if field == "period" else None, message)

    @property
    def period_start(self) -> date:
        return date.fromisoformat(self.cleaned_data["period"])


class NarrativesForm(forms.Form):
    """The narratives; those the person's party does not write are shown, not taken."""

    accomplishments_customer = forms.CharField(
        label="The customer's accomplishments", required=False, widget=forms.Textarea
    )
    accomplishments_provider = forms.CharField(
        label="The provider's accomplishments", required=False, widget=forms.Textarea
    )
    next_period = forms.CharField(
        label="Planned for the next period", required=False, widget=forms.Textarea
    )
    decisions_needed = forms.CharField(
        label="Decisions needed", required=False, widget=forms.Textarea
    )

    def __init__(self, *args: Any, writable: set[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            assert isinstance(field, forms.CharField)
            field.max_length = NARRATIVE_LIMIT
            field.validators.append(MaxLengthValidator(NARRATIVE_LIMIT))
            field.widget.attrs["maxlength"] = NARRATIVE_LIMIT
            field.widget.attrs["rows"] = 4
            if name not in writable:
                field.disabled = True
        apply_uswds(self)

    def add_domain_error(self, message: str, field: str | None) -> None:
        self.add_error(field if field in self.fields else None, message)


class RatingForm(forms.Form):
    rating = forms.TypedChoiceField(
        label="CIO rating", coerce=int, choices=[(k, v) for k, v in CIO_RATINGS.items()]
    )
    comment = forms.CharField(
        label="Comment",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Required when the rating differs from the proposed one: say why.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        apply_uswds(self)

    def add_domain_error(self, message: str, field: str | None) -> None:
        self.add_error(field if field in self.fields else None, message)


class MemberChoices(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Membership) -> str:
        return f"{obj.display_name} ({obj.get_party_display()}, {obj.get_role_display()})"


class SettingsForm(forms.Form):
    period_length = forms.ChoiceField(label="Report period", choices=PeriodLength.choices)
    due_business_day = forms.IntegerField(
        label="Due on business day",
        min_value=1,
        max_value=20,
        help_text="Of the month after the period ends (the fifth, say).",
    )
    distribution_members = MemberChoices(
        label="Members who receive the released report",
        queryset=Membership.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    outside_emails = forms.CharField(
        label="Outside addresses",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="One email address a line.",
    )

    agency_code = forms.CharField(label="Agency code", required=False, max_length=10)
    agency_name = forms.CharField(label="Agency name", required=False, max_length=200)
    current_uii = forms.CharField(
        label="Current UII",
        required=False,
        max_length=20,
        help_text="The three-digit agency code, a hyphen and nine digits: 023-000001234.",
    )
    investment_name = forms.CharField(label="Investment name", required=False, max_length=200)
    project_id = forms.CharField(label="Project id", required=False, max_length=40)
    agency_project_id = forms.CharField(label="Agency project id", required=False, max_length=40)
    project_goal = forms.CharField(
        label="Project goal",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, program: Program, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["distribution_members"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = (
            Membership.objects.filter(program=program)
            .select_related("user")
            .order_by("party", "role", "user__last_name")
        )
        apply_uswds(self)
        field.widget.attrs["class"] = "usa-checkbox__input"

    def add_domain_error(self, message: str, field: str | None) -> None:
        self.add_error(field if field in self.fields else None, message)
