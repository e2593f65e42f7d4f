"""The demo's status reports: six monthly reports of drc-hr (five released, one of them with
the customer's override of the proposed rating and its comment; the current month reviewed),
each saying what changed since the one before (a risk raised, a risk closed, a milestone
moved by a change request, an IV&V finding closed), three drafts of biw-fm; ``outsider``
finds none of them."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client

from ivv.models import Finding
from pmp.models import RaidItem
from programs.choices import AuditAction
from programs.models import AuditEvent
from reports.choices import StatusReportStatus
from reports.demo import (
    CLOSED_FINDING,
    CLOSED_RISK,
    MOVED_MILESTONE,
    NEW_RISK,
    OVERRIDE_AT,
    OVERRIDE_COMMENT,
)
from reports.models import StatusReport
from schedule.models import ChangeRequest


@pytest.fixture(autouse=True)
def _today() -> None:
    """The demo is seeded on the real today (this app's conftest fixes another)."""


def client(username: str) -> Client:
    web = Client()
    web.force_login(User.objects.get(username=username))
    return web


def test_the_demo_reports(seeded_once: None, db: None) -> None:
    hr = list(StatusReport.objects.filter(program__code="drc-hr").order_by("period_start"))
    assert len(hr) == 6
    assert [r.status for r in hr] == [StatusReportStatus.RELEASED] * 5 + [
        StatusReportStatus.REVIEWED
    ]
    assert all(len(r.sha256) == 64 for r in hr[:5])
    assert [r.rating_comment for r in hr] == [
        OVERRIDE_COMMENT if i == OVERRIDE_AT else "" for i in range(6)
    ]
    overridden = hr[OVERRIDE_AT]
    assert overridden.confirmed_rating != overridden.proposed_rating
    current = hr[-1]
    assert current.customer_approved_by is not None and current.provider_approved_by is not None
    assert current.confirmed_rating is None
    assert current.snapshot["changes"]["previous"] == hr[-2].period_label
    issues = current.snapshot["sections"]["risk"]["top_issues"]
    assert [(i["priority"], i["title"]) for i in issues] == [
        ("Critical", "FPSSC release 24.3 moved two weeks"),
        ("High", "Mock conversion 1 failed on 3% of employee records"),
    ]
    fm = StatusReport.objects.filter(program__code="biw-fm")
    assert fm.count() == 3 and {r.status for r in fm} == {StatusReportStatus.DRAFT}

    page = client("cust.pm").get(current.get_absolute_url())
    assert page.status_code == 200 and "Confirm or override the rating" in page.content.decode()
    assert client("outsider").get("/programs/drc-hr/reports/").status_code == 404


def test_each_report_says_what_changed_since_the_one_before(seeded_once: None, db: None) -> None:
    hr = list(StatusReport.objects.filter(program__code="drc-hr").order_by("period_start"))
    changes = [r.snapshot["changes"] for r in hr]
    assert [c["previous"] for c in changes] == [None] + [r.period_label for r in hr[:-1]]
    items = [c["items"] for c in changes]
    raised = RaidItem.objects.get(program__code="drc-hr", title=NEW_RISK)
    closed = RaidItem.objects.get(program__code="drc-hr", title=CLOSED_RISK)
    change = ChangeRequest.objects.get(schedule__program__code="drc-hr", number=1)
    finding = Finding.objects.get(program__code="drc-hr", title=CLOSED_FINDING)

    assert items[0] == [] and items[1] == []
    # The cost performance index falls under the program's green band in August.
    assert items[2] == [
        f"New risk {raised.reference}: {NEW_RISK}.",
        "Cost went from Green to Yellow.",
    ]
    assert items[3] == [f"Risk {closed.reference} was closed: {CLOSED_RISK}."]
    moved = [line for line in items[4] if line.startswith("Milestone ")]
    assert moved[0].startswith(f"Milestone {MOVED_MILESTONE} moved later: ")
    assert all(" moved later: " in line for line in moved) and len(moved) >= 2
    assert f"Schedule change request {change.reference} approved: {change.title}." in items[4]
    # The fourth report's override is the rating the fifth compares with.
    assert f"The rating went from {hr[OVERRIDE_AT].confirmed_rating} to " in items[4][-1]
    assert items[5] == [f"IV&V finding {finding.reference} was closed: {CLOSED_FINDING}."]

    # Each change dated in the month it belongs to, so the reports read it there.
    assert hr[2].period_start <= raised.raised_on <= hr[2].period_end
    assert closed.closed_on is not None and hr[3].period_start <= closed.closed_on
    assert closed.closed_on <= hr[3].period_end
    assert change.decided_at is not None
    assert hr[4].period_start <= change.decided_at.date() <= hr[4].period_end
    assert [m["name"] for m in hr[4].snapshot["sections"]["schedule"]["slipped_in_period"]] == []

    # Made through the services as the demo's people, so audited like any other write.
    audited = AuditEvent.objects.filter(program__code="drc-hr")
    risks = audited.filter(actor__username="cust.pm", target_type__model="raiditem")
    assert risks.filter(action=AuditAction.CREATE, target_id=str(raised.pk)).exists()
    assert risks.filter(action=AuditAction.TRANSITION, target_id=str(closed.pk)).exists()
    approvers = audited.filter(
        action=AuditAction.SIGN, target_type__model="changerequest", target_id=str(change.pk)
    )
    assert set(approvers.values_list("actor__username", flat=True)) == {"cust.pm", "prov.pm"}
    assert audited.filter(
        actor__username="ivv.agent",
        action=AuditAction.TRANSITION,
        target_type__model="finding",
        target_id=str(finding.pk),
    ).exists()


def test_the_customers_sponsor_reads_the_whole_portfolio(seeded_once: None, db: None) -> None:
    from django.contrib.auth.models import User

    from reports.dashboards.portfolio import portfolio_for

    sponsor = User.objects.get(username="cust.sponsor")
    assert sorted(row.code for row in portfolio_for(sponsor).rows) == ["biw-fm", "drc-hr"]
    assert AuditEvent.objects.filter(
        actor__username="admin", changes__has_key="portfolio viewer", target_id=str(sponsor.pk)
    ).exists()
