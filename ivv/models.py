"""IV&V findings: the register the independent IV&V agent files and the program answers.

A finding is program-owned and read by every member (shared, for the access policy); who may
move it along its life cycle is the workflow's answer (``ivv.rules``), by party and role, not
the editing permission of the owning party."""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import reverse

from programs.choices import OwningParty
from programs.models import Attachable, Membership, Program
from programs.registers import RegisterHistory, RegisterItem

from .choices import (
    ANSWERING_PARTIES,
    FindingCategory,
    FindingResponse,
    FindingSource,
    FindingStatus,
    IntegrityLevel,
    OverdueKind,
    Severity,
)

#: The purpose of the files a proposed closure needs at least one of.
CLOSURE_EVIDENCE = "Closure evidence"


class Finding(RegisterItem, Attachable):
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="ivv_findings")
    status = models.CharField(
        max_length=24, choices=FindingStatus.choices, default=FindingStatus.OPEN
    )
    title = models.CharField(max_length=200)
    raised_on = models.DateField("date raised")
    source = models.CharField(max_length=16, choices=FindingSource.choices)
    category = models.CharField(max_length=32, choices=FindingCategory.choices)
    severity = models.PositiveSmallIntegerField(choices=Severity.choices)
    integrity_level = models.PositiveSmallIntegerField(choices=IntegrityLevel.choices)
    description = models.TextField()
    impact = models.TextField(blank=True)
    recommendation = models.TextField(blank=True)
    #: What the finding is about, in words ("Data conversion test plan, section 4").
    concerns = models.CharField("concerns", max_length=200, blank=True)
    #: And, optionally, the item of the portal it is about: a schedule task, a change
    #: request, a document version, a RACI row (``ivv.services.CONCERNABLE``).
    concerns_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    concerns_id = models.PositiveBigIntegerField(null=True, blank=True)
    concerns_object = GenericForeignKey("concerns_type", "concerns_id")
    answering_party = models.CharField(
        "party that answers", max_length=16, choices=ANSWERING_PARTIES
    )
    response_due = models.DateField(
        "response due", help_text="IVV_RESPONSE_DAYS business days after it was raised."
    )
    response = models.CharField(max_length=20, choices=FindingResponse.choices, blank=True)
    response_rationale = models.TextField("rationale", blank=True)
    corrective_action = models.TextField("corrective action plan", blank=True)
    action_owner = models.ForeignKey(
        Membership,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="ivv_actions",
        verbose_name="corrective action owner",
    )
    action_target = models.DateField("corrective action target date", null=True, blank=True)
    answered_on = models.DateField(null=True, blank=True)
    closed_on = models.DateField(null=True, blank=True)
    #: What the answering party says was done, when it proposes closure.
    closure_note = models.TextField("evidence of closure", blank=True)
    risk_rationale = models.TextField("risk acceptance rationale", blank=True)
    escalated_at = models.DateTimeField(null=True, blank=True)
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    register_key: ClassVar[str] = "ivv_finding"
    attachment_purposes: ClassVar[tuple[str, ...]] = (CLOSURE_EVIDENCE, "Supporting file")
    register_prefix: ClassVar[str] = "IVV"
    policy_owning_party: ClassVar[str | None] = OwningParty.SHARED

    class Meta:
        ordering = ["program", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "number"], name="ivv_finding_number_unique_per_program"
            ),
        ]
        indexes = [
            models.Index(fields=["program", "status"]),
            models.Index(fields=["program", "-number"]),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("ivv:finding", kwargs={"code": self.program.code, "number": self.number})

    def policy_may_attach(self, user: Any) -> bool | None:
        """The answering party's editors and the IV&V agent attach and remove files (closure
        evidence or supporting files; proposing closure needs one of closure evidence).
        Nobody changes the files of a closed finding or one whose risk is accepted."""
        from .rules import answers_for, is_ivv_agent

        if self.status in (FindingStatus.CLOSED, FindingStatus.ACCEPTED_RISK):
            return False
        return answers_for(user, self) or is_ivv_agent(user, self.program)


class FindingHistory(RegisterHistory):
    item = models.ForeignKey(Finding, on_delete=models.CASCADE, related_name="history")

    policy_program_field: ClassVar[str] = "item__program"
    policy_owning_party: ClassVar[str | None] = OwningParty.SHARED

    class Meta(RegisterHistory.Meta):
        verbose_name_plural = "finding history"

    @property
    def action_text(self) -> str:
        return self.action.replace("_", " ").capitalize()

    @property
    def from_label(self) -> str:
        return FindingStatus(self.from_status).label.lower()

    @property
    def to_label(self) -> str:
        return FindingStatus(self.to_status).label.lower()

    @property
    def response_label(self) -> str:
        """The answer it recorded, in words ("non-concur"), or ""."""
        response = (self.details or {}).get("response", "")
        return FindingResponse(response).label.lower() if response in FindingResponse.values else ""


class OverdueNotice(models.Model):
    """The email that a finding became overdue, sent once per finding and kind."""

    finding = models.ForeignKey(Finding, on_delete=models.CASCADE, related_name="overdue_notices")
    kind = models.CharField(max_length=16, choices=OverdueKind.choices)
    due = models.DateField(help_text="The date it was due when it became overdue.")
    recorded_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    policy_program_field: ClassVar[str] = "finding__program"
    policy_owning_party: ClassVar[str | None] = OwningParty.SHARED

    class Meta:
        ordering = ["recorded_at"]
        constraints = [
            models.UniqueConstraint(fields=["finding", "kind"], name="one_overdue_notice_per_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.finding.reference}: {self.get_kind_display().lower()}"
