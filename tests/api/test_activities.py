"""The Play 3.1 board: every member reads it; editing roles of an owning party change an
activity's status, due date and assignee."""

from __future__ import annotations

import pytest

from programs.models import AuditEvent, Membership, PlayActivity

from ..conftest import World
from .conftest import Api, assert_error, nothing_changes, program_url

ACTIVITIES = program_url("activities/")


def activity(world: World, key: str) -> PlayActivity:
    return PlayActivity.objects.get(program=world.program, key=key)


def test_members_read_the_board_in_play_order(world: World, api: Api) -> None:
    body = api("independent.ivv_agent").get(ACTIVITIES).json()
    assert [a["number"] for a in body["results"]] == list(range(1, 10))
    first = body["results"][0]
    assert first["key"] == "onboard_provider_pmo"
    assert (first["owning_party"], first["owning_party_code"]) == ("provider", "P")
    assert first["status"] == "not_started"
    assert first["assignee"] is None

    one = api("customer.viewer").get(f"{ACTIVITIES}develop_qasp/").json()
    assert (one["number"], one["owning_party_code"]) == (7, "C")


def test_editor_updates_a_shared_activity(world: World, api: Api) -> None:
    assignee = Membership.objects.get(program=world.program, user__username="provider.pmo_lead")
    response = api("customer.pmo_team").patch(
        f"{ACTIVITIES}manage_schedule/",
        {"status": "in_progress", "due_date": "2026-06-30", "assignee": assignee.pk},
        format="json",
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["status"] == "in_progress"
    assert body["due_date"] == "2026-06-30"
    assert body["assignee"]["username"] == "provider.pmo_lead"
    row = activity(world, "manage_schedule")
    assert row.assignee == assignee
    event = AuditEvent.objects.get(action="update", target_id=str(row.pk))
    assert set(event.changes) == {"status", "due_date", "assignee"}

    cleared = api("customer.pmo_team").patch(
        f"{ACTIVITIES}manage_schedule/", {"assignee": None}, format="json"
    )
    assert cleared.json()["assignee"] is None


@pytest.mark.parametrize(
    ("username", "key"),
    [
        ("customer.pmo_team", "onboard_provider_pmo"),  # provider-owned
        ("provider.program_manager", "develop_qasp"),  # customer-owned
        ("customer.viewer", "agree_ims"),
        ("customer.executive_sponsor", "agree_ims"),
        ("independent.ivv_agent", "review_ivv_plan"),
        ("outsider", "agree_ims"),
    ],
)
def test_other_roles_and_parties_cannot_change_an_activity(
    world: World, api: Api, username: str, key: str
) -> None:
    row = activity(world, key)
    with nothing_changes(row):
        response = api(username).patch(f"{ACTIVITIES}{key}/", {"status": "done"}, format="json")
    assert_error(response, 404, "not_found")


def test_bad_activity_payloads_change_nothing(world: World, api: Api) -> None:
    client = api("provider.pmo_lead")
    url = f"{ACTIVITIES}agree_ims/"
    row = activity(world, "agree_ims")
    beta_member = Membership.objects.get(program=world.other_program)
    with nothing_changes(row):
        assert_error(
            client.patch(url, {"status": "finished"}, format="json"), 400, "invalid", "status"
        )
        assert_error(
            client.patch(url, {"due_date": "next tuesday"}, format="json"),
            400,
            "invalid",
            "due_date",
        )
        assert_error(
            client.patch(url, {"assignee": beta_member.pk}, format="json"),
            400,
            "invalid",
            "assignee",
        )
        assert_error(
            client.patch(url, {"assignee": "someone"}, format="json"), 400, "invalid", "assignee"
        )


def test_unknown_activity_is_not_found(world: World, api: Api) -> None:
    assert_error(api("customer.viewer").get(f"{ACTIVITIES}no_such_key/"), 404, "not_found")
    assert_error(
        api("customer.pmo_team").patch(f"{ACTIVITIES}no_such_key/", {}, format="json"),
        404,
        "not_found",
    )


def test_an_override_of_the_charter_status_needs_a_reason(world: World, api: Api) -> None:
    client = api("customer.program_manager")
    act = activity(world, "update_program_charter")
    with nothing_changes(act):
        refused = client.patch(
            f"{ACTIVITIES}update_program_charter/", {"status": "done"}, format="json"
        )
    body = assert_error(refused, 400, "reason_required", field="reason")
    assert "the Program Charter" in body["detail"]

    response = client.patch(
        f"{ACTIVITIES}update_program_charter/",
        {"status": "done", "reason": "Signed on paper at the kick-off."},
        format="json",
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["status"] == "done" and body["is_overridden"] is True
    assert body["status_follows"] == "the Program Charter"
    assert body["status_reason"] == "Signed on paper at the kick-off."
    assert body["overridden_by"] == "customer.program_manager"
    assert body["overridden_at"]

    cleared = client.patch(
        f"{ACTIVITIES}update_program_charter/", {"clear_override": True}, format="json"
    ).json()
    assert (cleared["status"], cleared["is_overridden"], cleared["overridden_by"]) == (
        "not_started",
        False,
        None,
    )


def test_blocked_needs_a_reason(world: World, api: Api) -> None:
    act = activity(world, "manage_schedule")
    with nothing_changes(act):
        refused = api("customer.program_manager").patch(
            f"{ACTIVITIES}manage_schedule/", {"status": "blocked", "reason": ""}, format="json"
        )
    assert_error(refused, 400, "reason_required", field="reason")
    body = api("customer.program_manager").get(f"{ACTIVITIES}manage_schedule/").json()
    assert (body["status_follows"], body["is_overridden"]) == (None, False)
