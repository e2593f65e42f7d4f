"""Earned value status periods and variance explanations.

A status period is a month of earned value. While it is open its figures are computed from
the live data (the agreed baseline's planned value, the schedule's progress, the acknowledged
expenditure reports); closing it freezes its figures, account by account, so that recomputing
later never changes a closed month. A correction of a closed month is a new entry in the open
one, with its reason (a negative expenditure line, say).

When a control account's cost or schedule variance crosses the program's threshold, the
provider owes a variance analysis: cause, impact on the program, corrective action; the
customer accepts it or returns it with a reason. Explanations are a register (VA-001), with
the life cycle and history of ``programs.registers``.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.urls import reverse

from programs.choices import OwningParty
from programs.registers.models import RegisterHistory, RegisterItem

from .expenditure import ControlAccount

#: The layout of a closed period's frozen figures; a reader refuses a layout it does not know.
FIGURES_SCHEMA = 1


class PeriodStatus(models.TextChoices):
    OPEN = "open", "Open"
    CLOSED = "closed", "Closed"


class StatusPeriod(models.Model):
    program = models.ForeignKey(
        "programs.Program", on_delete=models.CASCADE, related_name="status_periods"
    )
    #: The month, as its first day; its status date is the month's last day.
    month = models.DateField()
    status = models.CharField(max_length=8, choices=PeriodStatus.choices, default=PeriodStatus.OPEN)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    closed_at = models.DateTimeField(null=True, blank=True)
    #: Frozen at closing: {"schema": 1, "status_date": ..., "baseline": number,
    #: "accounts": {wbs: [bac, pv, ev, ac] in cents}, "program": [bac, pv, ev, ac]}.
    figures: models.JSONField[Any, Any] = models.JSONField(default=dict, blank=True)

    policy_program_field: ClassVar[str] = "program"
    policy_owning_party: ClassVar[str | None] = OwningParty.SHARED

    class Meta:
        ordering = ["month"]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "month"], name="pmp_status_period_one_per_month"
            )
        ]

    def __str__(self) -> str:
        return f"{self.month:%B %Y}"

    @property
    def closed(self) -> bool:
        return self.status == PeriodStatus.CLOSED


class VarianceKind(models.TextChoices):
    COST = "cost", "Cost variance"
    SCHEDULE = "schedule", "Schedule variance"


class ExplanationStatus(models.TextChoices):
    REQUESTED = "requested", "Requested"
    SUBMITTED = "submitted", "Submitted"
    RETURNED = "returned", "Returned"
    ACCEPTED = "accepted", "Accepted"


class VarianceExplanation(RegisterItem):
    """The provider's analysis of a control account's variance in a month."""

    program = models.ForeignKey(
        "programs.Program", on_delete=models.CASCADE, related_name="variance_explanations"
    )
    status = models.CharField(max_length=24, choices=ExplanationStatus.choices)
    month = models.DateField(help_text="The status period whose variance crossed the threshold.")
    control_account = models.ForeignKey(
        ControlAccount, on_delete=models.PROTECT, related_name="variance_explanations"
    )
    kind = models.CharField(max_length=16, choices=VarianceKind.choices)
    #: The variance and its percent when it crossed the threshold.
    variance = models.DecimalField(max_digits=14, decimal_places=2)
    variance_percent = models.DecimalField(max_digits=9, decimal_places=2, null=True, blank=True)
    due_on = models.DateField("due")
    cause = models.TextField(blank=True)
    impact = models.TextField("impact on the program", blank=True)
    corrective_action = models.TextField(blank=True)

    register_key: ClassVar[str] = "variance_explanation"
    register_prefix: ClassVar[str] = "VA"
    #: The provider explains its variances; the customer accepts or returns them.
    policy_owning_party: ClassVar[str | None] = OwningParty.PROVIDER

    class Meta:
        ordering = ["-month", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "number"], name="pmp_variance_explanation_number_unique"
            ),
            models.UniqueConstraint(
                fields=["program", "month", "control_account", "kind"],
                name="pmp_variance_explanation_one_per_account_month_kind",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.get_kind_display()} of {self.control_account}"

    def get_absolute_url(self) -> str:
        return reverse(
            "pmp:variance-explanation",
            kwargs={"code": self.program.code, "reference": self.reference},
        )


class VarianceExplanationHistory(RegisterHistory):
    item = models.ForeignKey(VarianceExplanation, on_delete=models.CASCADE, related_name="history")

    policy_program_field: ClassVar[str] = "item__program"
    policy_owning_party: ClassVar[str | None] = OwningParty.PROVIDER

    class Meta(RegisterHistory.Meta):
        verbose_name_plural = "variance explanation history"
