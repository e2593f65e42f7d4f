"""The Program Management Plan (activity 6): its starting template, the tailoring checked at
review, the live data it cites frozen into a version at review (agreed IMS baseline, risk
scheme, communications plan, approved QASP), the comparison of versions, approval by both
parties moving the board, the exports and the pages."""

from __future__ import annotations

import io
import subprocess
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from pmp.definitions import PROGRAM_MANAGEMENT_PLAN, PROGRAM_MANAGEMENT_PLAN_KIND
from pmp.models import CommunicationItem, RiskScheme
from pmp.plan.template import SUBSIDIARY_PLANS
from programs.choices import ActivityStatus, DocumentStatus
from programs.errors import DomainError
from programs.exports import render_document_pdf, render_document_xlsx
from programs.models import Document, DocumentVersion, Membership, PlayActivity, Signature
from programs.services import documents as document_services
from schedule.models import Baseline
from schedule.services import baselines as baseline_services
from tests.conftest import World
from tests.schedule.factories import make_schedule, sample_schedule_data

SPONSORS = ("customer.executive_sponsor", "provider.executive_sponsor")
EDITOR = "customer.pmo_lead"
PLAN = "/programs/alpha/pmp/plan"


def start(world: World, by: str = EDITOR) -> DocumentVersion:
    document = document_services.document_create(
        acting_user=world.user(by), program=world.program, kind=PROGRAM_MANAGEMENT_PLAN
    )
    return document.versions.get()


def fill(
    world: World, version: DocumentVersion, by: str = EDITOR, **changes: Any
) -> DocumentVersion:
    """Every section written; ``changes`` replace sections or tables by key."""
    version.refresh_from_db()
    content = dict(version.content)
    content["sections"] = {
        s.key: f"The {s.title.lower()} of both parties."
        for s in PROGRAM_MANAGEMENT_PLAN_KIND.sections
    }
    tables = dict(content["tables"])
    for key, value in changes.items():
        if key in tables:
            tables[key] = value
        else:
            content["sections"][key] = value
    content["tables"] = tables
    return document_services.version_update_content(
        acting_user=world.user(by), version=version, content=content, base_revision=version.revision
    )


def submit(world: World, version: DocumentVersion, by: str = EDITOR) -> DocumentVersion:
    return document_services.version_submit(acting_user=world.user(by), version=version)


def sign(world: World, version: DocumentVersion) -> DocumentVersion:
    for name in SPONSORS:
        document_services.version_sign(acting_user=world.user(name), version=version)
    version.refresh_from_db()
    return version


def add_communication(world: World, title: str, owner: str = "customer.program_manager") -> None:
    CommunicationItem.objects.create(
        program=world.program,
        title=title,
        audience="Agency HR staff",
        purpose="Keep staff informed of the migration",
        channel="newsletter",
        frequency="monthly",
        owner=Membership.objects.get(program=world.program, user=world.user(owner)),
        owner_party="customer",
    )


def agree_baseline(world: World) -> Baseline:
    pm = world.user("provider.program_manager")
    schedule = make_schedule(world.program, pm, sample_schedule_data())
    baseline = baseline_services.baseline_create(
        acting_user=pm, schedule=schedule, name="Engagement baseline"
    )
    version = baseline_services.baseline_propose(acting_user=pm, baseline=baseline)
    sign(world, version)
    baseline.refresh_from_db()
    return baseline


def approved_qasp(world: World) -> DocumentVersion:
    """A QASP approved by the customer's sponsor, as the QASP's kind will make one (the kind
    is not registered here: the plan finds it by its key)."""
    document = Document.objects.create(
        program=world.program, kind="qasp", title="QASP", owning_party="customer"
    )
    version = DocumentVersion.objects.create(
        document=document,
        number=1,
        status=DocumentStatus.APPROVED,
        phase=world.program.phase,
        created_by=world.user("customer.program_manager"),
        updated_by=world.user("customer.program_manager"),
        content={"sections": {"purpose": "Surveil the payroll service."}},
        approved_at=timezone.now(),
    )
    Signature.objects.create(
        version=version,
        signer=world.user("customer.executive_sponsor"),
        party="customer",
        role="executive_sponsor",
        signed_at=timezone.now(),
        content_sha256=document_services.version_sha256(version),
    )
    return version


def activity(world: World) -> PlayActivity:
    return PlayActivity.objects.get(program=world.program, key="establish_pmp")


# -- the template and the tailoring ------------------------------------------------------------


def test_a_new_plan_starts_tailored_with_each_subsidiary_plans_activities(world: World) -> None:
    version = start(world, by="provider.pmo_team")
    tables = version.content["tables"]
    assert [r["plan"] for r in tables["tailoring"]] == [p.key for p in SUBSIDIARY_PLANS]
    assert {r["applies"] for r in tables["tailoring"]} == {"yes"}
    assert len(SUBSIDIARY_PLANS) == 7
    for plan in SUBSIDIARY_PLANS:
        rows = tables[plan.table_key]
        assert rows and all(r["owner"] in ("customer", "provider", "shared") for r in rows)
        assert all(r["activity"] and r["frequency"] and r["responsible"] for r in rows)
    owners = {r["owner"] for p in SUBSIDIARY_PLANS for r in tables[p.table_key]}
    assert owners == {"customer", "provider", "shared"}
    assert "Report expenditure to date against the budget" in [
        r["activity"] for r in tables["cost_activities"]
    ]
    assert activity(world).status == ActivityStatus.IN_PROGRESS
    assert version.document.owning_party == "shared"


def test_a_plan_that_applies_needs_its_section_and_activities_before_review(
    world: World,
) -> None:
    version = fill(world, start(world), cost_plan="")
    with pytest.raises(DomainError) as refused:
        submit(world, version)
    assert refused.value.field == "sections.cost_plan"
    assert "cost management plan applies" in refused.value.message

    version = fill(world, version, cost_activities=[])
    with pytest.raises(DomainError) as refused:
        submit(world, version)
    assert refused.value.field == "tables.cost_activities"
    version.refresh_from_db()
    assert version.status == DocumentStatus.DRAFT and "frozen" not in version.content


def test_a_plan_tailored_out_needs_no_section_but_the_tailoring_names_every_plan(
    world: World,
) -> None:
    version = start(world)
    tailoring = [dict(r) for r in version.content["tables"]["tailoring"]]
    acquisition = next(r for r in tailoring if r["plan"] == "acquisition")
    acquisition.update(applies="no", why="The interagency agreement is already in place.")
    version = fill(
        world, version, tailoring=tailoring, acquisition_plan="", acquisition_activities=[]
    )
    with pytest.raises(DomainError) as refused:  # six rows: the scope plan is not tailored
        submit(
            world, fill(world, version, tailoring=[r for r in tailoring if r["plan"] != "scope"])
        )
    assert refused.value.field == "tables.tailoring"

    twice = [*tailoring, {"plan": "risk", "applies": "yes", "why": "Again."}]
    with pytest.raises(DomainError) as refused:
        submit(world, fill(world, version, tailoring=twice))
    assert "twice" in refused.value.message

    version = fill(
        world, version, tailoring=tailoring, acquisition_plan="", acquisition_activities=[]
    )
    assert submit(world, version).status == DocumentStatus.IN_REVIEW


# -- the citations -----------------------------------------------------------------------------


def test_review_freezes_the_risk_scheme_the_communications_plan_and_says_what_is_missing(
    world: World,
) -> None:
    add_communication(world, "HR staff newsletter")
    version = fill(world, start(world))
    # A draft cites the live data without writing a risk scheme.
    page = world.client("provider.viewer").get(f"{PLAN}/v1/").content.decode()
    assert "HR staff newsletter" in page and "Live" in page
    assert not RiskScheme.objects.filter(program=world.program).exists()

    version = submit(world, version)
    frozen = version.content["frozen"]
    assert frozen["schedule_baseline"] is None and frozen["qasp"] is None
    assert frozen["risk_scheme"]["defaults"] is True
    assert frozen["risk_scheme"]["probability_labels"][4] == "Almost certain"
    assert frozen["risk_scheme"]["bands"][4][4] == "very_high"
    [item] = frozen["communications"]
    assert item["what"] == "HR staff newsletter" and item["channel"] == "Newsletter"
    assert item["frequency"] == "Monthly" and item["party"] == "Customer (C)"
    assert item["owner"] == world.user("customer.program_manager").get_full_name()
    assert not RiskScheme.objects.filter(program=world.program).exists()

    # Later changes to the live data leave the version in review as it was frozen.
    add_communication(world, "Town hall on go-live")
    RiskScheme.objects.create(program=world.program, review_interval_days=7)
    page = world.client("provider.viewer").get(f"{PLAN}/v1/").content.decode()
    assert "HR staff newsletter" in page and "Town hall on go-live" not in page
    assert "No agreed IMS baseline yet." in page and "No QASP approved yet." in page
    assert "reviewed every 14 days" in page and "Almost certain" in page


def test_the_plan_cites_the_agreed_baseline_and_the_approved_qasp(world: World) -> None:
    baseline = agree_baseline(world)
    qasp = approved_qasp(world)
    version = submit(world, fill(world, start(world)))
    cited = version.content["frozen"]["schedule_baseline"]
    assert cited["name"] == "Engagement baseline" and cited["number"] == baseline.number
    assert cited["finish"] == timezone.localtime(baseline.finish).date().isoformat()
    hashes = sorted(s["sha256"] for s in cited["signatures"])
    assert hashes == sorted(
        Signature.objects.filter(version=baseline.version).values_list("content_sha256", flat=True)
    )
    assert {s["party"] for s in cited["signatures"]} == {"Customer", "Provider"}
    assert version.content["frozen"]["qasp"]["number"] == qasp.number
    assert version.content["frozen"]["qasp"]["sha256"] == document_services.version_sha256(qasp)

    page = world.client("customer.pmo_team").get(f"{PLAN}/v1/").content.decode()
    assert "Engagement baseline" in page and hashes[0] in page
    assert "QASP</dd>" not in page and "version 1" in page


def test_both_sponsors_sign_and_activity_6_is_done_on_the_board(world: World) -> None:
    add_communication(world, "HR staff newsletter")
    agree_baseline(world)
    version = submit(world, fill(world, start(world)), by="provider.pmo_team")
    assert activity(world).status == ActivityStatus.IN_PROGRESS
    document_services.version_sign(
        acting_user=world.user("customer.executive_sponsor"), version=version
    )
    version.refresh_from_db()
    assert version.status == DocumentStatus.IN_REVIEW
    assert activity(world).status == ActivityStatus.IN_PROGRESS
    document_services.version_sign(
        acting_user=world.user("provider.executive_sponsor"), version=version
    )
    version.refresh_from_db()
    assert version.status == DocumentStatus.APPROVED
    assert activity(world).status == ActivityStatus.DONE
    board = world.client("customer.viewer").get("/programs/alpha/").content.decode()
    assert "the Program Management Plan" in board or "Program Management Plan" in board


def test_a_provider_signature_alone_does_not_approve_and_a_team_member_cannot_sign(
    world: World,
) -> None:
    version = submit(world, fill(world, start(world)))
    with pytest.raises(DomainError):
        document_services.version_sign(acting_user=world.user("provider.pmo_team"), version=version)
    document_services.version_sign(
        acting_user=world.user("provider.executive_sponsor"), version=version
    )
    version.refresh_from_db()
    assert version.status == DocumentStatus.IN_REVIEW


def test_comparing_versions_shows_the_frozen_parts_that_changed(world: World) -> None:
    add_communication(world, "HR staff newsletter")
    first = sign(world, submit(world, fill(world, start(world))))
    second = document_services.version_create_next(
        acting_user=world.user(EDITOR),
        document=first.document,
        reason="other",
        reason_text="The go-live town hall joins the communications plan.",
    )
    add_communication(world, "Town hall on go-live")
    agree_baseline(world)
    submit(world, second)
    page = world.client("independent.ivv_agent").get(f"{PLAN}/compare/?a=1&b=2")
    assert page.status_code == 200
    text = page.content.decode()
    assert "Communications: the communications plan" in text
    assert "Town hall on go-live" in text
    assert "Engagement baseline" in text and "IMS baseline yet." in text  # one removed


@pytest.mark.parametrize("status", ["draft", "in_review"])
def test_the_pdf_and_workbook_carry_the_citations(
    world: World, status: str, tmp_path: Path
) -> None:
    add_communication(world, "HR staff newsletter")
    version = fill(world, start(world))
    if status == "in_review":
        agree_baseline(world)
        version = submit(world, version)
    pdf = tmp_path / "plan.pdf"
    pdf.write_bytes(render_document_pdf(version))
    raw = subprocess.run(
        ["pdftotext", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    text = " ".join(raw.split())  # table cells wrap their words
    assert "Cited from the portal" in text and "DRAFT" in text
    assert "HR staff newsletter" in text and "Almost certain" in text
    assert "No QASP approved yet." in text
    assert ("Engagement baseline" in text) == (status == "in_review")
    assert "Schedule management plan" in text and "Quality management plan: activities" in text

    book = load_workbook(io.BytesIO(render_document_xlsx(version)))
    names = " ".join(book.sheetnames)
    assert "communications" in names.lower() or len(book.sheetnames) > 8


def test_the_editor_shows_what_a_submit_will_freeze(world: World) -> None:
    add_communication(world, "HR staff newsletter")
    start(world)
    page = world.client("provider.pmo_team").get(f"{PLAN}/v1/edit/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "Frozen at review" in text
    assert "1 item of the communications plan" in text
    assert "No agreed IMS baseline yet." in text


def test_pages_answer_members_and_hide_the_plan_from_outsiders(world: World) -> None:
    start(world)
    for path in ("/", "/v1/", "/v1/export.pdf", "/v1/export.xlsx", "/compare/?a=1&b=1"):
        assert world.client("independent.ivv_agent").get(PLAN + path).status_code == 200
        assert world.client("outsider").get(PLAN + path).status_code == 404
    assert world.client("outsider").get(f"{PLAN}/v1/edit/").status_code == 404
    assert world.client("customer.viewer").get(f"{PLAN}/v1/edit/").status_code == 404
    nav = world.client("customer.viewer").get(f"{PLAN}/").content.decode()
    assert 'aria-current="page">Management plan</a>' in nav


def test_each_subsidiary_plans_activities_show_under_its_narrative(world: World) -> None:
    fill(world, start(world))
    page = world.client("customer.viewer").get(f"{PLAN}/v1/").content.decode()
    order = [
        page.index(">Schedule management plan</h2>"),
        page.index(">Schedule management plan: activities</h3>"),
        page.index(">Scope management plan</h2>"),
        page.index(">Quality management plan: activities</h3>"),
        page.index(">Cited from the portal</h2>"),
    ]
    assert order == sorted(order)
