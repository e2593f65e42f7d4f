"""The version page and the API show the same signing requirements of a version."""

from __future__ import annotations

from programs.models import DocumentVersion

from ..conftest import World
from .conftest import Api


def test_the_version_page_and_the_api_show_the_requirements(
    world: World, approved_charter: DocumentVersion, api: Api
) -> None:
    client = world.client("customer.viewer")
    page = client.get("/programs/alpha/charter/v1/").content.decode()
    assert '<th scope="row">Customer signatory</th>' in page
    assert '<th scope="row">Provider signatory</th>' in page
    body = api("customer.viewer").get("/api/programs/alpha/charter/versions/1/").json()
    assert [(r["label"], r["party"], r["met"]) for r in body["signing_requirements"]] == [
        ("Customer signatory", "customer", True),
        ("Provider signatory", "provider", True),
    ]
    assert all(r["signed_by"] and r["signed_at"] for r in body["signing_requirements"])
