"""Reads of the Program Charter pages: the program, the charter, its versions and what a
version page shows, always through the access policy."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import User
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils.safestring import SafeString

from programs import policy
from programs.choices import DocumentStatus, Party
from programs.documents import DocumentKind, render_markdown
from programs.models import Document, DocumentVersion, Program, Signature
from programs.services.documents import stakeholders_of, version_sha256

from .definition import CHARTER, CHARTER_KIND

OPEN_STATUSES = (DocumentStatus.DRAFT, DocumentStatus.IN_REVIEW)


def program_get(*, user: User, code: str, action: policy.Action = "view") -> Program:
    """The program ``code`` if ``user`` may do ``action`` on it, else a 404."""
    return get_object_or_404(policy.restrict(Program.objects.all(), user, action), code=code)


def charter_of(*, program: Program) -> Document | None:
    return Document.objects.filter(program=program, kind=CHARTER).first()


def charter_get(*, user: User, program: Program, action: policy.Action = "view") -> Document:
    queryset = Document.objects.filter(program=program, kind=CHARTER).select_related("program")
    return get_object_or_404(policy.restrict(queryset, user, action))


def charter_versions(
    *, user: User, program: Program, action: policy.Action = "view"
) -> QuerySet[DocumentVersion]:
    queryset = DocumentVersion.objects.filter(document__program=program, document__kind=CHARTER)
    return policy.restrict(queryset, user, action).select_related(
        "document__program", "created_by", "updated_by"
    )


def version_get(
    *, user: User, program: Program, number: int, action: policy.Action = "view"
) -> DocumentVersion:
    """Version ``number`` of the program's charter, or a 404 when it does not exist or
    ``user`` may not do ``action`` on it."""
    return get_object_or_404(
        charter_versions(user=user, program=program, action=action), number=number
    )


def can_change_charter(*, user: User, program: Program) -> bool:
    """Whether ``user`` may start or edit the program's charter (a shared artifact)."""
    probe = Document(program=program, kind=CHARTER, owning_party=CHARTER_KIND.owning_party)
    return policy.can(user, "change", probe)


# -- the version page -------------------------------------------------------------------


@dataclass(frozen=True)
class RenderedSection:
    key: str
    title: str
    html: SafeString
    is_empty: bool


@dataclass(frozen=True)
class Approval:
    """What the approval block shows for one signing party."""

    party: str
    party_label: str
    signature: Signature | None


@dataclass(frozen=True)
class VersionPage:
    version: DocumentVersion
    kind: DocumentKind
    sections: list[RenderedSection]
    fields: list[tuple[str, str, Any]]
    tables: list[tuple[str, list[str], list[list[Any]]]]
    stakeholders: list[dict[str, Any]]
    stakeholders_live: bool
    approvals: list[Approval]
    voided: list[Signature]
    sha256: str
    can_edit: bool
    can_submit: bool
    can_return: bool
    # Returning voids signatures: it asks for confirmation and a reason first.
    return_confirms: bool
    sign_party: str | None
    sign_party_label: str
    can_sign: bool


def stakeholders_for(version: DocumentVersion) -> tuple[list[dict[str, Any]], bool]:
    """The stakeholders a version shows and whether they are live: a draft reads them from
    the current memberships; from review on, the list frozen into the content."""
    if version.status == DocumentStatus.DRAFT:
        return stakeholders_of(version.document.program), True
    return list(version.content.get("stakeholders", [])), False


def version_page(*, user: User, version: DocumentVersion) -> VersionPage:
    kind = version.document.definition
    content = version.content
    sections = [
        RenderedSection(
            key=s.key,
            title=s.title,
            html=render_markdown(content["sections"].get(s.key, "")),
            is_empty=not content["sections"].get(s.key, "").strip(),
        )
        for s in kind.sections
    ]
    tables = [
        (
            t.title,
            [c.title for c in t.columns],
            [[row.get(c.key) for c in t.columns] for row in content["tables"].get(t.key, [])],
        )
        for t in kind.tables
    ]
    stakeholders, live = stakeholders_for(version) if kind.includes_stakeholders else ([], False)
    signatures = list(version.signatures.select_related("signer").order_by("signed_at"))
    valid = {s.party: s for s in signatures if s.is_valid}
    approvals = [
        Approval(party=p, party_label=str(Party(p).label), signature=valid.get(p))
        for p in kind.signing_parties
    ]
    in_review = version.status == DocumentStatus.IN_REVIEW
    editable = version.is_editable and policy.can(user, "change", version)
    sign_party = policy.signing_party(user, version) if in_review else None
    can_sign = (
        sign_party is not None
        and sign_party not in valid
        and not any(s.signer_id == user.pk for s in valid.values())
    )
    return VersionPage(
        version=version,
        kind=kind,
        sections=sections,
        fields=[(f.title, f.type, content["fields"].get(f.key)) for f in kind.fields],
        tables=tables,
        stakeholders=stakeholders,
        stakeholders_live=live,
        approvals=approvals,
        voided=[s for s in signatures if not s.is_valid],
        sha256=version_sha256(version),
        can_edit=editable,
        can_submit=editable and version.status == DocumentStatus.DRAFT,
        can_return=editable
        and in_review
        and (not valid or policy.can_void_signatures(user, version)),
        return_confirms=bool(valid),
        sign_party=sign_party,
        sign_party_label=str(Party(sign_party).label) if sign_party else "",
        can_sign=can_sign,
    )
