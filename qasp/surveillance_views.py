"""Pages of QASP surveillance: the schedule (standards x periods with the verdict or what is
owed, in words), the log with its filters, recording and correcting a record (the customer's
editors), and a record with its files and the provider's rebuttal.

Every member of the program reads them (a 404 for anyone else); a refusal shows the
service's message beside the field and changes nothing."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from programs import limits, policy
from programs.conditional import conditional_get
from programs.errors import DomainError
from programs.forms import apply_uswds
from programs.models import Program, person_name
from programs.registers.exports import dated_download, filters_described
from programs.views.layout import acting_user, get_program, program_context

from . import exports, metric_selectors, selectors
from .car_rules import may_issue
from .filters import SurveillanceRecordFilter
from .forms import RebuttalForm, RecordForm
from .models import SurveillanceRecord
from .rules import may_correct, may_rebut, may_record
from .services import surveillance as services
from .services.car_proposals import open_car_of
from .standards import approved_standards

SECTION = "qasp"
#: Records per page of the log.
PER_PAGE = 50
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _crumbs(program: Program, *tail: tuple[str, str]) -> tuple[tuple[str, str], ...]:
    url = reverse("qasp:surveillance:schedule", kwargs={"code": program.code})
    return (("QASP surveillance", url), *tail)


def _visible(request: HttpRequest, program: Program) -> QuerySet[SurveillanceRecord]:
    return policy.restrict(selectors.log_rows(program), request.user, "view")


def _record(request: HttpRequest, program: Program, pk: int) -> SurveillanceRecord:
    record = get_object_or_404(_visible(request, program), pk=pk)
    record.program = program
    return record


@login_required
@require_GET
def schedule(request: HttpRequest, code: str) -> HttpResponse:
    program = get_program(request, code)
    context = program_context(request, program, SECTION, *_crumbs(program))
    plan = selectors.schedule(program)
    context |= {
        "schedule": plan,
        "can_record": may_record(request.user, program),
        "awaiting": metric_selectors.awaiting_cells(program, plan),
    }
    return render(request, "qasp/surveillance_schedule.html", context)


def _filtered(request: HttpRequest, program: Program) -> SurveillanceRecordFilter:
    filters = request.GET.copy()
    filters.pop("page", None)
    return SurveillanceRecordFilter(filters or None, queryset=_visible(request, program))


@login_required
@require_GET
def log(request: HttpRequest, code: str) -> HttpResponse:
    program = get_program(request, code)
    filterset = _filtered(request, program)
    apply_uswds(filterset.form)
    page = Paginator(filterset.qs, PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = program_context(request, program, SECTION, *_crumbs(program, ("Log", "")))
    context |= {
        "page": page,
        "records": list(page.object_list),
        "query": query.urlencode(),
        "filter_form": filterset.form,
        "filtered": any(v for k, v in request.GET.items() if k != "page"),
        "can_record": may_record(request.user, program),
    }
    return render(request, "qasp/surveillance_log.html", context)


@login_required
@require_GET
@conditional_get
def log_xlsx(request: HttpRequest, code: str) -> HttpResponse:
    program = get_program(request, code)
    rows = list(_filtered(request, program).qs)
    body = exports.log_xlsx(program, rows)
    return dated_download(body, XLSX, program, "surveillance-log", "xlsx")


@login_required
@require_GET
@conditional_get
def log_pdf(request: HttpRequest, code: str) -> HttpResponse:
    program = get_program(request, code)
    filterset = _filtered(request, program)
    body = exports.log_pdf(
        program,
        list(filterset.qs),
        filters_text=filters_described(filterset),
        generated_by=person_name(request.user),
    )
    return dated_download(body, "application/pdf", program, "surveillance-log", "pdf")


def _form_page(
    request: HttpRequest,
    program: Program,
    form: RecordForm,
    record: SurveillanceRecord | None,
    status: int,
) -> HttpResponse:
    tail = (
        [(str(record), record.get_absolute_url()), ("Correct", "")]
        if record
        else [("Record surveillance", "")]
    )
    context = program_context(request, program, SECTION, *_crumbs(program, *tail))
    context |= {"form": form, "record": record}
    return render(request, "qasp/surveillance_form.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def record_new(request: HttpRequest, code: str) -> HttpResponse:
    program = get_program(request, code)
    if not may_record(request.user, program):
        raise Http404
    standards = approved_standards(program)
    if request.method != "POST":
        initial: dict[str, Any] = {
            "recorded_on": limits.today(),
            "standard_code": request.GET.get("standard", ""),
            "period": request.GET.get("period", ""),
            "evaluator": policy.membership_of(request.user, program),
        }
        form = RecordForm(program=program, standards=standards, initial=initial)
        return _form_page(request, program, form, None, 200)
    form = RecordForm(request.POST, program=program, standards=standards)
    if form.is_valid():
        try:
            record = services.record_create(
                acting_user=acting_user(request), program=program, **form.values()
            )
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(request, _saved(record))
            return redirect(record.get_absolute_url())
    return _form_page(request, program, form, None, 400)


def _saved(record: SurveillanceRecord) -> str:
    return (
        f"{record} is recorded: observed {record.observed_value.normalize():f} {record.unit}, "
        f"{record.verdict_text.lower()} against {record.aql_text}."
    )


@login_required
@require_http_methods(["GET", "POST"])
def record_edit(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    program = get_program(request, code)
    record = _record(request, program, pk)
    if not may_correct(request.user, record):
        raise Http404
    kwargs: dict[str, Any] = {"program": program, "standards": [], "editing": True}
    if request.method != "POST":
        initial = {name: getattr(record, name) for name in services.OBSERVATION_FIELDS}
        form = RecordForm(initial=initial, **kwargs)
        return _form_page(request, program, form, record, 200)
    form = RecordForm(request.POST, **kwargs)
    if form.is_valid():
        try:
            record = services.record_update(
                acting_user=acting_user(request), record=record, **form.values()
            )
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(request, _saved(record))
            return redirect(record.get_absolute_url())
    return _form_page(request, program, form, record, 400)


def _detail(
    request: HttpRequest,
    program: Program,
    record: SurveillanceRecord,
    form: RebuttalForm | None = None,
    status: int = 200,
) -> HttpResponse:
    context = program_context(request, program, SECTION, *_crumbs(program, (str(record), "")))
    rebut = may_rebut(request.user, record)
    context |= {
        "record": record,
        "can_correct": may_correct(request.user, record),
        "rebuttal_form": form or (RebuttalForm() if rebut else None),
    }
    if not record.acceptable:  # an open corrective action request, or the way to issue one
        open_car = open_car_of(record)
        context["open_car"] = open_car
        context["can_issue_car"] = open_car is None and may_issue(request.user, program)
        context["earlier_car"] = (
            record.corrective_action_requests.order_by("-number").first() if not open_car else None
        )
    return render(request, "qasp/surveillance_record.html", context, status=status)


@login_required
@require_GET
def record_page(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    program = get_program(request, code)
    return _detail(request, program, _record(request, program, pk))


@login_required
@require_POST
def record_rebut(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    program = get_program(request, code)
    record = _record(request, program, pk)
    form = RebuttalForm(request.POST)
    if form.is_valid():
        try:
            services.rebuttal_add(
                acting_user=acting_user(request), record=record, text=form.cleaned_data["rebuttal"]
            )
        except DomainError as exc:
            if exc.status_code == 403:
                raise Http404 from exc
            form.add_domain_error(exc)
        else:
            messages.success(request, f"The provider's rebuttal of {record} is recorded.")
            return redirect(record.get_absolute_url())
    return _detail(request, program, record, form, status=400)
