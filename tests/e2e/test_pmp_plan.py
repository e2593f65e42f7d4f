"""The Program Management Plan in a real browser, every page checked by axe-core: a provider
PMO team member opens the draft's editor beside the live data a submit will freeze and submits
it; the version page shows the agreed IMS baseline and the communications plan it cites; both
executive sponsors sign it and activity 6 turns Done; a member of another program finds none
of it."""

from __future__ import annotations

from typing import Any

import pytest

from pmp.definitions import PROGRAM_MANAGEMENT_PLAN
from programs.choices import ActivityStatus, DocumentStatus
from programs.models import DocumentVersion, PlayActivity

from ..conftest import World
from ..pmp.test_plan import add_communication, agree_baseline, fill, start
from .conftest import assert_accessible, log_in

pytestmark = pytest.mark.e2e

PLAN = "/programs/alpha/pmp/plan/"


def test_the_plan_cites_what_it_freezes_and_both_sponsors_sign_it(
    page: Any, world: World, password: str
) -> None:
    add_communication(world, "HR staff newsletter")
    agree_baseline(world)
    fill(world, start(world))

    log_in(page, "provider.pmo_team", password)
    page.goto(f"{PLAN}v1/edit/")
    aside = page.get_by_role("complementary", name="Beside the Program Management Plan")
    assert "1 item of the communications plan" in aside.inner_text()
    assert "Engagement baseline" in aside.inner_text()
    assert_accessible(page, "pmp-plan-edit")
    page.goto(f"{PLAN}v1/")
    assert page.get_by_text("Live", exact=True).first.is_visible()
    page.get_by_role("button", name="Submit for review").click()
    page.wait_for_load_state()
    version = DocumentVersion.objects.get(
        document__program=world.program, document__kind=PROGRAM_MANAGEMENT_PLAN
    )
    assert version.status == DocumentStatus.IN_REVIEW
    page.goto(f"{PLAN}v1/")
    cited = page.locator("section[aria-labelledby='pmp-cited-heading']").inner_text()
    assert "Frozen into version 1" in cited
    assert "Engagement baseline" in cited and "HR staff newsletter" in cited
    assert_accessible(page, "pmp-plan-version")

    for sponsor in ("customer.executive_sponsor", "provider.executive_sponsor"):
        page.context.clear_cookies()
        log_in(page, sponsor, password)
        page.goto(f"{PLAN}v1/")
        page.get_by_role("button", name="Sign version 1").click()
        page.wait_for_load_state()
    version.refresh_from_db()
    assert version.status == DocumentStatus.APPROVED
    activity = PlayActivity.objects.get(program=world.program, key="establish_pmp")
    assert activity.status == ActivityStatus.DONE
    page.goto(f"{PLAN}v1/")
    assert_accessible(page, "pmp-plan-approved")

    page.context.clear_cookies()
    log_in(page, "outsider", password)
    response = page.goto(f"{PLAN}v1/")
    assert response is not None and response.status == 404
