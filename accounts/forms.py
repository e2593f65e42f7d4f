from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import PasswordChangeForm

from programs.forms import PortalForm, apply_uswds


class ApiTokenForm(PortalForm):
    name = forms.CharField(
        max_length=100,
        label="Name",
        help_text="What uses it, so you can tell your tokens apart (e.g. “monthly report script”).",
    )


class PortalPasswordChangeForm(PasswordChangeForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        apply_uswds(self)
