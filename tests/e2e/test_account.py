"""A person's own account in a real browser, each page checked by axe-core: API tokens
(created, shown once, revoked), the password change, and the sign-in lockout page."""

from __future__ import annotations

from typing import Any

from rest_framework.test import APIClient

from accounts.models import ApiToken

from ..conftest import World
from .conftest import assert_accessible, log_in

VIEWER = "customer.viewer"


def test_tokens_are_created_shown_once_and_revoked(page: Any, world: World, password: str) -> None:
    log_in(page, VIEWER, password)
    page.get_by_role("link", name="API tokens").click()
    page.wait_for_url("**/accounts/tokens/")
    assert_accessible(page, "api-tokens-empty")

    page.get_by_label("Name").fill("monthly report script")
    page.get_by_role("button", name="Create token").click()
    page.get_by_role("heading", name="Token “monthly report script” created").wait_for()
    secret = page.get_by_label("Your new token").input_value()
    assert_accessible(page, "api-tokens-created")
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {secret}")
    assert api.get("/api/programs/").status_code == 200

    page.get_by_role("link", name="API tokens").click()
    assert secret not in page.content()
    page.get_by_role("link", name="Revoke monthly report script").click()
    assert_accessible(page, "api-token-revoke")
    page.get_by_role("button", name="Revoke token").click()
    page.wait_for_url("**/accounts/tokens/")
    assert "You have no API tokens." in page.content()
    assert not ApiToken.objects.exists()


def test_the_password_is_changed_from_the_user_menu(page: Any, world: World, password: str) -> None:
    log_in(page, VIEWER, password)
    page.get_by_role("link", name="Change password").click()
    page.wait_for_url("**/accounts/password/")
    assert_accessible(page, "password-change")
    page.get_by_label("Old password").fill(password)
    page.get_by_label("New password", exact=True).fill("a-much-longer-passphrase-2026")
    page.get_by_label("New password confirmation").fill("a-much-longer-passphrase-2026")
    page.get_by_role("button", name="Change password").click()
    page.get_by_text("Your password was changed").wait_for()
    assert_accessible(page, "password-changed")


def test_repeated_failures_show_the_lockout_page(page: Any, world: World) -> None:
    for n in range(10):
        page.goto("/accounts/login/")
        page.get_by_label("Username").fill(VIEWER)
        page.get_by_label("Password").fill(f"guess-{n}")
        page.get_by_role("button", name="Log in").click()
        page.wait_for_load_state()
    heading = page.get_by_role("heading", level=1)
    assert heading.inner_text() == "Sign-in locked for now"
    alert = page.get_by_role("alert").inner_text()
    assert "Too many failed sign-in attempts for this account; try again in 15 minutes." in alert
    assert_accessible(page, "sign-in-locked")
