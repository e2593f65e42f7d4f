"""The demo's Program Management Plan on drc-hr: version 1 in review with its seven
subsidiary plans written and the live data it cites frozen into it; both sponsors sign it and
activity 6 is done on the Play 3.1 board; ``outsider`` cannot find it."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client

from pmp.definitions import PROGRAM_MANAGEMENT_PLAN
from pmp.models import CommunicationItem
from pmp.plan.citations import communications
from pmp.plan.template import SUBSIDIARY_PLANS
from programs.choices import ActivityStatus, DocumentStatus
from programs.models import DocumentVersion, PlayActivity
from programs.services import documents as document_services

PLAN = "/programs/drc-hr/pmp/plan"


@pytest.fixture
def plan(seeded_once: None, db: None) -> DocumentVersion:
    return DocumentVersion.objects.get(
        document__program__code="drc-hr", document__kind=PROGRAM_MANAGEMENT_PLAN
    )


def client(username: str) -> Client:
    web = Client()
    web.force_login(User.objects.get(username=username))
    return web


def test_the_demo_plan_is_in_review_with_every_subsidiary_plan_and_its_citations(
    plan: DocumentVersion,
) -> None:
    assert (plan.number, plan.status) == (1, DocumentStatus.IN_REVIEW)
    content = plan.content
    for subsidiary in SUBSIDIARY_PLANS:
        assert content["sections"][subsidiary.section_key]
        owners = {r["owner"] for r in content["tables"][subsidiary.table_key]}
        assert len(content["tables"][subsidiary.table_key]) >= 3, subsidiary.key
        assert owners & {"customer", "provider"}, subsidiary.key
    frozen = content["frozen"]
    assert set(frozen) == {"schedule_baseline", "risk_scheme", "communications", "qasp"}
    # The schedule's demo agreed drc-hr's baseline before the plan went into review.
    baseline = frozen["schedule_baseline"]
    assert baseline["name"] == "Integrated baseline"
    assert [s["party"] for s in baseline["signatures"]] == ["Customer", "Provider"]
    # Whatever the communications plan's demo seeded (nothing, without it) is frozen as is.
    assert frozen["communications"] == communications(plan.document)
    assert (
        len(frozen["communications"])
        == CommunicationItem.objects.filter(program=plan.document.program).count()
    )
    page = client("cust.pm").get(f"{PLAN}/v1/").content.decode()
    assert "PERSONA" in page and "Cited from the portal" in page
    assert "Integrated baseline" in page and baseline["sha256"] in page
    assert "Import FPSSC&#x27;s Microsoft Project schedule" in page


def test_both_sponsors_sign_the_demo_plan_and_activity_6_is_done(plan: DocumentVersion) -> None:
    activity = PlayActivity.objects.get(program=plan.document.program, key="establish_pmp")
    assert activity.status == ActivityStatus.IN_PROGRESS
    for username in ("cust.sponsor", "prov.sponsor"):
        response = client(username).post(
            f"{PLAN}/v1/sign/",
            {"content_sha256": document_services.version_sha256(plan)},
        )
        assert response.status_code == 302, username
    plan.refresh_from_db()
    activity.refresh_from_db()
    assert plan.status == DocumentStatus.APPROVED
    assert activity.status == ActivityStatus.DONE


def test_the_outsider_cannot_find_the_demo_plan(plan: DocumentVersion) -> None:
    for path in ("/", "/v1/", "/v1/export.pdf"):
        assert client("outsider").get(PLAN + path).status_code == 404
