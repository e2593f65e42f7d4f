"""Enumerations of the programs domain, in the words of M3 Play 3.1."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models


def in_words(choices: type[models.Choices], *, lower: bool = False) -> str:
    """The labels of ``choices`` as a person reads a list: "Scope change, Timeline change or
    Other" (``lower``: "scope change, timeline change or other"). Messages name choices by
    these, never by their stored values."""
    labels = [str(label) for label in choices.labels]
    if lower:
        labels = [label[0].lower() + label[1:] for label in labels]
    if len(labels) < 2:
        return "".join(labels)
    return f"{', '.join(labels[:-1])} or {labels[-1]}"


class OrganisationKind(models.TextChoices):
    FEDERAL_AGENCY = "federal_agency", "Federal agency"
    SHARED_SERVICE_PROVIDER = "shared_service_provider", "Shared-service provider"
    IVV_FIRM = "ivv_firm", "Independent IV&V firm"


class M3Phase(models.IntegerChoices):
    ASSESSMENT = 0, "Phase 0: Assessment"
    READINESS = 1, "Phase 1: Readiness"
    SELECTION = 2, "Phase 2: Selection"
    ENGAGEMENT = 3, "Phase 3: Engagement"
    MIGRATION = 4, "Phase 4: Migration"
    OPERATIONS = 5, "Phase 5: Operations"


class ProgramStatus(models.TextChoices):
    ACTIVE = "active", "Active"
    ON_HOLD = "on_hold", "On hold"
    CLOSED = "closed", "Closed"


class Party(models.TextChoices):
    CUSTOMER = "customer", "Customer"
    PROVIDER = "provider", "Provider"
    INDEPENDENT = "independent", "Independent (IV&V)"


class OwningParty(models.TextChoices):
    """Who owns an artifact: the responsibility code of M3 (C, P, S), and the independent
    IV&V party (I) for what the IV&V agent writes itself (its periodic reports)."""

    CUSTOMER = "customer", "Customer (C)"
    PROVIDER = "provider", "Provider (P)"
    SHARED = "shared", "Shared (S)"
    INDEPENDENT = "independent", "Independent (IV&V)"

    @property
    def code(self) -> str:
        return {"customer": "C", "provider": "P", "shared": "S", "independent": "I"}[self.value]

    @property
    def parties(self) -> tuple[str, ...]:
        """The parties whose members may change such an artifact."""
        if self == OwningParty.SHARED:
            return (Party.CUSTOMER, Party.PROVIDER)
        return (self.value,)

    @property
    def signing_parties(self) -> tuple[str, ...]:
        """The parties a signatory of each must sign such an artifact: its owners, but none
        for the independent party, whose artifacts their author signs as a named signer (the
        independent party has no signatories)."""
        return () if self == OwningParty.INDEPENDENT else self.parties


#: The owners of the work the customer and the provider do together (Play 3.1 activities,
#: RACI rows, schedule tasks): the independent party owns none of it.
JOINT_OWNERS = (OwningParty.CUSTOMER, OwningParty.PROVIDER, OwningParty.SHARED)
JOINT_OWNER_CHOICES = [(o.value, str(o.label)) for o in JOINT_OWNERS]


class JointOwner(models.TextChoices):
    """``JOINT_OWNERS`` as an enumeration, for the API's schema of such work's owner."""

    CUSTOMER = OwningParty.CUSTOMER.value, OwningParty.CUSTOMER.label
    PROVIDER = OwningParty.PROVIDER.value, OwningParty.PROVIDER.label
    SHARED = OwningParty.SHARED.value, OwningParty.SHARED.label


class Role(models.TextChoices):
    EXECUTIVE_SPONSOR = "executive_sponsor", "Executive Sponsor"
    BUSINESS_OWNER = "business_owner", "Business Owner"
    PROGRAM_MANAGER = "program_manager", "Program Manager"
    PMO_LEAD = "pmo_lead", "PMO Lead"
    PMO_TEAM = "pmo_team", "PMO Team"
    SME = "sme", "Subject-matter expert"
    IVV_AGENT = "ivv_agent", "IV&V agent"
    VIEWER = "viewer", "Viewer"


# Roles that edit artifacts of their own party and shared ones.
EDITING_ROLES = frozenset({Role.PROGRAM_MANAGER, Role.PMO_LEAD, Role.PMO_TEAM})
# Roles that manage the members of their own party.
MEMBER_MANAGING_ROLES = frozenset({Role.PROGRAM_MANAGER, Role.PMO_LEAD})
# Roles that carry authority over the program: only the party's Executive Sponsor or a portal
# administrator grants or removes them (nobody raises their own authority).
AUTHORITY_ROLES = frozenset({Role.EXECUTIVE_SPONSOR, Role.BUSINESS_OWNER})
# The roles that may carry the signatory flag unless the PMO_SIGNATORY_ROLES setting says
# otherwise (``programs.policy.signatory_roles`` is the one place that answers).
DEFAULT_SIGNATORY_ROLES = AUTHORITY_ROLES
# How far a role reaches: a member grants no role ranked above their own, and changes no
# member ranked above them. The IV&V agent ranks with the SME: it manages nothing.
ROLE_RANK: dict[str, int] = {
    Role.EXECUTIVE_SPONSOR: 70,
    Role.BUSINESS_OWNER: 60,
    Role.PROGRAM_MANAGER: 50,
    Role.PMO_LEAD: 40,
    Role.PMO_TEAM: 30,
    Role.SME: 20,
    Role.IVV_AGENT: 20,
    Role.VIEWER: 10,
}
# Which roles a party may hold (the Business Owner is a customer role, the IV&V agent independent).
PARTY_ROLES: dict[str, frozenset[str]] = {
    Party.CUSTOMER: frozenset(Role.values) - {Role.IVV_AGENT},
    Party.PROVIDER: frozenset(Role.values) - {Role.IVV_AGENT, Role.BUSINESS_OWNER},
    Party.INDEPENDENT: frozenset({Role.IVV_AGENT, Role.VIEWER}),
}


class ActivityStatus(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    IN_PROGRESS = "in_progress", "In progress"
    DONE = "done", "Done"
    BLOCKED = "blocked", "Blocked"


@dataclass(frozen=True)
class PlayActivityDefinition:
    """One activity of Play 3.1. ``key`` identifies it: play numbers change between editions."""

    key: str
    number: int
    owning_party: str
    title: str
    artifact: str


PLAY_3_1_ACTIVITIES: tuple[PlayActivityDefinition, ...] = (
    PlayActivityDefinition(
        "onboard_provider_pmo",
        1,
        OwningParty.PROVIDER,
        "Onboard provider PMO",
        "Onboarding checklist, provider stakeholder roster",
    ),
    PlayActivityDefinition(
        "update_program_charter",
        2,
        OwningParty.SHARED,
        "Update the Program Charter for scope and timeline changes",
        "Program Charter (new version)",
    ),
    PlayActivityDefinition(
        "agree_pmo_role",
        3,
        OwningParty.SHARED,
        "Agree on the PMO role and shared responsibilities (customer vs provider)",
        "PMO role agreement",
    ),
    PlayActivityDefinition(
        "document_raci",
        4,
        OwningParty.SHARED,
        "Document roles and responsibilities in a RACI or Resource Management Plan",
        "RACI matrix, Resource Management Plan",
    ),
    PlayActivityDefinition(
        "review_ivv_plan",
        5,
        OwningParty.SHARED,
        "Review the customer's IV&V plan and update it as needed",
        "IV&V plan (new version), review record",
    ),
    PlayActivityDefinition(
        "establish_pmp",
        6,
        OwningParty.SHARED,
        "Establish the Program Management Plan (schedule, scope, risk, acquisition, cost, "
        "communications, QA)",
        "PMP with seven subsidiary plans",
    ),
    PlayActivityDefinition(
        "develop_qasp",
        7,
        OwningParty.CUSTOMER,
        "Develop the QASP to monitor implementation and service metrics",
        "QASP",
    ),
    PlayActivityDefinition(
        "agree_ims",
        8,
        OwningParty.SHARED,
        "Agree to the Integrated Master Schedule, refine it continuously through Phase 3",
        "IMS with an agreed baseline",
    ),
    PlayActivityDefinition(
        "manage_schedule",
        9,
        OwningParty.SHARED,
        "Manage the schedule by the agreed procedures, updating OMB and key stakeholders",
        "Change log, status reports",
    ),
)
ACTIVITY_KEYS = tuple(a.key for a in PLAY_3_1_ACTIVITIES)


DEFAULT_ONBOARDING_ITEMS: tuple[tuple[str, int], ...] = (
    # (title, days after program start it is due)
    ("Provider PMO accounts and access to customer systems granted", 10),
    ("Points of contact exchanged and provider stakeholder roster published", 5),
    ("Joint PMO orientation held (governance, cadence, escalation paths)", 14),
    ("Shared tools and document repositories set up for both parties", 14),
    ("Background investigations and suitability checks completed for provider staff", 30),
    ("Security and privacy training completed by provider staff", 21),
    ("Meeting cadence agreed (weekly PMO sync, monthly executive review)", 10),
    ("Status-report template and reporting calendar agreed", 21),
)


class DocumentStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    IN_REVIEW = "in_review", "In review"
    APPROVED = "approved", "Approved"
    SUPERSEDED = "superseded", "Superseded"


class VersionReason(models.TextChoices):
    SCOPE_CHANGE = "scope_change", "Scope change"
    TIMELINE_CHANGE = "timeline_change", "Timeline change"
    OTHER = "other", "Other"


class PartStatus(models.TextChoices):
    """How a part (section, field, table) of a document differs between two versions."""

    UNCHANGED = "unchanged", "Unchanged"
    ADDED = "added", "Added"
    REMOVED = "removed", "Removed"
    CHANGED = "changed", "Changed"


class DiffOp(models.TextChoices):
    """One run of a word-level difference."""

    EQUAL = "equal", "Equal"
    INSERT = "insert", "Inserted"
    DELETE = "delete", "Deleted"


class AuditAction(models.TextChoices):
    CREATE = "create", "Created"
    UPDATE = "update", "Updated"
    DELETE = "delete", "Deleted"
    SUBMIT = "submit", "Submitted for review"
    SIGN = "sign", "Signed"
    APPROVE = "approve", "Approved"
    VOID_SIGNATURES = "void_signatures", "Signatures voided"
    SUPERSEDE = "supersede", "Superseded"
    ACCEPT = "accept", "Accepted"
    ATTACH = "attach", "File attached"
    DOWNLOAD = "download", "File downloaded"
    REMOVE_FILE = "remove_file", "File removed"
    TRANSITION = "transition", "Moved on its life cycle"


class CommentType(models.TextChoices):
    """How much a review comment weighs: a critical one blocks approval until dispositioned."""

    EDITORIAL = "editorial", "Editorial"
    SUBSTANTIVE = "substantive", "Substantive"
    CRITICAL = "critical", "Critical"


class Disposition(models.TextChoices):
    """What the document's owning party decided about a review comment."""

    ACCEPTED = "accepted", "Accepted"
    ACCEPTED_WITH_MODIFICATION = "accepted_with_modification", "Accepted with modification"
    REJECTED = "rejected", "Rejected"
    DEFERRED = "deferred", "Deferred"


class Concurrence(models.TextChoices):
    """The reviewer's answer to the disposition of their comment."""

    CONCUR = "concur", "Concur"
    NON_CONCUR = "non_concur", "Non-concur"


class JobStatus(models.TextChoices):
    """A background job as the person who started it follows it."""

    QUEUED = "queued", "Queued"
    RUNNING = "running", "Running"
    DONE = "done", "Done"
    FAILED = "failed", "Failed"
