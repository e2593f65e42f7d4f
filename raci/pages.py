"""The versioned document pages of the responsibilities area, from the shared block of
``programs.document_pages``: the PMO role agreement and the Resource Management Plan (one per
program) and the SMEs' MOUs (one per expert, addressed by the document's id)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse

from programs import policy
from programs.document_pages import DocumentPages, PageTexts
from programs.models import Document, Program
from programs.views.layout import acting_user

from .definitions import RESOURCE_PLAN_KIND, ROLE_AGREEMENT_KIND
from .mou import SME_MOU_KIND

SECTION = "responsibilities"


class ResponsibilityPages(DocumentPages):
    """Breadcrumbs through the responsibilities area: Responsibilities > the document."""

    def crumbs(self, program: Program, document: Document | None) -> list[tuple[str, str]]:
        home = reverse("raci:home", kwargs={"code": program.code})
        return [("Responsibilities", home), *super().crumbs(program, document)]


class MouPages(ResponsibilityPages):
    """One MOU per SME: its pages live under ``mous/<document id>/``; the MOU list starts
    them (``raci.views_mou``)."""

    document_route = "<int:document_id>/"

    def get_document(
        self,
        request: HttpRequest,
        program: Program,
        *,
        action: policy.Action = "view",
        **url_kwargs: Any,
    ) -> Document | None:
        queryset = Document.objects.filter(
            program=program, kind=self.kind.key, pk=url_kwargs["document_id"]
        ).select_related("program", "subject__user")
        return policy.restrict(queryset, acting_user(request), action).first()

    def document_url_kwargs(self, document: Document) -> dict[str, Any]:
        return {"document_id": document.pk}

    def crumbs(self, program: Program, document: Document | None) -> list[tuple[str, str]]:
        mous = reverse("raci:mous", kwargs={"code": program.code})
        home = reverse("raci:home", kwargs={"code": program.code})
        title = document.title if document is not None else self.kind.name
        return [
            ("Responsibilities", home),
            ("SME MOUs", mous),
            (title, self.urls(program, document).home if document else mous),
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
