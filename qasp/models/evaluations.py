"""Performance evaluations: the customer's periodic (quarterly, annual) CPARS-style rating of
the provider per rating area (QASP_RATING_AREAS), with narratives. The portal proposes a
rating per area from the period's surveillance and corrective action requests and keeps the
reasons; the customer's evaluator rates, opens it to the provider's comment for
QASP_EVALUATION_COMMENT_DAYS days, and signs it. A signed evaluation never changes.

A shared-service provider under an interagency agreement is not rated in CPARS itself: the
scale is CPARS's, the evaluation is the program's own."""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.urls import reverse

from programs.choices import OwningParty
from programs.models import Membership, Program

from ..choices import EvaluationKind, EvaluationStatus, Rating


class PerformanceEvaluation(models.Model):
    program = models.ForeignKey(
        Program, on_delete=models.CASCADE, related_name="performance_evaluations"
    )
    kind = models.CharField(max_length=16, choices=EvaluationKind.choices)
    period_start = models.DateField("period from")
    period_end = models.DateField("period to")
    status = models.CharField(
        max_length=20, choices=EvaluationStatus.choices, default=EvaluationStatus.DRAFT
    )
    evaluator = models.ForeignKey(
        Membership,
        on_delete=models.PROTECT,
        related_name="performance_evaluations",
        help_text="The customer's member who rates and signs.",
    )
    summary = models.TextField("overall assessment", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    opened_on = models.DateField("opened for comment on", null=True, blank=True)
    comment_due = models.DateField("comment due", null=True, blank=True)
    provider_comment = models.TextField("provider's comment", blank=True)
    commented_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    commented_by_name = models.CharField(max_length=150, blank=True)
    commented_at = models.DateTimeField(null=True, blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    signed_by_name = models.CharField(max_length=150, blank=True)
    signed_at = models.DateTimeField(null=True, blank=True)
    signed_hash = models.CharField(
        "SHA-256 signed",
        max_length=64,
        blank=True,
        help_text="Of the ratings, narratives and comment.",
    )

    policy_program_field: ClassVar[str] = "program"
    policy_owning_party: ClassVar[str | None] = OwningParty.CUSTOMER

    class Meta:
        ordering = ["program", "-period_start", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "kind", "period_start"],
                name="qasp_one_evaluation_per_kind_and_period",
            ),
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")),
                name="qasp_evaluation_period_in_order",
            ),
        ]

    def __str__(self) -> str:
        span = f"{self.period_start:%b %Y} to {self.period_end:%b %Y}"
        return f"{self.get_kind_display()} evaluation, {span}"

    def get_absolute_url(self) -> str:
        return reverse(
            "qasp:evaluations:evaluation", kwargs={"code": self.program.code, "pk": self.pk}
        )

    @property
    def is_signed(self) -> bool:
        return self.status == EvaluationStatus.SIGNED


class EvaluationRating(models.Model):
    """One rating area of an evaluation: the portal's proposal with its reasons, the
    evaluator's rating and narrative."""

    evaluation = models.ForeignKey(
        PerformanceEvaluation, on_delete=models.CASCADE, related_name="ratings"
    )
    area = models.CharField(max_length=32, help_text="A key of QASP_RATING_AREAS.")
    area_label = models.CharField("rating area", max_length=80)
    position = models.PositiveSmallIntegerField(default=0)
    proposed = models.PositiveSmallIntegerField(
        "proposed rating", choices=Rating.choices, null=True, blank=True
    )
    proposal_reasons: models.JSONField[Any, Any] = models.JSONField(
        default=list, blank=True, help_text="Why the portal proposes it, one sentence each."
    )
    rating = models.PositiveSmallIntegerField(choices=Rating.choices, null=True, blank=True)
    narrative = models.TextField(blank=True)

    policy_program_field: ClassVar[str] = "evaluation__program"
    policy_owning_party: ClassVar[str | None] = OwningParty.CUSTOMER

    class Meta:
        ordering = ["evaluation", "position"]
        constraints = [
            models.UniqueConstraint(fields=["evaluation", "area"], name="qasp_one_rating_per_area"),
        ]

    def __str__(self) -> str:
        return f"{self.area_label}: {self.get_rating_display() if self.rating else 'not rated'}"
