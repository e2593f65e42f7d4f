"""The review comments of a version page: add a comment, disposition it, concur with the
disposition, and the comment resolution matrix in Excel (export, import). Each write goes
through ``programs.services.reviews``; a refusal is shown on the version page naming the
rule, and nothing changes. They work without JavaScript: forms post and redirect back."""

from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import content_disposition_header
from django.views.decorators.csrf import csrf_exempt, csrf_protect

from programs import review_excel
from programs.errors import DomainError
from programs.models import DocumentVersion, ReviewComment
from programs.services import reviews as services
from programs.uploads import UploadTooLarge, limit_uploads

from .review_forms import CommentForm, ConcurrenceForm, DispositionForm, MatrixImportForm
from .review_selectors import RowRefusal
from .views import TEMPLATES, XLSX, VersionView


class ReviewView(VersionView):
    http_method_names = ["post"]

    def comment_of(self, version: DocumentVersion) -> ReviewComment:
        return get_object_or_404(
            ReviewComment.objects.select_related("version", "document__program"),
            version=version,
            number=self.kwargs["comment"],
        )

    def back(self, version: DocumentVersion, anchor: str = "comments") -> HttpResponse:
        return redirect(f"{self.pages.version_urls(version).page}#{anchor}")


class CommentCreateView(ReviewView):
    def post(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        version = self.get_version()
        form = CommentForm(request.POST, kind=version.document.definition)
        form.is_valid()
        data = form.cleaned_data
        try:
            made = services.comment_create(
                acting_user=self.user,
                version=version,
                anchor=data.get("anchor") or "",
                type=data.get("type") or "",
                text=data.get("text") or "",
                quote=data.get("quote") or "",
                proposed_change=data.get("proposed_change") or "",
            )
        except DomainError as exc:
            form.add_domain_error(exc)
            return self.render_version(
                version, error=exc, status=exc.status_code, comment_form=form
            )
        messages.success(request, f"Comment {made.label} is recorded.")
        return self.back(version, f"comment-{made.number}")


class DispositionView(ReviewView):
    def post(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        version = self.get_version()
        comment = self.comment_of(version)
        form = DispositionForm(request.POST, prefix=f"c{comment.number}")
        form.is_valid()
        data = form.cleaned_data
        try:
            services.comment_disposition_set(
                acting_user=self.user,
                comment=comment,
                disposition=data.get("disposition") or "",
                text=data.get("text") or "",
                deferred_to=data.get("deferred_to"),
            )
        except DomainError as exc:
            refusal = RowRefusal(
                "disposition",
                comment.number,
                exc.field or "disposition",
                exc.message,
                {k: data.get(k) for k in ("disposition", "text", "deferred_to")},
            )
            return self.render_version(
                version, error=exc, status=exc.status_code, row_refusal=refusal
            )
        messages.success(request, f"The disposition of {comment.label} is saved.")
        return self.back(version, f"comment-{comment.number}")


class ConcurrenceView(ReviewView):
    def post(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        version = self.get_version()
        comment = self.comment_of(version)
        form = ConcurrenceForm(request.POST, prefix=f"c{comment.number}")
        form.is_valid()
        data = form.cleaned_data
        try:
            services.comment_concurrence_set(
                acting_user=self.user,
                comment=comment,
                concurrence=data.get("concurrence") or "",
                reason=data.get("reason") or "",
            )
        except DomainError as exc:
            refusal = RowRefusal(
                "concurrence",
                comment.number,
                exc.field or "concurrence",
                exc.message,
                {k: data.get(k) for k in ("concurrence", "reason")},
            )
            return self.render_version(
                version, error=exc, status=exc.status_code, row_refusal=refusal
            )
        messages.success(request, f"Your concurrence with {comment.label} is saved.")
        return self.back(version, f"comment-{comment.number}")


class MatrixExportView(ReviewView):
    http_method_names = ["get"]

    def get(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        version = self.get_version()
        response = HttpResponse(review_excel.export_matrix(version), content_type=XLSX)
        response["Content-Disposition"] = content_disposition_header(
            as_attachment=True, filename=review_excel.matrix_filename(version)
        )
        return response


class MatrixImportView(ReviewView):
    http_method_names = ["get", "post"]
    template_name = f"{TEMPLATES}/comments_import.html"

    @classmethod
    def as_view(cls, **initkwargs: Any) -> Any:
        # The CSRF check reads the body: it is checked once the upload limit is set.
        return csrf_exempt(super().as_view(**initkwargs))

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        limit_uploads(request, kind="comments")
        return super().dispatch(request, *args, **kwargs)

    def context(self, version: DocumentVersion, form: MatrixImportForm) -> dict[str, Any]:
        return {
            **self.version_context(version, self.version_crumb(version), ("Import comments", "")),
            "form": form,
        }

    def get(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        version = self.get_version()
        return render(request, self.template_name, self.context(version, MatrixImportForm()))

    def post(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        return cast(HttpResponse, csrf_protect(self._post)(request, **kwargs))

    def _post(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        version = self.get_version()
        try:
            form = MatrixImportForm(request.POST, request.FILES)
            context = self.context(version, form)
            if not form.is_valid():
                return render(request, self.template_name, context, status=400)
            result = review_excel.import_matrix(
                acting_user=self.user, version=version, data=form.cleaned_data["file"].read()
            )
        except UploadTooLarge as exc:
            context = {**self.context(version, MatrixImportForm()), "error": exc.message}
            return render(request, self.template_name, context, status=exc.status_code)
        except DomainError as exc:
            context["error"] = exc.message
            context["problems"] = exc.extra.get("problems", [])
            return render(request, self.template_name, context, status=exc.status_code)
        messages.success(
            request,
            f"Imported: {result.created} new comment{'s' if result.created != 1 else ''}, "
            f"{result.dispositioned} disposition{'s' if result.dispositioned != 1 else ''}, "
            f"{result.concurred} concurrence{'s' if result.concurred != 1 else ''}; "
            f"{result.unchanged} unchanged.",
        )
        return self.back(version)
