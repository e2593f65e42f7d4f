"""The IV&V plan's pages and API, from the shared versioned document block of ``programs``:
its home, versions, editor, comparison, sign-off and exports under ``/programs/<code>/ivv/
plan/``, and ``/api/programs/<code>/ivv-plan/``."""

from __future__ import annotations

from django.urls import reverse

from programs.api.documents import DocumentApi
from programs.document_pages import DocumentPages, PageTexts
from programs.models import Document, Program

from .plan import IVV_PLAN_KIND


class IvvPages(DocumentPages):
    """Breadcrumbs through the IV&V area: IV&V > the plan."""

    def crumbs(self, program: Program, document: Document | None) -> list[tuple[str, str]]:
        home = reverse("ivv:register", kwargs={"code": program.code})
        return [("IV&V", home), *super().crumbs(program, document)]


PLAN_PAGES = IvvPages(
    kind=IVV_PLAN_KIND,
    namespace="ivv:plan",
    nav_section="ivv",
    texts=PageTexts(
        noun="IV&V plan",
        intro="The customer's plan for independent verification and validation, in the "
        "sections of IEEE 1012, with its integrity levels and its V&V activities by "
        "life-cycle stage (Play 3.1, activity 5). Both parties and the IV&V agent review each "
        "version with comments; the customer dispositions them and signs.",
        new_version_signers="a customer signatory",
    ),
)

PLAN_API = DocumentApi(kind=IVV_PLAN_KIND, path="ivv-plan", noun="IV&V plan", schema_name="IvvPlan")
