"""Programs: each user lists and reads the programs they are a member of, with their own
membership and how far the Play 3.1 board has come."""

from __future__ import annotations

from programs.choices import ActivityStatus
from programs.models import PlayActivity

from ..conftest import World
from .conftest import Api, assert_error, program_url


def test_list_shows_only_the_users_programs(world: World, api: Api) -> None:
    response = api("provider.pmo_lead").get("/api/programs/")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1
    (program,) = body["results"]
    assert program["code"] == "alpha"
    assert program["customer"]["acronym"] == "CA-alpha"
    assert program["provider"]["kind"] == "shared_service_provider"
    assert program["phase"] == 3
    assert program["phase_label"] == "Phase 3: Engagement"
    assert program["status"] == "active"
    assert program["start_date"] == "2026-01-05"
    assert program["membership"]["party"] == "provider"
    assert program["membership"]["role"] == "pmo_lead"
    assert program["membership"]["is_signatory"] is False

    outsider = api("outsider").get("/api/programs/").json()
    assert [p["code"] for p in outsider["results"]] == ["beta"]


def test_detail_shows_own_membership_and_board_progress(world: World, api: Api) -> None:
    PlayActivity.objects.filter(program=world.program, number__in=[1, 2]).update(
        status=ActivityStatus.DONE
    )
    PlayActivity.objects.filter(program=world.program, number=3).update(
        status=ActivityStatus.BLOCKED
    )
    response = api("customer.executive_sponsor").get(program_url())
    assert response.status_code == 200
    body = response.json()
    assert body["membership"]["role"] == "executive_sponsor"
    assert body["membership"]["is_signatory"] is True
    assert body["board"] == {
        "total": 9,
        "not_started": 6,
        "in_progress": 0,
        "blocked": 1,
        "done": 2,
    }


def test_list_query_count_does_not_grow_with_programs(
    world: World, api: Api, django_assert_max_num_queries: object
) -> None:
    from ..factories import make_member, make_program

    for code in ("gamma", "delta", "epsilon"):
        make_member(make_program(code), "customer.viewer", "customer", "viewer")
    client = api("customer.viewer")
    with django_assert_max_num_queries(8):  # type: ignore[operator]
        response = client.get("/api/programs/")
    assert response.json()["count"] == 4


def test_other_programs_and_unknown_codes_are_not_found(world: World, api: Api) -> None:
    assert_error(api("outsider").get(program_url()), 404, "not_found")
    assert_error(api("customer.viewer").get(program_url(code="beta")), 404, "not_found")
    assert_error(api("customer.viewer").get(program_url(code="nope")), 404, "not_found")


def test_programs_are_read_only(world: World, api: Api) -> None:
    response = api("customer.program_manager").patch(
        program_url(), {"name": "Renamed"}, format="json"
    )
    assert response.status_code == 405
    world.program.refresh_from_db()
    assert world.program.name == "Program Alpha"
