"""What earned value stands on: the program's settings and its control accounts.

The control accounts are the WBS elements of the agreed IMS baseline at the settings' control
account level (a task above that level with nothing below it is an account of its own), each
with the baseline's cost of the element (rolled up from below it) as its budget at
completion.
``control_accounts_sync`` makes them match the agreed baseline: new elements become
accounts, budgets follow, and an element the baseline no longer has stays as an inactive
account, so that the reports that charged it keep their lines.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import User
from django.db import IntegrityError, transaction

from programs.choices import AuditAction
from programs.errors import DomainError, ErrorCode, PermissionRefused
from programs.models import Program
from programs.policy import can_see_costs
from programs.services.audit import audit_record, audit_update, snapshot

from ..models import ControlAccount, EacMethod, EarnedValueSettings
from .raid_rules import may_set_scheme

#: Who sets the earned value settings and the control accounts: as for the risk scheme.
SETTINGS_RULE = (
    "The earned value settings are set by the Program Managers and PMO Leads of the customer "
    "or the provider."
)
SETTINGS_FIELDS = [
    "control_account_level",
    "eac_method",
    "cost_threshold_percent",
    "cost_threshold_amount",
    "schedule_threshold_percent",
    "schedule_threshold_amount",
    "green_low",
    "green_high",
    "yellow_low",
    "yellow_high",
    "report_due_business_day",
    "explanation_due_business_days",
    "management_reserve",
]
MAX_LEVEL = 5
MAX_MONEY = Decimal("999999999999.99")


def may_manage_earned_value(user: Any, program: Program) -> bool:
    """Program Managers and PMO Leads of either party (or an administrator), who also see
    costs."""
    return may_set_scheme(user, program) and can_see_costs(user, program)


def settings_for(program: Program) -> EarnedValueSettings:
    """The program's earned value settings, made with the defaults on first use."""
    try:
        return program.earned_value_settings
    except EarnedValueSettings.DoesNotExist:
        pass
    try:
        with transaction.atomic():
            found = EarnedValueSettings.objects.create(program=program)
    except IntegrityError:  # made meanwhile by another request
        found = EarnedValueSettings.objects.get(program=program)
    program.earned_value_settings = found
    return found


def _check_settings(values: dict[str, Any]) -> None:
    """Each value within its limits, the bands in order; the refusal names the field."""
    level = values["control_account_level"]
    if isinstance(level, bool) or not isinstance(level, int) or not 1 <= level <= MAX_LEVEL:
        raise DomainError(
            f"Control accounts sit at a WBS level from 1 to {MAX_LEVEL}.",
            field="control_account_level",
        )
    methods = [method.value for method in EacMethod]
    if values["eac_method"] not in methods:
        raise DomainError(f"The EAC method is one of {', '.join(methods)}.", field="eac_method")
    for name in ("cost_threshold_percent", "schedule_threshold_percent"):
        if not Decimal(0) < Decimal(values[name]) <= Decimal(100):
            raise DomainError("A variance threshold is a percent above 0, up to 100.", field=name)
    for name in ("cost_threshold_amount", "schedule_threshold_amount", "management_reserve"):
        value = values[name]
        if value is not None and not Decimal(0) <= Decimal(value) <= MAX_MONEY:
            raise DomainError(f"An amount is from $0 to ${MAX_MONEY:,}.", field=name)
    low, green_low, green_high, high = (
        Decimal(values[n]) for n in ("yellow_low", "green_low", "green_high", "yellow_high")
    )
    if not Decimal(0) < low <= green_low <= Decimal(1) <= green_high <= high < Decimal(10):
        raise DomainError(
            "The bands must read: 0 < yellow low ≤ green low ≤ 1 ≤ green high ≤ yellow high.",
            field="green_low",
        )
    for name, limit in (("report_due_business_day", 20), ("explanation_due_business_days", 60)):
        value = values[name]
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= limit:
            raise DomainError(f"A number of business days from 1 to {limit}.", field=name)


def settings_update(*, acting_user: User, program: Program, **values: Any) -> EarnedValueSettings:
    """Change some of the settings (the others stay); audited."""
    if not may_manage_earned_value(acting_user, program):
        raise PermissionRefused(SETTINGS_RULE)
    unknown = set(values) - set(SETTINGS_FIELDS)
    if unknown:
        raise DomainError(f"Unknown setting: {', '.join(sorted(unknown))}.")
    with transaction.atomic():
        found = EarnedValueSettings.objects.select_for_update().get(pk=settings_for(program).pk)
        before = snapshot(found, SETTINGS_FIELDS)
        merged = {name: values.get(name, getattr(found, name)) for name in SETTINGS_FIELDS}
        _check_settings(merged)
        for name, value in merged.items():
            setattr(found, name, value)
        found.save()
        audit_update(
            acting_user=acting_user,
            program=program,
            target=found,
            before=before,
            fields=SETTINGS_FIELDS,
        )
    program.earned_value_settings = found
    return found


# -- control accounts --------------------------------------------------------------------------


@dataclass(frozen=True)
class Element:
    """A WBS element of the agreed baseline that is a control account."""

    wbs: str
    name: str
    task_uid: int
    budget: Decimal


def wbs_level(wbs: str) -> int:
    return wbs.count(".") + 1


def account_elements(
    tasks: list[tuple[int, str, str, bool, Decimal | None]], level: int
) -> list[Element]:
    """The control accounts of a baseline's WBS: ``tasks`` are (uid, WBS, name, summary,
    cost), a summary's cost rolled up from below it. An element at ``level`` is an account;
    so is a task above it that has nothing below it (a branch that stops short of the level).
    A task without a WBS code is an account of its own, named by its UID."""
    elements = []
    for uid, wbs, name, summary, cost in tasks:
        depth = wbs_level(wbs) if wbs else 1
        if depth == level or (depth < level and not summary) or not wbs:
            elements.append(Element(wbs or f"UID {uid}", name, uid, cost or Decimal("0.00")))
    return sorted(elements, key=lambda e: _wbs_key(e.wbs))


def _wbs_key(wbs: str) -> tuple[tuple[int, int | str], ...]:
    """WBS codes in outline order: 1.2 before 1.10."""
    return tuple((0, int(p)) if p.isdigit() else (1, p) for p in wbs.split("."))


def account_of(wbs: str, accounts: Collection[str]) -> str | None:
    """The account a task of WBS ``wbs`` charges: the account that is it or above it (the
    longest of its WBS prefixes that is an account; ``accounts`` a set, for many lookups)."""
    parts = wbs.split(".")
    for end in range(len(parts), 0, -1):
        candidate = ".".join(parts[:end])
        if candidate in accounts:
            return candidate
    return None


def baseline_elements(program: Program) -> tuple[int, list[Element]]:
    """The agreed baseline's number and its control accounts at the program's level."""
    # The schedule sits beside this app: read it only here.
    from schedule.models import Schedule
    from schedule.services.baselines import agreed_baseline

    schedule = Schedule.objects.filter(program=program).first()
    baseline = agreed_baseline(schedule) if schedule is not None else None
    if baseline is None:
        raise DomainError(
            "Control accounts come from the agreed IMS baseline; the program has none yet.",
            code=ErrorCode.NO_SCHEDULE,
        )
    rows = list(baseline.tasks.values_list("uid", "wbs", "name", "is_summary", "cost"))
    return baseline.number, account_elements(rows, settings_for(program).control_account_level)


def control_accounts_sync(*, acting_user: User, program: Program) -> list[ControlAccount]:
    """Make the program's control accounts those of the agreed baseline; audited. Returns
    the active accounts, in WBS order."""
    if not may_manage_earned_value(acting_user, program):
        raise PermissionRefused(SETTINGS_RULE)
    number, elements = baseline_elements(program)
    with transaction.atomic():
        existing = {
            a.wbs: a for a in ControlAccount.objects.select_for_update().filter(program=program)
        }
        wanted = {e.wbs: e for e in elements}
        for wbs, element in wanted.items():
            account = existing.get(wbs)
            if account is None:
                account = ControlAccount.objects.create(
                    program=program,
                    wbs=wbs,
                    name=element.name[:255],
                    task_uid=element.task_uid,
                    budget=element.budget,
                    baseline_number=number,
                )
                audit_record(
                    acting_user=acting_user,
                    program=program,
                    action=AuditAction.CREATE,
                    target=account,
                    changes={"budget": [None, str(element.budget)], "baseline": [None, number]},
                )
                continue
            fields = ["name", "task_uid", "budget", "baseline_number", "active"]
            before = snapshot(account, fields)
            account.name = element.name[:255]
            account.task_uid = element.task_uid
            account.budget = element.budget
            account.baseline_number = number
            account.active = True
            if snapshot(account, fields) != before:
                account.save()
                audit_update(
                    acting_user=acting_user,
                    program=program,
                    target=account,
                    before=before,
                    fields=fields,
                )
        for wbs, account in existing.items():
            if wbs not in wanted and account.active:
                account.active = False
                account.save(update_fields=["active", "updated_at"])
                audit_record(
                    acting_user=acting_user,
                    program=program,
                    action=AuditAction.UPDATE,
                    target=account,
                    changes={"active": [True, False]},
                )
    return list(ControlAccount.objects.filter(program=program, active=True).order_by("wbs"))
