"""Forms of the funding and earned value settings pages. The services check every value
again; their refusals show beside the field they name."""

from __future__ import annotations

from decimal import Decimal

from django import forms

from programs.forms import DateInput, PortalForm

from ..models.funding import EAC_METHOD_CHOICES
from ..services import funding as services
from ..services.earned_value_setup import MAX_LEVEL


class FundingDocumentForm(PortalForm):
    number = forms.CharField(
        label="Document number",
        max_length=services.MAX_NUMBER_LENGTH,
        help_text="As the interagency agreement names it; unique in the program.",
    )
    title = forms.CharField(required=False, max_length=services.MAX_TITLE_LENGTH)
    fiscal_year = forms.IntegerField(
        label="Fiscal year",
        min_value=services.MIN_FISCAL_YEAR,
        max_value=services.MAX_FISCAL_YEAR,
        help_text="The federal fiscal year: FY2027 runs from October 2026 to September 2027.",
    )
    obligated = forms.DecimalField(
        label="Amount obligated ($)",
        min_value=Decimal(0),
        max_value=services.MAX_MONEY,
        help_text="When it was signed, before any modification. In dollars and cents.",
        max_digits=14,
        decimal_places=2,
    )
    performance_start = forms.DateField(label="Period of performance starts", widget=DateInput())
    performance_end = forms.DateField(
        label="Period of performance ends",
        widget=DateInput(),
        help_text="On or after the start, at most ten years later.",
    )
    notes = forms.CharField(
        required=False,
        max_length=services.MAX_NOTES_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class FundingModificationForm(PortalForm):
    number = forms.CharField(
        label="Modification number",
        max_length=services.MAX_MODIFICATION_NUMBER_LENGTH,
        help_text="For example P00002; unique on the document.",
    )
    effective_on = forms.DateField(
        label="Effective date",
        widget=DateInput(),
        help_text="From 90 days before the period of performance starts to one year after it ends.",
    )
    amount = forms.DecimalField(
        label="Change of the amount obligated ($)",
        min_value=-services.MAX_MONEY,
        max_value=services.MAX_MONEY,
        help_text="Negative to deobligate; the document's total never goes below $0.",
        max_digits=14,
        decimal_places=2,
    )
    description = forms.CharField(
        required=False,
        max_length=services.MAX_NOTES_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


def _ratio(label: str, help_text: str = "") -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        max_digits=4,
        decimal_places=2,
        min_value=Decimal("0.01"),
        max_value=Decimal("9.99"),
        help_text=help_text,
    )


class EarnedValueSettingsForm(PortalForm):
    control_account_level = forms.IntegerField(
        label="Control account level",
        min_value=1,
        max_value=MAX_LEVEL,
        help_text=f"The WBS level whose elements are the control accounts (1 to {MAX_LEVEL}). "
        "Take the control accounts from the agreed baseline again after changing it.",
    )
    eac_method = forms.ChoiceField(
        label="Estimate at completion (EAC) method",
        choices=EAC_METHOD_CHOICES,
        help_text="The forecast the program reports; the others are shown beside it.",
    )
    cost_threshold_percent = forms.DecimalField(
        label="Cost variance threshold (%)",
        max_digits=5,
        decimal_places=2,
        min_value=Decimal("0.01"),
        max_value=Decimal(100),
        help_text="A control account's cost variance beyond this percent needs an explanation.",
    )
    cost_threshold_amount = forms.DecimalField(
        label="Cost variance threshold ($)",
        required=False,
        min_value=Decimal(0),
        max_value=services.MAX_MONEY,
        help_text="Also ask for an explanation from this amount, whatever the percent.",
        max_digits=14,
        decimal_places=2,
    )
    schedule_threshold_percent = forms.DecimalField(
        label="Schedule variance threshold (%)",
        max_digits=5,
        decimal_places=2,
        min_value=Decimal("0.01"),
        max_value=Decimal(100),
    )
    schedule_threshold_amount = forms.DecimalField(
        label="Schedule variance threshold ($)",
        required=False,
        min_value=Decimal(0),
        max_value=services.MAX_MONEY,
        max_digits=14,
        decimal_places=2,
    )
    yellow_low = _ratio("Yellow from (CPI or SPI at least)", "Below it, red.")
    green_low = _ratio("Green from (CPI or SPI at least)")
    green_high = _ratio("Green up to (CPI or SPI at most)")
    yellow_high = _ratio("Yellow up to (CPI or SPI at most)", "Above it, red.")
    report_due_business_day = forms.IntegerField(
        label="Expenditure report due (business day of the next month)",
        min_value=1,
        max_value=20,
        help_text="The provider's report of a month is due by this business day of the next "
        "month (federal holidays are not business days).",
    )
    explanation_due_business_days = forms.IntegerField(
        label="Variance explanation due (business days)",
        min_value=1,
        max_value=60,
        help_text="Business days the provider has to explain a variance once it is asked.",
    )
    management_reserve = forms.DecimalField(
        label="Management reserve ($)",
        min_value=Decimal(0),
        max_value=services.MAX_MONEY,
        help_text="Held apart from the budget at completion.",
        max_digits=14,
        decimal_places=2,
    )
