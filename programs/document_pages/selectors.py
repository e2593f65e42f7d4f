"""Reads of the versioned document pages: the program, a document's versions and what a
version page shows, always through the access policy. They take the document, never
(program, kind): which document a page works on is decided once, by
``DocumentPages.get_document``."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import User
from django.db.models import Prefetch, QuerySet, prefetch_related_objects
from django.shortcuts import get_object_or_404
from django.utils.safestring import SafeString

from programs import policy
from programs.choices import DocumentStatus, Party
from programs.documents import DocumentKind, render_markdown
from programs.models import Document, DocumentVersion, Program, Signature
from programs.services.documents import (
    NAMED_SIGNERS,
    SigningRequirement,
    signing_requirements,
    stakeholders_of,
    version_sha256,
)

OPEN_STATUSES = (DocumentStatus.DRAFT, DocumentStatus.IN_REVIEW)


def document_of_kind(
    *, user: User, program: Program, kind: DocumentKind, action: policy.Action = "view"
) -> Document | None:
    """The program's document of ``kind`` if ``user`` may do ``action`` on it: the lookup of
    a kind a program holds once."""
    queryset = Document.objects.filter(program=program, kind=kind.key).select_related("program")
    return policy.restrict(queryset, user, action).first()


def document_versions(
    *, user: User, document: Document, action: policy.Action = "view"
) -> QuerySet[DocumentVersion]:
    queryset = DocumentVersion.objects.filter(document=document)
    return policy.restrict(queryset, user, action).select_related(
        "document__program", "created_by", "updated_by"
    )


def version_get(
    *, user: User, document: Document, number: int, action: policy.Action = "view"
) -> DocumentVersion:
    """Version ``number`` of ``document``, or a 404 when it does not exist or ``user`` may
    not do ``action`` on it."""
    return get_object_or_404(
        document_versions(user=user, document=document, action=action), number=number
    )


def can_start(*, user: User, program: Program, kind: DocumentKind) -> bool:
    """Whether ``user`` may start (and edit) a document of ``kind`` in ``program``."""
    probe = Document(program=program, kind=kind.key, owning_party=kind.owning_party)
    return policy.can(user, "change", probe)


# -- the version page -------------------------------------------------------------------


@dataclass(frozen=True)
class RenderedSection:
    key: str
    title: str
    html: SafeString
    is_empty: bool
    #: The tables the kind shows under this section (``Table.section``).
    tables: list[tuple[str, list[str], list[list[Any]]]] = field(default_factory=list)


@dataclass(frozen=True)
class VersionPage:
    version: DocumentVersion
    kind: DocumentKind
    sections: list[RenderedSection]
    fields: list[tuple[str, str, Any]]
    tables: list[tuple[str, list[str], list[list[Any]]]]
    stakeholders: list[dict[str, Any]]
    stakeholders_live: bool
    # The approval block: each signature the version needs and the one that meets it.
    requirements: list[SigningRequirement]
    voided: list[Signature]
    sha256: str
    can_edit: bool
    can_submit: bool
    can_return: bool
    # Returning voids signatures: it asks for confirmation and a reason first.
    return_confirms: bool
    sign_party: str | None
    sign_party_label: str
    #: How the user signs now, in words ("for the Customer", "as subject-matter expert").
    sign_as: str
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
    rendered = {
        t.key: (
            t.title,
            [c.title for c in t.columns],
            [
                [c.label_of(row.get(c.key)) if c.choices else row.get(c.key) for c in t.columns]
                for row in content["tables"].get(t.key, [])
            ],
        )
        for t in kind.tables
    }
    sections = [
        RenderedSection(
            key=s.key,
            title=s.title,
            html=render_markdown(content["sections"].get(s.key, "")),
            is_empty=not content["sections"].get(s.key, "").strip(),
            tables=[rendered[t.key] for t in kind.tables if t.section == s.key],
        )
        for s in kind.sections
    ]
    section_keys = {s.key for s in kind.sections}
    tables = [rendered[t.key] for t in kind.tables if t.section not in section_keys]
    stakeholders, live = stakeholders_for(version) if kind.includes_stakeholders else ([], False)
    # One read of the signatures, with their signers, for the page and its approval block.
    prefetch_related_objects(
        [version],
        Prefetch("signatures", Signature.objects.select_related("signer").order_by("signed_at")),
        NAMED_SIGNERS,
    )
    signatures = list(version.signatures.all())
    valid = {s.party: s for s in signatures if s.is_valid}
    in_review = version.status == DocumentStatus.IN_REVIEW
    editable = version.is_editable and policy.can(user, "change", version)
    requirements = signing_requirements(version)
    sign_party = policy.signing_party(user, version) if in_review else None
    sign_as = _sign_as(user, sign_party, requirements) if in_review else ""
    return VersionPage(
        version=version,
        kind=kind,
        sections=sections,
        fields=[
            (f.title, f.type, f.label_of(value) if value is not None else None)
            for f in kind.fields
            for value in [content["fields"].get(f.key)]
        ],
        tables=tables,
        stakeholders=stakeholders,
        stakeholders_live=live,
        requirements=requirements,
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
        sign_as=sign_as,
        can_sign=bool(sign_as),
    )


def _sign_as(user: User, party: str | None, requirements: list[SigningRequirement]) -> str:
    """In what capacity ``user`` may sign now ("as subject-matter expert", "for the
    Customer"), or "" when they may not: a person the document names signs as such;
    otherwise a signatory of an owning party (``party``) whose signature is still missing."""
    if any(r.signature is not None and r.signature.signer_id == user.pk for r in requirements):
        return ""
    for r in requirements:
        if r.user_id is not None and r.user_id == user.pk:
            capacity = r.label.split(":")[0].lower()
            return "" if r.met else f"as {capacity}"
    if party is None:
        return ""
    open_party = any(r.party == party and not r.met for r in requirements)
    return f"for the {Party(party).label}" if open_party else ""
