"""What a document kind may ask of the shared sign-off beyond the charter's: several documents
of one kind per program (one per member), people named as signers besides each owning party's
signatory, live data frozen into a version at review, a check that blocks review, and typed
table columns with a fixed list of choices."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from programs.choices import AuditAction, DocumentStatus, OwningParty
from programs.documents import _KINDS as KINDS
from programs.documents import Column, DocumentKind, FrozenPart, Section, Table, compare_contents
from programs.errors import DomainError, ErrorCode
from programs.models import AuditEvent, Document, DocumentVersion, Membership, Signature
from programs.services import documents as svc
from programs.services import memberships as membership_services

from ..conftest import World

NOTE = "test_member_note"
FROZEN = "test_frozen_plan"
COLOURS = (("red", "Red"), ("green", "Green"))
#: The live data the frozen plan reads, and whether its submit check refuses.
LIVE: dict[str, str] = {}


def _frozen_text(value: Any) -> str:
    return "\n".join(f"{k}: {v}" for k, v in sorted(value.items()))


@pytest.fixture(autouse=True)
def kinds() -> Iterator[None]:
    """Two kinds registered for these tests only."""
    LIVE.clear()
    LIVE["a"] = "1"

    def block(version: DocumentVersion) -> None:
        if LIVE.get("blocked"):
            raise DomainError("The matrix has 1 error.", code=ErrorCode.INVALID_CONTENT)

    KINDS[NOTE] = DocumentKind(
        key=NOTE,
        name="Member note",
        owning_party=OwningParty.SHARED,
        activity_key="agree_pmo_role",
        sections=(Section("body", "Body"),),
        several_per_program=True,
    )
    KINDS[FROZEN] = DocumentKind(
        key=FROZEN,
        name="Frozen plan",
        owning_party=OwningParty.SHARED,
        activity_key="document_raci",
        sections=(Section("body", "Body"),),
        tables=(Table("rows", "Rows", (Column("colour", "Colour", "choice", choices=COLOURS),)),),
        frozen_parts=(FrozenPart("live", "Live data", lambda d: {"a": LIVE["a"]}, _frozen_text),),
        submit_check=block,
    )
    yield
    del KINDS[NOTE], KINDS[FROZEN]


def member(world: World, name: str) -> Membership:
    return Membership.objects.get(program=world.program, user=world.user(name))


def _note_for(world: World, sme: str) -> Document:
    subject = member(world, sme)
    return svc.document_create(
        acting_user=world.user("customer.program_manager"),
        program=world.program,
        kind=NOTE,
        content={"sections": {"body": "Commitments."}},
        subject=subject,
        owning_party=subject.party,
        title=f"Note of {subject.display_name}",
        named_signers=[
            (world.user(sme), "Subject-matter expert"),
            (world.user("provider.program_manager"), "Program Manager of the provider"),
        ],
    )


def _in_review(world: World, document: Document) -> DocumentVersion:
    version = document.versions.get()
    return svc.version_submit(acting_user=world.user("customer.program_manager"), version=version)


def test_a_program_holds_one_document_of_such_a_kind_per_member(world: World) -> None:
    first = _note_for(world, "customer.sme")
    assert first.key == f"member-{member(world, 'customer.sme').pk}"
    assert first.owning_party == "customer"
    assert first.signing_parties == ("customer",)
    with pytest.raises(DomainError) as refused:
        _note_for(world, "customer.sme")
    assert refused.value.code == ErrorCode.DOCUMENT_EXISTS
    assert "for " in refused.value.message
    assert Document.objects.filter(kind=NOTE).count() == 1


def test_named_signers_and_the_party_signatory_approve_together(world: World) -> None:
    version = _in_review(world, _note_for(world, "customer.sme"))
    labels = [r.label for r in svc.signing_requirements(version)]
    assert labels[0].startswith("Subject-matter expert: ")
    assert labels[1].startswith("Program Manager of the provider: ")
    assert labels[2] == "Customer signatory"

    svc.version_sign(acting_user=world.user("customer.sme"), version=version)
    svc.version_sign(acting_user=world.user("customer.executive_sponsor"), version=version)
    version.refresh_from_db()
    assert version.status == DocumentStatus.IN_REVIEW  # the provider's PM has not signed
    assert [r.met for r in svc.signing_requirements(version)] == [True, False, True]

    svc.version_sign(acting_user=world.user("provider.program_manager"), version=version)
    version.refresh_from_db()
    assert version.status == DocumentStatus.APPROVED
    named = Signature.objects.filter(version=version, named=True)
    assert sorted(s.signer.username for s in named) == ["customer.sme", "provider.program_manager"]


@pytest.mark.parametrize(
    "outsider_signer",
    ["customer.pmo_lead", "provider.executive_sponsor", "provider.sme", "independent.ivv_agent"],
)
def test_nobody_the_document_does_not_name_signs_it(world: World, outsider_signer: str) -> None:
    version = _in_review(world, _note_for(world, "customer.sme"))
    with pytest.raises(DomainError) as refused:
        svc.version_sign(acting_user=world.user(outsider_signer), version=version)
    assert refused.value.code == ErrorCode.NOT_A_SIGNATORY
    assert "names" in refused.value.message
    assert not Signature.objects.filter(version=version).exists()


def test_a_named_signer_who_leaves_loses_their_signature(world: World) -> None:
    version = _in_review(world, _note_for(world, "customer.sme"))
    svc.version_sign(acting_user=world.user("customer.sme"), version=version)
    membership_services.membership_delete(
        acting_user=world.user("customer.sme"), membership=member(world, "customer.sme")
    )
    signature = Signature.objects.get(version=version)
    assert signature.voided_at is not None
    assert "left the program" in signature.void_reason


def test_live_parts_are_frozen_at_review_and_compared(world: World) -> None:
    pm = world.user("customer.program_manager")
    document = svc.document_create(
        acting_user=pm,
        program=world.program,
        kind=FROZEN,
        content={"sections": {"body": "Plan."}, "tables": {"rows": [{"colour": "Green"}]}},
    )
    draft = document.versions.get()
    assert draft.content["tables"]["rows"] == [{"colour": "green"}]  # the label, stored as value
    assert "frozen" not in draft.content
    assert svc.content_for_reading(draft)["frozen"] == {"live": {"a": "1"}}

    version = svc.version_submit(acting_user=pm, version=draft)
    assert version.content["frozen"] == {"live": {"a": "1"}}
    # An edit in review keeps what was frozen; it cannot be typed in.
    edited = svc.version_update_content(
        acting_user=pm,
        version=version,
        content={"sections": {"body": "Plan, edited."}, "frozen": {"live": {"a": "forged"}}},
        base_revision=version.revision,
    )
    assert edited.content["frozen"] == {"live": {"a": "1"}}
    LIVE["a"] = "2"  # the live data moves on; the version in review keeps what it froze
    assert svc.content_for_reading(edited)["frozen"] == {"live": {"a": "1"}}
    parts = {
        p.key: p
        for p in compare_contents(
            KINDS[FROZEN],
            edited.content,
            svc.live_parts(document)
            | {"sections": edited.content["sections"], "fields": {}, "tables": {}},
        )
    }
    assert parts["frozen.live"].changed
    assert (parts["frozen.live"].old, parts["frozen.live"].new) == ("a: 1", "a: 2")
    back = svc.version_return_to_draft(acting_user=pm, version=edited)
    assert "frozen" not in back.content


def test_a_choice_column_refuses_a_value_outside_its_list(world: World) -> None:
    with pytest.raises(DomainError) as refused:
        KINDS[FROZEN].clean_content({"tables": {"rows": [{"colour": "blue"}]}})
    assert refused.value.field == "tables.rows[1].colour"
    assert "“blue” is not one of: Red, Green" in refused.value.message


def test_the_submit_check_blocks_review_and_changes_nothing(world: World) -> None:
    pm = world.user("customer.program_manager")
    document = svc.document_create(
        acting_user=pm, program=world.program, kind=FROZEN, content={"sections": {"body": "P."}}
    )
    LIVE["blocked"] = "yes"
    with pytest.raises(DomainError, match="1 error"):
        svc.version_submit(acting_user=pm, version=document.versions.get())
    version = document.versions.get()
    assert version.status == DocumentStatus.DRAFT
    assert "frozen" not in version.content
    assert not AuditEvent.objects.filter(action=AuditAction.SUBMIT).exists()


def test_named_signers_are_emailed_with_the_signatories(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    from django.core import mail

    document = _note_for(world, "customer.sme")
    with django_capture_on_commit_callbacks(execute=True):
        _in_review(world, document)
    by_recipient = {m.to[0]: m.body for m in mail.outbox}
    assert (
        "your signature as subject-matter expert" in by_recipient[world.user("customer.sme").email]
    )
    assert "customer Signatory" not in by_recipient[world.user("customer.sme").email]
    sponsor = world.user("customer.executive_sponsor").email
    assert "the signature of a Customer signatory" in by_recipient[sponsor]
    assert world.user("provider.executive_sponsor").email not in by_recipient
