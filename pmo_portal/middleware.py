"""Middleware of the portal as a whole."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse

from .api import page_not_found


class NotFoundPageMiddleware:
    """The portal's 404 page (or JSON for API clients) in development too. With DEBUG on,
    Django answers a 404 with its technical page, handler404 aside: here a view's Http404
    and a path no URL matches (the request was never resolved) get what production answers.
    A 500 keeps Django's technical page in development, for the traceback developers need;
    production shows the portal's 500 page."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            settings.DEBUG
            and response.status_code == 404
            and getattr(request, "resolver_match", None) is None
        ):
            return page_not_found(request, Http404())
        return response

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if settings.DEBUG and isinstance(exception, Http404):
            return page_not_found(request, exception)
        return None
