"""The embedded SQLite database under two simultaneous writers: the later of two conflicting
requests gets the same domain refusal as on PostgreSQL, never "database is locked", and what
was written is whole. The races run in their own process on a SQLite file of their own
(tests/sqlite_races.py), whatever database the rest of the suite uses, since an in-memory test
database shared by one connection cannot show them."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings

ROUNDS = 3


@pytest.fixture(scope="module")
def races(tmp_path_factory: pytest.TempPathFactory) -> list[dict[str, Any]]:
    database: Path = tmp_path_factory.mktemp("sqlite-races") / "portal.sqlite3"
    result = subprocess.run(
        [sys.executable, "-m", "tests.sqlite_races", str(database), str(ROUNDS)],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    results: list[dict[str, Any]] = json.loads(result.stdout.strip().splitlines()[-1])
    return results


def of(races: list[dict[str, Any]], name: str) -> list[dict[str, Any]]:
    found = [r for r in races if r["race"] == name]
    assert len(found) == ROUNDS
    return found


def test_two_saves_of_the_same_draft(races: list[dict[str, Any]]) -> None:
    for result in of(races, "save the same draft"):
        assert sorted(result["outcomes"]) == ["ok", "stale_version"], result
        assert result["revision_gain"] == 1
        winner = ("cpm", "ppm")[result["outcomes"].index("ok")]
        assert result["purpose"] == f"Purpose as {winner} wrote it."


def test_two_signatories_of_one_party_sign_at_once(races: list[dict[str, Any]]) -> None:
    for result in of(races, "sign the same version"):
        assert sorted(result["outcomes"]) == ["ok", "party_already_signed"], result
        assert result["signatures"] == 1
        assert result["status"] == "in_review"  # the provider has not signed yet


def test_two_program_managers_of_one_party_decide_at_once(races: list[dict[str, Any]]) -> None:
    for result in of(races, "decide the same change request"):
        assert sorted(result["outcomes"]) == ["already_decided", "ok"], result
        customer = [d for party, d in result["decisions"] if party == "customer"]
        assert len(customer) == 1 and len(result["decisions"]) == 2
        # Whole: an approval decided it and applied the change, a rejection neither.
        approved = customer == ["approve"]
        assert result["status"] == ("approved" if approved else "rejected")
        assert result["applied"] is approved
