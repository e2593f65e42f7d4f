"""A person joins a program's party only from that party's organisation; a portal
administrator may make an exception with a reason, which the audit trail keeps."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from accounts.models import Profile
from accounts.selectors import organisation_of
from programs.choices import OrganisationKind, Party, Role
from programs.demo import seed
from programs.errors import DomainError, ErrorCode
from programs.forms import MemberAddForm
from programs.models import AuditEvent, Membership
from programs.services import memberships as membership_services

from ..conftest import World
from ..factories import OrganisationFactory, UserFactory, ivv_firm, superuser

pytestmark = pytest.mark.django_db


def _waterways() -> Any:
    return OrganisationFactory(
        name="Bureau of Inland Waterways", acronym="BIW", kind=OrganisationKind.FEDERAL_AGENCY
    )


def _dana(organisation: Any = None) -> User:
    dana: Any = UserFactory(
        username="dana.lee", first_name="Dana", last_name="Lee", organisation=organisation
    )
    return dana


def test_a_manager_cannot_add_a_person_of_another_organisation(world: World) -> None:
    dana = _dana(_waterways())
    world.program.provider.name = "Federal Personnel Shared Services Center"
    world.program.provider.save()
    with pytest.raises(DomainError) as refused:
        membership_services.membership_create(
            acting_user=world.user("provider.program_manager"),
            program=world.program,
            user=dana,
            party=Party.PROVIDER,
            role=Role.VIEWER,
        )
    assert refused.value.code == ErrorCode.WRONG_ORGANISATION
    assert refused.value.message == (
        "Dana Lee belongs to the Bureau of Inland Waterways, not the Federal Personnel Shared "
        "Services Center; only members of the provider's organisation join as the provider."
    )
    assert not Membership.objects.filter(user=dana).exists()


def test_a_manager_cannot_add_a_person_with_no_organisation(world: World) -> None:
    dana = _dana()
    with pytest.raises(DomainError) as refused:
        membership_services.membership_create(
            acting_user=world.user("customer.pmo_lead"),
            program=world.program,
            user=dana,
            party=Party.CUSTOMER,
            role=Role.VIEWER,
        )
    assert refused.value.code == ErrorCode.WRONG_ORGANISATION
    assert "has no organisation recorded" in refused.value.message


def test_the_independent_party_comes_from_an_ivv_firm(world: World) -> None:
    agency_person = _dana(world.program.customer)
    with pytest.raises(DomainError):
        membership_services.membership_create(
            acting_user=world.user("customer.program_manager"),
            program=world.program,
            user=agency_person,
            party=Party.INDEPENDENT,
            role=Role.IVV_AGENT,
        )
    auditor = UserFactory(username="auditor", organisation=ivv_firm())
    membership = membership_services.membership_create(
        acting_user=world.user("customer.program_manager"),
        program=world.program,
        user=auditor,
        party=Party.INDEPENDENT,
        role=Role.IVV_AGENT,
    )
    assert membership.party == Party.INDEPENDENT


@pytest.mark.parametrize("organisation", ["other", "none"])
def test_an_administrator_overrides_with_a_reason_which_is_audited(
    world: World, organisation: str
) -> None:
    dana = _dana(_waterways() if organisation == "other" else None)
    admin = superuser()
    with pytest.raises(DomainError) as refused:
        membership_services.membership_create(
            acting_user=admin, program=world.program, user=dana, party="provider", role="viewer"
        )
    assert "give the reason" in refused.value.message
    membership = membership_services.membership_create(
        acting_user=admin,
        program=world.program,
        user=dana,
        party=Party.PROVIDER,
        role=Role.VIEWER,
        override_reason="Detailed to the provider for the payroll cut-over.",
    )
    event = AuditEvent.objects.get(
        target_type__model="membership", target_id=str(membership.pk), action="create"
    )
    assert event.changes["organisation_override"] == [
        None,
        "Detailed to the provider for the payroll cut-over.",
    ]


def test_a_manager_giving_a_reason_is_still_refused(world: World) -> None:
    dana = _dana(_waterways())
    with pytest.raises(DomainError):
        membership_services.membership_create(
            acting_user=world.user("customer.program_manager"),
            program=world.program,
            user=dana,
            party=Party.CUSTOMER,
            role=Role.VIEWER,
            override_reason="Trust me.",
        )


def test_the_members_page_shows_the_refusal_beside_the_username(world: World) -> None:
    _dana(_waterways())
    response = world.client("customer.pmo_lead").post(
        reverse("programs:member-add", kwargs={"code": "alpha"}),
        {"username": "dana.lee", "party": "customer", "role": "viewer"},
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert 'id="id_username_error"' in body
    assert "belongs to the Bureau of Inland Waterways" in body
    assert "override_reason" not in body  # only administrators make exceptions


def test_the_api_refuses_another_organisation(world: World, client: Any) -> None:
    from rest_framework.test import APIClient

    _dana(_waterways())
    api = APIClient()
    api.force_authenticate(world.user("customer.pmo_lead"))
    response = api.post(
        "/api/programs/alpha/members/",
        {"username": "dana.lee", "party": "customer", "role": "viewer"},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["code"] == "wrong_organisation"
    api.force_authenticate(superuser())
    response = api.post(
        "/api/programs/alpha/members/",
        {
            "username": "dana.lee",
            "party": "customer",
            "role": "viewer",
            "override_reason": "On loan from the bureau.",
        },
        format="json",
    )
    assert response.status_code == 201, response.content


def test_adding_a_member_offers_viewer_first_selected() -> None:
    form = MemberAddForm(parties=[Party.CUSTOMER], roles=list(Role.values))
    assert form.fields["role"].initial == Role.VIEWER
    assert 'value="viewer" selected' in str(form["role"])


def test_the_demo_people_work_for_their_party_organisation() -> None:
    seeded = seed()
    users = seeded.users
    assert organisation_of(user=users["cust.pm"]).acronym == "DRC"  # type: ignore[union-attr]
    assert organisation_of(user=users["prov.team"]).acronym == "FPSSC"  # type: ignore[union-attr]
    ivv = organisation_of(user=users["ivv.agent"])
    assert ivv is not None and ivv.kind == OrganisationKind.IVV_FIRM
    assert organisation_of(user=users["fin.prov.pm"]).acronym == "IFSC"  # type: ignore[union-attr]
    assert not Profile.objects.filter(user=users["admin"]).exists()
