"""Errors nothing in a view handled: an API client gets them in the API's format (a code and a
detail, never a traceback), a browser the usual page."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from accounts.models import ApiToken
from programs.api.views import ProgramViewSet

from ..conftest import World

SECRET = "the database password is hunter2"


@pytest.fixture
def failing_program_list(monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError(SECRET)

    monkeypatch.setattr(ProgramViewSet, "list", fail)


def token_client(world: World) -> Client:
    _, secret = ApiToken.objects.create(user=world.user("customer.program_manager"), name="t")
    return Client(raise_request_exception=False, HTTP_AUTHORIZATION=f"Token {secret}")


@pytest.mark.usefixtures("failing_program_list")
@pytest.mark.parametrize("accept", ["application/json", "text/html", "*/*"])
def test_an_unhandled_exception_in_the_api_is_a_json_500(world: World, accept: str) -> None:
    response = token_client(world).get("/api/programs/", HTTP_ACCEPT=accept)
    assert response.status_code == 500
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert body["code"] == "server_error"
    assert body["detail"]
    assert SECRET not in response.content.decode()
    assert "Traceback" not in response.content.decode()


@pytest.mark.parametrize("accept", ["application/json", "text/html", ""])
@pytest.mark.parametrize("debug", [False, True])
def test_an_unknown_api_path_is_a_json_404(
    world: World, settings: Any, accept: str, debug: bool
) -> None:
    """In development too, where Django would otherwise show its debug page."""
    settings.DEBUG = debug
    for path in ("/api/no-such-thing/", "/api/programs/alpha/no-such-thing/x.json"):
        response = token_client(world).get(path, HTTP_ACCEPT=accept)
        assert response.status_code == 404
        assert response.json() == {"code": "not_found", "detail": "Not found."}
    # A signed-in browser's POST without a CSRF token: told the path is wrong.
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.user("customer.viewer"))
    response = client.post("/api/no-such-thing/", {"x": "1"})
    assert (response.status_code, response.json()["code"]) == (404, "not_found")


def test_a_client_asking_for_json_gets_a_json_404_outside_the_api(world: World) -> None:
    client = world.client("customer.program_manager")
    response = client.get("/programs/no-such-program/", HTTP_ACCEPT="application/json")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_a_browser_gets_the_usual_pages(world: World) -> None:
    client = world.client("customer.program_manager")
    browser_accept = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    response = client.get("/programs/no-such-program/", HTTP_ACCEPT=browser_accept)
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")
    response = client.get("/api/docs/", HTTP_ACCEPT=browser_accept)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")


def test_an_unhandled_exception_on_a_page_is_the_usual_500(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    from programs.views import workspace

    def fail(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError(SECRET)

    monkeypatch.setattr(workspace.selectors, "program_list_for", fail)
    client = Client(raise_request_exception=False)
    client.force_login(world.user("customer.program_manager"))
    response = client.get("/programs/", HTTP_ACCEPT="text/html")
    assert response.status_code == 500
    assert response["Content-Type"].startswith("text/html")
    assert SECRET not in response.content.decode()
    response = client.get("/programs/", HTTP_ACCEPT="application/json")
    assert response.status_code == 500
    assert response.json()["code"] == "server_error"
