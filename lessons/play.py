"""The eight lessons learned attached to Play 3.1, as guidance: for each, what the portal
holds of it in this program, read through the other apps' selectors, and where it holds no
source, that in words. Each party self-assesses every lesson for its side."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.urls import reverse

from pmp.selectors.reporting import expenditure_timeliness, governance_integration
from programs import limits, policy
from programs.choices import ActivityStatus, Party
from programs.models import Program
from programs.selectors import board_activities, glossary_for
from raci.selectors import mou as mou_selectors
from raci.selectors import rule_results
from raci.selectors.agreement import role_agreement_sections


@dataclass(frozen=True)
class PlayLesson:
    number: int
    title: str
    #: What the portal offers for it.
    guidance: str


LESSONS: tuple[PlayLesson, ...] = (
    PlayLesson(
        1,
        "Put customer and provider roles and responsibilities in written agreements.",
        "The PMO role agreement and the RACI matrix, each approved by both parties.",
    ),
    PlayLesson(
        2,
        "The provider reports expenditure to date regularly.",
        "Monthly expenditure reports, each due on a set business day of the next month.",
    ),
    PlayLesson(
        3,
        "Discuss goals, migrating processes and systems, and program close-out early.",
        "The role agreement's sections on goals, the processes and systems migrating, and "
        "close-out.",
    ),
    PlayLesson(
        4,
        "Co-locate teams on large or complex implementations.",
        "The role agreement's section on co-location and collaboration.",
    ),
    PlayLesson(
        5,
        "One unified Program Management Plan covering both parties' activities.",
        "The Program Management Plan with its seven subsidiary plans, approved by both parties.",
    ),
    PlayLesson(
        6,
        "Agree shared terminology early, in a glossary.",
        "The shared glossary: a term is agreed once a reviewer of each party accepts it.",
    ),
    PlayLesson(
        7,
        "Formalise SME participation with an MOU.",
        "An MOU per subject-matter expert, signed, and their attendance at sessions.",
    ),
    PlayLesson(
        8,
        "Integrate both PMOs into the governance structures.",
        "Governance bodies with members of both parties, and their meetings.",
    ),
)
NUMBERS = frozenset(lesson.number for lesson in LESSONS)
PARTIES = (Party.CUSTOMER, Party.PROVIDER)


@dataclass(frozen=True)
class Fact:
    """One thing the portal shows of a lesson, in words, with where to see it."""

    text: str
    url: str = ""
    #: True when the fact says the lesson is not (yet) followed: shown with a warning word.
    gap: bool = False


@dataclass(frozen=True)
class LessonEvidence:
    lesson: PlayLesson
    facts: list[Fact] = field(default_factory=list)
    assessments: dict[str, Any] = field(default_factory=dict)

    @property
    def assessment_list(self) -> list[Any]:
        """The customer's and the provider's self-assessments, in that order (None: not yet)."""
        return [self.assessments.get(party) for party in PARTIES]

    @property
    def gaps(self) -> int:
        return sum(1 for f in self.facts if f.gap)


def _url(name: str, program: Program) -> str:
    return reverse(name, kwargs={"code": program.code})


def _activity_status(program: Program) -> dict[str, str]:
    return {a.key: a.status for a in board_activities(program)}


def _status_words(status: str | None) -> str:
    words: dict[str, str] = {
        ActivityStatus.DONE: "approved in the current phase",
        ActivityStatus.IN_PROGRESS: "started, not yet approved in the current phase",
        ActivityStatus.BLOCKED: "blocked",
    }
    return words.get(status or "", "not started")


def _lesson_1(program: Program, user: Any, ctx: dict[str, Any]) -> list[Fact]:
    statuses = ctx["activities"]
    agreement = statuses.get("agree_pmo_role")
    plan = statuses.get("document_raci")
    results = rule_results(program)
    facts = [
        Fact(
            f"PMO role agreement: {_status_words(agreement)}.",
            _url("raci:role-agreement:home", program),
            gap=agreement != ActivityStatus.DONE,
        ),
        Fact(
            f"Resource Management Plan with the RACI matrix: {_status_words(plan)}.",
            _url("raci:home", program),
            gap=plan != ActivityStatus.DONE,
        ),
    ]
    if results.errors:
        facts.append(
            Fact(
                f"The RACI matrix breaks {len(results.errors)} rule"
                f"{'s' if len(results.errors) != 1 else ''} (one A and at least one R a row).",
                _url("raci:matrix", program),
                gap=True,
            )
        )
    else:
        facts.append(Fact("The RACI matrix keeps its rules.", _url("raci:matrix", program)))
    return facts


def _lesson_2(program: Program, user: Any, ctx: dict[str, Any]) -> list[Fact]:
    timeliness = expenditure_timeliness(program, limits.today())
    url = _url("pmp:expenditure-reports", program) if policy.can_see_costs(user, program) else ""
    if not timeliness.has_baseline and not (timeliness.on_time or timeliness.late):
        return [
            Fact(
                "No source yet: expenditure is reported against the agreed schedule baseline, "
                "and the program has none, so no report is due.",
                url,
                gap=True,
            )
        ]
    facts = [
        Fact(
            f"Expenditure reports on time: {timeliness.on_time}; late: {timeliness.late}.",
            url,
            gap=timeliness.late > 0,
        )
    ]
    if timeliness.missing:
        facts.append(
            Fact(
                f"Months past their due date with no report: {timeliness.missing}.",
                url,
                gap=True,
            )
        )
    return facts


def _sections(program: Program, keys: tuple[str, ...]) -> list[Fact]:
    read = role_agreement_sections(program, keys)
    url = _url("raci:role-agreement:home", program)
    if read.version is None:
        return [
            Fact(
                "No source yet: the program has no PMO role agreement, where this is written.",
                url,
                gap=True,
            )
        ]
    which = (
        f"version {read.version.number}, approved"
        if read.approved
        else f"version {read.version.number}, {read.version.get_status_display().lower()}"
    )
    facts = []
    for title, text in read.sections.values():
        if text:
            words = len(text.split())
            facts.append(
                Fact(f"Role agreement ({which}), “{title}”: written ({words} words).", url)
            )
        else:
            facts.append(
                Fact(f"Role agreement ({which}), “{title}”: not written yet.", url, gap=True)
            )
    if not read.approved:
        facts.append(Fact("No version of the role agreement is approved yet.", url, gap=True))
    return facts


def _lesson_3(program: Program, user: Any, ctx: dict[str, Any]) -> list[Fact]:
    return _sections(program, ("goals", "migration_scope", "close_out"))


def _lesson_4(program: Program, user: Any, ctx: dict[str, Any]) -> list[Fact]:
    return _sections(program, ("collaboration",))


def _lesson_5(program: Program, user: Any, ctx: dict[str, Any]) -> list[Fact]:
    status = ctx["activities"].get("establish_pmp")
    return [
        Fact(
            f"Program Management Plan: {_status_words(status)}.",
            _url("pmp:plan:home", program),
            gap=status != ActivityStatus.DONE,
        )
    ]


def _lesson_6(program: Program, user: Any, ctx: dict[str, Any]) -> list[Fact]:
    url = _url("programs:glossary", program)
    rows = glossary_for(program=program, user=user)
    if not rows:
        return [Fact("No source yet: the glossary has no term.", url, gap=True)]
    agreed = sum(1 for row in rows if row.agreed)
    return [
        Fact(
            f"Glossary terms agreed by both parties: {agreed} of {len(rows)}.",
            url,
            gap=agreed < len(rows),
        )
    ]


def _lesson_7(program: Program, user: Any, ctx: dict[str, Any]) -> list[Fact]:
    url = _url("raci:mous", program)
    rows = mou_selectors.mou_rows(program, as_of=limits.today())
    if not rows:
        return [Fact("No source yet: the program has no subject-matter expert.", url, gap=True)]
    signed = sum(1 for row in rows if row.approved is not None)
    flagged = [row for row in rows if row.attendance.flagged]
    facts = [
        Fact(
            f"Subject-matter experts with a signed MOU: {signed} of {len(rows)}.",
            url,
            gap=signed < len(rows),
        )
    ]
    if flagged:
        names = ", ".join(row.attendance.name for row in flagged)
        facts.append(
            Fact(
                f"Below their attendance commitment: {names}.",
                _url("raci:sessions", program),
                gap=True,
            )
        )
    else:
        facts.append(
            Fact(
                "No subject-matter expert is below their commitment.",
                _url("raci:sessions", program),
            )
        )
    return facts


def _lesson_8(program: Program, user: Any, ctx: dict[str, Any]) -> list[Fact]:
    url = _url("pmp:governance:home", program)
    bodies = governance_integration(program)
    if not bodies:
        return [Fact("No source yet: the program has no governance body.", url, gap=True)]
    facts = []
    for row in bodies:
        sits = f"{row.customer_members} customer and {row.provider_members} provider members"
        meets = (
            f"{row.held_with_both} of {row.meetings_held} meetings held with both parties"
            if row.meetings_held
            else "no meeting held yet"
        )
        facts.append(
            Fact(
                f"{row.body.name}: {sits}; {meets}.",
                row.body.get_absolute_url(),
                gap=not row.both_parties_sit
                or row.held_with_both < row.meetings_held
                or not row.meetings_held,
            )
        )
    return facts


_FACTS: dict[int, Callable[[Program, Any, dict[str, Any]], list[Fact]]] = {
    1: _lesson_1,
    2: _lesson_2,
    3: _lesson_3,
    4: _lesson_4,
    5: _lesson_5,
    6: _lesson_6,
    7: _lesson_7,
    8: _lesson_8,
}


def play_lessons(*, program: Program, user: Any) -> list[LessonEvidence]:
    """The eight lessons with what the portal shows of each and both parties'
    self-assessments (None where a party has not assessed one)."""
    from .models import PlayLessonAssessment

    assessed = {
        (a.lesson, a.party): a for a in PlayLessonAssessment.objects.filter(program=program)
    }
    ctx = {"activities": _activity_status(program)}
    return [
        LessonEvidence(
            lesson=lesson,
            facts=_FACTS[lesson.number](program, user, ctx),
            assessments={party: assessed.get((lesson.number, party)) for party in PARTIES},
        )
        for lesson in LESSONS
    ]
