"""Control accounts and the provider's monthly expenditure reports.

A control account is a WBS element of the agreed IMS baseline at the program's control
account level: its budget at completion is the baseline's cost of that element. Accounts are
kept when a later baseline drops them (``active`` off), so the reports that charged them stay
readable.

Each month the provider reports the actual cost it incurred per control account (and
optionally labour hours per resource or role) with a narrative. The customer acknowledges
the report, or disputes lines with a reason; the provider answers a dispute with a corrected
report, a new revision that supersedes the disputed one (which is kept, with its lines and
disputes, as history). Only acknowledged reports feed the actual cost of earned value. A
report submitted after its due date (business day N of the next month) is late.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.urls import reverse

from programs.choices import OwningParty
from programs.models import Membership, Program


class ControlAccount(models.Model):
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="control_accounts")
    wbs = models.CharField("WBS", max_length=60)
    name = models.CharField(max_length=255)
    #: The schedule task (summary) whose element it is, by the task's UID.
    task_uid = models.PositiveIntegerField(null=True, blank=True)
    budget = models.DecimalField(
        "budget at completion",
        max_digits=14,
        decimal_places=2,
        default=0,
        help_text="From the agreed baseline's cost.",
    )
    #: The number of the agreed baseline the budget was taken from.
    baseline_number = models.PositiveIntegerField(null=True, blank=True)
    manager = models.ForeignKey(
        Membership,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="control_accounts",
        help_text="The control account manager.",
    )
    active = models.BooleanField(
        default=True, help_text="Off once the agreed baseline no longer has the element."
    )
    updated_at = models.DateTimeField(auto_now=True)

    policy_program_field: ClassVar[str] = "program"
    policy_owning_party: ClassVar[str | None] = OwningParty.SHARED

    class Meta:
        ordering = ["wbs"]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "wbs"], name="pmp_control_account_wbs_unique_per_program"
            )
        ]

    def __str__(self) -> str:
        return f"{self.wbs} {self.name}"


class ReportStatus(models.TextChoices):
    SUBMITTED = "submitted", "Submitted"
    DISPUTED = "disputed", "Disputed"
    ACKNOWLEDGED = "acknowledged", "Acknowledged"
    SUPERSEDED = "superseded", "Superseded"


class ExpenditureReport(models.Model):
    """One revision of the provider's expenditure report for a month."""

    program = models.ForeignKey(
        Program, on_delete=models.CASCADE, related_name="expenditure_reports"
    )
    #: The month reported, as its first day.
    period = models.DateField()
    revision = models.PositiveSmallIntegerField(default=1)
    status = models.CharField(
        max_length=16, choices=ReportStatus.choices, default=ReportStatus.SUBMITTED
    )
    narrative = models.TextField(blank=True)
    supersedes = models.OneToOneField(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="superseded_by",
        help_text="The disputed revision this one corrects.",
    )
    due_on = models.DateField("due", help_text="Business day N of the month after the period.")
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField()
    #: Submitted after ``due_on`` (the first revision's lateness stays with the month).
    late = models.BooleanField(default=False)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    #: The workbook it was imported from, if it was.
    source_name = models.CharField(max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    policy_program_field: ClassVar[str] = "program"
    #: The provider reports its expenditure; the customer acknowledges or disputes it.
    policy_owning_party: ClassVar[str | None] = OwningParty.PROVIDER

    class Meta:
        ordering = ["-period", "-revision"]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "period", "revision"],
                name="pmp_expenditure_report_revision_unique",
            )
        ]

    def __str__(self) -> str:
        name = f"Expenditure report {self.period:%B %Y}"
        return name if self.revision == 1 else f"{name}, revision {self.revision}"

    def get_absolute_url(self) -> str:
        return reverse(
            "pmp:expenditure-report",
            kwargs={"code": self.program.code, "period": f"{self.period:%Y-%m}"},
        ) + (f"?revision={self.revision}" if self.status == ReportStatus.SUPERSEDED else "")


class ExpenditureLine(models.Model):
    """The actual cost of one control account in a report. A negative amount corrects an
    earlier month's and needs its reason."""

    report = models.ForeignKey(ExpenditureReport, on_delete=models.CASCADE, related_name="lines")
    control_account = models.ForeignKey(
        ControlAccount, on_delete=models.PROTECT, related_name="expenditure_lines"
    )
    amount = models.DecimalField("actual cost", max_digits=14, decimal_places=2)
    correction_reason = models.TextField(blank=True)
    dispute_reason = models.TextField(blank=True)
    disputed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    disputed_at = models.DateTimeField(null=True, blank=True)

    policy_program_field: ClassVar[str] = "report__program"
    policy_owning_party: ClassVar[str | None] = OwningParty.PROVIDER

    class Meta:
        ordering = ["control_account__wbs"]
        constraints = [
            models.UniqueConstraint(
                fields=["report", "control_account"], name="pmp_expenditure_line_one_per_account"
            )
        ]

    def __str__(self) -> str:
        return f"{self.control_account}: {self.amount}"

    @property
    def disputed(self) -> bool:
        return bool(self.dispute_reason)


class ExpenditureHours(models.Model):
    """Labour hours a report gives for one resource or role (optional)."""

    report = models.ForeignKey(ExpenditureReport, on_delete=models.CASCADE, related_name="hours")
    resource = models.CharField("resource or role", max_length=200)
    hours = models.DecimalField(max_digits=10, decimal_places=2)

    policy_program_field: ClassVar[str] = "report__program"
    policy_owning_party: ClassVar[str | None] = OwningParty.PROVIDER

    class Meta:
        ordering = ["resource"]
        verbose_name_plural = "expenditure hours"
        constraints = [
            models.UniqueConstraint(
                fields=["report", "resource"], name="pmp_expenditure_hours_one_per_resource"
            )
        ]

    def __str__(self) -> str:
        return f"{self.resource}: {self.hours} h"
