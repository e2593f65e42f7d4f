"""The demo of the lessons learned register: four lessons of DRC Core HR (drc-hr), one from a
RAID item, one from an IV&V finding, one validated by both parties, one applied; one lesson
of BIW Financial Management (biw-fm), so a search shows what each person may read; and some
self-assessments of the eight Play 3.1 lessons. Seeded through the services, once."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User

from programs.errors import DomainError
from programs.models import Program

from . import services
from .models import Lesson
from .sources import source_find

HR = "drc-hr"
FM = "biw-fm"

HR_LESSONS: tuple[dict[str, Any], ...] = (
    {
        "title": "Profile the source data before each mock conversion",
        "what_happened": "Mock conversion 1 failed on 3% of employee records: dates and codes "
        "the target system refuses.",
        "impact_kind": "negative",
        "impact": "A second mock conversion had to be added to the schedule.",
        "root_cause": "The legacy data was not profiled before the conversion was built.",
        "recommendation": "Profile and cleanse the source data before building each "
        "conversion, and size the mock runs for the full volume.",
        "category": "technology",
        "phase": 3,
        "workstream": "technology",
        "owner_party": "provider",
        "source": "I-1",
    },
    {
        "title": "Plan payroll parallel runs in the schedule from the start",
        "what_happened": "The IV&V agent found that no payroll parallel run was planned.",
        "impact_kind": "negative",
        "impact": "Payroll differences would have been found only after go-live.",
        "root_cause": "The initial schedule came from the customer before the provider's "
        "migration method was known.",
        "recommendation": "Put at least two payroll parallel runs, with their pass criteria, "
        "in the Integrated Master Schedule before it is baselined.",
        "category": "schedule",
        "phase": 3,
        "workstream": "process",
        "owner_party": "shared",
        "source": "IVV-001",
    },
    {
        "title": "A joint glossary settled the payroll terms early",
        "what_happened": "Both PMOs agreed the payroll and leave terms in the first month.",
        "impact_kind": "positive",
        "impact": "No requirement had to be rewritten for a misunderstood term.",
        "root_cause": "Terms were agreed before the Fit-Gap sessions started.",
        "recommendation": "Agree the glossary of each functional area before its Fit-Gap sessions.",
        "category": "communications",
        "phase": 3,
        "workstream": "workforce",
        "owner_party": "shared",
        "source": "",
    },
    {
        "title": "Weekly joint PMO meetings kept decisions moving",
        "what_happened": "The joint PMO met weekly with both Program Managers present.",
        "impact_kind": "positive",
        "impact": "Decisions waited a week at most.",
        "root_cause": "Both parties' PMOs sat in the same governance body.",
        "recommendation": "Hold a weekly joint PMO with both Program Managers from Phase 3 on.",
        "category": "governance",
        "phase": 3,
        "workstream": "program_management",
        "owner_party": "shared",
        "source": "",
    },
)

FM_LESSON: dict[str, Any] = {
    "title": "Reconcile the general ledger before the cutover weekend",
    "what_happened": "Ledger balances differed after the first trial cutover.",
    "impact_kind": "negative",
    "impact": "The trial cutover was repeated.",
    "root_cause": "Open items were not reconciled before extraction.",
    "recommendation": "Reconcile every ledger before extracting it for a cutover.",
    "category": "process",
    "phase": 3,
    "workstream": "process",
    "owner_party": "customer",
    "source": "",
}

#: (lesson, party's user, rating, note)
ASSESSMENTS = (
    (1, "cust.pmolead", "partly", "The role agreement is approved; the RACI is being revised."),
    (1, "prov.pmolead", "partly", "We await the Resource Management Plan's approval."),
    (6, "cust.team", "followed", "Most payroll terms are agreed."),
    (6, "prov.team", "partly", "Leave terms are still under discussion."),
    (8, "cust.pm", "followed", "Both PMOs sit in every governance body."),
)


def _source(program: Program, user: User, reference: str) -> str:
    """The reference when the demo it cites is there (it is unless an app is left out)."""
    try:
        return reference if source_find(user=user, program=program, reference=reference) else ""
    except DomainError:
        return ""


def seed(programs: dict[str, Program], users: dict[str, User]) -> None:
    program = programs.get(HR)
    if program is not None and not Lesson.objects.filter(program=program).exists():
        made = []
        for values in HR_LESSONS:
            author = users["cust.team"]
            data = values | {"source": _source(program, author, values["source"])}
            made.append(services.lesson_create(acting_user=author, program=program, **data))
        # The glossary lesson is validated by both parties; the joint PMO one also applied.
        for lesson in made[2:]:
            for reviewer in ("cust.pm", "prov.pmolead"):
                services.lesson_validate(acting_user=users[reviewer], lesson=lesson)
        services.lesson_apply(
            acting_user=users["prov.pm"],
            lesson=made[3],
            where_applied="The Migration phase's governance plan: weekly joint PMO.",
        )
        services.lesson_validate(acting_user=users["prov.pm"], lesson=made[0])
        services.lesson_comment_add(
            acting_user=users["prov.team"],
            lesson=made[0],
            text="Mock conversion 2 ran after profiling: 0.2% of records failed.",
        )
        for number, username, rating, note in ASSESSMENTS:
            services.assessment_set(
                acting_user=users[username],
                program=program,
                lesson=number,
                rating=rating,
                note=note,
            )
    program = programs.get(FM)
    if program is not None and not Lesson.objects.filter(program=program).exists():
        services.lesson_create(acting_user=users["outsider"], program=program, **FM_LESSON)
