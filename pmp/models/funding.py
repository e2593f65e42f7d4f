"""Funding and the earned value settings of a program.

Funding documents are the obligating documents of the interagency agreement: each obligates
an amount for a fiscal year and a period of performance, and modifications (dated, with an
amount, negative for a deobligation) change it. The budget at completion itself is not here:
it comes from the agreed IMS baseline's cost, control account by control account
(``ControlAccount`` in ``expenditure``); the management reserve is held apart in the settings.

Money is shown only to those the access policy lets see costs (``can_see_costs``: both
parties' Program Managers, PMO Leads and Executive Sponsors and the IV&V agent, unless the
schedule's "costs hidden from team members and viewers" is off).
"""

from __future__ import annotations

from decimal import Decimal
from typing import ClassVar

from django.db import models
from django.urls import reverse

from programs.choices import OwningParty
from programs.models import Program

from ..evm.series import EacMethod

#: The settings' choice of EAC method: the pure arithmetic's ``EacMethod`` is the one source.
EAC_METHOD_CHOICES = [(method.value, method.description) for method in EacMethod]


class FundingDocument(models.Model):
    """An obligating document of the interagency agreement (an IAA order, a funding
    document), for one fiscal year."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="funding_documents")
    number = models.CharField(
        max_length=60, help_text="The document's number, as the agreement names it."
    )
    title = models.CharField(max_length=200, blank=True)
    fiscal_year = models.PositiveSmallIntegerField(
        help_text="The federal fiscal year (FY2027 runs from October 2026 to September 2027)."
    )
    obligated = models.DecimalField(
        "amount obligated",
        max_digits=14,
        decimal_places=2,
        help_text="The amount obligated when it was signed.",
    )
    performance_start = models.DateField("period of performance starts")
    performance_end = models.DateField("period of performance ends")
    notes = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    policy_program_field: ClassVar[str] = "program"
    #: The agency obligates its funds; the provider reads them.
    policy_owning_party: ClassVar[str | None] = OwningParty.CUSTOMER

    class Meta:
        ordering = ["fiscal_year", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "number"], name="pmp_funding_number_unique_per_program"
            )
        ]

    def __str__(self) -> str:
        return f"{self.number} (FY{self.fiscal_year})"

    def get_absolute_url(self) -> str:
        return reverse("pmp:funding", kwargs={"code": self.program.code}) + f"#funding-{self.pk}"

    @property
    def total_obligated(self) -> Decimal:
        """The amount obligated with every modification applied (modifications prefetched
        or not: one query at most)."""
        return self.obligated + sum(
            (m.amount for m in self.modifications.all()), start=Decimal("0.00")
        )


class FundingModification(models.Model):
    """A modification of a funding document: a dated change of the amount obligated (negative
    for a deobligation)."""

    document = models.ForeignKey(
        FundingDocument, on_delete=models.CASCADE, related_name="modifications"
    )
    number = models.CharField(max_length=30, help_text="The modification's number, e.g. P00002.")
    effective_on = models.DateField("effective")
    amount = models.DecimalField(
        max_digits=14,
        decimal_places=2,
        help_text="The change of the amount obligated; negative to deobligate.",
    )
    description = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    policy_program_field: ClassVar[str] = "document__program"
    policy_owning_party: ClassVar[str | None] = OwningParty.CUSTOMER

    class Meta:
        ordering = ["effective_on", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["document", "number"], name="pmp_funding_modification_number_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.document.number} modification {self.number}"


class EarnedValueSettings(models.Model):
    """A program's earned value settings, made with the defaults on first use: where control
    accounts sit in the WBS, the EAC method, the variance thresholds that ask for an
    explanation, the traffic-light bands of CPI and SPI (DOMAIN's convention by default), when
    the provider's monthly expenditure report is due, and the management reserve."""

    program = models.OneToOneField(
        Program, on_delete=models.CASCADE, related_name="earned_value_settings"
    )
    control_account_level = models.PositiveSmallIntegerField(
        "control account level",
        default=1,
        help_text="The WBS level whose elements are the control accounts (1 to 5).",
    )
    eac_method = models.CharField(
        "EAC method", max_length=16, choices=EAC_METHOD_CHOICES, default=EacMethod.CPI.value
    )
    cost_threshold_percent = models.DecimalField(
        "cost variance threshold (%)", max_digits=5, decimal_places=2, default=Decimal(10)
    )
    cost_threshold_amount = models.DecimalField(
        "cost variance threshold ($)",
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="Also ask for an explanation from this amount, whatever the percent.",
    )
    schedule_threshold_percent = models.DecimalField(
        "schedule variance threshold (%)", max_digits=5, decimal_places=2, default=Decimal(10)
    )
    schedule_threshold_amount = models.DecimalField(
        "schedule variance threshold ($)", max_digits=14, decimal_places=2, null=True, blank=True
    )
    green_low = models.DecimalField(max_digits=4, decimal_places=2, default=Decimal("0.95"))
    green_high = models.DecimalField(max_digits=4, decimal_places=2, default=Decimal("1.05"))
    yellow_low = models.DecimalField(max_digits=4, decimal_places=2, default=Decimal("0.90"))
    yellow_high = models.DecimalField(max_digits=4, decimal_places=2, default=Decimal("1.10"))
    report_due_business_day = models.PositiveSmallIntegerField(
        "expenditure report due (business day)",
        default=10,
        help_text="The provider's report of a month is due by this business day of the next.",
    )
    explanation_due_business_days = models.PositiveSmallIntegerField(
        "variance explanation due (business days)",
        default=10,
        help_text="Business days the provider has to explain a variance once it is asked.",
    )
    management_reserve = models.DecimalField(
        max_digits=14,
        decimal_places=2,
        default=Decimal("0.00"),
        help_text="Held apart from the budget at completion.",
    )
    updated_at = models.DateTimeField(auto_now=True)

    policy_program_field: ClassVar[str] = "program"
    policy_owning_party: ClassVar[str | None] = OwningParty.SHARED

    class Meta:
        verbose_name_plural = "earned value settings"

    def __str__(self) -> str:
        return f"Earned value settings of {self.program.code}"
