"""The PMO role agreement (activity 3) and the Resource Management Plan (activity 4): seeded
content, the RACI matrix's errors blocking review, the matrix and named members frozen at
review and compared between versions, approval moving the board, and the exports."""

from __future__ import annotations

import io
import subprocess
from pathlib import Path

import pytest
from defusedxml import ElementTree
from openpyxl import load_workbook

from programs.choices import ActivityStatus, DocumentStatus
from programs.errors import DomainError
from programs.exports import render_document_pdf, render_document_xlsx
from programs.models import Document, DocumentVersion, PlayActivity
from programs.services import documents as document_services
from raci.definitions import RESOURCE_PLAN, ROLE_AGREEMENT
from raci.models import RaciColumn, RaciMatrix, RaciRow
from raci.orgchart import org_chart, org_chart_svg
from raci.services import cells
from raci.services.cells import CellEdit
from tests.conftest import World

SPONSORS = ("customer.executive_sponsor", "provider.executive_sponsor")


def fill_valid(world: World, matrix: RaciMatrix) -> None:
    """One A and one R on every row, each set by an editor of the row's owning party."""
    columns = {(c.party, c.role): c for c in RaciColumn.objects.filter(matrix=matrix)}
    for row in RaciRow.objects.filter(matrix=matrix):
        party = "provider" if row.owning_party == "provider" else "customer"
        editor = world.user(f"{party}.program_manager")
        cells.cells_set(
            acting_user=editor,
            matrix=matrix,
            edits=[
                CellEdit(row, columns[(party, "program_manager")], "A", 0),
                CellEdit(row, columns[(party, "pmo_lead")], "R", 0),
            ],
        )


def start(world: World, kind: str) -> DocumentVersion:
    document = document_services.document_create(
        acting_user=world.user("customer.pmo_lead"), program=world.program, kind=kind
    )
    return document.versions.get()


def fill_plan(world: World, version: DocumentVersion) -> DocumentVersion:
    content = dict(version.content)
    content["sections"] = {
        "staffing_approach": "Each party staffs its PMO from its own organisation.",
        "acquisition_release": "Accounts within five days; released at close-out.",
        "training": "Portal training in the first week.",
        "resource_control": "Planned and actual FTE compared monthly.",
    }
    return document_services.version_update_content(
        acting_user=world.user("customer.pmo_lead"),
        version=version,
        content=content,
        base_revision=version.revision,
    )


def sign(world: World, version: DocumentVersion) -> DocumentVersion:
    for name in SPONSORS:
        document_services.version_sign(acting_user=world.user(name), version=version)
    version.refresh_from_db()
    return version


def activity(world: World, key: str) -> PlayActivity:
    return PlayActivity.objects.get(program=world.program, key=key)


def test_a_new_role_agreement_starts_from_the_joint_bodies_and_pmo_functions(
    world: World,
) -> None:
    version = start(world, ROLE_AGREEMENT)
    tables = version.content["tables"]
    assert [b["body"] for b in tables["governance_bodies"]] == [
        "Executive Steering Committee",
        "Joint PMO",
        "Change Control Board",
    ]
    functions = [r["function"] for r in tables["responsibility_split"]]
    assert "Schedule management" in functions and "Financial reporting" in functions
    assert activity(world, "agree_pmo_role").status == ActivityStatus.IN_PROGRESS


def test_activity_3_is_done_when_both_parties_sign_the_role_agreement(world: World) -> None:
    version = start(world, ROLE_AGREEMENT)
    content = dict(version.content)
    content["sections"] = {
        key: f"Agreed {key}."
        for key in (
            "purpose",
            "governance",
            "decision_rights",
            "meeting_cadence",
            "collaboration",
            "goals",
            "migration_scope",
            "close_out",
        )
    }
    version = document_services.version_update_content(
        acting_user=world.user("provider.pmo_team"),
        version=version,
        content=content,
        base_revision=version.revision,
    )
    version = document_services.version_submit(
        acting_user=world.user("provider.pmo_team"), version=version
    )
    version = sign(world, version)
    assert version.status == DocumentStatus.APPROVED
    assert activity(world, "agree_pmo_role").status == ActivityStatus.DONE


def test_rule_errors_of_the_matrix_block_the_plans_review_and_change_nothing(
    world: World, matrix: RaciMatrix
) -> None:
    version = fill_plan(world, start(world, RESOURCE_PLAN))
    revision = version.revision
    with pytest.raises(DomainError) as refused:
        document_services.version_submit(
            acting_user=world.user("customer.pmo_lead"), version=version
        )
    assert "The RACI matrix has" in refused.value.message
    assert "rule error" in refused.value.message
    version.refresh_from_db()
    assert (version.status, version.revision) == (DocumentStatus.DRAFT, revision)
    assert "frozen" not in version.content


def test_the_plan_freezes_the_matrix_and_members_and_activity_4_is_done_on_approval(
    world: World, matrix: RaciMatrix
) -> None:
    fill_valid(world, matrix)
    version = fill_plan(world, start(world, RESOURCE_PLAN))
    # Seeded from the memberships: a role and a staffing line per party and role held.
    roles = {(r["party"], r["role"]) for r in version.content["tables"]["staffing"]}
    assert ("customer", "program_manager") in roles and ("provider", "pmo_team") in roles
    version = document_services.version_submit(
        acting_user=world.user("customer.pmo_lead"), version=version
    )
    frozen = version.content["frozen"]
    assert len(frozen["raci"]["rows"]) == RaciRow.objects.filter(matrix=matrix).count()
    assert frozen["named_members"]["customer/sme"] == [world.user("customer.sme").get_full_name()]
    version = sign(world, version)
    assert version.status == DocumentStatus.APPROVED
    assert activity(world, "document_raci").status == ActivityStatus.DONE

    # The board links the matrix and says what its rules say.
    page = world.client("customer.viewer").get("/programs/alpha/")
    assert page.status_code == 200
    text = page.content.decode()
    assert 'href="/programs/alpha/responsibilities/matrix/"' in text
    assert "RACI matrix: 0 errors" in text


def test_the_next_version_shows_the_cells_that_changed(world: World, matrix: RaciMatrix) -> None:
    fill_valid(world, matrix)
    first = fill_plan(world, start(world, RESOURCE_PLAN))
    first = document_services.version_submit(
        acting_user=world.user("customer.pmo_lead"), version=first
    )
    sign(world, first)
    second = document_services.version_create_next(
        acting_user=world.user("customer.pmo_lead"),
        document=first.document,
        reason="other",
        reason_text="The provider's PMO lead takes on schedule management.",
    )
    row = RaciRow.objects.filter(matrix=matrix, owning_party="shared").first()
    assert row is not None
    consulted = RaciColumn.objects.get(matrix=matrix, party="provider", role="pmo_team")
    cells.cells_set(
        acting_user=world.user("provider.pmo_lead"),
        matrix=matrix,
        edits=[CellEdit(row, consulted, "C", 0)],
    )
    second = document_services.version_submit(
        acting_user=world.user("customer.pmo_lead"), version=second
    )
    client = world.client("independent.ivv_agent")
    page = client.get(f"/programs/alpha/responsibilities/resource-plan/v{second.number}/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "Changed since version 1" in text
    assert row.title in text and consulted.label in text
    compare = client.get("/programs/alpha/responsibilities/resource-plan/compare/?a=1&b=2")
    assert compare.status_code == 200
    assert f"{consulted.label} = C" in compare.content.decode()


@pytest.mark.parametrize("status", ["draft", "approved"])
def test_the_plan_exports_with_its_matrix_landscape_and_approval_block(
    world: World, matrix: RaciMatrix, status: str, tmp_path: Path
) -> None:
    fill_valid(world, matrix)
    version = fill_plan(world, start(world, RESOURCE_PLAN))
    if status == "approved":
        version = document_services.version_submit(
            acting_user=world.user("customer.pmo_lead"), version=version
        )
        version = sign(world, version)
    pdf = tmp_path / "plan.pdf"
    pdf.write_bytes(render_document_pdf(version))
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    assert "RACI matrix" in text and "Legend (RACI)" in text
    assert "Organisation chart" in text and "Approvals" in text
    assert ("DRAFT" in text) == (status == "draft")
    if status == "approved":
        assert "Customer signatory" in text and "Provider signatory" in text
    sizes = subprocess.run(
        ["pdfinfo", "-f", "1", "-l", "99", str(pdf)], check=True, capture_output=True, text=True
    ).stdout
    assert "792 x 612" in sizes and "612 x 792" in sizes  # landscape matrix, portrait text

    book = load_workbook(io.BytesIO(render_document_xlsx(version)))
    sheet = book["RACI matrix"]
    header = [c.value for c in sheet[1]]
    assert header[:3] == ["Group", "Activity or deliverable", "Owner"]
    assert "Customer Program Manager" in header
    assert sheet.max_row == RaciRow.objects.filter(matrix=matrix).count() + 1


def test_the_organisation_chart_shows_both_parties_the_joint_bodies_and_ivv_apart(
    world: World,
) -> None:
    start(world, ROLE_AGREEMENT)
    chart = org_chart(world.program)
    headings = [c.heading for c in chart.columns]
    assert headings == ["Customer", "Joint governance", "Provider", "Independent (IV&V)"]
    assert chart.columns[1].boxes[0].title == "Executive Steering Committee"
    svg = org_chart_svg(chart)
    tree = ElementTree.fromstring(svg)
    texts = " ".join(t.text or "" for t in tree.iter("{http://www.w3.org/2000/svg}text"))
    assert world.user("customer.executive_sponsor").get_full_name() in texts
    assert "Joint PMO" in texts and "IV&V agent" in texts
    assert "Organisation chart of" in svg


def test_pages_of_the_documents_answer_members_and_hide_them_from_outsiders(
    world: World, matrix: RaciMatrix
) -> None:
    start(world, ROLE_AGREEMENT)
    start(world, RESOURCE_PLAN)
    for path in ("role-agreement/", "role-agreement/v1/", "resource-plan/", "resource-plan/v1/"):
        url = f"/programs/alpha/responsibilities/{path}"
        assert world.client("independent.ivv_agent").get(url).status_code == 200
        assert world.client("outsider").get(url).status_code == 404
    assert Document.objects.filter(program=world.program).count() == 2
