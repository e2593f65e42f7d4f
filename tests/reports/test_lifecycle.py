"""A built report's life: each party's narratives and approval, the customer's rating, and
release; every refusal names its rule and changes nothing."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any

import pytest
from django.urls import reverse

from programs.errors import DomainError, PermissionRefused
from programs.models import AuditEvent, Job
from reports.choices import StatusReportStatus
from reports.models import StatusReport
from reports.services.lifecycle import (
    released_content,
    report_approve,
    report_narratives_update,
    report_rate,
    report_release,
)
from tests.conftest import OUTSIDER, ROLE_MATRIX, World
from tests.pmp.conftest import record

from .conftest import BUILDERS, PM

PROVIDER_PM = "provider.program_manager"
USERS = [name for name, *_ in ROLE_MATRIX] + [OUTSIDER]


@pytest.fixture
def report(world: World, run_build: Callable[..., Job]) -> StatusReport:
    record(world, "risk", on_status_report=True)  # scores 8: risk is yellow, the rating 3
    run_build()
    return StatusReport.objects.get(program=world.program)


def unchanged(report: StatusReport) -> dict[str, Any]:
    fresh = StatusReport.objects.get(pk=report.pk)
    return {f.name: getattr(fresh, f.attname) for f in StatusReport._meta.concrete_fields}


def reviewed(world: World, report: StatusReport) -> StatusReport:
    report_approve(acting_user=world.user(PM), report=report)
    return report_approve(acting_user=world.user(PROVIDER_PM), report=report)


def test_both_parties_review_the_customer_rates_and_a_manager_releases(
    world: World, report: StatusReport
) -> None:
    report_narratives_update(
        acting_user=world.user(PROVIDER_PM),
        report=report,
        values={"accomplishments_provider": "Mock conversion 2 reconciled.", "next_period": "UAT."},
    )
    report = report_approve(acting_user=world.user(PM), report=report)
    assert report.status == StatusReportStatus.DRAFT
    report = report_approve(acting_user=world.user("provider.pmo_lead"), report=report)
    assert report.status == StatusReportStatus.REVIEWED
    assert report.proposed_rating == 3
    report = report_rate(
        acting_user=world.user(PM), report=report, rating=4, comment="The risk is being retired."
    )
    assert (report.confirmed_rating, report.rating, report.rating_comment) == (
        4,
        4,
        "The risk is being retired.",
    )
    report = report_release(acting_user=world.user(PROVIDER_PM), report=report)
    assert report.status == StatusReportStatus.RELEASED and report.released_by == world.user(
        PROVIDER_PM
    )
    assert report.sha256 == hashlib.sha256(released_content(report)).hexdigest()
    assert report.accomplishments_provider == "Mock conversion 2 reconciled."
    actions = list(
        AuditEvent.objects.filter(target_type__model="statusreport").values_list(
            "action", flat=True
        )
    )
    assert actions.count("approve") == 2 and "transition" in actions


def test_the_proposed_rating_is_confirmed_without_a_comment(
    world: World, report: StatusReport
) -> None:
    value = report.proposed_rating or 5
    report = report_rate(acting_user=world.user(PM), report=report, rating=value)
    assert report.confirmed_rating == value and report.rating_confirmed_by == world.user(PM)


def test_an_override_without_a_comment_is_refused(world: World, report: StatusReport) -> None:
    before = unchanged(report)
    other = 1 if report.proposed_rating != 1 else 2
    with pytest.raises(DomainError) as refused:
        report_rate(acting_user=world.user(PM), report=report, rating=other, comment="  ")
    assert refused.value.field == "comment"
    assert refused.value.message == (
        f"Overriding the proposed rating ({report.proposed_rating}) with {other} needs a "
        "comment saying why."
    )
    assert unchanged(report) == before


@pytest.mark.parametrize(
    "username", ["customer.pmo_lead", PROVIDER_PM, "customer.executive_sponsor"]
)
def test_only_the_customer_s_program_manager_rates(
    world: World, report: StatusReport, username: str
) -> None:
    before = unchanged(report)
    with pytest.raises(PermissionRefused) as refused:
        report_rate(acting_user=world.user(username), report=report, rating=3, comment="x")
    assert refused.value.message == (
        "Only the customer's Program Manager confirms or overrides the proposed rating."
    )
    assert unchanged(report) == before


def test_each_party_writes_its_own_accomplishments(world: World, report: StatusReport) -> None:
    before = unchanged(report)
    with pytest.raises(PermissionRefused) as refused:
        report_narratives_update(
            acting_user=world.user(PROVIDER_PM),
            report=report,
            values={"next_period": "UAT.", "accomplishments_customer": "Ours."},
        )
    assert refused.value.field == "accomplishments_customer"
    assert refused.value.message == (
        "Only the customer's Program Manager or PMO Lead writes the customer's accomplishments."
    )
    assert unchanged(report) == before


def test_a_narrative_change_withdraws_the_approvals(world: World, report: StatusReport) -> None:
    report = reviewed(world, report)
    report = report_narratives_update(
        acting_user=world.user(PM), report=report, values={"decisions_needed": "Cutover date."}
    )
    assert report.status == StatusReportStatus.DRAFT
    assert report.customer_approved_by is None and report.provider_approved_by is None


def test_releasing_without_both_approvals_is_refused(world: World, report: StatusReport) -> None:
    report_approve(acting_user=world.user(PM), report=report)
    report_rate(acting_user=world.user(PM), report=report, rating=report.proposed_rating or 3)
    before = unchanged(report)
    with pytest.raises(DomainError) as refused:
        report_release(acting_user=world.user(PM), report=report)
    assert refused.value.field == "approvals"
    assert refused.value.message == (
        "A report is released once the customer and the provider have both approved it; the "
        "provider has not."
    )
    assert unchanged(report) == before


def test_releasing_without_the_customer_s_rating_is_refused(
    world: World, report: StatusReport
) -> None:
    report = reviewed(world, report)
    before = unchanged(report)
    with pytest.raises(DomainError) as refused:
        report_release(acting_user=world.user(PM), report=report)
    assert refused.value.field == "rating"
    assert unchanged(report) == before


def test_a_released_report_never_changes(world: World, report: StatusReport) -> None:
    reviewed(world, report)
    report_rate(acting_user=world.user(PM), report=report, rating=report.proposed_rating or 3)
    report = report_release(acting_user=world.user(PM), report=report)
    before = unchanged(report)
    for attempt in (
        lambda: report_narratives_update(
            acting_user=world.user(PM), report=report, values={"next_period": "More."}
        ),
        lambda: report_approve(acting_user=world.user(PM), report=report),
        lambda: report_rate(acting_user=world.user(PM), report=report, rating=1, comment="x"),
        lambda: report_release(acting_user=world.user(PM), report=report),
    ):
        with pytest.raises(DomainError) as refused:
            attempt()
        assert refused.value.message == (
            "The report of May 2026 is released and never changes; a correction is a new revision."
        )
    assert unchanged(report) == before


def test_a_party_approves_once(world: World, report: StatusReport) -> None:
    report_approve(acting_user=world.user(PM), report=report)
    with pytest.raises(DomainError) as refused:
        report_approve(acting_user=world.user("customer.pmo_lead"), report=report)
    assert refused.value.message == "The customer has already approved the report of May 2026."


def _post(world: World, username: str, name: str, report: StatusReport, data: Any = None) -> int:
    url = reverse(f"reports:{name}", kwargs={"code": world.program.code, "pk": report.pk})
    return int(world.client(username).post(url, data or {}).status_code)


@pytest.mark.parametrize("username", USERS)
def test_the_page_actions_for_every_role(world: World, report: StatusReport, username: str) -> None:
    before = unchanged(report)
    narratives = _post(world, username, "narratives", report, {"next_period": "UAT."})
    approve = _post(world, username, "approve", report)
    rating = _post(world, username, "rating", report, {"rating": "1", "comment": "Why."})
    release = _post(world, username, "release", report)
    if username in BUILDERS:
        assert (narratives, approve, release) == (302, 302, 302)
        assert rating == (302 if username == PM else 404)
        report.refresh_from_db()
        assert report.next_period == "UAT."
    else:
        assert (narratives, approve, rating, release) == (404, 404, 404, 404)
        assert unchanged(report) == before


def test_an_override_without_a_comment_shows_beside_the_comment(
    world: World, report: StatusReport
) -> None:
    other = 1 if report.proposed_rating != 1 else 2
    url = reverse("reports:rating", kwargs={"code": world.program.code, "pk": report.pk})
    response = world.client(PM).post(url, {"rating": str(other), "comment": ""})
    assert response.status_code == 400
    assert "needs a comment saying why" in response.context["rating_form"].errors["comment"][0]
