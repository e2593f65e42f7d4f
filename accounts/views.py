"""A person's own account: their API tokens and their password."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.views.decorators.http import require_http_methods
from knox.settings import knox_settings

from . import selectors, services
from .forms import ApiTokenForm, PortalPasswordChangeForm


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


@login_required
@require_http_methods(["GET", "POST"])
def api_tokens(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    form = ApiTokenForm(request.POST or None)
    created = secret = None
    if request.method == "POST" and form.is_valid():
        created, secret = services.api_token_create(
            acting_user=user, name=form.cleaned_data["name"]
        )
        form = ApiTokenForm()
    # The secret is rendered into this one response and kept nowhere: no redirect, no message.
    return render(
        request,
        "accounts/api_tokens.html",
        {
            "tokens": selectors.api_tokens_of(user=user),
            "form": form,
            "created": created,
            "secret": secret,
            "ttl_days": knox_settings.TOKEN_TTL.days if knox_settings.TOKEN_TTL else None,
        },
        status=201 if created else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def api_token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    token = get_object_or_404(selectors.api_tokens_of(user=user), pk=pk)
    if request.method == "POST":
        name = token.name
        services.api_token_revoke(acting_user=user, token=token)
        messages.success(request, f"API token “{name}” revoked: requests sending it are refused.")
        return redirect("accounts:api-tokens")
    return render(request, "accounts/api_token_revoke.html", {"token": token})


class PasswordChangeView(auth_views.PasswordChangeView):
    form_class = PortalPasswordChangeForm
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:password-change")

    def form_valid(self, form: PortalPasswordChangeForm) -> HttpResponse:  # type: ignore[override]
        # The row itself: request.user is a lazy stand-in, no model to audit.
        user = User.objects.get(pk=_user(self.request).pk)
        revoked = services.user_password_change(
            acting_user=user, new_password=form.cleaned_data["new_password1"]
        )
        # This session stays signed in; every other one of this person ends.
        update_session_auth_hash(self.request, user)
        done = "Your password was changed and your other sessions were signed out"
        if revoked:
            done += f"; your {revoked} API token{'s' if revoked != 1 else ''} revoked"
        messages.success(self.request, f"{done}.")
        return HttpResponseRedirect(self.get_success_url())
