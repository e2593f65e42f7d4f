"""The RAID log's import page and API action: who reaches them (editors of either party;
viewers, the IV&V agent and outsiders find nothing), the refusal listing every problem with
nothing changed, the upload limit, and a workbook LibreOffice saved again importing as the
export does."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from pmp.models import RaidItem
from tests.conftest import OUTSIDER, World
from tests.libreoffice import resaved_by_libreoffice

from .conftest import CUSTOMER_EDITOR, PROVIDER_EDITOR
from .raid_workbooks import edited, exported, row_of, run, state

PAGE = "/programs/alpha/pmp/raid/import/"
API = "/api/programs/alpha/pmp/raid/items/import/"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _file(data: bytes, name: str = "raid.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=XLSX)


def _api(world: World, name: str) -> APIClient:
    client = APIClient()
    client.force_authenticate(world.user(name))
    return client


@pytest.mark.parametrize(
    ("name", "status"),
    [
        (CUSTOMER_EDITOR, 200),
        (PROVIDER_EDITOR, 200),
        ("customer.viewer", 404),
        ("independent.ivv_agent", 404),
        (OUTSIDER, 404),
    ],
)
def test_who_reaches_the_import(
    world: World, items: dict[str, RaidItem], name: str, status: int
) -> None:
    client = world.client(name)
    assert client.get(PAGE).status_code == status
    log = client.get("/programs/alpha/pmp/raid/")
    if name != OUTSIDER:
        assert (PAGE in log.content.decode()) is (status == 200)
    data = edited(exported(world), {(row_of(exported(world), "R-1"), "Title"): "Changed"})
    before = state(world)
    api = _api(world, name).post(API, {"file": _file(data)}, format="multipart")
    page = client.post(PAGE, {"file": _file(data)})
    if status == 404:
        assert (api.status_code, page.status_code) == (404, 404)
        assert state(world) == before
    else:
        assert api.status_code == 200, api.content
        assert api.json() == {"created": [], "updated": ["R-1"], "unchanged": 3}


def test_the_page_imports_and_says_what_it_did(world: World, items: dict[str, RaidItem]) -> None:
    data = edited(
        exported(world),
        {},
        add=[
            {
                "Type": "Risk",
                "Title": "New",
                "Owning party": "Shared",
                "Category": "Data migration",
                "Inherent probability": 1,
                "Inherent impact": 1,
            }
        ],
    )
    response = world.client(CUSTOMER_EDITOR).post(PAGE, {"file": _file(data)}, follow=True)
    assert response.redirect_chain[-1][0] == "/programs/alpha/pmp/raid/"
    assert "Imported: 1 created, 0 updated, 4 unchanged (new: R-2)." in response.content.decode()


def test_the_page_lists_every_problem_and_changes_nothing(
    world: World, items: dict[str, RaidItem]
) -> None:
    data = exported(world)
    row = row_of(data, "R-1")
    data = edited(data, {(row, "Inherent impact"): 9, (row, "Owning party"): "Nobody"})
    before = state(world)
    response = world.client(CUSTOMER_EDITOR).post(PAGE, {"file": _file(data)})
    assert response.status_code == 400
    body = response.content.decode()
    assert "nothing was changed" in body
    assert f"<strong>RAID log!N{row} (Inherent impact)</strong>: 9 is not on the scheme" in body
    assert f"<strong>RAID log!F{row} (Owning party)</strong>: “Nobody” is not an owning" in body
    assert state(world) == before


def test_a_provider_editor_changing_a_customer_row_is_refused_by_the_api(
    world: World, items: dict[str, RaidItem]
) -> None:
    data = exported(world)
    data = edited(data, {(row_of(data, "A-1"), "Title"): "Ours now"})
    before = state(world)
    response = _api(world, PROVIDER_EDITOR).post(API, {"file": _file(data)}, format="multipart")
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "import_invalid"
    assert body["problems"][0]["column"] == "Reference"
    assert body["problems"][0]["detail"].startswith("A-1 is owned by the customer. Only the")
    assert state(world) == before


def test_a_file_that_is_no_workbook_is_refused(world: World) -> None:
    response = _api(world, CUSTOMER_EDITOR).post(
        API, {"file": _file(b"%PDF-1.7 not a workbook", "raid.pdf")}, format="multipart"
    )
    assert response.status_code == 400
    assert response.json()["detail"] == (
        "This workbook is not a RAID log: it is not an Excel workbook (.xlsx)."
    )


def test_a_file_over_the_limit_is_refused_while_it_streams(world: World, settings: Any) -> None:
    settings.UPLOAD_LIMITS = {**settings.UPLOAD_LIMITS, "raid": 1024}
    big = _file(b"x" * 4096)
    page = world.client(CUSTOMER_EDITOR).post(PAGE, {"file": big})
    assert page.status_code == 413
    assert "RAID log workbooks are limited to 1 KB" in page.content.decode()
    big.seek(0)
    api = _api(world, CUSTOMER_EDITOR).post(API, {"file": big}, format="multipart")
    assert (api.status_code, api.json()["code"]) == (413, "upload_too_large")


def test_a_workbook_saved_again_by_libreoffice_imports(
    world: World, items: dict[str, RaidItem], tmp_path: Path
) -> None:
    data = exported(world)
    resaved = resaved_by_libreoffice(data, tmp_path)
    assert run(world, resaved, CUSTOMER_EDITOR).unchanged == 4
    row = row_of(data, "R-1")
    changed = edited(data, {(row, "Residual impact"): "Minor", (row, "Due"): None})
    result = run(world, resaved_by_libreoffice(changed, tmp_path / "2"), CUSTOMER_EDITOR)
    assert (result.updated, result.unchanged) == (["R-1"], 3)
    assert RaidItem.objects.get(pk=items["risk"].pk).residual_impact == 2
