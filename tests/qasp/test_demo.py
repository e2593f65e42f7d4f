"""The demo's QASP on drc-hr: version 1 approved by the customer's executive sponsor alone,
for the agreement's first year (May 2026 to April 2027), with eight standards of the HR and
payroll service and six months of surveillance; activity 7 done on the Play 3.1 board; the
Program Management Plan in review cites it; ``outsider`` cannot find it."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.contrib.auth.models import User
from django.test import Client

from pmp.definitions import PROGRAM_MANAGEMENT_PLAN
from programs.choices import ActivityStatus, DocumentStatus
from programs.models import AuditEvent, DocumentVersion, PlayActivity, Program
from programs.services import documents as document_services
from qasp.choices import AqlDirection, SurveillanceMethod
from qasp.models import SurveillanceRecord
from qasp.standards import QASP, approved_standards

PLAN = "/programs/drc-hr/qasp/plan"


@pytest.fixture
def qasp(seeded_once: None, db: None) -> DocumentVersion:
    return DocumentVersion.objects.get(document__program__code="drc-hr", document__kind=QASP)


def client(username: str) -> Client:
    web = Client()
    web.force_login(User.objects.get(username=username))
    return web


def test_the_demo_qasp_is_approved_by_the_customer_sponsor_for_the_first_year(
    qasp: DocumentVersion,
) -> None:
    assert (qasp.number, qasp.status) == (1, DocumentStatus.APPROVED)
    signatures = qasp.signatures.filter(voided_at__isnull=True)
    assert [(s.signer.username, s.party) for s in signatures] == [("cust.sponsor", "customer")]
    assert qasp.content["fields"] == {"period_start": "2026-05-01", "period_end": "2027-04-30"}
    roles = {r["role"] for r in qasp.content["tables"]["roles"]}
    assert {"contracting_officer", "cor"} <= roles


def test_eight_standards_of_the_hr_and_payroll_service(qasp: DocumentVersion) -> None:
    standards = {s.standard: s for s in approved_standards(qasp.document.program)}
    assert len(standards) == 8
    availability = standards["System availability during service hours"]
    assert (availability.direction, availability.aql) == (AqlDirection.AT_LEAST, Decimal("99.5"))
    assert availability.method == SurveillanceMethod.PERIODIC_INSPECTION
    payroll = standards["Payroll accuracy"]
    assert (payroll.direction, payroll.aql) == (AqlDirection.AT_MOST, Decimal("0.5"))
    assert payroll.method == SurveillanceMethod.RANDOM_SAMPLING
    assert standards["Help-desk response time"].aql_text == "At most 4 hours"
    assert standards["Security incident reporting"].frequency == "per_event"


def test_activity_7_is_done_and_the_pmp_cites_the_qasp(qasp: DocumentVersion) -> None:
    program = Program.objects.get(code="drc-hr")
    activity = PlayActivity.objects.get(program=program, key="develop_qasp")
    assert activity.status == ActivityStatus.DONE and not activity.is_overridden
    plan = DocumentVersion.objects.get(
        document__program=program, document__kind=PROGRAM_MANAGEMENT_PLAN
    )
    cited = plan.content["frozen"]["qasp"]
    assert (cited["number"], cited["sha256"]) == (1, document_services.version_sha256(qasp))


def test_members_read_it_and_the_outsider_cannot(qasp: DocumentVersion) -> None:
    page = client("prov.pm").get(f"{PLAN}/v1/")
    assert page.status_code == 200
    assert "Payroll accuracy" in page.content.decode()
    assert client("ivv.agent").get(f"{PLAN}/").status_code == 200
    assert client("outsider").get(f"{PLAN}/v1/").status_code == 404


def test_six_months_of_surveillance_with_two_unacceptable_payroll_months(
    qasp: DocumentVersion,
) -> None:
    records = SurveillanceRecord.objects.filter(program__code="drc-hr")
    months = sorted({r.period for r in records if r.standard_code == "PS-1"})
    assert months == [date(2026, month, 1) for month in range(5, 11)]
    missed = sorted((r.standard_code, r.period) for r in records if not r.acceptable)
    assert missed == [
        ("PS-2", date(2026, 7, 1)),
        ("PS-2", date(2026, 8, 1)),
        ("PS-3", date(2026, 9, 1)),
    ]
    july = records.get(standard_code="PS-2", period=date(2026, 7, 1))
    assert (july.defects, july.sample_size, july.observed_value) == (4, 400, Decimal("1"))
    on_time = records.get(standard_code="PS-5", period=date(2026, 9, 1))
    assert (on_time.observed_value, on_time.acceptable) == (Decimal("98"), True)
    assert not records.filter(standard_code="PS-7", period=date(2026, 10, 1)).exists()
    assert (
        AuditEvent.objects.filter(
            program__code="drc-hr", target_type__model="surveillancerecord"
        ).count()
        == records.count()
    )
