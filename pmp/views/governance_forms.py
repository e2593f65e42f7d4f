"""Forms of the governance and communications pages. Member choices offer only the program's
members; the services check again and their refusals show beside the field."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet

from programs import limits
from programs.forms import DateInput, MembershipChoiceField, PortalForm
from programs.models import Membership

from ..choices import RAID_OWNERS
from ..models import Cadence, Channel, Frequency, GovernanceBody, MeetingStatus
from ..models.communications import COMMUNICATION_OWNERS
from ..services import communications as comms
from ..services import governance as gov


class MemberChoices(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Membership) -> str:
        return f"{obj.display_name} ({obj.get_party_display()}, {obj.get_role_display()})"


def _boxes(label: str, **kwargs: Any) -> MemberChoices:
    return MemberChoices(
        label=label,
        queryset=Membership.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        **kwargs,
    )


class MembersForm(PortalForm):
    """A form whose member fields offer the members of one program."""

    member_fields: tuple[str, ...] = ()

    def __init__(self, *args: Any, members: QuerySet[Membership], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in self.member_fields:
            self.fields[name].queryset = members  # type: ignore[attr-defined]
            if isinstance(self.fields[name].widget, forms.CheckboxSelectMultiple):
                self.fields[name].widget.attrs["class"] = "usa-checkbox__input"


class BodyForm(MembersForm):
    name = forms.CharField(max_length=gov.MAX_NAME_LENGTH)
    purpose = forms.CharField(
        label="Purpose and decisions",
        required=False,
        max_length=gov.MAX_PURPOSE_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    cadence = forms.ChoiceField(choices=Cadence.choices)
    chair = MembershipChoiceField(
        queryset=Membership.objects.none(), required=False, empty_label="No chair named"
    )
    members = _boxes("Members", help_text="Members of either party.")
    member_fields = ("chair", "members")


class MeetingForm(MembersForm):
    body: forms.ModelChoiceField[GovernanceBody] = forms.ModelChoiceField(
        label="Governance body", queryset=GovernanceBody.objects.none(), empty_label=None
    )
    starts_at = forms.DateTimeField(
        label="Date and time",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    duration_minutes = forms.IntegerField(
        label="Duration (minutes)", min_value=1, max_value=gov.MAX_DURATION_MINUTES, initial=60
    )
    location = forms.CharField(required=False, max_length=gov.MAX_LOCATION_LENGTH)
    status = forms.ChoiceField(choices=MeetingStatus.choices)
    attendees = _boxes("Attendees")
    agenda = forms.CharField(
        required=False,
        max_length=gov.MAX_MINUTES_LENGTH,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text="Markdown. Left empty on a new meeting, it starts with the open actions "
        "and the risks due for review.",
    )
    minutes = forms.CharField(
        required=False,
        max_length=gov.MAX_MINUTES_LENGTH,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text="Markdown.",
    )
    member_fields = ("attendees",)

    def __init__(self, *args: Any, bodies: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = bodies  # type: ignore[attr-defined]


class DecisionForm(PortalForm):
    title = forms.CharField(max_length=limits.MAX_TITLE_LENGTH)
    decision = forms.CharField(
        label="What was decided",
        max_length=limits.MAX_TEXT_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    decided_by = forms.CharField(
        label="Decided by", max_length=200, help_text="The body, or the person who decided."
    )
    rationale = forms.CharField(
        required=False, max_length=limits.MAX_TEXT_LENGTH, widget=forms.Textarea(attrs={"rows": 2})
    )
    owner_party = forms.ChoiceField(label="Owning party", choices=RAID_OWNERS, initial="shared")


class ActionForm(PortalForm):
    title = forms.CharField(max_length=limits.MAX_TITLE_LENGTH)
    owner = MembershipChoiceField(queryset=Membership.objects.none())
    due_on = forms.DateField(label="Due", widget=DateInput(), validators=limits.date_validators())
    description = forms.CharField(
        required=False, max_length=limits.MAX_TEXT_LENGTH, widget=forms.Textarea(attrs={"rows": 2})
    )
    owner_party = forms.ChoiceField(label="Owning party", choices=RAID_OWNERS, initial="shared")

    def __init__(self, *args: Any, members: QuerySet[Membership], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = members  # type: ignore[attr-defined]


class CommunicationForm(MembersForm):
    title = forms.CharField(label="What", max_length=limits.MAX_TITLE_LENGTH)
    audience = forms.CharField(max_length=comms.MAX_AUDIENCE_LENGTH)
    purpose = forms.CharField(
        required=False,
        max_length=comms.MAX_PURPOSE_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    channel = forms.ChoiceField(choices=Channel.choices)
    frequency = forms.ChoiceField(choices=Frequency.choices)
    owner = MembershipChoiceField(
        queryset=Membership.objects.none(), required=False, empty_label="No owner named"
    )
    owner_party = forms.ChoiceField(
        label="Owning party",
        choices=[("", "The owner's party"), *COMMUNICATION_OWNERS],
        required=False,
    )
    starts_on = forms.DateField(
        label="First due",
        required=False,
        widget=DateInput(),
        validators=limits.date_validators(),
        help_text="When it is due before it is first done.",
    )
    last_done_on = forms.DateField(
        label="Last done", required=False, widget=DateInput(), validators=limits.date_validators()
    )
    member_fields = ("owner",)


class DoneForm(PortalForm):
    done_on = forms.DateField(
        label="Done on", widget=DateInput(), validators=limits.date_validators()
    )
    note = forms.CharField(required=False, max_length=comms.MAX_NOTE_LENGTH)
