"""Forms of the surveillance pages; the services check everything again."""

from __future__ import annotations

from typing import Any

from django import forms

from programs.choices import Party
from programs.forms import DateInput, MembershipChoiceField, PortalForm
from programs.models import Membership, Program

from .standards import Standard

_LONG = forms.Textarea(attrs={"rows": 4})


class RecordForm(PortalForm):
    standard_code = forms.ChoiceField(label="Standard")
    period = forms.DateField(
        widget=DateInput(),
        help_text="The first day of the month (monthly standards) or quarter (quarterly) "
        "surveilled.",
    )
    population = forms.IntegerField(
        required=False, help_text="Sampling methods: how many items the period had."
    )
    sample_size = forms.IntegerField(
        label="Sample size", required=False, help_text="Sampling methods: items inspected."
    )
    defects = forms.IntegerField(
        label="Defects found", required=False, help_text="Sampling methods: defects in the sample."
    )
    measured_value = forms.DecimalField(
        label="Measured value",
        required=False,
        max_digits=12,
        decimal_places=4,
        help_text="Other methods: the value measured, in the standard's unit.",
    )
    evaluator = MembershipChoiceField(queryset=Membership.objects.none())
    recorded_on = forms.DateField(label="Date recorded", widget=DateInput())
    notes = forms.CharField(required=False, widget=_LONG)

    def __init__(
        self,
        *args: Any,
        program: Program,
        standards: list[Standard],
        editing: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["standard_code"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [
            (s.code, f"{s.code} {s.standard} ({s.aql_text}, {s.frequency})") for s in standards
        ]
        evaluator = self.fields["evaluator"]
        assert isinstance(evaluator, forms.ModelChoiceField)
        evaluator.queryset = Membership.objects.filter(
            program=program, party=Party.CUSTOMER
        ).select_related("user")
        if editing:
            del self.fields["standard_code"]
            del self.fields["period"]

    def values(self) -> dict[str, Any]:
        return dict(self.cleaned_data)


class RebuttalForm(PortalForm):
    rebuttal = forms.CharField(
        widget=_LONG, help_text="Why the provider disputes the record. Sent once; not edited."
    )
