"""The earned value settings page for every role of every party and an outsider: those who see
costs read it (a 404 for the others), the Program Managers and PMO Leads of either party change
the settings and take the control accounts from the agreed baseline; a refused write changes
nothing."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from pmp.models import ControlAccount, EarnedValueSettings
from pmp.services.earned_value_setup import SETTINGS_FIELDS, settings_for
from programs.models import AuditEvent
from tests.conftest import World
from tests.schedule.test_earned_value import agree, loaded_schedule

from .test_funding_pages import EVERYONE, SEE_COSTS

URL = "/programs/alpha/pmp/cost/settings/"
SYNC = f"{URL}control-accounts/sync/"
MANAGERS = {
    f"{party}.{role}"
    for party in ("customer", "provider")
    for role in ("program_manager", "pmo_lead")
}


def _form(**changes: str) -> dict[str, str]:
    values = {
        name: "" if value is None else str(value)
        for name, value in ((n, getattr(EarnedValueSettings(), n)) for n in SETTINGS_FIELDS)
    }
    return {**values, **changes}


@pytest.mark.parametrize("username", EVERYONE)
def test_the_settings_page_for_every_role(world: World, username: str) -> None:
    settings_for(world.program)
    EarnedValueSettings.objects.filter(program=world.program).update(
        management_reserve=Decimal("7500.00")
    )
    ControlAccount.objects.create(
        program=world.program, wbs="1", name="Integration", budget=Decimal("60000.00")
    )
    client = world.client(username)
    response = client.get(URL)
    if username not in SEE_COSTS:
        assert response.status_code == 404 and b"$" not in response.content
    else:
        assert response.status_code == 200
        text = response.content.decode()
        assert "$60,000.00" in text and "Integration" in text
        assert ("Take the control accounts from the agreed baseline" in text) == (
            username in MANAGERS
        )
        assert ('name="management_reserve"' in text) == (username in MANAGERS)
        if username not in MANAGERS:
            assert "$7,500.00" in text and "Business day 10" in text
    events = AuditEvent.objects.count()
    response = client.post(URL, _form(control_account_level="2", management_reserve="1.00"))
    found = EarnedValueSettings.objects.get(program=world.program)
    if username in MANAGERS:
        assert response.status_code == 302
        assert found.control_account_level == 2 and found.management_reserve == Decimal("1.00")
        assert AuditEvent.objects.count() == events + 1
    else:
        assert response.status_code == 404
        assert found.control_account_level == 1 and found.management_reserve == Decimal("7500")
        assert AuditEvent.objects.count() == events
    # Without an agreed baseline the managers are told so; the others are not found.
    response = client.post(SYNC)
    assert response.status_code == (400 if username in MANAGERS else 404)
    if username in MANAGERS:
        assert "agreed IMS baseline" in response.content.decode()
    assert ControlAccount.objects.count() == 1


def test_bad_settings_are_shown_beside_the_field(world: World) -> None:
    client = world.client("provider.pmo_lead")
    response = client.post(URL, _form(green_low="0.80"))
    assert response.status_code == 400
    assert "The bands must read" in response.content.decode()
    response = client.post(URL, _form(report_due_business_day="21"))
    assert response.status_code == 400 and "usa-error-message" in response.content.decode()
    assert settings_for(world.program).report_due_business_day == 10


def test_the_accounts_are_taken_from_the_agreed_baseline(world: World) -> None:
    agree(world, loaded_schedule(world))
    client = world.client("customer.pmo_lead")
    response = client.post(SYNC)
    assert response.status_code == 302
    accounts = list(ControlAccount.objects.filter(program=world.program, active=True))
    assert accounts
    text = client.get(URL).content.decode()
    assert f"{len(accounts)} control account" in text
    for account in accounts:
        assert account.wbs in text and f"${account.budget:,.2f}" in text
    assert "Baseline 1" in text


def test_the_page_reads_a_constant_number_of_queries(world: World) -> None:
    client = world.client("customer.program_manager")
    ControlAccount.objects.create(program=world.program, wbs="1", name="A")

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(URL).status_code == 200
        return len(queries)

    count()
    few = count()
    for i in range(2, 12):
        ControlAccount.objects.create(
            program=world.program, wbs=str(i), name=f"A{i}", active=bool(i % 2)
        )
    assert count() == few
