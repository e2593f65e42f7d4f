"""The form that asks for a period's report to be built."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms

from programs.forms import apply_uswds

from .periods import Period


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
