"""The form of the risk scheme page: five labels for each scale, the band of each of the 25
cells of the probability-impact matrix, and the review interval. Every message names the
label, the cell or the interval it is about, since 35 fields share one page; the service
checks the whole again and its refusals show beside the field they name."""

from __future__ import annotations

from typing import Any

from django import forms

from programs.forms import PortalForm, apply_uswds

from .. import risk_matrix
from ..models import RiskScheme

LABEL_LENGTH = 40  # what ``risk_matrix.labels_error`` and the API allow
MAX_INTERVAL_DAYS = 366
BAND_CHOICES = [(band, risk_matrix.BAND_LABELS[band]) for band in risk_matrix.BANDS]
SCALES = (("probability", "Probability"), ("impact", "Impact"))


def label_field_name(scale: str, value: int) -> str:
    return f"{scale}_label_{value}"


def band_field_name(probability: int, impact: int) -> str:
    return f"band_{probability}_{impact}"


def _label_field(title: str, value: int) -> forms.CharField:
    what = f"the label of {title.lower()} {value}"
    return forms.CharField(
        label=f"{title} {value}",
        max_length=LABEL_LENGTH,
        error_messages={
            "required": f"Give {what}.",
            "max_length": f"Shorten {what} to at most %(limit_value)d characters "
            "(it has %(show_value)d).",
        },
    )


def _band_field(scheme: RiskScheme, probability: int, impact: int) -> forms.ChoiceField:
    p_label = scheme.probability_labels[probability - 1]
    i_label = scheme.impact_labels[impact - 1]
    cell = f"probability {probability}, impact {impact}"
    names = ", ".join(label.lower() for _, label in BAND_CHOICES)
    return forms.ChoiceField(
        label=f"Band for probability {probability} ({p_label}), impact {impact} ({i_label})",
        choices=BAND_CHOICES,
        error_messages={
            "required": f"Choose the band of {cell}.",
            "invalid_choice": f"Choose the band of {cell}: one of {names}.",
        },
    )


class RiskSchemeForm(PortalForm):
    review_interval_days = forms.IntegerField(
        label="Review interval (days)",
        min_value=1,
        max_value=MAX_INTERVAL_DAYS,
        widget=forms.NumberInput(attrs={"class": "usa-input--small"}),
        help_text=f"How often each open risk is reviewed: 1 to {MAX_INTERVAL_DAYS} days.",
        error_messages={
            "required": "Give the review interval in days.",
            "invalid": "Give the review interval as a whole number of days.",
            "min_value": f"The review interval is 1 to {MAX_INTERVAL_DAYS} days.",
            "max_value": f"The review interval is 1 to {MAX_INTERVAL_DAYS} days.",
        },
    )

    def __init__(self, *args: Any, scheme: RiskScheme, **kwargs: Any) -> None:
        kwargs.setdefault("initial", initial_of(scheme))
        # Not PortalForm's: the fields are made here, before USWDS styles them.
        forms.Form.__init__(self, *args, **kwargs)
        self.scheme = scheme
        for scale, title in SCALES:
            for value in risk_matrix.SCALE:
                self.fields[label_field_name(scale, value)] = _label_field(title, value)
        for p in risk_matrix.SCALE:
            for i in risk_matrix.SCALE:
                self.fields[band_field_name(p, i)] = _band_field(scheme, p, i)
        self.order_fields(
            [
                *(label_field_name(s, v) for s, _ in SCALES for v in risk_matrix.SCALE),
                *(band_field_name(p, i) for p in risk_matrix.SCALE for i in risk_matrix.SCALE),
                "review_interval_days",
            ]
        )
        apply_uswds(self)

    def scale_fieldsets(self) -> list[tuple[str, str, list[forms.BoundField]]]:
        """(scale, title, its five label fields) of probability and impact."""
        return [
            (scale, title, [self[label_field_name(scale, v)] for v in risk_matrix.SCALE])
            for scale, title in SCALES
        ]

    def band_rows(self) -> list[tuple[int, str, list[forms.BoundField]]]:
        """Rows from probability 5 (top) down to 1, as the heat map reads, each with the
        saved label of its probability and its cells from impact 1 to 5."""
        return [
            (
                p,
                self.scheme.probability_labels[p - 1],
                [self[band_field_name(p, i)] for i in risk_matrix.SCALE],
            )
            for p in reversed(risk_matrix.SCALE)
        ]

    def values(self) -> dict[str, Any]:
        """What ``scheme_update`` takes."""
        data = self.cleaned_data
        return {
            "probability_labels": [
                data[label_field_name("probability", v)] for v in risk_matrix.SCALE
            ],
            "impact_labels": [data[label_field_name("impact", v)] for v in risk_matrix.SCALE],
            "bands": [
                [data[band_field_name(p, i)] for i in risk_matrix.SCALE] for p in risk_matrix.SCALE
            ],
            "review_interval_days": data["review_interval_days"],
        }


def initial_of(scheme: RiskScheme) -> dict[str, Any]:
    initial: dict[str, Any] = {"review_interval_days": scheme.review_interval_days}
    for scale, labels in (
        ("probability", scheme.probability_labels),
        ("impact", scheme.impact_labels),
    ):
        for value, label in enumerate(labels, 1):
            initial[label_field_name(scale, value)] = label
    for p in risk_matrix.SCALE:
        for i in risk_matrix.SCALE:
            initial[band_field_name(p, i)] = risk_matrix.band_of(scheme.bands, p, i)
    return initial
