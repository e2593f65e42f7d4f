"""Forms of the corrective action request pages; the services check everything again."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings

from programs import limits
from programs.forms import DateInput, PortalForm, apply_uswds

from .models import SurveillanceRecord

_LONG = forms.Textarea(attrs={"rows": 4})


class RecordChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        aql = obj.aql_text[0].lower() + obj.aql_text[1:]
        observed = f"{obj.observed_value.normalize():f} {obj.unit}".strip()
        return f"{obj.period:%B %Y}: observed {observed} against {aql}"


class IssueForm(PortalForm):
    records = RecordChoiceField(
        label="Surveillance records the request is about",
        queryset=SurveillanceRecord.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text="Unacceptable records of the standard that no open request covers.",
    )
    escalation_level = forms.ChoiceField(label="Escalation level")
    description = forms.CharField(
        max_length=limits.MAX_TEXT_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="What was found and what is asked of the provider.",
    )
    response_due = forms.DateField(
        label="Response due",
        widget=DateInput(),
        validators=limits.date_validators(),
        help_text="The provider answers by this date.",
    )

    def __init__(self, *args: Any, candidates: Any, **kwargs: Any) -> None:
        forms.Form.__init__(self, *args, **kwargs)
        self.fields["records"].queryset = candidates  # type: ignore[attr-defined]
        self.fields["escalation_level"].choices = settings.QASP_ESCALATION_LEVELS  # type: ignore[attr-defined]
        apply_uswds(self)


class AnswerForm(PortalForm):
    root_cause = forms.CharField(
        label="Root cause", max_length=limits.MAX_TEXT_LENGTH, widget=_LONG
    )
    corrective_action = forms.CharField(
        label="Corrective action", max_length=limits.MAX_TEXT_LENGTH, widget=_LONG
    )
    target_date = forms.DateField(
        label="Target date",
        widget=DateInput(),
        validators=limits.date_validators(),
        help_text="When the corrective action is done: on or after today.",
    )


class ReasonForm(PortalForm):
    reason = forms.CharField(max_length=limits.MAX_TEXT_LENGTH, widget=_LONG)

    def __init__(self, *args: Any, label: str = "Reason", required: bool = True, **kw: Any):
        # The label and the requirement are set before styling binds the field.
        forms.Form.__init__(self, *args, **kw)
        self.fields["reason"].label = label
        self.fields["reason"].required = required
        apply_uswds(self)


class ReturnForm(ReasonForm):
    response_due = forms.DateField(
        label="New response due",
        required=False,
        widget=DateInput(),
        validators=limits.date_validators(),
        help_text="Leave empty for the usual number of business days from today.",
    )
