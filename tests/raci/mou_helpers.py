"""Helpers of the SME MOU and session tests: members by name, a complete MOU's content, an
MOU in review and an approved one."""

from __future__ import annotations

from typing import Any

from programs.models import Document, DocumentVersion, Membership
from programs.services import documents as document_services
from raci.services import mou as mou_services

from ..conftest import World


def member(world: World, name: str) -> Membership:
    return Membership.objects.get(program=world.program, user=world.user(name))


def mou_content(**fields: Any) -> dict[str, Any]:
    values = {
        "hours_per_week": "6",
        "period_start": "2026-01-05",
        "period_end": "2026-06-30",
        "supervisor_name": "Dana Reyes",
        "supervisor_title": "Director, Payroll Operations",
        **fields,
    }
    return {
        "sections": {
            "purpose": "Payroll Fit-Gap.",
            "responsibilities": "Attend the payroll Fit-Gap sessions and decide on gaps.",
        },
        "fields": values,
        "tables": {
            "sessions": [
                {"kind": "fit_gap", "topic": "Payroll", "per_month": 2},
            ]
        },
    }


def make_mou(
    world: World,
    sme: str = "customer.sme",
    by: str = "customer.program_manager",
    **kwargs: Any,
) -> Document:
    return mou_services.mou_create(
        acting_user=world.user(by),
        program=world.program,
        sme=member(world, sme),
        content=kwargs.pop("content", mou_content()),
        **kwargs,
    )


def in_review(
    world: World, document: Document, by: str = "customer.program_manager"
) -> DocumentVersion:
    version = document.versions.get()
    return document_services.version_submit(acting_user=world.user(by), version=version)


def approved(world: World, document: Document) -> DocumentVersion:
    version = in_review(world, document)
    party = document.owning_party
    other = "provider" if party == "customer" else "customer"
    for name in (f"{party}.sme", f"{party}.executive_sponsor", f"{other}.program_manager"):
        document_services.version_sign(acting_user=world.user(name), version=version)
    version.refresh_from_db()
    return version
