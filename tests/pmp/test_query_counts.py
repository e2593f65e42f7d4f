"""The log's list page, the heat map and the API list read a fixed number of queries,
whatever the number of items."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.conftest import World

from .conftest import record


def _count(client: object, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)  # type: ignore[attr-defined]
    assert response.status_code == 200
    return len(queries)


def test_query_counts_do_not_grow_with_rows(world: World) -> None:
    client = world.client("provider.pmo_team")
    urls = [
        "/programs/alpha/pmp/raid/",
        "/programs/alpha/pmp/raid/?kind=risk&band=very_high&overdue=true",
        "/programs/alpha/pmp/raid/heat-map/",
        "/programs/alpha/pmp/raid/action-items/",
        "/api/programs/alpha/pmp/raid/items/",
    ]
    for kind in ("risk", "action", "issue", "decision"):
        record(world, kind)
    [_count(client, url) for url in urls]  # warm the per-process caches (content types)
    # Both counts are of the first reads after a write: nothing kept for the program is reused.
    record(world, "risk")
    few = [_count(client, url) for url in urls]
    for _ in range(6):
        for kind in ("risk", "action", "issue", "decision"):
            record(world, kind)
    assert [_count(client, url) for url in urls] == few
