"""The review comments in the API of every document kind (the charter here): list, create,
disposition, concurrence, the matrix out and back; refusals change nothing."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from programs import review_excel
from programs.models import AuditEvent, DocumentVersion, ReviewComment

from ..conftest import World
from .conftest import EDITOR, Api

BASE = "/api/programs/alpha/charter/versions/1/comments/"
NEW = {"anchor": "sections.purpose", "type": "critical", "text": "No end state date."}


def _state() -> tuple[object, ...]:
    return (list(ReviewComment.objects.values()), AuditEvent.objects.count())


def test_create_list_disposition_concur(
    world: World, api: Api, version_in_review: DocumentVersion
) -> None:
    ivv = api("independent.ivv_agent")
    made = ivv.post(BASE, {**NEW, "quote": "purpose and vision"}, format="json")
    assert made.status_code == 201, made.content
    assert made.json()["id"] == "C-001"
    assert made.json()["anchor_title"] == "Purpose and vision"
    listed = api("customer.viewer").get(BASE)
    assert [c["id"] for c in listed.json()] == ["C-001"]
    editor = api(EDITOR)
    no_rationale = editor.post(f"{BASE}1/disposition/", {"disposition": "rejected"}, format="json")
    assert no_rationale.status_code == 400
    assert no_rationale.json()["code"] == "disposition_invalid"
    deferred = editor.post(
        f"{BASE}1/disposition/", {"disposition": "deferred", "deferred_to": 2}, format="json"
    )
    assert deferred.status_code == 200 and deferred.json()["deferred_to"] == 2
    answer = ivv.post(
        f"{BASE}1/concurrence/",
        {"concurrence": "non_concur", "reason": "Needed now."},
        format="json",
    )
    assert answer.status_code == 200 and answer.json()["concurrence"] == "non_concur"


@pytest.mark.parametrize("who", ["customer.viewer", "independent.viewer"])
def test_viewers_do_not_comment(
    world: World, api: Api, version_in_review: DocumentVersion, who: str
) -> None:
    before = _state()
    refused = api(who).post(BASE, NEW, format="json")
    assert refused.status_code == 403
    assert refused.json()["code"] == "not_a_commenter"
    assert _state() == before


def test_outsider_gets_404_everywhere(
    world: World, api: Api, version_in_review: DocumentVersion
) -> None:
    api("independent.ivv_agent").post(BASE, NEW, format="json")
    before = _state()
    outsider = api("outsider")
    assert outsider.get(BASE).status_code == 404
    assert outsider.post(BASE, NEW, format="json").status_code == 404
    assert outsider.post(f"{BASE}1/disposition/", {"disposition": "accepted"}).status_code == 404
    assert outsider.get(f"{BASE}matrix/").status_code == 404
    assert _state() == before


def test_reviewer_cannot_disposition_and_critical_blocks_signature(
    world: World, api: Api, version_in_review: DocumentVersion
) -> None:
    api("independent.ivv_agent").post(BASE, NEW, format="json")
    before = _state()
    refused = api("independent.ivv_agent").post(
        f"{BASE}1/disposition/", {"disposition": "accepted"}, format="json"
    )
    assert refused.status_code == 403
    assert _state() == before
    api("customer.executive_sponsor").post(
        "/api/programs/alpha/charter/versions/1/sign/", {}, format="json"
    )
    blocked = api("provider.executive_sponsor").post(
        "/api/programs/alpha/charter/versions/1/sign/", {}, format="json"
    )
    assert blocked.status_code == 400
    assert blocked.json()["code"] == "comments_undispositioned"
    assert "C-001 (critical) has no disposition" in blocked.json()["detail"]


def test_matrix_export_and_import(
    world: World, api: Api, version_in_review: DocumentVersion
) -> None:
    api("independent.ivv_agent").post(BASE, NEW, format="json")
    export = api("customer.viewer").get(f"{BASE}matrix/")
    assert export.status_code == 200
    book = load_workbook(io.BytesIO(export.content))
    book[review_excel.SHEET].cell(row=review_excel.FIRST_ROW, column=9, value="Accepted")
    out = io.BytesIO()
    book.save(out)
    out.seek(0)
    out.name = "matrix.xlsx"
    result = api(EDITOR).post(f"{BASE}matrix/", {"file": out}, format="multipart")
    assert result.status_code == 200, result.content
    assert result.json()["dispositioned"] == 1
    bad = io.BytesIO(b"not a workbook")
    bad.name = "x.xlsx"
    refused = api(EDITOR).post(f"{BASE}matrix/", {"file": bad}, format="multipart")
    assert refused.status_code == 400 and refused.json()["code"] == "import_invalid"
