"""Earned value month by month: live figures of the agreed baseline, the schedule's progress
and the acknowledged expenditure; closing a month freezes them; months close in order."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from pmp.models import ExpenditureReport, ReportStatus, StatusPeriod
from pmp.selectors.earned_value import basis_for, earned_value_report, live_figures
from pmp.services.earned_value import period_close, period_freeze
from programs.errors import DomainError, PermissionRefused
from programs.models import AuditEvent
from tests.conftest import World

from .earned_value_fixtures import (
    APR,
    FEB,
    JAN,
    MAR,
    PM,
    acknowledged,
    cost_loaded,
    progress,
    today_is,
)

FEB_END = "2027-02-28"


@pytest.fixture
def loaded(world: World, monkeypatch: pytest.MonkeyPatch) -> World:
    today_is(monkeypatch, date(2027, 3, 15))
    cost_loaded(world)
    return world


def test_live_figures_come_from_the_baseline_the_progress_and_acknowledged_costs(
    loaded: World,
) -> None:
    world = loaded
    acknowledged(world, JAN, {"1": "3000.00", "2": "100.00"})
    acknowledged(world, FEB, {"1": "2000.50"})
    # Disputed and superseded revisions count for nothing.
    disputed = acknowledged(world, FEB, {"2": "999.00"}, revision=2)
    ExpenditureReport.objects.filter(pk=disputed.pk).update(status=ReportStatus.DISPUTED)
    progress(world, 2, 100)  # 1.1, the analyst's $4,000
    basis = basis_for(world.program)
    jan = live_figures(basis, JAN)
    assert jan.status_date == date(2027, 1, 31)
    bac1, pv1, ev1, ac1 = jan.accounts["1"]
    assert bac1 == 1_605_000 and pv1 == 1_605_000  # all of phase 1 is planned in January
    assert ev1 == 400_000 + 0  # 1.1 done; the rest of phase 1 not started
    assert ac1 == 300_000
    feb = live_figures(basis, FEB)
    assert feb.accounts["1"][3] == 500_050 and feb.accounts["2"][3] == 10_000
    # Program figures are the sums of the accounts'.
    assert feb.program == [sum(q[i] for q in feb.accounts.values()) for i in range(4)]
    # The current month is measured at today when the schedule's status date is not in it.
    assert live_figures(basis, MAR).status_date == date(2027, 3, 15)


def test_the_report_shows_the_current_month_live_and_plans_to_the_finish(loaded: World) -> None:
    acknowledged(loaded, JAN, {"1": "3000.00"})
    progress(loaded, 2, 100)
    report = earned_value_report(loaded.program)
    assert report.month == MAR and not report.closed
    assert [p.status for p in report.periods] == ["unmeasured", "unmeasured", "open"]
    assert report.periods[-1].planned == report.planned_curve[-1]
    assert report.program.ev == Decimal("4000.00") and report.program.ac == Decimal("3000.00")
    # Actual time counts March to the 15th: 2 + 15/31 months.
    assert report.schedule is not None and report.schedule.at == Decimal("2.4839")
    assert report.lights.overall.indicator in {"CPI", "SPI", "SPI(t)"}
    assert report.closable == JAN


def test_closing_freezes_the_month(loaded: World) -> None:
    world = loaded
    acknowledged(world, JAN, {"1": "3000.00"})
    progress(world, 2, 100)
    period, _ = period_close(acting_user=world.user(PM), program=world.program, month=JAN)
    frozen = dict(period.figures)
    assert frozen["schema"] == 1 and frozen["status_date"] == "2027-01-31"
    assert frozen["accounts"]["1"] == [1_605_000, 1_605_000, 400_000, 300_000]
    assert AuditEvent.objects.filter(target_type__model="statusperiod").exists()
    # Later progress and later expenditure (even a correction reported for January) do not
    # change the closed month.
    progress(world, 3, 100)
    acknowledged(world, JAN, {"1": "-500.00"}, revision=2)
    acknowledged(world, FEB, {"1": "800.00"})
    period.refresh_from_db()
    assert period.figures == frozen
    report = earned_value_report(world.program, JAN)
    assert report.closed and report.program.ev == Decimal("4000.00")
    assert report.program.ac == Decimal("3000.00")
    # The live month moves on.
    live = earned_value_report(world.program)
    assert live.program.ev > Decimal("4000.00")
    assert [p.status for p in live.periods][:1] == ["closed"]


def test_months_close_in_order_and_only_once_they_have_ended(loaded: World) -> None:
    world = loaded
    user = world.user(PM)
    with pytest.raises(DomainError, match="close January 2027 before February 2027") as refused:
        period_close(acting_user=user, program=world.program, month=FEB)
    assert refused.value.field == "month"
    with pytest.raises(DomainError, match="has not ended"):
        period_close(acting_user=user, program=world.program, month=MAR)
    with pytest.raises(DomainError, match="has not ended"):
        period_close(acting_user=user, program=world.program, month=APR)
    with pytest.raises(DomainError, match="nothing to close before it"):
        period_close(acting_user=user, program=world.program, month=date(2026, 12, 1))
    assert not StatusPeriod.objects.filter(program=world.program).exists()
    period_close(acting_user=user, program=world.program, month=JAN)
    with pytest.raises(DomainError, match="closed already"):
        period_close(acting_user=user, program=world.program, month=JAN)
    period_close(acting_user=user, program=world.program, month=FEB)
    assert list(
        StatusPeriod.objects.filter(program=world.program).values_list("month", flat=True)
    ) == [JAN, FEB]
    assert earned_value_report(world.program).closable is None


@pytest.mark.parametrize(
    "username",
    [
        "customer.pmo_team",
        "provider.pmo_team",
        "customer.viewer",
        "customer.executive_sponsor",
        "independent.ivv_agent",
        "outsider",
    ],
)
def test_only_managers_who_see_costs_close_and_nothing_changes(
    loaded: World, username: str
) -> None:
    events = AuditEvent.objects.count()
    with pytest.raises(PermissionRefused, match="Program Managers and PMO Leads"):
        period_close(acting_user=loaded.user(username), program=loaded.program, month=JAN)
    assert not StatusPeriod.objects.filter(program=loaded.program).exists()
    assert AuditEvent.objects.count() == events


@pytest.mark.parametrize("username", ["customer.program_manager", "provider.pmo_lead"])
def test_managers_of_either_party_close(loaded: World, username: str) -> None:
    period, _ = period_close(acting_user=loaded.user(username), program=loaded.program, month=JAN)
    assert period.closed and period.closed_by == loaded.user(username)


@pytest.mark.parametrize(
    ("figures", "field"),
    [
        ({"schema": 2}, "figures"),
        ({"schema": 1, "status_date": "soon", "accounts": {}}, "status_date"),
        (
            {"schema": 1, "status_date": FEB_END, "accounts": {"1": [1, 0, 0, 0]}},
            "status_date",
        ),
        ({"schema": 1, "status_date": "2027-01-31", "accounts": {}}, "accounts"),
        ({"schema": 1, "status_date": "2027-01-31", "accounts": {"1": [1, 2, 0, 0]}}, "accounts"),
        ({"schema": 1, "status_date": "2027-01-31", "accounts": {"1": [1, 0, "x", 0]}}, "accounts"),
    ],
)
def test_frozen_figures_are_checked_naming_the_field(
    loaded: World, figures: dict[str, object], field: str
) -> None:
    with pytest.raises(DomainError) as refused:
        period_freeze(
            acting_user=loaded.user(PM), program=loaded.program, month=JAN, figures=figures
        )
    assert refused.value.field == field
    assert not StatusPeriod.objects.filter(program=loaded.program).exists()


def test_earned_value_from_the_stored_tasks_is_the_engine_s(loaded: World) -> None:
    """The live month reads each account's EV from the stored tasks (recomputed on every
    change) rather than computing the schedule again: the same cents as the engine's roll-up,
    with every technique, a summary's rolled-up percent and a task half done."""
    from pmp.selectors.earned_value import earned_now
    from schedule.models import Task
    from schedule.selectors.earned_value import earned_value_basis
    from schedule.services.compute import recompute

    world = loaded
    schedule = Task.objects.get(schedule__program=world.program, uid=2).schedule
    Task.objects.filter(schedule=schedule, uid=3).update(ev_method="50/50")
    Task.objects.filter(schedule=schedule, uid=9).update(ev_method="0/100")
    recompute(schedule)
    progress(world, 2, 100)
    progress(world, 3, 30)
    progress(world, 7, 45)
    progress(world, 9, 60)
    basis = basis_for(world.program)
    schedule.refresh_from_db()
    engine = earned_value_basis(schedule, date(2027, 3, 15)).values.tasks
    expected = {
        a.wbs: int(engine[a.task_uid].ev * 100) if a.task_uid in engine else 0
        for a in basis.accounts
    }
    assert earned_now(basis, date(2027, 3, 15)) == expected
    assert any(expected.values())
