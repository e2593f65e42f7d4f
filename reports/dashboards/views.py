"""Pages of the dashboards: a program's (every member, a 404 for anyone else), printable and
as a PDF, and the portfolio of every program the person reads, filtered and sorted by its
query parameters, and as an Excel workbook."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET

from programs import limits
from programs.choices import M3Phase
from programs.conditional import kept_page
from programs.errors import DomainError
from programs.forms import apply_uswds
from programs.views.layout import acting_user, get_program, program_context

from ..services.portfolio_viewers import portfolio_viewer_set
from . import exports, portfolio
from .portfolio_viewers import portfolio_viewers as viewer_list
from .program import dashboard_for, dashboard_html_for

SECTION = "dashboard"


@login_required
@require_GET
@kept_page
def program_dashboard(request: HttpRequest, code: str) -> HttpResponse:
    """The dashboard is what executives open most: between writes to the program its
    figures and their HTML are kept (``program.dashboard_html_for``), and so is the page."""
    program = get_program(request, code)
    context = program_context(request, program, SECTION, ("Dashboard", ""))
    context["body"] = mark_safe(dashboard_html_for(program, user=request.user))
    return render(request, "reports/dashboard/program.html", context)


@login_required
@require_GET
def program_dashboard_pdf(request: HttpRequest, code: str) -> HttpResponse:
    program = get_program(request, code)
    data = dashboard_for(program, user=request.user)
    body = exports.program_pdf(program, data, generated_by=acting_user(request).get_username())
    return exports.download(body, "application/pdf", f"{program.code}-dashboard", "pdf")


@login_required
@require_GET
def portfolio_page(request: HttpRequest) -> HttpResponse:
    query = portfolio.Query.from_params(request.GET)
    view = portfolio.portfolio_for(acting_user(request), query=query)
    return render(
        request,
        "reports/dashboard/portfolio.html",
        {
            "view": view,
            "query": query,
            "today": limits.today(),
            "phases": [(str(v), label) for v, label in M3Phase.choices],
            "statuses": list(portfolio.STATUS_FILTERS.items()),
            "columns": [
                (key, label, query.sort_link(key), _aria_sort(query, key))
                for key, label in portfolio.SORTS.items()
            ],
            "export_query": query.params(),
            "may_grant": acting_user(request).is_superuser,
        },
    )


def _aria_sort(query: portfolio.Query, key: str) -> str:
    if query.sort != key:
        return ""
    return "descending" if query.descending else "ascending"


@login_required
@require_GET
def portfolio_xlsx(request: HttpRequest) -> HttpResponse:
    query = portfolio.Query.from_params(request.GET)
    view = portfolio.portfolio_for(acting_user(request), query=query)
    return exports.download(exports.portfolio_xlsx(view), exports.XLSX, "portfolio", "xlsx")


class ViewerForm(forms.Form):
    username = forms.CharField(label="Username", max_length=150)
    viewer = forms.TypedChoiceField(
        label="Portfolio viewer",
        choices=[("1", "Grant: reads the portfolio of every program"), ("0", "Take back")],
        coerce=lambda v: v == "1",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        apply_uswds(self)


@login_required
def portfolio_viewers(request: HttpRequest) -> HttpResponse:
    """Portal administrators grant and take back the portfolio viewer flag; a 404 for
    everyone else."""
    user = acting_user(request)
    if not (user.is_active and user.is_superuser):
        raise Http404("No such page.")
    status = 200
    if request.method == "POST":
        form = ViewerForm(request.POST)
        if form.is_valid():
            try:
                portfolio_viewer_set(
                    acting_user=user,
                    username=form.cleaned_data["username"],
                    viewer=form.cleaned_data["viewer"],
                )
            except DomainError as error:
                form.add_error("username" if error.field == "username" else None, error.message)
            else:
                return redirect("reports_portfolio_dashboard:viewers")
        status = 400
    else:
        form = ViewerForm()
    return render(
        request,
        "reports/dashboard/viewers.html",
        {"form": form, "viewers": viewer_list()},
        status=status,
    )
