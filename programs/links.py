"""The address that links in emails point to.

``PORTAL_BASE_URL`` wins when it is set (production sets it: the address people reach the
portal at, behind its proxy). Otherwise a link points where the request that queued the email
was served: the host and port the person used, so a development server on another port sends
working links. Without either (a management command), the development server's address.

The request's address is read when the email is queued, inside the request, and passed to the
Celery task as a plain string: a worker has no request.
"""

from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar

from django.conf import settings
from django.http import HttpRequest, HttpResponse

DEVELOPMENT_BASE_URL = "http://127.0.0.1:8000"

_current_request: ContextVar[HttpRequest | None] = ContextVar("current_request", default=None)


class RequestBaseUrlMiddleware:
    """Keeps the request being served within reach of ``request_base_url``."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = _current_request.set(request)
        try:
            return self.get_response(request)
        finally:
            _current_request.reset(token)


def request_base_url() -> str:
    """The scheme, host and port of the request being served, or "" outside a request."""
    request = _current_request.get()
    if request is None:
        return ""
    return request.build_absolute_uri("/").rstrip("/")


def portal_url(path: str, *, request_base: str = "") -> str:
    """An absolute link to ``path``: PORTAL_BASE_URL when set, else ``request_base`` (as
    ``request_base_url`` gave it when the email was queued), else the development server."""
    base = settings.PORTAL_BASE_URL or request_base or DEVELOPMENT_BASE_URL
    return base.rstrip("/") + path
