"""A request's page with the forms of the actions the person may take, the actions, and
issuing a request from an unacceptable surveillance record."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from programs import policy
from programs.errors import DomainError
from programs.forms import PortalForm
from programs.models import Program
from programs.views.layout import acting_user, get_program, program_context

from .. import car_selectors
from ..car_forms import AnswerForm, IssueForm, ReasonForm, ReturnForm
from ..car_rules import PAGE_ACTIONS, WORKFLOW, available_actions, may_issue
from ..choices import OPEN_CAR_STATUSES
from ..models import CorrectiveActionRequest, SurveillanceRecord
from ..models.cars import escalation_label
from ..services import cars as services
from ..services.car_proposals import open_car_of, proposed_car
from .common import SECTION, car_of, crumbs

#: Per action: its heading, its button, and (reason forms) the reason's label and whether
#: it is required.
ACTIONS: dict[str, tuple[str, str]] = {
    "answer": ("Answer the request", "Send the answer"),
    "accept": ("Accept the answer", "Accept"),
    "return": ("Return the answer to the provider", "Return"),
    "withdraw": ("Withdraw the request", "Withdraw"),
    "escalate": ("Escalate to the next level", "Escalate"),
}
_REASONS = {
    "accept": ("Note on the evaluation", False),
    "return": ("Why the answer is returned", True),
    "withdraw": ("Why the request is withdrawn", True),
    "escalate": ("Why it is escalated", True),
}


def _action_form(name: str, car: CorrectiveActionRequest, data: Any = None) -> PortalForm:
    if name == "answer":
        initial = {
            "root_cause": car.root_cause,
            "corrective_action": car.corrective_action,
            "target_date": car.target_date,
        }
        return AnswerForm(data, initial=initial, prefix=name)
    label, required = _REASONS[name]
    form_class = ReturnForm if name == "return" else ReasonForm
    return form_class(data, label=label, required=required, prefix=name)


def _run(
    name: str, request: HttpRequest, car: CorrectiveActionRequest, data: dict[str, Any]
) -> Any:
    user = acting_user(request)
    calls: dict[str, Callable[[], Any]] = {
        "answer": lambda: services.car_answer(acting_user=user, car=car, **data),
        "accept": lambda: services.car_accept(acting_user=user, car=car, note=data["reason"]),
        "return": lambda: services.car_return(
            acting_user=user, car=car, reason=data["reason"], response_due=data["response_due"]
        ),
        "withdraw": lambda: services.car_withdraw(acting_user=user, car=car, reason=data["reason"]),
        "escalate": lambda: services.car_escalate(acting_user=user, car=car, reason=data["reason"]),
    }
    return calls[name]()


def _detail(
    request: HttpRequest,
    program: Program,
    car: CorrectiveActionRequest,
    *,
    bound: tuple[str, PortalForm] | None = None,
    status: int = 200,
) -> HttpResponse:
    names = available_actions(request.user, car)
    if bound and bound[0] not in names:  # a refusal shows beside the form that was sent
        names.append(bound[0])
    actions = [
        (
            name,
            *ACTIONS[name],
            bound[1] if bound and bound[0] == name else _action_form(name, car),
        )
        for name in names
    ]
    step = car_selectors.next_step(car)
    context = program_context(request, program, SECTION, *crumbs(program, (car.reference, "")))
    context |= {
        "car": car,
        "step": step,
        "overdue": car_selectors.is_overdue(car),
        "age": car_selectors.age_days(car),
        "records": car.records.select_related("evaluator__user").order_by("period"),
        "history": [
            (h, escalation_label(h.details["to_level"]) if "to_level" in h.details else "")
            for h in car.history.all()
        ],
        "actions": actions,
    }
    return render(request, "qasp/car_detail.html", context, status=status)


@login_required
@require_GET
def car_page(request: HttpRequest, code: str, number: int) -> HttpResponse:
    program = get_program(request, code)
    return _detail(request, program, car_of(request, program, number))


@login_required
@require_POST
def car_action(request: HttpRequest, code: str, number: int, action: str) -> HttpResponse:
    program = get_program(request, code)
    car = car_of(request, program, number)
    if action not in PAGE_ACTIONS or not WORKFLOW[action].who(request.user, car):
        raise Http404
    form = _action_form(action, car, request.POST)
    if form.is_valid():
        try:
            _run(action, request, car, form.cleaned_data)
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            car.refresh_from_db()
            label = WORKFLOW[action].label.lower()
            messages.success(
                request, f"{car.reference} {label}: {car.get_status_display().lower()}."
            )
            return redirect(car.get_absolute_url())
    return _detail(request, program, car, bound=(action, form), status=400)


def _unacceptable(request: HttpRequest, program: Program) -> SurveillanceRecord:
    """The record a request is issued from (``?record=`` or the form's ``record``)."""
    value = request.POST.get("record") or request.GET.get("record") or ""
    if not value.isdigit():
        raise Http404
    records = policy.restrict(
        SurveillanceRecord.objects.filter(program=program, acceptable=False), request.user, "view"
    )
    record = get_object_or_404(records, pk=int(value))
    record.program = program
    return record


def _issue_page(
    request: HttpRequest, program: Program, record: SurveillanceRecord, form: IssueForm, status: int
) -> HttpResponse:
    tail = ((str(record), record.get_absolute_url()), ("Issue a request", ""))
    context = program_context(request, program, SECTION, *crumbs(program, *tail))
    context |= {"form": form, "record": record}
    return render(request, "qasp/car_issue.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def issue(request: HttpRequest, code: str) -> HttpResponse:
    program = get_program(request, code)
    if not may_issue(request.user, program):
        raise Http404
    record = _unacceptable(request, program)
    candidates = SurveillanceRecord.objects.filter(
        program=program, standard_code=record.standard_code, acceptable=False
    ).exclude(corrective_action_requests__status__in=OPEN_CAR_STATUSES)
    if request.method != "POST":
        covering = open_car_of(record)
        if covering is not None:  # already in a request: that request's page says where it is
            messages.info(request, f"{record} is already in {covering.reference}.")
            return redirect(covering.get_absolute_url())
        proposal = proposed_car(record)
        assert proposal is not None
        initial = {
            "records": [r.pk for r in proposal.records],
            "escalation_level": proposal.escalation_level,
            "description": proposal.description,
            "response_due": proposal.response_due,
        }
        form = IssueForm(initial=initial, candidates=candidates)
        return _issue_page(request, program, record, form, 200)
    form = IssueForm(request.POST, candidates=candidates)
    if form.is_valid():
        data = form.cleaned_data
        try:
            car = services.car_issue(
                acting_user=acting_user(request),
                program=program,
                standard_code=record.standard_code,
                record_ids=[r.pk for r in data["records"]],
                escalation_level=data["escalation_level"],
                description=data["description"],
                response_due=data["response_due"],
            )
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            due = f"{car.response_due:%B %-d, %Y}"
            messages.success(request, f"{car.reference} is issued: the provider answers by {due}.")
            return redirect(car.get_absolute_url())
    return _issue_page(request, program, record, form, 400)
