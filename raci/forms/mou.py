"""Forms of the SME MOU and session pages. Choices offer only the program's SMEs and
Program Managers; the services check again."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet

from programs import limits
from programs.forms import DateInput, MembershipChoiceField, PortalForm
from programs.models import Membership

from ..models.sessions import SessionKind


class SmeChoices(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Membership) -> str:
        return f"{obj.display_name} ({obj.get_party_display()})"


class MouForm(PortalForm):
    sme = MembershipChoiceField(
        label="Subject-matter expert", queryset=Membership.objects.none(), empty_label=None
    )
    other_pm = MembershipChoiceField(
        label="Program Manager of the other party",
        queryset=Membership.objects.none(),
        required=False,
        empty_label="The first Program Manager of the other party",
        help_text="Signs the MOU beside the SME and a signatory of the SME's party.",
    )
    domain_fields = {"subject": "sme"}

    def __init__(
        self,
        *args: Any,
        smes: QuerySet[Membership],
        managers: QuerySet[Membership],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["sme"].queryset = smes  # type: ignore[attr-defined]
        self.fields["other_pm"].queryset = managers  # type: ignore[attr-defined]


class SessionForm(PortalForm):
    date = forms.DateField(widget=DateInput(), validators=limits.date_validators())
    kind = forms.ChoiceField(label="Session type", choices=SessionKind.choices)
    topic = forms.CharField(label="Topic or area", max_length=limits.MAX_TITLE_LENGTH)
    invited = SmeChoices(
        label="Invited SMEs",
        queryset=Membership.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    attended = SmeChoices(
        label="Attended",
        queryset=Membership.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Only invited SMEs attend.",
    )
    notes = forms.CharField(
        required=False,
        max_length=limits.MAX_TEXT_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, smes: QuerySet[Membership], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("invited", "attended"):
            self.fields[name].queryset = smes  # type: ignore[attr-defined]
            # USWDS styles each box, not the list.
            self.fields[name].widget.attrs["class"] = "usa-checkbox__input"
