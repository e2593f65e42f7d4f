"""The schema and Swagger UI are for signed-in people unless API_DOCS_PUBLIC (the default only
when DEBUG)."""

from __future__ import annotations

from typing import Any

from django.test import Client
from rest_framework.test import APIClient

from ..conftest import World
from .conftest import Api, assert_error


def test_without_the_setting_the_schema_needs_a_login(
    world: World, api: Api, settings: Any
) -> None:
    settings.API_DOCS_PUBLIC = False
    response = APIClient().get("/api/schema/", {"format": "json"})
    assert_error(response, 401, "not_authenticated")

    assert api("customer.viewer").get("/api/schema/", {"format": "json"}).status_code == 200
    assert world.client("customer.viewer").get("/api/schema/").status_code == 200


def test_without_the_setting_the_docs_page_sends_to_the_login(world: World, settings: Any) -> None:
    settings.API_DOCS_PUBLIC = False
    response = Client().get("/api/docs/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/api/docs/"

    page = world.client("customer.viewer").get("/api/docs/")
    assert page.status_code == 200
    assert b"/api/docs/?script" in page.content  # Swagger UI's set-up script, as a file


def test_with_the_setting_both_are_public(db: None, settings: Any) -> None:
    settings.API_DOCS_PUBLIC = True
    assert APIClient().get("/api/schema/", {"format": "json"}).status_code == 200
    assert Client().get("/api/docs/").status_code == 200
