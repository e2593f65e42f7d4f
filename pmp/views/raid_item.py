"""Pages of one RAID item: the item with its rating, links, history, comments, files and
the steps the person may take as forms; recording and editing items. A refusal shows the
service's message beside the form and changes nothing."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from programs.concurrency import form_revision, rebase_form
from programs.errors import DomainError, StaleEditError
from programs.forms import PortalForm
from programs.models import Program
from programs.views.idempotency import create_once
from programs.views.layout import acting_user, get_program, program_context

from .. import risk_matrix
from ..choices import LinkKind, RaidKind
from ..forms.raid import (
    CommentForm,
    CompleteForm,
    DecideForm,
    LinkForm,
    OccurForm,
    RaidItemForm,
    ReasonForm,
    ResolveForm,
    ReviewForm,
)
from ..models import RaidItem, RaidLink
from ..selectors import raid as selectors
from ..services import raid as services
from ..services import raid_workflow as workflow
from ..services.raid_rules import (
    WORKFLOWS,
    available_actions,
    may_change,
    may_comment,
    may_create_any,
    may_edit,
)
from .raid import SECTION, crumbs, visible

PREFIXES = {"R": RaidKind.RISK, "A": RaidKind.ACTION, "I": RaidKind.ISSUE, "D": RaidKind.DECISION}


def item_for(request: HttpRequest, program: Program, ref: str) -> RaidItem:
    """The item ``ref`` (R-12) the person may view; a 404 alike for missing and forbidden."""
    match = re.fullmatch(r"([RAID])-(\d{1,9})", ref)
    if not match:
        raise Http404
    item = get_object_or_404(
        visible(request, program), kind=PREFIXES[match.group(1)], number=int(match.group(2))
    )
    item.program = program
    return item


_REASONS = {
    "close": ("Why the risk is closed", True),
    "reopen": ("Why it is reopened", True),
    "cancel": ("Why the action is cancelled", True),
    "supersede": ("What supersedes it", True),
}


def _action_form(name: str, data: Any = None) -> PortalForm:
    forms: dict[str, Callable[[], PortalForm]] = {
        "review": lambda: ReviewForm(data, prefix=name),
        "occur": lambda: OccurForm(data, prefix=name),
        "resolve": lambda: ResolveForm(data, prefix=name),
        "complete": lambda: CompleteForm(data, prefix=name),
        "decide": lambda: DecideForm(data, prefix=name),
    }
    if name in forms:
        return forms[name]()
    label, required = _REASONS.get(name, ("Note", False))
    return ReasonForm(data, label=label, required=required, prefix=name)


def _run(name: str, request: HttpRequest, item: RaidItem, data: dict[str, Any]) -> Any:
    user = acting_user(request)
    calls: dict[str, Callable[[], Any]] = {
        "review": lambda: workflow.risk_review(
            acting_user=user, item=item, note=data["reason"], next_review_on=data["next_review_on"]
        ),
        "occur": lambda: workflow.risk_occur(
            acting_user=user, item=item, note=data["reason"], due_on=data["due_on"]
        ),
        "resolve": lambda: workflow.issue_resolve(
            acting_user=user, item=item, resolution=data["resolution"]
        ),
        "complete": lambda: workflow.action_complete(
            acting_user=user, item=item, done_on=data["done_on"], note=data["reason"]
        ),
        "decide": lambda: workflow.decision_decide(
            acting_user=user,
            item=item,
            decided_on=data["decided_on"],
            decided_by=data["decided_by"],
            rationale=data["rationale"],
        ),
    }
    if name in calls:
        return calls[name]()
    return workflow.item_transition(acting_user=user, item=item, name=name, reason=data["reason"])


def _rating(item: RaidItem, scheme: Any, position: str) -> dict[str, Any]:
    p, i, score, band = selectors.rating(item, scheme, position)
    return {
        "probability": scheme.probability_label(p),
        "impact": scheme.impact_label(i),
        "score": score,
        "band": band,
        "band_label": risk_matrix.BAND_LABELS.get(band, "").lower(),
    }


def _detail(
    request: HttpRequest,
    program: Program,
    item: RaidItem,
    *,
    bound: tuple[str, PortalForm] | None = None,
    status: int = 200,
) -> HttpResponse:
    names = [t.name for t in available_actions(request.user, item)]
    if bound and bound[0] not in names and bound[0] in WORKFLOWS[item.kind].transitions:
        names.append(bound[0])
    actions = [
        (WORKFLOWS[item.kind][n], bound[1] if bound and bound[0] == n else _action_form(n))
        for n in names
    ]
    scheme = services.scheme_for(program)
    links = list(item.links.select_related("task", "change_request", "finding", "raid_item").all())
    context = program_context(request, program, SECTION, *crumbs(program, (item.reference, "")))
    context |= {
        "item": item,
        "scheme": scheme,
        "ratings": [
            ("Before the response (inherent)", _rating(item, scheme, "inherent")),
            ("After the response (residual)", _rating(item, scheme, "residual")),
        ],
        "overdue": selectors.overdue_text(item),
        "history": item.history.select_related("actor").all(),
        "comments": item.comments.all(),
        "links": links,
        "linked_from": item.linked_from.select_related("item").all(),
        "actions": actions,
        "can_edit": may_edit(request.user, item),
        "can_link": may_change(request.user, item),
        "can_comment": may_comment(request.user, item),
        "link_form": bound[1] if bound and bound[0] == "link" else LinkForm(prefix="link"),
        "comment_form": bound[1] if bound and bound[0] == "comment" else CommentForm(),
    }
    if item.kind == RaidKind.RISK:
        history = selectors.score_history(item)
        context |= {"score_history": history, "score_json": json.dumps(selectors.as_dict(history))}
    return render(request, "pmp/raid/item.html", context, status=status)


@login_required
@require_GET
def item_page(request: HttpRequest, code: str, ref: str) -> HttpResponse:
    program = get_program(request, code)
    return _detail(request, program, item_for(request, program, ref))


@login_required
@require_POST
def item_action(request: HttpRequest, code: str, ref: str, action: str) -> HttpResponse:
    program = get_program(request, code)
    item = item_for(request, program, ref)
    if action not in WORKFLOWS[item.kind].transitions:
        raise Http404
    form = _action_form(action, request.POST)
    if form.is_valid():
        try:
            result = _run(action, request, item, form.cleaned_data)
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            if isinstance(result, RaidItem):  # a risk became an issue
                messages.success(request, f"{item.reference} occurred: {result.reference} is open.")
                return redirect(result.get_absolute_url())
            item.refresh_from_db()
            label = WORKFLOWS[item.kind][action].label.lower()
            messages.success(request, f"{item.reference} {label}.")
            return redirect(item.get_absolute_url())
    return _detail(request, program, item, bound=(action, form), status=400)


def _link_target_id(program: Program, kind: str, text: str) -> Any:
    """A RAID reference (R-12) or an IV&V reference (IVV-003) to its id; a plain number as
    is (a change request's by its number in the program's schedule)."""
    text = text.strip()
    match = re.fullmatch(r"([RAID])-(\d{1,9})", text.upper())
    if kind == LinkKind.RAID_ITEM and match:
        found = RaidItem.objects.filter(
            program=program, kind=PREFIXES[match.group(1)], number=int(match.group(2))
        ).first()
        return found.pk if found else 0
    number = re.fullmatch(r"(?:IVV-?)?(\d{1,9})", text.upper())
    if not number:
        raise DomainError("Give the item's reference or number.", field="target")
    if kind == LinkKind.CHANGE_REQUEST:
        from schedule.models import ChangeRequest

        cr = ChangeRequest.objects.filter(
            schedule__program=program, number=int(number.group(1))
        ).first()
        return cr.pk if cr else int(number.group(1))
    if kind == LinkKind.FINDING and text.upper().startswith("IVV"):
        from ivv.models import Finding

        finding = Finding.objects.filter(program=program, number=int(number.group(1))).first()
        return finding.pk if finding else 0
    return int(number.group(1))


@login_required
@require_POST
def link_add(request: HttpRequest, code: str, ref: str) -> HttpResponse:
    program = get_program(request, code)
    item = item_for(request, program, ref)
    if not may_change(request.user, item):
        raise Http404
    form = LinkForm(request.POST, prefix="link")
    if form.is_valid():
        try:
            kind = form.cleaned_data["kind"]
            target = _link_target_id(program, kind, form.cleaned_data["target"])
            services.link_add(
                acting_user=acting_user(request), item=item, kind=kind, target_id=target
            )
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(request, f"{item.reference} is linked.")
            return redirect(item.get_absolute_url() + "#links")
    return _detail(request, program, item, bound=("link", form), status=400)


@login_required
@require_POST
def link_remove(request: HttpRequest, code: str, ref: str, link_id: int) -> HttpResponse:
    program = get_program(request, code)
    item = item_for(request, program, ref)
    link = get_object_or_404(RaidLink, pk=link_id, item=item)
    if not may_change(request.user, item):
        raise Http404
    services.link_remove(acting_user=acting_user(request), link=link)
    messages.success(request, f"The link of {item.reference} is removed.")
    return redirect(item.get_absolute_url() + "#links")


@login_required
@require_POST
def comment_add(request: HttpRequest, code: str, ref: str) -> HttpResponse:
    program = get_program(request, code)
    item = item_for(request, program, ref)
    if not may_comment(request.user, item):
        raise Http404
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            services.comment_add(
                acting_user=acting_user(request), item=item, text=form.cleaned_data["text"]
            )
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(request, f"Your comment on {item.reference} is added.")
            return redirect(item.get_absolute_url() + "#comments")
    return _detail(request, program, item, bound=("comment", form), status=400)


def _form_page(
    request: HttpRequest,
    program: Program,
    form: RaidItemForm,
    item: RaidItem | None,
    status: int,
    stale: dict[str, Any] | None = None,
) -> HttpResponse:
    label = RaidKind(form.kind).label.lower()
    tail = (
        [(item.reference, item.get_absolute_url()), ("Edit", "")]
        if item
        else [(f"Record a {label}", "")]
    )
    context = program_context(request, program, SECTION, *crumbs(program, *tail))
    context |= {"form": form, "item": item, "kind_label": label, **(stale or {})}
    return render(request, "pmp/raid/item_form.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def item_new(request: HttpRequest, code: str, kind: str) -> HttpResponse:
    program = get_program(request, code)
    if kind not in RaidKind.values or not may_create_any(request.user, program):
        raise Http404
    scheme = services.scheme_for(program)
    if request.method != "POST":
        form = RaidItemForm(
            kind=kind,
            program=program,
            scheme=scheme,
            initial={"owner_party": "shared", "raised_on": timezone.localdate()},
        )
        return _form_page(request, program, form, None, 200)
    form = RaidItemForm(request.POST, kind=kind, program=program, scheme=scheme)
    if form.is_valid():
        try:
            created = create_once(
                request,
                scope=f"raid_{kind}:create",
                create=lambda: services.item_create(
                    acting_user=acting_user(request), program=program, kind=kind, **form.values()
                ),
                redirect_to=lambda i: i.get_absolute_url(),
            )
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            if isinstance(created, HttpResponse):
                return created
            messages.success(request, f"{created.reference} is recorded.")
            return redirect(created.get_absolute_url())
    return _form_page(request, program, form, None, 400)


def _item_initial(form: RaidItemForm, item: RaidItem) -> dict[str, Any]:
    """The edit form's values from the item as it is stored."""
    initial = {name: getattr(item, name) for name in form.fields}
    if "change_request" in form.fields and item.change_request is not None:
        initial["change_request"] = item.change_request.number
    if "owner" in form.fields:
        initial["owner"] = item.owner_id
    return initial


@login_required
@require_http_methods(["GET", "POST"])
def item_edit(request: HttpRequest, code: str, ref: str) -> HttpResponse:
    program = get_program(request, code)
    item = item_for(request, program, ref)
    if not may_edit(request.user, item):
        raise Http404
    scheme = services.scheme_for(program)
    if request.method != "POST":
        form = RaidItemForm(kind=item.kind, program=program, scheme=scheme)
        form.initial = _item_initial(form, item)
        return _form_page(request, program, form, item, 200)
    form = RaidItemForm(request.POST, kind=item.kind, program=program, scheme=scheme)
    if form.is_valid():
        try:
            services.item_update(
                acting_user=acting_user(request),
                item=item,
                revision=form_revision(form),
                **form.values(),
            )
        except StaleEditError as exc:
            # The form, now based on the item as it is: the other person's change shown and
            # kept, what this person typed elsewhere kept.
            item.refresh_from_db()
            stale = rebase_form(form, exc, _item_initial(form, item))
            return _form_page(request, program, form, item, 409, stale)
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(request, f"{item.reference} is saved.")
            return redirect(item.get_absolute_url())
    return _form_page(request, program, form, item, 400)


def new_url(program: Program, kind: str) -> str:
    return reverse("pmp:raid:item-new", kwargs={"code": program.code, "kind": kind})
