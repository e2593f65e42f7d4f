"""Funding in a real browser, checked by axe-core: the customer's Program Manager records a
funding document, adds a deobligating modification and sees the totals; the earned value
settings page beside it."""

from __future__ import annotations

from typing import Any

import pytest

from ..conftest import World
from .conftest import assert_accessible, log_in

pytestmark = pytest.mark.e2e


def test_add_a_funding_document_with_a_modification_and_see_the_totals(
    page: Any, world: World, password: str
) -> None:
    log_in(page, "customer.program_manager", password)
    page.goto("/programs/alpha/pmp/cost/funding/")
    assert_accessible(page, "funding-empty")

    page.get_by_role("link", name="Add a funding document").click()
    page.wait_for_url("**/pmp/cost/funding/new/")
    page.get_by_label("Document number").fill("IAA-2027-01")
    page.get_by_label("Title").fill("Payroll modernization")
    page.get_by_label("Fiscal year").fill("2027")
    page.get_by_label("Amount obligated ($)").fill("250000.00")
    page.get_by_label("Period of performance starts").fill("2026-10-01")
    page.get_by_label("Period of performance ends").fill("2027-09-30")
    assert_accessible(page, "funding-document-form")
    page.get_by_role("button", name="Save the funding document").click()
    page.wait_for_url("**/pmp/cost/funding/#funding-*")
    assert page.locator("#figure-obligated").inner_text() == "$250,000.00"

    page.get_by_role("link", name="Add a modification to IAA-2027-01").click()
    page.get_by_label("Modification number").fill("P00001")
    page.get_by_label("Effective date").fill("2027-03-01")
    page.get_by_label("Change of the amount obligated ($)").fill("-12500.50")
    page.get_by_label("Description").fill("Deobligation of unused travel.")
    assert_accessible(page, "funding-modification-form")
    page.get_by_role("button", name="Save the modification").click()
    page.wait_for_url("**/pmp/cost/funding/#funding-*")
    assert page.locator("#figure-obligated").inner_text() == "$237,499.50"
    row = page.locator("#funding-years tbody tr").first
    assert "FY2027" in row.inner_text() and "-$12,500.50" in row.inner_text()
    assert "-$12,500.50 (deobligation)" in page.locator(".funding-document").inner_text()
    assert "Months of funding left" in page.locator("#funding-summary").inner_text()
    assert_accessible(page, "funding")

    page.goto("/programs/alpha/pmp/cost/settings/")
    assert_accessible(page, "cost-settings")
