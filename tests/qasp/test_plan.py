"""The QASP (activity 7): its sections, period and tables, the check before review naming the
row and the rule, approval by a customer signatory alone moving the board, the provider
unable to edit or sign, the pages and exports, and the Program Management Plan citing the
approved version."""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from openpyxl import load_workbook
from pypdf import PdfReader
from rest_framework.test import APIClient

from pmp.definitions import PROGRAM_MANAGEMENT_PLAN
from pmp.plan.citations import approved_qasp
from programs.choices import ActivityStatus, DocumentStatus, OwningParty
from programs.documents import document_kind
from programs.errors import DomainError
from programs.exports import render_document_pdf, render_document_xlsx
from programs.models import AuditEvent, DocumentVersion, PlayActivity, Signature
from programs.services import documents as document_services
from qasp.definitions import QASP_KIND
from qasp.demo import content as demo_content
from qasp.standards import QASP, approved_standards, standards_of
from tests.conftest import World

EDITOR = "customer.program_manager"
SPONSOR = "customer.executive_sponsor"
WEB = "/programs/alpha/qasp/plan"
API = "/api/programs/alpha/qasp/plan"


def start(world: World, by: str = EDITOR, content: dict[str, Any] | None = None) -> DocumentVersion:
    document = document_services.document_create(
        acting_user=world.user(by), program=world.program, kind=QASP, content=content
    )
    return document.versions.get()


def fill(world: World, version: DocumentVersion, **changes: Any) -> DocumentVersion:
    """The demo's content, with ``changes`` to its fields or tables by key."""
    version.refresh_from_db()
    content = demo_content()
    for key, value in changes.items():
        part = "fields" if key in content["fields"] else "tables"
        content[part][key] = value
    return document_services.version_update_content(
        acting_user=world.user(EDITOR),
        version=version,
        content=content,
        base_revision=version.revision,
    )


def submit(world: World, version: DocumentVersion) -> DocumentVersion:
    return document_services.version_submit(acting_user=world.user(EDITOR), version=version)


def approved(world: World) -> DocumentVersion:
    version = submit(world, fill(world, start(world)))
    document_services.version_sign(acting_user=world.user(SPONSOR), version=version)
    version.refresh_from_db()
    return version


def standards(**changes: Any) -> list[dict[str, Any]]:
    """The demo's standards with ``changes`` (by column) made to the second row."""
    rows = [dict(r) for r in demo_content()["tables"]["performance_requirements"]]
    for key, value in changes.items():
        rows[1][key] = value
    return rows


def activity(world: World) -> PlayActivity:
    return PlayActivity.objects.get(program=world.program, key="develop_qasp")


def test_the_kind_has_domain_sections_the_period_and_the_performance_requirements() -> None:
    kind = document_kind(QASP)
    assert kind is QASP_KIND
    assert (kind.name, kind.owning_party, kind.activity_key) == (
        "Quality Assurance Surveillance Plan",
        OwningParty.CUSTOMER,
        "develop_qasp",
    )
    assert [s.key for s in kind.sections] == [
        "purpose",
        "roles",
        "performance_requirements",
        "documentation",
        "analysis",
    ]
    assert [(f.key, f.type, f.required) for f in kind.fields] == [
        ("period_start", "date", True),
        ("period_end", "date", True),
    ]
    assert [t.key for t in kind.tables] == ["roles", "performance_requirements"]
    summary = kind.tables[1]
    assert [c.key for c in summary.columns][:8] == [
        "code",
        "objective",
        "source",
        "standard",
        "metric",
        "unit",
        "direction",
        "aql",
    ]
    assert kind.signing_parties == ("customer",)


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        (
            {"period_end": "2026-05-01"},
            "fields.period_end",
            "not after its start",
        ),
        (
            {"performance_requirements": standards(code="PS-1")},
            "tables.performance_requirements[2].code",
            "Row 2 (PS-1)",
        ),
        (
            {"performance_requirements": standards(aql="100.5")},
            "tables.performance_requirements[2].aql",
            "between 0 and 100",
        ),
        (
            {
                "roles": [
                    {"role": "cor", "name": "Aisha Johnson", "party": "customer"},
                    {"role": "alternate_cor", "name": "Thomas Becker", "party": "customer"},
                ]
            },
            "tables.roles",
            "Contracting Officer",
        ),
    ],
)
def test_the_check_before_review_names_the_row_and_the_rule(
    world: World, changes: dict[str, Any], field: str, words: str
) -> None:
    version = fill(world, start(world), **changes)
    with pytest.raises(DomainError) as refused:
        submit(world, version)
    assert refused.value.field == field
    assert words in str(refused.value)
    version.refresh_from_db()
    assert version.status == DocumentStatus.DRAFT


def test_an_aql_of_hours_may_exceed_100(world: World) -> None:
    version = fill(world, start(world), performance_requirements=standards(unit="hours", aql="120"))
    assert submit(world, version).status == DocumentStatus.IN_REVIEW


def test_an_aql_keeps_four_decimal_places_and_refuses_a_fifth(world: World) -> None:
    version = fill(world, start(world), performance_requirements=standards(aql="99.9995"))
    rows = version.content["tables"]["performance_requirements"]
    assert rows[1]["aql"] == "99.9995"
    assert standards_of(version.content)[1].aql == Decimal("99.9995")
    with pytest.raises(DomainError) as refused:
        fill(world, version, performance_requirements=standards(aql="99.99995"))
    assert refused.value.field == "tables.performance_requirements[2].aql"
    assert "at most 4 decimal places" in str(refused.value)
    version.refresh_from_db()
    assert version.content["tables"]["performance_requirements"][1]["aql"] == "99.9995"


def test_an_incomplete_row_is_refused_by_its_place(world: World) -> None:
    version = start(world)
    rows = standards()
    rows[2]["metric"] = ""
    with pytest.raises(DomainError) as refused:
        fill(world, version, performance_requirements=rows)
    assert refused.value.field == "tables.performance_requirements[3].metric"
    assert "Metric is required" in str(refused.value)


def test_the_customer_signs_alone_and_activity_7_is_done(world: World) -> None:
    version = submit(world, fill(world, start(world)))
    assert activity(world).status == ActivityStatus.IN_PROGRESS
    document_services.version_sign(acting_user=world.user(SPONSOR), version=version)
    version.refresh_from_db()
    assert version.status == DocumentStatus.APPROVED
    assert list(Signature.objects.filter(version=version).values_list("party", flat=True)) == [
        "customer"
    ]
    row = activity(world)
    assert row.status == ActivityStatus.DONE and not row.is_overridden
    assert [s.code for s in approved_standards(world.program)][:2] == ["PS-1", "PS-2"]


@pytest.mark.parametrize("username", ["provider.program_manager", "provider.pmo_team"])
def test_the_provider_can_neither_edit_nor_sign(world: World, username: str) -> None:
    version = submit(world, fill(world, start(world)))
    before = (AuditEvent.objects.count(), version.revision, Signature.objects.count())
    with pytest.raises(PermissionDenied):
        document_services.version_update_content(
            acting_user=world.user(username),
            version=version,
            content=demo_content(),
            base_revision=version.revision,
        )
    with pytest.raises(DomainError):
        document_services.version_sign(
            acting_user=world.user("provider.executive_sponsor"), version=version
        )
    version.refresh_from_db()
    assert (AuditEvent.objects.count(), version.revision, Signature.objects.count()) == before
    assert version.status == DocumentStatus.IN_REVIEW


def test_the_pmp_cites_the_approved_qasp(world: World) -> None:
    version = approved(world)
    plan = document_services.document_create(
        acting_user=world.user("customer.pmo_lead"),
        program=world.program,
        kind=PROGRAM_MANAGEMENT_PLAN,
    )
    part = approved_qasp(plan)
    assert part is not None
    assert (part["title"], part["number"]) == ("Quality Assurance Surveillance Plan", 1)
    assert part["sha256"] == document_services.version_sha256(version)
    assert [s["party"] for s in part["signatures"]] == ["Customer"]


def test_pages_and_api_show_the_performance_requirements(world: World) -> None:
    approved(world)
    web = world.client("independent.ivv_agent")
    page = web.get(f"{WEB}/v1/").content.decode()
    assert "Performance requirements summary" in page
    assert "Payroll accuracy" in page and "2026-05-01" in page
    client = APIClient()
    client.force_authenticate(world.user("provider.pmo_team"))
    api = client.get(f"{API}/versions/1/")
    assert api.status_code == 200, api.content
    rows = api.json()["content"]["tables"]["performance_requirements"]
    assert [r["code"] for r in rows] == [f"PS-{n}" for n in range(1, 9)]
    assert world.client("outsider").get(f"{WEB}/v1/").status_code == 404


def test_exports_carry_the_performance_requirements(world: World) -> None:
    version = approved(world)
    reader = PdfReader(io.BytesIO(render_document_pdf(version)))
    # The eleven columns of the summary are printed on landscape pages, legibly.
    landscape = [
        page.extract_text() or ""
        for page in reader.pages
        if page.mediabox.width > page.mediabox.height
    ]
    assert landscape and "Surveillance" in landscape[0] and "PS-1" in landscape[0]
    assert "PS-8" in "".join(landscape)
    book = load_workbook(io.BytesIO(render_document_xlsx(version)))
    values = {str(c.value) for sheet in book for row in sheet.iter_rows() for c in row}
    assert "Payroll accuracy" in values and "PS-8" in values
