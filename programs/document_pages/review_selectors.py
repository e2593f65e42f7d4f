"""What the review comments panel of a version page shows: the comments made on the
version (filtered by status, type and party), each with what the user may do with it, the
comments this version addresses, and what blocks its approval."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import User

from programs import reviews as rules
from programs.choices import CommentType, Concurrence, Disposition, Party
from programs.errors import DomainError
from programs.models import DocumentVersion, ReviewComment
from programs.services import reviews as services

#: The status filter: its value, what it shows.
STATUSES = (
    ("open", "Without disposition"),
    ("dispositioned", "Dispositioned"),
    ("non_concur", "Non-concurred"),
)


@dataclass(frozen=True)
class RowRefusal:
    """A refused disposition or concurrence of one comment, shown in its row: the form open
    with what was sent, and the message beside the field it names."""

    form: str  # "disposition" or "concurrence"
    number: int
    field: str
    message: str
    values: dict[str, Any]


@dataclass
class CommentRow:
    comment: ReviewComment
    anchor_title: str
    can_disposition: bool
    can_concur: bool
    disposition_refusal: RowRefusal | None = None
    concurrence_refusal: RowRefusal | None = None

    @property
    def disposition_values(self) -> dict[str, Any]:
        """What the disposition form shows: what was sent if refused, else what is saved."""
        if self.disposition_refusal is not None:
            return self.disposition_refusal.values
        c = self.comment
        return {
            "disposition": c.disposition,
            "text": c.disposition_text,
            "deferred_to": c.deferred_to,
        }

    @property
    def concurrence_values(self) -> dict[str, Any]:
        if self.concurrence_refusal is not None:
            return self.concurrence_refusal.values
        c = self.comment
        return {"concurrence": c.concurrence, "reason": c.concurrence_reason}


@dataclass
class CommentsPanel:
    rows: list[CommentRow]
    total: int
    filters: dict[str, str]
    statuses: tuple[tuple[str, str], ...] = STATUSES
    types: tuple[tuple[str, str], ...] = tuple(CommentType.choices)
    parties: tuple[tuple[str, str], ...] = tuple(Party.choices)
    dispositions: tuple[tuple[str, str], ...] = tuple(Disposition.choices)
    comment_refusal: DomainError | None = None
    blockers: list[str] = field(default_factory=list)
    addressed: list[tuple[ReviewComment, str]] = field(default_factory=list)
    can_import: bool = False

    @property
    def comments(self) -> list[ReviewComment]:
        return [r.comment for r in self.rows]

    def show_refusal(self, refusal: RowRefusal) -> None:
        """Show ``refusal`` in its comment's row (listed whatever the filter)."""
        for row in self.rows:
            if row.comment.number == refusal.number:
                setattr(row, f"{refusal.form}_refusal", refusal)


def _filtered(comments: list[ReviewComment], filters: dict[str, str]) -> list[ReviewComment]:
    status, type_, party = filters["status"], filters["type"], filters["party"]
    if status == "open":
        comments = [c for c in comments if not c.disposition]
    elif status == "dispositioned":
        comments = [c for c in comments if c.disposition]
    elif status == "non_concur":
        comments = [c for c in comments if c.concurrence == Concurrence.NON_CONCUR]
    if type_ in CommentType.values:
        comments = [c for c in comments if c.type == type_]
    if party in Party.values:
        comments = [c for c in comments if c.author_party == party]
    return comments


def comments_panel(
    *, user: User, version: DocumentVersion, query: dict[str, Any] | None = None
) -> CommentsPanel:
    query = query or {}
    filters = {k: str(query.get(k, "")) for k in ("status", "type", "party")}
    titles = {a.key: a.title for a in rules.anchors(version.document.definition)}
    comments = list(
        ReviewComment.objects.filter(version=version)
        .select_related("version", "document__program")
        .order_by("number")
    )
    refusal = services.comment_refusal(user, version)
    rows = [
        CommentRow(
            comment=c,
            anchor_title=titles.get(c.anchor, c.anchor),
            can_disposition=services.disposition_refusal(user, c) is None,
            can_concur=services.concurrence_refusal(user, c) is None,
        )
        for c in _filtered(comments, filters)
    ]
    addressed = [
        (c, titles.get(c.anchor, c.anchor))
        for c in services.comments_addressed_by(version).select_related("version")
    ]
    return CommentsPanel(
        rows=rows,
        total=len(comments),
        filters=filters,
        comment_refusal=refusal,
        blockers=services.approval_blockers(version) if version.status == "in_review" else [],
        addressed=addressed,
        can_import=refusal is None or any(r.can_disposition or r.can_concur for r in rows),
    )


def comments_by_part(
    *, document_id: int, numbers: tuple[int, int]
) -> dict[str, list[ReviewComment]]:
    """The comments made on the versions between ``numbers`` (both included), by the part
    they are anchored to: the comparison shows them beside that part's changes."""
    low, high = sorted(numbers)
    by_part: dict[str, list[ReviewComment]] = {}
    for c in (
        ReviewComment.objects.filter(
            document_id=document_id, version__number__gte=low, version__number__lte=high
        )
        .select_related("version")
        .order_by("number")
    ):
        by_part.setdefault(c.anchor, []).append(c)
    return by_part
