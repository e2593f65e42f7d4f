"""Background jobs with progress, and the keys that make a create happen once."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from ..choices import (
    JobStatus,
    OwningParty,
)

if TYPE_CHECKING:
    pass
from .core import Program


class Job(models.Model):
    """Work a person waits for, done by a Celery worker: queued, running with a step and
    counts, then done with a result or failed with the reason. A page polls it; its ``key``
    names the work once, so the same work asked twice is one job and a redelivered task
    does not do it again."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="jobs")
    kind = models.CharField(max_length=40, help_text="What the job does, e.g. schedule_import.")
    key = models.CharField(max_length=200, unique=True)
    title = models.CharField(max_length=200, help_text="What the job does, in words.")
    status = models.CharField(max_length=16, choices=JobStatus.choices, default=JobStatus.QUEUED)
    step = models.CharField(max_length=200, blank=True, help_text="What it is doing now.")
    done_count = models.PositiveIntegerField(default=0)
    total_count = models.PositiveIntegerField(default=0)
    steps: models.JSONField[Any, Any] = models.JSONField(
        default=list, help_text="Every step taken, as [time, step]."
    )
    params: models.JSONField[Any, Any] = models.JSONField(
        default=dict, help_text="What the job works on (a stored file, options)."
    )
    result: models.JSONField[Any, Any] = models.JSONField(default=dict, blank=True)
    error_code = models.CharField(max_length=40, blank=True)
    error_message = models.TextField(blank=True)
    error_problems: models.JSONField[Any, Any] = models.JSONField(
        default=list, blank=True, help_text="Each located problem: {location, message}."
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    policy_program_field: ClassVar[str] = "program"
    policy_owning_party: ClassVar[str | None] = OwningParty.SHARED

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["program", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.title} ({self.get_status_display().lower()})"

    def get_absolute_url(self) -> str:
        return reverse("programs:job", kwargs={"code": self.program.code, "pk": self.pk})

    @property
    def finished(self) -> bool:
        return self.status in (JobStatus.DONE, JobStatus.FAILED)


class IdempotencyKey(models.Model):
    """A create a person asked for once. The same key sent again by them for the same
    ``scope`` within IDEMPOTENCY_KEY_TTL_HOURS replays the first answer instead of creating a
    second object: a double click, a retried request. The web remembers where it redirected
    to; the API the status and JSON body it answered."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="idempotency_keys"
    )
    key = models.CharField(max_length=64)
    scope = models.CharField(
        max_length=60, help_text="What was created, e.g. change_request:create."
    )
    payload_sha256 = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    redirect_url = models.CharField(max_length=500, blank=True)
    response_status = models.PositiveSmallIntegerField(null=True, blank=True)
    response_body: models.JSONField[Any, Any] = models.JSONField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "scope", "key"], name="one_idempotency_key_per_user_and_scope"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.scope} {self.key} of {self.user}"
