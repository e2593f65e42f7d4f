"""Forms of the provider-metrics pages; the services check everything again."""

from __future__ import annotations

from typing import Any

from django import forms

from programs.choices import Party
from programs.forms import DateInput, MembershipChoiceField, PortalForm
from programs.models import Membership, Program

from .services.metric_checks import MAX_SOURCE_LENGTH
from .standards import Standard

_LONG = forms.Textarea(attrs={"rows": 4})


class MetricForm(PortalForm):
    """One standard's values for one period."""

    standard_code = forms.ChoiceField(label="Standard")
    period = forms.DateField(
        widget=DateInput(),
        help_text="The first day of the month (monthly standards) or quarter (quarterly) reported.",
    )
    population = forms.IntegerField(
        required=False, min_value=0, help_text="Sampling methods: how many items the period had."
    )
    sample_size = forms.IntegerField(
        label="Sample size",
        required=False,
        min_value=0,
        help_text="Sampling methods: items inspected.",
    )
    defects = forms.IntegerField(
        label="Defects found",
        required=False,
        min_value=0,
        help_text="Sampling methods: defects in the sample.",
    )
    measured_value = forms.DecimalField(
        label="Measured value",
        required=False,
        max_digits=12,
        decimal_places=4,
        help_text="Other methods: the value measured, in the standard's unit.",
    )
    source = forms.CharField(
        required=False,
        max_length=MAX_SOURCE_LENGTH,
        help_text="Where the figures come from: the service-level report, the survey.",
    )
    notes = forms.CharField(required=False, widget=_LONG)

    def __init__(self, *args: Any, standards: list[Standard], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["standard_code"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [
            (s.code, f"{s.code} {s.standard} ({s.aql_text}, {s.frequency})") for s in standards
        ]


class MetricUploadForm(PortalForm):
    file = forms.FileField(
        error_messages={"required": "Choose the metrics file (.xlsx or .csv) to upload."},
        label="Metrics file (.xlsx or .csv)",
        help_text="Columns Standard, Period, Population, Sample size, Defects, Measured value, "
        "Source, Notes, in any order.",
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".xlsx,.csv,text/csv,application/vnd.openxmlformats-"
                "officedocument.spreadsheetml.sheet"
            }
        ),
    )


class ValidateForm(PortalForm):
    evaluator = MembershipChoiceField(queryset=Membership.objects.none())
    recorded_on = forms.DateField(label="Date recorded", widget=DateInput())
    notes = forms.CharField(
        required=False,
        widget=_LONG,
        help_text="Added to the record's notes, after the provider's submission and source.",
    )

    def __init__(self, *args: Any, program: Program, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        evaluator = self.fields["evaluator"]
        assert isinstance(evaluator, forms.ModelChoiceField)
        evaluator.queryset = Membership.objects.filter(
            program=program, party=Party.CUSTOMER
        ).select_related("user")


class RejectForm(PortalForm):
    reason = forms.CharField(
        label="Reason for rejection",
        widget=_LONG,
        help_text="What is wrong with the figures; the provider may submit the period again.",
    )
