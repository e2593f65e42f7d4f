"""The RACI rules as plain data: no database."""

from __future__ import annotations

from raci import rules
from raci.rules import Column, Row

ROWS = [Row(1, "Status report", "provider"), Row(2, "QASP", "customer")]
COLUMNS = [
    Column("cpm", "Customer PM", "customer"),
    Column("ppm", "Provider PM", "provider"),
    Column("ivv", "IV&V agent", "independent"),
]


def _check(cells: dict[tuple[int, str], str], limit: int = 8) -> rules.Results:
    return rules.check(ROWS, COLUMNS, cells, overload_limit=limit)


def test_exactly_one_a_and_an_r_per_row() -> None:
    results = _check({(1, "ppm"): "A", (1, "cpm"): "A", (2, "cpm"): "R"})
    messages = [v.message for v in results.errors]
    assert any("“Status report” has 2 A's" in m for m in messages)
    assert any("“Status report” has no R" in m for m in messages)
    assert any("“QASP” has no A" in m for m in messages)
    assert all(v.row is not None for v in results.errors)


def test_a_outside_the_owning_party_and_ivv_counts_as_neither() -> None:
    results = _check({(1, "ppm"): "A", (1, "ppm2"): "R", (2, "ivv"): "A", (2, "cpm"): "R"})
    warned = [(v.row, v.column) for v in results.warnings if v.rule == "a_of_owner"]
    assert warned == [(2, "ivv")]


def test_overload_and_idle_columns() -> None:
    rows = [Row(i, f"Row {i}", "shared") for i in range(3)]
    results = rules.check(rows, COLUMNS, {(i, "cpm"): "A" for i in range(3)}, overload_limit=2)
    assert [v.column for v in results.warnings if v.rule == "overload"] == ["cpm"]
    assert {v.column for v in results.warnings if v.rule == "idle_column"} == {"ppm", "ivv"}


def test_codes_of_a_variant() -> None:
    assert rules.code_error("r", "raci") is None
    assert "2 codes" in (rules.code_error("R/A", "raci") or "")
    assert "2 codes" in (rules.code_error("RA", "raci") or "")
    assert "not a code of the RACI variant" in (rules.code_error("S", "raci") or "")
    assert rules.code_error("S", "rasci") is None
    assert "not a code" in (rules.code_error("X", "raci") or "")


def test_compare_snapshots_lists_changed_cells() -> None:
    columns = [{"key": "role:customer:pm", "label": "Customer PM"}]
    old = {
        "columns": columns,
        "rows": [{"heading": "G", "title": "T", "cells": {"role:customer:pm": "R"}}],
    }
    new = {
        "columns": columns,
        "rows": [
            {"heading": "G", "title": "T", "cells": {"role:customer:pm": "A"}},
            {"heading": "G", "title": "U", "cells": {}},
        ],
    }
    assert rules.compare_snapshots(old, new) == [rules.CellChange("T", "Customer PM", "R", "A")]
    assert rules.compare_snapshots(new, new) == []
