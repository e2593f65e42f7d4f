"""The IV&V reports' pages and API, from the shared versioned document block of ``programs``:
each report's home, versions, editor, comparison, sign-off and exports under
``/programs/<code>/ivv/reports/<document id>/``, and its versions under
``/api/programs/<code>/ivv/reports/<document id>/``. The list of reports and the start of a
new one are ``ivv.report_views`` and ``ivv.api.reports``."""

from __future__ import annotations

from django.urls import reverse

from programs.api.documents import DocumentVersionsApiById
from programs.document_pages import DocumentPagesById, PageTexts
from programs.models import Program

from .report import IVV_REPORT_KIND


class ReportPages(DocumentPagesById):
    """One report per period, under ``reports/<document id>/``; the report list starts
    them."""

    def list_crumbs(self, program: Program) -> list[tuple[str, str]]:
        return [
            ("IV&V", reverse("ivv:register", kwargs={"code": program.code})),
            ("IV&V reports", reverse("ivv:reports", kwargs={"code": program.code})),
        ]


REPORT_PAGES = ReportPages(
    kind=IVV_REPORT_KIND,
    namespace="ivv:report",
    nav_section="ivv",
    texts=PageTexts(
        noun="IV&V report",
        intro="The IV&V agent's report of a period: an overall assessment on the CPARS scale "
        "with its reasons, highlights, concerns and recommendations, and the findings of the "
        "register opened, closed and overdue in the period, frozen into the version when it "
        "goes into review. The IV&V agent writes and signs it; every member reads it.",
        fields_heading="Period and assessment",
        new_version_signers="its author, the IV&V agent",
    ),
)


REPORT_API = DocumentVersionsApiById(
    kind=IVV_REPORT_KIND, path="ivv/reports", noun="IV&V report", schema_name="IvvReport"
)
