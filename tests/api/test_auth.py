"""Logging in to the API: a token from username and password; nothing without one."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from ..conftest import World
from .conftest import assert_error, program_url


def test_token_from_username_and_password_opens_the_api(world: World, password: str) -> None:
    client = APIClient()
    response = client.post(
        "/api/auth/token/", {"username": "customer.viewer", "password": password}, format="json"
    )
    assert response.status_code == 200
    token = response.json()["token"]

    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    programs = client.get("/api/programs/")
    assert programs.status_code == 200
    assert [p["code"] for p in programs.json()["results"]] == ["alpha"]
    # Asking again gives a second token (only hashes are kept, so no secret can be resent);
    # both work until they expire or are revoked.
    again = APIClient().post(
        "/api/auth/token/",
        {"username": "customer.viewer", "password": password, "name": "nightly sync"},
        format="json",
    )
    assert again.status_code == 200
    assert again.json()["token"] != token
    assert again.json()["name"] == "nightly sync"
    assert again.json()["expiry"]
    second = APIClient()
    second.credentials(HTTP_AUTHORIZATION=f"Token {again.json()['token']}")
    assert second.get("/api/programs/").status_code == 200
    assert client.get("/api/programs/").status_code == 200


def test_wrong_password_gets_no_token(world: World) -> None:
    response = APIClient().post(
        "/api/auth/token/", {"username": "customer.viewer", "password": "nope"}, format="json"
    )
    body = assert_error(response, 400, "invalid", field="non_field_errors")
    assert "token" not in body


def test_token_request_without_password_names_the_field(world: World) -> None:
    response = APIClient().post("/api/auth/token/", {"username": "x"}, format="json")
    assert_error(response, 400, "invalid", field="password")


@pytest.mark.parametrize(
    "path",
    [
        "/api/programs/",
        program_url(),
        program_url("members/"),
        program_url("activities/"),
        program_url("glossary/"),
        program_url("audit-events/"),
        "/api/programs/alpha/charter/",
        "/api/programs/alpha/charter/versions/1/",
    ],
)
def test_anonymous_request_is_not_authenticated(world: World, path: str) -> None:
    response = APIClient().get(path)
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    assert_error(response, response.status_code, "not_authenticated")


def test_a_made_up_token_is_refused(world: World) -> None:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token 0123456789abcdef0123456789abcdef01234567")
    response = client.get("/api/programs/")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    assert_error(response, response.status_code, "not_authenticated")


def test_session_login_works_too(world: World) -> None:
    client = APIClient()
    client.force_login(world.user("provider.pmo_team"))
    assert client.get(program_url()).status_code == 200
