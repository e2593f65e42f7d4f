"""Pages of the communications plan, under /programs/<code>/pmp/communications/: the plan
(overdue items flagged), an item with the times it was done, and the calendar of the coming
weeks as a list per day.

Every member of the program reads them (a 404 for anyone else); the editors of either party
change them. A refusal shows the service's message beside the field and changes nothing."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from programs import limits, policy
from programs.conditional import kept_page
from programs.errors import DomainError
from programs.models import Program
from programs.views.layout import acting_user, get_program, program_context

from ..models import CommunicationItem
from ..services import communications as comms
from .governance import _members
from .governance_forms import CommunicationForm, DoneForm

SECTION = "communications"
#: Days the calendar shows from its first day.
CALENDAR_DAYS = 31


def _plan_url(program: Program) -> str:
    return reverse("pmp:communications:plan", kwargs={"code": program.code})


def _crumbs(program: Program, *tail: tuple[str, str]) -> tuple[tuple[str, str], ...]:
    return (("Communications plan", _plan_url(program)), *tail)


def may_change(user: Any, program: Program) -> bool:
    return policy.can(user, "change", CommunicationItem(program=program))


def _items(request: HttpRequest, program: Program) -> QuerySet[CommunicationItem]:
    # The program is joined for the item's link (get_absolute_url) in every list.
    rows = CommunicationItem.objects.filter(program=program).select_related(
        "owner__user", "program"
    )
    return policy.restrict(rows, request.user, "view")


@login_required
@require_GET
@kept_page
def plan(request: HttpRequest, code: str) -> HttpResponse:
    program = get_program(request, code)
    today = limits.today()
    items = list(_items(request, program))
    context = program_context(request, program, SECTION, *_crumbs(program))
    context |= {
        "rows": [(i, i.is_overdue(today)) for i in items],
        "overdue_count": sum(i.is_overdue(today) for i in items),
        "today": today,
        "can_change": may_change(request.user, program),
    }
    return render(request, "pmp/communications/plan.html", context)


@login_required
@require_GET
def calendar(request: HttpRequest, code: str) -> HttpResponse:
    program = get_program(request, code)
    today = limits.today()
    try:
        start = dt.date.fromisoformat(request.GET.get("from", ""))
    except ValueError:
        start = today
    if limits.date_error(start, what="The first day") or limits.date_error(
        start + dt.timedelta(days=CALENDAR_DAYS), what="The last day"
    ):
        start = today
    end = start + dt.timedelta(days=CALENDAR_DAYS - 1)
    days: dict[dt.date, list[CommunicationItem]] = {}
    items = list(_items(request, program))
    for item in items:
        for day in comms.due_dates(item.frequency, item.next_due_on, end):
            if day >= start:
                days.setdefault(day, []).append(item)
    context = program_context(request, program, SECTION, *_crumbs(program, ("Calendar", "")))
    context |= {
        "start": start,
        "end": end,
        "today": today,
        "days": sorted(days.items()),
        "overdue": [i for i in items if i.is_overdue(today)],
        "previous": start - dt.timedelta(days=CALENDAR_DAYS),
        "following": end + dt.timedelta(days=1),
    }
    return render(request, "pmp/communications/calendar.html", context)


def _item(request: HttpRequest, program: Program, pk: int) -> CommunicationItem:
    item = get_object_or_404(_items(request, program), pk=pk)
    item.program = program
    return item


def _item_page(
    request: HttpRequest,
    program: Program,
    item: CommunicationItem,
    *,
    done_form: DoneForm | None = None,
    status: int = 200,
) -> HttpResponse:
    can_change = may_change(request.user, program)
    context = program_context(request, program, SECTION, *_crumbs(program, (item.title, "")))
    context |= {
        "item": item,
        "overdue": item.is_overdue(limits.today()),
        "deliveries": item.deliveries.select_related("recorded_by"),
        "can_change": can_change,
        "done_form": (done_form or DoneForm(initial={"done_on": limits.today()}))
        if can_change
        else None,
    }
    return render(request, "pmp/communications/item.html", context, status=status)


@login_required
@require_GET
def item_page(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    program = get_program(request, code)
    return _item_page(request, program, _item(request, program, pk))


@login_required
@require_POST
def item_done(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    program = get_program(request, code)
    item = _item(request, program, pk)
    if not may_change(request.user, program):
        raise Http404
    form = DoneForm(request.POST)
    if form.is_valid():
        try:
            comms.item_mark_done(acting_user=acting_user(request), item=item, **form.cleaned_data)
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            item.refresh_from_db()
            due = f"{item.next_due_on:%B %-d, %Y}" if item.next_due_on else "at the next event"
            messages.success(request, f"{item.title} is recorded as done; next due {due}.")
            return redirect(item.get_absolute_url())
    return _item_page(request, program, item, done_form=form, status=400)


@login_required
@require_http_methods(["GET", "POST"])
def item_form(request: HttpRequest, code: str, pk: int | None = None) -> HttpResponse:
    program = get_program(request, code)
    item = _item(request, program, pk) if pk else None
    if not may_change(request.user, program):
        raise Http404
    members = _members(program)
    if request.method != "POST":
        initial = {f: getattr(item, f) for f in CommunicationForm.base_fields} if item else {}
        form = CommunicationForm(initial=initial, members=members)
    else:
        form = CommunicationForm(request.POST, members=members)
        if form.is_valid():
            try:
                if item:
                    saved = comms.item_update(
                        acting_user=acting_user(request), item=item, **form.cleaned_data
                    )
                else:
                    saved = comms.item_create(
                        acting_user=acting_user(request), program=program, **form.cleaned_data
                    )
            except DomainError as exc:
                form.add_domain_error(exc)
            else:
                messages.success(request, f"{saved.title} is saved.")
                return redirect(saved.get_absolute_url())
    title = f"Edit {item.title}" if item else "New communication"
    context = program_context(request, program, SECTION, *_crumbs(program, (title, "")))
    context |= {"form": form, "item": item, "title": title}
    status = 400 if form.is_bound else 200
    return render(request, "pmp/communications/item_form.html", context, status=status)
