"""Importing the RAID log from a workbook: an export comes back unchanged, an edited cell
updates its item (audited), new rows are recorded in order, and every bad row or cell is
refused, located by row and column, with nothing changed."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db.models import QuerySet

from pmp.models import RaidItem, RiskScore
from programs.models import AuditEvent
from tests.conftest import World

from .conftest import CUSTOMER_EDITOR, PROVIDER_EDITOR
from .raid_workbooks import edited, exported, refused, row_of, run, sheet_of, state


def events_of(item: RaidItem) -> QuerySet[AuditEvent]:
    return AuditEvent.objects.filter(target_type__model="raiditem", target_id=str(item.pk))


def test_an_export_imports_back_unchanged(world: World, items: dict[str, RaidItem]) -> None:
    data = exported(world)
    before = state(world)
    result = run(world, data, PROVIDER_EDITOR)
    assert (result.created, result.updated, result.unchanged) == ([], [], 4)
    items_before, events_before, scores_before = before
    assert state(world) == (items_before, events_before + 1, scores_before)
    event = AuditEvent.objects.latest("pk")
    assert event.changes["raid_import"] == [None, "raid.xlsx"]
    assert event.changes["unchanged"] == [None, 4]


def test_an_edited_cell_updates_its_item_only(world: World, items: dict[str, RaidItem]) -> None:
    data = exported(world)
    risk = items["risk"]
    row = row_of(data, risk.reference)
    data = edited(data, {(row, "Inherent probability"): "Rare", (row, "Title"): "  Renamed  "})
    result = run(world, data, CUSTOMER_EDITOR)
    assert (result.created, result.updated, result.unchanged) == ([], [risk.reference], 3)
    risk.refresh_from_db()
    assert (risk.title, risk.inherent_probability, risk.inherent_score) == ("Renamed", 1, 5)
    assert risk.revision == 2  # an edit form opened before the import is now stale
    event = events_of(risk).latest("pk")
    assert event.changes == {
        "title": ["Payroll history fails to reconcile", "Renamed"],
        "inherent_probability": [4, 1],
        "inherent_score": [20, 5],
        "revision": [1, 2],
        "via": [None, "import"],
    }
    assert RiskScore.objects.filter(item=risk).count() == 2
    assert run(world, data, CUSTOMER_EDITOR).updated == []  # the second time, nothing changes


def test_new_rows_are_recorded_in_order(world: World, items: dict[str, RaidItem]) -> None:
    data = exported(world)
    today = date.today()
    added = [
        {
            "Type": "risk",
            "Title": "Interface vendor goes out of business",
            "Owning party": "Shared (S)",
            "Category": "Provider and acquisition",
            "Inherent probability": "2: Unlikely",
            "Inherent impact": 5,
            "Response strategy": "Transfer",
        },
        {
            "Type": "Action",
            "Title": "Chase the interface contract",
            "Owning party": "customer",
            "Owner": "customer.pmo_team",
            "Due": today + timedelta(days=5),
            "Date raised": today.isoformat(),
        },
        {
            "Type": "Risk",
            "Title": "Second new risk",
            "Owning party": "Shared",
            "Category": "data",
            "Inherent probability": 3,
            "Inherent impact": 3,
        },
    ]
    result = run(world, edited(data, {}, add=added), CUSTOMER_EDITOR)
    assert result.created == ["R-2", "A-2", "R-3"]
    assert result.unchanged == 4
    risk = RaidItem.objects.get(program=world.program, kind="risk", number=2)
    assert (risk.owner_party, risk.category, risk.inherent_score, risk.status) == (
        "shared",
        "vendor",
        10,
        "open",
    )
    assert risk.next_review_on is not None  # the scheme's interval after the day raised
    assert risk.raised_by == world.user(CUSTOMER_EDITOR)
    action = RaidItem.objects.get(program=world.program, kind="action", number=2)
    assert action.owner is not None and action.owner.user.username == "customer.pmo_team"
    created = events_of(risk).get(action="create")
    assert created.changes["via"] == [None, "import"]
    assert created.changes["title"] == [None, "Interface vendor goes out of business"]
    assert RiskScore.objects.filter(item=risk).count() == 1


def test_headers_are_matched_without_case_or_spacing(world: World) -> None:
    data = sheet_of(
        [
            [
                "  TYPE ",
                "title",
                "owning  PARTY",
                "Category",
                "Inherent Probability",
                "inherent impact",
            ],
            ["Risk", "Data loss", "Shared", "Data migration", 2, "Major"],
        ]
    )
    assert run(world, data, CUSTOMER_EDITOR).created == ["R-1"]


@pytest.mark.parametrize(
    ("header", "problem"),
    [
        (["Type", "Title"], "Row 1, Owning party: no column has this header"),
        (["Type", "Title", "Owning party", "Colour"], "Row 1, Colour: not a column"),
        (["Type", "Title", "Owning party", "title"], "Row 1, title: the header of two columns"),
    ],
)
def test_a_bad_header_row_is_refused_naming_the_column(
    world: World, header: list[str], problem: str
) -> None:
    data = sheet_of([header, ["Risk", "Data loss", "Shared", "x"][: len(header)]])
    problems = refused(world, data, CUSTOMER_EDITOR)
    assert any(p.startswith(problem) for p in problems), problems


def test_every_bad_cell_is_refused_with_row_and_column(
    world: World, items: dict[str, RaidItem]
) -> None:
    data = exported(world)
    risk_row = row_of(data, items["risk"].reference)
    action_row = row_of(data, items["action"].reference)
    decision_row = row_of(data, items["decision"].reference)
    data = edited(
        data,
        {
            (risk_row, "Inherent probability"): 7,
            (risk_row, "Category"): "Weather",
            (action_row, "Due"): "next week",
            (action_row, "Owner"): "nobody.here",
            (decision_row, "Title"): "x" * 201,
            (decision_row, "Status"): "Superseded",
        },
        add=[
            {"Type": "Risk", "Title": "No rating", "Owning party": "Shared", "Category": "data"},
            {"Type": "Issue", "Title": "", "Owning party": "Provider", "Priority": "High"},
            {"Type": "Mishap", "Title": "What", "Owning party": "Shared"},
            {"Reference": "R-99", "Type": "Risk", "Title": "Gone", "Owning party": "Shared"},
            {
                "Type": "Action",
                "Title": "Old",
                "Owning party": "Customer",
                "Due": "2500-01-01",
                "Owner": "customer.pmo_team",
            },
            {
                "Type": "Risk",
                "Title": "Due risk",
                "Owning party": "Shared",
                "Category": "data",
                "Inherent probability": 1,
                "Inherent impact": 1,
                "Due": "2026-01-01",
            },
            {"Reference": "Q-4", "Type": "Risk", "Title": "Odd", "Owning party": "Shared"},
            {"Type": "Risk", "Title": "Odd party", "Owning party": "Both"},
        ],
    )
    problems = refused(world, data, CUSTOMER_EDITOR)
    expected = [
        f"Row {risk_row}, Category: “Weather” is not a category",
        f"Row {risk_row}, Inherent probability: 7 is not on the scheme's 1-5 scale "
        "(Rare … Almost certain).",
        f"Row {action_row}, Owner: “nobody.here” is not a member of the program",
        f"Row {action_row}, Due: “next week” is not a date",
        f"Row {decision_row}, Status: D-1 is proposed: in one step it becomes decided, "
        "not superseded.",
        "Row 6, Inherent probability: A risk is rated on probability and impact",
        "Row 7, Title: A RAID item needs a title.",
        "Row 8, Type: “Mishap” is not a type of RAID item",
        "Row 9, Reference: There is no R-99 in this RAID log",
        "Row 10, Due: The due date is between",
        "Row 11, Due: A risk has no due: leave the cell empty.",
        "Row 12, Reference: “Q-4” is not a reference",
        "Row 13, Owning party: “Both” is not an owning party",
    ]
    for start in expected:
        assert any(p.startswith(start) for p in problems), (start, problems)


def test_the_list_of_problems_is_capped_with_a_count(world: World) -> None:
    rows = [["Type", "Title", "Owning party", "Priority"]] + [["Issue", "", "Shared", "Low"]] * 250
    with pytest.raises(Exception) as caught:
        run(world, sheet_of(rows), CUSTOMER_EDITOR)
    error = caught.value
    assert len(error.extra["problems"]) == 200  # type: ignore[attr-defined]
    assert error.extra["more_problems"] == 50  # type: ignore[attr-defined]
    assert "250 problems" in str(error)


def test_a_provider_editor_may_not_change_a_customer_item(
    world: World, items: dict[str, RaidItem]
) -> None:
    data = exported(world)
    row = row_of(data, items["action"].reference)
    problems = refused(world, edited(data, {(row, "Title"): "Taken over"}), PROVIDER_EDITOR)
    assert problems == [
        f"Row {row}, Reference: A-1 is owned by the customer. Only the editors (Program "
        "Manager, PMO Lead, PMO team) of the party that owns a RAID item change it; a shared "
        "item, the editors of either party."
    ]
    new = edited(
        exported(world),
        {},
        add=[{"Type": "Issue", "Title": "Theirs", "Owning party": "Customer", "Priority": "Low"}],
    )
    assert refused(world, new, PROVIDER_EDITOR)[0].startswith("Row 6, Owning party: Only the")


def test_a_closed_item_is_refused_when_changed(world: World, items: dict[str, RaidItem]) -> None:
    from pmp.services.raid_workflow import item_transition

    risk = items["risk"]
    item_transition(acting_user=world.user(CUSTOMER_EDITOR), item=risk, name="close", reason="Gone")
    data = exported(world)
    row = row_of(data, risk.reference)
    assert run(world, data, CUSTOMER_EDITOR).unchanged == 4
    problems = refused(world, edited(data, {(row, "Effect"): "Worse"}), CUSTOMER_EDITOR)
    assert problems == [f"Row {row}, Reference: R-1 is closed: reopen it to change it."]


def test_a_viewer_imports_nothing(world: World, items: dict[str, RaidItem]) -> None:
    problems = refused(world, exported(world), "customer.viewer")
    assert problems[0].startswith("Only the editors")


@pytest.mark.parametrize(
    "data", [b"not a workbook", b"PK\x03\x04 broken zip"], ids=["text", "broken"]
)
def test_a_file_that_is_no_workbook_is_refused(world: World, data: bytes) -> None:
    problems = refused(world, data, CUSTOMER_EDITOR)
    assert problems == ["This workbook is not a RAID log: it is not an Excel workbook (.xlsx)."]


def test_the_import_reads_every_column_the_export_writes() -> None:
    from pmp.exports.raid import COLUMNS as EXPORTED
    from pmp.imports.raid_columns import COLUMNS

    assert [c.header for c in COLUMNS] == [c.header for c in EXPORTED]
