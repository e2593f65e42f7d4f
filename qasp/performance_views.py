"""Pages of the QASP's performance: the scorecard of every standard by month (a window of
twelve months with previous and next), a standard's trend against its AQL, and the open
corrective action requests by age. Every member of the program reads them (a 404 for anyone
else)."""

from __future__ import annotations

from datetime import date

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from programs import limits, policy
from programs.models import Program
from programs.views.layout import get_program, program_context

from . import car_ageing, scorecard

SECTION = "qasp"
#: The months a scorecard shows at once (36 columns do not fit a page).
WINDOW = 12


def _crumbs(program: Program, *tail: tuple[str, str]) -> tuple[tuple[str, str], ...]:
    url = reverse("qasp:performance:scorecard", kwargs={"code": program.code})
    return (("QASP scorecard", url if tail else ""), *tail)


def _month(text: str | None) -> date | None:
    try:
        return date.fromisoformat(f"{text}-01") if text else None
    except ValueError:
        return None


@login_required
@require_GET
def scorecard_page(request: HttpRequest, code: str) -> HttpResponse:
    program = get_program(request, code)
    card = scorecard.scorecard(program, start=_month(request.GET.get("from")), size=WINDOW)
    shown, index = card.shown, card.index
    earlier = card.months[max(0, index - WINDOW)] if index > 0 else None
    later = card.months[index + WINDOW] if index + WINDOW < len(card.months) else None
    context = program_context(request, program, SECTION, *_crumbs(program))
    context |= {
        "card": card,
        "shown": shown,
        "rows": [(row, row.cells(shown)) for row in card.rows],
        "earlier": earlier,
        "later": later,
        "today": limits.today(),
    }
    return render(request, "qasp/performance_scorecard.html", context)


@login_required
@require_GET
def trend_page(request: HttpRequest, code: str, standard: str) -> HttpResponse:
    program = get_program(request, code)
    found = scorecard.standard_named(program, standard)
    if found is None:
        raise Http404
    context = program_context(
        request, program, SECTION, *_crumbs(program, (f"{standard} trend", ""))
    )
    context["trend"] = scorecard.trend(program, *found)
    return render(request, "qasp/performance_trend.html", context)


@login_required
@require_GET
def cars_by_age(request: HttpRequest, code: str) -> HttpResponse:
    program = get_program(request, code)
    cars = policy.restrict(car_ageing.open_cars_query(program), request.user, "view")
    context = program_context(
        request, program, SECTION, *_crumbs(program, ("Open corrective action requests", ""))
    )
    context["buckets"] = car_ageing.open_cars_by_age(program, cars)
    return render(request, "qasp/performance_cars.html", context)
