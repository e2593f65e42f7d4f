"""Reads of the lessons learned register: a program's rows, a lesson's validations, and the
search across every program the person is a member of (PostgreSQL full-text search on
PostgreSQL, every word found in some field elsewhere)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import connection
from django.db.models import Count, Max, Min, Q, QuerySet
from django.utils import timezone

from programs import policy
from programs.choices import Party
from programs.models import Program

from .choices import LessonStatus
from .models import Lesson, LessonValidation

#: The fields search reads, with their PostgreSQL weights.
SEARCHED = (
    ("title", "A"),
    ("recommendation", "A"),
    ("what_happened", "B"),
    ("root_cause", "B"),
    ("impact", "C"),
    ("where_applied", "C"),
)
#: The register's and the search's longest query (words beyond are ignored).
MAX_QUERY_WORDS = 12


def register_rows(program: Program) -> QuerySet[Lesson]:
    """The program's lessons, newest first, with what the register shows of each."""
    return (
        Lesson.objects.filter(program=program)
        .select_related("program", "raid_item", "change_request__schedule__program", "finding")
        .order_by("-number")
    )


@dataclass(frozen=True)
class Validation:
    party: str
    names: list[str]

    @property
    def party_label(self) -> str:
        return str(Party(self.party).label)


def validations_of(lesson: Lesson) -> list[Validation]:
    """Who of each party validated the current wording (empty names: not yet)."""
    by_party: dict[str, list[str]] = {Party.CUSTOMER: [], Party.PROVIDER: []}
    for validation in lesson.validations.all():
        if validation.revision == lesson.wording_revision and validation.party in by_party:
            by_party[validation.party].append(validation.user_name)
    return [Validation(party, names) for party, names in by_party.items()]


def has_validated(lesson: Lesson, user: Any) -> bool:
    return any(
        v.user_id == user.pk and v.revision == lesson.wording_revision
        for v in lesson.validations.all()
    )


def _words(text: str) -> list[str]:
    return [w for w in text.split() if w][:MAX_QUERY_WORDS]


def search_q(queryset: QuerySet[Lesson], text: str) -> QuerySet[Lesson]:
    """``queryset`` narrowed to the lessons matching ``text``, best first on PostgreSQL
    (ranked full-text search, English stemming: "migrations" finds "migrate"); elsewhere
    every word must appear in one of the searched fields, newest first."""
    words = _words(text)
    if not words:
        return queryset
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector

        vector: Any = SearchVector(
            *(name for name, _ in SEARCHED[:1]), weight="A", config="english"
        )
        for name, weight in SEARCHED[1:]:
            vector += SearchVector(name, weight=weight, config="english")
        query = SearchQuery(" ".join(words), search_type="websearch", config="english")
        # Matched on the vector (every word, as websearch joins them), ranked after.
        return (
            queryset.annotate(searched=vector, rank=SearchRank(vector, query))
            .filter(searched=query)
            .order_by("-rank", "-created_at", "-pk")
        )
    for word in words:
        found = Q()
        for name, _ in SEARCHED:
            found |= Q(**{f"{name}__icontains": word})
        queryset = queryset.filter(found)
    return queryset.order_by("-created_at", "-pk")


def search_lessons(*, user: Any, text: str) -> QuerySet[Lesson]:
    """The lessons of every program ``user`` is a member of that match ``text``."""
    rows = policy.restrict(Lesson.objects.select_related("program"), user, "view")
    return search_q(rows, text)


def status_counts(rows: QuerySet[Lesson]) -> dict[str, int]:
    """How many of ``rows`` are proposed, validated by both parties and applied (what the
    lessons-learned report and the Phase 3 progress review count); one query."""
    counts = dict.fromkeys(LessonStatus.values, 0)
    for row in rows.order_by().values("status").annotate(n=Count("pk")):
        counts[row["status"]] = row["n"]
    return counts


def lessons_report_state(*, program: Program) -> tuple[str, date | None]:
    """The lessons-learned report's state for the Phase 3 progress review, with the day it is
    in that state since: ``missing`` (no lesson recorded), ``in_review`` (some lesson awaits
    validation by both parties: since the oldest such lesson was recorded) or ``approved``
    (every lesson validated by both parties or applied: on the day the last was validated).
    Two queries."""
    rows = Lesson.objects.filter(program=program)
    waiting = rows.filter(status=LessonStatus.PROPOSED).aggregate(
        n=Count("pk"), since=Min("recorded_on")
    )
    if waiting["n"]:
        return "in_review", waiting["since"]
    last = LessonValidation.objects.filter(lesson__program=program).aggregate(on=Max("at"))["on"]
    if last is None and not rows.exists():
        return "missing", None
    return "approved", timezone.localdate(last) if last is not None else None
