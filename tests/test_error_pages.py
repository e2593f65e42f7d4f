"""The portal's own error pages for browsers, whatever DEBUG says: the site's header and
footer, the program's navigation on a 404 under a program the person may view, and a 500 page
that tells nothing of what failed. API clients keep JSON (tests/api/test_errors.py)."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.http import HttpRequest, HttpResponse
from django.test import Client
from django.urls import path

from pmo_portal.urls import urlpatterns as portal_urlpatterns

from .conftest import World

BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
SECRET = "the database password is hunter2"
PORTAL_HEADER = '<em class="usa-logo__text"><a href="/" title="PMO Portal home">PMO Portal</a>'
FOOTER = '<footer class="usa-footer usa-footer--slim">'
PROGRAM_NAV = '<nav aria-label="Program alpha">'


def fail(request: HttpRequest) -> HttpResponse:
    raise RuntimeError(SECRET)


def refuse(request: HttpRequest) -> HttpResponse:
    raise PermissionDenied(SECRET)


def suspicious(request: HttpRequest) -> HttpResponse:
    raise SuspiciousOperation(SECRET)


# A URLconf with pages that fail, and the portal's error handlers.
urlpatterns = [
    path("failing-page/", fail),
    path("refused-page/", refuse),
    path("suspicious-page/", suspicious),
    *portal_urlpatterns,
]
handler400 = "pmo_portal.api.bad_request"
handler403 = "pmo_portal.api.permission_denied"
handler404 = "pmo_portal.api.page_not_found"
handler500 = "pmo_portal.api.server_error"


@pytest.mark.parametrize("debug", [False, True])
@pytest.mark.parametrize(
    "missing",
    ["/programs/no-such-program/", "/programs/no-such-program/charter/", "/no-such-page/"],
)
def test_a_missing_page_is_the_portals_404(
    world: World, settings: Any, debug: bool, missing: str
) -> None:
    settings.DEBUG = debug
    response = world.client("customer.viewer").get(missing, HTTP_ACCEPT=BROWSER)
    assert response.status_code == 404
    body = response.content.decode()
    assert "<h1>Page not found</h1>" in body
    assert PORTAL_HEADER in body and FOOTER in body
    assert "DEBUG = True" not in body and "URLconf" not in body
    assert "Program alpha" not in body  # no program navigation outside a program


@pytest.mark.parametrize("debug", [False, True])
def test_a_404_under_a_program_shows_its_navigation_to_members_only(
    world: World, settings: Any, debug: bool
) -> None:
    settings.DEBUG = debug
    for missing in ("/programs/alpha/no-such-page/", "/programs/alpha/members/999999/edit/"):
        response = world.client("customer.viewer").get(missing, HTTP_ACCEPT=BROWSER)
        assert response.status_code == 404
        body = response.content.decode()
        assert "<h1>Page not found</h1>" in body and PORTAL_HEADER in body
        assert PROGRAM_NAV in body and 'href="/programs/alpha/members/"' in body
        # Someone else is told no more than about a program that does not exist.
        response = world.client("outsider").get(missing, HTTP_ACCEPT=BROWSER)
        assert response.status_code == 404
        body = response.content.decode()
        assert "<h1>Page not found</h1>" in body
        assert PROGRAM_NAV not in body and "Program Alpha" not in body


def test_a_404_keeps_json_for_api_clients_in_debug(world: World, settings: Any) -> None:
    settings.DEBUG = True
    client = world.client("customer.viewer")
    response = client.get("/programs/no-such-program/", HTTP_ACCEPT="application/json")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_a_missing_path_without_a_slash_is_still_redirected(world: World, settings: Any) -> None:
    settings.DEBUG = True
    response = world.client("customer.viewer").get("/programs/alpha", HTTP_ACCEPT=BROWSER)
    assert (response.status_code, response["Location"]) == (301, "/programs/alpha/")


@pytest.mark.urls("tests.test_error_pages")
def test_an_unhandled_exception_is_the_portals_500_page(world: World, settings: Any) -> None:
    settings.DEBUG = False
    client = Client(raise_request_exception=False)
    client.force_login(world.user("customer.program_manager"))
    response = client.get("/failing-page/", HTTP_ACCEPT=BROWSER)
    assert response.status_code == 500
    body = response.content.decode()
    assert "<h1>Something went wrong</h1>" in body
    assert PORTAL_HEADER in body and FOOTER in body
    assert SECRET not in body and "Traceback" not in body and "RuntimeError" not in body


@pytest.mark.urls("tests.test_error_pages")
@pytest.mark.parametrize(
    ("path", "status", "heading"),
    [
        ("/refused-page/", 403, "You can\u2019t do this here"),
        ("/suspicious-page/", 400, "The portal could not read this request"),
    ],
)
def test_a_refused_or_unreadable_request_is_the_portals_page(
    world: World, settings: Any, path: str, status: int, heading: str
) -> None:
    settings.DEBUG = False
    response = world.client("customer.viewer").get(path, HTTP_ACCEPT=BROWSER)
    assert response.status_code == status
    body = response.content.decode()
    assert f"<h1>{heading}</h1>" in body
    assert PORTAL_HEADER in body and FOOTER in body and SECRET not in body
