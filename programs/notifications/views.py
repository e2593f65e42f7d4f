"""The person's notifications (the bell): list, mark one or all read. Another person's
notification is not found (404), and nothing changes."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from ..views.layout import acting_user
from .selectors import notification_get, notifications_for, unread_count
from .services import notification_mark_read, notifications_mark_all_read

PAGE_SIZE = 50


@login_required
@require_GET
def notification_list(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    rows = notifications_for(user=user)
    if request.GET.get("unread"):
        rows = rows.filter(read_at__isnull=True)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "programs/notifications/list.html",
        {
            "page_obj": page,
            "notifications": page.object_list,
            "unread": unread_count(user=user),
            "only_unread": bool(request.GET.get("unread")),
            "crumbs": [("Notifications", "")],
        },
    )


@login_required
@require_POST
def notification_read(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark it read and, with ``open``, go to what it is about."""
    user = acting_user(request)
    notification = notification_get(user=user, pk=pk)
    if notification is None:
        raise Http404("No such notification.")
    notification_mark_read(acting_user=user, notification=notification)
    link = notification.link
    if request.POST.get("open") and link and url_has_allowed_host_and_scheme(link, None):
        return redirect(link)
    return redirect("notifications:list")


@login_required
@require_POST
def notification_read_all(request: HttpRequest) -> HttpResponse:
    count = notifications_mark_all_read(acting_user=acting_user(request))
    messages.success(request, f"{count} notification{'s' if count != 1 else ''} marked read.")
    return redirect("notifications:list")
