"""The versioned document pages of the responsibilities area, from the shared block of
``programs.document_pages``: the PMO role agreement and the Resource Management Plan (one per
program) and the SMEs' MOUs (one per expert, addressed by the document's id)."""

from __future__ import annotations

from django.urls import reverse

from programs.document_pages import DocumentPages, DocumentPagesById, PageTexts
from programs.models import Document, Program

from .definitions import RESOURCE_PLAN_KIND, ROLE_AGREEMENT_KIND
from .mou import SME_MOU_KIND

SECTION = "responsibilities"


class ResponsibilityPages(DocumentPages):
    """Breadcrumbs through the responsibilities area: Responsibilities > the document."""

    def crumbs(self, program: Program, document: Document | None) -> list[tuple[str, str]]:
        home = reverse("raci:home", kwargs={"code": program.code})
        return [("Responsibilities", home), *super().crumbs(program, document)]


class MouPages(DocumentPagesById):
    """One MOU per SME, under ``mous/<document id>/``; the MOU list starts them
    (``raci.views.mou``)."""

    def list_crumbs(self, program: Program) -> list[tuple[str, str]]:
        return [
            ("Responsibilities", reverse("raci:home", kwargs={"code": program.code})),
            ("SME MOUs", reverse("raci:mous", kwargs={"code": program.code})),
        ]


ROLE_AGREEMENT_PAGES = ResponsibilityPages(
    kind=ROLE_AGREEMENT_KIND,
    namespace="raci:role-agreement",
    nav_section=SECTION,
    texts=PageTexts(
        noun="role agreement",
        intro="Both PMOs agree in writing where each sits in the governance, who decides "
        "what, how they meet and work together, and how the PMO functions split between the "
        "customer and the provider (Play 3.1, activity 3). A signatory of each party signs "
        "each version.",
        new_version_signers="a signatory of each party",
    ),
)

RESOURCE_PLAN_PAGES = ResponsibilityPages(
    kind=RESOURCE_PLAN_KIND,
    namespace="raci:resource-plan",
    nav_section=SECTION,
    texts=PageTexts(
        noun="Resource Management Plan",
        intro="The roles with their authority, responsibility and competence, the staffing "
        "and how people are acquired, trained and released (Play 3.1, activity 4). When a "
        "version goes into review, the RACI matrix and the named members are frozen into "
        "it, so the signatures cover them; the matrix's rule errors must be fixed first.",
        new_version_signers="a signatory of each party",
    ),
)

MOU_PAGES = MouPages(
    kind=SME_MOU_KIND,
    namespace="raci:mou",
    nav_section=SECTION,
    texts=PageTexts(
        noun="MOU",
        intro="The SME's commitment: the sessions, hours a week, period and responsibilities, "
        "signed by the SME, a signatory of their party and the other party's Program Manager.",
        fields_heading="Commitment",
        new_version_signers="the SME, a signatory of their party and the named Program Manager",
    ),
)
