"""Organisations, programs and memberships: who takes part in a program, for which party,
in which role."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse

from ..choices import (
    M3Phase,
    OrganisationKind,
    OwningParty,
    Party,
    ProgramStatus,
    Role,
)
from ..concurrency import Revisioned

if TYPE_CHECKING:
    pass


def person_name(user: Any) -> str:
    """How the portal names a person: their full name, else their username."""
    return str(user.get_full_name() or user.get_username())


class Organisation(models.Model):
    name = models.CharField(max_length=200, unique=True)
    acronym = models.CharField(max_length=20, unique=True)
    kind = models.CharField(max_length=32, choices=OrganisationKind.choices)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.acronym})"


class Program(models.Model):
    name = models.CharField(max_length=200)
    code = models.SlugField(
        max_length=40, unique=True, help_text="Short identifier used in URLs and exports."
    )
    customer = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="programs_as_customer"
    )
    provider = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="programs_as_provider"
    )
    phase = models.IntegerField("M3 phase", choices=M3Phase.choices, default=M3Phase.ENGAGEMENT)
    status = models.CharField(
        max_length=16, choices=ProgramStatus.choices, default=ProgramStatus.ACTIVE
    )
    start_date = models.DateField()
    planned_end_date = models.DateField()
    status_date = models.DateField(help_text="The date progress is reported as of.")
    description = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # Moves on with every audited write of the program (``AuditEvent.objects``), so what is
    # read from the program's figures can be kept until the program changes.
    revision = models.PositiveBigIntegerField(default=0, editable=False)

    policy_program_field: ClassVar[str] = "pk"
    policy_owning_party: ClassVar[str | None] = OwningParty.SHARED

    class Meta:
        ordering = ["name"]
        permissions = [
            ("change_customer_artifacts", "Change customer-owned and shared artifacts"),
            ("change_provider_artifacts", "Change provider-owned and shared artifacts"),
            ("sign_customer_artifacts", "Sign for the customer"),
            ("sign_provider_artifacts", "Sign for the provider"),
            ("manage_customer_members", "Manage customer (and independent) members"),
            ("manage_provider_members", "Manage provider members"),
            ("change_independent_artifacts", "Change independent-owned (IV&V) artifacts"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(planned_end_date__gte=models.F("start_date")),
                name="program_end_after_start",
                violation_error_message="The planned end date must not be before the start date.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code}: {self.name}"

    def get_absolute_url(self) -> str:
        return reverse("programs:program-detail", kwargs={"code": self.code})


class Membership(Revisioned):
    """A person's part in a program. Its revision counts the changes of role and signatory
    flag, so that two managers changing one member at once do not overwrite each other."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    party = models.CharField(max_length=16, choices=Party.choices)
    role = models.CharField(max_length=32, choices=Role.choices)
    is_signatory = models.BooleanField(
        "signatory", default=False, help_text="Signs artifacts for their party."
    )
    # Who granted the signatory flag and when: signing authority is always traceable to a
    # sponsor or a portal administrator.
    signatory_granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    signatory_granted_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    policy_program_field: ClassVar[str] = "program"
    # Members are "owned" by their party: only that party's managers change them.
    policy_owning_party_field: ClassVar[str] = "party"

    class Meta:
        ordering = ["party", "role", "user__last_name", "user__username"]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "user"],
                name="one_membership_per_user_and_program",
                violation_error_message="This person is already a member of the program.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.display_name} ({self.get_party_display()}, {self.get_role_display()})"

    @property
    def display_name(self) -> str:
        return person_name(self.user)

    @property
    def signatory_grantor_name(self) -> str:
        """Who granted the signatory flag, as people read it."""
        grantor = self.signatory_granted_by
        return person_name(grantor) if grantor is not None else "a removed account"
