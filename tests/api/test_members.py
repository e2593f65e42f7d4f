"""Members: everyone in the program reads them; program managers and PMO leads add, change
and remove members of their own party only (the customer's also the IV&V agent)."""

from __future__ import annotations

import pytest

from programs.models import AuditEvent, Membership

from ..conftest import World
from ..factories import UserFactory, ivv_firm
from .conftest import Api, assert_error, nothing_changes, program_url

MEMBERS = program_url("members/")


def member(world: World, username: str) -> Membership:
    return Membership.objects.get(program=world.program, user__username=username)


def test_every_member_lists_members_and_filters_by_party_and_role(world: World, api: Api) -> None:
    client = api("independent.ivv_agent")
    everyone = client.get(MEMBERS).json()
    assert everyone["count"] == Membership.objects.filter(program=world.program).count()
    first = everyone["results"][0]
    assert set(first) == {
        "id",
        "username",
        "name",
        "email",
        "party",
        "role",
        "is_signatory",
        "signatory_granted_by",
        "signatory_granted_at",
        "created_at",
        "revision",
    }

    provider = client.get(MEMBERS, {"party": "provider"}).json()["results"]
    assert provider and {m["party"] for m in provider} == {"provider"}

    sponsors = client.get(MEMBERS, {"role": "executive_sponsor"}).json()["results"]
    assert sorted(m["username"] for m in sponsors) == [
        "customer.executive_sponsor",
        "provider.executive_sponsor",
    ]
    assert all(m["is_signatory"] for m in sponsors)

    assert_error(client.get(MEMBERS, {"party": "nobody"}), 400, "invalid", field="party")


def test_a_member_reads_one_member(world: World, api: Api) -> None:
    target = member(world, "provider.sme")
    body = api("customer.viewer").get(f"{MEMBERS}{target.pk}/").json()
    assert body["username"] == "provider.sme"
    assert body["role"] == "sme"


def test_outsider_and_unknown_ids_are_not_found(world: World, api: Api) -> None:
    assert_error(api("outsider").get(MEMBERS), 404, "not_found")
    assert_error(api("customer.viewer").get(f"{MEMBERS}999999/"), 404, "not_found")
    # A member of another program is not found under this one.
    beta_member = Membership.objects.get(program=world.other_program)
    assert_error(api("customer.viewer").get(f"{MEMBERS}{beta_member.pk}/"), 404, "not_found")


def test_manager_adds_a_member_of_their_party(world: World, api: Api) -> None:
    UserFactory(username="new.analyst", organisation=world.program.customer)
    response = api("customer.pmo_lead").post(
        MEMBERS,
        {"username": "new.analyst", "party": "customer", "role": "pmo_team"},
        format="json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["username"], body["party"], body["role"]) == (
        "new.analyst",
        "customer",
        "pmo_team",
    )
    assert body["is_signatory"] is False
    created = Membership.objects.get(pk=body["id"])
    event = AuditEvent.objects.get(
        action="create", target_type__model="membership", target_id=str(created.pk)
    )
    assert event.actor_name == "customer.pmo_lead"


def test_customer_manager_adds_the_ivv_agent(world: World, api: Api) -> None:
    UserFactory(username="ivv.two", organisation=ivv_firm())
    response = api("customer.program_manager").post(
        MEMBERS,
        {"username": "ivv.two", "party": "independent", "role": "ivv_agent"},
        format="json",
    )
    assert response.status_code == 201, response.content


@pytest.mark.parametrize(
    ("username", "party"),
    [
        ("provider.program_manager", "customer"),
        ("provider.pmo_lead", "independent"),
        ("customer.program_manager", "provider"),
        ("customer.pmo_team", "customer"),
        ("customer.viewer", "customer"),
        ("independent.ivv_agent", "independent"),
        ("outsider", "customer"),
    ],
)
def test_no_one_adds_members_of_a_party_they_do_not_manage(
    world: World, api: Api, username: str, party: str
) -> None:
    UserFactory(username="hopeful")
    role = "viewer"
    with nothing_changes(model=Membership):
        response = api(username).post(
            MEMBERS, {"username": "hopeful", "party": party, "role": role}, format="json"
        )
    assert_error(response, 404, "not_found")


def test_sponsor_grants_role_and_signatory_flag(world: World, api: Api) -> None:
    target = member(world, "customer.viewer")
    response = api("customer.executive_sponsor").patch(
        f"{MEMBERS}{target.pk}/", {"role": "business_owner", "is_signatory": True}, format="json"
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["role"] == "business_owner"
    assert body["signatory_granted_by"] == "customer.executive_sponsor"
    target.refresh_from_db()
    assert (target.role, target.is_signatory) == ("business_owner", True)
    event = AuditEvent.objects.get(action="update", target_id=str(target.pk))
    assert event.actor == world.user("customer.executive_sponsor")
    assert event.changes["is_signatory"] == [False, True]


def test_manager_changes_a_role_up_to_their_own(world: World, api: Api) -> None:
    target = member(world, "customer.viewer")
    response = api("customer.program_manager").patch(
        f"{MEMBERS}{target.pk}/", {"role": "program_manager"}, format="json"
    )
    assert response.status_code == 200, response.content
    target.refresh_from_db()
    assert (target.role, target.is_signatory) == ("program_manager", False)


@pytest.mark.parametrize(
    ("username", "target"),
    [
        ("provider.program_manager", "customer.viewer"),
        ("provider.pmo_lead", "independent.ivv_agent"),
        ("customer.pmo_lead", "provider.pmo_team"),
        ("customer.pmo_team", "customer.viewer"),
        ("customer.viewer", "customer.viewer"),
        ("independent.ivv_agent", "independent.viewer"),
        ("outsider", "customer.viewer"),
    ],
)
def test_no_one_changes_or_removes_members_they_do_not_manage(
    world: World, api: Api, username: str, target: str
) -> None:
    row = member(world, target)
    url = f"{MEMBERS}{row.pk}/"
    client = api(username)
    with nothing_changes(row, model=Membership):
        assert_error(client.patch(url, {"role": "pmo_team"}, format="json"), 404, "not_found")
        assert_error(client.delete(url), 404, "not_found")


def test_manager_removes_a_member(world: World, api: Api) -> None:
    target = member(world, "provider.sme")
    response = api("provider.program_manager").delete(f"{MEMBERS}{target.pk}/")
    assert response.status_code == 204
    assert not Membership.objects.filter(pk=target.pk).exists()
    assert AuditEvent.objects.filter(action="delete", target_id=str(target.pk)).exists()


def test_bad_member_payloads_change_nothing(world: World, api: Api) -> None:
    client = api("customer.program_manager")
    UserFactory(username="hopeful")
    with nothing_changes(model=Membership):
        assert_error(
            client.post(MEMBERS, {"username": "nobody", "party": "customer", "role": "viewer"}),
            400,
            "invalid",
            field="username",
        )
        assert_error(
            client.post(
                MEMBERS,
                {"username": "hopeful", "party": "customer", "role": "chief"},
                format="json",
            ),
            400,
            "invalid",
            field="role",
        )
        assert_error(
            client.post(
                MEMBERS,
                {"username": "hopeful", "party": "customer", "role": "viewer", "is_signatory": "x"},
                format="json",
            ),
            400,
            "invalid",
            field="is_signatory",
        )
        assert_error(
            client.post(MEMBERS, "{not json", content_type="application/json"), 400, "invalid"
        )
        assert_error(
            client.post(
                MEMBERS,
                {"username": "hopeful", "party": "customer", "role": "ivv_agent"},
                format="json",
            ),
            400,
            "role_not_for_party",
            field="role",
        )
        assert_error(
            client.post(
                MEMBERS,
                {"username": "customer.viewer", "party": "customer", "role": "viewer"},
                format="json",
            ),
            400,
            "member_exists",
            field="user",
        )


def test_a_party_keeps_a_member_manager(world: World, api: Api) -> None:
    lead = member(world, "provider.pmo_lead")
    assert api("provider.program_manager").delete(f"{MEMBERS}{lead.pk}/").status_code == 204
    pm = member(world, "provider.program_manager")
    with nothing_changes(pm, model=Membership):
        response = api("provider.executive_sponsor").patch(
            f"{MEMBERS}{pm.pk}/", {"role": "viewer"}, format="json"
        )
    assert_error(response, 400, "last_manager", field="role")
