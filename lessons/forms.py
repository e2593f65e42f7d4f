"""Forms of the lessons pages (shapes only: the services check the rules)."""

from __future__ import annotations

from typing import Any

from django import forms

from programs import limits
from programs.choices import JOINT_OWNER_CHOICES, M3Phase
from programs.concurrency import RevisionField
from programs.forms import DateInput, PortalForm

from .choices import Category, LessonImpact, PlayLessonRating, Workstream

_LONG = forms.Textarea(attrs={"rows": 4})


class LessonForm(PortalForm):
    title = forms.CharField(max_length=limits.MAX_TITLE_LENGTH)
    what_happened = forms.CharField(
        label="What happened", max_length=limits.MAX_TEXT_LENGTH, widget=_LONG
    )
    impact_kind = forms.ChoiceField(label="The impact was", choices=LessonImpact.choices)
    impact = forms.CharField(
        label="Impact", required=False, max_length=limits.MAX_TEXT_LENGTH, widget=_LONG
    )
    root_cause = forms.CharField(
        label="Root cause", required=False, max_length=limits.MAX_TEXT_LENGTH, widget=_LONG
    )
    recommendation = forms.CharField(max_length=limits.MAX_TEXT_LENGTH, widget=_LONG)
    category = forms.ChoiceField(choices=Category.choices)
    phase = forms.TypedChoiceField(label="M3 phase", choices=M3Phase.choices, coerce=int)
    workstream = forms.ChoiceField(label="M3 workstream", choices=Workstream.choices)
    owner_party = forms.ChoiceField(label="Owner", choices=JOINT_OWNER_CHOICES)
    source = forms.CharField(
        label="Came from",
        required=False,
        max_length=20,
        help_text="The reference of the RAID item (R-3, A-2, I-1, D-4), change request (CR-2) "
        "or IV&V finding (IVV-001) it came from, if any.",
    )
    #: The lesson's revision the edit form was opened at (empty when recording one).
    revision = RevisionField()

    def values(self) -> dict[str, Any]:
        """What the lesson says, without the revision the form started from."""
        return {k: v for k, v in self.cleaned_data.items() if k != "revision"}


class ApplyForm(PortalForm):
    where_applied = forms.CharField(
        label="Where it was applied", max_length=limits.MAX_TEXT_LENGTH, widget=_LONG
    )
    applied_on = forms.DateField(
        label="Applied on",
        required=False,
        widget=DateInput(),
        validators=limits.date_validators(),
        help_text="Today if left empty.",
    )


class CommentForm(PortalForm):
    text = forms.CharField(label="Comment", max_length=limits.MAX_TEXT_LENGTH, widget=_LONG)


class EmptyForm(PortalForm):
    pass


class AssessmentForm(PortalForm):
    rating = forms.ChoiceField(
        label="Your party's assessment",
        choices=[("", "Choose an assessment"), *PlayLessonRating.choices],
    )
    note = forms.CharField(
        label="Why",
        required=False,
        max_length=limits.MAX_TEXT_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2, "class": "height-10"}),
    )


class SearchForm(PortalForm):
    q = forms.CharField(label="Words", max_length=200, required=False)
