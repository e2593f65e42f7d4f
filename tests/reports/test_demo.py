"""The demo's status reports: six monthly reports of drc-hr (five released, one of them with
the customer's override of the proposed rating and its comment; the current month reviewed),
three drafts of biw-fm; ``outsider`` finds none of them."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client

from reports.choices import StatusReportStatus
from reports.demo import OVERRIDE_AT, OVERRIDE_COMMENT
from reports.models import StatusReport


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
