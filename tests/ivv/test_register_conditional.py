"""The findings register's exports and API list answer 304 to a client holding their ETag,
until a finding is filed."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from ivv import exports
from ivv.api.views import FindingViewSet
from tests.conftest import World
from tests.programs.conditional_checks import assert_answers_304_until_a_write

from .conftest import file_finding


@pytest.mark.parametrize(
    ("path", "builder"),
    [
        ("/programs/alpha/ivv/export.xlsx?status=open", "findings_xlsx"),
        ("/programs/alpha/ivv/export.pdf", "findings_pdf"),
    ],
)
def test_exports_answer_304_until_a_finding_is_filed(
    world: World, monkeypatch: pytest.MonkeyPatch, path: str, builder: str
) -> None:
    file_finding(world)
    assert_answers_304_until_a_write(
        world.client("customer.viewer"),
        path,
        builders=[(exports, builder)],
        write=lambda: file_finding(world, title="Another finding"),
        monkeypatch=monkeypatch,
    )


def test_the_api_list_answers_304_until_a_finding_is_filed(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    file_finding(world)
    client = APIClient()
    client.force_authenticate(world.user("customer.viewer"))
    assert_answers_304_until_a_write(
        client,
        "/api/programs/alpha/ivv/findings/",
        builders=[(FindingViewSet, "get_serializer")],
        write=lambda: file_finding(world, title="Another finding"),
        monkeypatch=monkeypatch,
    )
    etag = client.get("/api/programs/alpha/ivv/findings/")["ETag"]
    outsider = APIClient()
    outsider.force_authenticate(world.user("outsider"))
    refused = outsider.get("/api/programs/alpha/ivv/findings/", HTTP_IF_NONE_MATCH=etag)
    assert refused.status_code == 404
