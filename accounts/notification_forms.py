"""The notification and digest preferences form: the digest's frequency and, for each kind
of notification, at once, in the digest or not at all."""

from __future__ import annotations

from typing import Any

from django import forms

from programs.models import DigestFrequency, NotificationDelivery
from programs.notifications.registry import NotificationKind


class NotificationPreferencesForm(forms.Form):
    digest = forms.ChoiceField(
        label="Digest email of My work",
        choices=DigestFrequency.choices,
        widget=forms.RadioSelect,
        help_text="What waits on you, and the notifications you keep for the digest.",
    )

    def __init__(
        self, *args: Any, kinds: list[tuple[NotificationKind, str]], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        for kind, delivery in kinds:
            self.fields[f"kind_{kind.key}"] = forms.ChoiceField(
                label=kind.label,
                choices=NotificationDelivery.choices,
                widget=forms.RadioSelect,
                initial=delivery,
                # Left out, a kind keeps the choice already made.
                required=False,
            )

    def kind_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.fields if name.startswith("kind_")]

    def deliveries(self) -> dict[str, str]:
        return {
            name.removeprefix("kind_"): value
            for name, value in self.cleaned_data.items()
            if name.startswith("kind_") and value
        }
