"""The resource pages in a real browser, each checked by axe-core: the resource sheet and a
resource's form with its rate table, a task's assignments changed with the keyboard alone
(the task's finish moves at once), the resource usage view with an over-allocation in words,
and the Gantt chart with resource names beside its bars."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from schedule.services import assignments as assignment_services
from schedule.services import resources as resource_services
from tests.conftest import World
from tests.schedule.factories import make_schedule

from .conftest import assert_accessible, log_in

pytestmark = pytest.mark.e2e

PM = "provider.program_manager"
SHOTS = Path("/tmp")


def url(name: str, **kwargs: Any) -> str:
    return reverse(f"schedule:{name}", kwargs={"code": "alpha", **kwargs})


def shot(page: Any, name: str) -> None:
    page.screenshot(path=str(SHOTS / f"ui-{name}.png"), full_page=True)


def test_resource_pages_in_a_browser(page: Any, world: World, password: str) -> None:
    pm = world.user(PM)
    schedule = make_schedule(world.program, pm)
    analyst = resource_services.resource_create(
        acting_user=pm,
        schedule=schedule,
        name="Analyst",
        owner_party="provider",
        rates=[{"effective": None, "standard": Decimal("95.5")}],
    )
    engineer = resource_services.resource_create(
        acting_user=pm, schedule=schedule, name="Engineer", owner_party="provider"
    )
    design, build, test_data = (schedule.tasks.get(uid=uid) for uid in (3, 7, 8))
    assignment_services.assignment_create(acting_user=pm, task=design, resource=analyst, units=50)
    assignment_services.assignment_create(acting_user=pm, task=build, resource=engineer)
    assignment_services.assignment_create(acting_user=pm, task=build, resource=analyst)
    assignment_services.assignment_create(
        acting_user=world.user("customer.program_manager"), task=test_data, resource=analyst
    )

    log_in(page, PM, password)
    page.goto(url("resources"))
    sheet = page.get_by_role("table", name="Resource sheet: 2 resources")
    assert sheet.get_by_text("$95.50/h").is_visible()
    assert_accessible(page)
    shot(page, "resources")

    page.get_by_role("link", name="Add a resource").click()
    page.get_by_label("Name", exact=True).fill("Tester")
    page.get_by_label("Row 1: Standard rate ($ an hour or a unit)").fill("-3")
    page.get_by_role("button", name="Add the resource").click()
    page.get_by_text("The standard rate of").first.wait_for()
    assert_accessible(page)
    shot(page, "resource-form-error")
    page.get_by_label("Row 1: Standard rate ($ an hour or a unit)").fill("80")
    page.get_by_role("button", name="Add the resource").click()
    page.wait_for_url(f"**{url('resources')}")
    assert page.get_by_role("table", name="Resource sheet: 3 resources").is_visible()

    # The task page: change the analyst's units with the keyboard alone; the task's finish
    # moves without a page load.
    page.goto(url("task", uid=3))
    facts = page.locator("#task-facts")
    finish_before = facts.locator("div", has_text="Finish").first.inner_text()
    assert page.get_by_text("Fixed units: changing work or units changes the duration").is_visible()
    assert_accessible(page)
    shot(page, "task-assignments")
    page.get_by_role("link", name="Change Analyst on task 3").focus()
    page.keyboard.press("Enter")
    units = page.get_by_role("group", name="Change Analyst on task 3").get_by_label("Units (%)")
    units.wait_for()
    # The form takes the focus: typing goes straight into the units.
    expect(units).to_be_focused()
    assert_accessible(page)
    shot(page, "task-assignment-edit")
    page.keyboard.press("Control+A")
    page.keyboard.type("100")
    page.keyboard.press("Enter")
    page.get_by_text("Task 3 now finishes").wait_for()
    finish_after = page.locator("#task-facts").locator("div", has_text="Finish").first.inner_text()
    assert finish_after != finish_before
    design.refresh_from_db()
    assert design.duration == 5 * 480
    assert page.locator("#assignments").get_by_text("100%").is_visible()
    assert_accessible(page)
    shot(page, "task-assignment-saved")

    # Negative units: named beside the field, nothing changed.
    page.get_by_role("link", name="Change Analyst on task 3").click()
    editing = page.get_by_role("group", name="Change Analyst on task 3")
    editing.get_by_label("Units (%)").fill("-5")
    page.get_by_role("button", name="Save Analyst on task 3").click()
    page.get_by_text("cannot be negative").wait_for()
    assert_accessible(page)

    page.goto(url("resource-usage"))
    assert page.get_by_text("Over-allocated: 200% of 100%").first.is_visible()
    assert_accessible(page)
    shot(page, "usage")
    page.locator("label[for=period-month]").click()
    page.get_by_role("button", name="Show").click()
    page.wait_for_url("**period=month**")
    assert_accessible(page)
    shot(page, "usage-month")

    page.goto(url("gantt") + "?resources=1")
    assert page.get_by_text("Analyst, Engineer").is_visible()
    assert_accessible(page)
    shot(page, "gantt-resources")

    page.goto(url("tasks"))
    assert page.get_by_role("cell", name="Analyst, Engineer").is_visible()
    assert_accessible(page)
    shot(page, "tasks-resources")
