"""Services of the matrix: permissions per party (denied writes change nothing), limits,
the variant switch, snapshots and rule results, and a constant query count for the grid."""

from __future__ import annotations

import json

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from programs.errors import DomainError, PermissionRefused
from raci import selectors
from raci.models import RaciCell, RaciColumn, RaciMatrix, RaciRow, Variant
from raci.services import cells
from raci.services import matrix as services
from tests.conftest import World

from .conftest import column, row_of


def _set(
    world: World,
    matrix: RaciMatrix,
    who: str,
    row: RaciRow,
    col: RaciColumn,
    code: str | None,
    revision: int = 0,
) -> None:
    cells.cell_set(
        acting_user=world.user(who),
        matrix=matrix,
        row=row,
        column=col,
        code=code,
        revision=revision,
    )


def test_seeded_with_play_activities_processes_and_columns(matrix: RaciMatrix) -> None:
    keys = set(
        RaciRow.objects.filter(matrix=matrix)
        .exclude(activity_key="")
        .values_list("activity_key", flat=True)
    )
    assert {"agree_pmo_role", "document_raci"} <= keys and len(keys) == 9
    assert RaciRow.objects.filter(matrix=matrix, group__title="PMO processes").count() >= 9
    assert RaciColumn.objects.filter(matrix=matrix).count() == 9
    assert matrix.overload_limit == 8


@pytest.mark.parametrize(
    ("who", "owner", "allowed"),
    [
        ("customer.pmo_team", "customer", True),
        ("provider.pmo_team", "customer", False),
        ("provider.pmo_team", "provider", True),
        ("customer.program_manager", "provider", False),
        ("provider.pmo_lead", "shared", True),
        ("customer.pmo_lead", "shared", True),
        ("independent.ivv_agent", "shared", False),
        ("customer.viewer", "customer", False),
        ("customer.executive_sponsor", "customer", False),
    ],
)
def test_codes_are_set_by_editors_of_the_owning_party(
    world: World, matrix: RaciMatrix, who: str, owner: str, allowed: bool
) -> None:
    row = row_of(matrix, owner)
    col = column(matrix, "Customer PMO Lead")
    if allowed:
        _set(world, matrix, who, row, col, "R")
        assert RaciCell.objects.get(row=row, column=col).code == "R"
    else:
        with pytest.raises((PermissionRefused, PermissionDenied)):
            _set(world, matrix, who, row, col, "R")
        assert not RaciCell.objects.exists()


def test_structure_is_shared_but_not_by_ivv(world: World, matrix: RaciMatrix) -> None:
    group = matrix.groups.first()
    assert group is not None
    services.row_create(
        acting_user=world.user("provider.pmo_team"), matrix=matrix, group=group, title="New row"
    )
    with pytest.raises(PermissionDenied):
        services.row_create(
            acting_user=world.user("independent.ivv_agent"),
            matrix=matrix,
            group=group,
            title="Other",
        )
    assert not RaciRow.objects.filter(title="Other").exists()


def test_handing_a_row_to_another_party_needs_both(world: World, matrix: RaciMatrix) -> None:
    row = row_of(matrix, "customer")
    with pytest.raises(PermissionRefused):
        services.row_update(
            acting_user=world.user("provider.pmo_team"), row=row, owning_party="provider"
        )
    row.refresh_from_db()
    assert row.owning_party == "customer"


def test_limits_name_field_and_rule(world: World, matrix: RaciMatrix) -> None:
    group = matrix.groups.first()
    assert group is not None
    with pytest.raises(DomainError) as error:
        services.row_create(
            acting_user=world.user("customer.pmo_lead"), matrix=matrix, group=group, title="x" * 201
        )
    assert error.value.field == "title" and "200" in error.value.message
    for i in range(services.MAX_COLUMNS - RaciColumn.objects.filter(matrix=matrix).count()):
        RaciColumn.objects.create(
            matrix=matrix, label=f"Extra {i}", party=f"extra{i}", role="", position=100 + i
        )
    with pytest.raises(DomainError) as error:
        services.column_create(
            acting_user=world.user("customer.pmo_lead"), matrix=matrix, party="provider", role="sme"
        )
    assert "at most 60 columns" in error.value.message


def test_second_a_refused_and_rasci_to_raci_refused_while_s(
    world: World, matrix: RaciMatrix
) -> None:
    row = row_of(matrix, "shared")
    first, second = (
        column(matrix, "Customer Program Manager"),
        column(matrix, "Provider Program Manager"),
    )
    _set(world, matrix, "customer.pmo_lead", row, first, "A")
    with pytest.raises(DomainError) as error:
        _set(world, matrix, "customer.pmo_lead", row, second, "A")
    assert "already has its A: Customer Program Manager; clear it first" in error.value.message
    services.matrix_update(
        acting_user=world.user("provider.pmo_team"), matrix=matrix, variant=Variant.RASCI
    )
    _set(world, matrix, "customer.pmo_lead", row, second, "S")
    with pytest.raises(DomainError) as error:
        services.matrix_update(
            acting_user=world.user("provider.pmo_team"), matrix=matrix, variant=Variant.RACI
        )
    assert f"“{row.title}” / Provider Program Manager" in error.value.message
    matrix.refresh_from_db()
    assert matrix.variant == Variant.RASCI


def test_snapshot_is_json_and_rule_results(world: World, matrix: RaciMatrix) -> None:
    row = row_of(matrix, "shared")
    _set(world, matrix, "customer.pmo_lead", row, column(matrix, "Customer Program Manager"), "A")
    snapshot = selectors.matrix_snapshot(world.program)
    json.dumps(snapshot)
    found = next(r for r in snapshot["rows"] if r["title"] == row.title)
    assert found["cells"] == {"role:customer:program_manager": "A"}
    results = selectors.rule_results(world.program)
    assert any("has no R" in v.message and v.row == row.pk for v in results.errors)
    assert not any("has no A" in v.message and v.row == row.pk for v in results.errors)


def _big(world: World, matrix: RaciMatrix, rows: int) -> None:
    group = matrix.groups.first()
    assert group is not None
    RaciRow.objects.bulk_create(
        [
            RaciRow(matrix=matrix, group=group, title=f"Generated {i}", position=100 + i)
            for i in range(rows)
        ]
    )
    columns = list(RaciColumn.objects.filter(matrix=matrix))
    RaciCell.objects.bulk_create(
        [
            RaciCell(row=r, column=c, code="RACI"[(r.pk + c.pk) % 4])
            for r in RaciRow.objects.filter(matrix=matrix)
            for c in columns
        ]
    )


def test_grid_query_count_does_not_grow_with_rows(world: World, matrix: RaciMatrix) -> None:
    client = world.client("customer.pmo_lead")
    url = reverse("raci:matrix", kwargs={"code": "alpha"})
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    _big(world, matrix, 200)
    with CaptureQueriesContext(connection) as big:
        assert client.get(url).status_code == 200
    assert len(big) == len(small)
    assert len(big) < 25
