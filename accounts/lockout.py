"""What a client locked out by django-axes sees (``AXES_LOCKOUT_CALLABLE``), and the client
address axes counts failures by (``AXES_CLIENT_IP_CALLABLE``)."""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

from axes.helpers import get_client_username, get_cool_off
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from programs.errors import ErrorCode

logger = logging.getLogger("pmo_portal.security")


def describe_duration(delta: timedelta) -> str:
    minutes = max(1, round(delta.total_seconds() / 60))
    if minutes % 60 == 0:
        hours = minutes // 60
        return f"{hours} hour{'s' if hours != 1 else ''}"
    return f"{minutes} minute{'s' if minutes != 1 else ''}"


def _account_is_locked(username: str | None) -> bool:
    if not username:
        return False
    failures = AccessAttempt.objects.filter(username=username).aggregate(
        n=Sum("failures_since_start")
    )["n"]
    return (failures or 0) >= settings.AXES_FAILURE_LIMIT


def lockout_message(request: HttpRequest, credentials: dict[str, Any] | None = None) -> str:
    username = get_client_username(request, credentials)
    whose = "for this account" if _account_is_locked(username) else "from this address"
    cool_off = get_cool_off(request)
    wait = f"try again in {describe_duration(cool_off)}" if cool_off else "ask an administrator"
    return f"Too many failed sign-in attempts {whose}; {wait}."


def lockout_response(
    request: HttpRequest,
    original_response: HttpResponse | None = None,
    credentials: dict[str, Any] | None = None,
) -> HttpResponse:
    """The API answers in its error format (code ``login_locked``); pages show the portal's
    lockout page. Either way 429 with Retry-After when the lock lifts by itself."""
    message = lockout_message(request, credentials)
    cool_off = get_cool_off(request)
    logger.info(
        "sign-in locked: username=%r address=%s path=%s",
        get_client_username(request, credentials),
        getattr(request, "axes_ip_address", None),
        request.path,
    )
    response: HttpResponse
    if request.path.startswith("/api/"):
        response = JsonResponse({"code": ErrorCode.LOGIN_LOCKED, "detail": message}, status=429)
    else:
        response = render(
            request,
            "accounts/lockout.html",
            {"message": message, "cool_off": cool_off},
            status=429,
        )
    if cool_off:
        response["Retry-After"] = str(int(cool_off.total_seconds()))
    return response


def client_ip(request: HttpRequest) -> str | None:
    """The address of the client: REMOTE_ADDR, or with ``PROXY_COUNT`` trusted proxies in
    front (``DJANGO_TRUSTED_PROXY_COUNT``), the address the outermost of them saw, taken from
    the right of X-Forwarded-For. Leftward entries are whatever the client sent, so trusting
    them would let an attacker pick a new address for every guess."""
    count: int = settings.PMO_TRUSTED_PROXY_COUNT
    if count > 0:
        forwarded = [
            a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if a.strip()
        ]
        if len(forwarded) >= count:
            return forwarded[-count]
    return request.META.get("REMOTE_ADDR")
