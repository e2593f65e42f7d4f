"""The My work page: what waits on the signed-in person, grouped by kind, with links to act."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from programs.views.layout import acting_user

from .selectors import my_work_for


@login_required
@require_GET
def my_work(request: HttpRequest) -> HttpResponse:
    work = my_work_for(user=acting_user(request))
    return render(
        request,
        "reports/my_work/page.html",
        {"work": work, "crumbs": [("My work", "")]},
    )


@login_required
@require_GET
def nav_counts(request: HttpRequest) -> HttpResponse:
    """The top navigation's My work and Notifications links with their counts: fetched by
    every page after it loads, so pages spend no query on them (both counts are kept a
    minute per person)."""
    from programs.notifications.selectors import unread_count_kept

    from .selectors import my_work_counts

    user = acting_user(request)
    return render(
        request,
        "reports/my_work/nav.html",
        {"counts": my_work_counts(user=user), "unread": unread_count_kept(user=user)},
    )
