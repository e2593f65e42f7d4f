"""Baselines and change control through the API, as issue 3 is done: a program manager imports
a Microsoft Project file and proposes it as the baseline, both sponsors sign it, a change
request moves a critical task and shows its finish impact before anyone decides, the PMO team
cannot approve it, both program managers do, and the variance against the baseline shows."""

from __future__ import annotations

import io
from typing import Any

import pytest

from schedule.models import Baseline, ChangeRequest, ChangeRequestDecision, Schedule, Task

from ..conftest import World
from ..schedule.factories import DEMO_FILE_NAME, demo_mspdi, make_schedule
from .conftest import Api, assert_error, nothing_changes

MANAGER = "provider.program_manager"
SPONSORS = ("customer.executive_sponsor", "provider.executive_sponsor")
APPROVERS = ("customer.program_manager", "provider.program_manager")


def url(tail: str = "") -> str:
    return f"/api/programs/alpha/schedule/{tail}"


def change_request(changes: list[dict[str, Any]], **extra: Any) -> dict[str, Any]:
    return {
        "title": "Longer integration",
        "description": "The integration takes three days, not one.",
        "justification": "Two more interfaces to test.",
        "changes": changes,
        **extra,
    }


def agree_baseline(api: Api) -> dict[str, Any]:
    """Baseline 1 proposed by the program manager and signed by both sponsors."""
    assert api(MANAGER).post(url("baselines/"), {"name": "Plan"}, "json").status_code == 201
    assert api(MANAGER).post(url("baselines/1/propose/")).status_code == 200
    for sponsor in SPONSORS:
        assert api(sponsor).post(url("baselines/1/sign/"), {}, "json").status_code == 200
    body: dict[str, Any] = api(MANAGER).get(url("baselines/1/")).json()
    return body


@pytest.fixture
def schedule(world: World) -> Schedule:
    return make_schedule(world.program, world.user(MANAGER))


def test_from_import_to_approved_change_with_variance(
    world: World, api: Api, django_capture_on_commit_callbacks: Any
) -> None:
    manager = api(MANAGER)
    upload = io.BytesIO(demo_mspdi())
    upload.name = DEMO_FILE_NAME
    with django_capture_on_commit_callbacks(execute=True):  # the import job runs on commit
        imported = manager.post(url("import/"), {"file": upload}, "multipart")
    assert imported.status_code == 202, imported.content
    job = manager.get(imported["Location"]).json()
    assert job["status"] == "done", job
    finish = job["result"]["schedule"]["finish"]
    assert finish.startswith("2027-06-29T17:00:00")
    critical = [t["uid"] for t in manager.get(url("tasks/?critical=true")).json()["results"]]
    # From the requirements baseline still to sign at the status date, through the build,
    # the tests and cutover, to decommissioning; with the summaries of phases 2, 5 and 7.
    assert critical == [7, 11, 19, 21, 23, 24, 25, 26, 27, 28, 33, 34, 35, 36, 37]

    # Propose the schedule as the baseline; both sponsors sign, the second with the hash.
    assert manager.post(url("baselines/"), {"name": "Agreed plan"}, "json").status_code == 201
    proposed = manager.post(url("baselines/1/propose/")).json()
    assert (proposed["status"], proposed["awaiting_parties"]) == (
        "in_review",
        ["customer", "provider"],
    )
    assert len(proposed["tasks"]) == 37
    first = api(SPONSORS[0]).post(url("baselines/1/sign/"), {}, "json").json()
    assert (first["status"], first["awaiting_parties"]) == ("in_review", ["provider"])
    agreed = api(SPONSORS[1]).post(
        url("baselines/1/sign/"), {"content_sha256": first["content_sha256"]}, "json"
    )
    assert agreed.status_code == 200, agreed.content
    body = agreed.json()
    assert (body["status"], body["is_agreed"]) == ("approved", True)
    assert [s["party"] for s in body["signatures"]] == ["customer", "provider"]
    summary = manager.get(url()).json()
    assert summary["agreed_baseline"] == {"number": 1, "name": "Agreed plan", "finish": finish}
    assert summary["finish_variance_days"] == 0.0
    assert summary["under_change_control"] is True

    # The agreed logic no longer changes by hand.
    platform = Task.objects.get(uid=19)  # 4.1 Configure the shared-service platform, 40 days
    assert (platform.wbs, platform.is_critical, platform.duration) == ("4.1", True, 40 * 480)
    with nothing_changes(platform):
        direct = manager.patch(url("tasks/19/"), {"duration_days": 45}, "json")
    assert_error(direct, 400, "under_change_control", "duration")

    # The PMO team previews and proposes five more days of configuration: the finish moves.
    team = api("customer.pmo_team")
    changes = [{"op": "update_task", "uid": 19, "duration_days": 45}]
    with nothing_changes(model=ChangeRequest):
        preview = team.post(url("change-requests/preview/"), {"changes": changes}, "json")
    assert preview.status_code == 200, preview.content
    impact = preview.json()
    assert impact["finish_delta_days"] == 5.0
    assert impact["finish_before"] == finish
    moved = {m["uid"]: m["delta_days"] for m in impact["moved"]}
    assert moved[19] == 5.0 and moved[37] == 5.0
    assert 10 not in moved and 22 not in moved  # before the build, and the ATO with float

    created = team.post(url("change-requests/"), change_request(changes), "json")
    assert created.status_code == 201, created.content
    request_body = created.json()
    assert request_body["reference"] == "CR-1"
    assert (request_body["status"], request_body["party"]) == ("proposed", "customer")
    assert request_body["requested_by"] == "customer.pmo_team"
    assert request_body["impact"] == impact
    assert request_body["awaiting_parties"] == ["customer", "provider"]

    # The PMO team cannot approve it; nothing changes.
    cr = ChangeRequest.objects.get()
    with nothing_changes(platform, cr, model=ChangeRequestDecision):
        refused = team.post(url("change-requests/1/decide/"), {"decision": "approve"}, "json")
    assert_error(refused, 400, "not_an_approver")

    # Both program managers approve; the second approval applies the change.
    half = api(APPROVERS[0]).post(
        url("change-requests/1/decide/"), {"decision": "approve", "comment": "Fine."}, "json"
    )
    assert half.json()["status"] == "proposed"
    assert half.json()["awaiting_parties"] == ["provider"]
    assert Task.objects.get(uid=19).duration == 40 * 480
    done = api(APPROVERS[1]).post(url("change-requests/1/decide/"), {"decision": "approve"}, "json")
    assert done.status_code == 200, done.content
    assert done.json()["status"] == "approved"
    assert [d["party"] for d in done.json()["decisions"]] == ["customer", "provider"]
    assert Task.objects.get(uid=19).duration == 45 * 480

    # The variance against the agreed baseline shows, per task and for the schedule.
    tasks = {t["uid"]: t for t in manager.get(url("tasks/")).json()["results"]}
    assert tasks[19]["duration_days"] == 45.0
    assert tasks[19]["finish_variance_days"] == impact["finish_delta_days"]
    assert tasks[19]["baseline_finish"] is not None
    assert tasks[37]["finish_variance_days"] == impact["finish_delta_days"]
    assert tasks[10]["finish_variance_days"] == 0.0
    assert manager.get(url()).json()["finish_variance_days"] == impact["finish_delta_days"]
    log = manager.get(url("change-requests/?status=approved")).json()
    assert [c["number"] for c in log["results"]] == [1]
    assert manager.get(url("change-requests/?status=rejected")).json()["count"] == 0


# -- baselines --------------------------------------------------------------------------


def test_baseline_sign_off_refusals(world: World, api: Api, schedule: Schedule) -> None:
    manager = api(MANAGER)
    assert manager.post(url("baselines/"), {"name": "One"}, "json").status_code == 201
    assert manager.post(url("baselines/"), {"name": "Two"}, "json").status_code == 201
    listing = manager.get(url("baselines/")).json()
    assert [(b["number"], b["status"]) for b in listing["results"]] == [(2, "draft"), (1, "draft")]

    not_yet = api(SPONSORS[0]).post(url("baselines/1/sign/"), {}, "json")
    assert_error(not_yet, 400, "version_not_in_review")
    assert manager.post(url("baselines/1/propose/")).status_code == 200
    assert_error(manager.post(url("baselines/2/propose/")), 400, "baseline_in_review")
    assert_error(manager.post(url("baselines/1/propose/")), 400, "already_decided")

    with nothing_changes(Baseline.objects.get(number=1)):
        refused = api("customer.pmo_team").post(url("baselines/1/sign/"), {}, "json")
    assert_error(refused, 400, "not_a_signatory")
    stale = api(SPONSORS[0]).post(url("baselines/1/sign/"), {"content_sha256": "0" * 64}, "json")
    assert_error(stale, 400, "stale_version", "content_sha256")
    assert api(SPONSORS[0]).post(url("baselines/1/sign/"), {}, "json").status_code == 200
    assert_error(api(SPONSORS[0]).post(url("baselines/1/sign/"), {}, "json"), 400, "already_signed")
    assert_error(manager.post(url("baselines/"), {"name": ""}, "json"), 400, "invalid", "name")
    assert_error(manager.get(url("baselines/9/")), 404, "not_found")


# -- change requests --------------------------------------------------------------------


def test_invalid_changes_are_refused_naming_each_problem(
    world: World, api: Api, schedule: Schedule
) -> None:
    changes = [
        {"op": "update_task", "uid": 99, "duration_days": 2},
        {"op": "add_link", "predecessor": 9, "successor": 3},
    ]
    with nothing_changes(model=ChangeRequest):
        refused = api(MANAGER).post(url("change-requests/"), change_request(changes), "json")
    body = assert_error(refused, 400, "schedule_invalid", "changes")
    assert [p["message"][:8] for p in body["problems"]] == ["Change 1"]
    assert "UID 99" in body["problems"][0]["message"]

    loop = [{"op": "add_link", "predecessor": 9, "successor": 3}]
    with nothing_changes(model=ChangeRequest):
        looped = api(MANAGER).post(url("change-requests/preview/"), {"changes": loop}, "json")
    body = assert_error(looped, 400, "schedule_invalid")
    assert "loop" in body["detail"].lower()

    empty = api(MANAGER).post(url("change-requests/"), change_request([]), "json")
    assert_error(empty, 400, "invalid", "changes")
    shapeless = api(MANAGER).post(url("change-requests/"), change_request([{"uid": 3}]), "json")
    assert_error(shapeless, 400, "invalid")


def test_a_rejection_is_final_and_needs_a_reason(
    world: World, api: Api, schedule: Schedule
) -> None:
    changes = [{"op": "update_task", "uid": 3, "duration_days": 12}]
    assert api(MANAGER).post(url("change-requests/"), change_request(changes), "json").status_code
    customer_pm = api(APPROVERS[0])
    no_reason = customer_pm.post(url("change-requests/1/decide/"), {"decision": "reject"}, "json")
    assert_error(no_reason, 400, "invalid", "comment")
    rejected = customer_pm.post(
        url("change-requests/1/decide/"),
        {"decision": "reject", "comment": "Design cannot slip."},
        "json",
    )
    assert rejected.json()["status"] == "rejected"
    assert rejected.json()["awaiting_parties"] == []
    late = api(APPROVERS[1]).post(url("change-requests/1/decide/"), {"decision": "approve"}, "json")
    assert_error(late, 400, "already_decided")
    assert Task.objects.get(schedule=schedule, uid=3).duration == 10 * 480
    assert_error(
        customer_pm.post(url("change-requests/1/decide/"), {"decision": "maybe"}, "json"),
        400,
        "invalid",
        "decision",
    )


def test_withdrawing_is_for_the_requesters_party(
    world: World, api: Api, schedule: Schedule
) -> None:
    changes = [{"op": "update_task", "uid": 3, "duration_days": 12}]
    api("customer.pmo_team").post(url("change-requests/"), change_request(changes), "json")
    cr = ChangeRequest.objects.get()
    with nothing_changes(cr):
        other_party = api("provider.pmo_lead").post(url("change-requests/1/withdraw/"))
    assert_error(other_party, 400, "permission_denied")
    withdrawn = api("customer.pmo_lead").post(url("change-requests/1/withdraw/"))
    assert withdrawn.status_code == 200, withdrawn.content
    assert withdrawn.json()["status"] == "withdrawn"
    assert_error(
        api("customer.pmo_team").post(url("change-requests/1/withdraw/")), 400, "already_decided"
    )


def test_reading_a_proposed_request_refreshes_its_impact(
    world: World, api: Api, schedule: Schedule
) -> None:
    manager = api(MANAGER)
    changes = [{"op": "update_task", "uid": 9, "duration_days": 12}]  # a critical task
    created = manager.post(url("change-requests/"), change_request(changes), "json").json()
    assert created["impact"]["finish_delta_days"] == 2.0
    assert created["impact_revision"] == schedule.revision
    # Meanwhile the build (before the integration test) grows by five days.
    assert manager.patch(url("tasks/7/"), {"duration_days": 20}, "json").status_code == 200
    fresh = manager.get(url("change-requests/1/")).json()
    schedule.refresh_from_db()
    assert fresh["impact_revision"] == schedule.revision
    assert fresh["impact"]["finish_before"] != created["impact"]["finish_before"]
    assert fresh["impact"]["finish_delta_days"] == 2.0


def test_an_approved_rebaseline_proposes_a_new_baseline(
    world: World, api: Api, schedule: Schedule
) -> None:
    agree_baseline(api)
    changes = [{"op": "add_task", "name": "Data cleansing", "duration_days": 4, "parent_uid": 6}]
    body = change_request(changes, rebaseline=True)
    assert api("provider.pmo_team").post(url("change-requests/"), body, "json").status_code == 201
    for approver in APPROVERS:
        decided = api(approver).post(
            url("change-requests/1/decide/"), {"decision": "approve"}, "json"
        )
        assert decided.status_code == 200, decided.content
    assert decided.json()["resulting_baseline"] == 2
    baseline = api(MANAGER).get(url("baselines/2/")).json()
    assert baseline["status"] == "in_review"
    assert "Data cleansing" in [t["name"] for t in baseline["tasks"]]
    assert Task.objects.filter(schedule=schedule, name="Data cleansing", parent__uid=6).exists()


def test_change_request_log_filters(world: World, api: Api, schedule: Schedule) -> None:
    team = api("customer.pmo_team")
    for uid in (3, 7):
        change = [{"op": "update_task", "uid": uid, "name": f"Renamed {uid}"}]
        assert team.post(url("change-requests/"), change_request(change), "json").status_code
    team.post(url("change-requests/1/withdraw/"))
    log = team.get(url("change-requests/")).json()
    assert [(c["number"], c["status"]) for c in log["results"]] == [
        (2, "proposed"),
        (1, "withdrawn"),
    ]
    assert [c["number"] for c in team.get(url("change-requests/?q=CR-2")).json()["results"]] == [2]
    assert team.get(url("change-requests/?party=provider")).json()["count"] == 0
    assert_error(team.get(url("change-requests/?status=later")), 400, "invalid")
