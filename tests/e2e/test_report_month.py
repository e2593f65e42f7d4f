"""A month's status report from start to finish in a real browser, checked by axe-core on
every page: the customer's Program Manager builds June's report from the list and follows the
job until it is done; the provider's Program Manager writes the provider's accomplishments and
approves; the customer's approves, overrides the proposed rating (refused first without a
comment) and releases; the release email carries the PDF, which shows the rating, its reasons
and what changed since May."""

from __future__ import annotations

import io
import re
from datetime import date
from typing import Any

import pytest
from django.core import mail
from playwright.sync_api import expect
from pypdf import PdfReader

from ..conftest import World
from ..pmp.conftest import record
from .conftest import assert_accessible, log_in

pytestmark = pytest.mark.e2e

CUSTOMER_PM, PROVIDER_PM = "customer.program_manager", "provider.program_manager"
NEW_RISK = "Interface partner misses the system test window"
COMMENT = "The steering committee accepts the interface risk with its dated fallback."


def _released_may(world: World) -> None:
    """May's report, built, approved by both parties, rated as proposed and released."""
    from reports.models import StatusReport
    from reports.services.builds import report_build_run, report_build_start
    from reports.services.lifecycle import report_approve, report_rate, report_release

    pm, provider = world.user(CUSTOMER_PM), world.user(PROVIDER_PM)
    job = report_build_start(acting_user=pm, program=world.program, period_start=date(2026, 5, 1))
    report_build_run(job_id=job.pk)
    may = StatusReport.objects.get(program=world.program, period_start=date(2026, 5, 1))
    report_approve(acting_user=pm, report=may)
    report_approve(acting_user=provider, report=may)
    report_rate(acting_user=pm, report=may, rating=may.proposed_rating or 3)
    report_release(acting_user=pm, report=may)


def _words(text: str) -> str:
    return " ".join(text.split())


def test_a_month_from_the_build_to_the_released_pdf(
    page: Any, world: World, password: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from reports.choices import CIO_RATINGS
    from reports.models import StatusReport
    from reports.services.builds import report_build_run
    from reports.services.report_settings import report_settings_update

    monkeypatch.setattr("programs.limits.today", lambda: date(2026, 7, 15))
    record(world, "risk", on_status_report=True)
    _released_may(world)
    # Between the two reports: a new risk, and the list the released report goes to.
    raised = record(world, "risk", title=NEW_RISK, inherent_probability=3, inherent_impact=3)
    report_settings_update(
        acting_user=world.user(CUSTOMER_PM),
        program=world.program,
        period_length="monthly",
        due_business_day=5,
        members=[],
        outside_emails=["omb.desk@omb.example"],
    )
    mail.outbox.clear()
    # The build is queued, not run, when it is asked for: the test runs it once the job's
    # page is following it, as a worker would.
    queued: list[int] = []
    monkeypatch.setattr("reports.services.builds._queue", queued.append)

    log_in(page, CUSTOMER_PM, password)
    page.goto("/programs/alpha/reports/")
    assert "May 2026" in page.get_by_role("main").inner_text()
    assert_accessible(page)
    page.get_by_label("Period").select_option(label="June 2026")
    page.get_by_role("button", name="Build the report").click()
    page.wait_for_url("**/jobs/**")
    status = page.locator("#job-status")
    expect(status).to_contain_text("Queued")
    expect(page.get_by_role("progressbar")).to_be_visible()
    assert_accessible(page)

    [job_id] = queued
    report_build_run(job_id=job_id)
    expect(status).to_contain_text("The status report of June 2026 is built", timeout=10_000)
    expect(page.get_by_role("progressbar")).to_have_count(0)
    assert_accessible(page)
    page.get_by_role("link", name="Open the report").click()
    page.wait_for_url("**/reports/*/")
    report = StatusReport.objects.get(program=world.program, period_start=date(2026, 6, 1))
    url = f"/programs/alpha/reports/{report.pk}/"
    main = page.get_by_role("main").inner_text()
    assert "Status report of June 2026" in main
    assert "Since May 2026:" in main, main
    assert f"New risk {raised.reference}: {NEW_RISK}." in main, main
    assert_accessible(page)

    page.context.clear_cookies()
    log_in(page, PROVIDER_PM, password)
    page.goto(url)
    page.get_by_text("Edit the narratives").click()
    page.get_by_label("The provider's accomplishments").fill("System test cycle 1 closed.")
    assert_accessible(page)
    page.get_by_role("button", name="Save the narratives").click()
    page.wait_for_url(f"**{url}")
    page.get_by_role("button", name="Approve for the provider").click()
    page.wait_for_url(f"**{url}")
    assert "Your party's approval is recorded." in page.get_by_role("main").inner_text()
    assert_accessible(page)

    page.context.clear_cookies()
    log_in(page, CUSTOMER_PM, password)
    page.goto(url)
    page.get_by_role("button", name="Approve for the customer").click()
    page.wait_for_url(f"**{url}")
    report.refresh_from_db()
    proposed = report.proposed_rating
    assert proposed is not None
    given = 4 if proposed != 4 else 3
    page.get_by_label("CIO rating").select_option(label=CIO_RATINGS[given])
    page.get_by_role("button", name="Record the rating").click()
    refused = f"Overriding the proposed rating ({proposed}) with {given} needs a comment"
    expect(page.get_by_role("main")).to_contain_text(refused)
    assert_accessible(page)
    report.refresh_from_db()
    assert report.confirmed_rating is None
    page.get_by_label("Comment").fill(COMMENT)
    page.get_by_role("button", name="Record the rating").click()
    page.wait_for_url(f"**{url}")
    page.get_by_role("button", name="Release the report").click()
    page.wait_for_url(f"**{url}")
    main = page.get_by_role("main").inner_text()
    assert "The report of June 2026 is released." in main
    assert f"CIO rating: {CIO_RATINGS[given]}" in main
    assert_accessible(page)

    [email] = mail.outbox
    assert email.bcc == ["omb.desk@omb.example"]  # the list in Bcc, kept from one another
    assert email.subject == "alpha: status report of June 2026 released"
    [(name, body, kind)] = email.attachments
    assert kind == "application/pdf" and name.endswith(".pdf")
    text = _words(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(body)).pages))
    report.refresh_from_db()
    assert f"CIO rating: {CIO_RATINGS[given]}" in text
    assert COMMENT in text
    reasons = report.snapshot["rating"]["reasons"]
    assert reasons and all(_words(reason) in text for reason in reasons)
    assert re.search(r"What changed since .{0,40}May 2026", text), "the previous month named"
    assert f"New risk {raised.reference}: {NEW_RISK}." in text
