"""An SME's MOU: made for SMEs only, one per SME, by editors of the SME's party, naming the
SME and the other party's Program Manager as signers beside a signatory of the SME's party;
nobody else signs it, and a refused sign-off changes nothing."""

from __future__ import annotations

import pytest

from programs.choices import ActivityStatus, DocumentStatus
from programs.errors import DomainError, ErrorCode
from programs.models import AuditEvent, Document, PlayActivity, Signature
from programs.services import documents as document_services
from raci.mou import SME_MOU

from ..conftest import World
from .mou_helpers import approved, in_review, make_mou, member, mou_content


def test_an_mou_names_the_sme_and_the_other_partys_program_manager(world: World) -> None:
    document = make_mou(world)
    assert document.title == f"SME MOU: {member(world, 'customer.sme').display_name}"
    assert document.owning_party == "customer"
    assert document.subject == member(world, "customer.sme")
    signers = [(n.user.username, n.capacity) for n in document.named_signers.all()]
    assert signers == [
        ("customer.sme", "Subject-matter expert"),
        ("provider.program_manager", "Program Manager of the Provider"),
    ]
    assert document.versions.get().status == DocumentStatus.DRAFT
    event = AuditEvent.objects.get(target_id=str(document.pk), target_type__model="document")
    assert (event.actor_name, event.actor_party) == ("customer.program_manager", "customer")


def test_a_provider_smes_mou_is_signed_by_the_customers_program_manager(world: World) -> None:
    document = make_mou(world, sme="provider.sme", by="provider.pmo_team")
    assert document.owning_party == "provider"
    assert [n.user.username for n in document.named_signers.all()][1] == (
        "customer.program_manager"
    )


def test_the_mou_does_not_move_the_board(world: World) -> None:
    before = PlayActivity.objects.get(program=world.program, key="document_raci")
    approved(world, make_mou(world))
    after = PlayActivity.objects.get(program=world.program, key="document_raci")
    assert (after.status, after.evidence_id) == (before.status, before.evidence_id)
    assert after.status == ActivityStatus.NOT_STARTED


@pytest.mark.parametrize(
    "not_an_sme", ["customer.pmo_team", "customer.viewer", "provider.program_manager"]
)
def test_an_mou_is_refused_for_a_member_who_is_not_an_sme(world: World, not_an_sme: str) -> None:
    with pytest.raises(DomainError) as refused:
        make_mou(world, sme=not_an_sme, by=f"{not_an_sme.split('.')[0]}.program_manager")
    assert refused.value.field == "sme"
    assert "not a subject-matter expert" in refused.value.message
    assert not Document.objects.filter(kind=SME_MOU).exists()


def test_a_second_mou_for_the_same_sme_is_refused(world: World) -> None:
    make_mou(world)
    with pytest.raises(DomainError) as refused:
        make_mou(world, by="customer.pmo_lead")
    assert (refused.value.code, refused.value.field) == (ErrorCode.DOCUMENT_EXISTS, "sme")
    assert Document.objects.filter(kind=SME_MOU).count() == 1


def test_the_named_program_manager_must_be_one_of_the_other_party(world: World) -> None:
    for wrong in ("customer.program_manager", "provider.pmo_lead"):
        with pytest.raises(DomainError) as refused:
            make_mou(world, other_pm=member(world, wrong))
        assert refused.value.field == "other_pm"
    assert not Document.objects.filter(kind=SME_MOU).exists()


def test_a_period_ending_before_it_starts_is_refused(world: World) -> None:
    with pytest.raises(DomainError) as refused:
        make_mou(world, content=mou_content(period_start="2026-06-01", period_end="2026-05-31"))
    assert refused.value.field == "fields.period_end"
    assert not Document.objects.filter(kind=SME_MOU).exists()


def test_review_checks_the_period_and_the_required_parts(world: World) -> None:
    content = mou_content(period_end="2026-01-01")
    document = make_mou(
        world, content={**content, "fields": {**content["fields"], "period_end": None}}
    )
    version = document.versions.get()
    with pytest.raises(DomainError) as missing:
        in_review(world, document)
    assert missing.value.field == "fields.period_end"
    document_services.version_update_content(
        acting_user=world.user("customer.program_manager"),
        version=version,
        content=content,
        base_revision=version.revision,
    )
    with pytest.raises(DomainError) as backwards:
        in_review(world, document)
    assert backwards.value.field == "fields.period_end"
    version.refresh_from_db()
    assert version.status == DocumentStatus.DRAFT


@pytest.mark.parametrize(
    "editor", ["customer.program_manager", "customer.pmo_lead", "customer.pmo_team"]
)
def test_editors_of_the_smes_party_start_it(world: World, editor: str) -> None:
    assert make_mou(world, by=editor).pk


@pytest.mark.parametrize(
    "refused_user",
    ["provider.program_manager", "provider.pmo_lead", "customer.viewer", "independent.ivv_agent"],
)
def test_others_do_not_start_it(world: World, refused_user: str) -> None:
    from django.core.exceptions import PermissionDenied

    with pytest.raises((DomainError, PermissionDenied)):
        make_mou(world, by=refused_user)
    assert not Document.objects.filter(kind=SME_MOU).exists()


def test_the_three_named_signers_approve_it(world: World) -> None:
    version = in_review(world, make_mou(world))
    labels = [r.label for r in document_services.signing_requirements(version)]
    sme, pm = member(world, "customer.sme"), member(world, "provider.program_manager")
    assert labels == [
        f"Subject-matter expert: {sme.display_name}",
        f"Program Manager of the Provider: {pm.display_name}",
        "Customer signatory",
    ]
    document_services.version_sign(acting_user=world.user("customer.sme"), version=version)
    document_services.version_sign(
        acting_user=world.user("customer.executive_sponsor"), version=version
    )
    version.refresh_from_db()
    assert version.status == DocumentStatus.IN_REVIEW
    document_services.version_sign(
        acting_user=world.user("provider.program_manager"), version=version
    )
    version.refresh_from_db()
    assert version.status == DocumentStatus.APPROVED
    assert all(r.met for r in document_services.signing_requirements(version))


@pytest.mark.parametrize(
    "intruder",
    [
        "provider.pmo_lead",
        "customer.pmo_lead",
        "customer.program_manager",
        "provider.executive_sponsor",
        "provider.sme",
        "independent.ivv_agent",
    ],
)
def test_anyone_else_signing_is_refused_and_changes_nothing(world: World, intruder: str) -> None:
    version = in_review(world, make_mou(world))
    document_services.version_sign(acting_user=world.user("customer.sme"), version=version)
    events = AuditEvent.objects.count()
    with pytest.raises(DomainError) as refused:
        document_services.version_sign(acting_user=world.user(intruder), version=version)
    assert refused.value.code == ErrorCode.NOT_A_SIGNATORY
    version.refresh_from_db()
    assert version.status == DocumentStatus.IN_REVIEW
    assert list(
        Signature.objects.filter(version=version).values_list("signer__username", flat=True)
    ) == ["customer.sme"]
    assert AuditEvent.objects.count() == events
