"""Forms of the programs pages. Choice fields offer only what the policy allows the person
filling them in (this program's members, the parties they manage); the services check again."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db.models import QuerySet
from django.forms.utils import ErrorList

from . import limits
from .choices import ActivityStatus, M3Phase, OrganisationKind, Party, Role
from .concurrency import RevisionField
from .errors import DomainError
from .models import Membership, Organisation

_WIDGET_CLASSES = {
    "select": "usa-select",
    "textarea": "usa-textarea",
    "checkbox": "usa-checkbox__input",
}


def apply_uswds(form: forms.BaseForm) -> None:
    """Give every widget of ``form`` its USWDS class (also used for django-filter forms)."""
    for field in form.fields.values():  # before the bound fields copy the help text
        state_length(field)
    for bound in form:
        widget = bound.field.widget
        css = _WIDGET_CLASSES.get(bound.widget_type, "usa-input")
        widget.attrs["class"] = f"{css} {widget.attrs.get('class', '')}".strip()


def state_length(field: forms.Field) -> None:
    """A long text says how long it may be, below the box (the browser holds it to that through
    the maxlength attribute Django gives every text field with a max_length)."""
    limit = getattr(field, "max_length", None)
    if not limit or not isinstance(field.widget, forms.Textarea):
        return
    hint = f"Up to {limit:,} characters."
    if hint not in str(field.help_text):
        field.help_text = f"{field.help_text} {hint}".strip()


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class PortalForm(forms.Form):
    """A form styled with USWDS that shows a service's DomainError beside the field it names."""

    # Service field name -> form field name, where the two differ.
    domain_fields: Mapping[str, str] = {}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        apply_uswds(self)

    def add_domain_error(self, exc: DomainError) -> None:
        name = self.domain_fields.get(exc.field or "", exc.field)
        self.add_error(name if name in self.fields else None, exc.message)

    def non_field_errors(self) -> ErrorList:
        """The form's own errors, and those of its hidden fields (a revision changed in the
        page), which no field shows beside it."""
        errors = self.error_class(error_class="nonfield", renderer=self.renderer)
        errors.extend(super().non_field_errors())
        for field in self.hidden_fields():
            errors.extend(field.errors)
        return errors


def _role_choices(roles: Iterable[str]) -> list[tuple[str, str]]:
    wanted = set(roles)
    # Role order, not set order: the list reads from sponsor down to viewer.
    return [(value, label) for value, label in Role.choices if value in wanted]


class MembershipChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Membership) -> str:
        return f"{obj.display_name} ({obj.get_party_display()}, {obj.get_role_display()})"


class ActivityForm(PortalForm):
    status = forms.ChoiceField(choices=ActivityStatus.choices)
    due_date = forms.DateField(
        label="Due date",
        required=False,
        widget=DateInput(),
        validators=limits.date_validators(),
    )
    assignee = MembershipChoiceField(
        queryset=Membership.objects.none(), required=False, empty_label="Unassigned"
    )
    reason = forms.CharField(
        label="Reason",
        required=False,
        max_length=limits.MAX_TEXT_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Say what blocks the activity, or why its status differs from its artifact's.",
    )
    clear_override = forms.BooleanField(
        label="Clear the override: back to what its artifact gives", required=False
    )

    def __init__(
        self,
        *args: Any,
        assignees: QuerySet[Membership],
        overridden: bool = False,
        **kwargs: Any,
    ) -> None:
        """``overridden``: the activity's status overrides its artifact's, which the form
        offers to clear."""
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = assignees  # type: ignore[attr-defined]
        if not overridden:
            del self.fields["clear_override"]


class MemberAddForm(PortalForm):
    username = forms.CharField(
        max_length=150,
        help_text="The person's existing portal account.",
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "off"}),
    )
    party = forms.ChoiceField()
    role = forms.ChoiceField()
    is_signatory = forms.BooleanField(
        label="Signatory (signs artifacts for the party)", required=False
    )
    override_reason = forms.CharField(
        label="Reason for an exception (administrators only)",
        help_text="Only when the person is not of the party's organisation: why they join it.",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    domain_fields = {"user": "username"}

    def __init__(
        self,
        *args: Any,
        parties: Iterable[str],
        roles: Iterable[str],
        grants_authority: bool = False,
        overrides_organisation: bool = False,
        **kwargs: Any,
    ) -> None:
        """``roles``: those the acting user may give; ``grants_authority``: whether they may
        make the new member a signatory (the party's sponsor or an administrator);
        ``overrides_organisation``: whether they may add someone of another organisation
        with a reason (a portal administrator)."""
        super().__init__(*args, **kwargs)
        managed = [p for p in Party.values if p in set(parties)]
        self.fields["party"].choices = [(p, Party(p).label) for p in managed]  # type: ignore[attr-defined]
        self.fields["role"].choices = _role_choices(roles)  # type: ignore[attr-defined]
        # The least powerful role unless the person chooses another: a slip adds a reader.
        if Role.VIEWER in set(roles):
            self.fields["role"].initial = Role.VIEWER
        if len(managed) == 1:
            self.fields["party"].initial = managed[0]
        if not grants_authority:
            del self.fields["is_signatory"]
        if not overrides_organisation:
            del self.fields["override_reason"]

    def clean_username(self) -> Any:
        username = self.cleaned_data["username"].strip()
        user = get_user_model().objects.filter(username=username, is_active=True).first()
        if user is None:
            raise forms.ValidationError("No active portal account has this username.")
        self.cleaned_data["user"] = user
        return username


class MemberEditForm(PortalForm):
    role = forms.ChoiceField()
    is_signatory = forms.BooleanField(
        label="Signatory (signs artifacts for the party)", required=False
    )
    revision = RevisionField()

    def __init__(
        self,
        *args: Any,
        membership: Membership,
        roles: Iterable[str],
        grants_authority: bool = False,
        **kwargs: Any,
    ) -> None:
        """``roles``: those the acting user may give this member (their current role is
        always listed); the signatory flag only for who grants authority."""
        kwargs.setdefault(
            "initial",
            {
                "role": membership.role,
                "is_signatory": membership.is_signatory,
                "revision": membership.revision,
            },
        )
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = _role_choices({*roles, membership.role})  # type: ignore[attr-defined]
        if membership.party == Party.INDEPENDENT or not grants_authority:
            # The independent party signs nothing of the program's; and only the party's
            # sponsor or an administrator grants or removes the flag.
            del self.fields["is_signatory"]


class OnboardingItemForm(PortalForm):
    title = forms.CharField(max_length=limits.MAX_TITLE_LENGTH)
    owner = MembershipChoiceField(
        queryset=Membership.objects.none(), required=False, empty_label="No owner"
    )
    due_date = forms.DateField(
        label="Due date", required=False, widget=DateInput(), validators=limits.date_validators()
    )
    done_date = forms.DateField(
        label="Done on", required=False, widget=DateInput(), validators=limits.date_validators()
    )
    notes = forms.CharField(
        required=False,
        max_length=limits.MAX_TEXT_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, owners: QuerySet[Membership], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = owners  # type: ignore[attr-defined]


class OnboardingItemEditForm(OnboardingItemForm):
    """An item changed from the revision it was opened at."""

    revision = RevisionField()


class GlossaryTermForm(PortalForm):
    term = forms.CharField(max_length=limits.MAX_TERM_LENGTH)
    definition = forms.CharField(
        max_length=limits.MAX_TEXT_LENGTH, widget=forms.Textarea(attrs={"rows": 4})
    )


class GlossaryTermEditForm(GlossaryTermForm):
    """A term reworded from the revision it was opened at."""

    revision = RevisionField()


# -- portal administration: new organisations and programs ------------------------------


class OrganisationForm(PortalForm):
    name = forms.CharField(max_length=200)
    acronym = forms.CharField(max_length=20, help_text="As it appears in lists, e.g. GSA.")
    kind = forms.ChoiceField(choices=OrganisationKind.choices)


class OrganisationChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Organisation) -> str:
        return str(obj)


def _active_user(username: str) -> Any:
    user = get_user_model().objects.filter(username=username, is_active=True).first()
    if user is None:
        raise ValidationError("No active portal account has this username.")
    return user


# Words of the programs URLs that a program code would shadow (/programs/new/ ...).


class ProgramCreateForm(PortalForm):
    """A new program and the first Program Manager of each party, who then add the others."""

    name = forms.CharField(max_length=200)
    code = forms.SlugField(
        max_length=40,
        help_text="Short identifier used in URLs and exports: letters, digits and hyphens.",
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "off"}),
    )
    customer = OrganisationChoiceField(
        label="Customer agency",
        queryset=Organisation.objects.filter(kind=OrganisationKind.FEDERAL_AGENCY),
    )
    provider = OrganisationChoiceField(
        label="Shared-service provider",
        queryset=Organisation.objects.filter(kind=OrganisationKind.SHARED_SERVICE_PROVIDER),
    )
    phase = forms.TypedChoiceField(
        label="M3 phase", choices=M3Phase.choices, coerce=int, initial=M3Phase.ENGAGEMENT
    )
    start_date = forms.DateField(
        label="Start date", widget=DateInput(), validators=limits.date_validators()
    )
    planned_end_date = forms.DateField(
        label="Planned end date", widget=DateInput(), validators=limits.date_validators()
    )
    status_date = forms.DateField(
        label="Status date",
        required=False,
        validators=limits.date_validators(),
        help_text="The date progress is reported as of; the start date when left empty.",
        widget=DateInput(),
    )
    description = forms.CharField(
        required=False,
        max_length=limits.MAX_TEXT_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    customer_manager = forms.CharField(
        label="Customer Program Manager",
        max_length=150,
        help_text="Username of an existing portal account; manages the customer's members.",
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "off"}),
    )
    provider_manager = forms.CharField(
        label="Provider Program Manager",
        max_length=150,
        help_text="Username of an existing portal account; manages the provider's members.",
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "off"}),
    )

    def clean_customer_manager(self) -> Any:
        username = self.cleaned_data["customer_manager"].strip()
        self.cleaned_data["customer_manager_user"] = _active_user(username)
        return username

    def clean_provider_manager(self) -> Any:
        username = self.cleaned_data["provider_manager"].strip()
        self.cleaned_data["provider_manager_user"] = _active_user(username)
        return username

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start_date"), data.get("planned_end_date")
        if start and end and end < start:
            self.add_error("planned_end_date", "The planned end date must not be before the start.")
        customer_pm, provider_pm = data.get("customer_manager"), data.get("provider_manager")
        if customer_pm and customer_pm == provider_pm:
            # A person belongs to one party of a program.
            self.add_error(
                "provider_manager", "The two parties need two different Program Managers."
            )
        return data

    def add_validation_error(self, exc: ValidationError) -> None:
        """A model validation error of the service, beside the fields it names."""
        errors = exc.error_dict if hasattr(exc, "error_dict") else {NON_FIELD_ERRORS: exc.messages}
        for name, messages in errors.items():
            self.add_error(name if name in self.fields else None, messages)


class AttachmentForm(PortalForm):
    """A file to attach to a register row, and what it is for (a choice where the register
    offers purposes, else a short free label)."""

    file = forms.FileField(label="File", allow_empty_file=True)
    purpose = forms.CharField(
        label="Purpose",
        required=False,
        max_length=80,
        help_text="What the file is for, e.g. “closure evidence”.",
    )

    def __init__(self, *args: Any, purposes: Iterable[str] = (), **kwargs: Any) -> None:
        from .services.attachments import attachment_limits

        # Not PortalForm's: the fields change before USWDS styles them.
        forms.Form.__init__(self, *args, **kwargs)
        offered = list(purposes)
        if offered:
            self.fields["purpose"] = forms.ChoiceField(
                label="Purpose", choices=[(p, p) for p in offered]
            )
        limits = attachment_limits()
        self.fields["file"].help_text = (
            f"{limits['accepted']}; up to {limits['max_size']} a file and "
            f"{limits['max_count']} files an item."
        )
        apply_uswds(self)


class AttachmentRemoveForm(PortalForm):
    reason = forms.CharField(
        label="Why is the file removed?",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Kept in the audit trail with the file's name, size and SHA-256.",
    )
