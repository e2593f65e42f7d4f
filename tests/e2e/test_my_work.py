"""My work, the notifications and their settings in a real browser, each page checked by
axe-core: a finding raised against the provider waits on its Program Manager, who reads the
notification, opens it and changes the settings."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from programs.models import DigestPreference, Notification
from tests.ivv.conftest import file_finding

from ..conftest import World
from .conftest import assert_accessible, log_in

PM = "provider.program_manager"


def test_my_work_notifications_and_settings(
    page: Any, world: World, password: str, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        finding = file_finding(
            world, answering_party="provider", raised_on=date.today() - timedelta(days=1)
        )
    log_in(page, PM, password)
    page.get_by_role("link", name="My work 1 items").click()
    page.wait_for_url("**/my-work/")
    page.get_by_role("heading", name="IV&V findings to answer 1").wait_for()
    assert_accessible(page, "my-work")

    page.get_by_role("link", name="Notifications 1 unread").click()
    page.wait_for_url("**/notifications/")
    assert_accessible(page, "notifications")
    page.get_by_role(
        "button", name=f"Open {Notification.objects.get(recipient=world.user(PM)).title}"
    ).click()
    page.wait_for_url(f"**{finding.get_absolute_url()}")
    assert Notification.objects.get(recipient=world.user(PM)).read_at is not None

    page.goto("/accounts/notifications/")
    assert_accessible(page, "notification-settings")
    # USWDS hides the radio button itself: a person clicks its label.
    digest = page.get_by_role("group", name="Digest email of My work")
    digest.locator("label", has_text="Weekly").click()
    page.get_by_role("button", name="Save the settings").click()
    page.get_by_text("Your notification and digest settings are saved.").wait_for()
    assert DigestPreference.objects.get(user=world.user(PM)).frequency == "weekly"
