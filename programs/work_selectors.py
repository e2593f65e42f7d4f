"""What waits on a person in the versioned documents: signatures, reviews and comments to
disposition (``programs.work``). Each selector asks a fixed number of queries."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Prefetch, Q

from . import policy
from .choices import DocumentStatus, OwningParty, Party, Role
from .models import DocumentVersion, Membership, ReviewComment, Signature
from .work import EDITORS, WorkItem, by_program, programs_where

SIGN = "sign"
REVIEW = "review"
DISPOSITION = "disposition"


def _item(kind: str, version: DocumentVersion, action: str) -> WorkItem:
    program = version.document.program
    return WorkItem(
        kind=kind,
        program_code=program.code,
        program_name=program.name,
        title=f"{version.document.title} v{version.number}",
        action=action,
        url=version.get_absolute_url(),
    )


def signatures_awaited(
    *, user: AbstractBaseUser, memberships: Sequence[Membership]
) -> list[WorkItem]:
    """Versions in review the person signs: as a signatory of an owning party whose
    signature is still missing, or as a signer the document names who has not signed."""
    signatories = programs_where(
        memberships,
        parties=(Party.CUSTOMER, Party.PROVIDER),
        roles=policy.signatory_roles(),
        signatory=True,
    )
    member_of = list(by_program(memberships))
    versions = (
        DocumentVersion.objects.filter(status=DocumentStatus.IN_REVIEW)
        .filter(
            Q(document__program_id__in=list(signatories))
            | Q(document__program_id__in=member_of, document__named_signers__user_id=user.pk)
        )
        .distinct()
        .select_related("document__program")
        .prefetch_related(
            Prefetch(
                "signatures",
                queryset=Signature.objects.filter(voided_at__isnull=True),
                to_attr="valid_signatures",
            ),
            "document__named_signers",
        )
        .order_by("document__program__code", "document__kind", "document__key")
    )
    items = []
    for version in versions:
        signed = version.valid_signatures
        if any(s.signer_id == user.pk for s in signed):
            continue
        named = any(n.user_id == user.pk for n in version.document.named_signers.all())
        membership = signatories.get(version.document.program_id)
        party_owes = (
            membership is not None
            and membership.party in OwningParty(version.document.owning_party).signing_parties
            and not any(s.party == membership.party and not s.named for s in signed)
        )
        if named:
            items.append(_item(SIGN, version, "Sign as a named signer"))
        elif party_owes:
            assert membership is not None
            label = Party(membership.party).label.lower()
            items.append(_item(SIGN, version, f"Sign for the {label}"))
    return items


def documents_to_review(
    *, user: AbstractBaseUser, memberships: Sequence[Membership]
) -> list[WorkItem]:
    """Versions in review the person may comment on (members of the customer and the provider
    but viewers, and the IV&V agent) and has not commented on yet."""
    reviewers = {
        pk: m
        for pk, m in by_program(memberships).items()
        if m.role != Role.VIEWER and (m.party != Party.INDEPENDENT or m.role == Role.IVV_AGENT)
    }
    versions = (
        DocumentVersion.objects.filter(
            status=DocumentStatus.IN_REVIEW, document__program_id__in=list(reviewers)
        )
        .exclude(review_comments__author_id=user.pk)
        .select_related("document__program")
        .order_by("document__program__code", "document__kind", "document__key")
    )
    return [_item(REVIEW, v, "Review and comment") for v in versions]


def comments_to_disposition(
    *, user: AbstractBaseUser, memberships: Sequence[Membership]
) -> list[WorkItem]:
    """Review comments without a disposition on documents the person's party owns, for its
    editors (Program Managers, PMO Leads, PMO Team): one item per version."""
    editors = programs_where(memberships, parties=(Party.CUSTOMER, Party.PROVIDER), roles=EDITORS)
    comments = (
        ReviewComment.objects.filter(disposition="", document__program_id__in=list(editors))
        .exclude(version__status=DocumentStatus.SUPERSEDED)
        .select_related("version__document__program")
        .order_by("version__document__program__code", "version_id", "number")
    )
    counts: Counter[int] = Counter()
    versions: dict[int, DocumentVersion] = {}
    for comment in comments:
        version = comment.version
        membership = editors[version.document.program_id]
        if membership.party not in OwningParty(version.document.owning_party).parties:
            continue
        counts[version.pk] += 1
        versions[version.pk] = version
    return [
        _item(
            DISPOSITION,
            version,
            f"Disposition {counts[pk]} comment{'s' if counts[pk] != 1 else ''}",
        )
        for pk, version in versions.items()
    ]
