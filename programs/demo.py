"""The demo portal: two fictional programs in M3 Phase 3 (Engagement) with their people,
Play 3.1 board, provider onboarding, shared glossary and charters.

Everything is written through the services, as people would write it in the portal, so the
board, the onboarding checklist, the object permissions and the audit trail are the real
ones. Seeding is idempotent: each step first looks at what exists and only does what is
missing, so a second run writes nothing.

The demo sets up charters across apps, so it is the one module of ``programs`` that names a
document kind defined elsewhere (``charter``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction

from accounts.models import Profile
from accounts.services import profile_set_organisation
from charter.definition import CHARTER

from .choices import (
    ActivityStatus,
    M3Phase,
    OrganisationKind,
    Party,
    Role,
    VersionReason,
)
from .models import (
    Document,
    GlossaryAcceptance,
    GlossaryTerm,
    Membership,
    OnboardingItem,
    Organisation,
    PlayActivity,
    Program,
)
from .services import board as board_services
from .services import documents as document_services
from .services import glossary as glossary_services
from .services import memberships as membership_services
from .services import onboarding as onboarding_services
from .services import programs as program_services

DEMO_PASSWORD = "pmo-demo-2026"
ADMIN_USERNAME = "admin"

HR = "drc-hr"
FM = "biw-fm"


# -- organisations and programs --------------------------------------------------------


@dataclass(frozen=True)
class DemoOrganisation:
    acronym: str
    name: str
    kind: str


ORGANISATIONS = (
    DemoOrganisation("DRC", "Department of Regional Commerce", OrganisationKind.FEDERAL_AGENCY),
    DemoOrganisation(
        "FPSSC",
        "Federal Personnel Shared Services Center",
        OrganisationKind.SHARED_SERVICE_PROVIDER,
    ),
    DemoOrganisation("BIW", "Bureau of Inland Waterways", OrganisationKind.FEDERAL_AGENCY),
    DemoOrganisation(
        "IFSC",
        "Interagency Financial Services Center",
        OrganisationKind.SHARED_SERVICE_PROVIDER,
    ),
    DemoOrganisation("MIVV", "Meridian IV&V Associates", OrganisationKind.IVV_FIRM),
)
IVV_FIRM = "MIVV"


@dataclass(frozen=True)
class DemoProgram:
    code: str
    name: str
    customer: str
    provider: str
    start_date: dt.date
    planned_end_date: dt.date
    status_date: dt.date
    description: str


PROGRAMS = (
    DemoProgram(
        code=HR,
        name="DRC Core HR Migration",
        customer="DRC",
        provider="FPSSC",
        start_date=dt.date(2026, 3, 2),
        planned_end_date=dt.date(2028, 3, 31),
        status_date=dt.date(2026, 11, 20),
        description=(
            "The Department of Regional Commerce moves personnel action processing, benefits "
            "administration, time and attendance and payroll for its 14,200 employees from "
            "its in-house HR system (PERSONA, in service since 2004) to the Federal Personnel "
            "Shared Services Center. Phase 3 integrates the two PMOs, refreshes the charter "
            "and agrees the Integrated Master Schedule for a single go-live."
        ),
    ),
    DemoProgram(
        code=FM,
        name="BIW Financial Management Migration",
        customer="BIW",
        provider="IFSC",
        start_date=dt.date(2026, 7, 6),
        planned_end_date=dt.date(2028, 9, 29),
        status_date=dt.date(2026, 11, 20),
        description=(
            "The Bureau of Inland Waterways moves core financial management (general ledger, "
            "accounts payable and receivable, budget execution and fixed assets) to the "
            "Interagency Financial Services Center's shared financial system, retiring two "
            "regional ledgers and their nightly reconciliation."
        ),
    ),
)


# -- people ---------------------------------------------------------------------------


@dataclass(frozen=True)
class DemoUser:
    username: str
    first_name: str
    last_name: str
    email: str
    program: str | None = None
    party: str | None = None
    role: str | None = None
    signatory: bool = False
    try_this: str = ""


USERS = (
    DemoUser(
        "cust.sponsor",
        "Margaret",
        "Okafor",
        "margaret.okafor@drc.example",
        HR,
        Party.CUSTOMER,
        Role.EXECUTIVE_SPONSOR,
        signatory=True,
        try_this="Sign charter v2 for the customer once it is in review; read the portfolio "
        "of both programs (a portfolio viewer).",
    ),
    DemoUser(
        "cust.owner",
        "Daniel",
        "Reyes",
        "daniel.reyes@drc.example",
        HR,
        Party.CUSTOMER,
        Role.BUSINESS_OWNER,
        signatory=True,
        try_this="Accept glossary terms; sign customer artifacts.",
    ),
    DemoUser(
        "cust.pm",
        "Priya",
        "Natarajan",
        "priya.natarajan@drc.example",
        HR,
        Party.CUSTOMER,
        Role.PROGRAM_MANAGER,
        try_this="Edit charter draft v2, compare it with v1, submit it for review.",
    ),
    DemoUser(
        "cust.pmolead",
        "Thomas",
        "Becker",
        "thomas.becker@drc.example",
        HR,
        Party.CUSTOMER,
        Role.PMO_LEAD,
        try_this="Manage customer members; move activities on the Play 3.1 board.",
    ),
    DemoUser(
        "cust.team",
        "Aisha",
        "Johnson",
        "aisha.johnson@drc.example",
        HR,
        Party.CUSTOMER,
        Role.PMO_TEAM,
        try_this="Propose glossary terms; edit shared artifacts.",
    ),
    DemoUser(
        "cust.sme",
        "Maria",
        "Gonzalez",
        "maria.gonzalez@drc.example",
        HR,
        Party.CUSTOMER,
        Role.SME,
        try_this="Payroll SME: sign your MOU, awaiting your signature.",
    ),
    DemoUser(
        "cust.sme2",
        "Wei",
        "Zhang",
        "wei.zhang@drc.example",
        HR,
        Party.CUSTOMER,
        Role.SME,
        try_this="Benefits SME: your MOU is signed; see your Fit-Gap attendance.",
    ),
    DemoUser(
        "prov.sponsor",
        "Robert",
        "Lindqvist",
        "robert.lindqvist@fpssc.example",
        HR,
        Party.PROVIDER,
        Role.EXECUTIVE_SPONSOR,
        signatory=True,
        try_this="Sign charter v2 for the provider; approval supersedes v1.",
    ),
    DemoUser(
        "prov.pm",
        "Elena",
        "Vasquez",
        "elena.vasquez@fpssc.example",
        HR,
        Party.PROVIDER,
        Role.PROGRAM_MANAGER,
        try_this="Tick off provider onboarding items; manage provider members.",
    ),
    DemoUser(
        "prov.pmolead",
        "Kevin",
        "O'Brien",
        "kevin.obrien@fpssc.example",
        HR,
        Party.PROVIDER,
        Role.PMO_LEAD,
        try_this="Own the onboarding checklist; accept glossary terms for the provider.",
    ),
    DemoUser(
        "prov.team",
        "Grace",
        "Kim",
        "grace.kim@fpssc.example",
        HR,
        Party.PROVIDER,
        Role.PMO_TEAM,
        try_this="Edit shared artifacts; customer-only ones are read-only.",
    ),
    DemoUser(
        "ivv.agent",
        "Samuel",
        "Adeyemi",
        "samuel.adeyemi@meridian-ivv.example",
        HR,
        Party.INDEPENDENT,
        Role.IVV_AGENT,
        try_this="Read everything of the program; nothing of it can be edited.",
    ),
    DemoUser(
        "outsider",
        "Laura",
        "Chen",
        "laura.chen@biw.example",
        FM,
        Party.CUSTOMER,
        Role.PROGRAM_MANAGER,
        try_this="Sees only the BIW program; DRC pages answer 404.",
    ),
    DemoUser(
        "fin.sponsor",
        "Howard",
        "Mills",
        "howard.mills@biw.example",
        FM,
        Party.CUSTOMER,
        Role.EXECUTIVE_SPONSOR,
        signatory=True,
    ),
    DemoUser(
        "fin.prov.pm",
        "Nadia",
        "Petrov",
        "nadia.petrov@ifsc.example",
        FM,
        Party.PROVIDER,
        Role.PROGRAM_MANAGER,
    ),
    DemoUser(
        "fin.prov.sponsor",
        "James",
        "Whitfield",
        "james.whitfield@ifsc.example",
        FM,
        Party.PROVIDER,
        Role.EXECUTIVE_SPONSOR,
        signatory=True,
    ),
)

ADMIN = DemoUser(
    ADMIN_USERNAME,
    "Portal",
    "Administrator",
    "pmo-admin@pmo-portal.example",
    try_this="Django admin at /admin/; creates programs.",
)


# -- the DRC charter ------------------------------------------------------------------

CHARTER_V1_SECTIONS = {
    "purpose": (
        "Move the Department of Regional Commerce (DRC) onto the Federal Personnel Shared "
        "Services Center (FPSSC) for core HR: personnel action processing, benefits "
        "administration, time and attendance, and payroll.\n\n"
        "**Vision:** every DRC employee and supervisor uses one modern HR service, run by a "
        "provider that serves many agencies, while DRC's HR staff move from keying "
        "transactions to advising the workforce."
    ),
    "justification": (
        "PERSONA, DRC's in-house HR system, has been in service since 2004. Its vendor "
        "support ends in September 2028 and it needs a manual reconciliation with payroll "
        "every pay period.\n\n"
        "Options considered in Phase 2:\n\n"
        "1. Modernise PERSONA in place: highest cost, DRC keeps all operational risk.\n"
        "2. Commercial HR platform hosted for DRC alone: no economies of scale.\n"
        "3. **Migrate to a federal shared-service provider (selected):** lowest ten-year "
        "cost (an estimated $41M saved against option 1), compliance with government-wide "
        "HR rules maintained by the provider, and a path already travelled by six agencies."
    ),
    "objectives": (
        "| Objective | Success criterion |\n"
        "|---|---|\n"
        "| Retire PERSONA | Decommissioned within 90 days of go-live |\n"
        "| Pay people correctly | At least 99.5% of pay accounts correct in the first three "
        "pay periods after go-live |\n"
        "| Process personnel actions on time | 95% of actions effective in the pay period "
        "requested, measured monthly |\n"
        "| Keep employees informed | Every employee receives the cutover guide four weeks "
        "before go-live |"
    ),
    "scope_in": (
        "- Personnel action processing (SF-50s), benefits enrolment and changes\n"
        "- Time and attendance for all 14,200 employees, including the field offices\n"
        "- Payroll processing and the interface to DRC's financial system\n"
        "- Conversion of active employee records and seven years of history\n"
        "- Training of HR staff, supervisors and timekeepers\n"
        "- Decommissioning PERSONA and archiving its records"
    ),
    "scope_out": (
        "- Talent acquisition and the hiring system (a later wave)\n"
        "- Learning management\n"
        "- Changes to DRC's bargaining-unit agreements; the program only informs the unions\n"
        "- Re-engineering DRC's financial system beyond the payroll interface"
    ),
    "governance": (
        "- **Executive Steering Committee** (both Executive Sponsors, DRC's Business Owner): "
        "monthly; decides scope, budget and go-live.\n"
        "- **Integrated PMO** (both Program Managers and PMO Leads): weekly; runs the "
        "Integrated Master Schedule, the RAID log and change requests up to two weeks of "
        "schedule impact or $250,000.\n"
        "- **IV&V**: Meridian Assurance Partners reports findings to the Executive Steering "
        "Committee directly.\n\n"
        "Issues the Integrated PMO cannot settle within ten working days go to the Executive "
        "Steering Committee."
    ),
    "budget_narrative": (
        "The budget covers the provider's migration services under the interagency "
        "agreement, DRC's program staff, IV&V and data conversion. Ten percent is held as "
        "management reserve, released only by the Executive Steering Committee. The "
        "provider reports expenditure to date every month."
    ),
    "assumptions": (
        "- The provider's payroll release 26.2 is in production before Fit-Gap sessions "
        "start.\n"
        "- DRC subject-matter experts give 40% of their time to Fit-Gap and testing "
        "(agreed in SME MOUs).\n"
        "- Funding is available in both fiscal years as planned."
    ),
    "constraints": (
        "- Go-live only at the start of a pay period, and never in the last quarter of the "
        "calendar year (open season and year-end).\n"
        "- PERSONA vendor support ends 30 September 2028.\n"
        "- Personally identifiable information moves only over the provider's FedRAMP "
        "authorised channels."
    ),
    "risks": (
        "| Risk | Owner | Response |\n"
        "|---|---|---|\n"
        "| Data quality of legacy records delays conversion | DRC PMO Lead | Mitigate: "
        "cleanse in three mock conversions |\n"
        "| Provider staff shared with another agency's migration | FPSSC Program Manager | "
        "Mitigate: named team in the resource plan |\n"
        "| Union concerns about time-and-attendance changes | DRC Business Owner | Mitigate: "
        "early briefings |"
    ),
}

CHARTER_V1_MILESTONES = [
    ("Integrated PMO stood up", "2026-04-06"),
    ("Integrated Master Schedule baselined", "2026-06-15"),
    ("Fit-Gap sessions complete", "2026-08-28"),
    ("Phase 3 progress review", "2026-10-30"),
    ("Mock conversion 2 accepted", "2027-03-19"),
    ("Go-live of core HR services", "2027-06-07"),
]

CHARTER_FIELDS = {
    "budget": "18750000.00",
    "funding_source": "Working Capital Fund, FY2026-FY2027 (interagency agreement DRC-26-014)",
}

CHARTER_V2_REASON = (
    "The provider's payroll release 26.2 moved from June to September 2026, so Fit-Gap "
    "sessions end six weeks later; the Phase 3 progress review and go-live move with them."
)

CHARTER_V2_MILESTONES = [
    ("Integrated PMO stood up", "2026-04-06"),
    ("Integrated Master Schedule baselined", "2026-06-15"),
    ("Fit-Gap sessions complete", "2026-10-09"),
    ("Phase 3 progress review", "2026-12-11"),
    ("Mock conversion 2 accepted", "2027-05-14"),
    ("Go-live of core HR services", "2027-08-02"),
]

CHARTER_V2_SECTIONS = {
    "assumptions": (
        "- The provider's payroll release 26.2 is in production by 14 September 2026; "
        "Fit-Gap sessions for payroll start the week after.\n"
        "- DRC subject-matter experts give 40% of their time to Fit-Gap and testing "
        "(agreed in SME MOUs).\n"
        "- Funding is available in both fiscal years as planned."
    ),
    "risks": CHARTER_V1_SECTIONS["risks"]
    + (
        "\n| Go-live slips into the year-end freeze if mock conversion 2 fails | "
        "FPSSC Program Manager | Mitigate: a third mock conversion planned in the IMS |"
    ),
}

FM_CHARTER_SECTIONS = {
    "purpose": (
        "Move the Bureau of Inland Waterways' core financial management to the Interagency "
        "Financial Services Center and retire the two regional ledgers."
    ),
    "justification": (
        "The regional ledgers need a nightly reconciliation that fails about twice a month "
        "and delayed the last two audits. The provider's shared financial system is "
        "already used by eleven bureaus."
    ),
    "objectives": (
        "- Clean audit opinion in the first fiscal year after go-live.\n"
        "- Month-end close within five working days."
    ),
}


def _charter_content(sections: dict[str, str], milestones: list[tuple[str, str]]) -> dict[str, Any]:
    return {
        "sections": sections,
        "fields": dict(CHARTER_FIELDS),
        "tables": {"milestones": [{"name": n, "planned_date": d} for n, d in milestones]},
    }


# -- glossary, onboarding and the board -----------------------------------------------

# (term, definition, usernames who accepted the current wording)
GLOSSARY = (
    (
        "Go-live",
        "The first pay period in which DRC's HR transactions are processed only in the "
        "provider's system.",
        ("cust.pm", "prov.pm"),
    ),
    (
        "Cutover",
        "The planned sequence of steps from the freeze of PERSONA to go-live, including the "
        "final data conversion and the decision to proceed.",
        ("cust.pm", "prov.pmolead"),
    ),
    (
        "Fit-Gap",
        "Sessions in which DRC's subject-matter experts walk through the provider's standard "
        "processes and record where DRC's needs fit and where there is a gap to close.",
        ("cust.owner", "prov.pm"),
    ),
    (
        "Progress review",
        "The end-of-phase review of the M3 framework (formerly called a tollgate) that "
        "decides whether the program may enter the next phase.",
        ("cust.sponsor",),
    ),
    (
        "Shared-service provider",
        "A federal organisation that runs a service, such as HR or payroll, for several "
        "agencies; here, the Federal Personnel Shared Services Center.",
        ("prov.pm",),
    ),
    (
        "IV&V",
        "Independent Verification and Validation: a party independent of both DRC and the "
        "provider that checks the program's plans and products and reports findings.",
        (),
    ),
    (
        "Mock conversion",
        "A full rehearsal of the data conversion into a test copy of the provider's system, "
        "measured against the conversion acceptance criteria.",
        ("cust.pmolead",),
    ),
)

# Onboarding items (by position) done so far: (position, days after program start, notes)
ONBOARDING_DONE = (
    (1, 9, "Accounts for 12 provider staff; two more pending investigations."),
    (2, 4, ""),
    (3, 13, "Held at DRC headquarters with both PMOs."),
    (4, 15, ""),
    (7, 8, "Weekly PMO sync on Tuesdays, executive review on the first Thursday."),
)
# Items still open, with the due date the integrated PMO re-planned them to.
ONBOARDING_REPLANNED = {
    5: dt.date(2026, 12, 18),
    6: dt.date(2026, 12, 4),
    8: dt.date(2026, 12, 11),
}
ONBOARDING_OWNER = "prov.pmolead"

# Activity key: (status or None where it follows its artifact, assignee, due date, the reason
# a person gives for a Blocked status or for overriding the status the artifact gives)
ACTIVITIES: dict[str, tuple[str | None, str, dt.date, str]] = {
    "onboard_provider_pmo": (None, "prov.pmolead", dt.date(2026, 12, 18), ""),
    "update_program_charter": (None, "cust.pm", dt.date(2026, 12, 11), ""),
    "agree_pmo_role": (None, "cust.pmolead", dt.date(2026, 12, 4), ""),
    "document_raci": (None, "cust.pmolead", dt.date(2027, 1, 15), ""),
    "review_ivv_plan": (None, "cust.pm", dt.date(2026, 12, 18), ""),
    # Follows the QASP, which the customer's sponsor approved (the QASP's demo): done.
    "develop_qasp": (None, "cust.owner", dt.date(2027, 2, 12), ""),
    # Follows the schedule: done once both sponsors agree its baseline (the schedule's demo).
    "agree_ims": (None, "cust.team", dt.date(2027, 1, 8), ""),
    # No change request yet, but the schedule is managed and reported: an override.
    "manage_schedule": (
        ActivityStatus.IN_PROGRESS,
        "prov.pm",
        dt.date(2027, 10, 29),
        "Both PMOs review the IMS weekly and report it to OMB monthly since the baseline was "
        "agreed; the first change request comes with the Fit-Gap results.",
    ),
}


# -- seeding --------------------------------------------------------------------------


@dataclass
class Seeded:
    users: dict[str, User]
    programs: dict[str, Program]


def _ensure_user(spec: DemoUser, *, superuser: bool = False) -> User:
    user, created = User.objects.get_or_create(
        username=spec.username,
        defaults={
            "first_name": spec.first_name,
            "last_name": spec.last_name,
            "email": spec.email,
            "is_superuser": superuser,
            "is_staff": superuser,
        },
    )
    # Only a new user gets the demo password: a later run never resets what people changed.
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    elif superuser and not (user.is_superuser and user.is_staff):
        user.is_superuser = user.is_staff = True
        user.save(update_fields=["is_superuser", "is_staff"])
    return user


def _organisation_acronym(spec: DemoUser) -> str | None:
    """Where a demo person works: the party's organisation in their program."""
    program = next((p for p in PROGRAMS if p.code == spec.program), None)
    if program is None or spec.party is None:
        return None
    return {
        Party.CUSTOMER: program.customer,
        Party.PROVIDER: program.provider,
        Party.INDEPENDENT: IVV_FIRM,
    }[Party(spec.party)]


def _ensure_organisation(user: User, spec: DemoUser, *, admin: User) -> None:
    acronym = _organisation_acronym(spec)
    if acronym is None or Profile.objects.filter(user=user).exists():
        return
    profile_set_organisation(
        acting_user=admin, user=user, organisation=Organisation.objects.get(acronym=acronym)
    )


def _ensure_program(
    spec: DemoProgram, *, admin: User, phase: int = M3Phase.ENGAGEMENT
) -> tuple[Program, bool]:
    existing = Program.objects.filter(code=spec.code).first()
    if existing is not None:
        return existing, False
    program = program_services.program_create(
        acting_user=admin,
        name=spec.name,
        code=spec.code,
        customer=Organisation.objects.get(acronym=spec.customer),
        provider=Organisation.objects.get(acronym=spec.provider),
        start_date=spec.start_date,
        planned_end_date=spec.planned_end_date,
        status_date=spec.status_date,
        phase=phase,
        description=spec.description,
    )
    return program, True


def _ensure_member(program: Program, user: User, spec: DemoUser, *, admin: User) -> None:
    if Membership.objects.filter(program=program, user=user).exists():
        return
    assert spec.party is not None and spec.role is not None
    membership_services.membership_create(
        acting_user=admin,
        program=program,
        user=user,
        party=spec.party,
        role=spec.role,
        is_signatory=spec.signatory,
    )


def _seed_hr_charter_v1(program: Program, users: dict[str, User]) -> None:
    """Version 1, approved by both executive sponsors while the program is in Phase 2
    (Selection): it names the provider chosen."""
    editor = users["cust.pm"]
    document = document_services.document_create(
        acting_user=editor,
        program=program,
        kind=CHARTER,
        content=_charter_content(CHARTER_V1_SECTIONS, CHARTER_V1_MILESTONES),
    )
    first = document_services.version_submit(
        acting_user=editor, version=document.versions.get(number=1)
    )
    for signer in (users["cust.sponsor"], users["prov.sponsor"]):
        document_services.version_sign(acting_user=signer, version=first)


def _seed_hr_charter_v2(program: Program, users: dict[str, User]) -> None:
    """In Phase 3, Play 3.1 updates the charter: version 2, a draft for a slipped timeline.
    Activity 2 is in progress until it is approved."""
    editor = users["cust.pm"]
    document = Document.objects.get(program=program, kind=CHARTER)
    second = document_services.version_create_next(
        acting_user=editor,
        document=document,
        reason=VersionReason.TIMELINE_CHANGE,
        reason_text=CHARTER_V2_REASON,
    )
    document_services.version_update_content(
        acting_user=editor,
        version=second,
        content=_charter_content(
            {**CHARTER_V1_SECTIONS, **CHARTER_V2_SECTIONS}, CHARTER_V2_MILESTONES
        ),
        base_revision=second.revision,
    )


def _seed_fm_charter(program: Program, users: dict[str, User]) -> None:
    document_services.document_create(
        acting_user=users["outsider"],
        program=program,
        kind=CHARTER,
        content={"sections": FM_CHARTER_SECTIONS},
    )


def _seed_onboarding(program: Program, users: dict[str, User]) -> None:
    actor = users["prov.pm"]
    owner = Membership.objects.get(program=program, user=users[ONBOARDING_OWNER])
    done = {position: (days, notes) for position, days, notes in ONBOARDING_DONE}
    for item in OnboardingItem.objects.filter(program=program).order_by("position"):
        wanted: dict[str, Any] = {}
        if item.owner_id is None:
            wanted["owner"] = owner
        if item.position in done and item.done_date is None:
            days, notes = done[item.position]
            wanted["done_date"] = program.start_date + dt.timedelta(days=days)
            if notes and not item.notes:
                wanted["notes"] = notes
        replanned = ONBOARDING_REPLANNED.get(item.position)
        if replanned and item.done_date is None and item.due_date != replanned:
            wanted["due_date"] = replanned
        if wanted:
            onboarding_services.onboarding_item_update(acting_user=actor, item=item, **wanted)


def _seed_glossary(program: Program, users: dict[str, User]) -> None:
    for term, definition, accepted_by in GLOSSARY:
        item = GlossaryTerm.objects.filter(program=program, term__iexact=term).first()
        if item is None:
            item = glossary_services.glossary_term_create(
                acting_user=users["cust.team"], program=program, term=term, definition=definition
            )
        for username in accepted_by:
            user = users[username]
            if not GlossaryAcceptance.objects.filter(
                term=item, user=user, revision=item.revision
            ).exists():
                glossary_services.glossary_term_accept(acting_user=user, term=item)


def _seed_board(program: Program, users: dict[str, User]) -> None:
    members = {
        m.user.get_username(): m
        for m in Membership.objects.filter(program=program).select_related("user")
    }
    for activity in PlayActivity.objects.filter(program=program, key__in=ACTIVITIES):
        status, assignee, due_date, reason = ACTIVITIES[activity.key]
        wanted: dict[str, Any] = {}
        if status is not None and activity.status != status:
            wanted["status"] = status
            wanted["reason"] = reason
        if activity.assignee_id != members[assignee].pk:
            wanted["assignee"] = members[assignee]
        if activity.due_date != due_date:
            wanted["due_date"] = due_date
        if not wanted:
            continue
        # The board is moved by someone whose party owns the activity.
        actor = users["prov.pm"] if activity.owning_party == Party.PROVIDER else users["cust.pm"]
        board_services.activity_update(acting_user=actor, activity=activity, **wanted)


@transaction.atomic
def seed() -> Seeded:
    """Create the demo programs that do not exist yet, with their people and artifacts.

    A program that exists is left exactly as it is: what people did during a tour of the
    demo (signing, editing, ticking items off) is never reverted by seeding again.
    """
    admin = _ensure_user(ADMIN, superuser=True)
    for org in ORGANISATIONS:
        Organisation.objects.get_or_create(
            acronym=org.acronym, defaults={"name": org.name, "kind": org.kind}
        )
    users = {ADMIN_USERNAME: admin} | {spec.username: _ensure_user(spec) for spec in USERS}
    for person in USERS:
        _ensure_organisation(users[person.username], person, admin=admin)
    programs: dict[str, Program] = {}
    for spec in PROGRAMS:
        # DRC's charter v1 dates from Phase 2: the program is opened there and moves on.
        phase = M3Phase.SELECTION if spec.code == HR else M3Phase.ENGAGEMENT
        program, created = _ensure_program(spec, admin=admin, phase=phase)
        programs[spec.code] = program
        if not created:
            continue
        for member in USERS:
            if member.program == spec.code:
                _ensure_member(program, users[member.username], member, admin=admin)
        if spec.code == HR:
            _seed_onboarding(program, users)
            _seed_glossary(program, users)
            # The charter freezes the stakeholders when it goes into review: members first.
            _seed_hr_charter_v1(program, users)
            program_services.program_update(
                acting_user=admin, program=program, phase=M3Phase.ENGAGEMENT
            )
            _seed_hr_charter_v2(program, users)
            _seed_board(program, users)
        else:
            _seed_fm_charter(program, users)
    return Seeded(users=users, programs=programs)


def demo_logins() -> list[DemoUser]:
    """Every demo login, in the order a tour would use them."""
    return [*USERS, ADMIN]


def describe(spec: DemoUser) -> str:
    """Party, role and signatory flag of a demo user, as the login table shows them."""
    if spec.party is None or spec.role is None:
        return "portal administrator (superuser)"
    text = f"{Party(spec.party).label}, {Role(spec.role).label}"
    return text + ", signatory" if spec.signatory else text
