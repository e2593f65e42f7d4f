"""The Responsibilities area in a real browser, every page checked by axe-core: a customer
PMO Lead opens the RACI matrix (seeded on that first visit), fixes its rule errors with the
keyboard, writes the Resource Management Plan and submits it (refused while the matrix has an
error), both executive sponsors sign it, activity 4 turns Done on the board and the PDF
carries the matrix, its legend and both signatures. The role agreement starts from the joint
bodies and the PMO functions; a provider's PMO team member cannot set a customer-owned row's
codes, and a member of another program finds none of these pages."""

from __future__ import annotations

import re
import subprocess
from typing import Any

import pytest

from programs.choices import ActivityStatus, DocumentStatus
from programs.models import DocumentVersion, PlayActivity
from raci.demo import CODES, COLUMNS
from raci.models import RaciCell, RaciColumn, RaciMatrix, RaciRow
from raci.services.cells import CellEdit, cells_set

from ..conftest import World
from .conftest import SCREENSHOTS, assert_accessible, log_in

pytestmark = pytest.mark.e2e

LEAD = "customer.pmo_lead"
SPONSORS = ("customer.executive_sponsor", "provider.executive_sponsor")
HOME = "/programs/alpha/responsibilities/"
MATRIX = f"{HOME}matrix/"
PLAN = f"{HOME}resource-plan/"
AGREEMENT = f"{HOME}role-agreement/"

# Left out of the codes set up front, so the keyboard fixes them: the charter row's R's (the
# second row, "no R") and the RACI activity's A (the fourth row, "no A").
CHARTER_ROW, RACI_ROW = 1, 3
LEFT_OUT = {"Update the Program Charter": "R", "Document roles and responsibilities": "A"}
PLAN_SECTIONS = {
    "Staffing approach": "Each party staffs its own PMO; the IV&V agent is contracted apart.",
    "Acquisition and release of people": "Accounts within five working days; access removed "
    "the day a person leaves.",
    "Training": "Portal and M3 training in the first week.",
    "Resource control": "Planned and actual FTE compared monthly at the Joint PMO.",
}


def shoot(page: Any, name: str) -> None:
    """A full-page screenshot under var/screenshots/, to look at."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def ordered_rows(matrix: RaciMatrix) -> list[RaciRow]:
    return list(RaciRow.objects.filter(matrix=matrix).order_by("group__position", "position"))


def set_demo_codes(world: World, matrix: RaciMatrix) -> None:
    """The demo's codes (one warning: the customer's Program Manager accountable for the
    provider's weekly status report) but for those left to the keyboard, each row's codes
    set by an editor of its owning party."""
    columns = {
        key: RaciColumn.objects.get(matrix=matrix, party=party, role=role)
        for key, (party, role) in COLUMNS.items()
    }
    for row in ordered_rows(matrix):
        codes = next(c for prefix, c in CODES.items() if row.title.startswith(prefix))
        skipped = next((v for k, v in LEFT_OUT.items() if row.title.startswith(k)), None)
        editor = "provider.program_manager" if row.owning_party == "provider" else LEAD
        cells_set(
            acting_user=world.user(editor),
            matrix=matrix,
            edits=[
                CellEdit(row, columns[key], code, 0)
                for code, keys in codes.items()
                if code != skipped
                for key in keys
            ],
        )


def column_index(matrix: RaciMatrix, party: str, role: str) -> int:
    columns = list(RaciColumn.objects.filter(matrix=matrix).order_by("position"))
    return next(i for i, c in enumerate(columns) if (c.party, c.role) == (party, role))


def set_by_keyboard(page: Any, row: int, column: int, letter: str) -> None:
    """From the grid's first cell, down ``row`` rows and right ``column`` columns with the
    arrow keys, then the code's letter; waits for the save to be said."""
    page.locator("td.raci-cell[tabindex='0']").first.focus()
    page.keyboard.press("Home")
    for _ in range(row):
        page.keyboard.press("ArrowDown")
    for _ in range(column):
        page.keyboard.press("ArrowRight")
    page.keyboard.press(letter)
    page.wait_for_selector("#raci-status:has-text('Saved')")


def assert_fits(page: Any) -> None:
    """At 1280 pixels wide, no matrix or chart of the page scrolls sideways in its region (an
    editor's wide typed tables scroll in their own labelled region by design)."""
    wider = page.evaluate(
        """() => [...document.querySelectorAll('.raci-scroll, .raci-chart')]
            .filter((e) => e.scrollWidth > e.clientWidth)
            .map((e) => `${e.className}: ${e.scrollWidth} > ${e.clientWidth}`)"""
    )
    assert not wider, f"overflowing on {page.url}: {wider}"


def rules_heading(page: Any) -> str:
    return str(page.locator("#raci-rules-heading").inner_text())


def sign_out_and_in(page: Any, username: str, password: str) -> None:
    page.get_by_role("button", name="Log out").click()
    log_in(page, username, password)


def test_resource_plan_from_the_matrix_to_the_signed_pdf(
    page: Any, world: World, password: str
) -> None:
    log_in(page, LEAD, password)
    page.goto(HOME)
    assert "not started" in page.locator("main").inner_text()
    page.get_by_role("link", name="RACI matrix").click()
    page.wait_for_url(f"**{MATRIX}")
    matrix = RaciMatrix.objects.get(program=world.program)  # seeded on this first visit
    rows = ordered_rows(matrix)
    assert len(rows) == 19 and RaciColumn.objects.filter(matrix=matrix).count() == 9
    assert page.get_by_role("columnheader", name="Customer PMO Lead").is_visible()
    assert page.get_by_role("rowheader", name="Onboard provider PMO").first.is_visible()
    assert rules_heading(page) == "Rules: 38 errors, 9 warnings"
    rules = page.locator("#raci-rules")
    assert rules.get_by_text("has no A: exactly one role").count() == 19
    assert rules.get_by_text("has no R: at least one role").count() == 19
    assert_accessible(page, "responsibilities-matrix-empty")

    # Most codes from the demo; two errors left for the keyboard, and the one warning.
    set_demo_codes(world, matrix)
    page.reload()
    assert rules_heading(page) == "Rules: 2 errors, 1 warning"
    pm = column_index(matrix, "customer", "program_manager")
    set_by_keyboard(page, CHARTER_ROW, pm, "r")
    assert rules_heading(page) == "Rules: 1 error, 1 warning"
    customer_pm = RaciColumn.objects.get(matrix=matrix, party="customer", role="program_manager")
    assert RaciCell.objects.get(row=rows[CHARTER_ROW], column=customer_pm).code == "R"
    assert page.evaluate("document.activeElement.id") == (
        f"cell-{rows[CHARTER_ROW].pk}-{customer_pm.pk}"
    )
    assert rules.get_by_text(f"“{rows[RACI_ROW].title}” has no A").is_visible()
    assert rules.get_by_text("is accountable for “Weekly status report”").is_visible()
    assert_accessible(page, "responsibilities-matrix-one-error")
    assert_fits(page)

    # The Resource Management Plan: started, written, refused review while the error stands.
    page.goto(HOME)
    assert_accessible(page, "responsibilities-home")
    page.get_by_role("link", name="Resource Management Plan").click()
    page.wait_for_url(f"**{PLAN}")
    page.get_by_role("button", name="Start the Resource Management Plan").click()
    page.wait_for_url(f"**{PLAN}v1/edit/")
    aside = page.get_by_role("complementary", name="Beside the Resource Management Plan")
    assert "1 rule error" in aside.inner_text()
    assert_accessible(page, "resource-plan-edit")
    assert_fits(page)
    for label, text in PLAN_SECTIONS.items():
        page.get_by_label(label, exact=True).fill(text)
    page.get_by_role("button", name="Save version 1").click()
    page.wait_for_url(f"**{PLAN}v1/")
    assert page.get_by_text(PLAN_SECTIONS["Training"]).is_visible()
    page.get_by_role("button", name="Submit for review").click()
    alert = page.locator("#action-error")
    alert.wait_for()
    assert "The RACI matrix has 1 rule error" in alert.inner_text()
    assert f"“{rows[RACI_ROW].title}” has no A" in alert.inner_text()
    assert_accessible(page, "resource-plan-refused")
    version = DocumentVersion.objects.get(document__program=world.program)
    assert version.status == DocumentStatus.DRAFT

    # The error fixed in the grid by keyboard: the count drops, the plan goes into review.
    page.goto(MATRIX)
    set_by_keyboard(page, RACI_ROW, column_index(matrix, "provider", "program_manager"), "a")
    assert rules_heading(page) == "Rules: 0 errors, 1 warning"
    provider_pm = RaciColumn.objects.get(matrix=matrix, party="provider", role="program_manager")
    assert RaciCell.objects.get(row=rows[RACI_ROW], column=provider_pm).code == "A"
    page.goto(f"{PLAN}v1/")
    page.get_by_role("button", name="Submit for review").click()
    page.wait_for_url(f"**{PLAN}v1/")
    version.refresh_from_db()
    assert version.status == DocumentStatus.IN_REVIEW
    assert_accessible(page, "resource-plan-in-review")

    for sponsor in SPONSORS:
        sign_out_and_in(page, sponsor, password)
        page.goto(f"{PLAN}v1/")
        page.get_by_role("button", name="Sign version 1").click()
        page.wait_for_url(f"**{PLAN}v1/")
    version.refresh_from_db()
    assert version.status == DocumentStatus.APPROVED
    assert_accessible(page, "resource-plan-approved")
    assert_fits(page)
    activity = PlayActivity.objects.get(program=world.program, key="document_raci")
    assert activity.status == ActivityStatus.DONE
    page.goto("/programs/alpha/")
    assert page.get_by_text("You are an Executive Sponsor of the provider").is_visible()
    board_row = page.locator("#activity-document_raci")
    assert board_row.locator(".usa-tag").inner_text().strip().lower() == "done"
    assert "RACI matrix: 0 errors, 1 warning." in board_row.inner_text()
    shoot(page, "program-board-activity-4-done")

    # The PDF of the approved version: the matrix, its legend and both signatures.
    page.goto(f"{PLAN}v1/")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Export PDF of version 1").click()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    pdf = SCREENSHOTS / "resource-plan-v1.pdf"  # kept beside the screenshots, to look at
    download_info.value.save_as(pdf)
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    pages = text.split("\f")
    legend = "Legend (RACI): R = Responsible; A = Accountable; C = Consulted; I = Informed."
    matrix_page = next(i for i, p in enumerate(pages, start=1) if legend in p)
    matrix_text = " ".join(" ".join(pages[matrix_page - 1 :]).split())
    assert "Frozen into version 1 when it went into review" in matrix_text
    assert "Owner: C customer, P provider, S shared." in matrix_text
    assert re.search(
        r"Weekly status report \(Warning: A outside the owning P I A C R party\)", matrix_text
    )
    # The row the keyboard fixed, as frozen: A at the provider's Program Manager.
    assert re.search(r"Document roles and responsibilities in a RACI or S C R A R I", matrix_text)
    assert re.search(r"Change control S A C R I", matrix_text)
    approvals = " ".join(pages[-2].split())
    assert approvals.startswith(
        "alpha · Resource Management Plan · Version 1 Approved Approvals"
    ), approvals[:120]
    for party, sponsor in zip(("Customer", "Provider"), SPONSORS, strict=True):
        name = world.user(sponsor).get_full_name()
        assert f"{party} signatory Signed by {name} Role Executive Sponsor, for the {party}" in (
            approvals
        )
    # The matrix page as a picture, to look at: var/screenshots/resource-plan-pdf-<n>.png.
    page_number = str(matrix_page)
    picture = str(SCREENSHOTS / "resource-plan-pdf")
    subprocess.run(
        ["pdftoppm", "-r", "50", "-png", "-f", page_number, "-l", page_number, str(pdf), picture],
        check=True,
    )


def test_role_agreement_and_mou_list(page: Any, world: World, password: str) -> None:
    log_in(page, LEAD, password)
    page.goto(HOME)
    page.get_by_role("link", name="PMO Role Agreement").click()
    page.wait_for_url(f"**{AGREEMENT}")
    assert_accessible(page, "role-agreement-empty")
    page.get_by_role("button", name="Start the role agreement").click()
    page.wait_for_url(f"**{AGREEMENT}v1/edit/")
    # Seeded in the editor: the joint bodies (lesson 8) and the split of the PMO functions.
    bodies = ("Executive Steering Committee", "Joint PMO", "Change Control Board")
    for number, body in enumerate(bodies, start=1):
        assert page.get_by_label(f"Body, row {number}", exact=True).input_value() == body
    assert page.get_by_label("Cadence, row 1", exact=True).input_value() == "Monthly"
    functions = [
        page.get_by_label(f"PMO function, row {number}", exact=True).input_value()
        for number in range(1, 9)
    ]
    assert functions[:4] == [
        "Schedule management",
        "Risk management",
        "Status reporting",
        "Change control",
    ]
    assert page.get_by_label("Customer does, row 6", exact=True).input_value() == (
        "Surveils the provider under the QASP."
    )
    assert_accessible(page, "role-agreement-edit")
    assert_fits(page)
    page.goto(AGREEMENT)
    assert_accessible(page, "role-agreement-home")
    page.goto(f"{AGREEMENT}v1/")
    assert page.get_by_role("rowheader", name="Joint PMO", exact=True).is_visible()
    assert page.get_by_role("rowheader", name="Change control", exact=True).is_visible()
    assert_accessible(page, "role-agreement-version")
    page.goto(f"{HOME}mous/")
    assert_accessible(page, "sme-mou-list")


def test_provider_team_cannot_set_customer_codes_and_outsiders_find_nothing(
    page: Any, world: World, password: str
) -> None:
    from raci.services.matrix import matrix_get_or_create

    matrix = matrix_get_or_create(program=world.program, acting_user=world.user(LEAD))
    qasp = next(r for r in ordered_rows(matrix) if r.owning_party == "customer")
    owner = RaciColumn.objects.get(matrix=matrix, party="customer", role="business_owner")
    cells_set(acting_user=world.user(LEAD), matrix=matrix, edits=[CellEdit(qasp, owner, "A", 0)])

    log_in(page, "provider.pmo_team", password)
    page.goto(MATRIX)
    cell = page.locator(f"#cell-{qasp.pk}-{owner.pk}")
    assert cell.get_attribute("aria-readonly") == "true"
    cell.click()
    page.keyboard.press("r")
    status = page.locator("#raci-status")
    assert "Only editors of the party that owns this row" in status.inner_text()
    # Past the page's own check, the server refuses too and says why.
    page.evaluate(
        """(id) => { const cell = document.getElementById(id);
            htmx.ajax('POST', cell.dataset.url, {source: cell, target: '#' + id,
              swap: 'outerHTML', values: {code: 'R', revision: cell.dataset.revision}}); }""",
        f"cell-{qasp.pk}-{owner.pk}",
    )
    page.wait_for_selector("#raci-status:has-text('only its editors set its codes')")
    assert RaciCell.objects.get(row=qasp, column=owner).code == "A"
    shoot(page, "raci-grid-provider-team-refused")

    sign_out_and_in(page, "outsider", password)
    for url in (HOME, MATRIX, AGREEMENT, PLAN, f"{HOME}mous/", f"{HOME}sessions/"):
        response = page.goto(url)
        assert response.status == 404, url
