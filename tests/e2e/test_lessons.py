"""The lessons learned register in a real browser on the seeded demo, every page checked by
axe-core: cust.pm searches every program's lessons and finds DRC Core HR's, opens the
register, a lesson and the eight Play 3.1 lessons; the BIW outsider's search does not find
them and DRC's register answers 404."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.management import call_command

from programs.demo import DEMO_PASSWORD

from .conftest import assert_accessible, log_in

pytestmark = pytest.mark.e2e


def test_search_the_register_and_the_eight_lessons(page: Any, db: None) -> None:
    call_command("seed_demo", stdout=io.StringIO())
    log_in(page, "cust.pm", DEMO_PASSWORD)

    page.goto("/programs/drc-hr/lessons/search/")
    page.get_by_label("Words to search for").fill("payroll parallel")
    page.get_by_role("button", name="Search").click()
    page.wait_for_load_state()
    link = page.get_by_role("link", name="LL-002 Plan payroll parallel runs in the schedule")
    assert link.is_visible()
    assert_accessible(page)

    page.goto("/programs/drc-hr/lessons/")
    assert page.get_by_role("link", name="LL-004").is_visible()
    assert_accessible(page, "lessons-register")

    page.get_by_role("link", name="LL-001").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text().startswith("LL-001 Profile")
    assert page.get_by_text("Provider: validated by").is_visible()
    assert_accessible(page, "lessons-lesson")

    page.goto("/programs/drc-hr/lessons/play/")
    page.get_by_label("Your party's assessment").nth(1).select_option("partly")
    page.locator("#lesson-2 form button").click()
    page.wait_for_load_state()
    assert page.get_by_text("Your party's assessment of lesson 2 is saved.").is_visible()
    assert_accessible(page, "lessons-play")

    page.context.clear_cookies()
    log_in(page, "outsider", DEMO_PASSWORD)
    page.goto("/programs/biw-fm/lessons/search/?q=payroll+parallel")
    assert page.get_by_text("No lesson of your programs matches").is_visible()
    assert page.get_by_role("link", name="LL-002 Plan payroll parallel runs").count() == 0
    response = page.goto("/programs/drc-hr/lessons/")
    assert response is not None and response.status == 404
