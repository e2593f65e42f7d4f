"""Browser pages of the Program Charter: its home (versions and history), a version with its
approval block and actions, the editor, the comparison of two versions, and the exports.

Reads start from the access policy, so a program, charter or version the user may not see
(or, for a write, may not change) is a 404. Writes call the document services; their
DomainError is shown beside the field or as an alert naming the rule, and nothing changes.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from programs.choices import DocumentStatus, Party
from programs.documents import compare_contents
from programs.errors import DomainError, ErrorCode, StaleEditError
from programs.models import DocumentVersion, Program
from programs.services import documents as document_services
from programs.views.idempotency import create_once
from programs.views.layout import program_context

from . import selectors
from .definition import CHARTER, CHARTER_KIND
from .forms import ContentForm, NewVersionForm, ReturnToDraftForm, SignForm

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User), "login_required lets only signed-in users through"
    return user


def _page_context(request: HttpRequest, program: Program, *tail: tuple[str, str]) -> dict[str, Any]:
    """The program layout with Charter current in its side navigation; breadcrumbs read
    Programs > program > Program Charter > ``tail`` (the charter home ends at the charter)."""
    charter_url = "" if not tail else reverse("charter:charter", kwargs={"code": program.code})
    return program_context(request, program, "charter", (CHARTER_KIND.name, charter_url), *tail)


def _version_crumb(version: DocumentVersion) -> tuple[str, str]:
    return (f"Version {version.number}", version.get_absolute_url())


# -- the charter home ---------------------------------------------------------------------


def _home_context(
    request: HttpRequest, program: Program, *, new_version_form: NewVersionForm | None = None
) -> dict[str, Any]:
    user = _user(request)
    document = selectors.charter_of(program=program)
    versions = (
        list(selectors.charter_versions(user=user, program=program).order_by("-number"))
        if document
        else []
    )
    can_change = selectors.can_change_charter(user=user, program=program)
    open_version = next((v for v in versions if v.status in selectors.OPEN_STATUSES), None)
    approved = next((v for v in versions if v.status == DocumentStatus.APPROVED), None)
    offers_new_version = bool(document and can_change and open_version is None)
    return {
        **_page_context(request, program),
        "document": document,
        "versions": versions,
        "approved": approved,
        "open_version": open_version,
        "can_change": can_change,
        "new_version_form": (new_version_form or NewVersionForm()) if offers_new_version else None,
        "numbers": [v.number for v in versions],
        "compare_a": versions[1].number if len(versions) > 1 else None,
        "compare_b": versions[0].number if versions else None,
    }


@login_required
@require_GET
def charter_home(request: HttpRequest, code: str) -> HttpResponse:
    program = selectors.program_get(user=_user(request), code=code)
    return render(request, "charter/home.html", _home_context(request, program))


@login_required
@require_POST
def charter_start(request: HttpRequest, code: str) -> HttpResponse:
    user = _user(request)
    program = selectors.program_get(user=user, code=code)
    if not selectors.can_change_charter(user=user, program=program):
        raise Http404("No such program.")
    if selectors.charter_of(program=program) is not None:
        # Started meanwhile by someone else (or a second click): show what exists.
        return redirect(reverse("charter:charter", kwargs={"code": code}))
    document = document_services.document_create(acting_user=user, program=program, kind=CHARTER)
    messages.success(request, f"The {document.title} is started: version 1 is a draft.")
    return redirect(reverse("charter:edit", kwargs={"code": code, "number": 1}))


@login_required
@require_POST
def version_new(request: HttpRequest, code: str) -> HttpResponse:
    user = _user(request)
    program = selectors.program_get(user=user, code=code)
    document = selectors.charter_get(user=user, program=program, action="change")
    form = NewVersionForm(request.POST)
    form.is_valid()  # every field is optional here: the service says what is missing
    try:
        version = create_once(
            request,
            scope="document_version:create",
            create=lambda: document_services.version_create_next(
                acting_user=user,
                document=document,
                reason=form.cleaned_data.get("reason") or "",
                reason_text=form.cleaned_data.get("reason_text") or "",
            ),
            redirect_to=lambda v: reverse(
                "charter:edit", kwargs={"code": code, "number": v.number}
            ),
        )
    except DomainError as exc:
        form.add_domain_error(exc)
        context = _home_context(request, program, new_version_form=form)
        return render(request, "charter/home.html", context, status=400)
    if isinstance(version, HttpResponse):
        return version
    messages.success(
        request, f"Version {version.number} is started as a draft from the latest version."
    )
    return redirect(reverse("charter:edit", kwargs={"code": code, "number": version.number}))


# -- a version ----------------------------------------------------------------------------


def _render_version(
    request: HttpRequest,
    version: DocumentVersion,
    *,
    error: DomainError | None = None,
    status: int = 200,
) -> HttpResponse:
    page = selectors.version_page(user=_user(request), version=version)
    program = version.document.program
    context = {
        **_page_context(request, program, (f"Version {version.number}", "")),
        "page": page,
        "version": version,
        "error": error,
    }
    return render(request, "charter/version.html", context, status=status)


@login_required
@require_GET
def version_detail(request: HttpRequest, code: str, number: int) -> HttpResponse:
    user = _user(request)
    program = selectors.program_get(user=user, code=code)
    return _render_version(
        request, selectors.version_get(user=user, program=program, number=number)
    )


def _version_action(request: HttpRequest, code: str, number: int, action: str) -> HttpResponse:
    """Submit for review: editors only, a refused rule is shown on the version page and
    changes nothing."""
    user = _user(request)
    program = selectors.program_get(user=user, code=code)
    version = selectors.version_get(user=user, program=program, number=number, action="change")
    try:
        version = document_services.version_submit(acting_user=user, version=version)
        done = f"Version {version.number} is in review; the signatories are notified."
    except DomainError as exc:
        version.refresh_from_db()
        return _render_version(request, version, error=exc, status=400)
    messages.success(request, done)
    return redirect(version.get_absolute_url())


@login_required
@require_POST
def version_submit(request: HttpRequest, code: str, number: int) -> HttpResponse:
    return _version_action(request, code, number, "submit")


@login_required
@require_http_methods(["GET", "POST"])
def version_return_to_draft(request: HttpRequest, code: str, number: int) -> HttpResponse:
    """Return a version in review to draft. One that carries signatures asks first: the page
    lists the signatures it voids and asks why (the signers are told); a Program Manager or
    PMO Lead of an owning party confirms. One without signatures goes back at once."""
    user = _user(request)
    program = selectors.program_get(user=user, code=code)
    version = selectors.version_get(user=user, program=program, number=number, action="change")
    refusal = document_services.return_to_draft_refusal(user, version)
    if refusal is not None:
        return _render_version(request, version, error=refusal, status=refusal.status_code)
    signatures = list(version.signatures.filter(voided_at__isnull=True).select_related("signer"))
    form = ReturnToDraftForm(
        request.POST if request.method == "POST" else None, reason_required=bool(signatures)
    )
    if request.method == "POST" and form.is_valid():
        try:
            version = document_services.version_return_to_draft(
                acting_user=user, version=version, reason=form.cleaned_data["reason"]
            )
        except DomainError as exc:
            if exc.field != "reason":
                version.refresh_from_db()
                return _render_version(request, version, error=exc, status=exc.status_code)
            form.add_domain_error(exc)
        else:
            done = f"Version {version.number} is a draft again."
            if signatures:
                done += " Its signatures are voided and the signers are told why."
            messages.success(request, done)
            return redirect(version.get_absolute_url())
    context = {
        **_page_context(request, program, (f"Version {version.number}", "")),
        "version": version,
        "signatures": signatures,
        "form": form,
    }
    status = 400 if form.is_bound else 200
    return render(request, "charter/return_to_draft.html", context, status=status)


@login_required
@require_POST
def version_sign(request: HttpRequest, code: str, number: int) -> HttpResponse:
    """Any member may try; the service refuses whoever is no signatory, or a signature of
    content that changed since the page showed it."""
    user = _user(request)
    program = selectors.program_get(user=user, code=code)
    version = selectors.version_get(user=user, program=program, number=number)
    form = SignForm(request.POST)
    try:
        if not form.is_valid():
            raise DomainError(
                "The page did not say which content you sign; reload it and sign again.",
                code=ErrorCode.STALE_VERSION,
                field="content_sha256",
            )
        document_services.version_sign(
            acting_user=user, version=version, content_sha256=form.cleaned_data["content_sha256"]
        )
    except DomainError as exc:
        version.refresh_from_db()
        return _render_version(request, version, error=exc, status=400)
    version.refresh_from_db()
    if version.status == DocumentStatus.APPROVED:
        messages.success(request, f"You signed version {version.number}; it is now approved.")
    else:
        messages.success(request, f"You signed version {version.number}.")
    return redirect(version.get_absolute_url())


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


@login_required
@require_http_methods(["GET", "POST"])
def version_edit(request: HttpRequest, code: str, number: int) -> HttpResponse:
    user = _user(request)
    program = selectors.program_get(user=user, code=code)
    version = selectors.version_get(user=user, program=program, number=number, action="change")
    kind = version.document.definition
    context: dict[str, Any] = {
        **_page_context(request, program, _version_crumb(version), ("Edit", "")),
        "version": version,
    }
    if not version.is_editable:
        context["locked"] = document_services.version_locked_error(version)
        return render(request, "charter/edit.html", context, status=409)
    if request.method == "GET":
        form = ContentForm(
            kind=kind, content=version.content, initial={"base_revision": version.revision}
        )
        return render(request, "charter/edit.html", {**context, "form": form})

    form = ContentForm(request.POST, kind=kind, content=version.content)
    if form.is_valid():
        try:
            saved = document_services.version_update_content(
                acting_user=user,
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
                return render(request, "charter/edit.html", context, status=409)
            form.add_content_error(exc)
        else:
            if saved.revision == version.revision:
                messages.info(request, "Nothing changed, so nothing was saved.")
            else:
                messages.success(
                    request, f"Version {saved.number} saved (revision {saved.revision})."
                )
            return redirect(saved.get_absolute_url())
    status = 409 if "stale" in context else 400
    return render(request, "charter/edit.html", {**context, "form": form}, status=status)


# -- comparing two versions -----------------------------------------------------------------


def _content_for_comparison(version: DocumentVersion) -> dict[str, Any]:
    """A draft has no frozen stakeholders yet: compare with the live list it shows."""
    content = dict(version.content)
    if version.status == DocumentStatus.DRAFT and version.document.definition.includes_stakeholders:
        content["stakeholders"] = document_services.stakeholders_of(version.document.program)
    return content


@login_required
@require_GET
def compare(request: HttpRequest, code: str) -> HttpResponse:
    user = _user(request)
    program = selectors.program_get(user=user, code=code)
    versions = selectors.charter_versions(user=user, program=program)
    context: dict[str, Any] = {
        **_page_context(request, program, ("Compare versions", "")),
        "numbers": list(versions.order_by("-number").values_list("number", flat=True)),
    }
    try:
        a, b = int(request.GET["a"]), int(request.GET["b"])
    except (KeyError, ValueError):
        context["problem"] = (
            "Choose two versions to compare: give their numbers, for example compare/?a=1&b=2."
        )
        return render(request, _compare_template(request), context, status=400)
    by_number = {v.number: v for v in versions.filter(number__in=[a, b])}
    missing = [n for n in (a, b) if n not in by_number]
    if missing:
        context["problem"] = f"The {CHARTER_KIND.name} has no version {missing[0]}."
        return render(request, _compare_template(request), context, status=404)
    old, new = by_number[a], by_number[b]
    parts = compare_contents(
        old.document.definition, _content_for_comparison(old), _content_for_comparison(new)
    )
    context.update(
        old=old,
        new=new,
        parts=parts,
        changed_count=sum(1 for p in parts if p.changed),
    )
    return render(request, _compare_template(request), context)


def _compare_template(request: HttpRequest) -> str:
    # From the charter home, htmx swaps the result in under the history table.
    return (
        "charter/_compare_result.html"
        if getattr(request, "htmx", False)
        else "charter/compare.html"
    )


# -- exports --------------------------------------------------------------------------------


def _export(request: HttpRequest, code: str, number: int, ext: str) -> HttpResponse:
    from programs.exports import export_filename, render_document_pdf, render_document_xlsx

    user = _user(request)
    program = selectors.program_get(user=user, code=code)
    version = selectors.version_get(user=user, program=program, number=number)
    if ext == "pdf":
        body, content_type = render_document_pdf(version), "application/pdf"
    else:
        body, content_type = render_document_xlsx(version), XLSX
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=export_filename(version, ext)
    )
    return response


@login_required
@require_GET
def export_pdf(request: HttpRequest, code: str, number: int) -> HttpResponse:
    return _export(request, code, number, "pdf")


@login_required
@require_GET
def export_xlsx(request: HttpRequest, code: str, number: int) -> HttpResponse:
    return _export(request, code, number, "xlsx")
