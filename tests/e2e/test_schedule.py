"""The schedule pages in a real browser, each checked by axe-core: a provider program manager
imports a Microsoft Project file, reads the task table, edits a task in place (the table is
recomputed without a page load), opens a task and the Gantt chart with its critical path."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from schedule.models import Schedule
from tests.conftest import World
from tests.schedule.factories import DEMO_FILE_NAME, demo_mspdi

from .conftest import assert_accessible, log_in

pytestmark = pytest.mark.e2e

PM = "provider.program_manager"


def demo_file(content: bytes, name: str = DEMO_FILE_NAME) -> dict[str, Any]:
    """The portal's demo schedule as the file input receives it: auto-scheduled tasks with
    dependencies, so an edit moves later tasks."""
    return {"name": name, "mimeType": "text/xml", "buffer": content}


def url(name: str, **kwargs: Any) -> str:
    return reverse(f"schedule:{name}", kwargs={"code": "alpha", **kwargs})


def test_schedule_pages_in_a_browser(page: Any, world: World, password: str) -> None:
    log_in(page, PM, password)
    page.goto(url("home"))
    assert page.get_by_role("heading", name="Import a schedule file").is_visible()
    assert_accessible(page, "schedule-empty")

    page.get_by_role("link", name="Import a file").click()
    page.wait_for_url(f"**{url('import')}")
    assert_accessible(page, "schedule-import")
    # A truncated file: every problem located, nothing imported.
    content = demo_mspdi()
    page.locator("input[type=file]").set_input_files(
        files=[demo_file(content[:4000], "broken.xml")]
    )
    page.get_by_role("button", name="Import the file").click()
    page.get_by_text("broken.xml was not imported; nothing was changed.").wait_for()
    assert not Schedule.objects.filter(program=world.program).exists()
    assert_accessible(page, "schedule-import-error")

    # The failed job's page leads back to the form.
    page.get_by_role("link", name="Try again").click()
    page.wait_for_url(f"**{url('import')}")
    page.locator("input[type=file]").set_input_files(files=[demo_file(content)])
    page.get_by_role("button", name="Import the file").click()
    page.wait_for_url(f"**{url('tasks')}")
    schedule = Schedule.objects.get(program=world.program)
    assert page.get_by_text(f"Imported {DEMO_FILE_NAME}").is_visible()
    table = page.locator("table.schedule-table")
    assert table.locator("tbody tr").count() == schedule.tasks.count()
    assert_accessible(page, "schedule-tasks")

    # Edit the first task not yet started with a successor in place: a later task's start
    # moves. (Tasks done or under way at the status date keep their actual dates.)
    edited = (
        schedule.tasks.filter(
            is_summary=False,
            is_milestone=False,
            manual=False,
            percent_complete=0,
            successor_links__isnull=False,
        )
        .order_by("position")
        .first()
    )
    assert edited is not None
    successor = (
        edited.successor_links.filter(type="FS", successor__manual=False)
        .order_by("successor__position")
        .first()
    )
    assert successor is not None
    later = successor.successor
    before = later.start
    row = page.locator(f"#task-{edited.uid}")
    row.get_by_role("link", name=f"Edit task {edited.uid}").click()
    editing = page.get_by_role("group", name=f"Edit task {edited.uid}: {edited.name}")
    duration = editing.get_by_label("Duration (working days)")
    duration.wait_for()
    assert_accessible(page, "schedule-task-inline-edit")
    new_days = round(edited.duration / schedule.minutes_per_day) + 5
    duration.fill(str(new_days))
    page.get_by_role("button", name=f"Save task {edited.uid}").click()
    page.get_by_text(f"Task {edited.uid} saved").wait_for()
    page.locator(f"#task-{edited.uid}:not(.schedule-editing)").wait_for()
    later.refresh_from_db()
    assert later.start is not None and before is not None and later.start > before
    assert page.url.endswith(url("tasks"))  # swapped in place, no page load
    assert_accessible(page, "schedule-tasks-after-edit")

    page.locator(f"#task-{later.uid}").get_by_role("link", name=later.name, exact=True).click()
    page.wait_for_url(f"**{url('task', uid=later.uid)}")
    assert page.get_by_role("heading", name="Driving path").is_visible()
    assert_accessible(page, "schedule-task")

    page.goto(url("gantt"))
    critical = page.locator(".gantt-row--critical .gantt-bar").first
    assert critical.is_visible()
    assert_accessible(page, "schedule-gantt")

    page.goto(url("home"))
    assert page.get_by_role("link", name="Microsoft Project XML").is_visible()
    assert_accessible(page, "schedule-home")

    page.goto(url("settings"))
    assert_accessible(page, "schedule-settings")
