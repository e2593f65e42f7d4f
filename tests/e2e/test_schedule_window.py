"""A schedule of 10,000 tasks in a real browser, checked by axe-core: the task table pages
through 200 rows at a time and collapses a summary task with the keyboard alone, the status
line saying which rows are shown; the inline edit still works in a later page; the Gantt
chart shows the same window."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from tests.conftest import World
from tests.schedule.factories import generated, make_schedule

from .conftest import assert_accessible, log_in

pytestmark = pytest.mark.e2e

PM = "provider.program_manager"


def url(name: str) -> str:
    return reverse(f"schedule:{name}", kwargs={"code": "alpha"})


def active_id(page: Any) -> str:
    # Evaluated by Playwright as a function, not a string (the policy refuses eval).
    return str(page.locator(":focus").get_attribute("id"))


def test_ten_thousand_tasks_by_keyboard(page: Any, world: World, password: str) -> None:
    make_schedule(world.program, world.user(PM), generated(10_000))
    log_in(page, PM, password)
    page.goto(url("tasks"))
    status = page.locator("#task-window-status")
    assert status.inner_text() == "Rows 1-200 of 10,000."
    assert page.locator("#task-rows tr").count() == 200
    assert_accessible(page, "schedule-tasks-10000")

    # The next page, by keyboard: the window is swapped in place, focus stays on the link.
    page.locator("#task-rows-next").focus()
    page.keyboard.press("Enter")
    page.locator("#task-201").wait_for()
    assert status.inner_text() == "Rows 201-400 of 10,000."
    assert page.locator("#task-201").is_visible() and page.locator("#task-1").count() == 0
    assert active_id(page) == "task-rows-next"
    assert "page=2" in page.url

    # Collapse the summary task at the top of the page: its nine tasks are no longer sent.
    page.locator("#toggle-201").focus()
    page.keyboard.press("Enter")
    page.locator("#toggle-201[aria-expanded='false']").wait_for()
    assert page.locator("#task-202").count() == 0 and page.locator("#task-211").is_visible()
    assert status.inner_text() == "Rows 201-400 of 9,991 (9 more under collapsed summary tasks)."
    assert active_id(page) == "toggle-201"
    assert_accessible(page, "schedule-tasks-10000-collapsed")

    # The inline edit still opens, by keyboard, in this window, and Cancel puts the row back.
    edit = page.locator("#task-212").get_by_role("link", name="Edit task 212")
    edit.focus()
    page.keyboard.press("Enter")
    editing = page.get_by_role("group", name="Edit task 212: Task 212")
    editing.wait_for()
    editing.get_by_role("button", name="Cancel editing task 212").click()
    page.locator("#task-212:not(.schedule-editing)").wait_for()

    # Expand it again; then the previous page.
    page.locator("#toggle-201").focus()
    page.keyboard.press("Enter")
    page.locator("#toggle-201[aria-expanded='true']").wait_for()
    assert page.locator("#task-202").is_visible()
    page.locator("#task-rows-previous").focus()
    page.keyboard.press("Enter")
    page.locator("#task-1").wait_for()
    assert status.inner_text() == "Rows 1-200 of 10,000."

    # Find a task by its UID.
    page.get_by_label("Find by name, WBS or UID").fill("9876")
    page.keyboard.press("Enter")
    page.wait_for_url("**q=9876**")
    assert status.inner_text() == "Rows 1-1 of 1 matching tasks (10,000 in all)."
    assert page.locator("#task-9876").is_visible()

    page.goto(url("gantt") + "?page=3")
    assert page.locator(".gantt-row").count() == 200
    assert page.get_by_text("Rows 401-600 of 10,000.").is_visible()
    assert_accessible(page, "schedule-gantt-10000")
