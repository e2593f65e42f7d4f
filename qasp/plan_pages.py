"""The QASP's pages and API (Play 3.1 activity 7), from the shared versioned document block
of ``programs``: its home, versions, editor, comparison, sign-off and exports under
/programs/<code>/qasp/plan/ (namespace ``qasp:plan``), and /api/programs/<code>/qasp/plan/."""

from __future__ import annotations

from programs.api.documents import DocumentApi
from programs.document_pages import DocumentPages, PageTexts

from .definitions import QASP_KIND

#: The program navigation's link that these pages mark as current.
NAV_SECTION = "qasp"

PLAN_PAGES = DocumentPages(
    kind=QASP_KIND,
    namespace="qasp:plan",
    nav_section=NAV_SECTION,
    texts=PageTexts(
        noun="QASP",
        intro="The government's plan for surveilling the provider's service (Play 3.1, "
        "activity 7; FAR 37.604 and 46.4): its approach, the Contracting Officer and the "
        "Contracting Officer's Representative, the agreed surveillance period, and the "
        "performance requirements summary: each standard with its acceptable quality level, "
        "surveillance method and frequency. The customer writes it and a customer signatory "
        "signs each version; the provider and the IV&V agent read it.",
        new_version_signers="a customer signatory",
    ),
)

PLAN_API = DocumentApi(
    kind=QASP_KIND,
    path="qasp/plan",
    noun="Quality Assurance Surveillance Plan",
    schema_name="QualityAssuranceSurveillancePlan",
)
