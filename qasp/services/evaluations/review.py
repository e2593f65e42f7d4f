"""The review of a performance evaluation: the provider's comment and the evaluator's
signature over a canonical JSON of what is signed; a signed evaluation never changes."""

from __future__ import annotations

import hashlib
import json

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from programs import limits
from programs.choices import AuditAction
from programs.errors import DomainError, PermissionRefused
from programs.models import person_name
from programs.services.audit import audit_record

from ...choices import EvaluationStatus
from ...evaluation_periods import day_text
from ...evaluation_rules import (
    COMMENT_RULE,
    SIGN_RULE,
    is_evaluator,
    is_provider_commenter,
)
from ...models import PerformanceEvaluation
from .drafting import locked_evaluation


def evaluation_comment(
    *, acting_user: User, evaluation: PerformanceEvaluation, text: str
) -> PerformanceEvaluation:
    """The provider's comment: its members who may comment, once, while the evaluation is
    open for comment and on or before the comment due date."""
    text = (text or "").strip()
    with transaction.atomic():
        locked = locked_evaluation(evaluation)
        if not is_provider_commenter(acting_user, locked.program):
            raise PermissionRefused(COMMENT_RULE)
        if locked.status != EvaluationStatus.OPEN_FOR_COMMENT:
            state = "signed" if locked.is_signed else "not yet open for comment"
            raise DomainError(f"The evaluation is {state}.", field="provider_comment")
        if locked.provider_comment:
            raise DomainError(
                "The provider has already commented on this evaluation.", field="provider_comment"
            )
        assert locked.comment_due is not None
        if limits.today() > locked.comment_due:
            raise DomainError(
                f"The provider's comment was due by {day_text(locked.comment_due)}.",
                field="provider_comment",
            )
        if not text:
            raise DomainError("Write the provider's comment.", field="provider_comment")
        limits.check_text(
            text, field="provider_comment", limit=limits.MAX_TEXT_LENGTH, what="The comment"
        )
        locked.provider_comment = text
        locked.commented_by = acting_user
        locked.commented_by_name = person_name(acting_user)
        locked.commented_at = timezone.now()
        locked.save(
            update_fields=[
                "provider_comment",
                "commented_by",
                "commented_by_name",
                "commented_at",
                "updated_at",
            ]
        )
        audit_record(
            acting_user=acting_user,
            program=locked.program,
            action=AuditAction.UPDATE,
            target=locked,
            changes={"provider_comment": ["", text]},
        )
    return locked


def canonical(evaluation: PerformanceEvaluation) -> str:
    """What the signature covers, as canonical JSON (sorted keys, no spaces): the program,
    kind and period, each area's rating and narrative, the overall assessment and the
    provider's comment."""
    content = {
        "program": evaluation.program.code,
        "kind": evaluation.kind,
        "period_start": evaluation.period_start.isoformat(),
        "period_end": evaluation.period_end.isoformat(),
        "ratings": [
            {"area": r.area, "label": r.area_label, "rating": r.rating, "narrative": r.narrative}
            for r in evaluation.ratings.order_by("position")
        ],
        "summary": evaluation.summary,
        "provider_comment": evaluation.provider_comment,
    }
    return json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def content_hash(evaluation: PerformanceEvaluation) -> str:
    return hashlib.sha256(canonical(evaluation).encode()).hexdigest()


def evaluation_sign(
    *, acting_user: User, evaluation: PerformanceEvaluation
) -> PerformanceEvaluation:
    """The evaluator's signature (the user of the evaluator membership alone), once the
    provider has commented or the comment window has closed; stores the SHA-256 of what is
    signed. Never changed after."""
    with transaction.atomic():
        locked = locked_evaluation(evaluation)
        if not is_evaluator(acting_user, locked):
            raise PermissionRefused(SIGN_RULE)
        if locked.status != EvaluationStatus.OPEN_FOR_COMMENT:
            state = "already signed" if locked.is_signed else "a draft: open it for comment first"
            raise DomainError(f"The evaluation is {state}.", field="status")
        assert locked.comment_due is not None
        if not locked.provider_comment and limits.today() <= locked.comment_due:
            raise DomainError(
                f"The provider may comment until {day_text(locked.comment_due)}: sign once it has "
                "commented or after that day.",
                field="status",
            )
        locked.status = EvaluationStatus.SIGNED
        locked.signed_by = acting_user
        locked.signed_by_name = person_name(acting_user)
        locked.signed_at = timezone.now()
        locked.signed_hash = content_hash(locked)
        locked.save(
            update_fields=[
                "status",
                "signed_by",
                "signed_by_name",
                "signed_at",
                "signed_hash",
                "updated_at",
            ]
        )
        audit_record(
            acting_user=acting_user,
            program=locked.program,
            action=AuditAction.UPDATE,
            target=locked,
            changes={
                "status": [EvaluationStatus.OPEN_FOR_COMMENT, EvaluationStatus.SIGNED],
                "signed_hash": ["", locked.signed_hash],
            },
        )
    return locked
