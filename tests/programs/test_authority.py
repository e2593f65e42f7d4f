"""Signing authority: who grants it, that it is never self-granted, that it is traceable, and
that sign-off reads it at the moment of signing and again before approval."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from programs.choices import DocumentStatus, Role
from programs.errors import DomainError, ErrorCode
from programs.models import AuditEvent, DocumentVersion, Membership, Signature
from programs.services import documents as document_services
from programs.services import memberships as membership_services

from ..conftest import World
from ..factories import UserFactory, make_charter, superuser


def member(world: World, username: str) -> Membership:
    return Membership.objects.get(program=world.program, user__username=username)


@pytest.fixture
def in_review(world: World) -> DocumentVersion:
    return make_charter(
        world.program, state="in_review", editor=world.user("customer.program_manager")
    )


def refused(code: ErrorCode, call: Any) -> DomainError:
    before = (
        sorted(Membership.objects.values_list("pk", "role", "is_signatory")),
        AuditEvent.objects.count(),
    )
    with pytest.raises(DomainError) as error:
        call()
    after = (
        sorted(Membership.objects.values_list("pk", "role", "is_signatory")),
        AuditEvent.objects.count(),
    )
    assert error.value.code == code, error.value.message
    assert after == before
    return error.value


def test_two_program_managers_cannot_approve_a_charter_between_them(
    world: World, in_review: DocumentVersion
) -> None:
    """The attack that approved the demo's charter v2 with no sponsor: each Program Manager
    makes themselves, then the other, a signatory, and signs."""
    cust_pm = world.user("customer.program_manager")
    prov_pm = world.user("provider.program_manager")
    refused(
        ErrorCode.OWN_MEMBERSHIP,
        lambda: membership_services.membership_update(
            acting_user=cust_pm, membership=member(world, cust_pm.username), is_signatory=True
        ),
    )
    refused(
        ErrorCode.OWN_MEMBERSHIP,
        lambda: membership_services.membership_update(
            acting_user=cust_pm,
            membership=member(world, cust_pm.username),
            role=Role.EXECUTIVE_SPONSOR,
        ),
    )
    refused(
        ErrorCode.AUTHORITY_REQUIRED,
        lambda: membership_services.membership_update(
            acting_user=cust_pm, membership=member(world, "customer.pmo_lead"), is_signatory=True
        ),
    )
    for pm in (cust_pm, prov_pm):
        with pytest.raises(DomainError) as error:
            document_services.version_sign(acting_user=pm, version=in_review)
        assert error.value.code == ErrorCode.NOT_A_SIGNATORY
    in_review.refresh_from_db()
    assert in_review.status == DocumentStatus.IN_REVIEW
    assert not in_review.signatures.exists()


def test_a_manager_adds_no_member_with_authority(world: World) -> None:
    newcomer: Any = UserFactory(username="newcomer")
    pm = world.user("customer.program_manager")
    refused(
        ErrorCode.AUTHORITY_REQUIRED,
        lambda: membership_services.membership_create(
            acting_user=pm,
            program=world.program,
            user=newcomer,
            party="customer",
            role=Role.BUSINESS_OWNER,
        ),
    )
    refused(
        ErrorCode.ROLE_ABOVE_OWN,
        lambda: membership_services.membership_create(
            acting_user=world.user("customer.pmo_lead"),
            program=world.program,
            user=newcomer,
            party="customer",
            role=Role.PROGRAM_MANAGER,
        ),
    )
    assert not Membership.objects.filter(user=newcomer).exists()


def test_only_signatory_roles_carry_the_flag(world: World, settings: Any) -> None:
    sponsor = world.user("customer.executive_sponsor")
    error = refused(
        ErrorCode.SIGNATORY_ROLE,
        lambda: membership_services.membership_update(
            acting_user=sponsor, membership=member(world, "customer.pmo_team"), is_signatory=True
        ),
    )
    assert "PMO Team cannot be a signatory" in error.message
    settings.PMO_SIGNATORY_ROLES = ["executive_sponsor"]
    refused(
        ErrorCode.SIGNATORY_ROLE,
        lambda: membership_services.membership_update(
            acting_user=sponsor, membership=member(world, "customer.viewer"), is_signatory=True
        ),
    )


def test_a_role_that_cannot_sign_drops_the_flag(world: World) -> None:
    owner = membership_services.membership_update(
        acting_user=world.user("customer.executive_sponsor"),
        membership=member(world, "customer.business_owner"),
        role=Role.PMO_TEAM,
    )
    assert (owner.role, owner.is_signatory, owner.signatory_granted_by) == (
        Role.PMO_TEAM,
        False,
        None,
    )


def test_granting_is_recorded_with_who_and_when(world: World) -> None:
    sponsor = world.user("provider.executive_sponsor")
    viewer = member(world, "provider.viewer")
    promoted = membership_services.membership_update(
        acting_user=sponsor, membership=viewer, role=Role.EXECUTIVE_SPONSOR, is_signatory=True
    )
    assert promoted.signatory_granted_by == sponsor
    assert promoted.signatory_granted_at is not None
    event = AuditEvent.objects.filter(target_id=str(viewer.pk)).latest("pk")
    assert event.actor == sponsor and event.actor_party == "provider"
    assert event.changes["is_signatory"] == [False, True]
    assert event.changes["signatory_granted_by"][1] is not None

    admin = superuser()
    revoked = membership_services.membership_update(
        acting_user=admin, membership=promoted, is_signatory=False
    )
    assert (revoked.is_signatory, revoked.signatory_granted_by) == (False, None)
    event = AuditEvent.objects.filter(target_id=str(viewer.pk)).latest("pk")
    assert event.actor == admin and event.changes["is_signatory"] == [True, False]


def test_a_signature_whose_signer_loses_the_flag_is_voided(
    world: World, in_review: DocumentVersion
) -> None:
    owner = world.user("customer.business_owner")
    document_services.version_sign(acting_user=owner, version=in_review)
    membership_services.membership_update(
        acting_user=world.user("customer.executive_sponsor"),
        membership=member(world, "customer.business_owner"),
        is_signatory=False,
    )
    signature = Signature.objects.get(version=in_review, signer=owner)
    assert signature.voided_at is not None
    assert "lost signatory authority" in signature.void_reason
    document_services.version_sign(
        acting_user=world.user("provider.executive_sponsor"), version=in_review
    )
    in_review.refresh_from_db()
    assert in_review.status == DocumentStatus.IN_REVIEW  # the customer has not signed


def test_a_signature_whose_signer_leaves_is_voided(
    world: World, in_review: DocumentVersion
) -> None:
    owner = world.user("customer.business_owner")
    document_services.version_sign(acting_user=owner, version=in_review)
    membership_services.membership_delete(
        acting_user=world.user("customer.executive_sponsor"),
        membership=member(world, "customer.business_owner"),
    )
    signature = Signature.objects.get(version=in_review, signer=owner)
    assert "left the program" in signature.void_reason


def test_approval_looks_again_at_every_signer(world: World, in_review: DocumentVersion) -> None:
    """A flag taken away outside the portal's services (an administrator at the database)
    still stops the approval: the lapsed signature is voided and the version stays in review."""
    owner = world.user("customer.business_owner")
    document_services.version_sign(acting_user=owner, version=in_review)
    Membership.objects.filter(user=owner).update(is_signatory=False)
    document_services.version_sign(
        acting_user=world.user("provider.executive_sponsor"), version=in_review
    )
    in_review.refresh_from_db()
    assert in_review.status == DocumentStatus.IN_REVIEW
    lapsed = Signature.objects.get(version=in_review, signer=owner)
    assert "lost signatory authority" in lapsed.void_reason


def test_signing_reads_authority_at_that_moment(world: World, in_review: DocumentVersion) -> None:
    """The permission cache of a request that began before the flag was removed does not
    let its holder sign."""
    owner = world.user("customer.business_owner")
    from programs import policy

    assert policy.signing_party(owner, in_review) == "customer"  # cached now
    Membership.objects.filter(user=owner).update(role=Role.PMO_TEAM)
    with pytest.raises(DomainError) as error:
        document_services.version_sign(acting_user=owner, version=in_review)
    assert error.value.code == ErrorCode.NOT_A_SIGNATORY
    assert not in_review.signatures.exists()


def test_members_page_offers_only_what_the_viewer_may_change(world: World) -> None:
    url = reverse("programs:members", kwargs={"code": "alpha"})

    def edit_links(client: Client) -> set[str]:
        page = client.get(url).content.decode()
        return {
            m.user.username
            for m in Membership.objects.filter(program=world.program)
            if f"/members/{m.pk}/edit/" in page
        }

    lead = edit_links(world.client("customer.pmo_lead"))
    assert "customer.pmo_team" in lead and "independent.ivv_agent" in lead
    # Not themselves, not the Program Manager above them, not the holders of authority.
    assert not lead & {
        "customer.pmo_lead",
        "customer.program_manager",
        "customer.executive_sponsor",
        "customer.business_owner",
    }
    sponsor = edit_links(world.client("customer.executive_sponsor"))
    assert "customer.business_owner" in sponsor and "customer.program_manager" in sponsor
    assert "customer.executive_sponsor" not in sponsor
    assert not any(name.startswith("provider.") for name in sponsor)


def test_upgrade_removes_flags_outside_the_signing_roles(world: World) -> None:
    """A Program Manager who made themselves a signatory before the rule existed loses the
    flag and the signing permission on upgrade, and the trail says so."""
    import importlib

    from django.apps import apps

    migration = importlib.import_module("programs.migrations.0004_signatories_hold_a_signing_role")
    from programs import policy

    pm = member(world, "customer.program_manager")
    Membership.objects.filter(pk=pm.pk).update(is_signatory=True)
    pm.refresh_from_db()
    # As the old rules granted it: the signing permission followed the flag, whatever the role.
    from guardian.shortcuts import assign_perm

    assign_perm("programs.sign_customer_artifacts", pm.user, world.program)
    policy.forget_cached_permissions(pm.user)
    assert "sign_customer_artifacts" in policy.program_permissions(pm.user, world.program)

    migration.remove_flags_outside_signing_roles(apps, None)

    pm.refresh_from_db()
    assert not pm.is_signatory
    policy.forget_cached_permissions(pm.user)
    assert "sign_customer_artifacts" not in policy.program_permissions(pm.user, world.program)
    event = AuditEvent.objects.filter(target_id=str(pm.pk)).latest("pk")
    assert event.actor_name == "portal upgrade" and event.changes["is_signatory"] == [True, False]
    owner = member(world, "customer.business_owner")
    assert owner.is_signatory  # a signing role keeps it


def test_an_unknown_party_or_role_is_named_in_words(world: World) -> None:
    newcomer: Any = UserFactory(username="newcomer")
    for party, role, words in (
        ("vendor", "viewer", "Choose a party: Customer, Provider or Independent (IV&V)."),
        ("customer", "boss", "Choose a role: Executive Sponsor, Business Owner,"),
    ):
        with pytest.raises(DomainError) as error:
            membership_services.membership_create(
                acting_user=superuser(),
                program=world.program,
                user=newcomer,
                party=party,
                role=role,
            )
        assert error.value.message.startswith(words), error.value.message
        assert "vendor" not in error.value.message and "boss" not in error.value.message
