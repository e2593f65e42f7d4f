"""Review comments on versions of a document .

A comment is made on a version in review, numbered per document (C-001, ...), anchored to a
part of the document's kind, dispositioned by the document's owning party and answered by the
reviewer's concurrence. The rules are in ``programs.reviews``, the writes in
``programs.services.reviews``.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models

from ..choices import CommentType, Concurrence, Disposition, Party
from ..reviews import label


class ReviewComment(models.Model):
    document = models.ForeignKey(
        "programs.Document", on_delete=models.CASCADE, related_name="review_comments"
    )
    version = models.ForeignKey(
        "programs.DocumentVersion", on_delete=models.CASCADE, related_name="review_comments"
    )
    #: Per document: C-001, C-002, ... so a resolution matrix and the next version refer to it.
    number = models.PositiveIntegerField()
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    author_name = models.CharField(max_length=150, help_text="Kept if the user is removed.")
    author_party = models.CharField(max_length=16, choices=Party.choices)
    #: A part of the kind: ``sections.<key>``, ``fields.<key>``, ``tables.<key>``, ...
    anchor = models.CharField(max_length=80)
    quote = models.TextField(blank=True)
    type = models.CharField(max_length=16, choices=CommentType.choices)
    text = models.TextField("comment")
    proposed_change = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    disposition = models.CharField(max_length=32, choices=Disposition.choices, blank=True)
    #: The rationale of a rejection, what was changed instead, or a note.
    disposition_text = models.TextField(blank=True)
    deferred_to = models.PositiveIntegerField(null=True, blank=True)
    dispositioned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    dispositioned_at = models.DateTimeField(null=True, blank=True)

    concurrence = models.CharField(max_length=16, choices=Concurrence.choices, blank=True)
    concurrence_reason = models.TextField(blank=True)
    concurred_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    concurred_at = models.DateTimeField(null=True, blank=True)

    policy_program_field: ClassVar[str] = "document__program"
    policy_owning_party_field: ClassVar[str] = "document__owning_party"

    class Meta:
        ordering = ["document", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["document", "number"], name="one_comment_number_per_document"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.label} on {self.document.title} v{self.version.number}"

    @property
    def label(self) -> str:
        return label(self.number)

    @property
    def is_dispositioned(self) -> bool:
        return bool(self.disposition)

    @property
    def non_concurs(self) -> bool:
        return self.concurrence == Concurrence.NON_CONCUR
