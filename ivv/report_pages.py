"""The IV&V reports' pages and API, from the shared versioned document block of ``programs``:
each report's home, versions, editor, comparison, sign-off and exports under
``/programs/<code>/ivv/reports/<document id>/``, and its versions under
``/api/programs/<code>/ivv/reports/<document id>/``. The list of reports and the start of a
new one are ``ivv.report_views`` and ``ivv.api.reports``."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import URLPattern, URLResolver, reverse

from programs import policy
from programs.api.documents import DocumentApi
from programs.document_pages import DocumentPages, PageTexts
from programs.models import Document, Program
from programs.views.layout import acting_user

from .report import IVV_REPORT_KIND


class ReportPages(DocumentPages):
    """One report per period: its pages live under ``reports/<document id>/``; the report
    list starts them."""

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
        ).select_related("program")
        return policy.restrict(queryset, acting_user(request), action).first()

    def document_url_kwargs(self, document: Document) -> dict[str, Any]:
        return {"document_id": document.pk}

    def crumbs(self, program: Program, document: Document | None) -> list[tuple[str, str]]:
        register = reverse("ivv:register", kwargs={"code": program.code})
        reports = reverse("ivv:reports", kwargs={"code": program.code})
        title = document.title if document is not None else self.kind.name
        return [
            ("IV&V", register),
            ("IV&V reports", reports),
            (title, self.urls(program, document).home if document else reports),
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


class ReportVersionsApi(DocumentApi):
    """The versions of one report, by the report's id: ``ivv/reports/{document_id}/versions/``."""

    document_route = r"(?P<document_id>\d+)/"

    def document_queryset(self, program: Program, **url_kwargs: Any) -> QuerySet[Document]:
        return Document.objects.filter(
            program=program, kind=self.kind.key, pk=url_kwargs["document_id"]
        )

    def urlpatterns(self) -> list[URLPattern | URLResolver]:
        # The report itself (list, start) is ``ivv.api.reports.ReportViewSet``'s.
        return [p for p in super().urlpatterns() if getattr(p, "name", "") != f"api-{self.name}"]


REPORT_API = ReportVersionsApi(
    kind=IVV_REPORT_KIND, path="ivv/reports", noun="IV&V report", schema_name="IvvReport"
)
