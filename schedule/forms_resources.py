"""Forms of the resource pages: a resource with its rate table, and a task's assignments.
People enter work in hours and units in percent; the views turn hours into the working
minutes the services store. As in ``schedule.forms`` the services decide what is valid (negative
units, a resource assigned twice); the forms only check what a form must (a number is a
number, a rate date is not given twice) and name the field in every message."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django import forms

from programs.forms import DateInput, PortalForm
from programs.models import Membership

from . import limits
from .choices import ResourceTypeChoice
from .forms import owner_choices
from .models import Resource


def _amount_field(label: str, places: int) -> Any:
    return forms.DecimalField(
        label=label,
        required=False,
        max_digits=14,
        decimal_places=places,
        widget=forms.NumberInput(attrs={"step": "any", "inputmode": "decimal"}),
    )


def _hours_field(label: str, *, required: bool = False, help_text: str = "") -> Any:
    return forms.DecimalField(
        label=label,
        required=required,
        max_digits=9,
        decimal_places=2,
        help_text=help_text,
        widget=forms.NumberInput(attrs={"step": "any", "inputmode": "decimal"}),
    )


def _units_field(label: str = "Units (%)", *, required: bool = True) -> Any:
    # No min_value: the service refuses negative units with the assignment named.
    return forms.IntegerField(
        label=label,
        required=required,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )


class ResourceForm(PortalForm):
    name = forms.CharField(label="Name", max_length=limits.MAX_NAME_LENGTH)
    type = forms.ChoiceField(
        label="Type",
        choices=ResourceTypeChoice.choices,
        help_text="Work resources are people or roles paid by the hour; material is used by "
        "quantity; a cost resource is an amount per assignment.",
    )
    owner_party = forms.ChoiceField(label="Owner party")
    member = forms.TypedChoiceField(
        label="Member it stands for", coerce=int, required=False, empty_value=None
    )
    role = forms.CharField(
        label="Role it stands for",
        required=False,
        max_length=limits.MAX_NAME_LENGTH,
        help_text="For a resource that is a role rather than a named member (“Business analyst”).",
    )
    initials = forms.CharField(
        label="Initials", required=False, max_length=limits.MAX_INITIALS_LENGTH
    )
    group = forms.CharField(label="Group", required=False, max_length=limits.MAX_NAME_LENGTH)
    max_units = forms.IntegerField(
        label="Maximum units (%)",
        help_text="The most of its time it may be given at once: 100 is one full-time person.",
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    material_label = forms.CharField(
        label="Unit of a material resource",
        required=False,
        max_length=limits.MAX_LABEL_LENGTH,
        help_text="What one unit is (“licence”, “ream”); material resources only.",
    )

    def __init__(
        self,
        *args: Any,
        parties: Iterable[str],
        memberships: Iterable[Membership],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        owner = self.fields["owner_party"]
        assert isinstance(owner, forms.ChoiceField)
        owner.choices = owner_choices(parties)
        member = self.fields["member"]
        assert isinstance(member, forms.ChoiceField)
        member.choices = [("", "- Nobody: a role or an item -")] + [
            (str(m.user_id), f"{m.display_name} ({m.get_party_display()})") for m in memberships
        ]


def resource_initial(resource: Resource) -> dict[str, Any]:
    return {
        "name": resource.name,
        "type": resource.type,
        "owner_party": resource.owner_party,
        "member": str(resource.member_id or ""),
        "role": resource.role,
        "initials": resource.initials,
        "group": resource.group,
        "max_units": resource.max_units,
        "material_label": resource.material_label,
    }


class RateForm(forms.Form):
    effective = forms.DateField(
        label="In effect from",
        required=False,
        widget=DateInput(),
        validators=limits.date_validators(),
        help_text="Blank: from the start.",
    )
    standard = _amount_field("Standard rate ($ an hour or a unit)", 4)
    overtime = _amount_field("Overtime rate ($ an hour)", 4)
    per_use = _amount_field("Cost per use ($)", 2)


class BaseRateFormSet(forms.BaseFormSet):
    def clean(self) -> None:
        """Each rate starts on its own date: a date given twice is refused on the second
        row, named."""
        if any(self.errors):
            return
        seen: dict[Any, int] = {}
        for number, form in enumerate(self.forms, 1):
            data = form.cleaned_data
            if not data or data.get("DELETE") or not _rate_given(data):
                continue
            when = data.get("effective")
            if when in seen:
                label = when.isoformat() if when else "the start (no date)"
                form.add_error(
                    "effective",
                    f"Rate row {number} starts on {label}, as row {seen[when]} does: each rate "
                    "starts on its own date.",
                )
            else:
                seen[when] = number


RATE_FIELDS = ("effective", "standard", "overtime", "per_use")


def _rate_given(data: dict[str, Any]) -> bool:
    return any(
        data.get(k) not in (None, "") for k in ("effective", "standard", "overtime", "per_use")
    )


RateFormSet = forms.formset_factory(
    RateForm, formset=BaseRateFormSet, extra=2, can_delete=True, max_num=limits.MAX_RATES
)


def rate_rows(formset: forms.BaseFormSet) -> list[dict[str, Any]]:
    """The rate table the service stores, from a valid formset (blank rows left out)."""
    rows = []
    for form in formset.forms:
        data = form.cleaned_data
        if not data or data.get("DELETE") or not _rate_given(data):
            continue
        rows.append(
            {
                "effective": data.get("effective"),
                "standard": data.get("standard") or Decimal(0),
                "overtime": data.get("overtime") or Decimal(0),
                "per_use": data.get("per_use") or Decimal(0),
            }
        )
    return rows


def style_rate_formset(formset: forms.BaseFormSet) -> None:
    """USWDS classes on the rate rows' inputs (the formset's forms are plain forms)."""
    for form in formset.forms:
        for name, field in form.fields.items():
            css = "usa-checkbox__input" if name == "DELETE" else "usa-input"
            field.widget.attrs.setdefault("class", css)


class AssignmentNewForm(PortalForm):
    resource = forms.TypedChoiceField(label="Resource", coerce=int)
    units = _units_field(required=False)
    work_hours = _hours_field(
        "Work (hours)", help_text="Blank: the task's duration at these units, or its share."
    )
    domain_fields = {"units": "units", "work": "work_hours", "resource": "resource"}

    def __init__(self, *args: Any, resources: Iterable[Resource], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["resource"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", "- Select a resource -")] + [
            (str(r.uid), f"{r.name} ({r.get_type_display()})") for r in resources
        ]


class AssignmentForm(PortalForm):
    units = _units_field()
    work_hours = _hours_field("Work (hours)", required=True)
    actual_hours = _hours_field("Actual work (hours)", required=True)
    remaining_hours = _hours_field("Remaining work (hours)", help_text="Blank: work less actual.")
    domain_fields = {
        "units": "units",
        "work": "work_hours",
        "actual_work": "actual_hours",
        "remaining_work": "remaining_hours",
    }


def minutes(hours: Decimal | None, *, keep: int | None = None) -> int | None:
    """Hours typed as working minutes; hours shown rounded and sent back unchanged keep the
    stored minutes."""
    if hours is None:
        return None
    if keep is not None and round(keep / 60, 2) == float(hours):
        return keep
    return round(float(hours) * 60)
