"""The QASP's vocabulary (DOMAIN.md section 6): surveillance methods, how often a standard is
surveilled, and which way its acceptable quality level reads."""

from __future__ import annotations

from django.db import models


class SurveillanceMethod(models.TextChoices):
    FULL_INSPECTION = "full_inspection", "100% inspection"
    RANDOM_SAMPLING = "random_sampling", "Random sampling"
    PERIODIC_INSPECTION = "periodic_inspection", "Periodic inspection"
    CUSTOMER_FEEDBACK = "customer_feedback", "Validated customer feedback"
    UNSCHEDULED_INSPECTION = "unscheduled_inspection", "Unscheduled inspection"
    RECORDS_REVIEW = "records_review", "Records review"
    THIRD_PARTY_AUDIT = "third_party_audit", "Third-party audit"


class SurveillanceFrequency(models.TextChoices):
    MONTHLY = "monthly", "Monthly"
    QUARTERLY = "quarterly", "Quarterly"
    PER_EVENT = "per_event", "Per event"


class AqlDirection(models.TextChoices):
    """How the observed value compares with the AQL: "at least 99.5% availability", "at
    most 2% defects", "at most 4 hours to respond"."""

    AT_LEAST = "at_least", "At least"
    AT_MOST = "at_most", "At most"
