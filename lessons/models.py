"""The lessons learned register of a program, and each party's self-assessment against the
eight lessons of Play 3.1.

A lesson is shared: every member of the program reads it, the editors of either party record
and edit it. It is "validated by both parties" once a reviewer (a Program Manager or PMO
Lead) of the customer and one of the provider have validated its current wording; a new
wording needs new validations, as glossary terms do."""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.urls import reverse

from ivv.models import Finding
from pmp.models import RaidItem
from programs.choices import JOINT_OWNER_CHOICES, M3Phase, OwningParty, Party
from programs.models import Attachable, Program
from programs.registers import RegisterHistory, RegisterItem
from schedule.models import ChangeRequest

from .choices import Category, LessonImpact, LessonStatus, PlayLessonRating, Workstream

#: The fields whose wording the parties validate: changing one needs new validations.
WORDING_FIELDS = ("title", "what_happened", "impact", "root_cause", "recommendation")


class Lesson(RegisterItem, Attachable):
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="lessons")
    status = models.CharField(
        max_length=24, choices=LessonStatus.choices, default=LessonStatus.PROPOSED
    )
    title = models.CharField(max_length=200)
    recorded_on = models.DateField("date recorded")
    what_happened = models.TextField("what happened")
    impact_kind = models.CharField("impact was", max_length=16, choices=LessonImpact.choices)
    impact = models.TextField(blank=True)
    root_cause = models.TextField("root cause", blank=True)
    recommendation = models.TextField()
    category = models.CharField(max_length=24, choices=Category.choices)
    phase = models.PositiveSmallIntegerField("M3 phase", choices=M3Phase.choices)
    workstream = models.CharField(max_length=24, choices=Workstream.choices)
    owner_party = models.CharField("owner", max_length=16, choices=JOINT_OWNER_CHOICES)
    #: What the lesson came from, at most one of these.
    raid_item = models.ForeignKey(
        RaidItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    change_request = models.ForeignKey(
        ChangeRequest, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    finding = models.ForeignKey(
        Finding, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    where_applied = models.TextField("where it was applied", blank=True)
    applied_on = models.DateField("applied on", null=True, blank=True)
    #: Goes up by one each time the wording changes; validations count for one wording
    #: revision. Not the record's ``revision`` (``RegisterItem``), which moves on with every
    #: edit and every step (a validation too), so that an edit form opened before any of
    #: them is refused: a new category or owner changes the record but not what was validated.
    wording_revision = models.PositiveIntegerField(
        "wording revision",
        default=1,
        help_text="Moved on by each new wording; validations count for the wording they read.",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    register_key: ClassVar[str] = "lesson"
    register_prefix: ClassVar[str] = "LL"
    policy_owning_party: ClassVar[str | None] = OwningParty.SHARED

    class Meta:
        ordering = ["program", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "number"], name="lesson_number_unique_per_program"
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(raid_item__isnull=True, change_request__isnull=True)
                    | models.Q(raid_item__isnull=True, finding__isnull=True)
                    | models.Q(change_request__isnull=True, finding__isnull=True)
                ),
                name="lesson_from_at_most_one_source",
            ),
        ]
        indexes = [
            models.Index(fields=["program", "status"]),
            models.Index(fields=["program", "-number"]),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("lessons:lesson", kwargs={"code": self.program.code, "number": self.number})

    @property
    def source(self) -> Any:
        """The RAID item, change request or finding it came from, or None."""
        return self.raid_item or self.change_request or self.finding

    @property
    def owner_text(self) -> str:
        """Who owns acting on it, as a sentence says it: "the provider", "both parties"."""
        return {"customer": "the customer", "provider": "the provider"}.get(
            self.owner_party, "both parties"
        )

    @property
    def source_label(self) -> str:
        if self.raid_item_id:
            return "RAID item"
        if self.change_request_id:
            return "Change request"
        if self.finding_id:
            return "IV&V finding"
        return ""


class LessonHistory(RegisterHistory):
    item = models.ForeignKey(Lesson, on_delete=models.CASCADE, related_name="history")

    policy_program_field: ClassVar[str] = "item__program"
    policy_owning_party: ClassVar[str | None] = OwningParty.SHARED

    class Meta(RegisterHistory.Meta):
        verbose_name_plural = "lesson history"

    @property
    def action_text(self) -> str:
        return {
            "validate": "Validated by one party",
            "agree": "Validated by both parties",
            "apply": "Applied",
            "reword": "Reworded",
        }.get(self.action, self.action.replace("_", " ").capitalize())

    @property
    def from_label(self) -> str:
        return LessonStatus(self.from_status).label.lower()

    @property
    def to_label(self) -> str:
        return LessonStatus(self.to_status).label.lower()


class LessonValidation(models.Model):
    """A reviewer of one party validated one wording of a lesson: ``revision`` is the
    lesson's ``wording_revision`` they read."""

    lesson = models.ForeignKey(Lesson, on_delete=models.CASCADE, related_name="validations")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    user_name = models.CharField(max_length=150)
    party = models.CharField(max_length=16, choices=Party.choices)
    revision = models.PositiveIntegerField()
    at = models.DateTimeField()

    policy_program_field: ClassVar[str] = "lesson__program"
    policy_owning_party: ClassVar[str | None] = OwningParty.SHARED

    class Meta:
        ordering = ["at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["lesson", "user", "revision"], name="one_validation_per_user_revision"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user_name} ({self.party}) validated revision {self.revision}"


class LessonComment(models.Model):
    """A comment on a lesson: members of either party but viewers, and the IV&V agent."""

    lesson = models.ForeignKey(Lesson, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    author_name = models.CharField(max_length=150)
    author_party = models.CharField(max_length=16, choices=Party.choices, blank=True)
    text = models.TextField()
    at = models.DateTimeField()

    policy_program_field: ClassVar[str] = "lesson__program"
    policy_owning_party: ClassVar[str | None] = OwningParty.SHARED

    class Meta:
        ordering = ["lesson", "at", "pk"]

    def __str__(self) -> str:
        return f"Comment by {self.author_name} on lesson {self.lesson_id}"


class PlayLessonAssessment(models.Model):
    """One party's self-assessment of how far the program follows one of the eight Play 3.1
    lessons (``lessons.play``): owned by that party, changed by its editors."""

    program = models.ForeignKey(
        Program, on_delete=models.CASCADE, related_name="play_lesson_assessments"
    )
    lesson = models.PositiveSmallIntegerField(help_text="The Play 3.1 lesson, 1 to 8.")
    party = models.CharField(
        max_length=16,
        choices=[
            (Party.CUSTOMER.value, Party.CUSTOMER.label),
            (Party.PROVIDER.value, Party.PROVIDER.label),
        ],
    )
    rating = models.CharField(max_length=16, choices=PlayLessonRating.choices)
    note = models.TextField(blank=True)
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    assessed_by_name = models.CharField(max_length=150)
    assessed_at = models.DateTimeField()

    policy_program_field: ClassVar[str] = "program"
    policy_owning_party_field: ClassVar[str] = "party"

    class Meta:
        ordering = ["program", "lesson", "party"]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "lesson", "party"], name="one_assessment_per_lesson_party"
            ),
        ]

    def __str__(self) -> str:
        return f"Lesson {self.lesson}, {self.party}: {self.rating}"
