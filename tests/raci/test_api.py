"""The RACI API: batch updates all or nothing with each problem located, refusals by party,
stale revisions, other programs' rows, and outsiders."""

from __future__ import annotations

from typing import Any

from rest_framework.test import APIClient

from raci.models import RaciCell, RaciMatrix
from tests.conftest import World

from .conftest import column, row_of

BASE = "/api/programs/alpha/raci/"


def _api(world: World, who: str) -> APIClient:
    client = APIClient()
    client.force_authenticate(world.user(who))
    return client


def _batch(client: APIClient, cells: list[dict[str, Any]]) -> Any:
    return client.post(f"{BASE}cells/", {"cells": cells}, format="json")


def test_batch_sets_cells_and_is_atomic(world: World, matrix: RaciMatrix) -> None:
    row = row_of(matrix, "shared")
    cpm, ppm = (
        column(matrix, "Customer Program Manager"),
        column(matrix, "Provider Program Manager"),
    )
    client = _api(world, "provider.pmo_team")
    ok = _batch(
        client,
        [
            {"row": row.pk, "column": cpm.pk, "code": "A", "revision": 0},
            {"row": row.pk, "column": ppm.pk, "code": "R", "revision": 0},
        ],
    )
    assert ok.status_code == 200, ok.json()
    assert {c["code"] for c in ok.json()} == {"A", "R"}
    bad = _batch(
        client,
        [
            {"row": row.pk, "column": ppm.pk, "code": None, "revision": 1},
            {"row": row.pk, "column": column(matrix, "IV&V agent").pk, "code": "A", "revision": 0},
            {
                "row": row.pk,
                "column": column(matrix, "Customer PMO Lead").pk,
                "code": "S",
                "revision": 0,
            },
        ],
    )
    assert bad.status_code == 400
    problems = {p["place"]: p["detail"] for p in bad.json()["problems"]}
    assert "already has its A: Customer Program Manager; clear it first" in problems["cells[1]"]
    assert "not a code of the RACI variant" in problems["cells[2]"]
    assert RaciCell.objects.get(row=row, column=ppm).code == "R"  # the clear was not written


def test_stale_revision_409_and_foreign_rows_400(world: World, matrix: RaciMatrix) -> None:
    row = row_of(matrix, "shared")
    cpm = column(matrix, "Customer Program Manager")
    client = _api(world, "customer.pmo_team")
    _batch(client, [{"row": row.pk, "column": cpm.pk, "code": "R", "revision": 0}])
    stale = _batch(client, [{"row": row.pk, "column": cpm.pk, "code": "C", "revision": 0}])
    assert stale.status_code == 409 and "customer.pmo_team set it to R" in stale.json()["detail"]
    foreign = _batch(client, [{"row": 999999, "column": cpm.pk, "code": "C", "revision": 1}])
    assert foreign.status_code == 400 and foreign.json()["problems"][0]["place"] == "cells[0]"
    assert RaciCell.objects.get().code == "R"


def test_party_refusal_and_ivv_and_outsider(world: World, matrix: RaciMatrix) -> None:
    row = row_of(matrix, "customer")
    cell = {
        "row": row.pk,
        "column": column(matrix, "Provider PMO Lead").pk,
        "code": "R",
        "revision": 0,
    }
    assert _batch(_api(world, "provider.pmo_team"), [cell]).status_code == 403
    assert _batch(_api(world, "independent.ivv_agent"), [cell]).status_code == 403
    outsider = _api(world, "outsider")
    for path in ("", "rows/", "columns/", "cells/", "rules/"):
        assert outsider.get(f"{BASE}{path}").status_code == 404, path
    assert _batch(outsider, [cell]).status_code == 404
    assert not RaciCell.objects.exists()


def test_rows_columns_matrix_and_rules(world: World, matrix: RaciMatrix) -> None:
    client = _api(world, "provider.pmo_lead")
    created = client.post(
        f"{BASE}rows/",
        {"group": "PMO processes", "title": "Lessons learned", "owning_party": "provider"},
        format="json",
    )
    assert created.status_code == 201, created.json()
    assert (
        client.patch(
            f"{BASE}rows/{created.json()['id']}/",
            {"title": "Lessons learned register"},
            format="json",
        ).status_code
        == 200
    )
    assert (
        client.post(
            f"{BASE}columns/", {"party": "provider", "role": "sme"}, format="json"
        ).status_code
        == 201
    )
    assert client.patch(BASE, {"variant": "rasci"}, format="json").json()["variant"] == "rasci"
    rules = client.get(f"{BASE}rules/").json()
    assert any("Lessons learned register" in e["message"] for e in rules["errors"])
    assert (
        _api(world, "independent.ivv_agent")
        .patch(BASE, {"variant": "raci"}, format="json")
        .status_code
        == 404
    )
    matrix.refresh_from_db()
    assert matrix.variant == "rasci"
