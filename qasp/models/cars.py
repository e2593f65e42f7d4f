"""Corrective action requests (CARs): the customer's formal request that the provider
correct a performance standard it failed, with the surveillance records behind it; the
provider's answer (root cause, corrective action, target date); the customer's evaluation;
closure by a later acceptable record of the same standard.

A CAR is a register item (``programs.registers``): numbered per program (CAR-001), moved
along its life cycle by ``qasp.services.cars`` with a history row per transition. The
customer owns it; the provider reads it and answers through the workflow's rules."""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.urls import reverse

from programs.choices import OwningParty
from programs.models import Attachable, Program
from programs.registers import RegisterHistory, RegisterItem

from ..choices import CarOverdueKind, CarStatus
from .surveillance import SurveillanceRecord


def escalation_label(key: str) -> str:
    """The label of an escalation level (QASP_ESCALATION_LEVELS), or the key if unknown."""
    return dict(settings.QASP_ESCALATION_LEVELS).get(key, key)


class CorrectiveActionRequest(RegisterItem, Attachable):
    program = models.ForeignKey(
        Program, on_delete=models.CASCADE, related_name="corrective_action_requests"
    )
    status = models.CharField(max_length=24, choices=CarStatus.choices, default=CarStatus.ISSUED)
    standard_code = models.CharField("standard", max_length=20)
    standard_text = models.TextField("performance standard")
    records = models.ManyToManyField(
        SurveillanceRecord,
        related_name="corrective_action_requests",
        help_text="The unacceptable surveillance records the request is about.",
    )
    escalation_level = models.CharField(
        max_length=32, help_text="A key of QASP_ESCALATION_LEVELS (discussion, car, ...)."
    )
    issued_on = models.DateField("date issued")
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    description = models.TextField(help_text="What was found and what is asked.")
    response_due = models.DateField(
        "response due", help_text="The provider's answer is due by this date."
    )
    root_cause = models.TextField("root cause", blank=True)
    corrective_action = models.TextField("corrective action", blank=True)
    target_date = models.DateField("corrective action target date", null=True, blank=True)
    answered_on = models.DateField("date answered", null=True, blank=True)
    evaluation_due = models.DateField(
        "evaluation due",
        null=True,
        blank=True,
        help_text="The customer's evaluation of the answer is due by this date.",
    )
    evaluated_on = models.DateField("date evaluated", null=True, blank=True)
    verifying_record = models.ForeignKey(
        SurveillanceRecord,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="verified_cars",
        help_text="The later acceptable record of the standard that closed the request.",
    )
    closed_on = models.DateField("date closed", null=True, blank=True)

    register_key: ClassVar[str] = "qasp_car"
    register_prefix: ClassVar[str] = "CAR"
    attachment_purposes: ClassVar[tuple[str, ...]] = (
        "Supporting file",
        "Corrective action evidence",
    )
    policy_owning_party: ClassVar[str | None] = OwningParty.CUSTOMER

    class Meta:
        ordering = ["program", "-number"]
        verbose_name = "corrective action request"
        constraints = [
            models.UniqueConstraint(
                fields=["program", "number"], name="qasp_car_number_unique_per_program"
            ),
        ]
        indexes = [
            models.Index(fields=["program", "status"]),
            models.Index(fields=["program", "standard_code"]),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.standard_code}"

    def get_absolute_url(self) -> str:
        return reverse("qasp:cars:car", kwargs={"code": self.program.code, "number": self.number})

    @property
    def escalation_text(self) -> str:
        return escalation_label(self.escalation_level)

    @property
    def is_open(self) -> bool:
        return self.status not in (CarStatus.CLOSED, CarStatus.WITHDRAWN)

    def policy_may_attach(self, user: Any) -> bool | None:
        """The provider's answerers attach corrective action evidence while the request
        waits on them; the customer's editors attach as owners (the policy's default)."""
        from ..rules import is_provider_commenter

        if not self.is_open:
            return False
        waiting = self.status in (CarStatus.ISSUED, CarStatus.RETURNED, CarStatus.ACCEPTED)
        return True if waiting and is_provider_commenter(user, self.program) else None


class CarHistory(RegisterHistory):
    item = models.ForeignKey(
        CorrectiveActionRequest, on_delete=models.CASCADE, related_name="history"
    )

    policy_program_field: ClassVar[str] = "item__program"
    policy_owning_party: ClassVar[str | None] = OwningParty.CUSTOMER

    class Meta(RegisterHistory.Meta):
        verbose_name_plural = "corrective action request history"

    @property
    def action_text(self) -> str:
        return self.action.replace("_", " ").capitalize()

    @property
    def to_label(self) -> str:
        return CarStatus(self.to_status).label


class CarOverdueNotice(models.Model):
    """The email that a CAR became overdue on a step, sent once per request, step and due
    date (a returned request owes a new answer by a new date)."""

    car = models.ForeignKey(
        CorrectiveActionRequest, on_delete=models.CASCADE, related_name="overdue_notices"
    )
    kind = models.CharField(max_length=16, choices=CarOverdueKind.choices)
    due = models.DateField(help_text="The date it was due when it became overdue.")
    recorded_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    policy_program_field: ClassVar[str] = "car__program"
    policy_owning_party: ClassVar[str | None] = OwningParty.CUSTOMER

    class Meta:
        ordering = ["recorded_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["car", "kind", "due"], name="qasp_one_car_overdue_notice_per_step"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.car.reference}: {self.get_kind_display().lower()}"
