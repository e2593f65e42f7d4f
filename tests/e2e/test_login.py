from __future__ import annotations

from typing import Any

from ..conftest import World
from .conftest import assert_accessible, log_in


def test_a_wrong_password_is_refused_and_the_right_one_logs_in(
    page: Any, world: World, password: str
) -> None:
    page.goto("/programs/")
    assert "/accounts/login/" in page.url  # anonymous users are sent to log in
    assert_accessible(page, "login")
    page.get_by_label("Username").fill("customer.program_manager")
    page.get_by_label("Password").fill("not-the-password")
    page.get_by_role("button", name="Log in").click()
    assert page.get_by_role("alert").is_visible()
    assert "/accounts/login/" in page.url

    log_in(page, "customer.program_manager", password)
    assert page.url.endswith("/programs/")
    page.get_by_role("button", name="Log out").click()
    page.wait_for_url("**/accounts/login/")
