"""Forms of the review comments panel: a comment, a disposition, a concurrence, a matrix to
import. They collect input; the review services decide what is valid."""

from __future__ import annotations

from typing import Any

from django import forms

from programs import reviews as rules
from programs.choices import CommentType, Concurrence, Disposition
from programs.documents import DocumentKind

from .forms import UswdsForm


class CommentForm(UswdsForm):
    # The services say what a comment needs; ``required`` marks those fields in the page.
    anchor = forms.ChoiceField(
        label="Part of the document",
        required=False,
        widget=forms.Select(attrs={"required": True}),
    )
    quote = forms.CharField(
        label="Quoted passage",
        required=False,
        max_length=rules.QUOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Copy the words you comment on, as written in that part.",
    )
    type = forms.ChoiceField(
        label="Type",
        choices=[("", "- Select -"), *CommentType.choices],
        required=False,
        widget=forms.Select(attrs={"required": True}),
    )
    text = forms.CharField(
        label="Comment",
        max_length=rules.COMMENT_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "required": True}),
    )
    proposed_change = forms.CharField(
        label="Proposed change",
        required=False,
        max_length=rules.PROPOSED_CHANGE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, kind: DocumentKind, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["anchor"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", "- Select -"), *((a.key, a.title) for a in rules.anchors(kind))]


class DispositionForm(UswdsForm):
    disposition = forms.ChoiceField(
        label="Disposition", choices=[("", "- Select -"), *Disposition.choices], required=False
    )
    text = forms.CharField(
        label="Rationale or modification",
        required=False,
        max_length=rules.DISPOSITION_TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Required for a rejection (why) and an acceptance with modification (what "
        "was changed).",
    )
    deferred_to = forms.IntegerField(
        label="Deferred to version",
        required=False,
        min_value=1,
        help_text="For a deferral: a later version number.",
    )


class ConcurrenceForm(UswdsForm):
    concurrence = forms.ChoiceField(
        label="Concurrence", choices=[("", "- Select -"), *Concurrence.choices], required=False
    )
    reason = forms.CharField(
        label="Reason for non-concurrence",
        required=False,
        max_length=rules.CONCURRENCE_REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class MatrixImportForm(UswdsForm):
    file = forms.FileField(
        label="Comment resolution matrix (.xlsx)",
        help_text="A matrix exported from this version, with new comments, dispositions or "
        "concurrences written in.",
    )
