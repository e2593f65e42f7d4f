"""Provider metrics in a real browser, checked by axe-core: the provider's Program Manager
uploads a file (refused first, its problems listed by row, then accepted); the customer's
Program Manager validates one submission into a surveillance record and rejects the other."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from qasp.choices import MetricStatus
from qasp.models import MetricSubmission, SurveillanceRecord

from ..conftest import World
from ..qasp.factories import make_approved_qasp
from .conftest import assert_accessible, log_in

pytestmark = pytest.mark.e2e

BAD = b"Standard;Period;Measured value;Source\nPS-9;2026-04;99,9;SLR\nPS-1;May 2026;lots;SLR\n"
GOOD = (
    "\ufeffStandard;Period;Measured value;Source;Notes\n"
    "PS-1;April 2026;99,8;SLR April 2026;\n"
    "PS-1;2026-05;99,1;SLR May 2026;Two outages\n"
).encode()


def _upload(page: Any, name: str, data: bytes) -> None:
    page.goto("/programs/alpha/qasp/metrics/upload/")
    page.get_by_label("Metrics file (.xlsx or .csv)").set_input_files(
        {"name": name, "mimeType": "text/csv", "buffer": data}
    )
    page.get_by_role("button", name="Upload and submit").click()


def test_upload_metrics_then_validate_one_and_reject_one(
    page: Any, world: World, password: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("programs.limits.today", lambda: date(2026, 6, 15))
    make_approved_qasp(world.program)
    log_in(page, "provider.program_manager", password)
    page.goto("/programs/alpha/qasp/metrics/")
    assert "The provider has submitted no metrics yet." in page.get_by_role("main").inner_text()
    assert_accessible(page, "qasp-metrics-list-empty")

    _upload(page, "bad.csv", BAD)
    page.wait_for_selector("#import-problems")
    problems = page.locator("#import-problems").inner_text()
    assert "The approved QASP has no standard PS-9." in problems and "not a number" in problems
    assert not MetricSubmission.objects.exists()
    assert_accessible(page, "qasp-metrics-upload-refused")

    _upload(page, "june.csv", GOOD)
    page.wait_for_url("**/qasp/metrics/?status=submitted")
    assert "2 submissions from june.csv are awaiting validation" in page.content()
    assert_accessible(page, "qasp-metrics-list")

    page.goto("/programs/alpha/qasp/metrics/new/")
    assert_accessible(page, "qasp-metrics-new")

    page.context.clear_cookies()
    log_in(page, "customer.program_manager", password)
    may, april = MetricSubmission.objects.order_by("-period")
    page.goto(f"/programs/alpha/qasp/metrics/{may.pk}/")
    assert_accessible(page, "qasp-metrics-submission")
    page.get_by_role("button", name="Validate").click()
    page.wait_for_url("**/qasp/surveillance/*/")
    main = page.get_by_role("main").inner_text()
    assert "Not acceptable" in main and "Validated from the provider's submission" in main
    record = SurveillanceRecord.objects.get()
    may.refresh_from_db()
    assert may.status == MetricStatus.VALIDATED and may.record == record

    page.goto(f"/programs/alpha/qasp/metrics/{april.pk}/")
    page.get_by_label("Reason for rejection").fill("April's report says 99.7, not 99.8.")
    page.get_by_role("button", name="Reject").click()
    page.wait_for_url(f"**/qasp/metrics/{april.pk}/")
    assert "April's report says 99.7" in page.get_by_role("main").inner_text()
    assert_accessible(page, "qasp-metrics-rejected")
    april.refresh_from_db()
    assert april.status == MetricStatus.REJECTED

    page.goto("/programs/alpha/qasp/metrics/?status=rejected")
    assert_accessible(page, "qasp-metrics-list-rejected")
