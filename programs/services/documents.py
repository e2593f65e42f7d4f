"""The life cycle of versioned documents: draft, in review, approved, superseded.

Used as they are by every document kind (the charter first). An approved version never
changes; a change to a version in review voids its signatures; a save from an older revision
is refused with what changed meanwhile; approval needs a valid signature of each signing party.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.db.models import Max, Prefetch
from django.utils import timezone

from .. import policy
from ..board import artifact_rule, document_rule
from ..choices import (
    AuditAction,
    DocumentStatus,
    Party,
    Role,
    VersionReason,
    in_words,
)
from ..documents import DocumentKind, compare_contents, content_sha256, document_kind
from ..errors import DomainError, ErrorCode, PermissionRefused, StaleEditError
from ..links import request_base_url
from ..models import (
    AuditEvent,
    Document,
    DocumentVersion,
    Membership,
    NamedSigner,
    Program,
    Signature,
)
from ..policy import require
from .audit import audit_record
from .board import activity_record_evidence
from .reviews import approval_refusal, comments_addressed_by


def _record_on_board(document: Document, *, acting_user: User) -> None:
    """Link the document to its Play 3.1 activity and bring the activity's status up to date
    (``programs.board.document_rule``: done while a version made in the program's current
    phase is approved, in progress otherwise)."""
    if not document.definition.evidences_activity:
        return
    program = document.program
    key = document.definition.activity_key
    # The activity's own rule derives its status; a kind registered without one gets the
    # versioned-document rule here.
    fallback = None
    if artifact_rule(key) is None:
        rule = document_rule(activity_key=key, kind=document.kind, evidence=document.title)
        fallback = rule.derive(program)
    activity_record_evidence(
        acting_user=acting_user, program=program, key=key, evidence=document, status=fallback
    )


def version_sha256(version: DocumentVersion) -> str:
    document = version.document
    return content_sha256(
        program_code=document.program.code,
        kind=document.kind,
        number=version.number,
        content=version.content,
    )


def stakeholders_of(program: Program) -> list[dict[str, Any]]:
    """The program's stakeholders, from its memberships, as a document records them."""
    members = Membership.objects.filter(program=program).select_related("user")
    return [
        {
            "name": m.display_name,
            "username": m.user.get_username(),
            "party": m.party,
            "party_label": str(Party(m.party).label),
            "role": m.role,
            "role_label": str(Role(m.role).label),
            "is_signatory": m.is_signatory,
        }
        for m in members
    ]


#: Content the portal takes in when a version goes into review, and drops on its return.
FROZEN_AT_REVIEW = ("stakeholders", "frozen")


def live_parts(document: Document) -> dict[str, Any]:
    """What a version of ``document`` takes into its content at review, read live: the
    stakeholders and the kind's frozen parts (a draft shows and compares these)."""
    definition = document.definition
    parts: dict[str, Any] = {}
    if definition.includes_stakeholders:
        parts["stakeholders"] = stakeholders_of(document.program)
    if definition.frozen_parts:
        parts["frozen"] = {p.key: p.build(document) for p in definition.frozen_parts}
    return parts


def content_for_reading(version: DocumentVersion) -> dict[str, Any]:
    """A version's content as a reader sees it: a draft with the live parts it will freeze
    at review, any other version as it stands."""
    if version.status != DocumentStatus.DRAFT:
        return version.content
    return {**version.content, **live_parts(version.document)}


def _lock(version: DocumentVersion) -> DocumentVersion:
    """Re-read the version under a row lock: concurrent saves and signatures queue here."""
    return (
        DocumentVersion.objects.select_for_update()
        .select_related("document__program")
        .get(pk=version.pk)
    )


def version_locked_error(version: DocumentVersion) -> DomainError:
    """The refusal of any change to an approved or superseded version (pages show it before
    anyone starts typing)."""
    return DomainError(
        f"Version {version.number} is {version.get_status_display().lower()} and can never "
        "change. Start a new version to make changes.",
        code=ErrorCode.VERSION_LOCKED,
    )


def _ensure_editable(version: DocumentVersion) -> None:
    if not version.is_editable:
        raise version_locked_error(version)


@transaction.atomic
def document_create(
    *,
    acting_user: User,
    program: Program,
    kind: str,
    content: dict[str, Any] | None = None,
    title: str | None = None,
    subject: Membership | None = None,
    owning_party: str | None = None,
    named_signers: Sequence[tuple[User, str]] = (),
    key: str = "",
    exists_message: str = "",
) -> Document:
    """A document of ``kind`` with its first version, a draft.

    A kind held several times per program is told apart by its ``subject`` (the member it is
    about: one MOU per SME) or else by a ``key`` its app gives (one IV&V report per period:
    ``period-2026-11``; ``exists_message`` then says what a second would repeat). It may take
    its ``owning_party`` from the subject, and may name people who sign besides each owning
    party's signatory (``named_signers``: user and capacity)."""
    definition = document_kind(kind)
    if definition.several_per_program and subject is None and not key:
        raise DomainError(
            f"Say which member the {definition.name} is about.",
            code=ErrorCode.INVALID_CONTENT,
            field="subject",
        )
    if key and not definition.several_per_program:
        raise DomainError(
            f"A program holds one {definition.name}: it takes no key.",
            code=ErrorCode.INVALID_CONTENT,
            field="key",
        )
    if not key and definition.several_per_program and subject is not None:
        key = f"member-{subject.pk}"
    document = Document(
        program=program,
        kind=kind,
        key=key,
        subject=subject,
        title=title or definition.name,
        owning_party=owning_party or definition.owning_party,
    )
    require(acting_user, "change", document)
    about = f" for {subject.display_name}" if document.key and subject else ""
    exists = DomainError(
        exists_message
        or f"The program already has a {definition.name}{about}: start a new version of it "
        "instead.",
        code=ErrorCode.DOCUMENT_EXISTS,
    )
    if Document.objects.filter(program=program, kind=kind, key=document.key).exists():
        raise exists
    try:
        with transaction.atomic():
            document.save()
    except IntegrityError:  # started by someone else at the same moment
        raise exists from None
    for position, (user, capacity) in enumerate(named_signers):
        NamedSigner.objects.create(
            document=document, user=user, capacity=capacity, position=position
        )
    version = DocumentVersion.objects.create(
        document=document,
        number=1,
        phase=program.phase,
        created_by=acting_user,
        updated_by=acting_user,
        content=definition.clean_content(content or _initial_content(definition, program)),
    )
    audit_record(
        acting_user=acting_user,
        program=program,
        action=AuditAction.CREATE,
        target=document,
        changes={
            "title": [None, document.title],
            **(
                {"named_signers": [None, [f"{u.get_username()} ({c})" for u, c in named_signers]]}
                if named_signers
                else {}
            ),
        },
    )
    audit_record(
        acting_user=acting_user,
        program=program,
        action=AuditAction.CREATE,
        target=version,
        changes={"number": [None, 1], "status": [None, version.status]},
    )
    _record_on_board(document, acting_user=acting_user)
    return document


def _initial_content(definition: DocumentKind, program: Program) -> dict[str, Any]:
    return definition.initial_content(program) if definition.initial_content else {}


def _changed_parts(
    version: DocumentVersion, old: dict[str, Any], new: dict[str, Any]
) -> dict[str, list[Any]]:
    definition = version.document.definition
    return {p.key: [p.old, p.new] for p in compare_contents(definition, old, new) if p.changed}


def _void_signatures(version: DocumentVersion, *, acting_user: User, reason: str) -> int:
    valid = version.signatures.filter(voided_at__isnull=True)
    count = valid.update(voided_at=timezone.now(), void_reason=reason)
    if count:
        audit_record(
            acting_user=acting_user,
            program=version.document.program,
            action=AuditAction.VOID_SIGNATURES,
            target=version,
            changes={"valid_signatures": [count, 0]},
        )
    return count


def _holds_signing_authority(membership: Membership | None, party: str) -> bool:
    return (
        membership is not None
        and membership.party == party
        and membership.is_signatory
        and membership.role in policy.signatory_roles()
    )


def signatures_void_for_signer(
    *, acting_user: User, program: Program, signer: Any, reason: str, leaving: bool = False
) -> int:
    """Void what ``signer`` signed on versions not yet approved, when they lose signatory
    authority (what they signed as a signatory) or leave the program (everything, what they
    signed as a named signer too): approval never rests on a lapsed authority."""
    valid = Signature.objects.filter(
        signer=signer,
        voided_at__isnull=True,
        version__document__program=program,
        version__status=DocumentStatus.IN_REVIEW,
    ).select_related("version")
    if not leaving:
        valid = valid.filter(named=False)
    count = 0
    for signature in valid:
        signature.voided_at = timezone.now()
        signature.void_reason = reason[:200]
        signature.save(update_fields=["voided_at", "void_reason"])
        audit_record(
            acting_user=acting_user,
            program=program,
            action=AuditAction.VOID_SIGNATURES,
            target=signature.version,
            changes={"signature": [f"{signature.party}: {signature.content_sha256}", None]},
        )
        count += 1
    return count


def _void_lapsed_signatures(version: DocumentVersion, *, acting_user: User) -> None:
    """Before approving, look again at every signer: one who is no longer a signatory of the
    party they signed for (a named signer: no longer a member) has their signature voided
    with that reason."""
    program = version.document.program
    for signature in version.signatures.filter(voided_at__isnull=True).select_related("signer"):
        membership = Membership.objects.filter(program=program, user=signature.signer).first()
        if signature.named and membership is not None:
            continue
        if _holds_signing_authority(membership, signature.party):
            continue
        reason = (
            f"{signature.signer.get_username()} left the program before approval."
            if membership is None
            else f"{signature.signer.get_username()} lost signatory authority before approval."
        )
        signatures_void_for_signer(
            acting_user=acting_user,
            program=program,
            signer=signature.signer,
            reason=reason,
            leaving=membership is None,
        )


def changes_since(version: DocumentVersion, revision: int) -> list[dict[str, Any]]:
    """Who saved ``version`` after ``revision``, when, and which parts they changed."""
    events = AuditEvent.objects.filter(
        target_type__model="documentversion",
        target_id=str(version.pk),
        action__in=[AuditAction.UPDATE, AuditAction.SUBMIT],
        changes__revision__0__gte=revision,
    ).order_by("created_at")
    definition = version.document.definition
    titles = {
        p.key: p.title
        for p in compare_contents(
            definition, definition.empty_content(), definition.empty_content()
        )
    }
    return [
        {
            "by": e.actor_name,
            "party": e.actor_party,
            "at": e.created_at.isoformat(),
            "revision": e.changes["revision"][1],
            "parts": [titles.get(k, k) for k in e.changes if k not in ("revision", "status")],
            "action": e.get_action_display(),
        }
        for e in events
    ]


@transaction.atomic
def version_update_content(
    *, acting_user: User, version: DocumentVersion, content: dict[str, Any], base_revision: int
) -> DocumentVersion:
    """Save new content of a draft or a version in review.

    ``base_revision`` is the revision the editor started from; if someone saved since, the save
    is refused (StaleEditError, whose ``extra`` lists who changed what, and the current
    content) and nothing is written, so the editor can merge and save again.
    """
    version = _lock(version)
    require(acting_user, "change", version)
    _ensure_editable(version)
    definition = version.document.definition
    cleaned = definition.clean_content(content, program=version.document.program)
    for frozen in FROZEN_AT_REVIEW:  # taken in at review, never typed in
        cleaned.pop(frozen, None)
        if version.status != DocumentStatus.DRAFT and frozen in version.content:
            cleaned[frozen] = version.content[frozen]
    if base_revision != version.revision:
        raise StaleEditError(
            f"Version {version.number} was saved by someone else after you opened it "
            f"(you started from revision {base_revision}, it is now at revision "
            f"{version.revision}). Your text is kept below: compare, merge and save again.",
            field="revision",
            extra={
                "current_revision": version.revision,
                "changed_meanwhile": changes_since(version, base_revision),
                "current_content": version.content,
            },
        )
    changes = _changed_parts(version, version.content, cleaned)
    if not changes:
        return version
    version.content = cleaned
    version.revision += 1
    version.updated_by = acting_user
    version.save()
    audit_record(
        acting_user=acting_user,
        program=version.document.program,
        action=AuditAction.UPDATE,
        target=version,
        changes={**changes, "revision": [version.revision - 1, version.revision]},
    )
    if version.status == DocumentStatus.IN_REVIEW:
        _void_signatures(
            version,
            acting_user=acting_user,
            reason=f"Content changed in revision {version.revision}.",
        )
    return version


@transaction.atomic
def version_submit(*, acting_user: User, version: DocumentVersion) -> DocumentVersion:
    """Send a draft into review: every required part must be filled in; the stakeholders are
    frozen into the content; the signatories are emailed once the transaction commits."""
    version = _lock(version)
    require(acting_user, "change", version)
    if version.status != DocumentStatus.DRAFT:
        raise DomainError(
            f"Version {version.number} is {version.get_status_display().lower()}; only a draft "
            "can be submitted for review.",
            code=ErrorCode.VERSION_NOT_IN_DRAFT,
        )
    definition = version.document.definition
    definition.check_complete(version.content)
    if definition.submit_check is not None:
        definition.submit_check(version)
    version.content = {**version.content, **live_parts(version.document)}
    version.status = DocumentStatus.IN_REVIEW
    version.submitted_at = timezone.now()
    version.revision += 1
    version.updated_by = acting_user
    version.save()
    audit_record(
        acting_user=acting_user,
        program=version.document.program,
        action=AuditAction.SUBMIT,
        target=version,
        changes={
            "status": [DocumentStatus.DRAFT, DocumentStatus.IN_REVIEW],
            "revision": [version.revision - 1, version.revision],
        },
    )
    from ..tasks import notify_signatories  # the task module imports services

    version_id, request_base = version.pk, request_base_url()
    transaction.on_commit(lambda: notify_signatories.delay(version_id, request_base))
    return version


RETURN_REASON_MAX_LENGTH = 1000


def return_to_draft_refusal(user: User, version: DocumentVersion) -> DomainError | None:
    """Why ``user`` may not return ``version`` to draft as it stands, or None. A version that
    carries valid signatures goes back only by a Program Manager or PMO Lead of an owning
    party; one without signatures by any of its editors."""
    if version.status != DocumentStatus.IN_REVIEW:
        return DomainError(
            "Only a version in review can be returned to draft.",
            code=ErrorCode.VERSION_NOT_IN_REVIEW,
        )
    signed = version.signatures.filter(voided_at__isnull=True).exists()
    if signed and not policy.can_void_signatures(user, version):
        return PermissionRefused(
            f"Version {version.number} carries signatures: only a Program Manager or PMO Lead "
            "of a party that owns it can return it to draft and void them.",
        )
    return None


@transaction.atomic
def version_return_to_draft(
    *, acting_user: User, version: DocumentVersion, reason: str = ""
) -> DocumentVersion:
    """Take a version out of review to rework it. Signatures it carries are voided, which
    takes a Program Manager or PMO Lead of an owning party and a stated ``reason``; the signers
    are emailed who voided their signature and why once the transaction commits."""
    version = _lock(version)
    require(acting_user, "change", version)
    refusal = return_to_draft_refusal(acting_user, version)
    if refusal is not None:
        raise refusal
    reason = reason.strip()
    if len(reason) > RETURN_REASON_MAX_LENGTH:
        raise DomainError(
            f"The reason is {len(reason):,} characters long; keep it to "
            f"{RETURN_REASON_MAX_LENGTH:,}.",
            field="reason",
        )
    signatures = list(version.signatures.filter(voided_at__isnull=True).select_related("signer"))
    if signatures and not reason:
        raise DomainError(
            f"Version {version.number} carries {len(signatures)} signature"
            f"{'s' if len(signatures) != 1 else ''}: say why you return it to draft; the "
            "signers are told.",
            code=ErrorCode.REASON_REQUIRED,
            field="reason",
        )
    if signatures:
        now = timezone.now()
        for signature in signatures:
            signature.voided_at = now
            signature.void_reason = f"Returned to draft: {reason}"
            signature.save(update_fields=["voided_at", "void_reason"])
        audit_record(
            acting_user=acting_user,
            program=version.document.program,
            action=AuditAction.VOID_SIGNATURES,
            target=version,
            changes={
                "valid_signatures": [len(signatures), 0],
                "signers": [[s.signer.get_username() for s in signatures], None],
                "reason": [None, reason],
            },
        )
    version.status = DocumentStatus.DRAFT
    version.submitted_at = None
    version.content = {k: v for k, v in version.content.items() if k not in FROZEN_AT_REVIEW}
    version.revision += 1
    version.updated_by = acting_user
    version.save()
    changes: dict[str, list[Any]] = {
        "status": [DocumentStatus.IN_REVIEW, DocumentStatus.DRAFT],
        "revision": [version.revision - 1, version.revision],
    }
    if reason:
        changes["reason"] = [None, reason]
    audit_record(
        acting_user=acting_user,
        program=version.document.program,
        action=AuditAction.UPDATE,
        target=version,
        changes=changes,
    )
    if signatures:
        from ..tasks import notify_signatures_voided  # the task module imports services

        signature_ids = [s.pk for s in signatures]
        actor_id = acting_user.pk
        request_base = request_base_url()
        transaction.on_commit(
            lambda: notify_signatures_voided.delay(signature_ids, actor_id, request_base)
        )
    return version


@transaction.atomic
def version_sign(
    *, acting_user: User, version: DocumentVersion, content_sha256: str | None = None
) -> Signature:
    """Sign a version in review: as a person the document names (an MOU's SME), or else as a
    signatory of an owning party. ``content_sha256``, when given, is the hash the signer saw:
    if the content changed since, the signature is refused.

    When every owning party's signatory and every named signer has a valid signature the
    version is approved, the previous approved version is superseded, and the document's Play
    3.1 activity is updated.
    """
    version = _lock(version)
    document = version.document
    if not policy.can(acting_user, "view", version):
        raise DomainError("You are not a member of this program.", code=ErrorCode.NOT_A_SIGNATORY)
    if version.status != DocumentStatus.IN_REVIEW:
        raise DomainError(
            f"Version {version.number} is {version.get_status_display().lower()}; only a "
            "version in review can be signed.",
            code=ErrorCode.VERSION_NOT_IN_REVIEW,
        )
    # Authority is read at the moment of signing, the member row locked against a concurrent
    # change of role or flag.
    membership = (
        Membership.objects.select_for_update()
        .filter(program=document.program, user_id=acting_user.pk)
        .first()
    )
    valid = version.signatures.filter(voided_at__isnull=True)
    if valid.filter(signer=acting_user).exists():
        raise DomainError("You have already signed this version.", code=ErrorCode.ALREADY_SIGNED)
    named = document.named_signers.filter(user_id=acting_user.pk).exists()
    party = membership.party if named and membership else policy.signing_party(acting_user, version)
    if membership is None or party is None:
        raise _not_a_signer(document)
    if not named and not _holds_signing_authority(membership, party):
        raise _not_a_signer(document)
    current = version_sha256(version)
    if content_sha256 is not None and content_sha256 != current:
        raise DomainError(
            "The content changed after you read it; read the current version and sign again.",
            code=ErrorCode.STALE_VERSION,
            field="content_sha256",
            extra={"current_sha256": current},
        )
    if not named and valid.filter(party=party, named=False).exists():
        raise DomainError(
            f"The {Party(party).label} has already signed this version.",
            code=ErrorCode.PARTY_ALREADY_SIGNED,
        )
    signature = Signature.objects.create(
        version=version,
        signer=acting_user,
        party=party,
        role=membership.role,
        named=named,
        signed_at=timezone.now(),
        content_sha256=current,
    )
    audit_record(
        acting_user=acting_user,
        program=document.program,
        action=AuditAction.SIGN,
        target=version,
        changes={"signature": [None, f"{'named ' if named else ''}{party}: {current}"]},
    )
    _void_lapsed_signatures(version, acting_user=acting_user)
    if all(r.met for r in signing_requirements(version)):
        # The signature that would approve it waits for every critical comment's
        # disposition: refused, it is rolled back with the rest of this transaction.
        refusal = approval_refusal(version)
        if refusal is not None:
            raise refusal
        _approve(version, acting_user=acting_user)
    return signature


def _not_a_signer(document: Document) -> DomainError:
    parties = " and ".join(str(Party(p).label) for p in document.signing_parties)
    names = [n.user.get_full_name() or n.user.get_username() for n in document.named_signers.all()]
    if names and not parties:
        return DomainError(
            f"Only the people the {document.title} names ({', '.join(names)}) sign it; you are "
            "not one of them.",
            code=ErrorCode.NOT_A_SIGNATORY,
        )
    if names:
        return DomainError(
            f"Only the people the {document.title} names ({', '.join(names)}) and a signatory "
            f"of the {parties} sign it; you are neither.",
            code=ErrorCode.NOT_A_SIGNATORY,
        )
    return DomainError(
        f"Only a signatory of the {parties} signs the {document.title}; you are not one.",
        code=ErrorCode.NOT_A_SIGNATORY,
    )


def _approve(version: DocumentVersion, *, acting_user: User) -> None:
    document = version.document
    previous = list(document.versions.filter(status=DocumentStatus.APPROVED).exclude(pk=version.pk))
    for old in previous:
        old.status = DocumentStatus.SUPERSEDED
        old.save(update_fields=["status", "updated_at"])
        audit_record(
            acting_user=acting_user,
            program=document.program,
            action=AuditAction.SUPERSEDE,
            target=old,
            changes={"status": [DocumentStatus.APPROVED, DocumentStatus.SUPERSEDED]},
        )
    version.status = DocumentStatus.APPROVED
    version.approved_at = timezone.now()
    version.save(update_fields=["status", "approved_at", "updated_at"])
    audit_record(
        acting_user=acting_user,
        program=document.program,
        action=AuditAction.APPROVE,
        target=version,
        changes={"status": [DocumentStatus.IN_REVIEW, DocumentStatus.APPROVED]},
    )
    _record_on_board(document, acting_user=acting_user)


@transaction.atomic
def version_create_next(
    *, acting_user: User, document: Document, reason: str, reason_text: str
) -> DocumentVersion:
    """Start a new draft from the latest version, stating why (scope, timeline, other). It
    addresses the review comments accepted on the version before it and those deferred to it
    (``programs.services.reviews.comments_addressed_by``), which its audit event lists."""
    document = Document.objects.select_for_update().select_related("program").get(pk=document.pk)
    require(acting_user, "change", document)
    if reason not in VersionReason.values:
        raise DomainError(
            f"Choose a reason: {in_words(VersionReason, lower=True)}.",
            code=ErrorCode.REASON_REQUIRED,
            field="reason",
        )
    if not reason_text.strip():
        raise DomainError(
            "Describe the reason for the new version.",
            code=ErrorCode.REASON_REQUIRED,
            field="reason_text",
        )
    open_version = document.versions.filter(
        status__in=[DocumentStatus.DRAFT, DocumentStatus.IN_REVIEW]
    ).first()
    if open_version is not None:
        raise DomainError(
            f"Version {open_version.number} is still {open_version.get_status_display().lower()}"
            "; finish it before starting another.",
            code=ErrorCode.OPEN_VERSION_EXISTS,
        )
    latest = document.versions.order_by("-number").first()
    number = (document.versions.aggregate(m=Max("number"))["m"] or 0) + 1
    content = {
        k: v for k, v in (latest.content if latest else {}).items() if k not in FROZEN_AT_REVIEW
    }
    version = DocumentVersion.objects.create(
        document=document,
        number=number,
        reason=reason,
        reason_text=reason_text.strip(),
        phase=document.program.phase,
        content=document.definition.clean_content(content),
        created_by=acting_user,
        updated_by=acting_user,
    )
    addressed = [c.label for c in comments_addressed_by(version)]
    audit_record(
        acting_user=acting_user,
        program=document.program,
        action=AuditAction.CREATE,
        target=version,
        changes={
            "number": [None, number],
            "reason": [None, reason],
            "reason_text": [None, version.reason_text],
            **({"addresses_comments": [None, addressed]} if addressed else {}),
        },
    )
    _record_on_board(document, acting_user=acting_user)
    return version


# -- signing requirements ---------------------------------------------------------------


@dataclass(frozen=True)
class SigningRequirement:
    """One signature a version needs before it is approved (a signatory of an owning party,
    or a person the document names), and the valid signature that meets it, if any.
    ``label`` names it as people read it ("Customer signatory")."""

    label: str
    party: str | None
    user_id: int | None
    signature: Signature | None

    @property
    def met(self) -> bool:
        return self.signature is not None


#: The people a version's document names as signers, with their accounts, in one read.
NAMED_SIGNERS = Prefetch(
    "document__named_signers", queryset=NamedSigner.objects.select_related("user")
)


def signing_requirements(version: DocumentVersion) -> list[SigningRequirement]:
    """The signatures ``version`` needs, in order, each with the valid signature that meets
    it: each person the document names, then a signatory of each owning party. The version
    page, the API and the exports all read the approval block from here."""
    document = version.document
    valid = [s for s in version.signatures.all() if s.voided_at is None]
    requirements = [
        SigningRequirement(
            label=f"{n.capacity}: {n.user.get_full_name() or n.user.get_username()}",
            party=None,
            user_id=n.user_id,
            signature=next((s for s in valid if s.named and s.signer_id == n.user_id), None),
        )
        for n in document.named_signers.all()  # prefetch NAMED_SIGNERS to read them once
    ]
    requirements += [
        SigningRequirement(
            label=f"{Party(p).label} signatory",
            party=p,
            user_id=None,
            signature=next((s for s in valid if not s.named and s.party == p), None),
        )
        for p in document.signing_parties
    ]
    return requirements
