"""The root of everything: organisations, programs, memberships, the Play 3.1 board,
provider onboarding, the shared glossary, versioned documents with sign-off, audit events,
background jobs with progress, and files attached to register rows.

Every program-owned model names, for the access policy, the path to its Program and the party
that owns it (``policy_program_field`` and ``policy_owning_party`` or
``policy_owning_party_field``); see ``programs.policy``.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, ClassVar

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone

from .choices import (
    JOINT_OWNER_CHOICES,
    ActivityStatus,
    AuditAction,
    DocumentStatus,
    JobStatus,
    M3Phase,
    OrganisationKind,
    OwningParty,
    Party,
    ProgramStatus,
    Role,
    VersionReason,
)

if TYPE_CHECKING:
    from .documents import DocumentKind


def person_name(user: Any) -> str:
    """How the portal names a person: their full name, else their username."""
    return str(user.get_full_name() or user.get_username())


class Attachable:
    """A program-owned model whose rows people attach files to (``Attachment``): a finding's
    closure evidence, a risk's analysis. A register opts in by mixing this in; the shared
    attachments block (services, page include, views, API) then serves its rows.

    Who may read the files is who may view the row. Who may attach and remove them is by
    default who may change the row; a register that needs another rule says so in
    ``policy_may_attach`` (``programs.policy.can_attach`` asks it, for people who may view
    the row), e.g. for an IV&V finding "the party that must answer it and the IV&V agent"::

        def policy_may_attach(self, user):
            membership = policy.membership_of(user, self.program)
            return membership is not None and membership.party in (
                self.responding_party, Party.INDEPENDENT
            )
    """

    #: The purposes a register offers ("closure evidence", "supporting file"); empty: a free
    #: short label.
    attachment_purposes: ClassVar[Sequence[str]] = ()

    def policy_may_attach(self, user: Any) -> bool | None:
        """May ``user`` (who may view this row) attach and remove its files? None: the default
        rule, ``change`` on the row."""
        return None


class Organisation(models.Model):
    name = models.CharField(max_length=200, unique=True)
    acronym = models.CharField(max_length=20, unique=True)
    kind = models.CharField(max_length=32, choices=OrganisationKind.choices)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.acronym})"


class Program(models.Model):
    name = models.CharField(max_length=200)
    code = models.SlugField(
        max_length=40, unique=True, help_text="Short identifier used in URLs and exports."
    )
    customer = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="programs_as_customer"
    )
    provider = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="programs_as_provider"
    )
    phase = models.IntegerField("M3 phase", choices=M3Phase.choices, default=M3Phase.ENGAGEMENT)
    status = models.CharField(
        max_length=16, choices=ProgramStatus.choices, default=ProgramStatus.ACTIVE
    )
    start_date = models.DateField()
    planned_end_date = models.DateField()
    status_date = models.DateField(help_text="The date progress is reported as of.")
    description = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    policy_program_field: ClassVar[str] = "pk"
    policy_owning_party: ClassVar[str | None] = OwningParty.SHARED

    class Meta:
        ordering = ["name"]
        permissions = [
            ("change_customer_artifacts", "Change customer-owned and shared artifacts"),
            ("change_provider_artifacts", "Change provider-owned and shared artifacts"),
            ("sign_customer_artifacts", "Sign for the customer"),
            ("sign_provider_artifacts", "Sign for the provider"),
            ("manage_customer_members", "Manage customer (and independent) members"),
            ("manage_provider_members", "Manage provider members"),
            ("change_independent_artifacts", "Change independent-owned (IV&V) artifacts"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(planned_end_date__gte=models.F("start_date")),
                name="program_end_after_start",
                violation_error_message="The planned end date must not be before the start date.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code}: {self.name}"

    def get_absolute_url(self) -> str:
        return reverse("programs:program-detail", kwargs={"code": self.code})


class Membership(models.Model):
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    party = models.CharField(max_length=16, choices=Party.choices)
    role = models.CharField(max_length=32, choices=Role.choices)
    is_signatory = models.BooleanField(
        "signatory", default=False, help_text="Signs artifacts for their party."
    )
    # Who granted the signatory flag and when: signing authority is always traceable to a
    # sponsor or a portal administrator.
    signatory_granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    signatory_granted_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    policy_program_field: ClassVar[str] = "program"
    # Members are "owned" by their party: only that party's managers change them.
    policy_owning_party_field: ClassVar[str] = "party"

    class Meta:
        ordering = ["party", "role", "user__last_name", "user__username"]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "user"],
                name="one_membership_per_user_and_program",
                violation_error_message="This person is already a member of the program.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.display_name} ({self.get_party_display()}, {self.get_role_display()})"

    @property
    def display_name(self) -> str:
        return person_name(self.user)

    @property
    def signatory_grantor_name(self) -> str:
        """Who granted the signatory flag, as people read it."""
        grantor = self.signatory_granted_by
        return person_name(grantor) if grantor is not None else "a removed account"


class PlayActivity(models.Model):
    """One of the nine activities of Play 3.1 on a program's board."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="activities")
    key = models.CharField(max_length=40)
    number = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=200)
    artifact = models.CharField("artifact it produces", max_length=200)
    owning_party = models.CharField(max_length=16, choices=JOINT_OWNER_CHOICES)
    status = models.CharField(
        max_length=16, choices=ActivityStatus.choices, default=ActivityStatus.NOT_STARTED
    )
    due_date = models.DateField(null=True, blank=True)
    assignee = models.ForeignKey(
        Membership, null=True, blank=True, on_delete=models.SET_NULL, related_name="activities"
    )
    evidence_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.SET_NULL)
    evidence_id = models.PositiveBigIntegerField(null=True, blank=True)
    evidence = GenericForeignKey("evidence_type", "evidence_id")
    #: Why the status is what it is when a person set it: what blocks the activity, or why
    #: it overrides the status its artifact gives.
    status_reason = models.TextField(blank=True)
    #: Who overrode the status its artifact gives, and when (None: the status is derived).
    overridden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    overridden_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    policy_program_field: ClassVar[str] = "program"
    policy_owning_party_field: ClassVar[str] = "owning_party"

    class Meta:
        ordering = ["program", "number"]
        verbose_name_plural = "play activities"
        constraints = [
            models.UniqueConstraint(fields=["program", "key"], name="one_activity_per_key"),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"

    @property
    def is_overridden(self) -> bool:
        """A person set a status other than the one its artifact gives."""
        return self.overridden_at is not None


class OnboardingItem(Attachable, models.Model):
    """An item of the provider PMO's onboarding checklist (activity 1, provider-owned). Its
    evidence (a signed access form, a completion certificate) may be attached to it."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="onboarding_items")
    title = models.CharField(max_length=200)
    owner = models.ForeignKey(
        Membership, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    due_date = models.DateField(null=True, blank=True)
    done_date = models.DateField(null=True, blank=True)
    notes = models.TextField(blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    policy_program_field: ClassVar[str] = "program"
    policy_owning_party: ClassVar[str | None] = OwningParty.PROVIDER

    class Meta:
        ordering = ["program", "position", "pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_done(self) -> bool:
        return self.done_date is not None


class GlossaryTerm(models.Model):
    """A term of the shared glossary (lesson 6). Agreed once a reviewer of each party has
    accepted its current wording; a new wording starts a new revision and needs new acceptances.
    """

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="glossary_terms")
    term = models.CharField(max_length=120)
    definition = models.TextField()
    revision = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)

    policy_program_field: ClassVar[str] = "program"
    policy_owning_party: ClassVar[str | None] = OwningParty.SHARED

    class Meta:
        ordering = ["program", "term"]
        constraints = [
            models.UniqueConstraint(
                Lower("term"),
                "program",
                name="glossary_term_unique_per_program",
                violation_error_message="The glossary already has this term.",
            ),
        ]

    def __str__(self) -> str:
        return self.term


class GlossaryAcceptance(models.Model):
    term = models.ForeignKey(GlossaryTerm, on_delete=models.CASCADE, related_name="acceptances")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    party = models.CharField(max_length=16, choices=Party.choices)
    revision = models.PositiveIntegerField()
    accepted_at = models.DateTimeField(auto_now_add=True)

    policy_program_field: ClassVar[str] = "term__program"
    policy_owning_party: ClassVar[str | None] = OwningParty.SHARED

    class Meta:
        ordering = ["accepted_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["term", "user", "revision"], name="one_acceptance_per_revision"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.term} r{self.revision} accepted by {self.user}"


class Document(models.Model):
    """A versioned artifact of a program (charter, PMP, QASP, ...). ``kind`` names its
    definition in ``programs.documents`` (sections, tables, owning party, signing parties).
    """

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(max_length=40)
    #: Tells apart the documents of a kind a program holds several of (one SME MOU per
    #: subject-matter expert: ``member-<membership id>``); empty for a kind held once.
    key = models.CharField(max_length=60, blank=True, default="")
    #: The member the document is about (the SME of an MOU); kept as a record if they leave.
    subject = models.ForeignKey(
        Membership, null=True, blank=True, on_delete=models.SET_NULL, related_name="documents"
    )
    title = models.CharField(max_length=200)
    owning_party = models.CharField(max_length=16, choices=OwningParty.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    policy_program_field: ClassVar[str] = "program"
    policy_owning_party_field: ClassVar[str] = "owning_party"

    class Meta:
        ordering = ["program", "kind", "key"]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "kind", "key"], name="one_document_per_kind_and_key"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.program.code})"

    def get_absolute_url(self) -> str:
        return self.definition.document_url(self)

    @property
    def definition(self) -> DocumentKind:
        from .documents import document_kind

        return document_kind(self.kind)

    @property
    def signing_parties(self) -> tuple[str, ...]:
        """A signatory of each of these parties signs before a version is approved: the
        parties that own the document (none for the independent party's: its named author
        signs)."""
        return OwningParty(self.owning_party).signing_parties


class NamedSigner(models.Model):
    """A person a document names as a signer besides a signatory of each owning party (the
    SME and the other party's Program Manager of an MOU): every one of them signs before a
    version is approved, and nobody else signs in their place."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="named_signers")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    capacity = models.CharField(
        max_length=120, help_text="Why they sign, e.g. “Subject-matter expert”."
    )
    position = models.PositiveSmallIntegerField(default=0)

    policy_program_field: ClassVar[str] = "document__program"
    policy_owning_party_field: ClassVar[str] = "document__owning_party"

    class Meta:
        ordering = ["document", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["document", "user"], name="one_naming_per_signer"),
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.capacity}) on {self.document}"


class DocumentVersion(models.Model):
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    status = models.CharField(
        max_length=16, choices=DocumentStatus.choices, default=DocumentStatus.DRAFT
    )
    reason = models.CharField(max_length=20, choices=VersionReason.choices, blank=True)
    reason_text = models.TextField("reason", blank=True)
    phase = models.IntegerField(
        "M3 phase", choices=M3Phase.choices, help_text="The program's phase when it was made."
    )
    content: models.JSONField[Any, Any] = models.JSONField(default=dict)
    revision = models.PositiveIntegerField(
        default=1, help_text="Incremented by every save; a save from an older revision is stale."
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    approved_at = models.DateTimeField(null=True, blank=True)

    policy_program_field: ClassVar[str] = "document__program"
    policy_owning_party_field: ClassVar[str] = "document__owning_party"

    class Meta:
        ordering = ["document", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["document", "number"], name="version_number_unique"),
            models.UniqueConstraint(
                fields=["document"],
                condition=Q(status__in=[DocumentStatus.DRAFT, DocumentStatus.IN_REVIEW]),
                name="one_open_version_per_document",
                violation_error_message="The document already has a version in draft or review.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.document.title} v{self.number} ({self.get_status_display()})"

    def get_absolute_url(self) -> str:
        return self.document.definition.version_url(self)

    @property
    def is_editable(self) -> bool:
        return self.status in (DocumentStatus.DRAFT, DocumentStatus.IN_REVIEW)

    @property
    def is_approved(self) -> bool:
        return self.status == DocumentStatus.APPROVED


class Signature(models.Model):
    version = models.ForeignKey(
        DocumentVersion, on_delete=models.CASCADE, related_name="signatures"
    )
    signer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="signatures"
    )
    party = models.CharField(max_length=16, choices=Party.choices)
    role = models.CharField(max_length=32, choices=Role.choices)
    signed_at = models.DateTimeField()
    content_sha256 = models.CharField("SHA-256 of the content signed", max_length=64)
    #: Signed as a person the document names (``NamedSigner``), not as a party's signatory.
    named = models.BooleanField(default=False)
    voided_at = models.DateTimeField(null=True, blank=True)
    # Room for a return to draft's reason (up to 1,000 characters) after its prefix.
    void_reason = models.CharField(max_length=1100, blank=True)

    policy_program_field: ClassVar[str] = "version__document__program"
    policy_owning_party_field: ClassVar[str] = "version__document__owning_party"

    class Meta:
        ordering = ["signed_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "signer"],
                condition=Q(voided_at__isnull=True),
                name="one_valid_signature_per_signer",
                violation_error_message="This person has already signed this version.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.signer} for the {self.get_party_display()} on {self.signed_at:%Y-%m-%d}"

    @property
    def is_valid(self) -> bool:
        return self.voided_at is None


class AuditEvent(models.Model):
    """Who did what to which object of a program, as which party, changing which fields."""

    program = models.ForeignKey(
        Program, null=True, on_delete=models.CASCADE, related_name="audit_events"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_name = models.CharField(max_length=150, help_text="Kept if the user is removed.")
    actor_party = models.CharField(max_length=16, choices=Party.choices, blank=True)
    action = models.CharField(max_length=20, choices=AuditAction.choices)
    target_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    target_id = models.CharField(max_length=64)
    target_repr = models.CharField(max_length=250)
    changes: models.JSONField[Any, Any] = models.JSONField(
        default=dict, help_text="Field name to [before, after]."
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    policy_program_field: ClassVar[str] = "program"
    policy_owning_party: ClassVar[str | None] = OwningParty.SHARED

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["program", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.actor_name} {self.get_action_display().lower()} {self.target_repr}"


class Job(models.Model):
    """Work a person waits for, done by a Celery worker: queued, running with a step and
    counts, then done with a result or failed with the reason. A page polls it; its ``key``
    names the work once, so the same work asked twice is one job and a redelivered task
    does not do it again."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="jobs")
    kind = models.CharField(max_length=40, help_text="What the job does, e.g. schedule_import.")
    key = models.CharField(max_length=200, unique=True)
    title = models.CharField(max_length=200, help_text="What the job does, in words.")
    status = models.CharField(max_length=16, choices=JobStatus.choices, default=JobStatus.QUEUED)
    step = models.CharField(max_length=200, blank=True, help_text="What it is doing now.")
    done_count = models.PositiveIntegerField(default=0)
    total_count = models.PositiveIntegerField(default=0)
    steps: models.JSONField[Any, Any] = models.JSONField(
        default=list, help_text="Every step taken, as [time, step]."
    )
    params: models.JSONField[Any, Any] = models.JSONField(
        default=dict, help_text="What the job works on (a stored file, options)."
    )
    result: models.JSONField[Any, Any] = models.JSONField(default=dict, blank=True)
    error_code = models.CharField(max_length=40, blank=True)
    error_message = models.TextField(blank=True)
    error_problems: models.JSONField[Any, Any] = models.JSONField(
        default=list, blank=True, help_text="Each located problem: {location, message}."
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    policy_program_field: ClassVar[str] = "program"
    policy_owning_party: ClassVar[str | None] = OwningParty.SHARED

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["program", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.title} ({self.get_status_display().lower()})"

    def get_absolute_url(self) -> str:
        return reverse("programs:job", kwargs={"code": self.program.code, "pk": self.pk})

    @property
    def finished(self) -> bool:
        return self.status in (JobStatus.DONE, JobStatus.FAILED)


class RegisterCounter(models.Model):
    """The last number given in one register of a program (IVV-003, R-12): locked while the
    next one is taken, so numbers never repeat and never skip (``programs.registers``)."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="+")
    register = models.CharField(max_length=40, help_text="Which register, e.g. ivv_finding.")
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["program", "register"], name="one_counter_per_program_register"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.register} of program {self.program_id}: {self.last_number}"


class IdempotencyKey(models.Model):
    """A create a person asked for once. The same key sent again by them for the same
    ``scope`` within IDEMPOTENCY_KEY_TTL_HOURS replays the first answer instead of creating a
    second object: a double click, a retried request. The web remembers where it redirected
    to; the API the status and JSON body it answered."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="idempotency_keys"
    )
    key = models.CharField(max_length=64)
    scope = models.CharField(
        max_length=60, help_text="What was created, e.g. change_request:create."
    )
    payload_sha256 = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    redirect_url = models.CharField(max_length=500, blank=True)
    response_status = models.PositiveSmallIntegerField(null=True, blank=True)
    response_body: models.JSONField[Any, Any] = models.JSONField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "scope", "key"], name="one_idempotency_key_per_user_and_scope"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.scope} {self.key} of {self.user}"


def attachment_path(instance: Attachment, filename: str) -> str:
    """Where an attachment's bytes are kept: a name the portal makes, never the uploader's
    path; the folder of its own keeps two files of one name apart."""
    return f"attachments/{instance.program.code}/{instance.uuid}/{filename}"


class Attachment(models.Model):
    """A file attached to a row of a register (any ``Attachable`` program-owned model). Its
    access is its row's (``programs.policy``); it is read only through the portal's
    access-checked download, never at a public URL. Removing it keeps the record (and the
    bytes) for the audit trail; it is no longer listed or downloadable."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="attachments")
    target_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    target_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("target_type", "target_id")
    purpose = models.CharField(
        max_length=80, blank=True, help_text="What the file is for, e.g. “closure evidence”."
    )
    file = models.FileField(upload_to=attachment_path, max_length=300)
    original_name = models.CharField(
        max_length=120, help_text="The uploader's file name, made safe (no path, no controls)."
    )
    size = models.PositiveBigIntegerField(help_text="Bytes.")
    sha256 = models.CharField("SHA-256", max_length=64)
    media_type = models.CharField(
        max_length=120, help_text="The content type detected from the file's content."
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_by_name = models.CharField(max_length=150, help_text="Kept if the user is removed.")
    uploaded_at = models.DateTimeField(default=timezone.now)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    removed_at = models.DateTimeField(null=True, blank=True)
    removal_reason = models.TextField(blank=True)

    policy_program_field: ClassVar[str] = "program"
    # Rows of a program restrict to its members; each file's access is its row's, which
    # ``programs.policy.can`` asks.
    policy_owning_party: ClassVar[str | None] = OwningParty.SHARED

    class Meta:
        ordering = ["uploaded_at", "pk"]
        indexes = [models.Index(fields=["target_type", "target_id", "uploaded_at"])]

    def __str__(self) -> str:
        return self.original_name

    def get_absolute_url(self) -> str:
        return reverse(
            "programs:attachment-download",
            kwargs={"code": self.program.code, "uuid": self.uuid},
        )

    @property
    def is_removed(self) -> bool:
        return self.removed_at is not None


# A model of this app kept in its own module, registered by this import.
from .review_models import ReviewComment  # noqa: E402, F401
