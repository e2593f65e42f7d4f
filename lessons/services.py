"""Writes of the lessons learned register: record and edit a lesson, validate its wording
(a reviewer of each party), mark it applied, comment on it, and each party's
self-assessment of the eight Play 3.1 lessons. Every write checks the rules
(``lessons.rules``), refuses with a message naming the field, and is audited in the same
transaction."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from programs import limits, policy
from programs.choices import AuditAction, M3Phase
from programs.concurrency import check_revision
from programs.errors import DomainError, ErrorCode, PermissionRefused
from programs.models import Program, person_name
from programs.registers import allocate_number, transition_apply
from programs.services.audit import audit_record, audit_update, diff, snapshot

from . import play
from .choices import Category, LessonImpact, LessonStatus, PlayLessonRating, Workstream
from .models import (
    WORDING_FIELDS,
    Lesson,
    LessonComment,
    LessonHistory,
    LessonValidation,
    PlayLessonAssessment,
)
from .rules import (
    ASSESS_RULE,
    COMMENT_RULE,
    RECORD_RULE,
    WORKFLOW,
    assessing_party,
    may_comment,
    may_edit,
    may_record,
    reviewer_party,
)
from .sources import Source, source_fields, source_find

#: The fields a lesson is recorded and edited with (its source besides).
CONTENT_FIELDS = (
    *WORDING_FIELDS,
    "impact_kind",
    "category",
    "phase",
    "workstream",
    "owner_party",
)
_TEXTS = {
    "title": ("The title", limits.MAX_TITLE_LENGTH),
    "what_happened": ("What happened", limits.MAX_TEXT_LENGTH),
    "impact": ("The impact", limits.MAX_TEXT_LENGTH),
    "root_cause": ("The root cause", limits.MAX_TEXT_LENGTH),
    "recommendation": ("The recommendation", limits.MAX_TEXT_LENGTH),
}
_CHOICES: dict[str, tuple[Any, str]] = {
    "impact_kind": (LessonImpact, "Say whether the impact was positive or negative."),
    "category": (Category, "Choose a category."),
    "workstream": (Workstream, "Choose an M3 workstream."),
}
_AUDITED = [*CONTENT_FIELDS, "raid_item", "change_request", "finding", "wording_revision"]


def _clean(values: dict[str, Any]) -> dict[str, Any]:
    """The content as stored (texts trimmed), or the refusal naming the first bad field."""
    cleaned = dict(values)
    for name, (what, limit) in _TEXTS.items():
        cleaned[name] = (cleaned.get(name) or "").strip()
        limits.check_text(cleaned[name], field=name, limit=limit, what=what)
    if not cleaned["title"]:
        raise DomainError("A lesson needs a title.", field="title")
    if not cleaned["what_happened"]:
        raise DomainError("Say what happened.", field="what_happened")
    if not cleaned["recommendation"]:
        raise DomainError("A lesson needs a recommendation.", field="recommendation")
    for name, (choices, message) in _CHOICES.items():
        if cleaned.get(name) not in choices.values:
            raise DomainError(message, field=name)
    try:
        cleaned["phase"] = int(cleaned.get("phase"))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        cleaned["phase"] = None
    if cleaned["phase"] not in M3Phase.values:
        raise DomainError("Choose the M3 phase, 0 to 5.", field="phase")
    if cleaned.get("owner_party") not in ("customer", "provider", "shared"):
        raise DomainError(
            "The owner is the customer, the provider or both (shared).", field="owner_party"
        )
    return cleaned


def lesson_create(
    *,
    acting_user: User,
    program: Program,
    title: str,
    what_happened: str,
    impact_kind: str,
    recommendation: str,
    category: str,
    phase: int,
    workstream: str,
    owner_party: str,
    impact: str = "",
    root_cause: str = "",
    source: str = "",
) -> Lesson:
    """Record a lesson, numbered LL-001, LL-002... per program, proposed."""
    if not may_record(acting_user, program):
        raise PermissionRefused(RECORD_RULE)
    values = _clean(
        {
            "title": title,
            "what_happened": what_happened,
            "impact_kind": impact_kind,
            "impact": impact,
            "root_cause": root_cause,
            "recommendation": recommendation,
            "category": category,
            "phase": phase,
            "workstream": workstream,
            "owner_party": owner_party,
        }
    )
    found: Source | None = source_find(user=acting_user, program=program, reference=source)
    with transaction.atomic():
        lesson = Lesson(
            program=program,
            number=allocate_number(program, Lesson.register_key),
            status=LessonStatus.PROPOSED,
            recorded_on=limits.today(),
            recorded_by=acting_user,
            **values,
            **source_fields(found),
        )
        lesson.save()
        audit_record(
            acting_user=acting_user,
            program=program,
            action=AuditAction.CREATE,
            target=lesson,
            changes=diff({}, snapshot(lesson, _AUDITED)),
        )
    return lesson


def lesson_update(
    *,
    acting_user: User,
    lesson: Lesson,
    source: str | None = None,
    revision: int | None = None,
    **values: Any,
) -> Lesson:
    """Edit a lesson. A new wording of a validated lesson returns it to proposed: both
    parties validate the new wording. An applied lesson's wording no longer changes.
    ``revision`` is the lesson's revision the edit was made from: if someone has changed the
    lesson since (an edit, a validation), nothing is written (StaleEditError with their
    changes)."""
    if not may_edit(acting_user, lesson):
        raise PermissionRefused(RECORD_RULE)
    unknown = set(values) - set(CONTENT_FIELDS)
    if unknown:
        raise DomainError(f"A lesson has no field {sorted(unknown)[0]}.", field=sorted(unknown)[0])
    with transaction.atomic():
        locked = Lesson.objects.select_for_update().select_related("program").get(pk=lesson.pk)
        check_revision(locked, revision, what=f"lesson {locked}")
        merged = {name: getattr(locked, name) for name in CONTENT_FIELDS} | values
        cleaned = _clean(merged)
        found_fields: dict[str, Any] = {}
        if source is not None:
            found = source_find(user=acting_user, program=locked.program, reference=source)
            found_fields = source_fields(found)
        reworded = any(cleaned[name] != getattr(locked, name) for name in WORDING_FIELDS)
        if reworded and locked.status == LessonStatus.APPLIED:
            raise DomainError(
                f"{locked.reference} is applied: its wording stays as it was validated. Record "
                "a new lesson for what was learned since.",
                code=ErrorCode.TRANSITION_NOT_ALLOWED,
                field="title",
            )
        changes = {k: v for k, v in (cleaned | found_fields).items() if getattr(locked, k) != v}
        if not changes:
            return lesson
        if reworded:
            changes["wording_revision"] = locked.wording_revision + 1
        if reworded and locked.status == LessonStatus.VALIDATED:
            # Back to proposed, with its history row: the new wording needs new validations.
            transition_apply(
                acting_user=acting_user,
                item=locked,
                workflow=WORKFLOW,
                name="reword",
                history_model=LessonHistory,
                changes=changes,
                reason="The wording changed: both parties validate it again.",
            )
        else:
            before = snapshot(locked, _AUDITED)
            for name, value in changes.items():
                setattr(locked, name, value)
            locked.save()
            audit_update(
                acting_user=acting_user,
                program=locked.program,
                target=locked,
                before=before,
                fields=_AUDITED,
            )
    lesson.refresh_from_db()
    return lesson


def validated_parties(lesson: Lesson) -> dict[str, list[str]]:
    """Party to the names of who validated the current wording."""
    by_party: dict[str, list[str]] = {}
    for validation in lesson.validations.all():
        if validation.revision == lesson.wording_revision:
            by_party.setdefault(validation.party, []).append(validation.user_name)
    return by_party


def lesson_validate(*, acting_user: User, lesson: Lesson) -> LessonValidation:
    """A reviewer of the customer or the provider validates the current wording; once a
    reviewer of each party has, the lesson is validated by both parties."""
    party = reviewer_party(acting_user, lesson.program)
    with transaction.atomic():
        locked = Lesson.objects.select_for_update().get(pk=lesson.pk)
        WORKFLOW.check(acting_user, locked, "validate")
        assert party is not None  # the workflow's rule checked it
        if LessonValidation.objects.filter(
            lesson=locked, user=acting_user, revision=locked.wording_revision
        ).exists():
            raise DomainError(
                "You have already validated this wording.", code=ErrorCode.ALREADY_ACCEPTED
            )
        validation = LessonValidation.objects.create(
            lesson=locked,
            user=acting_user,
            user_name=person_name(acting_user),
            party=party,
            revision=locked.wording_revision,
            at=timezone.now(),
        )
        both = {"customer", "provider"} <= set(validated_parties(locked))
        transition_apply(
            acting_user=acting_user,
            item=locked,
            workflow=WORKFLOW,
            name="agree" if both else "validate",
            history_model=LessonHistory,
            details={"party": party, "revision": locked.wording_revision},
        )
    lesson.refresh_from_db()
    return validation


def lesson_apply(
    *, acting_user: User, lesson: Lesson, where_applied: str, applied_on: date | None = None
) -> Lesson:
    """Mark a validated lesson applied, saying where (a later program, a process, a plan)."""
    where_applied = (where_applied or "").strip()
    limits.check_text(
        where_applied, field="where_applied", limit=limits.MAX_TEXT_LENGTH, what="Where applied"
    )
    applied_on = applied_on or limits.today()
    limits.check_date(applied_on, field="applied_on", what="The date applied")
    try:
        transition_apply(
            acting_user=acting_user,
            item=lesson,
            workflow=WORKFLOW,
            name="apply",
            history_model=LessonHistory,
            reason=where_applied,
            changes={"where_applied": where_applied, "applied_on": applied_on},
        )
    except DomainError as exc:
        if exc.field == "reason":
            exc.field = "where_applied"
            exc.message = "Say where the lesson was applied."
            exc.args = (exc.message,)
        raise
    return lesson


def lesson_comment_add(*, acting_user: User, lesson: Lesson, text: str) -> LessonComment:
    if not may_comment(acting_user, lesson):
        raise PermissionRefused(COMMENT_RULE)
    text = (text or "").strip()
    if not text:
        raise DomainError("A comment says something.", field="text")
    limits.check_text(text, field="text", limit=limits.MAX_TEXT_LENGTH, what="The comment")
    membership = policy.membership_of(acting_user, lesson.program)
    with transaction.atomic():
        comment = LessonComment.objects.create(
            lesson=lesson,
            author=acting_user,
            author_name=person_name(acting_user),
            author_party=membership.party if membership else "",
            text=text,
            at=timezone.now(),
        )
        audit_record(
            acting_user=acting_user,
            program=lesson.program,
            action=AuditAction.CREATE,
            target=comment,
            changes={"comment": [None, text]},
        )
    return comment


def assessment_set(
    *, acting_user: User, program: Program, lesson: int, rating: str, note: str = ""
) -> PlayLessonAssessment:
    """The acting user's party's self-assessment of Play 3.1 lesson ``lesson`` (1 to 8)."""
    party = assessing_party(acting_user, program)
    if party is None:
        raise PermissionRefused(ASSESS_RULE)
    if lesson not in play.NUMBERS:
        raise DomainError("The Play 3.1 lessons are numbered 1 to 8.", field="lesson")
    if rating not in PlayLessonRating.values:
        raise DomainError(
            "Say whether the lesson is followed, partly followed or not yet followed.",
            field="rating",
        )
    note = (note or "").strip()
    limits.check_text(note, field="note", limit=limits.MAX_TEXT_LENGTH, what="The note")
    with transaction.atomic():
        row = (
            PlayLessonAssessment.objects.select_for_update()
            .filter(program=program, lesson=lesson, party=party)
            .first()
        )
        before = snapshot(row, ["rating", "note"]) if row else {}
        if row is None:
            row = PlayLessonAssessment(program=program, lesson=lesson, party=party)
        row.rating = rating
        row.note = note
        row.assessed_by = acting_user
        row.assessed_by_name = person_name(acting_user)
        row.assessed_at = timezone.now()
        row.save()
        audit_record(
            acting_user=acting_user,
            program=program,
            action=AuditAction.UPDATE if before else AuditAction.CREATE,
            target=row,
            changes=diff(before, snapshot(row, ["rating", "note"])),
        )
    return row
