"""Pages the portal serves but did not write, under its Content-Security-Policy: the API
documentation (Swagger UI) and the admin. The page fixture fails a test on any refusal."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User

from ..conftest import World
from .conftest import log_in


def test_every_page_carries_the_policy(page: Any, world: World, password: str) -> None:
    response = page.goto("/accounts/login/")
    header = response.headers["content-security-policy"]
    # Directives in any order: name to its sources.
    policy = {
        name: sources
        for name, *sources in (part.split() for part in header.split(";") if part.strip())
    }
    assert policy["script-src"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert "'unsafe-eval'" not in header and "'unsafe-inline'" not in policy["script-src"]


def test_the_api_documentation_works(page: Any, world: World, password: str) -> None:
    log_in(page, "customer.program_manager", password)
    page.goto("/api/docs/")
    # Swagger UI built the page from the schema: operations are listed and open.
    operation = page.locator(".opblock-summary-path", has_text="/api/programs/").first
    operation.wait_for()
    operation.click()
    page.get_by_role("button", name="Try it out").first.wait_for()


def test_the_admin_works(page: Any, world: World, password: str) -> None:
    User.objects.create_superuser("admin", "admin@example.gov", password)
    log_in(page, "admin", password)
    page.goto("/admin/")
    page.get_by_role("link", name="Users").first.click()
    page.wait_for_url("**/admin/auth/user/")
    page.get_by_role("link", name="customer.program_manager").click()
    page.get_by_role("heading", name="Change user").wait_for()
    # The admin's scripts run: the filter of the permissions selector is set up.
    page.locator("#id_user_permissions_input").wait_for()
