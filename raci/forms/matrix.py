"""Forms of the RACI matrix pages; the services check again and name what they refuse."""

from __future__ import annotations

from typing import Any

from django import forms

from programs.choices import JOINT_OWNER_CHOICES, PLAY_3_1_ACTIVITIES, Party, Role
from programs.limits import MAX_TITLE_LENGTH
from programs.models import Membership

from ..models import RaciGroup, RaciMatrix, RowKind, Variant


class MatrixForm(forms.Form):
    variant = forms.ChoiceField(
        choices=Variant.choices, widget=forms.Select(attrs={"class": "usa-select"})
    )
    overload_limit = forms.IntegerField(
        label="Overload limit (rows a column is accountable for)",
        min_value=1,
        max_value=500,
        widget=forms.NumberInput(attrs={"class": "usa-input usa-input--small"}),
    )


class GroupForm(forms.Form):
    title = forms.CharField(
        label="Heading",
        max_length=MAX_TITLE_LENGTH,
        widget=forms.TextInput(attrs={"class": "usa-input"}),
    )


class RowForm(forms.Form):
    title = forms.CharField(
        label="Activity or deliverable",
        max_length=MAX_TITLE_LENGTH,
        widget=forms.TextInput(attrs={"class": "usa-input"}),
    )
    group = forms.ModelChoiceField(
        queryset=RaciGroup.objects.none(),
        label="Group",
        empty_label=None,
        widget=forms.Select(attrs={"class": "usa-select"}),
    )
    kind = forms.ChoiceField(
        choices=RowKind.choices, widget=forms.Select(attrs={"class": "usa-select"})
    )
    owning_party = forms.ChoiceField(
        label="Owning party (whose editors set its codes)",
        choices=JOINT_OWNER_CHOICES,
        widget=forms.Select(attrs={"class": "usa-select"}),
    )
    activity_key = forms.ChoiceField(
        label="Play 3.1 activity",
        required=False,
        choices=[("", "None"), *((a.key, f"{a.number}. {a.title}") for a in PLAY_3_1_ACTIVITIES)],
        widget=forms.Select(attrs={"class": "usa-select"}),
    )

    def __init__(self, *args: Any, matrix: RaciMatrix, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        group_field = self.fields["group"]
        assert isinstance(group_field, forms.ModelChoiceField)
        group_field.queryset = RaciGroup.objects.filter(matrix=matrix)


ROLE_CHOICES = [
    (f"{party}:{role}", f"{Party(party).label}: {Role(role).label}")
    for party in Party.values
    for role in Role.values
    if not (party == Party.INDEPENDENT and role not in (Role.IVV_AGENT, Role.VIEWER))
    and not (party == Party.PROVIDER and role == Role.BUSINESS_OWNER)
    and not (party != Party.INDEPENDENT and role == Role.IVV_AGENT)
]


class ColumnForm(forms.Form):
    role = forms.ChoiceField(
        label="Role of a party",
        required=False,
        choices=[("", "A named person instead"), *ROLE_CHOICES],
        widget=forms.Select(attrs={"class": "usa-select"}),
    )
    membership = forms.ModelChoiceField(
        queryset=Membership.objects.none(),
        label="Named person",
        required=False,
        widget=forms.Select(attrs={"class": "usa-select"}),
    )
    label = forms.CharField(
        label="Label (leave empty for the role's or person's name)",
        required=False,
        max_length=MAX_TITLE_LENGTH,
        widget=forms.TextInput(attrs={"class": "usa-input"}),
    )

    def __init__(self, *args: Any, matrix: RaciMatrix, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["membership"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Membership.objects.filter(program=matrix.program).select_related("user")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if bool(data.get("role")) == bool(data.get("membership")):
            raise forms.ValidationError("Choose a role of a party or a named person (one of them).")
        return data


class ColumnLabelForm(forms.Form):
    label = forms.CharField(
        max_length=MAX_TITLE_LENGTH, widget=forms.TextInput(attrs={"class": "usa-input"})
    )


class CellForm(forms.Form):
    code = forms.CharField(required=False, max_length=10)
    revision = forms.IntegerField(min_value=0)


class ImportForm(forms.Form):
    file = forms.FileField(
        label="RACI workbook (.xlsx, as exported)",
        widget=forms.ClearableFileInput(attrs={"class": "usa-file-input", "accept": ".xlsx"}),
    )
