"""Governance pages, under /programs/<code>/pmp/governance/: the program's joint bodies and
their meetings; a meeting with its agenda, minutes and the decisions and actions it recorded
in the RAID log, and its PDF.

Every member of the program reads them (a 404 for anyone else); the editors of either party
change them. A refusal shows the service's message beside the field and changes nothing."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from programs import policy
from programs.conditional import kept_page
from programs.documents import render_markdown
from programs.errors import DomainError
from programs.models import Membership, Program, person_name
from programs.views.layout import acting_user, get_program, program_context

from .. import governance_exports
from ..models import GovernanceBody, Meeting
from ..services import governance as gov
from ..services import governance_raid as records
from .governance_forms import ActionForm, BodyForm, DecisionForm, MeetingForm

SECTION = "governance"


def _home_url(program: Program) -> str:
    return reverse("pmp:governance:home", kwargs={"code": program.code})


def _crumbs(program: Program, *tail: tuple[str, str]) -> tuple[tuple[str, str], ...]:
    return (("Governance", _home_url(program)), *tail)


def _members(program: Program) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(program=program)
        .select_related("user")
        .order_by("party", "user__last_name", "user__username")
    )


def may_change(user: Any, program: Program) -> bool:
    return policy.can(user, "change", GovernanceBody(program=program))


def _bodies(request: HttpRequest, program: Program) -> QuerySet[GovernanceBody]:
    rows = GovernanceBody.objects.filter(program=program).select_related("chair__user")
    return policy.restrict(rows, request.user, "view")


def _meetings(request: HttpRequest, program: Program) -> QuerySet[Meeting]:
    # The program is joined for the meeting's link (get_absolute_url) in every list.
    rows = Meeting.objects.filter(program=program).select_related("body", "program")
    return policy.restrict(rows, request.user, "view")


@login_required
@require_GET
@kept_page
def home(request: HttpRequest, code: str) -> HttpResponse:
    program = get_program(request, code)
    now = timezone.now()
    bodies = _bodies(request, program).prefetch_related(
        Prefetch("members", queryset=_members(program))
    )
    meetings = _meetings(request, program)
    context = program_context(request, program, SECTION, *_crumbs(program))
    context |= {
        "bodies": bodies,
        "upcoming": meetings.filter(starts_at__gte=now).order_by("starts_at")[:20],
        "past": meetings.filter(starts_at__lt=now).order_by("-starts_at")[:50],
        "can_change": may_change(request.user, program),
    }
    return render(request, "pmp/governance/home.html", context)


@login_required
@require_POST
def seed(request: HttpRequest, code: str) -> HttpResponse:
    program = get_program(request, code)
    if not may_change(request.user, program):
        raise Http404
    made = gov.bodies_seed(acting_user=acting_user(request), program=program)
    messages.success(
        request,
        f"{len(made)} governance bod{'y' if len(made) == 1 else 'ies'} set up."
        if made
        else "The program already has these governance bodies.",
    )
    return redirect(_home_url(program))


def _form_page(
    request: HttpRequest,
    program: Program,
    template: str,
    crumbs: tuple[tuple[str, str], ...],
    status: int = 200,
    **extra: Any,
) -> HttpResponse:
    context = program_context(request, program, SECTION, *crumbs) | extra
    return render(request, template, context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def body_form(request: HttpRequest, code: str, pk: int | None = None) -> HttpResponse:
    program = get_program(request, code)
    body = get_object_or_404(_bodies(request, program), pk=pk) if pk else None
    if not may_change(request.user, program):
        raise Http404
    members = _members(program)
    if request.method != "POST":
        initial = (
            {
                "name": body.name,
                "purpose": body.purpose,
                "cadence": body.cadence,
                "chair": body.chair_id,
                "members": list(body.members.values_list("pk", flat=True)),
            }
            if body
            else {}
        )
        form = BodyForm(initial=initial, members=members)
    else:
        form = BodyForm(request.POST, members=members)
        if form.is_valid():
            try:
                if body:
                    saved = gov.body_update(
                        acting_user=acting_user(request), body=body, **form.cleaned_data
                    )
                else:
                    saved = gov.body_create(
                        acting_user=acting_user(request), program=program, **form.cleaned_data
                    )
            except DomainError as exc:
                form.add_domain_error(exc)
            else:
                messages.success(request, f"{saved.name} is saved.")
                return redirect(_home_url(program))
    title = f"Edit {body.name}" if body else "New governance body"
    return _form_page(
        request,
        program,
        "pmp/governance/body_form.html",
        _crumbs(program, (title, "")),
        status=400 if form.is_bound else 200,
        form=form,
        body=body,
        title=title,
    )


def _meeting(request: HttpRequest, program: Program, pk: int) -> Meeting:
    meeting = get_object_or_404(_meetings(request, program), pk=pk)
    meeting.program = program
    return meeting


def _meeting_values(form: MeetingForm) -> dict[str, Any]:
    data = dict(form.cleaned_data)
    data.pop("body")
    data["attendees"] = list(data["attendees"])
    return data


@login_required
@require_http_methods(["GET", "POST"])
def meeting_form(request: HttpRequest, code: str, pk: int | None = None) -> HttpResponse:
    program = get_program(request, code)
    meeting = _meeting(request, program, pk) if pk else None
    if not may_change(request.user, program):
        raise Http404
    kwargs = {"bodies": _bodies(request, program), "members": _members(program)}
    if request.method != "POST":
        if meeting:
            initial = {
                "body": meeting.body_id,
                "starts_at": timezone.localtime(meeting.starts_at),
                "duration_minutes": meeting.duration_minutes,
                "location": meeting.location,
                "status": meeting.status,
                "attendees": list(meeting.attendees.values_list("pk", flat=True)),
                "agenda": meeting.agenda,
                "minutes": meeting.minutes,
            }
        else:
            body = _bodies(request, program).filter(pk=request.GET.get("body") or 0).first()
            initial = {
                "body": body.pk if body else None,
                "attendees": list(body.members.values_list("pk", flat=True)) if body else [],
                "duration_minutes": 60,
            }
        form = MeetingForm(initial=initial, **kwargs)
    else:
        form = MeetingForm(request.POST, **kwargs)
        if meeting:
            form.fields["body"].disabled = True
            form.fields["body"].initial = meeting.body_id
        if form.is_valid():
            values = _meeting_values(form)
            try:
                if meeting:
                    saved = gov.meeting_update(
                        acting_user=acting_user(request), meeting=meeting, **values
                    )
                else:
                    values["agenda"] = values["agenda"] or None
                    saved = gov.meeting_create(
                        acting_user=acting_user(request),
                        program=program,
                        body=form.cleaned_data["body"],
                        **values,
                    )
            except DomainError as exc:
                form.add_domain_error(exc)
            else:
                messages.success(request, f"The meeting of {saved} is saved.")
                return redirect(saved.get_absolute_url())
    if meeting:
        form.fields["body"].disabled = True
    title = f"Edit the meeting of {meeting}" if meeting else "New meeting"
    tail = [(str(meeting), meeting.get_absolute_url())] if meeting else []
    return _form_page(
        request,
        program,
        "pmp/governance/meeting_form.html",
        _crumbs(program, *tail, (title, "")),
        status=400 if form.is_bound else 200,
        form=form,
        meeting=meeting,
        title=title,
    )


def _meeting_page(
    request: HttpRequest,
    program: Program,
    meeting: Meeting,
    *,
    decision_form: DecisionForm | None = None,
    action_form: ActionForm | None = None,
    status: int = 200,
) -> HttpResponse:
    on = timezone.localtime(meeting.starts_at).date()
    can_change = may_change(request.user, program)
    context = program_context(request, program, SECTION, *_crumbs(program, (str(meeting), "")))
    context |= {
        "meeting": meeting,
        "attendees": meeting.attendees.select_related("user").order_by(
            "party", "user__last_name", "user__first_name"
        ),
        "agenda_html": render_markdown(meeting.agenda),
        "minutes_html": render_markdown(meeting.minutes),
        "records": meeting.raid_items.select_related("owner__user").order_by("kind", "number"),
        "open_actions": records.open_actions(program),
        "risks_due": records.risks_for_review(program, on),
        "meeting_day": on,
        "can_change": can_change,
    }
    if can_change:
        context |= {
            "decision_form": decision_form
            or DecisionForm(initial={"decided_by": meeting.body.name}, prefix="decision"),
            "action_form": action_form
            or ActionForm(members=_members(program), prefix="action", initial={"due_on": on}),
        }
    return render(request, "pmp/governance/meeting.html", context, status=status)


@login_required
@require_GET
def meeting_page(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    program = get_program(request, code)
    return _meeting_page(request, program, _meeting(request, program, pk))


@login_required
@require_POST
def meeting_record(request: HttpRequest, code: str, pk: int, kind: str) -> HttpResponse:
    program = get_program(request, code)
    meeting = _meeting(request, program, pk)
    if kind not in ("decision", "action") or not may_change(request.user, program):
        raise Http404
    user = acting_user(request)
    if kind == "decision":
        form: DecisionForm | ActionForm = DecisionForm(request.POST, prefix="decision")
    else:
        form = ActionForm(request.POST, members=_members(program), prefix="action")
    if form.is_valid():
        try:
            if isinstance(form, DecisionForm):
                item = records.meeting_record_decision(
                    acting_user=user, meeting=meeting, **form.cleaned_data
                )
            else:
                item = records.meeting_record_action(
                    acting_user=user, meeting=meeting, **form.cleaned_data
                )
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(request, f"{item.reference} {item.title} is in the RAID log.")
            return redirect(meeting.get_absolute_url() + "#records")
    if isinstance(form, DecisionForm):
        return _meeting_page(request, program, meeting, decision_form=form, status=400)
    return _meeting_page(request, program, meeting, action_form=form, status=400)


@login_required
@require_GET
def meeting_pdf(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    program = get_program(request, code)
    meeting = _meeting(request, program, pk)
    body = governance_exports.meeting_pdf(meeting, generated_by=person_name(request.user))
    response = HttpResponse(body, content_type="application/pdf")
    name = f"{program.code}-{meeting.body.name}-{timezone.localtime(meeting.starts_at):%Y-%m-%d}"
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=name.lower().replace(" ", "-") + ".pdf"
    )
    return response
