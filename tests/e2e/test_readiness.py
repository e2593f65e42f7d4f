"""The progress review readiness in a real browser, checked by axe-core: a PMO Lead reads
each criterion's verdict and what blocks it, builds the review package, follows the job to
its end and finds the package to download on the readiness page."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from programs.choices import DocumentStatus
from qasp.standards import QASP

from ..conftest import World
from ..reports import readiness_world as make
from .conftest import assert_accessible, log_in

pytestmark = pytest.mark.e2e


def test_read_the_readiness_and_build_the_package(
    page: Any, world: World, password: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("programs.limits.today", lambda: date(2026, 6, 15))
    make.approved_charter(world)
    make.document(world, QASP, DocumentStatus.IN_REVIEW)

    log_in(page, "provider.pmo_lead", password)
    page.goto("/programs/alpha/")
    page.get_by_role("link", name="Progress review readiness").click()
    page.wait_for_url("**/reports/readiness/")
    main = page.get_by_role("main")
    assert "11%" in main.inner_text() and "1 of 9 exit criteria met." in main.inner_text()
    charter_row = main.get_by_role("row", name="Charter updated for scope and timeline")
    assert "Met" in charter_row.inner_text() and "Version 1 approved on" in charter_row.inner_text()
    qasp_row = main.get_by_role("row", name="QASP approved")
    assert "Not met" in qasp_row.inner_text()
    assert "The QASP has no approved version: version 1 is in review since 4 May 2026." in (
        qasp_row.inner_text()
    )
    assert_accessible(page, "readiness")

    page.get_by_role("button", name="Build the review package").click()
    page.wait_for_url("**/jobs/**")
    assert "The review package is ready" in page.get_by_role("main").inner_text()
    assert_accessible(page, "readiness-package-job")

    page.goto("/programs/alpha/reports/readiness/")
    with page.expect_download() as download:
        page.get_by_role("link", name="download the package").click()
    assert download.value.suggested_filename.startswith("alpha-progress-review-package-")
    assert_accessible(page, "readiness-with-package")
