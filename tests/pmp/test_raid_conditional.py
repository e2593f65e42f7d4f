"""The RAID log's exports and API list answer 304 to a client holding their ETag, until an
item is recorded."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from pmp import exports
from pmp.api.raid_views import RaidItemViewSet
from tests.conftest import World
from tests.programs.conditional_checks import assert_answers_304_until_a_write

from .conftest import record


@pytest.mark.parametrize(
    ("path", "builder"),
    [
        ("/programs/alpha/pmp/raid/export.xlsx", "raid_xlsx"),
        ("/programs/alpha/pmp/raid/export.pdf?kind=risk", "raid_pdf"),
    ],
)
def test_exports_answer_304_until_an_item_is_recorded(
    world: World, monkeypatch: pytest.MonkeyPatch, path: str, builder: str
) -> None:
    record(world, "risk")
    assert_answers_304_until_a_write(
        world.client("provider.viewer"),
        path,
        builders=[(exports, builder)],
        write=lambda: record(world, "risk"),
        monkeypatch=monkeypatch,
    )


def test_the_api_list_answers_304_until_an_item_is_recorded(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    record(world, "issue")
    client = APIClient()
    client.force_authenticate(world.user("provider.viewer"))
    assert_answers_304_until_a_write(
        client,
        "/api/programs/alpha/pmp/raid/items/",
        builders=[(RaidItemViewSet, "get_serializer")],
        write=lambda: record(world, "issue"),
        monkeypatch=monkeypatch,
    )
