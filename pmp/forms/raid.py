"""Forms of the RAID log's pages. Choices offer what the rules allow (the program's members
of the customer and the provider as owners; the scheme's labels as ratings); the services
check again and their refusals show beside the field they name."""

from __future__ import annotations

from typing import Any

from django import forms

from programs import limits
from programs.concurrency import RevisionField
from programs.forms import DateInput, MembershipChoiceField, PortalForm
from programs.models import Membership, Program

from ..choices import (
    RAID_OWNERS,
    ActionSource,
    EscalationLevel,
    IssuePriority,
    LinkKind,
    RaidKind,
    ResponseStrategy,
    RiskCategory,
)
from ..models import RiskScheme
from ..services.raid_checks import COMMON_FIELDS, KIND_FIELDS

_LONG = forms.Textarea(attrs={"rows": 3})


def _text(label: str | None = None, *, required: bool = False) -> forms.CharField:
    return forms.CharField(
        label=label, required=required, max_length=limits.MAX_TEXT_LENGTH, widget=_LONG
    )


def _date(label: str, *, required: bool = False, help_text: str = "") -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        widget=DateInput(),
        validators=limits.date_validators(),
        help_text=help_text,
    )


def _choice(choices: Any, label: str | None = None, *, required: bool = False) -> Any:
    return forms.ChoiceField(label=label, required=required, choices=[("", "Choose"), *choices])


def _scale(labels: list[str], label: str, *, required: bool) -> forms.TypedChoiceField:
    choices = [("", "Not rated")] + [(n, f"{n}: {text}") for n, text in enumerate(labels, 1)]
    return forms.TypedChoiceField(
        label=label,
        required=required,
        choices=choices,
        coerce=int,
        empty_value=None,
        widget=forms.Select(attrs={"class": "usa-select"}),
    )


class RaidItemForm(PortalForm):
    """One form for the four kinds: the fields a kind does not use are removed."""

    title = forms.CharField(max_length=limits.MAX_TITLE_LENGTH)
    description = _text()
    owner_party = forms.ChoiceField(label="Owning party", choices=RAID_OWNERS)
    owner = MembershipChoiceField(
        queryset=Membership.objects.none(), required=False, empty_label="No one named yet"
    )
    raised_on = _date("Date raised", required=True)
    category = _choice(RiskCategory.choices)
    cause = _text()
    effect = _text()
    response_strategy = _choice(ResponseStrategy.choices, "Response strategy")
    trigger = _text()
    proximity_on = _date("Proximity", help_text="When the risk would strike.")
    next_review_on = _date(
        "Next review", help_text="Leave empty: the scheme's review interval after raising it."
    )
    on_status_report = forms.BooleanField(label="Show on the status report", required=False)
    priority = _choice(IssuePriority.choices)
    impact = _text()
    due_on = _date("Due")
    escalation_level = _choice(EscalationLevel.choices, "Escalation level")
    resolution = _text()
    source = _choice(ActionSource.choices)
    decision = _text("The decision")
    decided_on = _date("Date decided")
    decided_by = forms.CharField(
        label="Decided by",
        max_length=limits.MAX_TITLE_LENGTH,
        required=False,
        help_text="The governance body (e.g. Executive Steering Committee) or the person.",
    )
    rationale = _text()
    alternatives = _text("Alternatives considered")
    change_request = forms.IntegerField(
        label="Change request (its number)",
        required=False,
        min_value=1,
        max_value=limits.MAX_WHOLE_NUMBER,
    )
    #: The item's revision the edit form was opened at (empty when recording one).
    revision = RevisionField()

    def __init__(
        self, *args: Any, kind: str, program: Program, scheme: RiskScheme, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.kind, self.program = kind, program
        if kind == RaidKind.RISK:
            for position, text in (("inherent", "before"), ("residual", "after")):
                required = position == "inherent"
                self.fields[f"{position}_probability"] = _scale(
                    scheme.probability_labels, f"Probability {text} the response", required=required
                )
                self.fields[f"{position}_impact"] = _scale(
                    scheme.impact_labels, f"Impact {text} the response", required=required
                )
        wanted = {*COMMON_FIELDS, *KIND_FIELDS[kind], "revision"}
        for name in list(self.fields):
            if name not in wanted:
                del self.fields[name]
        order = [*COMMON_FIELDS, *KIND_FIELDS[kind], "revision"]
        self.order_fields(order)
        owner = self.fields["owner"]
        assert isinstance(owner, MembershipChoiceField)
        owner.queryset = (
            Membership.objects.filter(program=program, party__in=("customer", "provider"))
            .select_related("user")
            .order_by("party", "user__last_name")
        )
        if kind == RaidKind.ACTION:
            owner.required = True

    def values(self) -> dict[str, Any]:
        """What the item says, without the revision the form started from."""
        data = dict(self.cleaned_data)
        data.pop("revision", None)
        for name in ("category", "response_strategy", "priority", "escalation_level", "source"):
            if name in data and data[name] is None:
                data[name] = ""
        if "change_request" in data:
            number = data.pop("change_request")
            data["change_request"] = self._change_request(number)
        return data

    def _change_request(self, number: int | None) -> Any:
        if not number:
            return None
        from schedule.models import ChangeRequest

        found = ChangeRequest.objects.filter(schedule__program=self.program, number=number).first()
        if found is None:
            from programs.errors import DomainError

            raise DomainError(
                f"{self.program.name} has no change request {number}.", field="change_request"
            )
        return found


class ReasonForm(PortalForm):
    reason = forms.CharField(
        label="Reason", required=False, max_length=limits.MAX_TEXT_LENGTH, widget=_LONG
    )

    def __init__(self, *args: Any, label: str = "Reason", required: bool = False, **kw: Any):
        super().__init__(*args, **kw)
        self.fields["reason"].label = label
        self.fields["reason"].required = required


class ReviewForm(PortalForm):
    reason = _text("What the review found")
    next_review_on = _date("Next review", help_text="Leave empty: the review interval from today.")


class OccurForm(PortalForm):
    reason = _text("What happened")
    due_on = _date("Issue due")


class ResolveForm(PortalForm):
    resolution = _text("How it was resolved", required=True)


class CompleteForm(PortalForm):
    done_on = _date("Date done", help_text="Leave empty: today.")
    reason = _text("Note")


class DecideForm(PortalForm):
    decided_on = _date("Date decided", help_text="Leave empty: today.")
    decided_by = forms.CharField(
        label="Decided by", required=False, max_length=limits.MAX_TITLE_LENGTH
    )
    rationale = _text()


class LinkForm(PortalForm):
    kind = forms.ChoiceField(label="Link to a", choices=LinkKind.choices)
    target = forms.CharField(
        label="Its reference or id",
        max_length=40,
        help_text="R-12, A-3, I-7 or D-2 for a RAID item; the number of a change request; "
        "the id of a task or an IV&V finding (IVV-003 or 3).",
    )


class CommentForm(PortalForm):
    text = _text("Comment", required=True)
