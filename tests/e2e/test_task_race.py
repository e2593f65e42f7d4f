"""Two program managers edit one task in the task table at once, each in their own browser:
the second save is refused in place, with the first one's change shown and the second one's
typing kept; saving again goes through. Checked by axe-core."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from schedule.models import Task
from tests.conftest import World
from tests.schedule.factories import make_schedule

from .conftest import assert_accessible, log_in

pytestmark = pytest.mark.e2e


def open_row(page: Any, task: Task) -> Any:
    page.goto(reverse("schedule:tasks", kwargs={"code": "alpha"}))
    page.locator(f"#task-{task.uid}").get_by_role("link", name=f"Edit task {task.uid}").click()
    editing = page.get_by_role("group", name=f"Edit task {task.uid}: {task.name}")
    editing.get_by_label("Name").wait_for()
    return editing


def test_two_people_edit_one_task_and_nothing_is_lost(
    page: Any, browser: Any, live_server: Any, world: World, password: str
) -> None:
    schedule = make_schedule(world.program, world.user("provider.program_manager"))
    task = schedule.tasks.filter(owner_party="shared", is_summary=False).order_by("uid")[0]
    other = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    provider = other.new_page()
    try:
        log_in(page, "customer.program_manager", password)
        log_in(provider, "provider.program_manager", password)
        mine = open_row(page, task)
        theirs = open_row(provider, task)

        theirs.get_by_label("% complete").fill("40")
        provider.get_by_role("button", name=f"Save task {task.uid}").click()
        provider.get_by_text(f"Task {task.uid} saved").wait_for()

        mine.get_by_label("Name").fill("Design review, with the customer")
        page.get_by_role("button", name=f"Save task {task.uid}").click()
        alert = page.get_by_role("alert").filter(has_text="Someone else saved this meanwhile")
        alert.wait_for()
        assert "provider.program_manager" in alert.inner_text()
        assert "“0” became “40”" in alert.inner_text()
        task.refresh_from_db()
        assert task.percent_complete == 40 and task.name != "Design review, with the customer"
        # What was typed is still there.
        assert mine.get_by_label("Name").input_value() == "Design review, with the customer"
        assert_accessible(page, "schedule-task-stale-edit")

        page.get_by_role("button", name=f"Save task {task.uid}").click()
        page.get_by_text(f"Task {task.uid} saved").wait_for()
        task.refresh_from_db()
        assert task.name == "Design review, with the customer"
        assert task.percent_complete == 40  # the provider's change is kept
    finally:
        other.close()
