"""Forms of the findings pages. Choices offer what the rules allow (the answering party's
members as owners); the services check again."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet

from programs import limits
from programs.concurrency import RevisionField
from programs.forms import DateInput, MembershipChoiceField, PortalForm, apply_uswds
from programs.models import Membership

from .choices import (
    ANSWERING_PARTIES,
    FindingCategory,
    FindingResponse,
    FindingSource,
    IntegrityLevel,
    Severity,
)
from .services import CONCERNABLE, Concerns

_LONG = forms.Textarea(attrs={"rows": 4})


class FindingForm(PortalForm):
    title = forms.CharField(max_length=limits.MAX_TITLE_LENGTH)
    raised_on = forms.DateField(
        label="Date raised", widget=DateInput(), validators=limits.date_validators()
    )
    source = forms.ChoiceField(choices=FindingSource.choices)
    category = forms.ChoiceField(choices=FindingCategory.choices)
    severity = forms.TypedChoiceField(
        choices=Severity.choices,
        coerce=int,
        help_text="Sets the response due date: fewer business days for a more severe finding.",
    )
    integrity_level = forms.TypedChoiceField(
        label="Integrity level", choices=IntegrityLevel.choices, coerce=int
    )
    answering_party = forms.ChoiceField(label="Party that answers", choices=ANSWERING_PARTIES)
    description = forms.CharField(max_length=limits.MAX_TEXT_LENGTH, widget=_LONG)
    impact = forms.CharField(required=False, max_length=limits.MAX_TEXT_LENGTH, widget=_LONG)
    recommendation = forms.CharField(
        required=False, max_length=limits.MAX_TEXT_LENGTH, widget=_LONG
    )
    concerns = forms.CharField(
        label="What it concerns",
        required=False,
        max_length=limits.MAX_TITLE_LENGTH,
        help_text="An artifact, a section, a process, in words.",
    )
    concerns_kind = forms.ChoiceField(
        label="Item of the portal it concerns",
        required=False,
        choices=[("", "None"), *CONCERNABLE.items()],
    )
    concerns_id = forms.IntegerField(
        label="Its number in the portal",
        required=False,
        min_value=1,
        max_value=limits.MAX_WHOLE_NUMBER,
        help_text="The id in the item's address, e.g. 42 in …/tasks/42/.",
    )
    #: The finding's revision the edit form was opened at (empty when filing one).
    revision = RevisionField()

    def values(self) -> dict[str, Any]:
        """What the finding says, without the revision the form started from."""
        data = dict(self.cleaned_data)
        data.pop("revision", None)
        kind, pk = data.pop("concerns_kind"), data.pop("concerns_id")
        data["concerns_link"] = Concerns(kind, pk or 0) if kind else None
        return data


class AnswerForm(PortalForm):
    response = forms.ChoiceField(
        choices=[("", "Choose an answer"), *FindingResponse.choices], label="The program's answer"
    )
    rationale = forms.CharField(
        required=False,
        max_length=limits.MAX_TEXT_LENGTH,
        widget=_LONG,
        help_text="Required with partially concur and non-concur.",
    )
    corrective_action = forms.CharField(
        label="Corrective action plan",
        required=False,
        max_length=limits.MAX_TEXT_LENGTH,
        widget=_LONG,
        help_text="Required with concur and partially concur.",
    )
    action_owner = MembershipChoiceField(
        label="Owner of the corrective action",
        queryset=Membership.objects.none(),
        required=False,
    )
    action_target = forms.DateField(
        label="Target date", required=False, widget=DateInput(), validators=limits.date_validators()
    )
    domain_fields = {"action_owner": "action_owner"}

    def __init__(self, *args: Any, owners: QuerySet[Membership], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["action_owner"].queryset = owners  # type: ignore[attr-defined]


class EvidenceForm(PortalForm):
    evidence = forms.CharField(
        label="Evidence of closure",
        max_length=limits.MAX_TEXT_LENGTH,
        widget=_LONG,
        help_text="What was done, and where the IV&V agent verifies it.",
    )


class ReasonForm(PortalForm):
    reason = forms.CharField(max_length=limits.MAX_TEXT_LENGTH, widget=_LONG)

    def __init__(self, *args: Any, label: str = "Reason", required: bool = True, **kw: Any):
        # Not PortalForm's: styling binds the fields, and a bound field keeps the label it
        # had then; the label and the requirement are set first.
        forms.Form.__init__(self, *args, **kw)
        self.fields["reason"].label = label
        self.fields["reason"].required = required
        apply_uswds(self)


class EmptyForm(PortalForm):
    pass
