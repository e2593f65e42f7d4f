"""A program with a cost-loaded agreed baseline, its control accounts, and acknowledged
expenditure written straight into the tables (the expenditure services are a module of their
own); "today" is set by ``today_is``."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from pmp.models import ControlAccount, ExpenditureLine, ExpenditureReport, ReportStatus
from pmp.services.earned_value_setup import control_accounts_sync
from programs import limits
from schedule.models import Task
from schedule.services.tasks import task_update
from tests.conftest import World
from tests.schedule.test_earned_value import PM, agree, loaded_schedule

JAN, FEB, MAR, APR = date(2027, 1, 1), date(2027, 2, 1), date(2027, 3, 1), date(2027, 4, 1)


def today_is(monkeypatch: pytest.MonkeyPatch, day: date) -> None:
    monkeypatch.setattr(limits, "today", lambda: day)


def cost_loaded(world: World) -> list[ControlAccount]:
    """The sample IMS (January to March 2027) agreed with its costs; accounts 1 and 2."""
    agree(world, loaded_schedule(world))
    return control_accounts_sync(acting_user=world.user(PM), program=world.program)


def acknowledged(
    world: World, month: date, amounts: dict[str, str], *, revision: int = 1
) -> ExpenditureReport:
    """An acknowledged expenditure report of ``month`` with ``amounts`` by WBS."""
    report = ExpenditureReport.objects.create(
        program=world.program,
        period=month,
        revision=revision,
        status=ReportStatus.ACKNOWLEDGED,
        due_on=month.replace(day=28),
        submitted_by=world.user(PM),
        submitted_at=timezone.make_aware(datetime(month.year, month.month, 20)),
        acknowledged_by=world.user("customer.program_manager"),
        acknowledged_at=timezone.now(),
    )
    accounts = {a.wbs: a for a in ControlAccount.objects.filter(program=world.program)}
    for wbs, amount in amounts.items():
        ExpenditureLine.objects.create(
            report=report, control_account=accounts[wbs], amount=Decimal(amount)
        )
    return report


def progress(world: World, uid: int, percent: int) -> None:
    task = Task.objects.get(schedule__program=world.program, uid=uid)
    editor = "customer.program_manager" if task.owner_party == "customer" else PM
    task_update(acting_user=world.user(editor), task=task, percent_complete=percent)
