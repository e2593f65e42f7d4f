"""Reads of the PMO role agreement for other apps: what its latest approved version (else
its latest version) says in some of its sections."""

from __future__ import annotations

from dataclasses import dataclass, field

from programs.choices import DocumentStatus
from programs.models import DocumentVersion, Program

from ..definitions import ROLE_AGREEMENT, ROLE_AGREEMENT_KIND


@dataclass(frozen=True)
class AgreementSections:
    """The version read (None without a role agreement), whether it is approved, and the
    sections asked for by key: (title, Markdown text, empty string when not written)."""

    version: DocumentVersion | None
    approved: bool
    sections: dict[str, tuple[str, str]] = field(default_factory=dict)


def role_agreement_sections(program: Program, keys: tuple[str, ...]) -> AgreementSections:
    versions = DocumentVersion.objects.filter(
        document__program=program, document__kind=ROLE_AGREEMENT
    ).select_related("document__program")
    version = (
        versions.filter(status=DocumentStatus.APPROVED).order_by("-number").first()
        or versions.order_by("-number").first()
    )
    titles = {s.key: s.title for s in ROLE_AGREEMENT_KIND.sections}
    texts = (version.content.get("sections") or {}) if version is not None else {}
    return AgreementSections(
        version=version,
        approved=version is not None and version.status == DocumentStatus.APPROVED,
        sections={key: (titles[key], str(texts.get(key) or "").strip()) for key in keys},
    )
