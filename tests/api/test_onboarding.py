"""Provider onboarding: every member reads the checklist; only the provider's editing roles
change it."""

from __future__ import annotations

import pytest

from programs.models import AuditEvent, Membership, OnboardingItem

from ..conftest import World
from .conftest import Api, assert_error, nothing_changes, program_url

ITEMS = program_url("onboarding-items/")


def first_item(world: World) -> OnboardingItem:
    return OnboardingItem.objects.filter(program=world.program).first()  # type: ignore[return-value]


def test_members_read_the_checklist(world: World, api: Api) -> None:
    body = api("customer.viewer").get(ITEMS).json()
    assert body["count"] == 8
    assert [i["position"] for i in body["results"]] == list(range(1, 9))
    item = body["results"][0]
    assert item["is_done"] is False
    assert item["owner"] is None
    one = api("independent.ivv_agent").get(f"{ITEMS}{item['id']}/").json()
    assert one["title"] == item["title"]


def test_provider_editor_adds_updates_and_removes_items(world: World, api: Api) -> None:
    client = api("provider.pmo_team")
    owner = Membership.objects.get(program=world.program, user__username="provider.pmo_lead")
    created = client.post(
        ITEMS,
        {"title": "Badges issued", "owner": owner.pk, "due_date": "2026-02-01", "notes": "HSPD-12"},
        format="json",
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["position"] == 9
    assert body["owner"]["username"] == "provider.pmo_lead"
    assert AuditEvent.objects.filter(action="create", target_id=str(body["id"])).exists()

    url = f"{ITEMS}{body['id']}/"
    done = client.patch(url, {"done_date": "2026-01-30"}, format="json")
    assert done.status_code == 200
    assert done.json()["is_done"] is True
    assert OnboardingItem.objects.get(pk=body["id"]).done_date is not None

    assert api("provider.program_manager").delete(url).status_code == 204
    assert not OnboardingItem.objects.filter(pk=body["id"]).exists()


@pytest.mark.parametrize(
    "username",
    [
        "customer.pmo_team",
        "customer.program_manager",
        "provider.viewer",
        "provider.executive_sponsor",
        "independent.ivv_agent",
        "outsider",
    ],
)
def test_others_do_not_change_the_provider_checklist(world: World, api: Api, username: str) -> None:
    item = first_item(world)
    client = api(username)
    with nothing_changes(item, model=OnboardingItem):
        assert_error(client.post(ITEMS, {"title": "Sneaky"}, format="json"), 404, "not_found")
        assert_error(
            client.patch(f"{ITEMS}{item.pk}/", {"title": "Changed"}, format="json"),
            404,
            "not_found",
        )
        assert_error(client.delete(f"{ITEMS}{item.pk}/"), 404, "not_found")


def test_bad_onboarding_payloads_change_nothing(world: World, api: Api) -> None:
    client = api("provider.pmo_lead")
    item = first_item(world)
    beta_member = Membership.objects.get(program=world.other_program)
    with nothing_changes(item, model=OnboardingItem):
        assert_error(
            client.post(ITEMS, {"notes": "no title"}, format="json"), 400, "invalid", "title"
        )
        assert_error(
            client.post(ITEMS, {"title": "x", "owner": beta_member.pk}, format="json"),
            400,
            "invalid",
            "owner",
        )
        assert_error(
            client.patch(f"{ITEMS}{item.pk}/", {"due_date": 12}, format="json"),
            400,
            "invalid",
            "due_date",
        )
        assert_error(
            client.patch(f"{ITEMS}{item.pk}/", {"title": "x" * 201}, format="json"),
            400,
            "invalid",
            "title",
        )
    assert_error(client.get(f"{ITEMS}999999/"), 404, "not_found")
