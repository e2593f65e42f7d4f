"""Browser pages of schedule quality, baselines and change control: the DCMA 14-point check,
baselines and their agreement (the versioned sign-off), variance against the agreed baseline,
and change requests (Play 3.1, activity 9).

Every page starts from the program the user may view (a 404 otherwise, alike for missing and
forbidden), then its schedule. Writes call the services, which check the user's right and
record the audit event; a refusal (a DomainError, or PermissionDenied for a member without the
right) is shown on the page and changes nothing.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from programs import policy
from programs.choices import Party
from programs.errors import DomainError, ErrorCode
from programs.forms import apply_uswds
from programs.models import Program
from programs.services import documents as document_services
from programs.views.idempotency import create_once
from programs.views.layout import get_program, program_context
from schedule.choices import ChangeRequestStatus, Decision
from schedule.filters import ChangeRequestFilter
from schedule.forms_control import (
    MAX_ROWS,
    START_ROWS,
    BaselineForm,
    ChangeRequestForm,
    DecideForm,
    OperationFormSet,
    SignForm,
)
from schedule.models import Baseline, ChangeRequest, Schedule
from schedule.selectors import control as selectors
from schedule.selectors.tasks import ScheduleMissing, may_change_schedule, schedule_get
from schedule.services import baselines as baseline_services
from schedule.services import change_requests as change_services

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

View = Callable[..., HttpResponse]


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User), "login_required lets only signed-in users through"
    return user


def _htmx_redirect(url: str) -> HttpResponse:
    response = HttpResponse(status=204)
    response["HX-Redirect"] = url
    return response


def _is_htmx(request: HttpRequest) -> bool:
    return bool(getattr(request, "htmx", False))


def _refusal(exc: Exception) -> DomainError:
    """A service's refusal as the page shows it. A write the member's role does not allow
    answers 404, as everywhere in the portal (the task pages, the charter)."""
    if isinstance(exc, DomainError):
        return exc
    raise Http404("No such page, or not one you may change.") from exc


def _status(error: DomainError) -> int:
    return 400


def invite_when_missing(view: View) -> View:
    """A page of a schedule the program does not have yet sends its members (the only people
    who get past ``_load``'s program check) to the invitation to start or import one."""

    @wraps(view)
    def wrapper(request: HttpRequest, code: str, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, code, **kwargs)
        except ScheduleMissing as exc:
            return redirect("schedule:home", code=exc.program.code)

    return wrapper


def _load(request: HttpRequest, code: str) -> tuple[Program, Schedule]:
    program = get_program(request, code)
    return program, schedule_get(program)


def _context(
    request: HttpRequest, program: Program, section: str, *crumbs: tuple[str, str]
) -> dict[str, Any]:
    """The program layout, Schedule current in the side navigation with ``section`` below it;
    breadcrumbs read Programs > program > Schedule > ``crumbs``."""
    context = program_context(
        request,
        program,
        "schedule",
        ("Schedule", reverse("schedule:home", kwargs={"code": program.code})),
        *crumbs,
    )
    context["schedule_section"] = section
    return context


def _baselines_crumb(program: Program) -> tuple[str, str]:
    return ("Baselines", reverse("schedule:baselines", kwargs={"code": program.code}))


def _changes_crumb(program: Program) -> tuple[str, str]:
    return ("Change requests", reverse("schedule:change-requests", kwargs={"code": program.code}))


# -- DCMA -------------------------------------------------------------------------------------


def _dcma_report(schedule: Schedule) -> tuple[selectors.DcmaReport | None, DomainError | None]:
    try:
        return selectors.dcma_report(schedule=schedule), None
    except DomainError as exc:
        return None, exc


@invite_when_missing
@login_required
@require_GET
def dcma(request: HttpRequest, code: str) -> HttpResponse:
    program, schedule = _load(request, code)
    report, error = _dcma_report(schedule)
    context = _context(request, program, "dcma", ("DCMA 14-point check", ""))
    context |= {"schedule": schedule, "report": report, "error": error}
    return render(request, "schedule/dcma.html", context)


@invite_when_missing
@login_required
@require_GET
def dcma_check(request: HttpRequest, code: str, number: int) -> HttpResponse:
    program, schedule = _load(request, code)
    if not 1 <= number <= 14:
        raise Http404("DCMA has fourteen checks.")
    report, error = _dcma_report(schedule)
    check = report.check(number) if report else None
    crumb = ("DCMA 14-point check", reverse("schedule:dcma", kwargs={"code": code}))
    context = _context(request, program, "dcma", crumb, (f"Check {number}", ""))
    context |= {
        "schedule": schedule,
        "number": number,
        "check": check,
        "error": error,
        "tasks": report.offending.get(number, []) if report else [],
        "measured_heading": selectors.MEASURED_HEADINGS[number],
    }
    return render(request, "schedule/dcma_check.html", context)


# -- baselines --------------------------------------------------------------------------------


def _baselines_context(
    request: HttpRequest, program: Program, schedule: Schedule, form: BaselineForm | None = None
) -> dict[str, Any]:
    can_change = may_change_schedule(_user(request), program)
    context = _context(request, program, "baselines", ("Baselines", ""))
    context |= {
        "schedule": schedule,
        "rows": selectors.baseline_rows(schedule=schedule),
        "can_change": can_change,
        "form": (form or BaselineForm()) if can_change else None,
    }
    return context


@invite_when_missing
@login_required
@require_GET
def baselines(request: HttpRequest, code: str) -> HttpResponse:
    program, schedule = _load(request, code)
    return render(
        request, "schedule/baselines.html", _baselines_context(request, program, schedule)
    )


@invite_when_missing
@login_required
@require_http_methods(["GET", "POST"])
def baseline_new(request: HttpRequest, code: str) -> HttpResponse:
    program, schedule = _load(request, code)
    user = _user(request)
    context = _context(
        request, program, "baselines", _baselines_crumb(program), ("Save a baseline", "")
    )
    context["schedule"] = schedule
    context["can_change"] = may_change_schedule(user, program)
    if request.method == "GET":
        context["form"] = BaselineForm()
        return render(request, "schedule/baseline_new.html", context)
    form = BaselineForm(request.POST)
    if form.is_valid():
        try:
            baseline = create_once(
                request,
                scope="baseline:create",
                create=lambda: baseline_services.baseline_create(
                    acting_user=user,
                    schedule=schedule,
                    name=form.cleaned_data["name"],
                    description=form.cleaned_data["description"],
                ),
                redirect_to=lambda b: b.get_absolute_url(),
            )
        except (DomainError, PermissionDenied) as exc:
            error = _refusal(exc)
            form.add_domain_error(error)
            context |= {"form": form, "error": error}
            return render(request, "schedule/baseline_new.html", context, status=_status(error))
        if isinstance(baseline, HttpResponse):
            return baseline
        messages.success(
            request,
            f"Baseline {baseline.number} is saved: {len(baseline.tasks.all())} tasks frozen "
            f"as they are computed now.",
        )
        return redirect(baseline.get_absolute_url())
    context["form"] = form
    return render(request, "schedule/baseline_new.html", context, status=400)


def _render_baseline(
    request: HttpRequest,
    program: Program,
    baseline: Baseline,
    *,
    error: DomainError | None = None,
    status: int = 200,
) -> HttpResponse:
    page = selectors.baseline_page(user=_user(request), baseline=baseline)
    context = _context(
        request,
        program,
        "baselines",
        _baselines_crumb(program),
        (f"Baseline {baseline.number}", ""),
    )
    context |= {"page": page, "baseline": baseline, "error": error}
    return render(request, "schedule/baseline.html", context, status=status)


@invite_when_missing
@login_required
@require_GET
def baseline_detail(request: HttpRequest, code: str, number: int) -> HttpResponse:
    program, schedule = _load(request, code)
    return _render_baseline(
        request, program, selectors.baseline_get(schedule=schedule, number=number)
    )


@invite_when_missing
@login_required
@require_POST
def baseline_propose(request: HttpRequest, code: str, number: int) -> HttpResponse:
    program, schedule = _load(request, code)
    baseline = selectors.baseline_get(schedule=schedule, number=number)
    try:
        proposed = create_once(
            request,
            scope=f"baseline:{baseline.pk}:propose",
            create=lambda: baseline_services.baseline_propose(
                acting_user=_user(request), baseline=baseline
            ),
            redirect_to=lambda _version: baseline.get_absolute_url(),
        )
    except (DomainError, PermissionDenied) as exc:
        error = _refusal(exc)
        baseline = selectors.baseline_get(schedule=schedule, number=number)
        return _render_baseline(request, program, baseline, error=error, status=_status(error))
    if isinstance(proposed, HttpResponse):
        return proposed
    messages.success(
        request,
        f"Baseline {number} is proposed as the agreed IMS baseline: a signatory of the customer "
        "and of the provider sign it.",
    )
    return redirect(baseline.get_absolute_url())


@invite_when_missing
@login_required
@require_POST
def baseline_sign(request: HttpRequest, code: str, number: int) -> HttpResponse:
    """Any member may try; the service refuses whoever is no signatory, or a signature of
    content that changed since the page showed it."""
    program, schedule = _load(request, code)
    baseline = selectors.baseline_get(schedule=schedule, number=number)
    form = SignForm(request.POST)
    try:
        if baseline.version is None:
            raise DomainError(
                f"Baseline {number} is not proposed for agreement, so there is nothing to sign.",
                code=ErrorCode.VERSION_NOT_IN_REVIEW,
            )
        if not form.is_valid():
            raise DomainError(
                "The page did not say which content you sign; reload it and sign again.",
                code=ErrorCode.STALE_VERSION,
                field="content_sha256",
            )
        document_services.version_sign(
            acting_user=_user(request),
            version=baseline.version,
            content_sha256=form.cleaned_data["content_sha256"],
        )
    except (DomainError, PermissionDenied) as exc:
        error = _refusal(exc)
        baseline = selectors.baseline_get(schedule=schedule, number=number)
        return _render_baseline(request, program, baseline, error=error, status=_status(error))
    baseline = selectors.baseline_get(schedule=schedule, number=number)
    if baseline.is_agreed:
        messages.success(
            request, f"You signed baseline {number}; it is now the agreed IMS baseline."
        )
    else:
        messages.success(request, f"You signed baseline {number}.")
    return redirect(baseline.get_absolute_url())


@invite_when_missing
@login_required
@require_GET
def baseline_pdf(request: HttpRequest, code: str, number: int) -> HttpResponse:
    from programs.exports import export_filename, render_document_pdf

    _, schedule = _load(request, code)
    baseline = selectors.baseline_get(schedule=schedule, number=number)
    if baseline.version is None:
        raise Http404("The baseline has not been proposed for agreement: there is no sign-off.")
    response = HttpResponse(render_document_pdf(baseline.version), content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=export_filename(baseline.version, "pdf")
    )
    return response


# -- variance ---------------------------------------------------------------------------------


@invite_when_missing
@login_required
@require_GET
def variance(request: HttpRequest, code: str) -> HttpResponse:
    program, schedule = _load(request, code)
    slipped_only = request.GET.get("slipped") == "1"
    context = _context(request, program, "baselines", _baselines_crumb(program), ("Variance", ""))
    context |= {
        "schedule": schedule,
        "variance": selectors.variance_of(
            schedule=schedule,
            slipped_only=slipped_only,
            show_costs=policy.can_see_costs(request.user, program),
        ),
        "slipped_only": slipped_only,
    }
    template = "schedule/_baseline_variance.html" if _is_htmx(request) else "schedule/variance.html"
    return render(request, template, context)


# -- change requests: the log -----------------------------------------------------------------


def _filtered(request: HttpRequest, schedule: Schedule) -> ChangeRequestFilter:
    filterset = ChangeRequestFilter(
        request.GET or None, queryset=selectors.change_requests_of(schedule=schedule)
    )
    apply_uswds(filterset.form)
    return filterset


@invite_when_missing
@login_required
@require_GET
def change_requests(request: HttpRequest, code: str) -> HttpResponse:
    program, schedule = _load(request, code)
    filterset = _filtered(request, schedule)
    requests_ = list(filterset.qs)
    context = _context(request, program, "changes", ("Change requests", ""))
    context |= {
        "schedule": schedule,
        "filter_form": filterset.form,
        "filtered": any(request.GET.values()),
        "query": request.GET.urlencode(),
        "rows": [
            {
                "request": cr,
                "impact": selectors.signed_days((cr.impact or {}).get("finish_delta_days")),
                "decisions": selectors.decisions_by_party(cr),
            }
            for cr in requests_
        ],
        "can_change": may_change_schedule(_user(request), program),
    }
    return render(request, "schedule/change_requests.html", context)


@invite_when_missing
@login_required
@require_GET
def change_requests_xlsx(request: HttpRequest, code: str) -> HttpResponse:
    program, schedule = _load(request, code)
    requests_ = list(_filtered(request, schedule).qs)
    body = _change_log_xlsx(schedule, requests_)
    response = HttpResponse(body, content_type=XLSX)
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=f"{program.code}-change-requests-{stamp}.xlsx"
    )
    return response


LOG_COLUMNS = [
    ("Number", 10),
    ("Title", 40),
    ("Status", 12),
    ("Requested by", 24),
    ("Party", 12),
    ("Requested on", 14),
    ("What changes", 50),
    ("Why", 50),
    ("Changes", 60),
    ("Finish before", 14),
    ("Finish after", 14),
    ("Finish impact (working days)", 16),
    ("Customer decision", 14),
    ("Customer decided by", 24),
    ("Customer decided on", 14),
    ("Provider decision", 14),
    ("Provider decided by", 24),
    ("Provider decided on", 14),
    ("Closed on", 14),
    ("Rebaseline", 11),
    ("Resulting baseline", 30),
]
DATE_FORMAT = "yyyy-mm-dd"


def _change_log_xlsx(schedule: Schedule, requests_: list[ChangeRequest]) -> bytes:
    """The change request log, one row per request, every column a reviewer filters on;
    dates are Excel dates, the header bold and frozen."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    facts = selectors.task_facts(
        schedule=schedule, uids={u for cr in requests_ for u in selectors.uids_in(cr.changes)}
    )
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Change requests"
    sheet.append([title for title, _ in LOG_COLUMNS])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"

    def day(value: Any) -> Any:
        return timezone.localtime(value).date() if value is not None else None

    for cr in requests_:
        impact = selectors.impact_view(cr.impact or {}) or {}
        decided = {d.party: d for d in cr.decisions.all()}
        decision_cells: list[Any] = []
        for party in (Party.CUSTOMER, Party.PROVIDER):
            d = decided.get(party)
            decision_cells += (
                [
                    "Approved" if d.decision == Decision.APPROVE else "Rejected",
                    d.decided_by.get_full_name() or d.decided_by.username,
                    day(d.decided_at),
                ]
                if d
                else [None, None, None]
            )
        changes = selectors.describe_changes(
            schedule=schedule,
            ops=cr.changes,
            show_current=cr.status == ChangeRequestStatus.PROPOSED,
            facts=facts,
        )
        sheet.append(
            [
                cr.reference,
                cr.title,
                cr.get_status_display(),
                cr.requested_by.get_full_name() or cr.requested_by.username,
                cr.get_party_display(),
                day(cr.created_at),
                cr.description,
                cr.justification,
                "\n".join(changes),
                day(impact.get("finish_before")),
                day(impact.get("finish_after")),
                impact.get("finish_delta_days"),
                *decision_cells,
                day(cr.decided_at),
                "Yes" if cr.rebaseline else "No",
                str(cr.resulting_baseline) if cr.resulting_baseline else None,
            ]
        )
    date_columns = {
        i for i, (t, _) in enumerate(LOG_COLUMNS, 1) if t.endswith((" on", "before", "after"))
    }
    for column, (_, width) in enumerate(LOG_COLUMNS, start=1):
        letter = sheet.cell(row=1, column=column).column_letter
        sheet.column_dimensions[letter].width = width
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            if cell.column in date_columns:
                cell.number_format = DATE_FORMAT
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.auto_filter.ref = sheet.dimensions
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# -- change requests: proposing one -----------------------------------------------------------


OPERATION_FIELDS = ("kind", "task", "successor", "days", "date", "link_type", "name")


def _rows_plus_one(data: QueryDict) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """What was typed so far, as initial values with one more empty row: adding a row checks
    nothing yet, so the forms come back unbound and show no errors."""
    try:
        total = min(int(data.get("ops-TOTAL_FORMS") or START_ROWS), MAX_ROWS - 1)
    except ValueError:
        total = START_ROWS
    rows = [
        {name: data.get(f"ops-{i}-{name}", "") for name in OPERATION_FIELDS} for i in range(total)
    ]
    main: dict[str, Any] = {
        name: data.get(name, "") for name in ("title", "description", "justification")
    }
    main["rebaseline"] = bool(data.get("rebaseline"))
    return main, [*rows, {}]


def _task_choices(schedule: Schedule) -> list[tuple[int, str]]:
    return [
        (uid, f"{wbs} {name}".strip())
        for uid, wbs, name in schedule.tasks.order_by("position").values_list("uid", "wbs", "name")
    ]


@invite_when_missing
@login_required
@require_http_methods(["GET", "POST"])
def change_request_new(request: HttpRequest, code: str) -> HttpResponse:
    """The request and its changes; "Preview impact" computes the finish date and critical
    path with the changes applied to a copy, before anything is saved; "Propose" saves.
    With htmx the form is swapped in place (errors come back as 200, which htmx swaps)."""
    program, schedule = _load(request, code)
    user = _user(request)
    htmx = _is_htmx(request)
    bad = 200 if htmx else 400
    context = _context(
        request, program, "changes", _changes_crumb(program), ("New change request", "")
    )
    context |= {
        "schedule": schedule,
        "can_change": may_change_schedule(user, program),
        "task_choices": _task_choices(schedule),
        "impact": None,
        "error": None,
    }
    template = "schedule/_cr_form.html" if htmx else "schedule/change_request_new.html"
    if request.method == "GET":
        initial: list[dict[str, Any]] = [{}] * START_ROWS
        if request.GET.get("task", "").isdigit():
            initial = [{"kind": "duration", "task": int(request.GET["task"])}, {}]
        context |= {
            "form": ChangeRequestForm(),
            "formset": OperationFormSet(prefix="ops", initial=initial),
        }
        return render(request, "schedule/change_request_new.html", context)

    action = request.POST.get("action", "preview")
    if action == "add_row":
        main, rows = _rows_plus_one(request.POST)
        context |= {
            "form": ChangeRequestForm(initial=main),
            "formset": OperationFormSet(prefix="ops", initial=rows),
        }
        return render(request, template, context)
    form = ChangeRequestForm(request.POST)
    formset = OperationFormSet(request.POST, prefix="ops")
    context |= {"form": form, "formset": formset}
    operations_valid = formset.is_valid()
    if action == "propose":
        if not (form.is_valid() and operations_valid):
            return render(request, template, context, status=bad)
        try:
            created = create_once(
                request,
                scope="change_request:create",
                create=lambda: change_services.change_request_propose(
                    acting_user=user,
                    schedule=schedule,
                    title=form.cleaned_data["title"],
                    description=form.cleaned_data["description"],
                    justification=form.cleaned_data["justification"],
                    changes=formset.operations(),
                    rebaseline=form.cleaned_data["rebaseline"],
                ),
                redirect_to=lambda cr: cr.get_absolute_url(),
            )
        except (DomainError, PermissionDenied) as exc:
            error = _refusal(exc)
            if error.field in form.fields:
                form.add_domain_error(error)
            context["error"] = error
            context["problems"] = [p["message"] for p in error.extra.get("problems", [])]
            return render(request, template, context, status=bad if htmx else _status(error))
        if isinstance(created, HttpResponse):  # submitted already: to what it created
            return _htmx_redirect(created["Location"]) if htmx else created
        messages.success(
            request,
            f"{created.reference} is proposed; a program manager of each party decides.",
        )
        if htmx:
            return _htmx_redirect(created.get_absolute_url())
        return redirect(created.get_absolute_url())
    # Preview: the changes applied to a copy of the schedule and computed; nothing is saved.
    if not operations_valid:
        return render(request, template, context, status=bad)
    ops = formset.operations()
    try:
        _, impact = change_services.change_request_impact(schedule, ops)
    except DomainError as exc:
        context["error"] = exc
        context["problems"] = [p["message"] for p in exc.extra.get("problems", [])]
        return render(request, template, context, status=bad)
    context["impact"] = selectors.impact_view(
        impact, show_costs=policy.can_see_costs(request.user, schedule.program)
    )
    context["changes_text"] = selectors.describe_changes(
        schedule=schedule, ops=ops, show_current=True
    )
    return render(request, template, context)


# -- change requests: one request -------------------------------------------------------------


def _render_change_request(
    request: HttpRequest,
    program: Program,
    change_request: ChangeRequest,
    *,
    decide_form: DecideForm | None = None,
    error: DomainError | None = None,
    status: int = 200,
) -> HttpResponse:
    user = _user(request)
    schedule = change_request.schedule
    decide_party = selectors.decide_party(user=user, change_request=change_request)
    context = _context(
        request,
        program,
        "changes",
        _changes_crumb(program),
        (change_request.reference, ""),
    )
    context |= {
        "schedule": schedule,
        "cr": change_request,
        "changes_text": selectors.describe_changes(
            schedule=schedule,
            ops=change_request.changes,
            show_current=change_request.status == ChangeRequestStatus.PROPOSED,
        ),
        "impact": selectors.impact_view(
            change_request.impact or {},
            show_costs=policy.can_see_costs(request.user, schedule.program),
        ),
        "impact_current": change_request.impact_revision == schedule.revision,
        "decisions": list(change_request.decisions.all()),
        "by_party": selectors.decisions_by_party(change_request),
        "decide_party": decide_party,
        "decide_party_label": str(Party(decide_party).label) if decide_party else "",
        "decide_form": (decide_form or DecideForm()) if decide_party else None,
        # The other party approved already: this approval applies the change at once.
        "applies_now": decide_party is not None
        and any(d.party != decide_party for d in change_request.decisions.all()),
        "can_withdraw": selectors.requester_party_member(user=user, change_request=change_request),
        "error": error,
    }
    return render(request, "schedule/change_request.html", context, status=status)


@invite_when_missing
@login_required
@require_GET
def change_request_detail(request: HttpRequest, code: str, number: int) -> HttpResponse:
    program, schedule = _load(request, code)
    change_request = selectors.change_request_get(schedule=schedule, number=number)
    change_services.change_request_refresh_impact(change_request)
    return _render_change_request(request, program, change_request)


@invite_when_missing
@login_required
@require_POST
def change_request_decide(request: HttpRequest, code: str, number: int) -> HttpResponse:
    program, schedule = _load(request, code)
    change_request = selectors.change_request_get(schedule=schedule, number=number)
    form = DecideForm(request.POST)
    form.is_valid()  # the service says what is missing (a decision; a reason to reject)
    decision = request.POST.get("decision", "")
    try:
        decided = change_services.change_request_decide(
            acting_user=_user(request),
            change_request=change_request,
            decision=decision,
            comment=request.POST.get("comment", ""),
        )
    except (DomainError, PermissionDenied) as exc:
        error = _refusal(exc)
        if error.field in form.fields:
            form.errors.pop(error.field, None)
            form.add_domain_error(error)
        change_request = selectors.change_request_get(schedule=schedule, number=number)
        return _render_change_request(
            request, program, change_request, decide_form=form, error=error, status=_status(error)
        )
    if decided.status == ChangeRequestStatus.APPROVED:
        done = f"{decided.reference} is approved by both parties and applied to the schedule."
        if decided.resulting_baseline_id:
            done += " A new baseline is proposed for agreement."
    elif decided.status == ChangeRequestStatus.REJECTED:
        done = f"{decided.reference} is rejected; the schedule does not change."
    else:
        done = f"Your decision on {decided.reference} is recorded; the other party decides next."
    messages.success(request, done)
    return redirect(decided.get_absolute_url())


@invite_when_missing
@login_required
@require_POST
def change_request_withdraw(request: HttpRequest, code: str, number: int) -> HttpResponse:
    program, schedule = _load(request, code)
    change_request = selectors.change_request_get(schedule=schedule, number=number)
    try:
        change_services.change_request_withdraw(
            acting_user=_user(request), change_request=change_request
        )
    except (DomainError, PermissionDenied) as exc:
        error = _refusal(exc)
        change_request = selectors.change_request_get(schedule=schedule, number=number)
        return _render_change_request(
            request, program, change_request, error=error, status=_status(error)
        )
    messages.success(request, f"{change_request.reference} is withdrawn.")
    return redirect(change_request.get_absolute_url())
