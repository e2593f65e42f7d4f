"""Benchmark of the RAID log's import from Excel: 2,000 risks in under 3 s (recorded new,
imported back unchanged, every one edited, and every one closed and linked, or reopened and
unlinked: a step of its life cycle and its links' changes). Run by ``run.py raid_log`` once
Django is set up on its throwaway database; the figures are wall and CPU milliseconds of whole
imports, reading the workbook included."""

from __future__ import annotations

import io
import itertools
from collections.abc import Callable
from typing import Any

RISKS = 2_000


def _workbook(rows: list[list[Any]]) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "RAID log"
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def new_risks() -> bytes:
    """A register of 2,000 risks as a spreadsheet keeps one: labels, full names, dates."""
    header = [
        "Type", "Title", "Description", "Owning party", "Owner", "Category", "Cause",
        "Effect", "Inherent probability", "Inherent impact", "Residual probability",
        "Residual impact", "Response strategy", "Trigger",
    ]  # fmt: skip
    labels = ["Rare", "Unlikely", "Possible", "Likely", "Almost certain"]
    rows: list[list[Any]] = [header]
    for n in range(RISKS):
        rows.append(
            [
                "Risk",
                f"Risk {n}: interface {n % 40} is late",
                "The interface carries payroll history to the new system. " * 3,
                ["Customer", "Shared", "Shared"][n % 3],
                ["Bench Customer", "Bench Provider", ""][n % 3],
                ["Data migration", "Schedule", "technical"][n % 3],
                "The provider's team is split across two releases.",
                "Go-live slips a pay period.",
                labels[n % 5],
                n // 5 % 5 + 1,
                n % 3 + 1,
                n // 3 % 4 + 1,
                "Mitigate",
                "Mock conversion 2 fails reconciliation.",
            ]
        )
    return _workbook(rows)


def _program(number: int) -> tuple[Any, Any]:
    """A program whose PMO Leads the workbook names by their full names."""
    from django.contrib.auth.models import User

    from programs.choices import Party, Role
    from tests.factories import make_member, make_program

    program = make_program(f"raid-import-{number}", name=f"RAID import {number}")
    user = make_member(program, f"bench.customer.{number}", Party.CUSTOMER, Role.PMO_LEAD).user
    other = make_member(program, f"bench.provider.{number}", Party.PROVIDER, Role.PMO_LEAD).user
    User.objects.filter(pk=user.pk).update(first_name="Bench", last_name="Customer")
    User.objects.filter(pk=other.pk).update(first_name="Bench", last_name="Provider")
    user.refresh_from_db()
    return program, user


def _stepped(exported: bytes) -> bytes:
    """``exported`` with every risk closed and linked to CR-1 and Task 1."""
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(exported))
    sheet = workbook.active
    assert sheet is not None
    headers = [c.value for c in sheet[1]]
    status, links = headers.index("Status") + 1, headers.index("Links") + 1
    for number in range(2, sheet.max_row + 1):
        sheet.cell(row=number, column=status, value="Closed")
        sheet.cell(row=number, column=links, value="CR-1\nTask 1")
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _targets(program: Any, user: Any) -> None:
    """CR-1 and the task of UID 1 in the program's schedule."""
    from django.utils import timezone

    from schedule.models import ChangeRequest, Schedule, Task

    schedule = Schedule.objects.create(program=program, name="IMS", project_start=timezone.now())
    Task.objects.create(schedule=schedule, uid=1, position=1, name="Mock conversion 1")
    ChangeRequest.objects.create(
        schedule=schedule,
        number=1,
        title="Move mock conversion 1",
        description="Two weeks later.",
        justification="The extract is late.",
        requested_by=user,
        party="customer",
    )


def run(measure: Callable[..., Any]) -> list[tuple[str, Any, str]]:
    """(label, timings, note) of each import measured."""
    from pmp.exports.raid import raid_xlsx
    from pmp.models import RaidItem
    from pmp.services.raid_import import raid_import

    numbers = itertools.count(1)
    data = new_risks()

    programs = [_program(next(numbers)) for _ in range(4)]  # one per run of record_new

    def record_new() -> None:
        program, user = programs.pop()
        result = raid_import(acting_user=user, program=program, data=data, filename="risks.xlsx")
        if len(result.created) != RISKS:
            raise RuntimeError(f"created {len(result.created)} risks, not {RISKS}")

    rows: list[tuple[str, Any, str]] = []
    created = measure(record_new, runs=3)
    rows.append((f"RAID import, {RISKS:,} new risks", created, f"{len(data) // 1024} KB"))

    program, user = _program(next(numbers))
    raid_import(acting_user=user, program=program, data=data, filename="risks.xlsx")
    items = list(RaidItem.objects.filter(program=program).select_related("owner__user"))
    exported = raid_xlsx(program, items)
    for item in items:
        item.title += " (revised)"
    revised = raid_xlsx(program, items)

    def unchanged() -> None:
        result = raid_import(acting_user=user, program=program, data=exported, filename="x.xlsx")
        if result.updated or result.created:
            raise RuntimeError("an unchanged export changed items")

    flip = itertools.cycle([revised, exported])

    def every_one_edited() -> None:
        result = raid_import(acting_user=user, program=program, data=next(flip), filename="x.xlsx")
        if len(result.updated) != RISKS:
            raise RuntimeError(f"updated {len(result.updated)} risks, not {RISKS}")

    rows.append(
        (f"RAID import, {RISKS:,} risks exported, unchanged", measure(unchanged, runs=3), "")
    )
    rows.append(
        (f"RAID import, {RISKS:,} risks, every title edited", measure(every_one_edited, runs=4), "")
    )

    _targets(program, user)
    steps = itertools.cycle([_stepped(exported), exported])

    def every_one_closed_or_reopened() -> None:
        result = raid_import(acting_user=user, program=program, data=next(steps), filename="x")
        if len(result.updated) != RISKS:
            raise RuntimeError(f"updated {len(result.updated)} risks, not {RISKS}")

    rows.append(
        (
            f"RAID import, {RISKS:,} risks, every one closed and linked, or reopened",
            measure(every_one_closed_or_reopened, runs=4),
            "",
        )
    )
    return rows
