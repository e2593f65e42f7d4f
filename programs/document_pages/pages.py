"""``DocumentPages``: the browser pages of one versioned document kind, and its hooks."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest
from django.urls import URLPattern, path, reverse

from programs import policy
from programs.choices import Party
from programs.documents import DocumentKind
from programs.models import Document, DocumentVersion, Program
from programs.services import documents as document_services
from programs.views.layout import acting_user

from . import selectors


@dataclass(frozen=True)
class PageTexts:
    """The words of the pages that the kind's name does not give."""

    # The kind in running text: "Start the charter", "This program has no charter yet."
    noun: str
    # The home page's paragraph before the document is started.
    intro: str = ""
    # The heading of the kind's typed fields on the version page and in the editor.
    fields_heading: str = "Details"
    # Who signs a new version again: "... say why, and both executive sponsors sign it again."
    new_version_signers: str = "its signatories"


@dataclass(frozen=True)
class DocumentUrls:
    home: str
    new_version: str
    compare: str


@dataclass(frozen=True)
class VersionUrls:
    page: str
    edit: str
    submit: str
    return_to_draft: str
    sign: str
    export_pdf: str
    export_xlsx: str
    comment: str
    comments_export: str
    comments_import: str

    def disposition(self, number: int) -> str:
        return f"{self.comment}{number}/disposition/"

    def concurrence(self, number: int) -> str:
        return f"{self.comment}{number}/concurrence/"


class DocumentPages:
    """The pages of one document kind, mounted by the kind's app: ``urlpatterns()`` is the
    whole of its ``urls.py``. Subclass to override the hooks (see the package docstring)."""

    #: Route of the pages of one document, before ``v<number>/``; a kind a program holds
    #: several times addresses the document here, e.g. ``"<int:document_id>/"``.
    document_route = ""

    def __init__(
        self,
        *,
        kind: DocumentKind,
        namespace: str,
        nav_section: str,
        texts: PageTexts,
        home_url_name: str = "home",
    ) -> None:
        self.kind = kind
        self.namespace = namespace
        self.nav_section = nav_section
        self.texts = texts
        self.home_url_name = home_url_name

    # -- hooks ------------------------------------------------------------------------

    def get_document(
        self,
        request: HttpRequest,
        program: Program,
        *,
        action: policy.Action = "view",
        **url_kwargs: Any,
    ) -> Document | None:
        """The document the page works on, if the user may do ``action`` on it. ``url_kwargs``
        are those of ``document_route``. The one place that knows which document of the kind
        a URL means: by default the program's only one."""
        return selectors.document_of_kind(
            user=acting_user(request), program=program, kind=self.kind, action=action
        )

    def document_url_kwargs(self, document: Document) -> dict[str, Any]:
        """The URL kwargs of ``document_route`` that address ``document``."""
        return {}

    def start_document(self, request: HttpRequest, program: Program) -> Document:
        """Start the program's document of the kind (the start page, for a kind held once)."""
        return document_services.document_create(
            acting_user=acting_user(request), program=program, kind=self.kind.key
        )

    def crumbs(self, program: Program, document: Document | None) -> list[tuple[str, str]]:
        """Breadcrumbs after Programs > program, up to the document's home."""
        home = self.urls(program, document).home
        return [(self.kind.name, home)]

    # -- URLs -------------------------------------------------------------------------

    def reverse(
        self, name: str, program: Program, document: Document | None = None, **kwargs: Any
    ) -> str:
        document_kwargs = self.document_url_kwargs(document) if document is not None else {}
        return reverse(
            f"{self.namespace}:{name}",
            kwargs={"code": program.code, **document_kwargs, **kwargs},
        )

    def urls(self, program: Program, document: Document | None) -> DocumentUrls:
        return DocumentUrls(
            home=self.reverse(self.home_url_name, program, document),
            new_version=self.reverse("new-version", program, document),
            compare=self.reverse("compare", program, document),
        )

    def version_urls(self, version: DocumentVersion) -> VersionUrls:
        document = version.document
        program = document.program

        def url(name: str) -> str:
            return self.reverse(name, program, document, number=version.number)

        return VersionUrls(
            page=url("version"),
            edit=url("edit"),
            submit=url("submit"),
            return_to_draft=url("return-to-draft"),
            sign=url("sign"),
            export_pdf=url("export-pdf"),
            export_xlsx=url("export-xlsx"),
            comment=url("comments"),
            comments_export=url("comments-export"),
            comments_import=url("comments-import"),
        )

    @property
    def editing_parties(self) -> str:
        """ "the customer or the provider": whose editors start the document."""
        return " or ".join(f"the {Party(p).label.lower()}" for p in self.kind.editing_parties)

    @property
    def sign_again(self) -> str:
        """Who signs again after a change voids the signatures, in running text."""
        parties = self.kind.signing_parties
        if not parties:
            return "the people it names sign again"
        if len(parties) == 2:
            return "both parties sign again"
        return " and ".join(f"the {Party(p).label.lower()}" for p in parties) + " signs again"

    # -- routes -----------------------------------------------------------------------

    def urlpatterns(self) -> list[URLPattern]:
        from . import views

        def page(route: str, view: type[views.DocumentPageView], name: str) -> URLPattern:
            return path(route, login_required(view.as_view(pages=self)), name=name)

        doc, version = self.document_route, f"{self.document_route}v<int:number>/"
        patterns = [
            page(doc, views.HomeView, self.home_url_name),
            page(f"{doc}new-version/", views.NewVersionView, "new-version"),
            page(f"{doc}compare/", views.CompareView, "compare"),
            page(version, views.VersionView, "version"),
            page(f"{version}edit/", views.EditView, "edit"),
            page(f"{version}submit/", views.SubmitView, "submit"),
            page(f"{version}return-to-draft/", views.ReturnToDraftView, "return-to-draft"),
            page(f"{version}sign/", views.SignView, "sign"),
            page(f"{version}export.pdf", views.ExportPdfView, "export-pdf"),
            page(f"{version}export.xlsx", views.ExportXlsxView, "export-xlsx"),
        ]
        from . import review_views

        patterns += [
            page(f"{version}comments/", review_views.CommentCreateView, "comments"),
            page(
                f"{version}comments/<int:comment>/disposition/",
                review_views.DispositionView,
                "comment-disposition",
            ),
            page(
                f"{version}comments/<int:comment>/concurrence/",
                review_views.ConcurrenceView,
                "comment-concurrence",
            ),
            page(f"{version}comments.xlsx", review_views.MatrixExportView, "comments-export"),
            page(f"{version}comments/import/", review_views.MatrixImportView, "comments-import"),
        ]
        if not doc:
            patterns.insert(1, page("start/", views.StartView, "start"))
        return patterns


class DocumentPagesById(DocumentPages):
    """The pages of a kind a program holds several times (an SME's MOU, a month's IV&V
    report): each document's pages live under ``<document id>/``; the kind's own list page
    starts them. ``list_crumbs`` names the trail up to that list."""

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

    def list_crumbs(self, program: Program) -> list[tuple[str, str]]:
        """The trail up to the kind's list page, that list last: [(label, URL), ...]."""
        raise NotImplementedError

    def crumbs(self, program: Program, document: Document | None) -> list[tuple[str, str]]:
        trail = self.list_crumbs(program)
        title = document.title if document is not None else self.kind.name
        home = self.urls(program, document).home if document is not None else trail[-1][1]
        return [*trail, (title, home)]
