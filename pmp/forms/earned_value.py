"""Forms of the earned value pages: closing a month, and the variance explanation's steps."""

from __future__ import annotations

from django import forms

from programs import limits
from programs.forms import PortalForm


class CloseForm(PortalForm):
    month = forms.DateField(
        input_formats=["%Y-%m"], widget=forms.HiddenInput, help_text="The month, as YYYY-MM."
    )


class ExplanationForm(PortalForm):
    cause = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=limits.MAX_TEXT_LENGTH,
        help_text="What made the variance.",
    )
    impact = forms.CharField(
        label="Impact on the program",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=limits.MAX_TEXT_LENGTH,
        help_text="What it does to the program's cost, schedule and scope.",
    )
    corrective_action = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=limits.MAX_TEXT_LENGTH,
        help_text="What will be done about it, by whom and by when.",
    )


class ReturnForm(PortalForm):
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=limits.MAX_TEXT_LENGTH,
        help_text="What the explanation still needs.",
    )


class AcceptForm(PortalForm):
    pass
