"""The views of the versioned document pages: a document's home (versions and history), a
version with its approval block and actions, the editor, the comparison of two versions, and
the exports. Each is given its ``DocumentPages`` by ``DocumentPages.urlpatterns()``.

Reads start from the access policy, so a program, document or version the user may not see
(or, for a write, may not change) is a 404. Writes call the document services; their
DomainError is shown beside the field or as an alert naming the rule, and nothing changes.
"""

from __future__ import annotations

import datetime as dt
from functools import cached_property
from typing import Any

from django.contrib import messages
from django.contrib.auth.models import User
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.decorators import method_decorator
from django.utils.http import content_disposition_header
from django.views import View

from programs import policy
from programs.choices import DocumentStatus, Party
from programs.conditional import kept_page, not_modified, program_etag, with_etag
from programs.documents import compare_contents
from programs.errors import DomainError, ErrorCode, StaleEditError
from programs.models import Document, DocumentVersion, Program
from programs.services import documents as document_services
from programs.views.idempotency import create_once
from programs.views.layout import acting_user, get_program, program_context

from . import selectors
from .forms import ContentForm, NewVersionForm, ReturnToDraftForm, SignForm
from .pages import DocumentPages

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
TEMPLATES = "programs/documents"


class DocumentPageView(View):
    """What every page of a document does first: the program, the document the URL
    addresses (``DocumentPages.get_document``) and the layout's context."""

    # Given by DocumentPages.urlpatterns(); as_view() takes only attributes of the class.
    pages: DocumentPages = None  # type: ignore[assignment]
    # As require_GET and require_POST: any other method is a 405, HEAD and OPTIONS too.
    http_method_names = ["get"]

    @cached_property
    def user(self) -> User:
        return acting_user(self.request)

    @cached_property
    def program(self) -> Program:
        return get_program(self.request, self.kwargs["code"])

    @property
    def document_kwargs(self) -> dict[str, Any]:
        """The URL kwargs that address the document (none for a kind held once)."""
        return {k: v for k, v in self.kwargs.items() if k not in ("code", "number")}

    def find_document(self, action: policy.Action = "view") -> Document | None:
        return self.pages.get_document(
            self.request,
            self.program,
            action=action,
            **self.document_kwargs,
        )

    def get_document(self, action: policy.Action = "view") -> Document:
        document = self.find_document(action)
        if document is None:
            raise Http404("No such document.")
        return document

    def get_version(self, action: policy.Action = "view") -> DocumentVersion:
        return selectors.version_get(
            user=self.user,
            document=self.get_document(),
            number=self.kwargs["number"],
            action=action,
        )

    def page_context(self, document: Document | None, *tail: tuple[str, str]) -> dict[str, Any]:
        """The program layout with the kind's section current in its side navigation; the
        breadcrumbs end at the document's home on that page, and go on with ``tail``."""
        crumbs = self.pages.crumbs(self.program, document)
        if not tail:
            crumbs[-1] = (crumbs[-1][0], "")
        pages = self.pages
        return {
            **program_context(self.request, self.program, pages.nav_section, *crumbs, *tail),
            "kind": pages.kind,
            "texts": pages.texts,
            "pages": pages,
            "urls": pages.urls(self.program, document),
        }

    def version_context(self, version: DocumentVersion, *tail: tuple[str, str]) -> dict[str, Any]:
        return {
            **self.page_context(version.document, *tail),
            "version": version,
            "version_urls": self.pages.version_urls(version),
        }

    def version_crumb(self, version: DocumentVersion) -> tuple[str, str]:
        return (f"Version {version.number}", self.pages.version_urls(version).page)


# -- the document's home --------------------------------------------------------------------


class HomeView(DocumentPageView):
    def home_context(self, *, new_version_form: NewVersionForm | None = None) -> dict[str, Any]:
        document = self.find_document()
        if document is None and self.document_kwargs:
            raise Http404("No such document.")
        versions = (
            list(selectors.document_versions(user=self.user, document=document).order_by("-number"))
            if document
            else []
        )
        # Once the document exists, its own owner decides (an SME's MOU is its party's): the
        # page offers no edit link or new version that would answer 404.
        can_change = (
            policy.can(self.user, "change", document)
            if document is not None
            else selectors.can_start(user=self.user, program=self.program, kind=self.pages.kind)
        )
        open_version = next((v for v in versions if v.status in selectors.OPEN_STATUSES), None)
        approved = next((v for v in versions if v.status == DocumentStatus.APPROVED), None)
        offers_new_version = bool(document and can_change and open_version is None)
        return {
            **self.page_context(document),
            "document": document,
            "versions": versions,
            "approved": approved,
            "open_version": open_version,
            "open_urls": self.pages.version_urls(open_version) if open_version else None,
            "can_change": can_change,
            "new_version_form": (new_version_form or NewVersionForm())
            if offers_new_version
            else None,
            "numbers": [v.number for v in versions],
            "compare_a": versions[1].number if len(versions) > 1 else None,
            "compare_b": versions[0].number if versions else None,
        }

    @method_decorator(kept_page)
    def get(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        return render(request, f"{TEMPLATES}/home.html", self.home_context())


class StartView(DocumentPageView):
    """Start the document of a kind a program holds once."""

    http_method_names = ["post"]

    def post(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        pages = self.pages
        if not selectors.can_start(user=self.user, program=self.program, kind=pages.kind):
            raise Http404("No such program.")
        if self.find_document() is not None:
            # Started meanwhile by someone else (or a second click): show what exists.
            return redirect(pages.urls(self.program, None).home)
        document = pages.start_document(request, self.program)
        messages.success(request, f"The {document.title} is started: version 1 is a draft.")
        return redirect(pages.reverse("edit", self.program, document, number=1))


class NewVersionView(HomeView):
    http_method_names = ["post"]

    def post(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        document = self.get_document("change")
        form = NewVersionForm(request.POST)
        form.is_valid()  # every field is optional here: the service says what is missing
        edit_url = lambda v: self.pages.version_urls(v).edit  # noqa: E731
        try:
            version = create_once(
                request,
                scope="document_version:create",
                create=lambda: document_services.version_create_next(
                    acting_user=self.user,
                    document=document,
                    reason=form.cleaned_data.get("reason") or "",
                    reason_text=form.cleaned_data.get("reason_text") or "",
                ),
                redirect_to=edit_url,
            )
        except DomainError as exc:
            form.add_domain_error(exc)
            context = self.home_context(new_version_form=form)
            return render(request, f"{TEMPLATES}/home.html", context, status=400)
        if isinstance(version, HttpResponse):
            return version
        messages.success(
            request, f"Version {version.number} is started as a draft from the latest version."
        )
        return redirect(edit_url(version))


# -- a version ----------------------------------------------------------------------------


class VersionView(DocumentPageView):
    def render_version(
        self,
        version: DocumentVersion,
        *,
        error: DomainError | None = None,
        status: int = 200,
        comment_form: Any = None,
        row_refusal: Any = None,
    ) -> HttpResponse:
        from .review_forms import CommentForm
        from .review_selectors import comments_panel

        comments = comments_panel(user=self.user, version=version, query=self.request.GET.dict())
        if row_refusal is not None:
            comments.show_refusal(row_refusal)
        extras = version.document.definition.extras
        kind = version.document.definition
        context = {
            **self.version_context(version, (f"Version {version.number}", "")),
            "page": selectors.version_page(user=self.user, version=version),
            "error": error,
            "extras": extras,
            "extra": extras.context(version) if extras.version_template else {},
            "comments": comments,
            "comment_form": comment_form or CommentForm(kind=kind),
        }
        return render(self.request, f"{TEMPLATES}/version.html", context, status=status)

    def get(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        return self.render_version(self.get_version())


class SubmitView(VersionView):
    """Submit for review: editors only; a refused rule is shown on the version page and
    changes nothing."""

    http_method_names = ["post"]

    def post(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        version = self.get_version("change")
        try:
            version = document_services.version_submit(acting_user=self.user, version=version)
        except DomainError as exc:
            version.refresh_from_db()
            return self.render_version(version, error=exc, status=400)
        messages.success(
            request, f"Version {version.number} is in review; the signatories are notified."
        )
        return redirect(self.pages.version_urls(version).page)


class ReturnToDraftView(VersionView):
    """Return a version in review to draft. One that carries signatures asks first: the page
    lists the signatures it voids and asks why (the signers are told); a Program Manager or
    PMO Lead of an owning party confirms. One without signatures goes back at once."""

    http_method_names = ["get", "post"]

    def get(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        return self.post(request, **kwargs)

    def post(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        user = self.user
        version = self.get_version("change")
        refusal = document_services.return_to_draft_refusal(user, version)
        if refusal is not None:
            return self.render_version(version, error=refusal, status=refusal.status_code)
        signatures = list(
            version.signatures.filter(voided_at__isnull=True).select_related("signer")
        )
        posted = request.method == "POST"
        form = ReturnToDraftForm(request.POST if posted else None, reason_required=bool(signatures))
        if posted and form.is_valid():
            try:
                version = document_services.version_return_to_draft(
                    acting_user=user, version=version, reason=form.cleaned_data["reason"]
                )
            except DomainError as exc:
                if exc.field != "reason":
                    version.refresh_from_db()
                    return self.render_version(version, error=exc, status=exc.status_code)
                form.add_domain_error(exc)
            else:
                done = f"Version {version.number} is a draft again."
                if signatures:
                    done += " Its signatures are voided and the signers are told why."
                messages.success(request, done)
                return redirect(self.pages.version_urls(version).page)
        context = {
            **self.version_context(version, (f"Version {version.number}", "")),
            "signatures": signatures,
            "form": form,
        }
        status = 400 if form.is_bound else 200
        return render(request, f"{TEMPLATES}/return_to_draft.html", context, status=status)


class SignView(VersionView):
    """Any member may try; the service refuses whoever is no signatory, or a signature of
    content that changed since the page showed it."""

    http_method_names = ["post"]

    def post(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        version = self.get_version()
        form = SignForm(request.POST)
        try:
            if not form.is_valid():
                raise DomainError(
                    "The page did not say which content you sign; reload it and sign again.",
                    code=ErrorCode.STALE_VERSION,
                    field="content_sha256",
                )
            document_services.version_sign(
                acting_user=self.user,
                version=version,
                content_sha256=form.cleaned_data["content_sha256"],
            )
        except DomainError as exc:
            version.refresh_from_db()
            return self.render_version(version, error=exc, status=400)
        version.refresh_from_db()
        if version.status == DocumentStatus.APPROVED:
            messages.success(request, f"You signed version {version.number}; it is now approved.")
        else:
            messages.success(request, f"You signed version {version.number}.")
        return redirect(self.pages.version_urls(version).page)


# -- the editor ---------------------------------------------------------------------------


def _stale_context(
    form: ContentForm, version: DocumentVersion, exc: StaleEditError
) -> dict[str, Any]:
    """Who saved meanwhile and, per part, how the stored text differs from the editor's."""
    kind = version.document.definition
    current = exc.extra["current_content"]
    mine = kind.clean_content(form.content())
    parts = [
        p
        for p in compare_contents(
            kind, current, {**mine, "stakeholders": current.get("stakeholders", [])}
        )
        if p.changed
    ]
    changed = [
        {
            **change,
            "at": dt.datetime.fromisoformat(change["at"]),
            "party_label": str(Party(change["party"]).label) if change["party"] else "",
        }
        for change in exc.extra["changed_meanwhile"]
    ]
    return {"stale": exc, "changed_meanwhile": changed, "merge_parts": parts}


class EditView(DocumentPageView):
    """The editor of a draft or a version in review; a save from an older revision shows
    who saved meanwhile and what differs, keeping the editor's text to merge."""

    template_name = f"{TEMPLATES}/edit.html"

    http_method_names = ["get", "post"]

    def editor_context(self, version: DocumentVersion) -> dict[str, Any]:
        extras = version.document.definition.extras
        return {
            **self.version_context(version, self.version_crumb(version), ("Edit", "")),
            "extras": extras,
            "extra": extras.context(version) if extras.editor_template else {},
        }

    def get(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        version = self.get_version("change")
        context = self.editor_context(version)
        if not version.is_editable:
            context["locked"] = document_services.version_locked_error(version)
            return render(request, self.template_name, context, status=409)
        form = ContentForm(
            kind=version.document.definition,
            content=version.content,
            initial={"base_revision": version.revision},
        )
        return render(request, self.template_name, {**context, "form": form})

    def post(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        version = self.get_version("change")
        kind = version.document.definition
        context = self.editor_context(version)
        if not version.is_editable:
            context["locked"] = document_services.version_locked_error(version)
            return render(request, self.template_name, context, status=409)
        form = ContentForm(request.POST, kind=kind, content=version.content)
        if form.is_valid():
            try:
                saved = document_services.version_update_content(
                    acting_user=self.user,
                    version=version,
                    content=form.content(),
                    base_revision=form.cleaned_data["base_revision"],
                )
            except StaleEditError as exc:
                # Keep the editor's text; the next save starts from the revision now stored.
                data = request.POST.copy()
                data["base_revision"] = str(exc.extra["current_revision"])
                form = ContentForm(data, kind=kind, content=version.content)
                form.is_valid()
                context.update(_stale_context(form, version, exc))
            except DomainError as exc:
                if exc.code == ErrorCode.VERSION_LOCKED:
                    context["locked"] = exc
                    return render(request, self.template_name, context, status=409)
                form.add_content_error(exc)
            else:
                if saved.revision == version.revision:
                    messages.info(request, "Nothing changed, so nothing was saved.")
                else:
                    messages.success(
                        request, f"Version {saved.number} saved (revision {saved.revision})."
                    )
                return redirect(self.pages.version_urls(saved).page)
        status = 409 if "stale" in context else 400
        return render(request, self.template_name, {**context, "form": form}, status=status)


# -- comparing two versions -----------------------------------------------------------------


def _content_for_comparison(version: DocumentVersion) -> dict[str, Any]:
    """A draft has nothing frozen yet: compare with the live data it shows (stakeholders,
    the kind's frozen parts)."""
    return document_services.content_for_reading(version)


class CompareView(DocumentPageView):
    def get(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        document = self.find_document()
        if document is None and self.document_kwargs:
            raise Http404("No such document.")
        versions = (
            selectors.document_versions(user=self.user, document=document)
            if document
            else DocumentVersion.objects.none()
        )
        context: dict[str, Any] = {
            **self.page_context(document, ("Compare versions", "")),
            "numbers": list(versions.order_by("-number").values_list("number", flat=True)),
        }
        # From the document's home, htmx swaps the result in under the history table.
        template = "_compare_result.html" if getattr(request, "htmx", False) else "compare.html"
        template = f"{TEMPLATES}/{template}"
        try:
            a, b = int(request.GET["a"]), int(request.GET["b"])
        except (KeyError, ValueError):
            context["problem"] = (
                "Choose two versions to compare: give their numbers, for example compare/?a=1&b=2."
            )
            return render(request, template, context, status=400)
        by_number = {v.number: v for v in versions.filter(number__in=[a, b])}
        missing = [n for n in (a, b) if n not in by_number]
        if missing:
            context["problem"] = f"The {self.pages.kind.name} has no version {missing[0]}."
            return render(request, template, context, status=404)
        old, new = by_number[a], by_number[b]
        parts = compare_contents(
            self.pages.kind, _content_for_comparison(old), _content_for_comparison(new)
        )
        from .review_selectors import comments_by_part

        by_part = comments_by_part(document_id=old.document_id, numbers=(a, b))
        context.update(
            old=old,
            new=new,
            parts=[(p, by_part.get(p.key, [])) for p in parts],
            changed_count=sum(1 for p in parts if p.changed),
        )
        return render(request, template, context)


# -- exports --------------------------------------------------------------------------------


class ExportPdfView(DocumentPageView):
    ext = "pdf"

    def get(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        from programs.exports import export_filename, render_document_pdf, render_document_xlsx

        version = self.get_version()
        etag = program_etag(request, self.program)
        if (unchanged := not_modified(request, etag)) is not None:
            return unchanged
        if self.ext == "pdf":
            body, content_type = render_document_pdf(version), "application/pdf"
        else:
            body, content_type = render_document_xlsx(version), XLSX
        response = HttpResponse(body, content_type=content_type)
        response["Content-Disposition"] = content_disposition_header(
            as_attachment=True, filename=export_filename(version, self.ext)
        )
        return with_etag(response, etag)


class ExportXlsxView(ExportPdfView):
    ext = "xlsx"
