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


class CarStatus(models.TextChoices):
    """A corrective action request's life cycle: issued by the customer, answered by the
    provider, evaluated by the customer (returned to the provider with a reason, or accepted),
    closed once a later surveillance record of its standard is acceptable."""

    ISSUED = "issued", "Awaiting the provider's answer"
    ANSWERED = "answered", "Awaiting the customer's evaluation"
    RETURNED = "returned", "Returned to the provider"
    ACCEPTED = "accepted", "Corrective action accepted: awaiting verification"
    CLOSED = "closed", "Closed"
    WITHDRAWN = "withdrawn", "Withdrawn"


#: The statuses in which a CAR is open (not closed or withdrawn).
OPEN_CAR_STATUSES = (
    CarStatus.ISSUED,
    CarStatus.ANSWERED,
    CarStatus.RETURNED,
    CarStatus.ACCEPTED,
)


class CarOverdueKind(models.TextChoices):
    """The step a CAR waits on when it becomes overdue, and so who is emailed."""

    ANSWER = "answer", "The provider's answer"
    EVALUATION = "evaluation", "The customer's evaluation"
    ACTION = "action", "The provider's corrective action"


class MetricStatus(models.TextChoices):
    SUBMITTED = "submitted", "Submitted: awaiting validation"
    VALIDATED = "validated", "Validated"
    REJECTED = "rejected", "Rejected"


class EvaluationKind(models.TextChoices):
    QUARTERLY = "quarterly", "Quarterly"
    ANNUAL = "annual", "Annual"


class EvaluationStatus(models.TextChoices):
    """Drafted by the customer, open to the provider's comment for
    QASP_EVALUATION_COMMENT_DAYS days, signed by the customer's evaluator."""

    DRAFT = "draft", "Draft"
    OPEN_FOR_COMMENT = "open_for_comment", "Open for the provider's comment"
    SIGNED = "signed", "Signed"


class Rating(models.IntegerChoices):
    """The five-point CPARS-style scale (FAR 42.1503 Table 42-1)."""

    EXCEPTIONAL = 5, "Exceptional"
    VERY_GOOD = 4, "Very good"
    SATISFACTORY = 3, "Satisfactory"
    MARGINAL = 2, "Marginal"
    UNSATISFACTORY = 1, "Unsatisfactory"
