"""Helpers of the charter page tests: form data as a browser posts it, and URLs."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from charter.definition import CHARTER_KIND
from programs.models import AuditEvent, DocumentVersion

from ..conftest import World
from ..factories import make_charter

EDITOR = "customer.program_manager"
SPONSORS = ("customer.executive_sponsor", "provider.executive_sponsor")
# Members who only read the charter, and a member of another program.
READ_ONLY = ("customer.viewer", "independent.ivv_agent", "outsider")


def url(name: str, number: int | None = None, code: str = "alpha") -> str:
    kwargs: dict[str, Any] = {"code": code}
    if number is not None:
        kwargs["number"] = number
    return reverse(f"charter:{name}", kwargs=kwargs)


def form_data(content: dict[str, Any], base_revision: int, blank_rows: int = 1) -> dict[str, str]:
    """The edit form as a browser submits it for ``content``."""
    data: dict[str, str] = {"base_revision": str(base_revision)}
    for s in CHARTER_KIND.sections:
        data[f"section-{s.key}"] = content["sections"].get(s.key) or ""
    for f in CHARTER_KIND.fields:
        value = content["fields"].get(f.key)
        data[f"field-{f.key}"] = "" if value is None else str(value)
    for t in CHARTER_KIND.tables:
        rows = content["tables"].get(t.key, [])
        for number, row in enumerate([*rows, *([{}] * blank_rows)], start=1):
            for c in t.columns:
                data[f"{t.key}-{number}-{c.key}"] = str(row.get(c.key) or "")
    return data


def snapshot(version: DocumentVersion) -> tuple[Any, ...]:
    """What a refused request must leave as it was."""
    version.refresh_from_db()
    return (
        version.revision,
        version.status,
        version.content,
        version.signatures.count(),
        version.document.versions.count(),
        AuditEvent.objects.count(),
    )


@pytest.fixture
def draft_charter(world: World) -> DocumentVersion:
    return make_charter(world.program, state="draft", editor=world.user(EDITOR))


@pytest.fixture
def charter_in_review(world: World) -> DocumentVersion:
    return make_charter(world.program, state="in_review", editor=world.user(EDITOR))
