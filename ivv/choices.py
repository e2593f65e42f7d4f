"""Enumerations of IV&V findings, in the words of IEEE 1012 and the IV&V practice."""

from __future__ import annotations

from django.db import models

from programs.choices import Party


class FindingStatus(models.TextChoices):
    OPEN = "open", "Open"
    ANSWERED = "answered", "Answered"
    IN_PROGRESS = "in_progress", "In progress"
    CLOSURE_PROPOSED = "closure_proposed", "Closure proposed"
    CLOSED = "closed", "Closed"
    ACCEPTED_RISK = "accepted_risk", "Accepted risk"


#: Statuses of a finding not yet done with: neither closed nor its risk accepted.
UNRESOLVED = frozenset(
    {
        FindingStatus.OPEN,
        FindingStatus.ANSWERED,
        FindingStatus.IN_PROGRESS,
        FindingStatus.CLOSURE_PROPOSED,
    }
)
#: Statuses in which the answering party owes its corrective action (the IV&V agent holds a
#: finding whose closure is proposed: its target date no longer counts against the party).
ACTION_OWED = frozenset({FindingStatus.ANSWERED, FindingStatus.IN_PROGRESS})


class FindingSource(models.TextChoices):
    ARTIFACT = "artifact", "Artifact review"
    REVIEW = "review", "Review or meeting"
    TEST = "test", "Test"
    INTERVIEW = "interview", "Interview"


class FindingCategory(models.TextChoices):
    GOVERNANCE = "governance", "Governance and program management"
    SCHEDULE = "schedule", "Schedule"
    COST = "cost", "Cost and budget"
    REQUIREMENTS = "requirements", "Requirements"
    DESIGN = "design", "Design and architecture"
    DATA = "data", "Data migration"
    TESTING = "testing", "Testing"
    SECURITY = "security", "Security and privacy"
    ORGANISATIONAL_CHANGE = "organisational_change", "Organisational change and training"
    OTHER = "other", "Other"


class Severity(models.IntegerChoices):
    CRITICAL = 1, "1: Critical"
    HIGH = 2, "2: High"
    MODERATE = 3, "3: Moderate"
    LOW = 4, "4: Low"
    OBSERVATION = 5, "5: Observation"


class IntegrityLevel(models.IntegerChoices):
    """IEEE 1012 integrity levels: the consequence of the concerned function failing."""

    NEGLIGIBLE = 1, "1: Negligible"
    MARGINAL = 2, "2: Marginal"
    CRITICAL = 3, "3: Critical"
    CATASTROPHIC = 4, "4: Grave"


class FindingResponse(models.TextChoices):
    CONCUR = "concur", "Concur"
    PARTIALLY_CONCUR = "partially_concur", "Partially concur"
    NON_CONCUR = "non_concur", "Non-concur"


class AnsweringParty(models.TextChoices):
    """The parties that answer findings: the customer or the provider, never the IV&V agent."""

    CUSTOMER = Party.CUSTOMER.value, Party.CUSTOMER.label
    PROVIDER = Party.PROVIDER.value, Party.PROVIDER.label


ANSWERING_PARTIES = AnsweringParty.choices


class ConcernsKind(models.TextChoices):
    """The items of the portal a finding may concern, as "app_label.model"."""

    TASK = "schedule.task", "Schedule task"
    CHANGE_REQUEST = "schedule.changerequest", "Change request"
    DOCUMENT_VERSION = "programs.documentversion", "Document version"
    RACI_ROW = "raci.racirow", "RACI row"


class OverdueKind(models.TextChoices):
    ANSWER = "answer", "Answer overdue"
    ACTION = "action", "Corrective action overdue"
