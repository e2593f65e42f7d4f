"""Drafting a performance evaluation: create it for a quarter or a year with the portal's
proposal per rating area, refresh the proposal, rate and narrate, and open it to the
provider's comment (the customer's editors, while a draft)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.db import IntegrityError, transaction

from programs import limits
from programs.choices import AuditAction, Party
from programs.errors import DomainError, PermissionRefused
from programs.models import Membership, Program
from programs.services.audit import audit_record, audit_update, snapshot

from ... import evaluation_evidence
from ...choices import EvaluationStatus, Rating
from ...evaluation_periods import check_period
from ...evaluation_rules import (
    CREATE_RULE,
    EDIT_RULE,
    may_create,
    may_edit,
)
from ...models import EvaluationRating, PerformanceEvaluation

#: Ratings whose narrative CPARS requires (the extremes and Marginal).
NARRATIVE_REQUIRED = frozenset({Rating.EXCEPTIONAL, Rating.MARGINAL, Rating.UNSATISFACTORY})


def _check_evaluator(program: Program, evaluator: Membership | None) -> None:
    if evaluator is None or evaluator.program_id != program.pk or evaluator.party != Party.CUSTOMER:
        raise DomainError(
            "The evaluator is a member of the customer (the COR or another), who signs it.",
            field="evaluator",
        )


def _apply_proposals(evaluation: PerformanceEvaluation) -> list[EvaluationRating]:
    """Create or update the evaluation's rows, one per rating area, with today's proposal."""
    proposals = evaluation_evidence.proposals(
        evaluation.program, evaluation.period_start, evaluation.period_end
    )
    existing = {r.area: r for r in evaluation.ratings.all()}
    rows = []
    for position, (area, label) in enumerate(settings.QASP_RATING_AREAS):
        row = existing.get(area) or EvaluationRating(evaluation=evaluation, area=area)
        proposal = proposals[area]
        row.area_label, row.position = label, position
        row.proposed, row.proposal_reasons = proposal.rating, list(proposal.reasons)
        row.save()
        rows.append(row)
    return rows


def evaluation_create(
    *,
    acting_user: User,
    program: Program,
    kind: str,
    period_start: date | None,
    period_end: date | None,
    evaluator: Membership | None,
) -> PerformanceEvaluation:
    """A draft evaluation of the provider for a period (a federal fiscal quarter or fiscal
    year by default) that has ended and overlaps the QASP's agreed surveillance period: the
    customer's editors; one per kind and period. Each rating area gets the portal's proposal
    from the period's surveillance and corrective action requests."""
    if not may_create(acting_user, program):
        raise PermissionRefused(CREATE_RULE)
    check_period(program, kind, period_start, period_end)
    _check_evaluator(program, evaluator)
    assert evaluator is not None and period_start is not None and period_end is not None
    try:
        with transaction.atomic():
            evaluation = PerformanceEvaluation.objects.create(
                program=program,
                kind=kind,
                period_start=period_start,
                period_end=period_end,
                evaluator=evaluator,
                created_by=acting_user,
            )
            rows = _apply_proposals(evaluation)
            audit_record(
                acting_user=acting_user,
                program=program,
                action=AuditAction.CREATE,
                target=evaluation,
                changes={
                    "kind": [None, kind],
                    "period_start": [None, period_start],
                    "period_end": [None, period_end],
                    "evaluator": [None, str(evaluator)],
                    "proposed": [None, {r.area: r.proposed for r in rows}],
                },
            )
    except IntegrityError as exc:  # a concurrent evaluation of the same kind and period
        raise DomainError(
            "The program already has an evaluation of this kind for this period.",
            field="period_start",
        ) from exc
    return evaluation


def locked_evaluation(evaluation: PerformanceEvaluation) -> PerformanceEvaluation:
    """The evaluation, locked for the rest of the transaction (a write reads it fresh)."""
    return (
        PerformanceEvaluation.objects.select_for_update()
        .select_related("program", "evaluator__user")
        .get(pk=evaluation.pk)
    )


def evaluation_refresh(
    *, acting_user: User, evaluation: PerformanceEvaluation
) -> PerformanceEvaluation:
    """Propose again from today's evidence (records and CARs made since): while a draft."""
    with transaction.atomic():
        locked = locked_evaluation(evaluation)
        if not may_edit(acting_user, locked):
            raise PermissionRefused(EDIT_RULE)
        before = {r.area: r.proposed for r in locked.ratings.all()}
        rows = _apply_proposals(locked)
        after = {r.area: r.proposed for r in rows}
        audit_record(
            acting_user=acting_user,
            program=locked.program,
            action=AuditAction.UPDATE,
            target=locked,
            changes={"proposed": [before, after]},
        )
    return locked


def _check_rating(row: EvaluationRating, rating: int | None, narrative: str) -> None:
    if rating is not None and rating not in Rating.values:
        raise DomainError(
            f"Rate {row.area_label} from 1 (Unsatisfactory) to 5 (Exceptional).",
            field=f"rating_{row.area}",
        )
    limits.check_text(
        narrative,
        field=f"narrative_{row.area}",
        limit=limits.MAX_TEXT_LENGTH,
        what=f"The narrative of {row.area_label}",
    )
    if rating in NARRATIVE_REQUIRED and not narrative:
        raise DomainError(
            f"A rating of {Rating(rating).label} needs a narrative of {row.area_label} that "
            "supports it (CPARS requires one).",
            field=f"narrative_{row.area}",
        )


def evaluation_rate(
    *,
    acting_user: User,
    evaluation: PerformanceEvaluation,
    ratings: Mapping[str, tuple[int | None, str]],
    summary: str | None = None,
) -> PerformanceEvaluation:
    """Rate and narrate areas (area key to rating 1-5 or None, and narrative) and the overall
    assessment, while a draft: the customer's editors. Areas not given stay as they are."""
    with transaction.atomic():
        locked = locked_evaluation(evaluation)
        if not may_edit(acting_user, locked):
            raise PermissionRefused(EDIT_RULE)
        rows = {r.area: r for r in locked.ratings.all()}
        unknown = sorted(set(ratings) - set(rows))
        if unknown:
            raise DomainError(
                f"The evaluation has no rating area {unknown[0]}; its areas are {', '.join(rows)}.",
                field="ratings",
            )
        cleaned = {area: (value, (text or "").strip()) for area, (value, text) in ratings.items()}
        for area, (value, text) in cleaned.items():
            _check_rating(rows[area], value, text)
        if summary is not None:
            summary = summary.strip()
            limits.check_text(
                summary,
                field="summary",
                limit=limits.MAX_TEXT_LENGTH,
                what="The overall assessment",
            )
        before = _ratings_snapshot(rows.values()) | {"summary": locked.summary}
        for area, (value, text) in cleaned.items():
            rows[area].rating, rows[area].narrative = value, text
            rows[area].save(update_fields=["rating", "narrative"])
        if summary is not None:
            locked.summary = summary
            locked.save(update_fields=["summary", "updated_at"])
        after = _ratings_snapshot(rows.values()) | {"summary": locked.summary}
        if before != after:
            audit_record(
                acting_user=acting_user,
                program=locked.program,
                action=AuditAction.UPDATE,
                target=locked,
                changes={k: [before[k], after[k]] for k in after if before[k] != after[k]},
            )
    return locked


def _ratings_snapshot(rows: Any) -> dict[str, Any]:
    return {r.area: [r.rating, r.narrative] for r in rows}


def evaluation_open(
    *, acting_user: User, evaluation: PerformanceEvaluation
) -> PerformanceEvaluation:
    """Open the evaluation to the provider's comment, once every area is rated: for
    QASP_EVALUATION_COMMENT_DAYS calendar days from today (the customer's editors)."""
    with transaction.atomic():
        locked = locked_evaluation(evaluation)
        if not may_edit(acting_user, locked):
            raise PermissionRefused(EDIT_RULE)
        for row in locked.ratings.all():
            if row.rating is None:
                raise DomainError(
                    f"Rate every area before opening the evaluation: {row.area_label} is not "
                    "rated.",
                    field=f"rating_{row.area}",
                )
            _check_rating(row, row.rating, row.narrative)
        before = snapshot(locked, ["status", "opened_on", "comment_due"])
        locked.status = EvaluationStatus.OPEN_FOR_COMMENT
        locked.opened_on = limits.today()
        locked.comment_due = locked.opened_on + timedelta(
            days=settings.QASP_EVALUATION_COMMENT_DAYS
        )
        locked.save(update_fields=["status", "opened_on", "comment_due", "updated_at"])
        audit_update(
            acting_user=acting_user,
            program=locked.program,
            target=locked,
            before=before,
            fields=["status", "opened_on", "comment_due"],
        )
    return locked
