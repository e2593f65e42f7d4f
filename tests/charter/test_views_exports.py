"""Exports of a charter version from its page: the bytes, their type and the file name."""

from __future__ import annotations

import pytest

from programs.models import DocumentVersion

from ..conftest import World
from .conftest import url

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
MAGIC = {"pdf": b"%PDF", "xlsx": b"PK"}


@pytest.mark.parametrize("ext", ["pdf", "xlsx"])
@pytest.mark.parametrize("name", ["customer.viewer", "independent.ivv_agent", "provider.sme"])
def test_every_member_exports_a_version(
    world: World, approved_charter: DocumentVersion, name: str, ext: str
) -> None:
    from programs.exports import export_filename

    response = world.client(name).get(url(f"export-{ext}", 1))
    assert response.status_code == 200
    assert response["Content-Type"] == CONTENT_TYPES[ext]
    filename = export_filename(approved_charter, ext)
    assert response["Content-Disposition"] == f'attachment; filename="{filename}"'
    assert response.content.startswith(MAGIC[ext])


@pytest.mark.parametrize("ext", ["pdf", "xlsx"])
def test_unknown_version_or_outsider_is_not_found(
    world: World, approved_charter: DocumentVersion, ext: str
) -> None:
    assert world.client("customer.viewer").get(url(f"export-{ext}", 9)).status_code == 404
    assert world.client("outsider").get(url(f"export-{ext}", 1)).status_code == 404
