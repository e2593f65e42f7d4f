"""The versioned-document life cycle, on the charter: draft, review, sign-off, approval,
new versions with reasons, immutability, stale saves, and their audit trail."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied

from charter.definition import CHARTER, CHARTER_KIND
from programs.choices import ActivityStatus, AuditAction, DocumentStatus
from programs.errors import DomainError, ErrorCode, StaleEditError
from programs.models import AuditEvent, DocumentVersion, Signature
from programs.services import documents as svc

from ..conftest import World
from ..factories import charter_content, make_charter


@pytest.fixture
def pm(world: World) -> Any:
    return world.user("customer.program_manager")


@pytest.fixture
def draft(world: World, pm: Any) -> DocumentVersion:
    return make_charter(world.program, state="draft", editor=pm)


def _sign_both(world: World, version: DocumentVersion) -> None:
    svc.version_sign(acting_user=world.user("customer.executive_sponsor"), version=version)
    svc.version_sign(acting_user=world.user("provider.executive_sponsor"), version=version)
    version.refresh_from_db()


def test_the_charter_is_approved_when_both_sponsors_sign(
    world: World, pm: Any, draft: DocumentVersion, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        version = svc.version_submit(acting_user=pm, version=draft)
    # The signatories of both parties are emailed when the version goes into review.
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert recipients == sorted(
        world.user(n).email
        for n in (
            "customer.executive_sponsor",
            "customer.business_owner",
            "provider.executive_sponsor",
        )
    )
    assert "awaits your signature" in mail.outbox[0].subject

    svc.version_sign(acting_user=world.user("customer.executive_sponsor"), version=version)
    version.refresh_from_db()
    assert version.status == DocumentStatus.IN_REVIEW  # the provider has not signed yet

    svc.version_sign(acting_user=world.user("provider.executive_sponsor"), version=version)
    version.refresh_from_db()
    assert version.status == DocumentStatus.APPROVED
    assert version.approved_at is not None
    activity = world.program.activities.get(key=CHARTER_KIND.activity_key)
    assert activity.status == ActivityStatus.DONE
    assert activity.evidence == version.document

    signature = version.signatures.get(party="provider")
    assert signature.role == "executive_sponsor"
    assert signature.content_sha256 == svc.version_sha256(version)
    assert len(signature.content_sha256) == 64


def test_submission_freezes_the_stakeholders(world: World, pm: Any, draft: DocumentVersion) -> None:
    version = svc.version_submit(acting_user=pm, version=draft)
    names = {s["username"] for s in version.content["stakeholders"]}
    assert names == set(world.program.memberships.values_list("user__username", flat=True))


def test_submission_needs_every_required_section(
    world: World, pm: Any, draft: DocumentVersion
) -> None:
    content = charter_content(scope_out="   ")
    draft = svc.version_update_content(
        acting_user=pm, version=draft, content=content, base_revision=draft.revision
    )
    with pytest.raises(DomainError) as error:
        svc.version_submit(acting_user=pm, version=draft)
    assert error.value.code == ErrorCode.REQUIRED_SECTION_EMPTY
    assert error.value.field == "sections.scope_out"
    assert "Scope: out" in error.value.message
    draft.refresh_from_db()
    assert draft.status == DocumentStatus.DRAFT


def test_a_change_in_review_voids_the_signatures(
    world: World, pm: Any, draft: DocumentVersion
) -> None:
    version = svc.version_submit(acting_user=pm, version=draft)
    svc.version_sign(acting_user=world.user("customer.executive_sponsor"), version=version)
    content = dict(version.content, sections={**version.content["sections"], "risks": "New risk."})
    version = svc.version_update_content(
        acting_user=pm, version=version, content=content, base_revision=version.revision
    )
    signature = Signature.objects.get(version=version)
    assert signature.voided_at is not None
    assert "revision" in signature.void_reason
    # The customer may sign again, the new content.
    svc.version_sign(acting_user=world.user("customer.executive_sponsor"), version=version)
    assert version.signatures.filter(voided_at__isnull=True).count() == 1


def test_an_approved_version_never_changes(
    world: World, approved_charter: DocumentVersion, pm: Any
) -> None:
    before = (approved_charter.content, approved_charter.revision)
    with pytest.raises(DomainError) as error:
        svc.version_update_content(
            acting_user=pm,
            version=approved_charter,
            content=charter_content(risks="x"),
            base_revision=approved_charter.revision,
        )
    assert error.value.code == ErrorCode.VERSION_LOCKED
    approved_charter.refresh_from_db()
    assert (approved_charter.content, approved_charter.revision) == before


def test_a_stale_save_is_refused_with_what_changed_meanwhile(
    world: World, pm: Any, draft: DocumentVersion
) -> None:
    lead = world.user("provider.pmo_lead")
    opened_at = draft.revision
    svc.version_update_content(
        acting_user=lead,
        version=draft,
        content=charter_content(scope_in="Payroll and time and attendance."),
        base_revision=opened_at,
    )
    mine = charter_content(purpose="My own purpose text.")
    with pytest.raises(StaleEditError) as error:
        svc.version_update_content(
            acting_user=pm, version=draft, content=mine, base_revision=opened_at
        )
    assert error.value.code == ErrorCode.STALE_VERSION
    (change,) = error.value.extra["changed_meanwhile"]
    assert change["by"] == "provider.pmo_lead"
    assert change["party"] == "provider"
    assert change["parts"] == ["Scope: in"]
    draft.refresh_from_db()
    assert draft.content["sections"]["scope_in"] == "Payroll and time and attendance."
    assert draft.content["sections"]["purpose"] != "My own purpose text."


def test_signatures_are_refused_to_non_signatories_and_twice(
    world: World, pm: Any, draft: DocumentVersion
) -> None:
    version = svc.version_submit(acting_user=pm, version=draft)
    for name in ("customer.pmo_team", "customer.program_manager", "independent.ivv_agent"):
        with pytest.raises(DomainError) as error:
            svc.version_sign(acting_user=world.user(name), version=version)
        assert error.value.code == ErrorCode.NOT_A_SIGNATORY
    with pytest.raises(DomainError) as error:
        svc.version_sign(acting_user=world.user("outsider"), version=version)
    assert error.value.code == ErrorCode.NOT_A_SIGNATORY

    sponsor = world.user("customer.executive_sponsor")
    svc.version_sign(acting_user=sponsor, version=version)
    with pytest.raises(DomainError) as error:
        svc.version_sign(acting_user=sponsor, version=version)
    assert error.value.code == ErrorCode.ALREADY_SIGNED
    # One signature per party: the Business Owner cannot add a second customer signature.
    with pytest.raises(DomainError) as error:
        svc.version_sign(acting_user=world.user("customer.business_owner"), version=version)
    assert error.value.code == ErrorCode.PARTY_ALREADY_SIGNED
    assert version.signatures.count() == 1


def test_a_signature_of_content_changed_since_reading_is_refused(
    world: World, pm: Any, draft: DocumentVersion
) -> None:
    version = svc.version_submit(acting_user=pm, version=draft)
    with pytest.raises(DomainError) as error:
        svc.version_sign(
            acting_user=world.user("customer.executive_sponsor"),
            version=version,
            content_sha256="0" * 64,
        )
    assert error.value.code == ErrorCode.STALE_VERSION
    assert not version.signatures.exists()


def test_a_new_version_needs_a_reason_and_supersedes_on_approval(
    world: World, pm: Any, approved_charter: DocumentVersion
) -> None:
    document = approved_charter.document
    with pytest.raises(DomainError) as error:
        svc.version_create_next(acting_user=pm, document=document, reason="", reason_text="")
    assert error.value.code == ErrorCode.REASON_REQUIRED
    assert error.value.field == "reason"
    with pytest.raises(DomainError) as error:
        svc.version_create_next(
            acting_user=pm, document=document, reason="timeline_change", reason_text=" "
        )
    assert error.value.field == "reason_text"
    assert document.versions.count() == 1

    v2 = svc.version_create_next(
        acting_user=pm,
        document=document,
        reason="timeline_change",
        reason_text="Go-live moves to the next fiscal quarter.",
    )
    assert (v2.number, v2.status) == (2, DocumentStatus.DRAFT)
    assert v2.content["sections"] == approved_charter.content["sections"]
    with pytest.raises(DomainError) as error:
        svc.version_create_next(
            acting_user=pm, document=document, reason="other", reason_text="Another."
        )
    assert error.value.code == ErrorCode.OPEN_VERSION_EXISTS

    v2 = svc.version_submit(acting_user=pm, version=v2)
    _sign_both(world, v2)
    approved_charter.refresh_from_db()
    assert approved_charter.status == DocumentStatus.SUPERSEDED
    assert v2.status == DocumentStatus.APPROVED


def test_approval_in_an_earlier_phase_does_not_finish_the_activity(world: World, pm: Any) -> None:
    program = world.program
    program.phase = 2
    program.save()
    version = make_charter(program, state="in_review", editor=pm)
    program.phase = 3
    program.save()
    _sign_both(world, version)
    assert version.status == DocumentStatus.APPROVED
    activity = program.activities.get(key=CHARTER_KIND.activity_key)
    assert activity.status == ActivityStatus.IN_PROGRESS


def test_content_errors_name_the_exact_place(world: World, pm: Any, draft: DocumentVersion) -> None:
    bad = charter_content()
    bad["tables"]["milestones"][1]["planned_date"] = "04/05/2027"
    with pytest.raises(DomainError) as error:
        svc.version_update_content(
            acting_user=pm, version=draft, content=bad, base_revision=draft.revision
        )
    assert error.value.code == ErrorCode.INVALID_CONTENT
    assert error.value.field == "tables.milestones[2].planned_date"
    assert "04/05/2027" in error.value.message
    unknown = charter_content()
    unknown["sections"]["vision"] = "x"
    with pytest.raises(DomainError) as error:
        svc.version_update_content(
            acting_user=pm, version=draft, content=unknown, base_revision=draft.revision
        )
    assert error.value.field == "sections.vision"


def test_readers_cannot_write_and_nothing_changes(world: World, draft: DocumentVersion) -> None:
    events = AuditEvent.objects.count()
    for name in (
        "customer.viewer",
        "customer.executive_sponsor",
        "independent.ivv_agent",
        "outsider",
    ):
        with pytest.raises(PermissionDenied):
            svc.version_update_content(
                acting_user=world.user(name),
                version=draft,
                content=charter_content(),
                base_revision=draft.revision,
            )
        with pytest.raises(PermissionDenied):
            svc.version_submit(acting_user=world.user(name), version=draft)
    assert AuditEvent.objects.count() == events
    draft.refresh_from_db()
    assert draft.status == DocumentStatus.DRAFT


def test_every_step_is_audited_with_party_and_changes(world: World, pm: Any) -> None:
    version = make_charter(world.program, state="draft", editor=pm)
    update = AuditEvent.objects.filter(target_id=str(version.pk), action=AuditAction.UPDATE).latest(
        "created_at"
    )
    assert update.actor == pm
    assert update.actor_party == "customer"
    assert update.changes["sections.purpose"][0] == ""
    assert update.changes["revision"] == [1, 2]
    svc.version_submit(acting_user=pm, version=version)
    _sign_both(world, version)
    actions = list(
        AuditEvent.objects.filter(target_id=str(version.pk), target_type__model="documentversion")
        .order_by("created_at", "pk")
        .values_list("action", "actor_party")
    )
    assert actions[-4:] == [
        (AuditAction.SUBMIT, "customer"),
        (AuditAction.SIGN, "customer"),
        (AuditAction.SIGN, "provider"),
        (AuditAction.APPROVE, "provider"),
    ]


def test_hash_covers_program_version_and_content(
    world: World, approved_charter: DocumentVersion
) -> None:
    from programs.documents import content_sha256

    digest = svc.version_sha256(approved_charter)
    assert digest == content_sha256(
        program_code="alpha", kind=CHARTER, number=1, content=approved_charter.content
    )
    assert digest != content_sha256(
        program_code="alpha", kind=CHARTER, number=2, content=approved_charter.content
    )


def test_drafting_a_new_version_keeps_the_activity_done(
    world: World, pm: Any, approved_charter: DocumentVersion
) -> None:
    """Activity 2 is done while a version made in the current phase is approved."""
    activity = world.program.activities.get(key=CHARTER_KIND.activity_key)
    svc.version_create_next(
        acting_user=pm,
        document=approved_charter.document,
        reason="scope_change",
        reason_text="Payroll joins the scope.",
    )
    activity.refresh_from_db()
    assert activity.status == ActivityStatus.DONE
