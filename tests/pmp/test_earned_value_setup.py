"""What earned value stands on: the program's settings (defaults, limits, who sets them) and
its control accounts, taken from the agreed IMS baseline's WBS."""

from __future__ import annotations

from decimal import Decimal

import pytest

from pmp.models import ControlAccount, EarnedValueSettings
from pmp.services.earned_value_setup import (
    account_elements,
    control_accounts_sync,
    settings_for,
    settings_update,
)
from programs.errors import DomainError, PermissionRefused
from programs.models import AuditEvent
from tests.conftest import World
from tests.schedule.test_earned_value import PM, agree, loaded_schedule

ROWS = [
    (1, "1", "Integration", True, Decimal("3000.00")),
    (2, "1.1", "Charter", False, Decimal("1000.00")),
    (3, "1.2", "Plan", True, Decimal("2000.00")),
    (4, "1.2.1", "Draft", False, Decimal("2000.00")),
    (5, "2", "Go-live", False, Decimal("500.00")),
    (6, "1.10", "Close-out", False, None),
]


def test_accounts_sit_at_the_level_and_short_branches_are_accounts_of_their_own() -> None:
    level_1 = account_elements(ROWS, 1)
    assert [(e.wbs, e.budget) for e in level_1] == [
        ("1", Decimal("3000.00")),
        ("2", Decimal("500.00")),
    ]
    level_2 = account_elements(ROWS, 2)
    # 1.10 after 1.2 (outline order), with no cost a budget of nothing; "2" stops at level 1.
    assert [(e.wbs, e.budget) for e in level_2] == [
        ("1.1", Decimal("1000.00")),
        ("1.2", Decimal("2000.00")),
        ("1.10", Decimal("0.00")),
        ("2", Decimal("500.00")),
    ]


def test_settings_have_the_conventions_as_defaults(world: World) -> None:
    found = settings_for(world.program)
    assert (found.green_low, found.green_high, found.yellow_low, found.yellow_high) == (
        Decimal("0.95"),
        Decimal("1.05"),
        Decimal("0.90"),
        Decimal("1.10"),
    )
    assert found.cost_threshold_percent == Decimal(10) and found.eac_method == "cpi"
    assert settings_for(world.program).pk == found.pk


@pytest.mark.parametrize("username", ["customer.program_manager", "provider.pmo_lead"])
def test_managers_of_either_party_set_them_and_the_change_is_audited(
    world: World, username: str
) -> None:
    found = settings_update(
        acting_user=world.user(username),
        program=world.program,
        cost_threshold_percent=Decimal("7.5"),
        control_account_level=2,
    )
    assert found.cost_threshold_percent == Decimal("7.5") and found.control_account_level == 2
    event = AuditEvent.objects.filter(target_type__model="earnedvaluesettings").latest("pk")
    assert event.actor == world.user(username)
    assert event.changes["cost_threshold_percent"] == ["10.00", "7.5"]


@pytest.mark.parametrize(
    "username",
    ["customer.pmo_team", "provider.viewer", "independent.ivv_agent", "outsider"],
)
def test_others_are_refused_and_nothing_changes(world: World, username: str) -> None:
    settings_for(world.program)
    events = AuditEvent.objects.count()
    with pytest.raises(PermissionRefused):
        settings_update(
            acting_user=world.user(username), program=world.program, control_account_level=3
        )
    assert EarnedValueSettings.objects.get(program=world.program).control_account_level == 1
    assert AuditEvent.objects.count() == events


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"control_account_level": 0}, "control_account_level"),
        ({"control_account_level": 9}, "control_account_level"),
        ({"eac_method": "guess"}, "eac_method"),
        ({"cost_threshold_percent": Decimal(0)}, "cost_threshold_percent"),
        ({"schedule_threshold_amount": Decimal(-1)}, "schedule_threshold_amount"),
        ({"green_low": Decimal("0.80")}, "green_low"),  # below yellow low
        ({"report_due_business_day": 0}, "report_due_business_day"),
    ],
)
def test_bad_settings_are_refused_naming_the_field(
    world: World, values: dict[str, object], field: str
) -> None:
    with pytest.raises(DomainError) as refused:
        settings_update(acting_user=world.user(PM), program=world.program, **values)
    assert refused.value.field == field
    assert settings_for(world.program).control_account_level == 1


def test_accounts_follow_the_agreed_baseline(world: World) -> None:
    with pytest.raises(DomainError, match="agreed IMS baseline"):
        control_accounts_sync(acting_user=world.user(PM), program=world.program)
    baseline = agree(world, loaded_schedule(world))
    accounts = control_accounts_sync(acting_user=world.user(PM), program=world.program)
    tops = {t.wbs: t for t in baseline.tasks.all() if "." not in t.wbs}
    assert [a.wbs for a in accounts] == sorted(tops, key=int)
    assert {a.wbs: a.budget for a in accounts} == {
        wbs: t.cost or Decimal("0.00") for wbs, t in tops.items()
    }
    assert sum(a.budget for a in accounts) == sum(
        t.cost or 0 for t in baseline.tasks.all() if not t.is_summary
    )
    # A deeper level: the level-1 accounts go inactive and stay; nothing is written twice.
    settings_update(acting_user=world.user(PM), program=world.program, control_account_level=2)
    deeper = control_accounts_sync(acting_user=world.user(PM), program=world.program)
    assert all("." in a.wbs or a.wbs in tops for a in deeper)
    assert ControlAccount.objects.filter(program=world.program, active=False).exists()
    events = AuditEvent.objects.count()
    control_accounts_sync(acting_user=world.user(PM), program=world.program)
    assert AuditEvent.objects.count() == events


def test_only_managers_who_see_costs_set_the_accounts(world: World) -> None:
    agree(world, loaded_schedule(world))
    with pytest.raises(PermissionRefused):
        control_accounts_sync(acting_user=world.user("provider.pmo_team"), program=world.program)
    assert not ControlAccount.objects.filter(program=world.program).exists()
