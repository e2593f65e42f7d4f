"""A program's status reports and how it reports: one report per program, period and
revision, its snapshot frozen when it was built."""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse

from programs.choices import OwningParty
from programs.models import Membership, Program

from .choices import CIO_RATINGS, PeriodLength, StatusReportStatus

RATING_VALIDATORS = [MinValueValidator(1), MaxValueValidator(5)]


class ReportSettings(models.Model):
    """How a program reports: the length of its periods, the business day of the following
    month its report is due on, and who receives the released report (members of the program
    and outside addresses). A program without a row reports monthly, due on
    REPORTS_DUE_BUSINESS_DAY."""

    program = models.OneToOneField(
        Program, on_delete=models.CASCADE, related_name="report_settings"
    )
    period_length = models.CharField(
        max_length=16, choices=PeriodLength.choices, default=PeriodLength.MONTHLY
    )
    due_business_day = models.PositiveSmallIntegerField(
        "due on business day",
        default=5,
        validators=[MinValueValidator(1), MaxValueValidator(20)],
        help_text="The report is due on this business day after its period ends.",
    )
    distribution_members = models.ManyToManyField(
        Membership, blank=True, related_name="+", help_text="Members who receive the report."
    )
    outside_emails: models.JSONField[Any, Any] = models.JSONField(
        "outside addresses", default=list, blank=True
    )
    # The investment's identifiers on OMB's IT Dashboard (the IT Dashboard export).
    agency_code = models.CharField(max_length=10, blank=True)
    agency_name = models.CharField(max_length=200, blank=True)
    current_uii = models.CharField(
        "current UII", max_length=20, blank=True, help_text="The Unique Investment Identifier."
    )
    investment_name = models.CharField(max_length=200, blank=True)
    project_id = models.CharField("project id", max_length=40, blank=True)
    agency_project_id = models.CharField("agency project id", max_length=40, blank=True)
    project_goal = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    policy_program_field: ClassVar[str] = "program"
    policy_owning_party: ClassVar[str | None] = OwningParty.SHARED

    class Meta:
        verbose_name_plural = "report settings"

    def __str__(self) -> str:
        return f"Report settings of {self.program.code}"


class StatusReport(models.Model):
    """The status report of one period of a program. A build freezes the sources into
    ``snapshot`` (versioned by ``schema_version``) so the report never changes when the data
    does; a draft is rebuilt in place, a released report never changes, and a correction is
    a new revision of the same period with a reason."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="status_reports")
    period_start = models.DateField(help_text="The first day of the period reported on.")
    period_end = models.DateField(help_text="The last day of the period reported on.")
    revision = models.PositiveSmallIntegerField(default=1)
    status = models.CharField(
        max_length=16, choices=StatusReportStatus.choices, default=StatusReportStatus.DRAFT
    )
    due_on = models.DateField(help_text="The day the report is due.")
    schema_version = models.PositiveSmallIntegerField()
    snapshot: models.JSONField[Any, Any] = models.JSONField(
        help_text="Every section as it stood when the report was built."
    )
    built_at = models.DateTimeField()
    built_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Who asked for the build (none for the scheduled build).",
    )
    proposed_rating = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=RATING_VALIDATORS
    )
    rating_reasons: models.JSONField[Any, Any] = models.JSONField(default=list, blank=True)
    confirmed_rating = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=RATING_VALIDATORS
    )
    rating_comment = models.TextField(
        blank=True, help_text="Why the customer's rating differs from the proposed one."
    )
    rating_confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    rating_confirmed_at = models.DateTimeField(null=True, blank=True)
    accomplishments_customer = models.TextField("the customer's accomplishments", blank=True)
    accomplishments_provider = models.TextField("the provider's accomplishments", blank=True)
    next_period = models.TextField("planned for the next period", blank=True)
    decisions_needed = models.TextField(blank=True)
    customer_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    customer_approved_at = models.DateTimeField(null=True, blank=True)
    provider_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    provider_approved_at = models.DateTimeField(null=True, blank=True)
    released_at = models.DateTimeField(null=True, blank=True)
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    sha256 = models.CharField(
        max_length=64, blank=True, help_text="SHA-256 of the released snapshot and narratives."
    )
    release_email_sent_at = models.DateTimeField(
        null=True, blank=True, help_text="When the released report was emailed to its list."
    )
    correction_reason = models.TextField(
        blank=True, help_text="Why a revision after the first corrects the released report."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    policy_program_field: ClassVar[str] = "program"
    policy_owning_party: ClassVar[str | None] = OwningParty.SHARED

    class Meta:
        ordering = ["-period_start", "-revision"]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "period_start", "revision"],
                name="one_status_report_per_period_and_revision",
            ),
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")),
                name="status_report_period_ends_after_it_starts",
            ),
            models.CheckConstraint(
                condition=Q(proposed_rating__isnull=True)
                | Q(proposed_rating__gte=1, proposed_rating__lte=5),
                name="status_report_proposed_rating_1_to_5",
            ),
            models.CheckConstraint(
                condition=Q(confirmed_rating__isnull=True)
                | Q(confirmed_rating__gte=1, confirmed_rating__lte=5),
                name="status_report_confirmed_rating_1_to_5",
            ),
        ]

    def __str__(self) -> str:
        return f"Status report of {self.period_label} (revision {self.revision})"

    def get_absolute_url(self) -> str:
        return reverse("reports:report", kwargs={"code": self.program.code, "pk": self.pk})

    @property
    def period_label(self) -> str:
        return str(self.snapshot.get("period", {}).get("label") or f"{self.period_start:%B %Y}")

    @property
    def rating(self) -> int | None:
        """The rating the report carries: the customer's once set, else the proposed one."""
        return self.confirmed_rating or self.proposed_rating

    @property
    def rating_label(self) -> str:
        return CIO_RATINGS.get(self.rating or 0, "Not rated")

    @property
    def overall_status(self) -> str:
        return str(self.snapshot.get("overall", {}).get("status") or "")

    @property
    def overall_label(self) -> str:
        return str(self.snapshot.get("overall", {}).get("label") or "")
