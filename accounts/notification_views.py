"""The person's notification and digest preferences, under their account."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from programs.errors import DomainError
from programs.notifications.selectors import digest_frequency, preferences_for
from programs.notifications.services import notification_preferences_set
from programs.views.layout import acting_user

from .notification_forms import NotificationPreferencesForm


@login_required
@require_http_methods(["GET", "POST"])
def notification_preferences(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    kinds = preferences_for(user)
    initial = {"digest": digest_frequency(user)}
    if request.method == "POST":
        form = NotificationPreferencesForm(request.POST, kinds=kinds, initial=initial)
        if form.is_valid():
            try:
                notification_preferences_set(
                    acting_user=user,
                    digest=form.cleaned_data["digest"],
                    deliveries=form.deliveries(),
                )
            except DomainError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, "Your notification and digest settings are saved.")
                return redirect("accounts:notification-preferences")
    else:
        form = NotificationPreferencesForm(kinds=kinds, initial=initial)
    return render(
        request,
        "accounts/notification_preferences.html",
        {"form": form, "crumbs": [("Notification settings", "")]},
    )
