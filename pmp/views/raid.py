"""Pages of the RAID log as a whole: the filtered list, the heat map, the consolidated
action items, the risk trend, and the exports of the filtered log. Every member of the
program reads them (a 404 for anyone else)."""

from __future__ import annotations

import json
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from programs import policy
from programs.conditional import conditional_get, kept_page
from programs.forms import apply_uswds
from programs.kept_parts import kept_part
from programs.models import Program, person_name
from programs.registers.exports import dated_download, filters_described
from programs.views.layout import get_program, program_context

from .. import exports
from ..choices import RaidKind, ScorePosition
from ..filters.raid import RaidFilter
from ..models import RaidItem
from ..selectors import raid as selectors
from ..services.raid import scheme_for
from ..services.raid_rules import may_create_any, may_set_scheme

SECTION = "raid"
PER_PAGE = 100
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def log_url(program: Program) -> str:
    return reverse("pmp:raid:log", kwargs={"code": program.code})


def crumbs(program: Program, *tail: tuple[str, str]) -> tuple[tuple[str, str], ...]:
    return (("RAID log", log_url(program)), *tail)


def visible(request: HttpRequest, program: Program) -> QuerySet[RaidItem]:
    return policy.restrict(selectors.log_rows(program), request.user, "view")


def filtered(request: HttpRequest, program: Program, **forced: str) -> RaidFilter:
    data = request.GET.copy()
    for key, value in forced.items():
        data[key] = value
    filterset = RaidFilter(data or None, queryset=visible(request, program), program=program)
    apply_uswds(filterset.form)
    return filterset


def _page(request: HttpRequest, rows: QuerySet[RaidItem]) -> tuple[Any, str]:
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return page, query.urlencode()


@login_required
@require_GET
@kept_page
def log(request: HttpRequest, code: str) -> HttpResponse:
    """Every reader sees the same items: the filter form and the page of items are kept until
    the next write to the program, apart for those who may record items (their buttons)."""
    program = get_program(request, code)
    can_create = may_create_any(request.user, program)
    context = program_context(request, program, SECTION, *crumbs(program))
    context["log"] = kept_part(
        request,
        program,
        "pmp/raid/_log.html",
        lambda: _log(request, program, can_create=can_create),
        viewer=f"create={int(can_create)}",
        includes=("includes/field.html", "pmp/raid/_pages.html"),
    )
    return render(request, "pmp/raid/log.html", context)


def _log(request: HttpRequest, program: Program, *, can_create: bool) -> dict[str, Any]:
    filterset = filtered(request, program)
    page, query = _page(request, filterset.qs)
    today = timezone.localdate()
    scheme = scheme_for(program)
    return {
        "program": program,
        "page": page,
        "rows": [
            (
                item,
                selectors.overdue_text(item, today),
                scheme.band(*selectors.rating(item, scheme, filterset.rating)[:2]),
            )
            for item in page.object_list
        ],
        "filter_form": filterset.form,
        "filtered": any(v for k, v in request.GET.items() if k != "page"),
        "query": query,
        "rating": filterset.rating,
        "can_create": can_create,
        "kinds": RaidKind.choices,
    }


@login_required
@require_GET
def heat_map(request: HttpRequest, code: str) -> HttpResponse:
    """The 5 x 5 grid of the open risks (or those the filters name), before or after their
    response; each cell's count links to the list of its risks."""
    program = get_program(request, code)
    forced: dict[str, str] = {"kind": RaidKind.RISK}
    if "status" not in request.GET:
        forced["status"] = "open"
    filterset = filtered(request, program, **forced)
    scheme = scheme_for(program)
    position = filterset.rating
    grid = selectors.heat_map(filterset.qs, scheme, position)
    base = request.GET.copy()
    base.update(forced)
    base["position"] = position
    for key in ("probability", "impact", "page"):
        base.pop(key, None)
    context = program_context(request, program, SECTION, *crumbs(program, ("Heat map", "")))
    context |= {
        "grid": [
            (scheme.probability_labels[row[0].probability - 1], row[0].probability, row)
            for row in grid
        ],
        "impact_labels": list(enumerate(scheme.impact_labels, 1)),
        "position": position,
        "position_label": ScorePosition(position).label,
        "positions": ScorePosition.choices,
        "cell_query": base.urlencode(),
        "other_query": _other_position(base, position),
        "total": sum(cell.count for row in grid for cell in row),
        "unrated": filterset.qs.filter(**{f"{position}_score__isnull": True}).count(),
        "scheme": scheme,
        "can_set_scheme": may_set_scheme(request.user, program),
        "filter_form": filterset.form,
        "trend": selectors.exposure_trend(program),
    }
    context["trend_json"] = json.dumps(selectors.as_dict(context["trend"]))
    return render(request, "pmp/raid/heat_map.html", context)


def _other_position(base: Any, position: str) -> str:
    other = base.copy()
    other["position"] = (
        ScorePosition.INHERENT if position == ScorePosition.RESIDUAL else ScorePosition.RESIDUAL
    )
    return str(other.urlencode())


@login_required
@require_GET
def action_items(request: HttpRequest, code: str) -> HttpResponse:
    """The consolidated action-item list of both parties, overdue ones flagged in words."""
    program = get_program(request, code)
    filterset = filtered(request, program, kind=RaidKind.ACTION)
    rows = selectors.action_items(filterset.qs)
    page, query = _page(request, rows)
    today = timezone.localdate()
    context = program_context(request, program, SECTION, *crumbs(program, ("Action items", "")))
    context |= {
        "page": page,
        "rows": [(item, selectors.overdue_text(item, today)) for item in page.object_list],
        "filter_form": filterset.form,
        "query": query,
        "filtered": any(v for k, v in request.GET.items() if k != "page"),
    }
    return render(request, "pmp/raid/action_items.html", context)


def _export_rows(request: HttpRequest, program: Program) -> tuple[list[RaidItem], str]:
    filterset = filtered(request, program)
    return list(filterset.qs.order_by("kind", "number")), filters_described(filterset)


@login_required
@require_GET
@conditional_get
def export_xlsx(request: HttpRequest, code: str) -> HttpResponse:
    program = get_program(request, code)
    rows, _ = _export_rows(request, program)
    return dated_download(exports.raid_xlsx(program, rows), XLSX, program, "raid-log", "xlsx")


@login_required
@require_GET
@conditional_get
def export_pdf(request: HttpRequest, code: str) -> HttpResponse:
    program = get_program(request, code)
    rows, described = _export_rows(request, program)
    body = exports.raid_pdf(
        program, rows, filters_text=described, generated_by=person_name(request.user)
    )
    return dated_download(body, "application/pdf", program, "raid-log", "pdf")
