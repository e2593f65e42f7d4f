"""Pages of SME MOUs and sessions (Play 3.1, lesson 7): the MOU list with each SME's sign-off
and attendance, a new MOU, and the sessions with who attended.

Every member of the program reads them (a 404 for anyone else); editors of the SME's party
start an MOU, editors of either party record sessions; the IV&V agent reads only. A refused
write shows the service's message beside the field and changes nothing."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from programs import policy
from programs.choices import Party, Role
from programs.errors import DomainError
from programs.models import Membership, Program
from programs.views.idempotency import create_once
from programs.views.layout import acting_user, get_program, program_context

from ..forms.mou import MouForm, SessionForm
from ..models.sessions import Session
from ..selectors import mou as selectors_mou
from ..services import mou as mou_services

SECTION = "responsibilities"


def _crumbs(program: Program, *tail: tuple[str, str]) -> tuple[tuple[str, str], ...]:
    return (("Responsibilities", reverse("raci:home", kwargs={"code": program.code})), *tail)


def _mous_url(program: Program) -> str:
    return reverse("raci:mous", kwargs={"code": program.code})


def _sessions_url(program: Program) -> str:
    return reverse("raci:sessions", kwargs={"code": program.code})


# -- MOUs ---------------------------------------------------------------------------------


def _creatable_smes(request: HttpRequest, program: Program) -> Any:
    """SMEs of parties whose artifacts the user changes: whose MOU they may start."""
    parties = [
        p
        for p in (Party.CUSTOMER, Party.PROVIDER)
        if policy.can_change_party(request.user, program, p)
    ]
    return selectors_mou.smes_of(program).filter(party__in=parties)


def _mou_form(request: HttpRequest, program: Program, **kwargs: Any) -> MouForm:
    managers = Membership.objects.filter(
        program=program, role=Role.PROGRAM_MANAGER, party__in=[Party.CUSTOMER, Party.PROVIDER]
    ).select_related("user")
    return MouForm(smes=_creatable_smes(request, program), managers=managers, **kwargs)


@login_required
@require_GET
def mou_list(request: HttpRequest, code: str) -> HttpResponse:
    program = get_program(request, code)
    context = program_context(request, program, SECTION, *_crumbs(program, ("SME MOUs", "")))
    context |= {
        "rows": selectors_mou.mou_rows(program),
        "can_create": _creatable_smes(request, program).exists(),
        "minimum_text": f"{selectors_mou.attendance_minimum():.0%}",
    }
    return render(request, "raci/mou_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def mou_new(request: HttpRequest, code: str) -> HttpResponse:
    program = get_program(request, code)
    if not any(
        policy.can_change_party(request.user, program, p) for p in (Party.CUSTOMER, Party.PROVIDER)
    ):
        raise Http404
    status = 200
    if request.method == "POST":
        form = _mou_form(request, program, data=request.POST)
        if form.is_valid():
            try:
                document = create_once(
                    request,
                    scope="sme_mou:create",
                    create=lambda: mou_services.mou_create(
                        acting_user=acting_user(request),
                        program=program,
                        sme=form.cleaned_data["sme"],
                        other_pm=form.cleaned_data.get("other_pm"),
                    ),
                    redirect_to=lambda d: d.get_absolute_url(),
                )
            except DomainError as exc:
                form.add_domain_error(exc)
            else:
                if isinstance(document, HttpResponse):
                    return document
                messages.success(request, f"{document.title} is started: version 1 is a draft.")
                return redirect(document.get_absolute_url())
        status = 400
    else:
        form = _mou_form(request, program)
    context = program_context(
        request,
        program,
        SECTION,
        *_crumbs(program, ("SME MOUs", _mous_url(program)), ("New MOU", "")),
    )
    context |= {"form": form}
    return render(request, "raci/mou_new.html", context, status=status)


# -- sessions -----------------------------------------------------------------------------


def _may_record(request: HttpRequest, program: Program) -> bool:
    return policy.can(request.user, "change", Session(program=program))


def _session_form(request: HttpRequest, program: Program, **kwargs: Any) -> SessionForm:
    return SessionForm(smes=selectors_mou.smes_of(program), **kwargs)


def _changeable_session(request: HttpRequest, program: Program, pk: int) -> Session:
    sessions = policy.restrict(Session.objects.filter(program=program), request.user, "change")
    session = get_object_or_404(sessions, pk=pk)
    session.program = program
    return session


def _session_values(form: SessionForm) -> dict[str, Any]:
    data = form.cleaned_data
    return {
        "date": data["date"],
        "kind": data["kind"],
        "topic": data["topic"],
        "notes": data.get("notes") or "",
        "invited": list(data.get("invited") or []),
        "attended": list(data.get("attended") or []),
    }


def _sessions_page(
    request: HttpRequest, program: Program, add_form: SessionForm | None, status: int = 200
) -> HttpResponse:
    can_change = _may_record(request, program)
    if add_form is None and can_change:
        add_form = _session_form(request, program, prefix="new")
    context = program_context(request, program, SECTION, *_crumbs(program, ("SME sessions", "")))
    context |= {
        "sessions": selectors_mou.sessions_of(program),
        "attendance": selectors_mou.sme_attendance(program),
        "can_change": can_change,
        "add_form": add_form,
    }
    return render(request, "raci/sessions.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def session_list(request: HttpRequest, code: str) -> HttpResponse:
    program = get_program(request, code)
    if request.method != "POST":
        return _sessions_page(request, program, None)
    if not _may_record(request, program):
        raise Http404
    form = _session_form(request, program, data=request.POST, prefix="new")
    if form.is_valid():
        try:
            session = create_once(
                request,
                scope="sme_session:create",
                create=lambda: mou_services.session_create(
                    acting_user=acting_user(request), program=program, **_session_values(form)
                ),
                redirect_to=lambda _s: _sessions_url(program),
            )
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            if isinstance(session, HttpResponse):
                return session
            messages.success(request, f"{session} recorded.")
            return redirect(_sessions_url(program))
    return _sessions_page(request, program, form, status=400)


@login_required
@require_http_methods(["GET", "POST"])
def session_edit(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    program = get_program(request, code)
    session = _changeable_session(request, program, pk)
    status = 200
    if request.method == "POST":
        form = _session_form(request, program, data=request.POST)
        if form.is_valid():
            try:
                session = mou_services.session_update(
                    acting_user=acting_user(request), session=session, **_session_values(form)
                )
            except DomainError as exc:
                form.add_domain_error(exc)
            else:
                messages.success(request, f"{session} saved.")
                return redirect(_sessions_url(program))
        status = 400
    else:
        rows = list(session.attendances.all())
        form = _session_form(
            request,
            program,
            initial={
                "date": session.date,
                "kind": session.kind,
                "topic": session.topic,
                "notes": session.notes,
                "invited": [a.membership_id for a in rows],
                "attended": [a.membership_id for a in rows if a.attended],
            },
        )
    context = program_context(
        request,
        program,
        SECTION,
        *_crumbs(program, ("SME sessions", _sessions_url(program)), (str(session), "")),
    )
    context |= {"session": session, "form": form}
    return render(request, "raci/sessions_edit.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def session_delete(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    program = get_program(request, code)
    session = _changeable_session(request, program, pk)
    if request.method == "POST":
        text = str(session)
        mou_services.session_delete(acting_user=acting_user(request), session=session)
        messages.success(request, f"{text} deleted.")
        return redirect(_sessions_url(program))
    context = program_context(
        request,
        program,
        SECTION,
        *_crumbs(program, ("SME sessions", _sessions_url(program)), ("Delete session", "")),
    )
    context |= {
        "heading": "Delete this session?",
        "explanation": f"{session} and its attendance record will be removed.",
        "action_url": request.path,
        "cancel_url": _sessions_url(program),
        "button_label": "Delete session",
    }
    return render(request, "programs/confirm.html", context)
