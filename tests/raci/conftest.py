"""Fixtures of the RACI matrix tests: alpha's matrix, seeded as an editor first opens it."""

from __future__ import annotations

import pytest

from raci.models import RaciColumn, RaciMatrix, RaciRow
from raci.services.matrix import matrix_get_or_create
from tests.conftest import World


@pytest.fixture
def matrix(world: World) -> RaciMatrix:
    return matrix_get_or_create(
        program=world.program, acting_user=world.user("customer.program_manager")
    )


def row_of(matrix: RaciMatrix, owning_party: str) -> RaciRow:
    return RaciRow.objects.filter(matrix=matrix, owning_party=owning_party).first()  # type: ignore[return-value]


def column(matrix: RaciMatrix, label: str) -> RaciColumn:
    return RaciColumn.objects.get(matrix=matrix, label=label)
