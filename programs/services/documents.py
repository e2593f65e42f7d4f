"""The life cycle of versioned documents: draft, in review, approved, superseded.

Used as they are by every document kind (the charter first). An approved version never
changes; a change to a version in review voids its signatures; a save from an older revision
is refused with what changed meanwhile; approval needs a valid signature of each signing party.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.db.models import Max
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
from ..documents import compare_contents, content_sha256, document_kind
from ..errors import DomainError, ErrorCode, PermissionRefused, StaleEditError
from ..links import request_base_url
from ..models import AuditEvent, Document, DocumentVersion, Membership, Program, Signature
from ..policy import require
from .audit import audit_record
from .board import activity_record_evidence


def _record_on_board(document: Document, *, acting_user: User) -> None:
    """Link the document to its Play 3.1 activity and bring the activity's status up to date
    (``programs.board.document_rule``: done while a version made in the program's current
    phase is approved, in progress otherwise)."""
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
) -> Document:
    """A document of ``kind`` with its first version, a draft."""
    definition = document_kind(kind)
    document = Document(
        program=program,
        kind=kind,
        title=title or definition.name,
        owning_party=definition.owning_party,
    )
    require(acting_user, "change", document)
    exists = DomainError(
        f"The program already has a {definition.name}: start a new version of it instead.",
        code=ErrorCode.DOCUMENT_EXISTS,
    )
    if Document.objects.filter(program=program, kind=kind).exists():
        raise exists
    try:
        with transaction.atomic():
            document.save()
    except IntegrityError:  # started by someone else at the same moment
        raise exists from None
    version = DocumentVersion.objects.create(
        document=document,
        number=1,
        phase=program.phase,
        created_by=acting_user,
        updated_by=acting_user,
        content=definition.clean_content(content or {}),
    )
    audit_record(
        acting_user=acting_user,
        program=program,
        action=AuditAction.CREATE,
        target=document,
        changes={"title": [None, document.title]},
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
    *, acting_user: User, program: Program, signer: Any, reason: str
) -> int:
    """Void what ``signer`` signed on versions not yet approved, when they lose signatory
    authority or leave the program: approval never rests on a lapsed authority."""
    valid = Signature.objects.filter(
        signer=signer,
        voided_at__isnull=True,
        version__document__program=program,
        version__status=DocumentStatus.IN_REVIEW,
    ).select_related("version")
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
    party they signed for has their signature voided with that reason."""
    program = version.document.program
    for signature in version.signatures.filter(voided_at__isnull=True).select_related("signer"):
        membership = Membership.objects.filter(program=program, user=signature.signer).first()
        if _holds_signing_authority(membership, signature.party):
            continue
        reason = (
            f"{signature.signer.get_username()} left the program before approval."
            if membership is None
            else f"{signature.signer.get_username()} lost signatory authority before approval."
        )
        signatures_void_for_signer(
            acting_user=acting_user, program=program, signer=signature.signer, reason=reason
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
    if version.status == DocumentStatus.DRAFT:
        cleaned.pop("stakeholders", None)
    else:
        cleaned["stakeholders"] = version.content.get("stakeholders", [])
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
    content = dict(version.content)
    if definition.includes_stakeholders:
        content["stakeholders"] = stakeholders_of(version.document.program)
    version.content = content
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
    version.content = {k: v for k, v in version.content.items() if k != "stakeholders"}
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
    """Sign a version in review for the signer's party. ``content_sha256``, when given, is the
    hash the signer saw: if the content changed since, the signature is refused.

    When every signing party has a valid signature the version is approved, the previous
    approved version is superseded, and the document's Play 3.1 activity is updated.
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
    party = policy.signing_party(acting_user, version)
    # Authority is read at the moment of signing, the member row locked against a concurrent
    # change of role or flag.
    membership = (
        Membership.objects.select_for_update()
        .filter(program=document.program, user_id=acting_user.pk)
        .first()
    )
    if party is None or not _holds_signing_authority(membership, party):
        parties = " and ".join(str(Party(p).label) for p in document.definition.signing_parties)
        raise DomainError(
            f"Only a signatory of the {parties} signs the {document.title}; you are not one.",
            code=ErrorCode.NOT_A_SIGNATORY,
        )
    current = version_sha256(version)
    if content_sha256 is not None and content_sha256 != current:
        raise DomainError(
            "The content changed after you read it; read the current version and sign again.",
            code=ErrorCode.STALE_VERSION,
            field="content_sha256",
            extra={"current_sha256": current},
        )
    valid = version.signatures.filter(voided_at__isnull=True)
    if valid.filter(signer=acting_user).exists():
        raise DomainError("You have already signed this version.", code=ErrorCode.ALREADY_SIGNED)
    if valid.filter(party=party).exists():
        raise DomainError(
            f"The {Party(party).label} has already signed this version.",
            code=ErrorCode.PARTY_ALREADY_SIGNED,
        )
    assert membership is not None
    signature = Signature.objects.create(
        version=version,
        signer=acting_user,
        party=party,
        role=membership.role,
        signed_at=timezone.now(),
        content_sha256=current,
    )
    audit_record(
        acting_user=acting_user,
        program=document.program,
        action=AuditAction.SIGN,
        target=version,
        changes={"signature": [None, f"{party}: {current}"]},
    )
    _void_lapsed_signatures(version, acting_user=acting_user)
    signed = set(valid.values_list("party", flat=True))
    if signed >= set(document.definition.signing_parties):
        _approve(version, acting_user=acting_user)
    return signature


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
    """Start a new draft from the latest version, stating why (scope, timeline, other)."""
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
    content = {k: v for k, v in (latest.content if latest else {}).items() if k != "stakeholders"}
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
    audit_record(
        acting_user=acting_user,
        program=document.program,
        action=AuditAction.CREATE,
        target=version,
        changes={
            "number": [None, number],
            "reason": [None, reason],
            "reason_text": [None, version.reason_text],
        },
    )
    _record_on_board(document, acting_user=acting_user)
    return version


# -- signing requirements ---------------------------------------------------------------


@dataclass(frozen=True)
class SigningRequirement:
    """One signature a version needs before it is approved, and the valid signature that
    meets it, if any. ``label`` names it as people read it ("Customer signatory")."""

    label: str
    party: str | None
    user_id: int | None
    signature: Signature | None

    @property
    def met(self) -> bool:
        return self.signature is not None


def signing_requirements(version: DocumentVersion) -> list[SigningRequirement]:
    """The signatures ``version`` needs, in order, each with the valid signature that meets
    it: one per signing party of its kind, met by a valid signature of that party. The
    version page, the API and the exports all read the approval block from here."""
    valid: dict[str, Signature] = {}
    for signature in version.signatures.all():
        if signature.is_valid:
            valid.setdefault(signature.party, signature)
    return [
        SigningRequirement(
            label=f"{Party(party).label} signatory",
            party=party,
            user_id=None,
            signature=valid.get(party),
        )
        for party in version.document.definition.signing_parties
    ]
