"""Helpers of the API tests: a client per user authenticated by API token, URLs, and a check
that a refused request changed nothing."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from django.db import models
from django.forms.models import model_to_dict
from django.http import HttpResponse
from rest_framework.test import APIClient

from accounts.models import ApiToken
from programs.models import AuditEvent, DocumentVersion

from ..conftest import World
from ..factories import make_charter

EDITOR = "customer.program_manager"
SPONSORS = ("customer.executive_sponsor", "provider.executive_sponsor")
# Members who only read (customer viewer, the IV&V agent) and a member of another program.
READ_ONLY = ("customer.viewer", "independent.ivv_agent", "outsider")

Api = Callable[[str], APIClient]


@pytest.fixture
def api(world: World) -> Api:
    """``api("customer.viewer")``: a client sending that user's API token."""

    def client(name: str) -> APIClient:
        _, secret = ApiToken.objects.create(user=world.user(name), name="tests")
        c = APIClient()
        c.credentials(HTTP_AUTHORIZATION=f"Token {secret}")
        return c

    return client


def program_url(tail: str = "", code: str = "alpha") -> str:
    return f"/api/programs/{code}/{tail}"


def charter_url(tail: str = "", code: str = "alpha") -> str:
    return f"/api/programs/{code}/charter/{tail}"


def _state(rows: tuple[models.Model, ...]) -> list[Any]:
    state: list[Any] = []
    for row in rows:
        fresh = type(row)._default_manager.filter(pk=row.pk).first()
        state.append(None if fresh is None else model_to_dict(fresh))
        if isinstance(row, DocumentVersion):
            state.append(list(row.signatures.values_list("pk", "voided_at")))
            state.append(row.document.versions.count())
    return state


@contextmanager
def nothing_changes(*rows: models.Model, model: type[models.Model] | None = None) -> Iterator[None]:
    """Assert that the block leaves ``rows`` (and the number of ``model`` rows) as they were and
    records no audit event."""
    before = (_state(rows), AuditEvent.objects.count(), model and model._default_manager.count())
    yield
    after = (_state(rows), AuditEvent.objects.count(), model and model._default_manager.count())
    assert after == before


def assert_error(
    response: HttpResponse, status: int, code: str, field: str | None = None
) -> dict[str, Any]:
    assert response.status_code == status, response.content
    body: dict[str, Any] = response.json()  # type: ignore[attr-defined]
    assert body["code"] == code, body
    assert body["detail"]
    if field is not None:
        assert body.get("field") == field, body
    return body


@pytest.fixture
def draft_charter(world: World) -> DocumentVersion:
    return make_charter(world.program, state="draft", editor=world.user(EDITOR))


@pytest.fixture
def charter_in_review(world: World) -> DocumentVersion:
    return make_charter(world.program, state="in_review", editor=world.user(EDITOR))
