"""Repeated failed sign-ins lock the account and the address, at the login page and at the
token endpoint alike; the lock is kept in the database and lifts after the cool-off or by an
administrator."""

from __future__ import annotations

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.core.management import call_command
from django.test import Client, RequestFactory
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.lockout import client_ip
from accounts.models import ApiToken

from ..conftest import World

VIEWER = "customer.viewer"
LOGIN = "/accounts/login/"
TOKEN = "/api/auth/token/"
ACCOUNT_LOCKED = "Too many failed sign-in attempts for this account; try again in 15 minutes."
ADDRESS_LOCKED = "Too many failed sign-in attempts from this address; try again in 15 minutes."


def _log_in(client: Client, username: str, password: str, address: str = "127.0.0.1") -> int:
    response = client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address)
    return response.status_code


def _signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def test_the_defaults_are_ten_failures_and_fifteen_minutes() -> None:
    assert settings.AXES_FAILURE_LIMIT == 10
    assert timedelta(minutes=15) == settings.AXES_COOLOFF_TIME


def test_thirty_wrong_passwords_lock_the_login_page(world: World, password: str) -> None:
    client = Client()
    statuses = [_log_in(client, VIEWER, f"guess-{n}") for n in range(30)]
    assert statuses[:9] == [200] * 9  # the form again, with its error
    assert set(statuses[9:]) == {429}

    response = client.post(LOGIN, {"username": VIEWER, "password": password})
    assert response.status_code == 429
    assert not _signed_in(client)
    assert response["Retry-After"] == "900"
    page = response.content.decode()
    assert ACCOUNT_LOCKED in page
    assert "<h1>Sign-in locked for now</h1>" in page
    assert 'role="alert"' in page


def test_thirty_wrong_passwords_lock_the_token_endpoint(world: World, password: str) -> None:
    client = APIClient()
    for n in range(30):
        client.post(TOKEN, {"username": VIEWER, "password": f"guess-{n}"}, format="json")

    response = client.post(TOKEN, {"username": VIEWER, "password": password}, format="json")
    assert response.status_code == 429
    assert response.json() == {"code": "login_locked", "detail": ACCOUNT_LOCKED}
    assert response["Retry-After"] == "900"
    assert not ApiToken.objects.exists()


def test_the_lock_is_shared_by_the_login_page_and_the_token_endpoint(
    world: World, password: str
) -> None:
    client = Client()
    for n in range(10):
        _log_in(client, VIEWER, f"guess-{n}")
    response = APIClient().post(TOKEN, {"username": VIEWER, "password": password}, format="json")
    assert response.status_code == 429
    assert response.json()["code"] == "login_locked"


def test_an_account_is_locked_whatever_the_address(world: World, password: str) -> None:
    """Guessing one account's password from many addresses."""
    for n in range(10):
        assert _log_in(Client(), VIEWER, "wrong", address=f"10.0.0.{n + 1}") in (200, 429)
    client = Client()
    response = client.post(
        LOGIN, {"username": VIEWER, "password": password}, REMOTE_ADDR="10.9.9.9"
    )
    assert response.status_code == 429
    assert ACCOUNT_LOCKED in response.content.decode()
    assert not _signed_in(client)
    # Someone else, from an address that made no failure, signs in as usual.
    other = Client()
    assert _log_in(other, "customer.pmo_lead", password, address="10.9.9.9") == 302
    assert _signed_in(other)


def test_an_address_is_locked_whatever_the_usernames(world: World, password: str) -> None:
    """Password spraying: one guess at each of many accounts from one address."""
    names = list(world.users)[:10]
    for name in names:
        _log_in(Client(), name, "Winter2026!", address="192.0.2.7")

    client = Client()
    response = client.post(
        LOGIN, {"username": "provider.viewer", "password": password}, REMOTE_ADDR="192.0.2.7"
    )
    assert response.status_code == 429
    assert ADDRESS_LOCKED in response.content.decode()
    assert not _signed_in(client)
    api = APIClient(REMOTE_ADDR="192.0.2.7")
    locked = api.post(TOKEN, {"username": "provider.viewer", "password": password})
    assert locked.status_code == 429
    assert locked.json() == {"code": "login_locked", "detail": ADDRESS_LOCKED}
    # The accounts themselves are not locked: from another address they sign in.
    assert _log_in(Client(), names[0], password, address="198.51.100.1") == 302


def test_the_lock_is_kept_in_the_database(world: World, password: str) -> None:
    """What a restarted server (or another web process) knows: only the database."""
    for n in range(10):
        _log_in(Client(), VIEWER, f"guess-{n}")
    attempts = AccessAttempt.objects.filter(username=VIEWER)
    assert sum(a.failures_since_start for a in attempts) >= 10

    from django.core.cache import cache

    cache.clear()
    assert _log_in(Client(), VIEWER, password) == 429


def test_the_lock_lifts_after_the_cool_off(world: World, password: str) -> None:
    for n in range(10):
        _log_in(Client(), VIEWER, f"guess-{n}")
    assert _log_in(Client(), VIEWER, password) == 429

    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))
    client = Client()
    assert _log_in(client, VIEWER, password) == 302
    assert _signed_in(client)


def test_an_administrator_lifts_the_lock(world: World, password: str) -> None:
    for n in range(10):
        _log_in(Client(), VIEWER, f"guess-{n}")
    assert _log_in(Client(), VIEWER, password) == 429

    call_command("axes_reset_username", VIEWER)
    assert _log_in(Client(), VIEWER, password) == 302


def test_a_few_mistakes_do_not_lock(world: World, password: str) -> None:
    client = Client()
    for n in range(9):
        assert _log_in(client, VIEWER, f"typo-{n}") == 200
    assert _log_in(client, VIEWER, password) == 302


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, "203.0.113.9", "10.0.0.1"),  # no proxy trusted: the header is the client's word
        (1, "203.0.113.9", "203.0.113.9"),
        (1, "6.6.6.6, 203.0.113.9", "203.0.113.9"),  # a forged left-hand entry is ignored
        (2, "6.6.6.6, 203.0.113.9, 10.0.0.2", "203.0.113.9"),
        (1, "", "10.0.0.1"),
    ],
)
def test_the_client_address_behind_trusted_proxies(
    settings: object, proxies: int, forwarded: str, expected: str
) -> None:
    settings.PMO_TRUSTED_PROXY_COUNT = proxies  # type: ignore[attr-defined]
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip(request) == expected
