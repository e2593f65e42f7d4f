"""Sessions that subject-matter experts are invited to (Fit-Gap, design workshops, testing,
training), and who attended: the record their MOU's commitment is measured against
(Play 3.1, lesson 7). Shared: editors of both parties record sessions."""

from __future__ import annotations

from typing import ClassVar

from django.db import models

from programs.choices import OwningParty
from programs.limits import MAX_TITLE_LENGTH
from programs.models import Membership, Program


class SessionKind(models.TextChoices):
    """What a session is for; an MOU commits an SME to a number of each per month."""

    FIT_GAP = "fit_gap", "Fit-Gap"
    DESIGN_WORKSHOP = "design_workshop", "Design workshop"
    TESTING = "testing", "Testing"
    TRAINING = "training", "Training"
    OTHER = "other", "Other"


class Session(models.Model):
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="sme_sessions")
    date = models.DateField()
    kind = models.CharField(max_length=20, choices=SessionKind.choices)
    topic = models.CharField("topic or area", max_length=MAX_TITLE_LENGTH)
    notes = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    policy_program_field: ClassVar[str] = "program"
    policy_owning_party: ClassVar[str | None] = OwningParty.SHARED

    class Meta:
        ordering = ["program", "-date", "-pk"]
        indexes = [models.Index(fields=["program", "date"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} session on {self.date:%Y-%m-%d}: {self.topic}"


class SessionAttendance(models.Model):
    """An SME invited to a session, and whether they attended."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="attendances")
    membership = models.ForeignKey(
        Membership, on_delete=models.CASCADE, related_name="session_attendances"
    )
    attended = models.BooleanField(default=False)

    policy_program_field: ClassVar[str] = "session__program"
    policy_owning_party: ClassVar[str | None] = OwningParty.SHARED

    class Meta:
        ordering = ["session", "membership__user__last_name", "membership__user__username"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "membership"],
                name="one_invitation_per_member_and_session",
                violation_error_message="This member is already invited to the session.",
            ),
        ]

    def __str__(self) -> str:
        state = "attended" if self.attended else "did not attend"
        return f"{self.membership.display_name} {state} {self.session}"
