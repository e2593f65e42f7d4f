"""Pages of the IV&V findings register: the register (filtered, paged, charted, exported),
a finding with its history and the actions the person may take as forms, filing and editing.

Every member of the program reads them (a 404 for anyone else). A refused action shows the
service's message beside the form and changes nothing."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from programs import policy
from programs.concurrency import form_revision, rebase_form
from programs.conditional import conditional_get, kept_page
from programs.errors import DomainError, StaleEditError
from programs.forms import PortalForm, apply_uswds
from programs.models import Membership, Program, person_name
from programs.registers.exports import dated_download, filters_described
from programs.views.idempotency import create_once
from programs.views.layout import acting_user, get_program, program_context

from . import exports, selectors, services
from .filters import FindingFilter
from .forms import AnswerForm, EmptyForm, EvidenceForm, FindingForm, ReasonForm
from .models import Finding
from .rules import WORKFLOW, available_actions, may_edit, may_file

SECTION = "ivv"
PER_PAGE = 200
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _register_url(program: Program) -> str:
    return reverse("ivv:register", kwargs={"code": program.code})


def _crumbs(program: Program, *tail: tuple[str, str]) -> tuple[tuple[str, str], ...]:
    return (("IV&V findings", _register_url(program)), *tail)


def _visible(request: HttpRequest, program: Program) -> QuerySet[Finding]:
    return policy.restrict(selectors.register_rows(program), request.user, "view")


def _filtered(request: HttpRequest, program: Program) -> FindingFilter:
    filterset = FindingFilter(request.GET or None, queryset=_visible(request, program))
    apply_uswds(filterset.form)
    return filterset


def _finding(request: HttpRequest, program: Program, number: int) -> Finding:
    finding = get_object_or_404(_visible(request, program), number=number)
    finding.program = program
    return finding


@login_required
@require_GET
@kept_page
def register(request: HttpRequest, code: str) -> HttpResponse:
    program = get_program(request, code)
    filterset = _filtered(request, program)
    rows = filterset.qs
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = program_context(request, program, SECTION, *_crumbs(program))
    context |= {
        "page": page,
        "rows": [(f, selectors.overdue_text(f)) for f in page.object_list],
        "filter_form": filterset.form,
        "filtered": any(v for k, v in request.GET.items() if k != "page"),
        "query": query.urlencode(),
        "charts": selectors.charts(program),
        "board_note": selectors.board_note(program),
        "can_file": may_file(request.user, program),
    }
    return render(request, "ivv/register.html", context)


def _export_rows(request: HttpRequest, program: Program) -> tuple[list[Finding], str]:
    filterset = _filtered(request, program)
    return list(filterset.qs), filters_described(filterset)


@login_required
@require_GET
@conditional_get
def export_xlsx(request: HttpRequest, code: str) -> HttpResponse:
    program = get_program(request, code)
    rows, _ = _export_rows(request, program)
    return dated_download(
        exports.findings_xlsx(program, rows), XLSX, program, "ivv-findings", "xlsx"
    )


@login_required
@require_GET
@conditional_get
def export_pdf(request: HttpRequest, code: str) -> HttpResponse:
    program = get_program(request, code)
    rows, described = _export_rows(request, program)
    body = exports.findings_pdf(
        program, rows, filters_text=described, generated_by=person_name(request.user)
    )
    return dated_download(body, "application/pdf", program, "ivv-findings", "pdf")


# -- a finding -----------------------------------------------------------------------------


def _owners(finding: Finding) -> QuerySet[Membership]:
    return Membership.objects.filter(
        program=finding.program, party=finding.answering_party
    ).select_related("user")


#: Per action: the form it takes and, for the reason forms, the label of the reason.
_REASONS = {
    "close": ("Note on the evidence verified", False),
    "send_back": ("Why the evidence does not close it", True),
    "accept_risk": ("Rationale for accepting the risk", True),
    "escalate": ("Why it goes to the Executive Sponsors", True),
    "reopen": ("Why it is reopened", True),
}


def _action_form(name: str, finding: Finding, data: Any = None) -> PortalForm:
    if name == "answer":
        initial = {
            "response": finding.response,
            "rationale": finding.response_rationale,
            "corrective_action": finding.corrective_action,
            "action_owner": finding.action_owner_id,
            "action_target": finding.action_target,
        }
        return AnswerForm(data, owners=_owners(finding), initial=initial, prefix=name)
    if name == "propose_closure":
        return EvidenceForm(data, prefix=name)
    if name in _REASONS:
        label, required = _REASONS[name]
        return ReasonForm(data, label=label, required=required, prefix=name)
    return EmptyForm(data, prefix=name)


def _run(name: str, request: HttpRequest, finding: Finding, data: dict[str, Any]) -> Any:
    user = acting_user(request)
    calls: dict[str, Callable[[], Any]] = {
        "answer": lambda: services.finding_answer(
            acting_user=user,
            finding=finding,
            response=data["response"],
            rationale=data["rationale"],
            corrective_action=data["corrective_action"],
            action_owner=data["action_owner"],
            action_target=data["action_target"],
        ),
        "start": lambda: services.finding_start(acting_user=user, finding=finding),
        "propose_closure": lambda: services.finding_propose_closure(
            acting_user=user, finding=finding, evidence=data["evidence"]
        ),
        "close": lambda: services.finding_close(
            acting_user=user, finding=finding, note=data.get("reason", "")
        ),
        "send_back": lambda: services.finding_send_back(
            acting_user=user, finding=finding, reason=data["reason"]
        ),
        "accept_risk": lambda: services.finding_accept_risk(
            acting_user=user, finding=finding, rationale=data["reason"]
        ),
        "escalate": lambda: services.finding_escalate(
            acting_user=user, finding=finding, reason=data["reason"]
        ),
        "reopen": lambda: services.finding_reopen(
            acting_user=user, finding=finding, reason=data["reason"]
        ),
    }
    return calls[name]()


def _detail(
    request: HttpRequest,
    program: Program,
    finding: Finding,
    *,
    bound: tuple[str, PortalForm] | None = None,
    status: int = 200,
) -> HttpResponse:
    names = available_actions(request.user, finding)
    if bound and bound[0] not in names:  # a refusal shows beside the form that was sent
        names.append(bound[0])
    forms = [
        (
            WORKFLOW[name],
            bound[1] if bound and bound[0] == name else _action_form(name, finding),
        )
        for name in names
    ]
    context = program_context(request, program, SECTION, *_crumbs(program, (finding.reference, "")))
    context |= {
        "finding": finding,
        "overdue": selectors.overdue_text(finding),
        "history": finding.history.select_related("actor").all(),
        "actions": forms,
        "can_edit": may_edit(request.user, finding),
        "concerns_label": services.CONCERNABLE.get(
            f"{finding.concerns_type.app_label}.{finding.concerns_type.model}"
            if finding.concerns_type
            else "",
            "",
        ),
    }
    return render(request, "ivv/finding.html", context, status=status)


@login_required
@require_GET
def finding_page(request: HttpRequest, code: str, number: int) -> HttpResponse:
    program = get_program(request, code)
    finding = _finding(request, program, number)
    return _detail(request, program, finding)


@login_required
@require_POST
def finding_action(request: HttpRequest, code: str, number: int, action: str) -> HttpResponse:
    program = get_program(request, code)
    finding = _finding(request, program, number)
    if action not in WORKFLOW.transitions:
        raise Http404
    form = _action_form(action, finding, request.POST)
    if form.is_valid():
        try:
            _run(action, request, finding, form.cleaned_data)
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            finding.refresh_from_db()
            label = WORKFLOW[action].label.lower()
            messages.success(
                request, f"{finding.reference} {label}: {finding.get_status_display().lower()}."
            )
            return redirect(finding.get_absolute_url())
    return _detail(request, program, finding, bound=(action, form), status=400)


def _finding_form_page(
    request: HttpRequest,
    program: Program,
    form: FindingForm,
    finding: Finding | None,
    status: int,
    stale: dict[str, Any] | None = None,
) -> HttpResponse:
    tail = (
        [(finding.reference, finding.get_absolute_url()), ("Edit", "")]
        if finding
        else [("File a finding", "")]
    )
    context = program_context(request, program, SECTION, *_crumbs(program, *tail))
    context |= {"form": form, "finding": finding, **(stale or {})}
    return render(request, "ivv/finding_form.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def finding_new(request: HttpRequest, code: str) -> HttpResponse:
    program = get_program(request, code)
    if not may_file(request.user, program):
        raise Http404
    if request.method != "POST":
        form = FindingForm(initial={"raised_on": timezone.localdate()})
        return _finding_form_page(request, program, form, None, 200)
    form = FindingForm(request.POST)
    if form.is_valid():
        try:
            created = create_once(
                request,
                scope="ivv_finding:create",
                create=lambda: services.finding_create(
                    acting_user=acting_user(request), program=program, **form.values()
                ),
                redirect_to=lambda f: f.get_absolute_url(),
            )
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            if isinstance(created, HttpResponse):
                return created
            messages.success(
                request,
                f"{created.reference} is filed: the {created.get_answering_party_display().lower()}"
                f" answers by {created.response_due:%B %-d, %Y}.",
            )
            return redirect(created.get_absolute_url())
    return _finding_form_page(request, program, form, None, 400)


def _finding_initial(finding: Finding) -> dict[str, Any]:
    """The edit form's values from the finding as it is stored."""
    initial = {name: getattr(finding, name) for name in services.CONTENT_FIELDS}
    if finding.concerns_type is not None:
        ct = finding.concerns_type
        initial |= {
            "concerns_kind": f"{ct.app_label}.{ct.model}",
            "concerns_id": finding.concerns_id,
        }
    initial["revision"] = finding.revision
    return initial


@login_required
@require_http_methods(["GET", "POST"])
def finding_edit(request: HttpRequest, code: str, number: int) -> HttpResponse:
    program = get_program(request, code)
    finding = _finding(request, program, number)
    if not may_edit(request.user, finding):
        raise Http404
    if request.method != "POST":
        form = FindingForm(initial=_finding_initial(finding))
        return _finding_form_page(request, program, form, finding, 200)
    form = FindingForm(request.POST)
    if form.is_valid():
        try:
            services.finding_update(
                acting_user=acting_user(request),
                finding=finding,
                revision=form_revision(form),
                **form.values(),
            )
        except StaleEditError as exc:
            # The form, now based on the finding as it is: the other person's change shown and
            # kept, what this person typed elsewhere kept.
            finding.refresh_from_db()
            stale = rebase_form(form, exc, _finding_initial(finding))
            return _finding_form_page(request, program, form, finding, 409, stale)
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(request, f"{finding.reference} is saved.")
            return redirect(finding.get_absolute_url())
    return _finding_form_page(request, program, form, finding, 400)
