"""Forms of the schedule-control pages: saving a baseline, signing one, proposing a change
request (its operations as a small formset), and deciding one. They collect input; the
services decide what is valid and their refusals are shown beside the field they name."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any, cast

from django import forms

from programs.forms import DateInput, PortalForm, apply_uswds
from schedule import limits
from schedule.choices import ChangeOp, Decision, LinkTypeChoice
from schedule.engine.model import Constraint


class BaselineForm(PortalForm):
    name = forms.CharField(
        max_length=limits.MAX_TITLE_LENGTH,
        help_text="For example: IMS after the Fit-Gap sessions.",
    )
    description = forms.CharField(
        label="What it is and why it is saved",
        required=False,
        max_length=limits.MAX_TEXT_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class SignForm(forms.Form):
    """The SHA-256 the signer saw: if the content changed since, the service refuses."""

    content_sha256 = forms.CharField(max_length=64, widget=forms.HiddenInput)


class ChangeRequestForm(PortalForm):
    title = forms.CharField(max_length=limits.MAX_TITLE_LENGTH)
    description = forms.CharField(
        label="What changes",
        max_length=limits.MAX_TEXT_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    justification = forms.CharField(
        label="Why it changes",
        max_length=limits.MAX_TEXT_LENGTH,
        help_text="The reason both parties read before they decide.",
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    rebaseline = forms.BooleanField(
        label="Propose a new baseline for agreement once the change is applied",
        required=False,
    )


class OperationKind:
    """The changes people ask for most, each turned into one operation of schedule.changes."""

    DURATION = "duration"
    START_NO_EARLIER = "snet"
    MUST_START_ON = "mso"
    ADD_LINK = "add_link"
    REMOVE_LINK = "remove_link"
    ADD_TASK = "add_task"

    CHOICES = [
        ("", "- Select a change -"),
        (DURATION, "Change a task's duration"),
        (START_NO_EARLIER, "Move a task: start no earlier than a date"),
        (MUST_START_ON, "Move a task: must start on a date"),
        (ADD_LINK, "Add a dependency"),
        (REMOVE_LINK, "Remove a dependency"),
        (ADD_TASK, "Add a task"),
    ]


class OperationForm(forms.Form):
    """One row of the change: what kind, the task (or the predecessor of a dependency, or the
    summary task a new task goes under), and the value that kind needs. A row left without a
    kind is ignored."""

    kind = forms.ChoiceField(label="Change", choices=OperationKind.CHOICES, required=False)
    task = forms.IntegerField(
        label="Task UID",
        required=False,
        min_value=1,
        max_value=limits.MAX_UID,
        widget=forms.NumberInput(attrs={"list": "task-uids", "inputmode": "numeric"}),
    )
    successor = forms.IntegerField(
        label="Successor UID",
        required=False,
        min_value=1,
        max_value=limits.MAX_UID,
        widget=forms.NumberInput(attrs={"list": "task-uids", "inputmode": "numeric"}),
    )
    days = forms.DecimalField(
        label="Days",
        required=False,
        max_digits=8,
        decimal_places=2,
        # A lag may be negative (a lead); durations are checked against their own range.
        min_value=Decimal(-limits.MAX_LAG_DAYS),
        max_value=Decimal(limits.MAX_DURATION_DAYS),
    )
    date = forms.DateField(
        label="Date", required=False, widget=DateInput(), validators=limits.date_validators()
    )
    link_type = forms.ChoiceField(
        label="Dependency type", choices=LinkTypeChoice.choices, initial="FS", required=False
    )
    name = forms.CharField(label="New task name", max_length=limits.MAX_NAME_LENGTH, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        apply_uswds(self)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind = data.get("kind")
        needs: dict[str, list[tuple[str, str]]] = {
            OperationKind.DURATION: [("task", "Give the task's UID."), ("days", "Give the days.")],
            OperationKind.START_NO_EARLIER: [
                ("task", "Give the task's UID."),
                ("date", "Give the date."),
            ],
            OperationKind.MUST_START_ON: [
                ("task", "Give the task's UID."),
                ("date", "Give the date."),
            ],
            OperationKind.ADD_LINK: [
                ("task", "Give the predecessor's UID."),
                ("successor", "Give the successor's UID."),
            ],
            OperationKind.REMOVE_LINK: [
                ("task", "Give the predecessor's UID."),
                ("successor", "Give the successor's UID."),
            ],
            OperationKind.ADD_TASK: [("name", "Name the new task."), ("days", "Give the days.")],
        }
        for name, message in needs.get(kind or "", []):
            if data.get(name) in (None, "") and name not in self.errors:
                self.add_error(name, message)
        value = data.get("days")
        if value is not None and "days" not in self.errors:
            if kind == OperationKind.ADD_LINK:
                low, high, what = -limits.MAX_LAG_DAYS, limits.MAX_LAG_DAYS, "A lag"
            else:
                low, high, what = 0, limits.MAX_DURATION_DAYS, "A duration"
            problem = limits.days_error(value, low=low, high=high, what=what)
            if problem:
                self.add_error("days", problem)
        return data

    def operation(self) -> dict[str, Any] | None:
        """This row as one operation of schedule.changes (None for an empty row)."""
        data = self.cleaned_data
        kind = data.get("kind")
        uid = data.get("task")
        value: Decimal | None = data.get("days")
        when: date | None = data.get("date")
        if kind == OperationKind.DURATION:
            return {
                "op": ChangeOp.UPDATE_TASK.value,
                "uid": uid,
                "duration_days": float(value or 0),
            }
        if kind in (OperationKind.START_NO_EARLIER, OperationKind.MUST_START_ON):
            constraint = (
                Constraint.SNET if kind == OperationKind.START_NO_EARLIER else Constraint.MSO
            )
            return {
                "op": ChangeOp.UPDATE_TASK.value,
                "uid": uid,
                "constraint": constraint.value,
                "constraint_date": when.isoformat() if when else None,
            }
        if kind == OperationKind.ADD_LINK:
            return {
                "op": ChangeOp.ADD_LINK.value,
                "predecessor": uid,
                "successor": data.get("successor"),
                "type": data.get("link_type") or "FS",
                "lag_days": float(value or 0),
                "lag_unit": "working",
            }
        if kind == OperationKind.REMOVE_LINK:
            return {
                "op": ChangeOp.REMOVE_LINK.value,
                "predecessor": uid,
                "successor": data.get("successor"),
            }
        if kind == OperationKind.ADD_TASK:
            return {
                "op": ChangeOp.ADD_TASK.value,
                "name": data.get("name", "").strip(),
                "duration_days": float(value or 0),
                "parent_uid": uid,
                "milestone": value == 0,
            }
        return None


if TYPE_CHECKING:
    _FormSet = forms.BaseFormSet[OperationForm]
else:
    _FormSet = forms.BaseFormSet  # generic only in the stubs


class BaseOperationFormSet(_FormSet):
    def operations(self) -> list[dict[str, Any]]:
        return [op for form in self.forms if (op := form.operation()) is not None]

    def clean(self) -> None:
        super().clean()
        if any(self.errors):
            return
        if not self.operations():
            raise forms.ValidationError("Add at least one change.")


#: Rows the empty form offers; "Add a row" adds one more, up to MAX_ROWS.
START_ROWS = 2
MAX_ROWS = 50

OperationFormSet = cast(
    "type[BaseOperationFormSet]",
    forms.formset_factory(
        OperationForm, formset=BaseOperationFormSet, extra=0, min_num=1, max_num=MAX_ROWS
    ),
)


class DecideForm(PortalForm):
    decision = forms.ChoiceField(
        label="Your decision",
        choices=Decision.choices,
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label="Comment",
        required=False,
        max_length=limits.MAX_TEXT_LENGTH,
        help_text="Required when you reject: say why.",
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["decision"].widget.attrs["class"] = "usa-radio__input"
