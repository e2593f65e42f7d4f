"""The form that starts an IV&V report: its period. The service checks again."""

from __future__ import annotations

from django import forms

from programs import limits
from programs.forms import DateInput, PortalForm


class ReportForm(PortalForm):
    period_start = forms.DateField(
        label="Period start",
        widget=DateInput(),
        validators=limits.date_validators(),
        help_text="One report per period: the month it starts in names it.",
    )
    period_end = forms.DateField(
        label="Period end",
        widget=DateInput(),
        validators=limits.date_validators(),
        help_text="On or after the period start.",
    )
