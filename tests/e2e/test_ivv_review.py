"""The IV&V features in a real browser, each page checked by axe-core: the customer's IV&V
plan written in its editor, reviewed with comments by the IV&V agent and the provider,
refused a signature while a critical comment has no disposition, dispositioned (a rejection
needs its rationale), its comment resolution matrix exported and read back, a rejection
non-concurred, signed and approved, and activity 5 Done on the board; a finding filed by the
IV&V agent against a schedule task, answered, worked, closed on verified evidence by the
IV&V agent only; and nothing of it found by a member of another program."""

from __future__ import annotations

import io
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from ivv.models import Finding
from ivv.plan import IVV_PLAN
from programs.choices import DocumentStatus
from programs.models import Attachment, DocumentVersion, ReviewComment, Signature
from programs.review_excel import FIRST_ROW, HEADER_ROW, HEADERS, SHEET
from schedule.models import Task

from ..conftest import OUTSIDER, World
from ..programs.attachment_files import pdf
from ..schedule.factories import make_schedule
from .conftest import SCREENSHOTS, assert_accessible, log_in

pytestmark = pytest.mark.e2e

PLAN = "/programs/alpha/ivv/plan/"
CUSTOMER_PM = "customer.program_manager"
SPONSOR = "customer.executive_sponsor"
IVV = "independent.ivv_agent"
PROVIDER_PM = "provider.program_manager"

SECTIONS = {
    "Purpose": "Independent V&V of the HR and payroll migration to the shared service.",
    "References": "IEEE 1012-2016; GSA M3 Playbook; the program charter.",
    "Organisation": "The IV&V agent reports to both Executive Sponsors, **independently**.",
    "Master schedule": "V&V activities follow the IMS: Fit-Gap, mock conversions, cutover.",
    "Integrity-level scheme": "Each requirement gets a level from the table below.",
    "Resources": "Two analysts; read access to the test environment and conversion data.",
    "Responsibilities": "The customer owns the plan; the provider supplies artifacts.",
    "Reporting": "Findings in the portal; a monthly report to both sponsors.",
    "Anomaly resolution and reporting": "Findings are answered in ten business days.",
    "V&V documentation": "Kept in the portal for the life of the program plus three years.",
}


def shot(page: Any, name: str) -> None:
    """A full-page screenshot of the page as it stands, to look at."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def switch_to(page: Any, username: str, password: str) -> None:
    page.context.clear_cookies()
    log_in(page, username, password)


def comment_row(page: Any, number: int) -> Any:
    return page.locator(f"#comment-{number}")


def page_rows(page: Any) -> list[list[str]]:
    """The comments table of the version page, cell by cell, as the reader sees it."""
    return page.locator(".portal-comments-table tbody tr").evaluate_all(
        """rows => rows.map(row => Array.from(row.children).map(cell => {
            const copy = cell.cloneNode(true);
            copy.querySelectorAll('details').forEach(d => d.remove());
            copy.querySelectorAll('br, p, blockquote').forEach(e => e.before(' '));
            return copy.textContent.replace(/\\s+/g, ' ').trim();
        }))"""
    )


def add_comment(page: Any, part: str, type_label: str, text: str, **extra: str) -> None:
    form = page.locator("form", has=page.get_by_role("button", name="Add the comment"))
    form.get_by_label("Part of the document").select_option(label=part)
    if "quote" in extra:
        form.get_by_label("Quoted passage").fill(extra["quote"])
    form.get_by_label("Type").select_option(label=type_label)
    form.get_by_label("Comment").fill(text)
    if "proposed" in extra:
        form.get_by_label("Proposed change").fill(extra["proposed"])
    form.get_by_role("button", name="Add the comment").click()
    page.wait_for_load_state()


def disposition(page: Any, number: int, label: str, text: str = "") -> None:
    row = comment_row(page, number)
    row.get_by_text(f"Disposition C-{number:03d}", exact=True).click()
    row.get_by_label("Disposition").select_option(label=label)
    row.get_by_label("Rationale or modification").fill(text)
    row.get_by_role("button", name=f"Save the disposition of C-{number:03d}").click()
    page.wait_for_load_state()


def test_the_ivv_plan_reviewed_with_comments_and_signed(
    page: Any, world: World, password: str
) -> None:
    # 1. The customer's Program Manager starts the plan, writes it and submits it.
    log_in(page, CUSTOMER_PM, password)
    page.goto(PLAN)
    assert_accessible(page, "ivv-plan-empty")
    page.get_by_role("button", name="Start the IV&V plan").click()
    page.wait_for_url(f"**{PLAN}v1/edit/")
    assert_accessible(page, "ivv-plan-edit")
    for label, text in SECTIONS.items():
        page.get_by_label(label, exact=True).fill(text)
    # The integrity levels come seeded; the V&V activities are a typed table to fill in.
    assert page.get_by_label("Level, row 1", exact=True).input_value() == "4"
    page.get_by_label("Activity, row 1", exact=True).fill("Requirements traceability review")
    page.get_by_label("Life-cycle stage, row 1", exact=True).select_option(label="Requirements")
    page.get_by_label("Integrity level, row 1", exact=True).select_option("4")
    page.get_by_label("Method, row 1", exact=True).fill("Trace every requirement to a test")
    page.get_by_label("Planned start, row 1", exact=True).fill("2026-03-02")
    page.get_by_label("Planned finish, row 1", exact=True).fill("2026-04-17")
    page.get_by_label("Activity, row 2", exact=True).fill("Mock conversion witness")
    page.get_by_label("Life-cycle stage, row 2", exact=True).select_option(label="Test")
    page.get_by_label("Method, row 2", exact=True).fill("Witness and reconcile totals")
    page.get_by_role("button", name="Save version 1").click()
    # Row 2 has no integrity level: refused, the cell named.
    page.get_by_role("alert").filter(has_text="was not saved").wait_for()
    assert page.get_by_text("row 2, Integrity level").first.is_visible()
    shot(page, "ivv-plan-edit-error")
    page.get_by_label("Integrity level, row 2", exact=True).select_option("3")
    page.get_by_role("button", name="Save version 1").click()
    page.wait_for_url(f"**{PLAN}v1/")
    assert "Requirements traceability review" in page.content()
    page.get_by_role("button", name="Submit for review").click()
    page.wait_for_url(f"**{PLAN}v1/")
    version = DocumentVersion.objects.get(document__program=world.program, document__kind=IVV_PLAN)
    assert version.status == DocumentStatus.IN_REVIEW

    # 2. The IV&V agent comments: one critical, one editorial; the provider a substantive one.
    switch_to(page, IVV, password)
    page.goto(f"{PLAN}v1/")
    add_comment(
        page,
        "Organisation",
        "Critical",
        "The plan does not say who pays the IV&V agent: financial independence is not shown.",
        quote="reports to both Executive Sponsors",
        proposed="State that the customer funds the IV&V contract directly.",
    )
    assert page.get_by_text("Comment C-001 is recorded.").is_visible()
    add_comment(page, "References", "Editorial", "Cite IEEE 1012 by its full title.")
    assert page.get_by_text("Comment C-002 is recorded.").is_visible()
    switch_to(page, "provider.pmo_team", password)
    page.goto(f"{PLAN}v1/")
    add_comment(
        page,
        "V&V activities by life-cycle stage",
        "Substantive",
        "Add the parallel payroll runs as a V&V activity at integrity level 4.",
    )
    assert page.get_by_text("Comment C-003 is recorded.").is_visible()
    shot(page, "ivv-plan-commented")

    # 3. The customer's sponsor tries to sign: refused, naming the critical comment.
    switch_to(page, SPONSOR, password)
    page.goto(f"{PLAN}v1/")
    page.get_by_role("button", name="Sign version 1").click()
    alert = page.locator("#action-error")
    alert.wait_for()
    assert "C-001 (critical) has no disposition" in alert.inner_text()
    shot(page, "ivv-plan-sign-refused")
    assert not Signature.objects.filter(version=version).exists()
    version.refresh_from_db()
    assert version.status == DocumentStatus.IN_REVIEW

    # 4. The customer's Program Manager dispositions the comments; a rejection needs a why.
    switch_to(page, CUSTOMER_PM, password)
    page.goto(f"{PLAN}v1/")
    disposition(page, 1, "Accepted with modification", "Section 4 now names the funding line.")
    assert page.get_by_text("The disposition of C-001 is saved.").is_visible()
    disposition(page, 2, "Accepted")
    disposition(page, 3, "Rejected")
    alert = page.locator("#action-error")
    alert.wait_for()
    assert "rationale" in alert.inner_text().lower()
    # The refusal names the field, beside it, with the form left open.
    row = comment_row(page, 3)
    assert row.get_by_label("Rationale or modification").is_visible()
    assert row.locator(".usa-error-message").filter(has_text="rationale").is_visible()
    shot(page, "ivv-plan-disposition-refused")
    assert ReviewComment.objects.get(version=version, number=3).disposition == ""
    row.get_by_label("Disposition").select_option(label="Rejected")
    row.get_by_label("Rationale or modification").fill(
        "Parallel runs are the provider's test activity; IV&V witnesses them under row 2."
    )
    row.get_by_role("button", name="Save the disposition of C-003").click()
    page.wait_for_load_state()
    assert page.get_by_text("The disposition of C-003 is saved.").is_visible()

    # The comment resolution matrix, exported from the page, lists what the page lists.
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Export the comment resolution matrix").click()
    download = download_info.value
    assert download.suggested_filename == "alpha-ivv_plan-v1-comments.xlsx"
    sheet = load_workbook(io.BytesIO(Path(download.path()).read_bytes()))[SHEET]
    assert tuple(c.value for c in sheet[HEADER_ROW]) == HEADERS
    matrix = [
        [cell.value for cell in row]
        for row in sheet.iter_rows(min_row=FIRST_ROW, max_row=FIRST_ROW + 2)
    ]
    shown = page_rows(page)
    assert [m[0] for m in matrix] == [s[0] for s in shown] == ["C-001", "C-002", "C-003"]
    for m, s in zip(matrix, shown, strict=True):
        _id, reviewer, party, location, quote, type_, text, proposed, disp, why = m[:10]
        assert s[1] == f"{reviewer} {party}"
        assert s[2].startswith(location)
        if quote:
            assert quote in s[2]
        assert s[3] == type_
        assert s[4].startswith(text)
        if proposed:
            assert proposed in s[4]
        assert s[5] == f"{disp}: {why}" if why else s[5] == disp
    assert sheet.cell(FIRST_ROW + 3, 1).value is None

    # 5. The IV&V agent cannot leave a non-concurrence unexplained; the page flags it.
    switch_to(page, IVV, password)
    page.goto(f"{PLAN}v1/")
    row = comment_row(page, 3)
    # C-003 is the provider's: the IV&V agent answers only its own comments.
    assert row.get_by_text("Answer the disposition of C-003").count() == 0
    row = comment_row(page, 1)
    row.get_by_text("Answer the disposition of C-001").click()
    row.get_by_text("Concur", exact=True).click()
    row.get_by_role("button", name="Save your answer to C-001").click()
    page.wait_for_load_state()

    switch_to(page, "provider.pmo_team", password)
    page.goto(f"{PLAN}v1/")
    row = comment_row(page, 3)
    row.get_by_text("Answer the disposition of C-003").click()
    row.get_by_text("Non-concur", exact=True).click()
    row.get_by_role("button", name="Save your answer to C-003").click()
    alert = page.locator("#action-error")
    alert.wait_for()
    assert "A non-concurrence needs its reason" in alert.inner_text()
    assert ReviewComment.objects.get(version=version, number=3).concurrence == ""
    row = comment_row(page, 3)
    row.get_by_text("Non-concur", exact=True).click()
    row.get_by_label("Reason for non-concurrence").fill(
        "Witnessing is not verification: the parallel runs need their own acceptance criteria."
    )
    row.get_by_role("button", name="Save your answer to C-003").click()
    page.wait_for_load_state()
    flagged = comment_row(page, 3).locator("td").nth(5)
    assert flagged.inner_text().startswith("Non-concurs: Witnessing is not verification")
    assert_accessible(page, "ivv-plan-version-comments")
    page.get_by_label("Status").select_option(label="Non-concurred")
    page.get_by_role("button", name="Filter").click()
    page.wait_for_load_state()
    assert [r[0] for r in page_rows(page)] == ["C-003"]
    page.goto(f"{PLAN}v1/comments/import/")
    assert_accessible(page, "ivv-plan-comments-import")

    # 6. The customer's sponsor signs: approved, and activity 5 is Done on the board.
    switch_to(page, SPONSOR, password)
    page.goto(f"{PLAN}v1/")
    page.get_by_role("button", name="Sign version 1").click()
    page.wait_for_url(f"**{PLAN}v1/")
    assert page.get_by_text("You signed version 1; it is now approved.").is_visible()
    version.refresh_from_db()
    assert version.status == DocumentStatus.APPROVED
    shot(page, "ivv-plan-approved")
    page.goto(PLAN)
    assert_accessible(page, "ivv-plan-home")
    page.goto("/programs/alpha/")
    activity = page.locator("#activity-review_ivv_plan")
    assert activity.locator("td").first.inner_text().strip() == "5"
    assert "Done" in (activity.locator("td").nth(2).text_content() or "")
    shot(page, "board-activity-5-done")


def test_a_finding_from_filing_to_verified_closure(page: Any, world: World, password: str) -> None:
    schedule = make_schedule(world.program, world.user(PROVIDER_PM))
    task = Task.objects.get(schedule=schedule, name="Configure the payroll system")

    # The IV&V agent files a severity-2 finding against a schedule task, for the provider.
    log_in(page, IVV, password)
    page.goto("/programs/alpha/ivv/new/")
    page.get_by_label("Title").fill("Payroll configuration has no IV&V checkpoint")
    page.get_by_label("Source").select_option("artifact")
    page.get_by_label("Category").select_option(label="Schedule")
    page.get_by_label("Severity").select_option("2")
    page.get_by_label("Integrity level").select_option("4")
    page.get_by_label("Party that answers").select_option("provider")
    page.get_by_label("Description").fill(
        "The configuration task runs 15 days with no review milestone before SIT."
    )
    page.get_by_label("What it concerns").fill("IMS task 2.1")
    page.get_by_label("Item of the portal it concerns").select_option(label="Schedule task")
    page.get_by_label("Its number in the portal").fill(str(task.pk))
    shot(page, "ivv-finding-new")
    page.get_by_role("button", name="File the finding").click()
    page.wait_for_url("**/ivv/1/")
    finding = Finding.objects.get(program=world.program, number=1)
    assert finding.severity == 2 and finding.concerns_object == task
    concerns = page.locator("dt", has_text="Concerns").locator("xpath=following-sibling::dd[1]")
    assert concerns.inner_text() == "IMS task 2.1; schedule task: 2.1 Configure the payroll system"

    # The provider's Program Manager answers with a corrective action, starts it, attaches
    # the closure evidence and proposes closure.
    switch_to(page, PROVIDER_PM, password)
    page.goto("/programs/alpha/ivv/1/")
    page.get_by_label("The program's answer").select_option("concur")
    page.get_by_label("Corrective action plan").fill("Add a configuration review milestone.")
    page.get_by_label("Owner of the corrective action").select_option(label=owner_label(page))
    target = date.today() + timedelta(days=20)
    page.get_by_label("Target date").fill(target.isoformat())
    page.get_by_role("button", name="Send the answer").click()
    page.wait_for_url("**/ivv/1/")
    finding.refresh_from_db()
    assert finding.status == "answered" and finding.action_target == target
    page.get_by_role("button", name="Start", exact=True).click()
    page.wait_for_url("**/ivv/1/")
    page.get_by_label("File", exact=True).set_input_files(
        {"name": "config-review-minutes.pdf", "mimeType": "application/pdf", "buffer": pdf()}
    )
    page.get_by_label("Purpose").select_option("Closure evidence")
    page.get_by_role("button", name="Attach").click()
    page.wait_for_url("**/ivv/1/")
    assert page.get_by_role("link", name="config-review-minutes.pdf", exact=True).is_visible()
    page.get_by_label("Evidence of closure").fill("Minutes of the configuration review, attached.")
    page.get_by_role("button", name="Propose closure").click()
    page.wait_for_url("**/ivv/1/")
    finding.refresh_from_db()
    assert finding.status == "closure_proposed"

    # The provider cannot close it: no close action offered; a forced POST is refused.
    assert page.get_by_role("button", name="Close the finding").count() == 0
    token = page.locator("input[name=csrfmiddlewaretoken]").first.get_attribute("value")
    forced = page.request.post(
        "/programs/alpha/ivv/1/close/",
        form={"csrfmiddlewaretoken": token, "close-reason": "Done."},
    )
    assert forced.status in (400, 403)
    assert "Only the IV&amp;V agent closes a finding" in forced.text()
    # The refusal page's file links come back to the finding, not to the POST-only action.
    assert "?next=/programs/alpha/ivv/1/close/" not in forced.text()
    assert 'name="next" value="/programs/alpha/ivv/1/"' in forced.text()
    finding.refresh_from_db()
    assert finding.status == "closure_proposed" and finding.closed_on is None
    shot(page, "ivv-finding-closure-proposed")

    # The IV&V agent verifies the evidence and closes it.
    switch_to(page, IVV, password)
    page.goto("/programs/alpha/ivv/1/")
    assert_accessible(page, "ivv-finding-with-attachments")
    page.get_by_label("Note on the evidence verified").fill("Minutes read; milestone in the IMS.")
    page.get_by_role("button", name="Close the finding").click()
    page.wait_for_url("**/ivv/1/")
    finding.refresh_from_db()
    assert finding.status == "closed" and finding.closed_on == date.today()
    assert page.locator(".usa-tag").first.text_content() == "Closed"
    shot(page, "ivv-finding-closed")
    page.goto("/programs/alpha/ivv/")
    page.wait_for_function("() => window.Chart && Chart.getChart('chart-1')")
    assert_accessible(page, "ivv-register-charts")


def owner_label(page: Any) -> str:
    options = (
        page.get_by_label("Owner of the corrective action").locator("option").all_inner_texts()
    )
    return next(o for o in options if o.strip() and "Choose" not in o and "---" not in o)


def test_another_programs_member_finds_none_of_it(page: Any, world: World, password: str) -> None:
    from programs.services.documents import document_create

    from ..ivv.conftest import attach_evidence, file_finding

    document_create(acting_user=world.user(CUSTOMER_PM), program=world.program, kind=IVV_PLAN)
    finding = file_finding(world)
    attach_evidence(world, finding)
    attachment = Attachment.objects.get()
    log_in(page, IVV, password)
    page.goto(f"/programs/alpha/ivv/{finding.number}/")
    download_url = page.get_by_role("link", name="reconciliation.pdf", exact=True).get_attribute(
        "href"
    )
    assert download_url and str(attachment.uuid) in download_url

    switch_to(page, OUTSIDER, password)
    for url in (
        PLAN,
        f"{PLAN}v1/",
        f"{PLAN}v1/edit/",
        f"{PLAN}v1/comments/import/",
        f"{PLAN}v1/comments.xlsx",
        "/programs/alpha/ivv/",
        f"/programs/alpha/ivv/{finding.number}/",
        download_url,
    ):
        response = page.request.get(url)
        assert response.status == 404, f"{url} answered {response.status} to an outsider"
    response = page.goto(f"/programs/alpha/ivv/{finding.number}/")
    assert response is not None and response.status == 404
    shot(page, "ivv-finding-outsider-404")
