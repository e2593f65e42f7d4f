"""Forms of the schedule pages. People enter durations and lags in working days and dates as
dates; the views turn them into working minutes and the schedule's wall-clock datetimes. The
forms only collect input: the services decide what is valid (a milestone with a duration, a
loop), and their DomainError is put beside the field it names."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import validate_slug

from programs.choices import JOINT_OWNER_CHOICES, OwningParty
from programs.concurrency import RevisionField
from programs.forms import DateInput, PortalForm, apply_uswds
from programs.models import Membership

from . import limits
from .choices import ConstraintChoice, LagUnitChoice, LinkTypeChoice
from .interchange.working_times import parse_working_times as parse_text
from .models import Task

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
# Blank calendar exception rows offered below the stored ones, to add some without a round trip.
EXTRA_EXCEPTIONS = 2
#: A day's working times as typed ("08:00-12:00, 13:00-17:00"): a few ranges at most.
WORKING_TIMES_LENGTH = 200


def parse_working_times(text: str) -> list[list[int]]:
    """ "08:00-12:00, 13:00-17:00" as [[480, 720], [780, 1020]] (as the schedule stores it);
    blank is a day off."""
    try:
        return [list(period) for period in parse_text(text)]
    except ValueError as error:
        raise ValidationError(str(error)) from error


def _days_field(label: str, *, help_text: str = "", required: bool = True, **kw: Any) -> Any:
    return forms.DecimalField(
        label=label,
        help_text=help_text,
        required=required,
        max_digits=9,
        decimal_places=2,
        widget=forms.NumberInput(attrs={"step": "any", "inputmode": "decimal"}),
        **kw,
    )


def _date_field(label: str, **kw: Any) -> Any:
    return forms.DateField(label=label, validators=limits.date_validators(), **kw)


def _choice_field(form: forms.Form, name: str) -> forms.ChoiceField:
    field = form.fields[name]
    assert isinstance(field, forms.ChoiceField)
    return field


def owner_choices(parties: Iterable[str]) -> list[tuple[str, str]]:
    allowed = set(parties)
    return [(value, label) for value, label in JOINT_OWNER_CHOICES if value in allowed]


def responsible_choices(memberships: Iterable[Membership]) -> list[tuple[str, str]]:
    return [("", "- Nobody yet -")] + [
        (str(m.user_id), f"{m.display_name} ({m.get_party_display()})") for m in memberships
    ]


# -- the schedule as a whole ----------------------------------------------------------------


class StartForm(PortalForm):
    name = forms.CharField(
        label="Schedule name",
        max_length=limits.MAX_TITLE_LENGTH,
        required=False,
        help_text="For example: Payroll migration IMS. Left blank, the program's code names it.",
    )
    project_start = _date_field(
        "Project start",
        widget=DateInput(),
        help_text="The first working day the schedule counts from.",
    )


class ImportForm(PortalForm):
    file = forms.FileField(
        label="Schedule file",
        help_text=(
            "Microsoft Project XML (.xml, saved with File > Save As > XML format) or an Excel "
            "workbook (.xlsx) in the portal's layout (as the Excel export writes it)."
        ),
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".xml,.xlsx,application/xml,text/xml,"
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
        ),
    )
    replace = forms.BooleanField(
        label="Replace the existing schedule (its tasks and dependencies are overwritten)",
        required=False,
    )
    # Names this form's submission: the same file posted twice from it is one import.
    request_key = forms.CharField(
        widget=forms.HiddenInput, required=False, max_length=64, validators=[validate_slug]
    )

    def __init__(self, *args: Any, offer_replace: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].widget.attrs["class"] = "usa-file-input"
        if not offer_replace:
            del self.fields["replace"]

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        name = (upload.name or "").lower()
        if not name.endswith((".xml", ".xlsx")):
            raise ValidationError(
                "Choose a Microsoft Project XML file (.xml) or an Excel workbook (.xlsx)."
            )
        return upload


class SettingsForm(PortalForm):
    name = forms.CharField(label="Schedule name", max_length=limits.MAX_TITLE_LENGTH)
    status_date = _date_field(
        "Status date",
        required=False,
        widget=DateInput(),
        help_text="Progress is reported as of this date; remaining work is scheduled after it.",
    )
    critical_float_days = _days_field(
        "Critical float limit (working days)",
        help_text="A task is critical when its total float is at or below this; usually 0.",
        min_value=Decimal(0),
        max_value=Decimal(limits.MAX_FLOAT_DAYS),
    )
    us_federal_holidays = forms.BooleanField(
        label="US federal holidays are days off", required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for index, day in enumerate(WEEKDAYS):
            self.fields[self.day_name(index)] = forms.CharField(
                label=day,
                required=False,
                max_length=WORKING_TIMES_LENGTH,
                widget=forms.TextInput(attrs={"class": "usa-input"}),
            )

    @staticmethod
    def day_name(index: int) -> str:
        return f"week_{index}"

    def day_fields(self) -> list[forms.BoundField]:
        return [self[self.day_name(i)] for i in range(len(WEEKDAYS))]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        week = []
        for index in range(len(WEEKDAYS)):
            name = self.day_name(index)
            try:
                week.append(parse_working_times(data.get(name) or ""))
            except ValidationError as error:
                self.add_error(name, error)
        data["week"] = week
        return data


class ExceptionForm(forms.Form):
    """One exception of the calendar: a closure (no working times) or an extra working day."""

    name = forms.CharField(label="Name", max_length=100, required=False)
    start = _date_field("From", required=False, widget=DateInput())
    end = _date_field("To", required=False, widget=DateInput())
    working_times = forms.CharField(
        label="Working times",
        required=False,
        max_length=WORKING_TIMES_LENGTH,
        help_text="Blank: closed. 08:00-12:00, 13:00-17:00: an extra working day.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from programs.forms import apply_uswds

        apply_uswds(self)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.cleaned_data.get("DELETE"):
            return data
        filled = any(data.get(k) for k in ("name", "start", "end", "working_times"))
        if not filled:
            return data
        start, end = data.get("start"), data.get("end")
        if start is None:
            self.add_error("start", "Give the first date of the exception.")
        if start is not None and end is not None and end < start:
            self.add_error("end", "The exception ends before it starts.")
        try:
            data["periods"] = parse_working_times(data.get("working_times") or "")
        except ValidationError as error:
            self.add_error("working_times", error)
        return data


class BaseExceptionFormSet(forms.BaseFormSet):
    def add_fields(self, form: forms.Form, index: int | None) -> None:
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = "Remove"
            form.fields["DELETE"].widget.attrs["class"] = "usa-checkbox__input"


ExceptionFormSet = forms.formset_factory(
    ExceptionForm, formset=BaseExceptionFormSet, extra=EXTRA_EXCEPTIONS, can_delete=True
)


# -- tasks ----------------------------------------------------------------------------------


class TaskInlineForm(PortalForm):
    """What the task table edits in place (notes, WBS and the deadline are on the task page)."""

    domain_fields = {
        "duration": "duration_days",
        "responsible": "responsible",
        "is_milestone": "duration_days",
    }

    name = forms.CharField(label="Name", max_length=limits.MAX_NAME_LENGTH)
    duration_days = _days_field(
        "Duration (working days)",
        min_value=Decimal(0),
        max_value=Decimal(limits.MAX_DURATION_DAYS),
    )
    constraint_type = forms.ChoiceField(label="Constraint", choices=ConstraintChoice.choices)
    constraint_date = _date_field("Constraint date", required=False, widget=DateInput())
    percent_complete = forms.IntegerField(
        label="% complete", min_value=0, max_value=limits.MAX_PERCENT
    )
    actual_start = _date_field("Actual start", required=False, widget=DateInput())
    actual_finish = _date_field("Actual finish", required=False, widget=DateInput())
    owner_party = forms.ChoiceField(label="Owner party", choices=JOINT_OWNER_CHOICES)
    responsible = forms.ChoiceField(label="Responsible", required=False)
    revision = RevisionField()

    def __init__(
        self,
        *args: Any,
        task: Task,
        parties: Iterable[str],
        memberships: Iterable[Membership],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.task = task
        choices = owner_choices(set(parties) | {task.owner_party})
        _choice_field(self, "owner_party").choices = choices
        _choice_field(self, "responsible").choices = responsible_choices(memberships)
        if task.is_summary:
            # A summary task's duration rolls up from its tasks: shown, never sent.
            self.fields["duration_days"].disabled = True
            self.fields["duration_days"].help_text = "Rolls up from the tasks under it."


class TaskForm(TaskInlineForm):
    """Every field of a task a person sets, for the task's own edit page."""

    domain_fields = {**TaskInlineForm.domain_fields}

    wbs = forms.CharField(label="WBS", max_length=limits.MAX_WBS_LENGTH, required=False)
    is_milestone = forms.BooleanField(label="Milestone", required=False)
    deadline = _date_field("Deadline", required=False, widget=DateInput())
    notes = forms.CharField(
        label="Notes",
        required=False,
        max_length=limits.MAX_NOTES_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    field_order = [
        "wbs",
        "name",
        "is_milestone",
        "duration_days",
        "owner_party",
        "responsible",
        "constraint_type",
        "constraint_date",
        "deadline",
        "percent_complete",
        "actual_start",
        "actual_finish",
        "notes",
    ]


class TaskNewForm(PortalForm):
    domain_fields = {"duration": "duration_days", "is_milestone": "duration_days"}

    name = forms.CharField(label="Name", max_length=limits.MAX_NAME_LENGTH)
    duration_days = _days_field(
        "Duration (working days)",
        min_value=Decimal(0),
        max_value=Decimal(limits.MAX_DURATION_DAYS),
        help_text="0 for a milestone.",
    )
    parent = forms.TypedChoiceField(
        label="Summary task it goes under", coerce=int, required=False, empty_value=None
    )
    is_milestone = forms.BooleanField(label="Milestone", required=False)
    owner_party = forms.ChoiceField(label="Owner party", choices=JOINT_OWNER_CHOICES)

    def __init__(
        self, *args: Any, parents: Iterable[Task] | None, parties: Iterable[str], **kwargs: Any
    ) -> None:
        """``parents``: the tasks to pick from, or None where the parent's UID is typed (a
        schedule too large for a list)."""
        super().__init__(*args, **kwargs)
        if parents is None:
            self.fields["parent"] = forms.IntegerField(
                label="UID of the task it goes under",
                required=False,
                min_value=1,
                max_value=limits.MAX_UID,
                help_text="Empty: at the top level.",
            )
            self._bound_fields_cache.pop("parent", None)  # type: ignore[attr-defined]
            apply_uswds(self)
        else:
            _choice_field(self, "parent").choices = [("", "- Top level -")] + [
                (str(t.uid), f"{t.wbs} {t.name} (UID {t.uid})".strip()) for t in parents
            ]
        choices = owner_choices(parties)
        _choice_field(self, "owner_party").choices = choices
        if len(choices) == 1:
            self.fields["owner_party"].initial = choices[0][0]
        elif OwningParty.SHARED in dict(choices):
            self.fields["owner_party"].initial = OwningParty.SHARED


# -- dependencies ---------------------------------------------------------------------------


class DependencyEditForm(PortalForm):
    type = forms.ChoiceField(label="Type", choices=LinkTypeChoice.choices)
    lag_days = _days_field(
        "Lag (days)",
        help_text="Negative for a lead: -2 starts two days before the predecessor allows.",
        min_value=Decimal(-limits.MAX_LAG_DAYS),
        max_value=Decimal(limits.MAX_LAG_DAYS),
    )
    lag_unit = forms.ChoiceField(label="Lag counted in", choices=LagUnitChoice.choices)


class DependencyForm(DependencyEditForm):
    """A new predecessor of a task: picked from the list or typed as its UID."""

    predecessor = forms.TypedChoiceField(
        label="Predecessor", coerce=int, required=False, empty_value=None
    )
    predecessor_uid = forms.IntegerField(
        label="Or its UID",
        required=False,
        min_value=1,
        max_value=limits.MAX_UID,
        help_text="The UID wins when both are given.",
    )
    field_order = ["predecessor", "predecessor_uid", "type", "lag_days", "lag_unit"]

    def __init__(self, *args: Any, candidates: Iterable[Task] | None, **kwargs: Any) -> None:
        """``candidates``: the tasks to pick from, or None where only the UID is asked for
        (a schedule too large for a list)."""
        super().__init__(*args, **kwargs)
        if candidates is None:
            del self.fields["predecessor"]
            uid = self.fields["predecessor_uid"]
            uid.label, uid.help_text = "Predecessor UID", "The UID of the task it follows."
            uid.required = True
            # Bound fields were made in the base __init__ (USWDS classes): read it again.
            self._bound_fields_cache.pop("predecessor_uid", None)  # type: ignore[attr-defined]
            return
        _choice_field(self, "predecessor").choices = [("", "- Select a task -")] + [
            (str(t.uid), f"{t.uid}: {t.wbs} {t.name}".replace("  ", " ")) for t in candidates
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        uid = data.get("predecessor_uid") or data.get("predecessor")
        if not uid and "predecessor" in self.fields:
            self.add_error("predecessor", "Choose the predecessor, or give its UID.")
        elif not uid and "predecessor_uid" not in self.errors:
            self.add_error("predecessor_uid", "Give the UID of the predecessor.")
        data["uid"] = uid
        return data
