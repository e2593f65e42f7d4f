"""The RAID log's round trip: a log with every column filled, exported and saved again by
LibreOffice, imports back unchanged; its status, date done, last review, change request and
links cells, edited, change the items by the steps of their life cycles and the rules of
their links (audited, marked as imported). Bad values of those cells are located by row and
column, every problem of a row is reported, denied users change nothing, and the number of
queries does not grow with the rows."""

from __future__ import annotations

import io
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook

from pmp.models import RaidHistory, RaidItem, RaidLink
from pmp.services import raid as services
from pmp.services import raid_workflow as workflow
from pmp.services.raid import scheme_for
from programs.models import AuditEvent, Program, person_name
from tests.conftest import OUTSIDER, World
from tests.libreoffice import resaved_by_libreoffice

from .conftest import CUSTOMER_EDITOR, PROVIDER_EDITOR, record
from .raid_workbooks import edited, exported, refusal, refused, row_of, run, sheet_of, state

TODAY = date.today()


def _schedule(program: Program) -> Any:
    from schedule.models import Schedule

    return Schedule.objects.create(program=program, name="IMS", project_start=timezone.now())


def _change_request(world: World, schedule: Any, number: int) -> Any:
    from schedule.models import ChangeRequest

    return ChangeRequest.objects.create(
        schedule=schedule,
        number=number,
        title=f"Move mock conversion {number}",
        description="Two weeks later.",
        justification="The extract is late.",
        requested_by=world.user("customer.program_manager"),
        party="customer",
    )


@pytest.fixture
def targets(world: World) -> dict[str, Any]:
    """A task (UID 14), CR-1 and IVV-001 of alpha; a task (UID 99) and CR-7 of beta."""
    from schedule.models import Task
    from tests.ivv.conftest import file_finding

    ours, theirs = _schedule(world.program), _schedule(world.other_program)
    return {
        "task": Task.objects.create(schedule=ours, uid=14, position=1, name="Mock conversion 1"),
        "cr": _change_request(world, ours, 1),
        "finding": file_finding(world),
        "their_task": Task.objects.create(schedule=theirs, uid=99, position=1, name="Theirs"),
        "their_cr": _change_request(world, theirs, 7),
    }


@pytest.fixture
def full_log(world: World, items: dict[str, RaidItem], targets: dict[str, Any]) -> None:
    """Every column of the export filled by at least one item, as the pages fill them."""
    customer, provider = world.user(CUSTOMER_EDITOR), world.user(PROVIDER_EDITOR)
    risk, action, issue, decision = (items[k] for k in ("risk", "action", "issue", "decision"))
    services.item_update(
        acting_user=customer,
        item=risk,
        description="Legacy payroll codes.",
        trigger="Mock conversion 2 fails reconciliation.",
        proximity_on=TODAY + timedelta(days=30),
        on_status_report=True,
    )
    workflow.risk_review(acting_user=customer, item=risk)
    for kind, target in (
        ("task", targets["task"]),
        ("change_request", targets["cr"]),
        ("finding", targets["finding"]),
        ("raid_item", action),
    ):
        services.link_add(acting_user=customer, item=risk, kind=kind, target_id=target.pk)
    services.item_update(
        acting_user=provider,
        item=issue,
        impact="Testers wait.",
        escalation_level="joint_pmo",
        due_on=TODAY + timedelta(days=3),
    )
    workflow.issue_resolve(acting_user=provider, item=issue, resolution="Rebuilt.")
    workflow.action_complete(acting_user=customer, item=action, done_on=TODAY)
    services.item_update(
        acting_user=customer,
        item=decision,
        change_request=targets["cr"],
        rationale="Auditors ask for three years.",
        alternatives="Seven years; one year.",
    )
    workflow.decision_decide(acting_user=customer, item=decision, decided_on=TODAY)
    record(
        world,
        "action",
        title="Chase the mapping workshop",
        raised_on=TODAY - timedelta(days=10),
        due_on=TODAY - timedelta(days=1),
    )


def _sheet(data: bytes) -> list[tuple[Any, ...]]:
    sheet = load_workbook(io.BytesIO(data)).active
    assert sheet is not None
    return list(sheet.iter_rows(values_only=True))


def _events(item: RaidItem) -> Any:
    return AuditEvent.objects.filter(target_type__model="raiditem", target_id=str(item.pk))


def _links(item: RaidItem) -> set[str]:
    from pmp.imports.raid_links import link_token

    return {link_token(link) for link in RaidLink.objects.filter(item=item)}


@pytest.mark.usefixtures("full_log")
def test_a_full_log_round_trips_through_libreoffice_and_its_edits_apply(
    world: World, items: dict[str, RaidItem], targets: dict[str, Any], tmp_path: Path
) -> None:
    data = resaved_by_libreoffice(exported(world), tmp_path)
    header, *rows = _sheet(data)
    empty = [h for i, h in enumerate(header) if all(r[i] in (None, "") for r in rows)]
    assert empty == []  # every column filled
    risk_row = row_of(data, "R-1")
    assert rows[risk_row - 2][header.index("Links")].split("\n") == [
        "CR-1",
        "IVV-001",
        "A-1",
        "Task 14",
    ]
    before = state(world)
    result = run(world, data, CUSTOMER_EDITOR)
    assert (result.created, result.updated, result.unchanged) == ([], [], 5)
    assert state(world)[0] == before[0]

    risk, action, decision = items["risk"], items["action"], items["decision"]
    changed = edited(
        data,
        {
            (risk_row, "Status"): "Closed",
            (risk_row, "Links"): "CR-1; IVV-1\nI-1",
            (row_of(data, "A-1"), "Status"): "Open",
            (row_of(data, "A-1"), "Done"): "",
            (row_of(data, "A-2"), "Done"): TODAY.isoformat(),
            (row_of(data, "D-1"), "Change request"): "",
        },
    )
    result = run(world, changed, CUSTOMER_EDITOR)
    assert (sorted(result.updated), result.unchanged) == (["A-1", "A-2", "D-1", "R-1"], 1)
    for item in (risk, action, decision):
        item.refresh_from_db()
    second = RaidItem.objects.get(program=world.program, kind="action", number=2)
    assert (risk.status, risk.closed_on) == ("closed", TODAY)
    assert (action.status, action.done_on) == ("open", None)
    assert (second.status, second.done_on) == ("done", TODAY)
    assert decision.change_request is None
    assert _links(risk) == {"CR-1", "IVV-001", "I-1"}
    reason = [None, "Imported from raid.xlsx"]
    assert _events(risk).filter(action="transition").latest("pk").changes == {
        "transition": [None, "close"],
        "status": ["open", "closed"],
        "closed_on": [None, TODAY.isoformat()],
        "reason": reason,
        "revision": [risk.revision - 1, risk.revision],
        "via": [None, "import"],
    }
    assert _events(risk).filter(action="update").latest("pk").changes == {
        "links": [["A-1", "CR-1", "IVV-001", "Task 14"], ["CR-1", "I-1", "IVV-001"]],
        "via": [None, "import"],
    }
    assert _events(second).latest("pk").changes["done_on"] == [None, TODAY.isoformat()]
    assert _events(action).latest("pk").changes["status"] == ["done", "open"]
    assert _events(decision).latest("pk").changes == {
        "change_request": [str(targets["cr"]), None],
        "revision": [decision.revision - 1, decision.revision],
        "via": [None, "import"],
    }
    history = RaidHistory.objects.get(item=risk, action="close")
    assert (history.reason, history.actor_name) == (
        "Imported from raid.xlsx",
        person_name(world.user(CUSTOMER_EDITOR)),
    )
    assert run(world, changed, CUSTOMER_EDITOR).updated == []  # the second time, nothing


def test_a_decision_gets_its_change_request_and_is_decided(
    world: World, items: dict[str, RaidItem], targets: dict[str, Any]
) -> None:
    data = exported(world)
    row = row_of(data, "D-1")
    yesterday = TODAY - timedelta(days=1)
    data = edited(
        data,
        {
            (row, "Change request"): "cr-1",
            (row, "Status"): "Decided",
            (row, "Date decided"): yesterday,
        },
    )
    assert run(world, data, CUSTOMER_EDITOR).updated == ["D-1"]
    decision = items["decision"]
    decision.refresh_from_db()
    assert (decision.change_request, decision.status, decision.decided_on) == (
        targets["cr"],
        "decided",
        yesterday,
    )


def test_a_risk_reviewed_today_records_its_review(world: World, items: dict[str, RaidItem]) -> None:
    data = exported(world)
    row = row_of(data, "R-1")
    assert run(world, edited(data, {(row, "Last reviewed"): TODAY}), CUSTOMER_EDITOR).updated == [
        "R-1"
    ]
    risk = items["risk"]
    risk.refresh_from_db()
    assert risk.last_reviewed_on == TODAY
    interval = scheme_for(world.program).review_interval_days
    assert risk.next_review_on == TODAY + timedelta(days=interval)
    assert RaidHistory.objects.filter(item=risk, action="review").count() == 1


def test_new_rows_take_their_status_and_links(
    world: World, items: dict[str, RaidItem], targets: dict[str, Any]
) -> None:
    added = {
        "Type": "Action",
        "Status": "Done",
        "Title": "Book the workshop",
        "Owning party": "Customer",
        "Owner": CUSTOMER_EDITOR,
        "Date raised": TODAY - timedelta(days=2),
        "Due": TODAY,
        "Done": TODAY - timedelta(days=1),
        "Links": "R-1, task 14",
    }
    result = run(world, edited(exported(world), {}, add=[added]), CUSTOMER_EDITOR)
    assert result.created == ["A-2"]
    action = RaidItem.objects.get(program=world.program, kind="action", number=2)
    assert (action.status, action.done_on) == ("done", TODAY - timedelta(days=1))
    assert _links(action) == {"R-1", "Task 14"}
    assert _events(action).get(action="create").changes["links"] == [None, ["R-1", "Task 14"]]
    assert _events(action).get(action="transition").changes["transition"] == [None, "complete"]


def test_bad_values_of_the_new_columns_are_located(
    world: World, items: dict[str, RaidItem], targets: dict[str, Any]
) -> None:
    data = exported(world)
    risk, action = row_of(data, "R-1"), row_of(data, "A-1")
    issue, decision = row_of(data, "I-1"), row_of(data, "D-1")
    data = edited(
        data,
        {
            (risk, "Links"): "CR-7\nTask 99\nR-1\nA-9",
            (risk, "Done"): TODAY,
            (risk, "Last reviewed"): TODAY - timedelta(days=3),
            (action, "Done"): TODAY + timedelta(days=400),
            (action, "Links"): "the big one",
            (issue, "Status"): "Closed",
            (decision, "Change request"): "CR-7",
        },
        add=[
            {"Type": "Risk", "Status": "Occurred", "Title": "x", "Owning party": "Shared"},
            {
                "Type": "Issue",
                "Title": "y",
                "Owning party": "Shared",
                "Priority": "Low",
                "Change request": "Change 4",
                "Status": "Decided",
            },
        ],
    )
    problems = refused(world, data, PROVIDER_EDITOR)
    expected = [
        f"Row {risk}, Links: There is no CR-7 in Program Alpha: a RAID item links only to a "
        "change request of its own program.",
        f"Row {risk}, Links: There is no Task 99 in Program Alpha",
        f"Row {risk}, Links: R-1 does not link to itself.",
        f"Row {risk}, Links: There is no A-9 in Program Alpha: a RAID item links only to "
        "another RAID item",
        f"Row {risk}, Done: A risk is not done: leave the cell empty.",
        f"Row {risk}, Last reviewed: A review is recorded on the day it happens",
        f"Row {action}, Links: “the big one” is not a reference to link to",
        f"Row {issue}, Status: I-1 is open: in one step it becomes resolved, not closed.",
        f"Row {decision}, Change request: There is no CR-7 in Program Alpha",
        "Row 6, Status: A risk that occurs becomes an issue",
        "Row 7, Change request: “Change 4” is not a change request: write its number as CR-3.",
        "Row 7, Status: An issue is open, resolved or closed.",
    ]
    for start in expected:
        assert any(p.startswith(start) for p in problems), (start, "\n".join(problems))
    # A-1 is the customer's: the provider's row changes nothing, one problem says why.
    assert [p for p in problems if p.startswith(f"Row {action}, ")] == [
        f"Row {action}, Links: “the big one” is not a reference to link to: write R-2, CR-3, "
        "IVV-004 or Task 14 (a task by its UID), one a line.",
        f"Row {action}, Reference: A-1 is owned by the customer. Only the editors (Program "
        "Manager, PMO Lead, PMO team) of the party that owns a RAID item change it; a shared "
        "item, the editors of either party.",
    ]


def test_a_done_date_is_checked_by_the_rules_of_its_step(
    world: World, items: dict[str, RaidItem]
) -> None:
    data = exported(world)
    row = row_of(data, "A-1")
    problems = refused(
        world, edited(data, {(row, "Done"): TODAY + timedelta(days=3)}), CUSTOMER_EDITOR
    )
    assert len(problems) == 1 and problems[0].startswith(f"Row {row}, Done: The date done"), (
        problems
    )


def test_every_problem_of_a_row_is_reported(world: World, items: dict[str, RaidItem]) -> None:
    data = exported(world)
    row = row_of(data, "A-1")
    data = edited(
        data,
        {(row, "Title"): "x" * 201, (row, "Due"): TODAY - timedelta(days=4000)},
        add=[
            {
                "Type": "Risk",
                "Title": "",
                "Owning party": "Shared",
                "Inherent probability": 9,
                "Inherent impact": 3,
                "Residual probability": 2,
            },
        ],
    )
    problems = refusal(world, data, CUSTOMER_EDITOR).extra["problems"]
    assert [p["place"] for p in problems] == [
        f"RAID log!D{row} (Title)",
        f"RAID log!I{row} (Due)",
        "RAID log!M6 (Inherent probability)",  # the cell, not also the rule of its rating
        "RAID log!D6 (Title)",
        "RAID log!J6 (Category)",
        "RAID log!Q6 (Residual impact)",
    ], problems
    assert problems[0]["detail"].startswith("The title is at most 200 characters"), problems


@pytest.mark.parametrize("name", [PROVIDER_EDITOR, "customer.viewer", OUTSIDER])
def test_denied_users_change_nothing(
    world: World, items: dict[str, RaidItem], targets: dict[str, Any], name: str
) -> None:
    data = exported(world)
    row = row_of(data, "A-1")  # the customer's
    data = edited(
        data, {(row, "Status"): "Cancelled", (row, "Links"): "CR-1", (row, "Title"): "Theirs"}
    )
    links = RaidLink.objects.count()
    problems = refused(world, data, name)
    assert RaidLink.objects.count() == links
    assert RaidItem.objects.get(pk=items["action"].pk).status == "open"
    if name == PROVIDER_EDITOR:
        assert problems == [
            f"Row {row}, Reference: A-1 is owned by the customer. Only the editors (Program "
            "Manager, PMO Lead, PMO team) of the party that owns a RAID item change it; a "
            "shared item, the editors of either party."
        ]
    else:
        assert problems[0].startswith("Only the editors")


def _rows(count: int, targets: dict[str, Any]) -> bytes:
    header = ["Type", "Status", "Title", "Owning party", "Owner", "Due", "Done", "Links"]
    rows: list[list[Any]] = [header]
    for n in range(count):
        rows.append(
            [
                "Action",
                "Done" if n % 2 else "Open",
                f"Action {n}",
                "Customer",
                CUSTOMER_EDITOR,
                TODAY,
                TODAY if n % 2 else None,
                "R-1\nCR-1\nIVV-001\nTask 14",
            ]
        )
    return sheet_of(rows)


def test_the_number_of_queries_does_not_grow_with_the_rows(
    world: World, items: dict[str, RaidItem], targets: dict[str, Any]
) -> None:
    counts = []
    for count in (3, 20):  # within one batch of inserts of SQLite
        with CaptureQueriesContext(connection) as queries:
            run(world, _rows(count, targets), CUSTOMER_EDITOR)
        counts.append(len(queries))
    data = exported(world)  # every item but the issue relinked to it
    references = [r[0] for r in _sheet(data)[1:]]
    cells = {(n, "Links"): "I-1" for n, ref in enumerate(references, start=2) if ref != "I-1"}
    with CaptureQueriesContext(connection) as queries:
        result = run(world, edited(data, cells), CUSTOMER_EDITOR)
    assert len(result.updated) == len(references) - 1
    assert counts[0] == counts[1], counts
    assert len(queries) <= counts[0] + 4, [q["sql"][:80] for q in queries.captured_queries]


def test_a_sheet_without_a_done_column_reopens_an_action(
    world: World, items: dict[str, RaidItem]
) -> None:
    action = items["action"]
    workflow.action_complete(acting_user=world.user(CUSTOMER_EDITOR), item=action)
    header = ["Reference", "Type", "Title", "Owning party", "Status"]
    data = sheet_of([header, ["A-1", "Action", action.title, "Customer", "Open"]])
    assert run(world, data, CUSTOMER_EDITOR).updated == ["A-1"]
    action.refresh_from_db()
    assert (action.status, action.done_on, action.closed_on) == ("open", None, None)
    assert RaidHistory.objects.get(item=action, action="reopen").reason == (
        "Imported from raid.xlsx"
    )
