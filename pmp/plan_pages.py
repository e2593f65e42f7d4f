"""The Program Management Plan's pages (Play 3.1 activity 6), from the shared block of
``programs.document_pages``, under /programs/<code>/pmp/plan/ (namespace ``pmp:plan``)."""

from __future__ import annotations

from programs.document_pages import DocumentPages, PageTexts

from .definitions import PROGRAM_MANAGEMENT_PLAN_KIND

#: The program navigation's link that these pages mark as current.
NAV_SECTION = "management-plan"

PLAN_PAGES = DocumentPages(
    kind=PROGRAM_MANAGEMENT_PLAN_KIND,
    namespace="pmp:plan",
    nav_section=NAV_SECTION,
    texts=PageTexts(
        noun="Program Management Plan",
        intro="One plan for both parties' activities, tailored to the program (Play 3.1, "
        "activity 6): its overview and tailoring, then the seven subsidiary plans (schedule, "
        "scope, risk, acquisition, cost, communications and quality), each with the "
        "activities it commits the customer, the provider or both to. When a version goes "
        "into review, the agreed IMS baseline, the risk scoring scheme, the communications "
        "plan and the approved QASP it cites are frozen into it, so that the signatures "
        "cover them. A signatory of each party signs each version.",
        new_version_signers="a signatory of each party",
    ),
)
