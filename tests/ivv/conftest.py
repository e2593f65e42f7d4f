"""Findings of ``alpha`` at each point of their life cycle, filed by its IV&V agent, and its
IV&V plan in review."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from ivv import services
from ivv.choices import FindingResponse
from ivv.models import CLOSURE_EVIDENCE, Finding
from ivv.plan import IVV_PLAN, IVV_PLAN_KIND
from programs.models import DocumentVersion, Membership
from programs.services import documents as document_services
from programs.services.attachments import attachment_add
from tests.conftest import World
from tests.programs.attachment_files import pdf

IVV = "independent.ivv_agent"


def file_finding(world: World, **values: Any) -> Finding:
    fields: dict[str, Any] = {
        "title": "Data conversion has no reconciliation step",
        "raised_on": date.today() - timedelta(days=3),
        "source": "artifact",
        "category": "data",
        "severity": 2,
        "integrity_level": 3,
        "description": "The conversion plan loads payroll history without reconciling totals.",
        "answering_party": "provider",
        "recommendation": "Add a reconciliation of control totals to each mock conversion.",
    }
    fields.update(values)
    return services.finding_create(acting_user=world.user(IVV), program=world.program, **fields)


def owner_of(world: World, party: str = "provider") -> Membership:
    return Membership.objects.get(program=world.program, user=world.user(f"{party}.pmo_lead"))


def answer(world: World, finding: Finding, response: str = FindingResponse.CONCUR) -> None:
    party = finding.answering_party
    services.finding_answer(
        acting_user=world.user(f"{party}.program_manager"),
        finding=finding,
        response=response,
        rationale="" if response == FindingResponse.CONCUR else "The totals are reconciled later.",
        corrective_action="Add a reconciliation report to mock conversions 2 and 3.",
        action_owner=owner_of(world, party),
        action_target=date.today() + timedelta(days=30),
    )


def attach_evidence(world: World, finding: Finding, purpose: str = CLOSURE_EVIDENCE) -> None:
    attachment_add(
        acting_user=world.user(f"{finding.answering_party}.pmo_team"),
        target=finding,
        uploaded_file=SimpleUploadedFile("reconciliation.pdf", pdf()),
        purpose=purpose,
    )


def advance(world: World, finding: Finding, to: str) -> Finding:
    """Take ``finding`` (open) to ``to`` the way people do."""
    pm = world.user(f"{finding.answering_party}.program_manager")
    steps = ["answered", "in_progress", "closure_proposed", "closed"]
    if to == "open":
        return finding
    if to == "accepted_risk":
        services.finding_accept_risk(
            acting_user=world.user("customer.executive_sponsor"),
            finding=finding,
            rationale="The parallel payroll run covers it.",
        )
        finding.refresh_from_db()
        return finding
    if to == "non_concur":
        answer(world, finding, FindingResponse.NON_CONCUR)
        finding.refresh_from_db()
        return finding
    for step in steps[: steps.index(to) + 1]:
        if step == "answered":
            answer(world, finding)
        elif step == "in_progress":
            services.finding_start(acting_user=pm, finding=finding)
        elif step == "closure_proposed":
            attach_evidence(world, finding)
            services.finding_propose_closure(
                acting_user=pm, finding=finding, evidence="Reconciliation report of mock 2."
            )
        elif step == "closed":
            services.finding_close(acting_user=world.user(IVV), finding=finding)
        finding.refresh_from_db()
    return finding


@pytest.fixture
def finding(world: World) -> Finding:
    return file_finding(world)


def plan_in_review(world: World) -> DocumentVersion:
    pm = world.user("customer.program_manager")
    document = document_services.document_create(
        acting_user=pm, program=world.program, kind=IVV_PLAN
    )
    version = document.versions.get()
    content: dict[str, Any] = {
        **version.content,
        "sections": {s.key: f"The plan's {s.title.lower()}." for s in IVV_PLAN_KIND.sections},
    }
    content["tables"] = {
        **content["tables"],
        "activities": [
            {
                "activity": "Requirements traceability review",
                "stage": "requirements",
                "integrity_level": "4",
                "method": "Inspection",
            }
        ],
    }
    version = document_services.version_update_content(
        acting_user=pm, version=version, content=content, base_revision=version.revision
    )
    return document_services.version_submit(acting_user=pm, version=version)
