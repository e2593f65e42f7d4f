"""The OpenAPI schema: valid, with every operation's errors described by the error format."""

from __future__ import annotations

from typing import Any

import pytest
from drf_spectacular.validation import validate_schema
from rest_framework.test import APIClient

from programs.errors import ErrorCode

CHARTER_VERSION = "/api/programs/{code}/charter/versions/{number}/"


@pytest.fixture(scope="module")
def schema() -> dict[str, Any]:
    response = APIClient().get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    body: dict[str, Any] = response.json()
    return body


def test_schema_is_valid_openapi(schema: dict[str, Any]) -> None:
    validate_schema(schema)
    assert schema["openapi"].startswith("3.")


def test_schema_has_the_charter_actions(schema: dict[str, Any]) -> None:
    paths = schema["paths"]
    assert {"get", "post"} <= set(paths["/api/programs/{code}/charter/"])
    assert "patch" in paths[CHARTER_VERSION]
    for action in ("submit", "sign", "return-to-draft"):
        assert "post" in paths[f"{CHARTER_VERSION}{action}/"], action
    export = paths[f"{CHARTER_VERSION}export/"]["get"]
    assert set(export["responses"]["200"]["content"]) == {
        "application/pdf",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    }
    assert "get" in paths["/api/programs/{code}/charter/versions/compare/"]
    patch = paths[CHARTER_VERSION]["patch"]["responses"]
    assert patch["409"]["content"]["application/json"]["schema"]["$ref"].endswith(
        "/StaleVersionError"
    )
    assert "post" in paths["/api/auth/token/"]
    task = paths["/api/programs/{code}/schedule/tasks/{uid}/"]
    assert "ETag" in task["get"]["responses"]["200"]["headers"]
    changed = task["patch"]
    assert "If-Match" in {p["name"] for p in changed["parameters"] if p["in"] == "header"}
    assert changed["responses"]["412"]["content"]["application/json"]["schema"]["$ref"].endswith(
        "/StaleRecordError"
    )


def test_every_operation_declares_its_errors(schema: dict[str, Any]) -> None:
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            responses = operation["responses"]
            errors = [code for code in responses if code.startswith(("4", "5"))]
            assert errors, f"{method} {path} declares no error"
            for code in errors:
                ref = responses[code]["content"]["application/json"]["schema"]["$ref"]
                expected = {"409": "/StaleVersionError", "412": "/StaleRecordError"}
                assert ref.endswith(("/Error", expected.get(code, "/Error"))), (
                    method,
                    path,
                    code,
                )
            if path != "/api/auth/token/":
                assert {"401", "403"} <= set(responses), f"{method} {path}"
            if "{code}" in path:
                assert "404" in responses, f"{method} {path}"


def test_error_codes_are_the_domain_enum(schema: dict[str, Any]) -> None:
    assert schema["components"]["schemas"]["ErrorCode"]["enum"] == list(ErrorCode.values)


def test_interactive_docs_page_renders(db: None) -> None:
    response = APIClient().get("/api/docs/")
    assert response.status_code == 200
    # No inline script (the Content-Security-Policy refuses it): Swagger UI's set-up comes
    # from the page's own address, and reads the schema.
    assert b"<script>" not in response.content
    assert b'<script src="/api/docs/?script="></script>' in response.content
    script = APIClient().get("/api/docs/?script=")
    assert script.status_code == 200
    assert script["Content-Type"].startswith("application/javascript")
    assert b"/api/schema/" in script.content


def test_the_interactive_docs_load_nothing_from_another_host(db: None) -> None:
    import re

    from django.test import Client

    page = Client().get("/api/docs/")
    assert page.status_code == 200
    assets = re.findall(r'(?:src|href)="([^"]+)"', page.content.decode())
    assert any(a.endswith("swagger-ui-bundle.js") for a in assets)
    assert all(a.startswith("/static/") or a == "/api/docs/?script=" for a in assets), assets
