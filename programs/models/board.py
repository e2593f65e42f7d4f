"""The Play 3.1 board, the provider's onboarding checklist and the shared glossary."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models.functions import Lower

from ..choices import (
    JOINT_OWNER_CHOICES,
    ActivityStatus,
    OwningParty,
    Party,
)
from ..concurrency import Revisioned

if TYPE_CHECKING:
    pass
from .attachments import Attachable
from .core import Membership, Program


class PlayActivity(models.Model):
    """One of the nine activities of Play 3.1 on a program's board."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="activities")
    key = models.CharField(max_length=40)
    number = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=200)
    artifact = models.CharField("artifact it produces", max_length=200)
    owning_party = models.CharField(max_length=16, choices=JOINT_OWNER_CHOICES)
    status = models.CharField(
        max_length=16, choices=ActivityStatus.choices, default=ActivityStatus.NOT_STARTED
    )
    due_date = models.DateField(null=True, blank=True)
    assignee = models.ForeignKey(
        Membership, null=True, blank=True, on_delete=models.SET_NULL, related_name="activities"
    )
    evidence_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.SET_NULL)
    evidence_id = models.PositiveBigIntegerField(null=True, blank=True)
    evidence = GenericForeignKey("evidence_type", "evidence_id")
    #: Why the status is what it is when a person set it: what blocks the activity, or why
    #: it overrides the status its artifact gives.
    status_reason = models.TextField(blank=True)
    #: Who overrode the status its artifact gives, and when (None: the status is derived).
    overridden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    overridden_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    policy_program_field: ClassVar[str] = "program"
    policy_owning_party_field: ClassVar[str] = "owning_party"

    class Meta:
        ordering = ["program", "number"]
        verbose_name_plural = "play activities"
        constraints = [
            models.UniqueConstraint(fields=["program", "key"], name="one_activity_per_key"),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"

    @property
    def is_overridden(self) -> bool:
        """A person set a status other than the one its artifact gives."""
        return self.overridden_at is not None


class OnboardingItem(Attachable, Revisioned):
    """An item of the provider PMO's onboarding checklist (activity 1, provider-owned). Its
    evidence (a signed access form, a completion certificate) may be attached to it."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="onboarding_items")
    title = models.CharField(max_length=200)
    owner = models.ForeignKey(
        Membership, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    due_date = models.DateField(null=True, blank=True)
    done_date = models.DateField(null=True, blank=True)
    notes = models.TextField(blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    policy_program_field: ClassVar[str] = "program"
    policy_owning_party: ClassVar[str | None] = OwningParty.PROVIDER

    class Meta:
        ordering = ["program", "position", "pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_done(self) -> bool:
        return self.done_date is not None


class GlossaryTerm(Revisioned):
    """A term of the shared glossary (lesson 6). Agreed once a reviewer of each party has
    accepted its current wording; a new wording starts a new revision and needs new acceptances.
    The wording (term and definition) is all an edit changes, so the one revision counts both
    the wordings the parties accept and the edits a stale form must not overwrite.
    """

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="glossary_terms")
    term = models.CharField(max_length=120)
    definition = models.TextField()
    updated_at = models.DateTimeField(auto_now=True)

    policy_program_field: ClassVar[str] = "program"
    policy_owning_party: ClassVar[str | None] = OwningParty.SHARED

    class Meta:
        ordering = ["program", "term"]
        constraints = [
            models.UniqueConstraint(
                Lower("term"),
                "program",
                name="glossary_term_unique_per_program",
                violation_error_message="The glossary already has this term.",
            ),
        ]

    def __str__(self) -> str:
        return self.term


class GlossaryAcceptance(models.Model):
    term = models.ForeignKey(GlossaryTerm, on_delete=models.CASCADE, related_name="acceptances")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    party = models.CharField(max_length=16, choices=Party.choices)
    revision = models.PositiveIntegerField()
    accepted_at = models.DateTimeField(auto_now_add=True)

    policy_program_field: ClassVar[str] = "term__program"
    policy_owning_party: ClassVar[str | None] = OwningParty.SHARED

    class Meta:
        ordering = ["accepted_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["term", "user", "revision"], name="one_acceptance_per_revision"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.term} r{self.revision} accepted by {self.user}"
