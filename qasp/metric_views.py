"""Pages of the service metrics the provider reports: the list with its filters, submitting
one standard's values for a period, uploading a file of them (the problems listed on a
refusal) with its template, and a submission with the customer's validation and rejection
and the provider's withdrawal.

Every member of the program reads them (a 404 for anyone else); an action the user may not
take is a 404; a refusal shows the service's message beside the field and changes nothing."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from programs import limits, policy
from programs.errors import DomainError
from programs.forms import apply_uswds
from programs.models import Program
from programs.uploads import UploadTooLarge, limit_uploads, megabytes, upload_limit
from programs.views.layout import acting_user, get_program, program_context

from . import metric_selectors, periods
from .imports.metrics_sheet import template_workbook
from .metric_filters import MetricSubmissionFilter
from .metric_forms import MetricForm, MetricUploadForm, RejectForm, ValidateForm
from .metric_rules import may_review, may_submit, may_withdraw
from .models import MetricSubmission
from .services import metrics as services
from .standards import approved_standards

SECTION = "qasp"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _crumbs(program: Program, *tail: tuple[str, str]) -> tuple[tuple[str, str], ...]:
    url = reverse("qasp:metrics:list", kwargs={"code": program.code})
    return (("Provider metrics", url), *tail)


def _visible(request: HttpRequest, program: Program) -> QuerySet[MetricSubmission]:
    return policy.restrict(metric_selectors.submissions(program), request.user, "view")


def _submission(request: HttpRequest, program: Program, pk: int) -> MetricSubmission:
    submission = get_object_or_404(_visible(request, program), pk=pk)
    submission.program = program
    return submission


def _labelled(program: Program, rows: list[MetricSubmission]) -> list[MetricSubmission]:
    """Each submission with ``period_text`` ("October 2026", or its quarter's label) and
    ``unit`` (its standard's in the approved QASP)."""
    standards = {s.code: s for s in approved_standards(program)}
    for row in rows:
        standard = standards.get(row.standard_code)
        frequency = standard.frequency if standard else "monthly"
        row.period_text = periods.period_label(row.period, frequency)  # type: ignore[attr-defined]
        row.unit = standard.unit if standard else ""  # type: ignore[attr-defined]
    return rows


def _submitter_program(request: HttpRequest, code: str) -> Program:
    program = get_program(request, code)
    if not may_submit(request.user, program):
        raise Http404
    return program


@login_required
@require_GET
def submission_list(request: HttpRequest, code: str) -> HttpResponse:
    program = get_program(request, code)
    filterset = MetricSubmissionFilter(request.GET or None, queryset=_visible(request, program))
    apply_uswds(filterset.form)
    context = program_context(request, program, SECTION, *_crumbs(program))
    context |= {
        "submissions": _labelled(program, list(filterset.qs)),
        "filter_form": filterset.form,
        "filtered": any(request.GET.values()),
        "can_submit": may_submit(request.user, program),
    }
    return render(request, "qasp/metric_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def submission_new(request: HttpRequest, code: str) -> HttpResponse:
    program = _submitter_program(request, code)
    standards = approved_standards(program)
    if request.method != "POST":
        initial = {"standard_code": request.GET.get("standard", ""), "period": ""}
        initial["period"] = request.GET.get("period", "")
        form = MetricForm(standards=standards, initial=initial)
        return _form_page(request, program, form, 200)
    form = MetricForm(request.POST, standards=standards)
    if form.is_valid():
        try:
            submission = services.metric_submit(
                acting_user=acting_user(request), program=program, **form.cleaned_data
            )
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(request, f"{submission.standard_code} is submitted for validation.")
            return redirect(submission.get_absolute_url())
    return _form_page(request, program, form, 400)


def _form_page(request: HttpRequest, program: Program, form: MetricForm, status: int) -> Any:
    context = program_context(request, program, SECTION, *_crumbs(program, ("Submit", "")))
    context["form"] = form
    return render(request, "qasp/metric_form.html", context, status=status)


def _upload_page(
    request: HttpRequest,
    program: Program,
    form: MetricUploadForm | None = None,
    error: DomainError | None = None,
    status: int = 200,
) -> HttpResponse:
    context = program_context(request, program, SECTION, *_crumbs(program, ("Upload", "")))
    context |= {
        "form": form or MetricUploadForm(),
        "import_error": error,
        "upload_limit": megabytes(upload_limit(services.UPLOAD_KIND)),
    }
    return render(request, "qasp/metric_upload.html", context, status=status)


@csrf_exempt  # the CSRF check reads the body: _upload checks it once the limit is set
@login_required
@require_http_methods(["GET", "POST"])
def submission_upload(request: HttpRequest, code: str) -> HttpResponse:
    program = _submitter_program(request, code)
    if request.method != "POST":
        return _upload_page(request, program)
    limit_uploads(request, kind=services.UPLOAD_KIND)
    try:
        return _upload(request, program)
    except UploadTooLarge as exc:
        return _upload_page(request, program, error=exc, status=exc.status_code)


@csrf_protect
def _upload(request: HttpRequest, program: Program) -> HttpResponse:
    form = MetricUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _upload_page(request, program, form, status=400)
    upload = form.cleaned_data["file"]
    try:
        saved = services.metric_import(
            acting_user=acting_user(request),
            program=program,
            data=upload.read(),
            filename=upload.name or "metrics.xlsx",
        )
    except DomainError as exc:
        return _upload_page(request, program, form, exc, exc.status_code)
    count = len(saved)
    messages.success(
        request,
        f"{count} submission{'s' if count != 1 else ''} from {upload.name} "
        f"{'are' if count != 1 else 'is'} awaiting validation.",
    )
    return redirect(
        reverse("qasp:metrics:list", kwargs={"code": program.code}) + "?status=submitted"
    )


@login_required
@require_GET
def template(request: HttpRequest, code: str) -> HttpResponse:
    program = get_program(request, code)
    data = template_workbook(approved_standards(program), limits.today())
    answer = HttpResponse(data, content_type=XLSX)
    filename = f"{program.code}-provider-metrics-{limits.today():%Y-%m-%d}.xlsx"
    answer["Content-Disposition"] = f'attachment; filename="{filename}"'
    return answer


def _detail(
    request: HttpRequest,
    program: Program,
    submission: MetricSubmission,
    *,
    validate_form: ValidateForm | None = None,
    reject_form: RejectForm | None = None,
    status: int = 200,
) -> HttpResponse:
    _labelled(program, [submission])
    title = f"{submission.standard_code}, {submission.period_text}"  # type: ignore[attr-defined]
    context = program_context(request, program, SECTION, *_crumbs(program, (title, "")))
    reviewer = may_review(request.user, submission)
    if reviewer and validate_form is None:
        validate_form = ValidateForm(
            program=program,
            initial={
                "recorded_on": limits.today(),
                "evaluator": policy.membership_of(request.user, program),
            },
        )
    context |= {
        "submission": submission,
        "standard": next(
            (s for s in approved_standards(program) if s.code == submission.standard_code), None
        ),
        "validate_form": validate_form if reviewer else None,
        "reject_form": (reject_form or RejectForm()) if reviewer else None,
        "can_withdraw": may_withdraw(request.user, submission),
    }
    return render(request, "qasp/metric_submission.html", context, status=status)


@login_required
@require_GET
def submission_page(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    program = get_program(request, code)
    return _detail(request, program, _submission(request, program, pk))


def _reviewable(request: HttpRequest, code: str, pk: int) -> tuple[Program, MetricSubmission]:
    program = get_program(request, code)
    submission = _submission(request, program, pk)
    if not may_review(request.user, submission):
        raise Http404
    return program, submission


@login_required
@require_POST
def submission_validate(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    program, submission = _reviewable(request, code, pk)
    form = ValidateForm(request.POST, program=program)
    if form.is_valid():
        try:
            record = services.metric_validate(
                acting_user=acting_user(request), submission=submission, **form.cleaned_data
            )
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(
                request,
                f"{record} is recorded from the provider's submission: "
                f"{record.verdict_text.lower()} against {record.aql_text}.",
            )
            return redirect(record.get_absolute_url())
    return _detail(request, program, submission, validate_form=form, status=400)


@login_required
@require_POST
def submission_reject(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    program, submission = _reviewable(request, code, pk)
    form = RejectForm(request.POST)
    if form.is_valid():
        try:
            services.metric_reject(
                acting_user=acting_user(request),
                submission=submission,
                reason=form.cleaned_data["reason"],
            )
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(request, f"The submission of {submission.standard_code} is rejected.")
            return redirect(submission.get_absolute_url())
    return _detail(request, program, submission, reject_form=form, status=400)


@login_required
@require_POST
def submission_withdraw(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    program = get_program(request, code)
    submission = _submission(request, program, pk)
    if not may_withdraw(request.user, submission):
        raise Http404
    services.metric_withdraw(acting_user=acting_user(request), submission=submission)
    messages.success(
        request,
        f"The submission of {submission.standard_code} for "
        f"{_labelled(program, [submission])[0].period_text} is withdrawn.",  # type: ignore[attr-defined]
    )
    return redirect(reverse("qasp:metrics:list", kwargs={"code": program.code}))
