"""A portal administrator opens a program with the first Program Manager of each party, and adds
organisations; nobody else finds these pages, and a refused or invalid attempt saves nothing."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse

from programs import policy
from programs.choices import OrganisationKind, Party, Role
from programs.errors import DomainError
from programs.models import AuditEvent, Membership, Organisation, Program
from programs.services import memberships as membership_services
from programs.services import programs as program_services
from programs.services.organisations import organisation_create

from ..conftest import World
from ..factories import OrganisationFactory, UserFactory, superuser

NEW_PROGRAM = reverse("programs:program-create")
NEW_ORGANISATION = reverse("programs:organisation-create")


@pytest.fixture
def admin_client(world: World) -> Client:
    client = Client()
    client.force_login(superuser())
    return client


@pytest.fixture
def parties(db: None) -> dict[str, Any]:
    parties: dict[str, Any] = {
        "agency": OrganisationFactory(
            name="Department of Labor", acronym="DOL", kind=OrganisationKind.FEDERAL_AGENCY
        ),
        "provider": OrganisationFactory(
            name="Interior Business Center",
            acronym="IBC",
            kind=OrganisationKind.SHARED_SERVICE_PROVIDER,
        ),
    }
    parties["customer_pm"] = UserFactory(username="dol.pm", organisation=parties["agency"])
    parties["provider_pm"] = UserFactory(username="ibc.pm", organisation=parties["provider"])
    return parties


def program_data(parties: dict[str, Any], **values: Any) -> dict[str, Any]:
    data = {
        "name": "Core HR Migration",
        "code": "dol-hr",
        "customer": parties["agency"].pk,
        "provider": parties["provider"].pk,
        "phase": "3",
        "start_date": "2026-02-02",
        "planned_end_date": "2027-09-30",
        "status_date": "",
        "description": "Payroll and personnel actions to IBC.",
        "customer_manager": "dol.pm",
        "provider_manager": "ibc.pm",
    }
    return data | values


def counts() -> tuple[int, int, int, int]:
    return (
        Program.objects.count(),
        Membership.objects.count(),
        AuditEvent.objects.count(),
        Organisation.objects.count(),
    )


# -- a new program ----------------------------------------------------------------------


def test_administrator_creates_a_program_with_both_program_managers(
    world: World, admin_client: Client, parties: dict[str, Any]
) -> None:
    page = admin_client.get(NEW_PROGRAM)
    assert page.status_code == 200
    assert f'href="{NEW_ORGANISATION}?kind=federal_agency"'.encode() in page.content

    response = admin_client.post(NEW_PROGRAM, program_data(parties))

    program = Program.objects.get(code="dol-hr")
    assert response.status_code == 302
    assert response["Location"] == program.get_absolute_url()
    assert (program.customer, program.provider) == (parties["agency"], parties["provider"])
    assert program.status_date == program.start_date  # left empty: as of the start
    assert program.activities.count() == 9
    members = {(m.user.username, m.party, m.role) for m in program.memberships.all()}
    assert members == {
        ("dol.pm", Party.CUSTOMER, Role.PROGRAM_MANAGER),
        ("ibc.pm", Party.PROVIDER, Role.PROGRAM_MANAGER),
    }
    audited = AuditEvent.objects.filter(program=program)
    assert audited.count() == 3  # the program and two memberships
    assert set(audited.values_list("actor_name", flat=True)) == {"root-admin"}


def test_each_first_program_manager_manages_their_own_party(
    world: World, admin_client: Client, parties: dict[str, Any]
) -> None:
    admin_client.post(NEW_PROGRAM, program_data(parties))
    program = Program.objects.get(code="dol-hr")
    customer_pm = User.objects.get(username="dol.pm")
    provider_pm = User.objects.get(username="ibc.pm")

    assert policy.can_manage_members_of(customer_pm, program, Party.CUSTOMER)
    assert policy.can_manage_members_of(customer_pm, program, Party.INDEPENDENT)
    assert not policy.can_manage_members_of(customer_pm, program, Party.PROVIDER)
    assert policy.can_manage_members_of(provider_pm, program, Party.PROVIDER)
    assert not policy.can_manage_members_of(provider_pm, program, Party.CUSTOMER)

    # And they do it through the members page.
    UserFactory(username="ibc.lead", organisation=program.provider)
    client = Client()
    client.force_login(provider_pm)
    response = client.post(
        reverse("programs:member-add", kwargs={"code": "dol-hr"}),
        {"username": "ibc.lead", "party": Party.PROVIDER, "role": Role.PMO_LEAD},
    )
    assert response.status_code == 302
    assert program.memberships.filter(user__username="ibc.lead", party=Party.PROVIDER).exists()


def test_program_list_offers_new_program_to_administrators_only(
    world: World, admin_client: Client
) -> None:
    link = f'href="{NEW_PROGRAM}"'.encode()
    assert link in admin_client.get(reverse("programs:program-list")).content
    member_page = world.client("customer.program_manager").get(reverse("programs:program-list"))
    assert link not in member_page.content


@pytest.mark.parametrize("username", ["customer.program_manager", "provider.pmo_lead", "outsider"])
def test_others_find_no_new_program_page_and_create_nothing(
    world: World, parties: dict[str, Any], username: str
) -> None:
    client = world.client(username)
    before = counts()

    assert client.get(NEW_PROGRAM).status_code == 404
    assert client.post(NEW_PROGRAM, program_data(parties)).status_code == 404
    assert client.get(NEW_ORGANISATION).status_code == 404
    response = client.post(
        NEW_ORGANISATION, {"name": "Shadow Agency", "acronym": "SHA", "kind": "federal_agency"}
    )
    assert response.status_code == 404

    assert counts() == before


def test_anonymous_people_are_sent_to_log_in(db: None) -> None:
    response = Client().get(NEW_PROGRAM)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        ({"code": "alpha"}, "code", "already exists"),
        ({"code": "new"}, "code", "names a portal page"),
        ({"code": "not a slug"}, "code", "letters"),
        ({"planned_end_date": "2026-01-01"}, "planned_end_date", "before the start"),
        ({"provider_manager": "nobody"}, "provider_manager", "No active portal account"),
        ({"customer_manager": "ibc.pm"}, "provider_manager", "two different"),
        ({"name": ""}, "name", "required"),
    ],
)
def test_invalid_program_is_refused_beside_its_field_and_nothing_is_saved(
    world: World,
    admin_client: Client,
    parties: dict[str, Any],
    values: dict[str, str],
    field: str,
    message: str,
) -> None:
    before = counts()

    response = admin_client.post(NEW_PROGRAM, program_data(parties, **values))

    assert response.status_code == 400
    errors = response.context["form"].errors
    assert list(errors) == [field]
    assert message in " ".join(errors[field])
    assert counts() == before


def test_an_organisation_of_the_wrong_kind_is_not_offered(
    world: World, admin_client: Client, parties: dict[str, Any]
) -> None:
    before = counts()
    # A shared-service provider is no customer agency.
    data = program_data(parties, customer=parties["provider"].pk)

    response = admin_client.post(NEW_PROGRAM, data)

    assert response.status_code == 400
    assert list(response.context["form"].errors) == ["customer"]
    assert counts() == before


def test_a_refused_membership_rolls_the_program_back(
    world: World,
    admin_client: Client,
    parties: dict[str, Any],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The form passes but the service refuses the provider's Program Manager (as it would if
    another administrator had made them a member meanwhile): no program is left behind."""
    before = counts()
    real = membership_services.membership_create
    calls: list[str] = []

    def refuse_provider(**kwargs: Any) -> Membership:
        calls.append(kwargs["party"])
        if kwargs["party"] == Party.PROVIDER:
            raise DomainError("ibc.pm is already a member of dol-hr.", field="user")
        return real(**kwargs)

    monkeypatch.setattr(program_services, "membership_create", refuse_provider)

    response = admin_client.post(NEW_PROGRAM, program_data(parties))

    assert calls == [Party.CUSTOMER, Party.PROVIDER]
    assert response.status_code == 400
    assert "already a member" in " ".join(response.context["form"].errors["provider_manager"])
    assert counts() == before
    assert not Program.objects.filter(code="dol-hr").exists()


# -- a new organisation -----------------------------------------------------------------


def test_administrator_adds_an_organisation_and_returns_to_the_new_program(
    world: World, admin_client: Client
) -> None:
    page = admin_client.get(NEW_ORGANISATION, {"kind": "shared_service_provider"})
    assert page.status_code == 200
    assert page.context["form"]["kind"].value() == "shared_service_provider"

    response = admin_client.post(
        NEW_ORGANISATION,
        {"name": "Treasury Shared Services", "acronym": "ARC", "kind": "shared_service_provider"},
    )

    assert response.status_code == 302
    assert response["Location"] == NEW_PROGRAM
    organisation = Organisation.objects.get(acronym="ARC")
    event = AuditEvent.objects.get(target_id=str(organisation.pk), target_repr=str(organisation))
    assert event.program is None
    assert event.changes["name"] == [None, "Treasury Shared Services"]
    # The new provider is offered on the new-program form.
    assert organisation in admin_client.get(NEW_PROGRAM).context["form"].fields["provider"].queryset


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"name": "department of labor"}, "name"),
        ({"acronym": "dol"}, "acronym"),
        ({"acronym": ""}, "acronym"),
    ],
)
def test_duplicate_organisations_are_refused(
    world: World,
    admin_client: Client,
    parties: dict[str, Any],
    values: dict[str, str],
    field: str,
) -> None:
    before = counts()
    data = {"name": "Department of Examples", "acronym": "DOX", "kind": "federal_agency"} | values

    response = admin_client.post(NEW_ORGANISATION, data)

    assert response.status_code == 400
    assert list(response.context["form"].errors) == [field]
    assert counts() == before


def test_organisation_create_service(world: World) -> None:
    before = counts()
    with pytest.raises(PermissionDenied):
        organisation_create(
            acting_user=world.user("customer.program_manager"),
            name="Shadow Agency",
            acronym="SHA",
            kind=OrganisationKind.FEDERAL_AGENCY,
        )
    with pytest.raises(DomainError) as refused:
        organisation_create(acting_user=superuser(), name="X", acronym="Y", kind="bank")
    assert refused.value.field == "kind"
    assert counts() == before

    organisation = organisation_create(
        acting_user=superuser(), name=" Office of Examples ", acronym="OOE", kind="ivv_firm"
    )
    assert organisation.name == "Office of Examples"
    assert counts() == (before[0], before[1], before[2] + 1, before[3] + 1)
