"""Schedule control in a real browser, each page checked by axe-core: the DCMA check, a baseline
saved, proposed and signed by both sponsors, a change request previewed (htmx) and proposed by
the customer's PMO team, approved by both program managers, and the variance it leaves."""

from __future__ import annotations

import time
from typing import Any

import pytest
from django.urls import reverse

from programs.choices import DocumentStatus
from schedule.choices import ChangeRequestStatus
from schedule.models import Baseline, ChangeRequest, Task
from schedule.services import baselines as baseline_services
from schedule.services import change_requests as change_services

from ..conftest import World
from ..schedule.factories import DAY, make_schedule
from .conftest import assert_accessible, log_in

pytestmark = pytest.mark.e2e

PM = "provider.program_manager"
SPONSORS = ("customer.executive_sponsor", "provider.executive_sponsor")


def url(name: str, **kwargs: Any) -> str:
    return reverse(f"schedule:{name}", kwargs={"code": "alpha", **kwargs})


def switch_user(page: Any, username: str, password: str) -> None:
    page.get_by_role("button", name="Log out").click()
    log_in(page, username, password)


def test_baseline_sign_off_and_change_request_in_a_browser(
    page: Any, world: World, password: str
) -> None:
    schedule = make_schedule(world.program, world.user(PM))
    log_in(page, PM, password)

    page.goto(url("dcma"))
    assert page.locator("#dcma-checks tbody tr").count() == 14
    assert_accessible(page, "schedule-dcma")
    page.get_by_role("link", name="1 task failing check 2, Leads").click()
    page.wait_for_url(f"**{url('dcma-check', number=2)}")
    assert page.get_by_role("link", name="Prepare test data").is_visible()
    assert_accessible(page, "schedule-dcma-check")

    page.goto(url("variance"))
    assert page.get_by_text("No agreed baseline yet").is_visible()
    assert_accessible(page, "schedule-variance-none")

    page.goto(url("baselines"))
    assert_accessible(page, "schedule-baselines-empty")
    page.get_by_label("Name").fill("IMS after Fit-Gap")
    page.get_by_label("What it is and why it is saved").fill("The plan both parties reviewed.")
    page.get_by_role("button", name="Save the baseline").click()
    page.wait_for_url(f"**{url('baseline', number=1)}")
    assert_accessible(page, "schedule-baseline-saved")
    page.get_by_role("button", name="Propose as the agreed IMS baseline").click()
    page.wait_for_url(f"**{url('baseline', number=1)}")
    assert page.get_by_text("Awaiting signature").first.is_visible()
    assert_accessible(page, "schedule-baseline-in-review")

    for sponsor in SPONSORS:
        switch_user(page, sponsor, password)
        page.goto(url("baseline", number=1))
        assert_accessible(page, f"schedule-baseline-sign-{sponsor}")
        page.get_by_role("button", name="Sign baseline 1").click()
        page.wait_for_url(f"**{url('baseline', number=1)}")
    baseline = Baseline.objects.get(number=1)
    assert baseline.version is not None and baseline.version.status == DocumentStatus.APPROVED
    assert page.get_by_text("Agreed IMS baseline").first.is_visible()
    assert_accessible(page, "schedule-baseline-agreed")
    page.goto(url("baselines"))
    assert_accessible(page, "schedule-baselines")

    # The customer's PMO team asks for five more days on a critical task and sees the impact
    # before proposing; the preview is swapped into the page by htmx.
    switch_user(page, "customer.pmo_team", password)
    page.goto(url("change-request-new"))
    assert_accessible(page, "schedule-cr-new")
    page.get_by_label("Title").fill("Longer payroll configuration")
    page.get_by_label("What changes").fill("Configuration takes 20 days instead of 15.")
    page.get_by_label("Why it changes").fill("Two more pay plans were found in Fit-Gap.")
    page.locator('[name="ops-0-kind"]').select_option("duration")
    page.locator('[name="ops-0-task"]').fill("7")
    page.locator('[name="ops-0-days"]').fill("20")
    page.get_by_role("button", name="Preview impact").click()
    impact = page.locator("#cr-impact")
    impact.wait_for()
    assert page.url.endswith(url("change-request-new"))
    assert impact.get_by_text(
        "Task 7 Configure the payroll system: duration 15 → 20 days"
    ).is_visible()
    assert impact.locator("#finish-impact").inner_text().startswith("+5.0")
    assert page.locator("h1").count() == 1  # swapped in place
    assert not ChangeRequest.objects.exists()
    assert_accessible(page, "schedule-cr-preview")
    page.get_by_role("button", name="Propose the change").click()
    page.wait_for_url(f"**{url('change-request', number=1)}")
    assert page.get_by_text("+5.0").first.is_visible()
    assert_accessible(page, "schedule-cr-proposed")

    for manager in ("customer.program_manager", PM):
        switch_user(page, manager, password)
        page.goto(url("change-request", number=1))
        assert_accessible(page, f"schedule-cr-decide-{manager}")
        page.get_by_text("Approve:").click()  # USWDS hides the input itself
        page.get_by_label("Comment").fill("Agreed at the schedule review.")
        page.get_by_role("button", name="Record my decision on CR-1").click()
        page.wait_for_url(f"**{url('change-request', number=1)}")
    change_request = ChangeRequest.objects.get()
    assert change_request.status == ChangeRequestStatus.APPROVED
    assert Task.objects.get(schedule=schedule, uid=7).duration == 20 * DAY
    assert page.get_by_role("strong").filter(has_text="Applied").is_visible()
    assert_accessible(page, "schedule-cr-applied")

    page.goto(url("change-requests"))
    assert page.get_by_role("link", name="CR-1").is_visible()
    assert_accessible(page, "schedule-cr-log")

    page.goto(url("variance"))
    assert page.locator("#program-finish-variance").inner_text().startswith("+5.0")
    assert_accessible(page, "schedule-variance")
    page.locator("label[for=slipped]").click()  # USWDS hides the checkbox input itself
    page.wait_for_url("**slipped=1")
    table = page.locator("#variance-table")
    table.get_by_text("Configure the payroll system").wait_for()
    assert table.get_by_text("Confirm scope with the customer").count() == 0
    assert_accessible(page, "schedule-variance-slipped")


def _slowly(service: Any) -> Any:
    def slow(**kwargs: Any) -> Any:
        time.sleep(0.5)
        return service(**kwargs)

    return slow


def test_double_clicks_create_one_baseline_and_one_change_request(
    page: Any, world: World, password: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A double click on a submit button sends one request: the button is disabled while the
    request is in flight, and the server replays a repeated form key anyway."""
    # A slow server, as on a busy day: the second click lands while the first is in flight.
    for module, name in (
        (baseline_services, "baseline_create"),
        (change_services, "change_request_propose"),
    ):
        monkeypatch.setattr(module, name, _slowly(getattr(module, name)))
    make_schedule(world.program, world.user(PM))
    log_in(page, PM, password)
    page.goto(url("baseline-new"))
    page.get_by_label("Name").fill("IMS after Fit-Gap")
    page.get_by_role("button", name="Save the baseline").dblclick()
    page.wait_for_url(f"**{url('baseline', number=1)}")
    assert Baseline.objects.count() == 1
    page.get_by_role("button", name="Propose as the agreed IMS baseline").click()
    page.wait_for_url(f"**{url('baseline', number=1)}")
    for sponsor in SPONSORS:
        switch_user(page, sponsor, password)
        page.goto(url("baseline", number=1))
        page.get_by_role("button", name="Sign baseline 1").click()
        page.wait_for_url(f"**{url('baseline', number=1)}")

    switch_user(page, "customer.pmo_team", password)
    page.goto(url("change-request-new"))
    page.get_by_label("Title").fill("Longer payroll configuration")
    page.get_by_label("What changes").fill("Configuration takes 20 days instead of 15.")
    page.get_by_label("Why it changes").fill("Two more pay plans were found in Fit-Gap.")
    page.locator('[name="ops-0-kind"]').select_option("duration")
    page.locator('[name="ops-0-task"]').fill("7")
    page.locator('[name="ops-0-days"]').fill("20")
    page.get_by_role("button", name="Preview impact").click()
    page.locator("#cr-impact").wait_for()
    page.get_by_role("button", name="Propose the change").dblclick()
    page.wait_for_url(f"**{url('change-request', number=1)}")
    page.wait_for_load_state("networkidle")
    assert ChangeRequest.objects.count() == 1
    assert_accessible(page, "schedule-cr-proposed-once")
