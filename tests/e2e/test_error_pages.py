"""Pages that answer: the portal's own 404 page, with the program's navigation under a program
the person is a member of, and a program without a schedule that invites to start or import
one instead of linking to pages it does not have yet. Each checked by axe-core."""

from __future__ import annotations

from typing import Any

import pytest

from ..conftest import World
from .conftest import assert_accessible, log_in

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize("debug", [False, True])
def test_a_missing_page_is_the_portals_own(
    page: Any, world: World, password: str, settings: Any, debug: bool
) -> None:
    settings.DEBUG = debug
    log_in(page, "customer.viewer", password)
    response = page.goto("/programs/alpha/no-such-page/")
    assert response.status == 404
    assert page.get_by_role("heading", level=1).inner_text() == "Page not found"
    program_nav = page.get_by_role("navigation", name="Program alpha")
    assert program_nav.get_by_role("link", name="Members").is_visible()
    assert page.get_by_role("link", name="PMO Portal", exact=True).is_visible()
    assert_accessible(page, f"404-in-program{'-debug' if debug else ''}")

    response = page.goto("/programs/no-such-program/")
    assert response.status == 404
    assert page.get_by_role("heading", level=1).inner_text() == "Page not found"
    assert page.get_by_role("navigation", name="Program alpha").count() == 0
    page.get_by_role("link", name="list of your programs").click()
    page.wait_for_url("**/programs/")
    assert_accessible(page)


def test_a_program_without_a_schedule_invites_to_start_or_import_one(
    page: Any, world: World, password: str
) -> None:
    log_in(page, "provider.program_manager", password)
    page.goto("/programs/alpha/schedule/")
    nav = page.get_by_role("navigation", name="Program alpha")
    for name in ("Tasks", "Gantt chart", "Baselines", "Change requests", "DCMA check"):
        assert nav.get_by_role("link", name=name, exact=True).count() == 0, name
    assert page.get_by_role("heading", name="Import a schedule file").is_visible()
    assert_accessible(page, "schedule-invitation")
    # An address kept from elsewhere leads to the invitation too, not to a missing page.
    for path in ("tasks/", "gantt/", "baselines/", "changes/", "dcma/"):
        response = page.goto(f"/programs/alpha/schedule/{path}")
        assert response.status == 200, path
        assert page.url.endswith("/programs/alpha/schedule/"), path
        assert page.get_by_role("heading", name="Import a schedule file").is_visible()
