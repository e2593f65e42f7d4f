"""Review comments on a version of any document kind: comment while it is in review,
disposition by the document's owning party, concurrence by the reviewer; what blocks
approval and what the next version addresses. Every write checks the policy again, refuses
with the rule named, and records an audit event in the same transaction.

For other apps: ``undispositioned(version)`` and ``all_dispositioned(version)`` (the IV&V
plan's activity is done when it is "approved with every comment dispositioned").
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Max, Q, QuerySet
from django.utils import timezone

from .. import policy
from .. import reviews as rules
from ..choices import AuditAction, CommentType, Concurrence, Disposition, DocumentStatus
from ..errors import DomainError, ErrorCode, PermissionRefused
from ..models import Document, DocumentVersion, ReviewComment, person_name
from .audit import audit_record, diff, snapshot

DISPOSITION_FIELDS = ["disposition", "disposition_text", "deferred_to", "dispositioned_by"]
CONCURRENCE_FIELDS = ["concurrence", "concurrence_reason", "concurred_by"]


def _first_error(errors: dict[str, str], code: ErrorCode) -> DomainError:
    field, message = next(iter(errors.items()))
    return DomainError(message, code=code, field=field, extra={"errors": errors})


# -- refusals: why a user may not, as it stands (pages show them before anyone tries) -----


def comment_refusal(user: User, version: DocumentVersion) -> DomainError | None:
    if version.status != DocumentStatus.IN_REVIEW:
        return DomainError(
            f"Version {version.number} is {version.get_status_display().lower()}: comments are "
            "made only on a version in review.",
            code=ErrorCode.VERSION_NOT_IN_REVIEW,
        )
    if not policy.can_comment(user, version):
        return PermissionRefused(
            "Only members of the customer and the provider (viewers read only) and the IV&V "
            "agent comment on a version in review.",
            code=ErrorCode.NOT_A_COMMENTER,
        )
    return None


def _still_open(comment: ReviewComment) -> DomainError | None:
    version = comment.version
    if version.status in (DocumentStatus.APPROVED, DocumentStatus.SUPERSEDED):
        return DomainError(
            f"Version {version.number} is {version.get_status_display().lower()}: the "
            f"disposition of {comment.label} and its concurrence are final.",
            code=ErrorCode.VERSION_LOCKED,
        )
    return None


def disposition_refusal(user: User, comment: ReviewComment) -> DomainError | None:
    if not policy.can(user, "change", comment):
        return PermissionRefused(
            f"Only editors of the party that owns the {comment.document.title} disposition "
            "its comments."
        )
    return _still_open(comment)


def concurrence_refusal(user: User, comment: ReviewComment) -> DomainError | None:
    if not policy.can_concur(user, comment):
        return PermissionRefused(
            f"Only the reviewer who wrote {comment.label}, or a member of their party, concurs "
            "with its disposition."
        )
    if not comment.disposition:
        return DomainError(
            f"{comment.label} has no disposition yet: there is nothing to concur with.",
            code=ErrorCode.DISPOSITION_INVALID,
            field="concurrence",
        )
    return _still_open(comment)


# -- writes ---------------------------------------------------------------------------------


@transaction.atomic
def comment_create(
    *,
    acting_user: User,
    version: DocumentVersion,
    anchor: str,
    type: str,
    text: str,
    quote: str = "",
    proposed_change: str = "",
) -> ReviewComment:
    """A comment on ``version`` (in review) by ``acting_user`` for their party, numbered next
    in its document."""
    version = DocumentVersion.objects.select_related("document__program").get(pk=version.pk)
    document = Document.objects.select_for_update().get(pk=version.document_id)
    refusal = comment_refusal(acting_user, version)
    if refusal is not None:
        raise refusal
    text, quote, proposed_change = text.strip(), quote.strip(), proposed_change.strip()
    errors = rules.comment_errors(
        document.definition,
        version.content,
        anchor=anchor,
        quote=quote,
        type=type,
        text=text,
        proposed_change=proposed_change,
    )
    if errors:
        raise _first_error(errors, ErrorCode.COMMENT_INVALID)
    membership = policy.membership_of(acting_user, document.program)
    assert membership is not None  # can_comment holds
    number = (document.review_comments.aggregate(m=Max("number"))["m"] or 0) + 1
    comment = ReviewComment.objects.create(
        document=document,
        version=version,
        number=number,
        author=acting_user,
        author_name=person_name(acting_user),
        author_party=membership.party,
        anchor=anchor,
        quote=quote,
        type=type,
        text=text,
        proposed_change=proposed_change,
    )
    audit_record(
        acting_user=acting_user,
        program=document.program,
        action=AuditAction.CREATE,
        target=comment,
        changes={
            "comment": [None, comment.label],
            "anchor": [None, anchor],
            "type": [None, type],
            "party": [None, membership.party],
        },
    )
    return comment


DISPOSITION_UPDATE_FIELDS = [
    "disposition",
    "disposition_text",
    "deferred_to",
    "dispositioned_by",
    "dispositioned_at",
]
CONCURRENCE_UPDATE_FIELDS = ["concurrence", "concurrence_reason", "concurred_by", "concurred_at"]


def _lock(comment: ReviewComment) -> ReviewComment:
    return (
        ReviewComment.objects.select_for_update()
        .select_related("document__program", "version")
        .get(pk=comment.pk)
    )


def comments_locked(version: DocumentVersion) -> dict[int, ReviewComment]:
    """Every comment of ``version`` by id, locked for the rest of the transaction: an import
    applies many dispositions and concurrences under one lock."""
    queryset = ReviewComment.objects.select_for_update().filter(version=version)
    return {c.pk: c for c in queryset.select_related("document__program", "version")}


@transaction.atomic
def comment_disposition_set(
    *,
    acting_user: User,
    comment: ReviewComment,
    disposition: str,
    text: str = "",
    deferred_to: int | None = None,
    locked: bool = False,
) -> ReviewComment:
    """The owning party's disposition of ``comment``: accepted, accepted with modification
    (``text``: what was changed), rejected (``text``: the rationale, required) or deferred to
    a later version (``deferred_to``). It may change until the version is approved; a changed
    disposition asks the reviewer's concurrence again. ``locked``: the caller holds the
    comment's row lock already (``comments_locked``)."""
    comment = comment if locked else _lock(comment)
    refusal = disposition_refusal(acting_user, comment)
    if refusal is not None:
        raise refusal
    text = text.strip()
    errors = rules.disposition_errors(
        disposition=disposition,
        text=text,
        deferred_to=deferred_to,
        version_number=comment.version.number,
    )
    if errors:
        raise _first_error(errors, ErrorCode.DISPOSITION_INVALID)
    before = snapshot(comment, DISPOSITION_FIELDS + CONCURRENCE_FIELDS)
    changed = (comment.disposition, comment.disposition_text, comment.deferred_to) != (
        disposition,
        text,
        deferred_to,
    )
    if not changed:
        return comment
    comment.disposition = disposition
    comment.disposition_text = text
    comment.deferred_to = deferred_to
    comment.dispositioned_by = acting_user
    comment.dispositioned_at = timezone.now()
    # The reviewer answered another disposition: they answer this one anew.
    comment.concurrence, comment.concurrence_reason, comment.concurred_by = "", "", None
    comment.concurred_at = None
    comment.save(update_fields=[*DISPOSITION_UPDATE_FIELDS, *CONCURRENCE_UPDATE_FIELDS])
    audit_record(
        acting_user=acting_user,
        program=comment.document.program,
        action=AuditAction.UPDATE,
        target=comment,
        changes=diff(before, snapshot(comment, DISPOSITION_FIELDS + CONCURRENCE_FIELDS)),
    )
    return comment


@transaction.atomic
def comment_concurrence_set(
    *,
    acting_user: User,
    comment: ReviewComment,
    concurrence: str,
    reason: str = "",
    locked: bool = False,
) -> ReviewComment:
    """The reviewer's concurrence with the disposition of ``comment``; a non-concurrence
    needs its ``reason`` and stays visible on the version page and in the matrix.
    ``locked``: the caller holds the comment's row lock already (``comments_locked``)."""
    comment = comment if locked else _lock(comment)
    refusal = concurrence_refusal(acting_user, comment)
    if refusal is not None:
        raise refusal
    reason = reason.strip()
    errors = rules.concurrence_errors(concurrence=concurrence, reason=reason)
    if errors:
        raise _first_error(errors, ErrorCode.DISPOSITION_INVALID)
    if (comment.concurrence, comment.concurrence_reason) == (concurrence, reason):
        return comment
    before = snapshot(comment, CONCURRENCE_FIELDS)
    comment.concurrence = concurrence
    comment.concurrence_reason = reason
    comment.concurred_by = acting_user
    comment.concurred_at = timezone.now()
    comment.save(update_fields=CONCURRENCE_UPDATE_FIELDS)
    audit_record(
        acting_user=acting_user,
        program=comment.document.program,
        action=AuditAction.UPDATE,
        target=comment,
        changes=diff(before, snapshot(comment, CONCURRENCE_FIELDS)),
    )
    return comment


# -- reads other apps and the life cycle use -------------------------------------------------


def undispositioned(version: DocumentVersion) -> QuerySet[ReviewComment]:
    """The comments made on ``version`` that have no disposition yet."""
    return ReviewComment.objects.filter(version=version, disposition="").order_by("number")


def all_dispositioned(version: DocumentVersion) -> bool:
    """Has every comment made on ``version`` a disposition (true when it has none)?"""
    return not undispositioned(version).exists()


def approval_blockers(version: DocumentVersion) -> list[str]:
    """Why ``version`` cannot be approved as it stands, one line per critical comment without
    a disposition ("C-004 (critical) has no disposition")."""
    critical = undispositioned(version).filter(type=CommentType.CRITICAL)
    return [
        f"{rules.label(n)} (critical) has no disposition"
        for n in critical.values_list("number", flat=True)
    ]


def approval_refusal(version: DocumentVersion) -> DomainError | None:
    """The refusal of the signature that would approve ``version`` while a critical comment
    has no disposition."""
    blockers = approval_blockers(version)
    if not blockers:
        return None
    return DomainError(
        f"Version {version.number} cannot be approved while a critical comment has no "
        f"disposition: {'; '.join(blockers)}. The owning party dispositions it first.",
        code=ErrorCode.COMMENTS_UNDISPOSITIONED,
        extra={"comments": blockers},
    )


def comments_addressed_by(version: DocumentVersion) -> QuerySet[ReviewComment]:
    """The comments ``version`` addresses: those on the version before it that were accepted
    (with or without modification), and those deferred to it."""
    return ReviewComment.objects.filter(
        Q(version__number=version.number - 1, disposition__in=rules.ADDRESSED)
        | Q(disposition=Disposition.DEFERRED, deferred_to=version.number),
        document_id=version.document_id,
    ).order_by("number")


@dataclass(frozen=True)
class CommentCounts:
    total: int
    undispositioned: int
    non_concurring: int


def comment_counts(comments: list[ReviewComment]) -> CommentCounts:
    return CommentCounts(
        total=len(comments),
        undispositioned=sum(1 for c in comments if not c.disposition),
        non_concurring=sum(1 for c in comments if c.concurrence == Concurrence.NON_CONCUR),
    )
