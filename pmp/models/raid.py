"""The RAID log: the program's risks, actions, issues and decisions in one register.

Every item is owned by the customer, the provider or both (shared): the owning party's
editors change it (``programs.policy``), the other party, the IV&V agent and everyone else
of the program read it, and all but viewers comment on it. Each kind is numbered on its own
(R-12, A-40, I-7, D-3). The fields a kind does not use stay empty; the services say which
each kind needs. The probability-impact scheme a risk is scored on is the program's
``RiskScheme``."""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse

from programs.choices import OwningParty, Party
from programs.models import Attachable, Membership, Program
from programs.registers import RegisterHistory, RegisterItem

from .. import risk_matrix
from ..choices import (
    RAID_OWNERS,
    ActionSource,
    EscalationLevel,
    IssuePriority,
    LinkKind,
    RaidKind,
    RaidStatus,
    ResponseStrategy,
    RiskCategory,
)


class RiskScheme(models.Model):
    """A program's probability-impact scheme: the labels of each scale, the band of each of
    the 25 cells, and how often each risk is reviewed. Made with the defaults on first use."""

    program = models.OneToOneField(Program, on_delete=models.CASCADE, related_name="risk_scheme")
    probability_labels: models.JSONField[Any, Any] = models.JSONField(
        default=risk_matrix.default_probability_labels
    )
    impact_labels: models.JSONField[Any, Any] = models.JSONField(
        default=risk_matrix.default_impact_labels
    )
    bands: models.JSONField[Any, Any] = models.JSONField(default=risk_matrix.default_bands)
    review_interval_days = models.PositiveSmallIntegerField(
        "review interval (days)", default=risk_matrix.DEFAULT_REVIEW_INTERVAL_DAYS
    )
    updated_at = models.DateTimeField(auto_now=True)

    policy_program_field: ClassVar[str] = "program"
    policy_owning_party: ClassVar[str | None] = OwningParty.SHARED

    def __str__(self) -> str:
        return f"Risk scheme of {self.program.code}"

    def probability_label(self, value: int | None) -> str:
        return "" if value is None else f"{value}: {self.probability_labels[value - 1]}"

    def impact_label(self, value: int | None) -> str:
        return "" if value is None else f"{value}: {self.impact_labels[value - 1]}"

    def band(self, probability: int | None, impact: int | None) -> str:
        if probability is None or impact is None:
            return ""
        return risk_matrix.band_of(self.bands, probability, impact)


class RaidItem(RegisterItem, Attachable):
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="raid_items")
    kind = models.CharField(max_length=16, choices=RaidKind.choices)
    status = models.CharField(max_length=24, choices=RaidStatus.choices)
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    owner_party = models.CharField("owning party", max_length=16, choices=RAID_OWNERS)
    owner = models.ForeignKey(
        Membership,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="raid_items",
        verbose_name="owner",
    )
    raised_on = models.DateField("date raised")
    due_on = models.DateField("due", null=True, blank=True)
    closed_on = models.DateField(null=True, blank=True)
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    # Risk
    category = models.CharField(max_length=16, choices=RiskCategory.choices, blank=True)
    cause = models.TextField(blank=True)
    effect = models.TextField(blank=True)
    inherent_probability = models.PositiveSmallIntegerField(null=True, blank=True)
    inherent_impact = models.PositiveSmallIntegerField(null=True, blank=True)
    inherent_score = models.PositiveSmallIntegerField(null=True, blank=True, editable=False)
    residual_probability = models.PositiveSmallIntegerField(null=True, blank=True)
    residual_impact = models.PositiveSmallIntegerField(null=True, blank=True)
    residual_score = models.PositiveSmallIntegerField(null=True, blank=True, editable=False)
    response_strategy = models.CharField(
        max_length=16, choices=ResponseStrategy.choices, blank=True
    )
    trigger = models.TextField(blank=True)
    proximity_on = models.DateField("proximity", null=True, blank=True)
    last_reviewed_on = models.DateField(null=True, blank=True)
    next_review_on = models.DateField("next review", null=True, blank=True)
    on_status_report = models.BooleanField("show on status report", default=False)

    # Issue
    priority = models.CharField(max_length=16, choices=IssuePriority.choices, blank=True)
    impact = models.TextField(blank=True)
    resolution = models.TextField(blank=True)
    escalation_level = models.CharField(max_length=16, choices=EscalationLevel.choices, blank=True)
    from_risk = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="resulting_issues",
        help_text="The risk that occurred and became this issue.",
    )

    # Action
    done_on = models.DateField("done", null=True, blank=True)
    source = models.CharField(max_length=16, choices=ActionSource.choices, blank=True)
    meeting = models.ForeignKey(
        "pmp.Meeting",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="raid_items",
    )

    # Decision
    decision = models.TextField(blank=True)
    decided_on = models.DateField("date decided", null=True, blank=True)
    decided_by = models.CharField(
        "decided by",
        max_length=200,
        blank=True,
        help_text="The governance body or the person who decided.",
    )
    rationale = models.TextField(blank=True)
    alternatives = models.TextField("alternatives considered", blank=True)
    change_request = models.ForeignKey(
        "schedule.ChangeRequest",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="raid_decisions",
    )

    register_key: ClassVar[str] = "raid"
    register_prefix: ClassVar[str] = "RAID"
    attachment_purposes: ClassVar[tuple[str, ...]] = ()
    policy_owning_party_field: ClassVar[str] = "owner_party"

    class Meta:
        ordering = ["program", "kind", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "kind", "number"], name="raid_number_unique_per_program_kind"
            ),
            models.CheckConstraint(
                condition=Q(inherent_probability__isnull=True)
                | Q(inherent_probability__gte=1, inherent_probability__lte=5),
                name="raid_inherent_probability_1_to_5",
            ),
            models.CheckConstraint(
                condition=Q(inherent_impact__isnull=True)
                | Q(inherent_impact__gte=1, inherent_impact__lte=5),
                name="raid_inherent_impact_1_to_5",
            ),
            models.CheckConstraint(
                condition=Q(residual_probability__isnull=True)
                | Q(residual_probability__gte=1, residual_probability__lte=5),
                name="raid_residual_probability_1_to_5",
            ),
            models.CheckConstraint(
                condition=Q(residual_impact__isnull=True)
                | Q(residual_impact__gte=1, residual_impact__lte=5),
                name="raid_residual_impact_1_to_5",
            ),
        ]
        indexes = [
            models.Index(fields=["program", "kind", "status"]),
            models.Index(fields=["program", "-created_at"]),
            models.Index(fields=["program", "kind", "inherent_probability", "inherent_impact"]),
            models.Index(fields=["program", "kind", "residual_probability", "residual_impact"]),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("pmp:raid:item", kwargs={"code": self.program.code, "ref": self.reference})

    @property
    def reference(self) -> str:
        return f"{RaidKind(self.kind).prefix}-{self.number}"

    @property
    def kind_label(self) -> str:
        return RaidKind(self.kind).label

    @property
    def is_risk(self) -> bool:
        return self.kind == RaidKind.RISK

    @property
    def owner_party_label(self) -> str:
        """Customer, Provider or Shared: the owning party without its M3 code."""
        return str(self.owner_party).capitalize()


class RaidHistory(RegisterHistory):
    item = models.ForeignKey(RaidItem, on_delete=models.CASCADE, related_name="history")

    policy_program_field: ClassVar[str] = "item__program"
    policy_owning_party_field: ClassVar[str] = "item__owner_party"

    class Meta(RegisterHistory.Meta):
        verbose_name_plural = "RAID history"

    @property
    def action_text(self) -> str:
        return self.action.replace("_", " ").capitalize()

    @property
    def from_label(self) -> str:
        return RaidStatus(self.from_status).label.lower()

    @property
    def to_label(self) -> str:
        return RaidStatus(self.to_status).label.lower()


class RiskScore(models.Model):
    """A risk's scores as they stood from ``at``: one row each time they change (for the
    score history and the program's exposure trend)."""

    item = models.ForeignKey(RaidItem, on_delete=models.CASCADE, related_name="scores")
    at = models.DateTimeField()
    inherent_probability = models.PositiveSmallIntegerField()
    inherent_impact = models.PositiveSmallIntegerField()
    inherent_score = models.PositiveSmallIntegerField()
    residual_probability = models.PositiveSmallIntegerField(null=True, blank=True)
    residual_impact = models.PositiveSmallIntegerField(null=True, blank=True)
    residual_score = models.PositiveSmallIntegerField(null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    policy_program_field: ClassVar[str] = "item__program"
    policy_owning_party_field: ClassVar[str] = "item__owner_party"

    class Meta:
        ordering = ["item", "at", "pk"]
        indexes = [models.Index(fields=["item", "at"])]

    def __str__(self) -> str:
        return f"{self.item_id} at {self.at:%Y-%m-%d}: {self.inherent_score}/{self.residual_score}"


class RaidLink(models.Model):
    """A RAID item's link to a schedule task, a change request, an IV&V finding or another
    RAID item of the same program (a risk's response actions are links to actions)."""

    item = models.ForeignKey(RaidItem, on_delete=models.CASCADE, related_name="links")
    kind = models.CharField(max_length=16, choices=LinkKind.choices)
    task = models.ForeignKey(
        "schedule.Task", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    change_request = models.ForeignKey(
        "schedule.ChangeRequest",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    finding = models.ForeignKey(
        "ivv.Finding", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    raid_item = models.ForeignKey(
        RaidItem, null=True, blank=True, on_delete=models.CASCADE, related_name="linked_from"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    policy_program_field: ClassVar[str] = "item__program"
    policy_owning_party_field: ClassVar[str] = "item__owner_party"

    class Meta:
        ordering = ["item", "kind", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(kind=LinkKind.TASK, task__isnull=False)
                    | Q(kind=LinkKind.CHANGE_REQUEST, change_request__isnull=False)
                    | Q(kind=LinkKind.FINDING, finding__isnull=False)
                    | Q(kind=LinkKind.RAID_ITEM, raid_item__isnull=False)
                ),
                name="raid_link_target_matches_kind",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item_id} -> {self.target}"

    @property
    def target(self) -> Any:
        return {
            LinkKind.TASK: self.task,
            LinkKind.CHANGE_REQUEST: self.change_request,
            LinkKind.FINDING: self.finding,
            LinkKind.RAID_ITEM: self.raid_item,
        }[LinkKind(self.kind)]


class RaidComment(models.Model):
    """A comment on a RAID item: members of either party but viewers, and the IV&V agent,
    comment on every item of the program, whoever owns it."""

    item = models.ForeignKey(RaidItem, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    author_name = models.CharField(max_length=150)
    author_party = models.CharField(max_length=16, choices=Party.choices, blank=True)
    text = models.TextField()
    at = models.DateTimeField()

    policy_program_field: ClassVar[str] = "item__program"
    policy_owning_party_field: ClassVar[str] = "item__owner_party"

    class Meta:
        ordering = ["item", "at", "pk"]

    def __str__(self) -> str:
        return f"Comment by {self.author_name} on {self.item_id}"
