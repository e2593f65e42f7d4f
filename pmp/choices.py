"""Enumerations of the Program Management Plan, in the words of PMI and the M3 playbook."""

from __future__ import annotations

from django.db import models

from programs.choices import OwningParty


class RaidKind(models.TextChoices):
    """The four kinds of item of the RAID log; each is numbered on its own (R-12, A-40)."""

    RISK = "risk", "Risk"
    ACTION = "action", "Action"
    ISSUE = "issue", "Issue"
    DECISION = "decision", "Decision"

    @property
    def prefix(self) -> str:
        return {"risk": "R", "action": "A", "issue": "I", "decision": "D"}[self.value]

    @property
    def register_key(self) -> str:
        """The name of the kind's counter (``programs.registers.allocate_number``)."""
        return f"raid-{self.value}"


class RaidStatus(models.TextChoices):
    """Every status of every kind; ``STATUSES_BY_KIND`` says which belong to which."""

    OPEN = "open", "Open"
    CLOSED = "closed", "Closed"
    OCCURRED = "occurred", "Occurred"
    RESOLVED = "resolved", "Resolved"
    DONE = "done", "Done"
    CANCELLED = "cancelled", "Cancelled"
    PROPOSED = "proposed", "Proposed"
    DECIDED = "decided", "Decided"
    SUPERSEDED = "superseded", "Superseded"


S = RaidStatus
STATUSES_BY_KIND: dict[str, tuple[str, ...]] = {
    RaidKind.RISK: (S.OPEN, S.CLOSED, S.OCCURRED),
    RaidKind.ISSUE: (S.OPEN, S.RESOLVED, S.CLOSED),
    RaidKind.ACTION: (S.OPEN, S.DONE, S.CANCELLED),
    RaidKind.DECISION: (S.PROPOSED, S.DECIDED, S.SUPERSEDED),
}
#: The status a new item of each kind starts in.
INITIAL_STATUS: dict[str, str] = {
    RaidKind.RISK: S.OPEN,
    RaidKind.ISSUE: S.OPEN,
    RaidKind.ACTION: S.OPEN,
    RaidKind.DECISION: S.PROPOSED,
}
#: Statuses in which an item still asks for work (counted as open, flagged when overdue).
ACTIVE_STATUSES = frozenset({S.OPEN, S.PROPOSED})

#: The owners of a RAID item: the customer, the provider or both (shared).
RAID_OWNERS = [
    (o.value, str(o.label))
    for o in (OwningParty.CUSTOMER, OwningParty.PROVIDER, OwningParty.SHARED)
]


class RiskCategory(models.TextChoices):
    SCHEDULE = "schedule", "Schedule"
    COST = "cost", "Cost and budget"
    SCOPE = "scope", "Scope and requirements"
    TECHNICAL = "technical", "Technical and integration"
    DATA = "data", "Data migration"
    PEOPLE = "people", "People and organisational change"
    VENDOR = "vendor", "Provider and acquisition"
    SECURITY = "security", "Security and privacy"
    COMPLIANCE = "compliance", "Policy and compliance"
    GOVERNANCE = "governance", "Governance"
    OTHER = "other", "Other"


class ResponseStrategy(models.TextChoices):
    AVOID = "avoid", "Avoid"
    MITIGATE = "mitigate", "Mitigate"
    TRANSFER = "transfer", "Transfer"
    ACCEPT = "accept", "Accept"
    ESCALATE = "escalate", "Escalate"


class IssuePriority(models.TextChoices):
    LOW = "low", "Low"
    MEDIUM = "medium", "Medium"
    HIGH = "high", "High"
    CRITICAL = "critical", "Critical"


class EscalationLevel(models.TextChoices):
    """Where an issue is being worked: the level of the program's governance structure."""

    PROJECT = "project", "Project team"
    JOINT_PMO = "joint_pmo", "Joint PMO"
    STEERING = "steering", "Executive steering committee"


class ActionSource(models.TextChoices):
    MEETING = "meeting", "Meeting"
    DECISION = "decision", "Decision"
    RISK = "risk", "Risk response"
    ISSUE = "issue", "Issue"
    FINDING = "finding", "IV&V finding"
    OTHER = "other", "Other"


class RiskBand(models.TextChoices):
    LOW = "low", "Low"
    MODERATE = "moderate", "Moderate"
    HIGH = "high", "High"
    VERY_HIGH = "very_high", "Very high"


class ScorePosition(models.TextChoices):
    """Where a risk sits on the matrix: before the response (inherent) or after it."""

    INHERENT = "inherent", "Inherent (before response)"
    RESIDUAL = "residual", "Residual (after response)"


class LinkKind(models.TextChoices):
    """What a RAID item links to: a schedule task, a change request, an IV&V finding or
    another RAID item of the program."""

    TASK = "task", "Schedule task"
    CHANGE_REQUEST = "change_request", "Change request"
    FINDING = "finding", "IV&V finding"
    RAID_ITEM = "raid_item", "RAID item"
