"""How a program reports: who sets it, what is refused (an address that is not an email, a
member of another program, a period length changed after a report), and a quarterly period
built as one report."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from django.urls import reverse

from programs.errors import DomainError, PermissionRefused
from programs.models import Job, Membership
from reports.models import ReportSettings, StatusReport
from reports.services.report_settings import report_settings_update
from tests.conftest import OUTSIDER, ROLE_MATRIX, World

from .conftest import BUILDERS, PM

USERS = [name for name, *_ in ROLE_MATRIX] + [OUTSIDER]


def update(world: World, user: str = PM, **values: Any) -> ReportSettings:
    fields: dict[str, Any] = {
        "period_length": "monthly",
        "due_business_day": 5,
        "members": [],
        "outside_emails": [],
    }
    fields.update(values)
    return report_settings_update(acting_user=world.user(user), program=world.program, **fields)


def test_the_distribution_list_holds_members_and_outside_addresses(world: World) -> None:
    sponsor = Membership.objects.get(
        program=world.program, user=world.user("customer.executive_sponsor")
    )
    found = update(
        world,
        members=[sponsor],
        outside_emails=["omb.desk@omb.example", " ", "OMB.desk@omb.example", "cio@agency.example"],
        due_business_day=7,
    )
    assert list(found.distribution_members.all()) == [sponsor]
    assert found.outside_emails == ["omb.desk@omb.example", "cio@agency.example"]
    assert found.due_business_day == 7


def test_an_address_that_is_not_an_email_is_refused(world: World) -> None:
    with pytest.raises(DomainError) as refused:
        update(world, outside_emails=["cio@agency.example", "the CIO"])
    assert refused.value.field == "outside_emails"
    assert refused.value.message == "the CIO is not an email address; nothing was changed."
    assert not ReportSettings.objects.exists()


def test_a_member_of_another_program_is_refused(world: World) -> None:
    other = Membership.objects.get(user=world.user(OUTSIDER))
    with pytest.raises(DomainError) as refused:
        update(world, members=[other])
    assert refused.value.field == "distribution_members"
    assert not ReportSettings.objects.exists()


@pytest.mark.parametrize("username", ["provider.pmo_team", "customer.executive_sponsor", OUTSIDER])
def test_only_managers_and_pmo_leads_set_it(world: World, username: str) -> None:
    with pytest.raises(PermissionRefused):
        update(world, username)
    assert not ReportSettings.objects.exists()


def test_a_quarterly_program_reports_once_a_quarter_and_keeps_that_length(
    world: World, run_build: Callable[..., Job]
) -> None:
    update(world, period_length="quarterly")
    job = run_build(period=date(2026, 1, 1))
    assert job.status == "done", job.error_message
    report = StatusReport.objects.get()
    assert (report.period_end, report.period_label) == (date(2026, 3, 31), "January to March 2026")
    assert report.due_on == date(2026, 4, 7)
    with pytest.raises(DomainError) as refused:
        update(world, period_length="monthly")
    assert refused.value.message == "The period length is fixed once a report has been built."
    assert ReportSettings.objects.get().period_length == "quarterly"


@pytest.mark.parametrize("username", USERS)
def test_the_settings_page(world: World, username: str) -> None:
    client = world.client(username)
    url = reverse("reports:settings", kwargs={"code": world.program.code})
    allowed = username in BUILDERS
    assert client.get(url).status_code == (200 if allowed else 404)
    response = client.post(
        url, {"period_length": "monthly", "due_business_day": "6", "outside_emails": "not mail"}
    )
    if allowed:
        assert response.status_code == 400
        assert response.context["form"].errors["outside_emails"] == [
            "not mail is not an email address; nothing was changed."
        ]
        response = client.post(url, {"period_length": "monthly", "due_business_day": "6"})
        assert response.status_code == 302
        assert ReportSettings.objects.get().due_business_day == 6
    else:
        assert response.status_code == 404
    if not allowed:
        assert not ReportSettings.objects.exists()
