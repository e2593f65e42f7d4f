"""An activity with an artifact rule shows the status its evidence gives; setting another is an
override with a reason, shown with who, why and when, audited, and cleared back to the derived
status. Blocked needs a reason on every activity."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from programs.board import artifact_rule
from programs.choices import ActivityStatus
from programs.errors import DomainError, ErrorCode
from programs.models import AuditEvent, OnboardingItem, PlayActivity
from programs.services import board as board_services
from programs.services import onboarding as onboarding_services

from ..conftest import World

HTMX = {"HX-Request": "true"}
PM = "customer.program_manager"


def activity(world: World, key: str) -> PlayActivity:
    return PlayActivity.objects.select_related("program").get(program=world.program, key=key)


def state(act: PlayActivity) -> tuple[Any, ...]:
    act.refresh_from_db()
    return (
        act.status,
        act.status_reason,
        act.overridden_by_id,
        act.overridden_at,
        AuditEvent.objects.count(),
    )


def test_activities_1_to_8_follow_their_artifacts_9_is_set_by_hand() -> None:
    followed = {
        key
        for key in (
            "onboard_provider_pmo",
            "update_program_charter",
            "agree_pmo_role",
            "document_raci",
            "review_ivv_plan",
            "establish_pmp",
            "develop_qasp",
            "agree_ims",
            "manage_schedule",
        )
        if artifact_rule(key) is not None
    }
    assert followed == {
        "onboard_provider_pmo",
        "update_program_charter",
        "agree_pmo_role",
        "document_raci",
        "review_ivv_plan",
        "establish_pmp",
        "develop_qasp",
        "agree_ims",
    }


def test_done_without_a_charter_needs_a_reason_and_changes_nothing(world: World) -> None:
    act = activity(world, "update_program_charter")
    before = state(act)
    with pytest.raises(DomainError) as refused:
        board_services.activity_update(
            acting_user=world.user(PM), activity=act, status=ActivityStatus.DONE
        )
    assert refused.value.field == "reason"
    assert refused.value.code == ErrorCode.REASON_REQUIRED
    assert "the Program Charter" in refused.value.message and "Not started" in refused.value.message
    assert state(activity(world, "update_program_charter")) == before


def test_an_override_records_who_why_and_when_and_clearing_returns_to_the_charter(
    world: World,
) -> None:
    user = world.user(PM)
    act = activity(world, "update_program_charter")
    board_services.activity_update(
        acting_user=user,
        activity=act,
        status=ActivityStatus.DONE,
        reason="  Signed on paper at the kick-off; scanned copy to follow.  ",
    )
    act.refresh_from_db()
    assert act.status == ActivityStatus.DONE and act.is_overridden
    assert act.status_reason == "Signed on paper at the kick-off; scanned copy to follow."
    assert act.overridden_by == user
    assert act.overridden_at is not None
    event = AuditEvent.objects.filter(target_id=str(act.pk)).latest("pk")
    assert event.actor == user
    assert event.changes["status"] == ["not_started", "done"]
    assert event.changes["status_reason"][1].startswith("Signed on paper")
    assert event.changes["overridden_by"] == [None, user.get_username()]

    board_services.activity_update(acting_user=user, activity=act, clear_override=True)
    act.refresh_from_db()
    assert act.status == ActivityStatus.NOT_STARTED and not act.is_overridden
    assert (act.status_reason, act.overridden_by) == ("", None)
    cleared = AuditEvent.objects.filter(target_id=str(act.pk)).latest("pk")
    assert cleared.changes["status"] == ["done", "not_started"]


def test_choosing_the_derived_status_ends_an_override_without_a_reason(world: World) -> None:
    user = world.user(PM)
    act = activity(world, "update_program_charter")
    board_services.activity_update(
        acting_user=user, activity=act, status=ActivityStatus.DONE, reason="On paper."
    )
    board_services.activity_update(
        acting_user=user, activity=act, status=ActivityStatus.NOT_STARTED
    )
    act.refresh_from_db()
    assert act.status == ActivityStatus.NOT_STARTED and not act.is_overridden


def test_onboarding_checklist_moves_activity_1_and_an_override_ends_when_it_catches_up(
    world: World,
) -> None:
    provider = world.user("provider.program_manager")
    items = list(OnboardingItem.objects.filter(program=world.program))
    assert len(items) > 1
    onboarding_services.onboarding_item_update(
        acting_user=provider, item=items[0], done_date=dt.date(2026, 3, 2)
    )
    assert activity(world, "onboard_provider_pmo").status == ActivityStatus.IN_PROGRESS

    board_services.activity_update(
        acting_user=provider,
        activity=activity(world, "onboard_provider_pmo"),
        status=ActivityStatus.DONE,
        reason="Everything is done; the checklist is updated tomorrow.",
    )
    onboarding_services.onboarding_item_update(
        acting_user=provider, item=items[1], done_date=dt.date(2026, 3, 3)
    )
    act = activity(world, "onboard_provider_pmo")
    assert act.status == ActivityStatus.DONE and act.is_overridden  # the override stands

    for item in items[2:]:
        onboarding_services.onboarding_item_update(
            acting_user=provider, item=item, done_date=dt.date(2026, 3, 4)
        )
    act = activity(world, "onboard_provider_pmo")
    assert act.status == ActivityStatus.DONE and not act.is_overridden
    assert act.status_reason == ""


def test_blocked_needs_a_reason_on_any_activity(world: World) -> None:
    user = world.user(PM)
    act = activity(world, "manage_schedule")
    before = state(act)
    with pytest.raises(DomainError) as refused:
        board_services.activity_update(
            acting_user=user, activity=act, status=ActivityStatus.BLOCKED, reason="   "
        )
    assert refused.value.field == "reason"
    assert "blocks activity 9" in refused.value.message
    assert state(act) == before

    board_services.activity_update(
        acting_user=user, activity=act, status=ActivityStatus.BLOCKED, reason="No sponsor."
    )
    act.refresh_from_db()
    assert (act.status, act.status_reason, act.is_overridden) == ("blocked", "No sponsor.", False)

    board_services.activity_update(
        acting_user=user, activity=act, status=ActivityStatus.IN_PROGRESS
    )
    act.refresh_from_db()
    assert (act.status, act.status_reason) == ("in_progress", "")


# -- the board page -------------------------------------------------------------------------


def edit_url(key: str) -> str:
    return reverse("programs:activity-edit", kwargs={"code": "alpha", "key": key})


def test_the_inline_edit_refuses_an_override_without_a_reason_beside_the_field(
    world: World,
) -> None:
    act = activity(world, "update_program_charter")
    before = state(act)
    response = world.client(PM).post(
        edit_url(act.key),
        {"activity-2-status": "done", "activity-2-due_date": "", "activity-2-assignee": ""},
        headers=HTMX,
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="id_activity-2-reason_error"' in page
    assert "Say why activity 2 is “Done”" in page
    assert state(act) == before


def test_the_board_shows_an_override_with_who_why_and_when_and_it_clears(
    world: World,
) -> None:
    client = world.client(PM)
    response = client.post(
        edit_url("update_program_charter"),
        {
            "activity-2-status": "done",
            "activity-2-due_date": "",
            "activity-2-assignee": "",
            "activity-2-reason": "Signed on paper at the kick-off.",
        },
        headers=HTMX,
    )
    assert response.status_code == 200
    row = response.content.decode()
    user = world.user(PM)
    assert "Override" in row
    assert (user.get_full_name() or user.get_username()) in row
    assert "Signed on paper at the kick-off." in row
    # The date as the portal shows it: the local day (not UTC's, which differs after 19:00).
    overridden = timezone.localtime(activity(world, "update_program_charter").overridden_at)
    assert f'datetime="{overridden:%Y-%m-%d}' in row

    board = client.get(reverse("programs:program-detail", kwargs={"code": "alpha"}))
    assert "Signed on paper at the kick-off." in board.content.decode()

    edit = client.get(edit_url("update_program_charter"), headers=HTMX).content.decode()
    assert "Clear the override: back to what its artifact gives" in edit
    cleared = client.post(
        edit_url("update_program_charter"),
        {
            "activity-2-status": "done",
            "activity-2-due_date": "",
            "activity-2-assignee": "",
            "activity-2-reason": "",
            "activity-2-clear_override": "on",
        },
        headers=HTMX,
    )
    assert cleared.status_code == 200 and "Override" not in cleared.content.decode()
    act = activity(world, "update_program_charter")
    assert (act.status, act.is_overridden) == (ActivityStatus.NOT_STARTED, False)
