"""The schedule-control pages: the DCMA check, baselines and their sign-off, variance, and
change requests from proposal (impact shown before anyone decides) to approval or rejection,
the log's filters and Excel export; access for members without the right and for outsiders."""

from __future__ import annotations

import io
import re
from datetime import date, datetime
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from programs.choices import ActivityStatus, DocumentStatus
from programs.models import AuditEvent, PlayActivity
from programs.services.documents import version_sign
from schedule.choices import ChangeRequestStatus
from schedule.engine.model import Link, Task
from schedule.interchange.data import ScheduleData, TaskRecord
from schedule.models import Baseline, ChangeRequest, Schedule
from schedule.models import Task as TaskRow
from schedule.services.baselines import baseline_create, baseline_propose
from schedule.services.change_requests import change_request_propose

from ..conftest import World
from .factories import DAY, make_schedule

PM = "provider.program_manager"
CUSTOMER_PM = "customer.program_manager"
TEAM = "customer.pmo_team"
SPONSORS = ("customer.executive_sponsor", "provider.executive_sponsor")
CRITICAL_TASK = 7  # 2.1 Configure the payroll system, 15 days, on the critical path


def url(name: str, code: str = "alpha", **kwargs: Any) -> str:
    return reverse(f"schedule:{name}", kwargs={"code": code, **kwargs})


def text(response: Any) -> str:
    """The page's text without tags, whitespace collapsed, to assert what a person reads."""
    body = re.sub(r"<[^>]+>", " ", response.content.decode())
    return re.sub(r"\s+", " ", body)


def agree(world: World, schedule: Schedule, name: str = "IMS baseline") -> Baseline:
    baseline = baseline_create(acting_user=world.user(PM), schedule=schedule, name=name)
    version = baseline_propose(acting_user=world.user(PM), baseline=baseline)
    for sponsor in SPONSORS:
        version_sign(acting_user=world.user(sponsor), version=version)
    baseline.refresh_from_db()
    return baseline


def duration_change(days: float, uid: int = CRITICAL_TASK) -> list[dict[str, Any]]:
    return [{"op": "update_task", "uid": uid, "duration_days": days}]


def propose(world: World, schedule: Schedule, **overrides: Any) -> ChangeRequest:
    fields: dict[str, Any] = {
        "title": "Longer payroll configuration",
        "description": "Configuration takes 20 days instead of 15.",
        "justification": "Two more pay plans were found in Fit-Gap.",
        "changes": duration_change(20),
    }
    fields.update(overrides)
    return change_request_propose(acting_user=world.user(TEAM), schedule=schedule, **fields)


def cr_form(rows: list[dict[str, Any]], action: str, **fields: str) -> dict[str, str]:
    """The new change request form as a browser posts it."""
    data = {
        "title": "Longer payroll configuration",
        "description": "Configuration takes 20 days instead of 15.",
        "justification": "Two more pay plans were found in Fit-Gap.",
        "action": action,
        "ops-TOTAL_FORMS": str(len(rows)),
        "ops-INITIAL_FORMS": str(len(rows)),
        "ops-MIN_NUM_FORMS": "1",
        "ops-MAX_NUM_FORMS": "50",
        **fields,
    }
    for i, row in enumerate(rows):
        for key, value in row.items():
            data[f"ops-{i}-{key}"] = str(value)
    return data


def snapshot(schedule: Schedule) -> tuple[Any, ...]:
    """What a refused or rejected request must leave as it was."""
    schedule.refresh_from_db()
    return (
        schedule.revision,
        schedule.finish,
        list(schedule.tasks.order_by("uid").values_list("uid", "duration", "start", "finish")),
        list(schedule.dependencies.values_list("predecessor__uid", "successor__uid", "type")),
        Baseline.objects.count(),
    )


# -- DCMA ---------------------------------------------------------------------------------


def test_dcma_page_lists_the_fourteen_checks_with_values(world: World, schedule: Schedule) -> None:
    response = world.client("customer.viewer").get(url("dcma"))
    assert response.status_code == 200
    page = text(response)
    rows = re.findall(r"<tr>\s*<td>(\d+)</td>", response.content.decode())
    assert rows == [str(n) for n in range(1, 15)]
    for name in ("Logic", "Leads", "Lags", "Relationship types", "Hard constraints",
                 "High float", "Negative float", "High duration", "Invalid dates", "Resources",
                 "Missed tasks", "Critical path test", "CPLI", "BEI"):  # fmt: skip
        assert name in page
    # The sample has one lead among nine links into incomplete tasks.
    assert "11.1% (1 of 9 links)" in page
    # Results are written out, never colour only.
    assert "Pass" in page and "Fail" in page and "Not applicable" in page
    assert 'href="' + url("dcma-check", number=2) + '"' in response.content.decode()


def test_a_dcma_check_lists_its_offending_tasks(world: World, schedule: Schedule) -> None:
    response = world.client("customer.viewer").get(url("dcma-check", number=2))
    assert response.status_code == 200
    page = text(response)
    assert "Check 2: Leads" in page
    assert "Prepare test data" in page  # the successor of the FF link with a one-day lead
    assert "FF from task 7, lag -1 days" in page
    assert url("task", uid=8) in response.content.decode()
    # Check 10: no task has a responsible person yet.
    page = text(world.client("customer.viewer").get(url("dcma-check", number=10)))
    assert "Configure the payroll system" in page and "No responsible person" in page
    assert world.client("customer.viewer").get(url("dcma-check", number=15)).status_code == 404


def test_dcma_thresholds_come_from_the_settings(
    world: World, schedule: Schedule, settings: Any
) -> None:
    settings.SCHEDULE_DCMA_THRESHOLDS = {"leads_max": 20.0}
    page = text(world.client("customer.viewer").get(url("dcma")))
    assert "≤ 20%" in page


# -- access ---------------------------------------------------------------------------------


def all_urls() -> list[tuple[str, str, dict[str, Any]]]:
    return [
        ("get", "dcma", {}),
        ("get", "dcma-check", {"number": 1}),
        ("get", "baselines", {}),
        ("get", "baseline-new", {}),
        ("post", "baseline-new", {}),
        ("get", "baseline", {"number": 1}),
        ("post", "baseline-propose", {"number": 1}),
        ("post", "baseline-sign", {"number": 1}),
        ("get", "baseline-pdf", {"number": 1}),
        ("get", "variance", {}),
        ("get", "change-requests", {}),
        ("get", "change-requests-xlsx", {}),
        ("get", "change-request-new", {}),
        ("post", "change-request-new", {}),
        ("get", "change-request", {"number": 1}),
        ("post", "change-request-decide", {"number": 1}),
        ("post", "change-request-withdraw", {"number": 1}),
    ]


@pytest.mark.parametrize(("method", "name", "kwargs"), all_urls())
def test_an_outsider_gets_404_for_everything(
    world: World, schedule: Schedule, method: str, name: str, kwargs: dict[str, Any]
) -> None:
    agree(world, schedule)
    propose(world, schedule)
    before = (snapshot(schedule), AuditEvent.objects.count())
    client = world.client("outsider")
    response = getattr(client, method)(url(name, **kwargs), {"name": "x", "decision": "approve"})
    assert response.status_code == 404
    assert (snapshot(schedule), AuditEvent.objects.count()) == before
    # And anonymous visitors are sent to log in.
    response = getattr(Client(), method)(url(name, **kwargs))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_viewer_cannot_save_or_propose_a_baseline(world: World, schedule: Schedule) -> None:
    client = world.client("customer.viewer")
    page = text(client.get(url("baselines")))
    assert "Save a baseline" not in page
    response = client.post(url("baseline-new"), {"name": "Mine"})
    assert response.status_code == 404
    assert not Baseline.objects.exists()

    baseline = baseline_create(acting_user=world.user(PM), schedule=schedule, name="B1")
    before = AuditEvent.objects.count()
    response = client.post(url("baseline-propose", number=baseline.number))
    assert response.status_code == 404
    baseline.refresh_from_db()
    assert baseline.version is None and AuditEvent.objects.count() == before


# -- baselines and their agreement ------------------------------------------------------------


def test_baseline_saved_proposed_and_signed_by_both_sponsors(
    world: World, schedule: Schedule
) -> None:
    pm = world.client(PM)
    response = pm.post(url("baseline-new"), {"name": "After Fit-Gap", "description": "Agreed plan"})
    baseline = Baseline.objects.get()
    assert response.status_code == 302 and response["Location"] == baseline.get_absolute_url()
    page = text(pm.get(baseline.get_absolute_url()))
    assert "Baseline 1: After Fit-Gap" in page and "Saved" in page
    assert "Configure the payroll system" in page and "15" in page  # its frozen duration
    assert "Propose as the agreed IMS baseline" in page

    response = pm.post(url("baseline-propose", number=1))
    assert response.status_code == 302
    baseline.refresh_from_db()
    assert baseline.version is not None
    assert baseline.version.status == DocumentStatus.IN_REVIEW
    page = text(pm.get(baseline.get_absolute_url()))
    assert "In review" in page and "Awaiting signature" in page
    assert "Sign baseline 1" not in page  # a program manager is no signatory

    # A program manager who tries anyway is refused, and nothing changes.
    response = world.client(CUSTOMER_PM).post(
        url("baseline-sign", number=1), {"content_sha256": "0" * 64}
    )
    assert response.status_code == 400
    assert "you are not one" in text(response)
    assert baseline.version.signatures.count() == 0

    for number, sponsor in enumerate(SPONSORS, start=1):
        client = world.client(sponsor)
        shown = client.get(baseline.get_absolute_url()).content.decode()
        sha = re.search(r'name="content_sha256" value="([0-9a-f]{64})"', shown)
        assert sha, f"{sponsor} is offered no sign form"
        response = client.post(url("baseline-sign", number=1), {"content_sha256": sha.group(1)})
        assert response.status_code == 302
        assert baseline.version.signatures.count() == number

    baseline.refresh_from_db()
    assert baseline.is_agreed
    page = text(pm.get(url("baselines")))
    assert "Agreed IMS baseline" in page and "2 of 2" in page
    page = text(pm.get(baseline.get_absolute_url()))
    for sponsor in SPONSORS:
        signer = world.user(sponsor)
        assert (signer.get_full_name() or signer.get_username()) in page
    assert "Executive Sponsor" in page and "Awaiting signature" not in page
    assert baseline.version.signatures.first().content_sha256 in page  # type: ignore[union-attr]
    activity = PlayActivity.objects.get(program=world.program, key="agree_ims")
    assert activity.status == ActivityStatus.DONE

    response = pm.get(url("baseline-pdf", number=1))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")


def test_a_second_baseline_waits_while_one_is_in_review(world: World, schedule: Schedule) -> None:
    for name in ("First", "Second"):
        baseline_create(acting_user=world.user(PM), schedule=schedule, name=name)
    pm = world.client(PM)
    assert pm.post(url("baseline-propose", number=1)).status_code == 302
    response = pm.post(url("baseline-propose", number=2))
    assert response.status_code == 400
    assert "Baseline 1 is in review" in text(response)
    assert Baseline.objects.get(number=2).version is None


# -- change requests --------------------------------------------------------------------------


def test_change_request_flow_from_preview_to_applied_with_variance(
    world: World, schedule: Schedule
) -> None:
    agree(world, schedule)
    finish_before = schedule.finish
    team = world.client(TEAM)
    rows: list[dict[str, Any]] = [
        {"kind": "duration", "task": CRITICAL_TASK, "days": "20"},
        {"kind": ""},
    ]

    # The impact is shown before anything is saved.
    response = team.post(url("change-request-new"), cr_form(rows, "preview"))
    assert response.status_code == 200
    page = text(response)
    assert "Task 7 Configure the payroll system: duration 15 → 20 days" in page
    assert "+5.0" in page and "Propose the change" in page
    assert not ChangeRequest.objects.exists()

    # With htmx only the form comes back, the preview inside it.
    response = team.post(
        url("change-request-new"), cr_form(rows, "preview"), headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    assert b"<html" not in response.content and b'id="cr-form"' in response.content
    assert b"+5.0" in response.content

    response = team.post(url("change-request-new"), cr_form(rows, "propose"))
    change_request = ChangeRequest.objects.get()
    assert response.status_code == 302
    assert response["Location"] == change_request.get_absolute_url()
    assert change_request.changes == [
        {"op": "update_task", "uid": CRITICAL_TASK, "duration_days": 20.0}
    ]
    page = text(team.get(change_request.get_absolute_url()))
    assert "CR-1: Longer payroll configuration" in page
    assert "duration 15 → 20 days" in page and "+5.0" in page
    assert "Decide for" not in page  # the PMO team does not decide

    # The PMO team cannot approve: the refusal is shown and nothing changes.
    before = snapshot(schedule)
    response = team.post(
        url("change-request-decide", number=1), {"decision": "approve", "comment": ""}
    )
    assert response.status_code == 400
    assert "Only a program manager of the customer or the provider decides" in text(response)
    assert snapshot(schedule) == before
    assert not change_request.decisions.exists()

    customer_pm = world.client(CUSTOMER_PM)
    assert "Decide for the Customer" in text(customer_pm.get(change_request.get_absolute_url()))
    response = customer_pm.post(url("change-request-decide", number=1), {"decision": "approve"})
    assert response.status_code == 302
    assert snapshot(schedule) == before  # one party's approval applies nothing
    page = text(customer_pm.get(change_request.get_absolute_url()))
    assert "Decide for" not in page  # the customer has decided

    response = world.client(PM).post(
        url("change-request-decide", number=1), {"decision": "approve", "comment": "Agreed."}
    )
    assert response.status_code == 302
    change_request.refresh_from_db()
    assert change_request.status == ChangeRequestStatus.APPROVED
    task = TaskRow.objects.get(schedule=schedule, uid=CRITICAL_TASK)
    assert task.duration == 20 * DAY
    schedule.refresh_from_db()
    assert schedule.finish is not None and finish_before is not None
    assert schedule.finish > finish_before
    page = text(world.client(PM).get(change_request.get_absolute_url()))
    assert "Applied" in page and "Agreed." in page

    # The variance page shows the program's finish five working days late.
    response = world.client("customer.viewer").get(url("variance"))
    page = text(response)
    assert re.search(r'id="program-finish-variance">\s*<strong>\+5\.0</strong>',
                     response.content.decode())  # fmt: skip
    assert "Configure the payroll system" in page
    slipped = text(world.client("customer.viewer").get(url("variance") + "?slipped=1"))
    assert "Configure the payroll system" in slipped
    assert "Confirm scope with the customer" not in slipped  # did not move
    # The filter swaps only the table in place with htmx.
    response = world.client("customer.viewer").get(
        url("variance"), {"slipped": "1"}, headers={"HX-Request": "true"}
    )
    assert b"<html" not in response.content and b'id="variance-table"' in response.content


def test_a_change_request_can_rebaseline(world: World, schedule: Schedule) -> None:
    agree(world, schedule)
    change_request = propose(world, schedule, rebaseline=True)
    for manager in (CUSTOMER_PM, PM):
        world.client(manager).post(
            url("change-request-decide", number=change_request.number), {"decision": "approve"}
        )
    change_request.refresh_from_db()
    assert change_request.resulting_baseline is not None
    response = world.client(PM).get(change_request.get_absolute_url())
    assert "Rebaseline after CR-1" in text(response)
    link = f'href="{change_request.resulting_baseline.get_absolute_url()}"'
    assert link in response.content.decode()
    assert change_request.resulting_baseline.status == DocumentStatus.IN_REVIEW


def test_a_rejected_change_request_changes_nothing(world: World, schedule: Schedule) -> None:
    agree(world, schedule)
    change_request = propose(world, schedule)
    before = snapshot(schedule)
    customer_pm = world.client(CUSTOMER_PM)
    response = customer_pm.post(url("change-request-decide", number=1), {"decision": "reject"})
    assert response.status_code == 400
    assert "Say why the change is rejected." in text(response)
    response = customer_pm.post(
        url("change-request-decide", number=1),
        {"decision": "reject", "comment": "Not before go-live."},
    )
    assert response.status_code == 302
    change_request.refresh_from_db()
    assert change_request.status == ChangeRequestStatus.REJECTED
    assert snapshot(schedule) == before
    page = text(world.client(PM).get(change_request.get_absolute_url()))
    assert "Rejected" in page and "Not before go-live." in page and "Decide for" not in page
    response = world.client(PM).post(
        url("change-request-decide", number=1), {"decision": "approve"}
    )
    assert response.status_code == 400 and "is rejected" in text(response)
    assert snapshot(schedule) == before


def test_the_requesting_party_withdraws(world: World, schedule: Schedule) -> None:
    change_request = propose(world, schedule)
    page = text(world.client(PM).get(change_request.get_absolute_url()))
    assert "Withdraw CR-1" not in page  # the provider did not request it
    response = world.client(PM).post(url("change-request-withdraw", number=1))
    assert response.status_code == 400
    assert "Only the requester's party withdraws" in response.content.decode().replace(
        "&#x27;", "'"
    )
    change_request.refresh_from_db()
    assert change_request.status == ChangeRequestStatus.PROPOSED
    client = world.client(CUSTOMER_PM)
    assert "Withdraw CR-1" in text(client.get(change_request.get_absolute_url()))
    assert client.post(url("change-request-withdraw", number=1)).status_code == 302
    change_request.refresh_from_db()
    assert change_request.status == ChangeRequestStatus.WITHDRAWN


def test_the_form_names_what_is_wrong_with_a_change(world: World, schedule: Schedule) -> None:
    team = world.client(TEAM)
    rows = [{"kind": "duration", "task": 99, "days": "3"}]
    response = team.post(url("change-request-new"), cr_form(rows, "preview"))
    assert response.status_code == 400
    assert "Change 1: there is no task with UID 99." in text(response)
    rows = [{"kind": "add_link", "task": 3}]
    response = team.post(url("change-request-new"), cr_form(rows, "preview"))
    assert (
        response.status_code == 400
        and "Give the successor&#x27;s UID." in response.content.decode()
    )
    response = team.post(url("change-request-new"), cr_form([{"kind": ""}], "preview"))
    assert "Add at least one change." in text(response)
    # Adding a row keeps what was typed and checks nothing yet.
    rows = [{"kind": "duration", "task": 7}]
    response = team.post(url("change-request-new"), cr_form(rows, "add_row", title=""))
    assert response.status_code == 200
    assert 'name="ops-1-kind"' in response.content.decode()
    assert "usa-error-message" not in response.content.decode()
    assert not ChangeRequest.objects.exists()


def test_common_changes_become_operations(world: World, schedule: Schedule) -> None:
    rows = [
        {"kind": "snet", "task": 8, "date": "2027-04-05"},
        {"kind": "add_link", "task": 5, "successor": 9, "link_type": "FS", "days": "1"},
        {"kind": "remove_link", "task": 8, "successor": 9},
        {"kind": "add_task", "task": 6, "name": "Parallel run", "days": "5"},
        {"kind": "mso", "task": 9, "date": "2027-05-03"},
    ]
    response = world.client(TEAM).post(url("change-request-new"), cr_form(rows, "propose"))
    assert response.status_code == 302, text(response)
    change_request = ChangeRequest.objects.get()
    assert change_request.changes == [
        {"op": "update_task", "uid": 8, "constraint": "snet", "constraint_date": "2027-04-05"},
        {"op": "add_link", "predecessor": 5, "successor": 9, "type": "FS", "lag_days": 1.0,
         "lag_unit": "working"},
        {"op": "remove_link", "predecessor": 8, "successor": 9},
        {"op": "add_task", "name": "Parallel run", "duration_days": 5.0, "parent_uid": 6,
         "milestone": False},
        {"op": "update_task", "uid": 9, "constraint": "mso", "constraint_date": "2027-05-03"},
    ]  # fmt: skip
    page = text(world.client(TEAM).get(change_request.get_absolute_url()))
    assert (
        "Task 8 Prepare test data: constraint as soon as possible → start no earlier than" in page
    )
    assert "Add a dependency: task 9 System integration test waits on task 5" in page
    assert "Remove the dependency of task 9 System integration test on task 8" in page
    assert "Add a task of 5 days: “Parallel run” under task 6 Build and test" in page


def test_a_viewer_is_refused_proposing(world: World, schedule: Schedule) -> None:
    rows = [{"kind": "duration", "task": CRITICAL_TASK, "days": "20"}]
    response = world.client("independent.ivv_agent").post(
        url("change-request-new"), cr_form(rows, "propose")
    )
    assert response.status_code == 404
    assert not ChangeRequest.objects.exists()


# -- the log ------------------------------------------------------------------------------


def test_the_log_filters_and_exports(world: World, schedule: Schedule) -> None:
    propose(world, schedule, title="Longer payroll configuration")
    second = change_request_propose(
        acting_user=world.user(PM),
        schedule=schedule,
        title="Shorter test window",
        description="Integration test in 8 days.",
        justification="Automated regression suite.",
        changes=duration_change(8, uid=9),
    )
    world.client(CUSTOMER_PM).post(
        url("change-request-decide", number=second.number),
        {"decision": "reject", "comment": "Too risky."},
    )
    client = world.client("customer.viewer")
    page = text(client.get(url("change-requests")))
    assert "CR-1" in page and "CR-2" in page
    assert "+5.0" in page and "-2.0" in page
    assert "Customer: Rejected" in page and "Provider: no decision" in page

    page = text(client.get(url("change-requests"), {"status": "rejected"}))
    assert "Shorter test window" in page and "Longer payroll" not in page
    page = text(client.get(url("change-requests"), {"party": "customer"}))
    assert "Longer payroll" in page and "Shorter test window" not in page
    page = text(client.get(url("change-requests"), {"q": "regression"}))
    assert "Shorter test window" in page and "Longer payroll" not in page
    page = text(client.get(url("change-requests"), {"q": "CR-1"}))
    assert "Longer payroll" in page and "Shorter test window" not in page
    today = date.today().isoformat()
    page = text(client.get(url("change-requests"), {"requested_after": "2000-01-01",
                                                   "requested_before": "2000-12-31"}))  # fmt: skip
    assert "No change request matches the filters" in page
    page = text(client.get(url("change-requests"), {"requested_after": today}))
    assert "CR-1" in page and "CR-2" in page

    response = client.get(url("change-requests-xlsx"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))
    header = rows[0]
    assert header[:6] == ("Number", "Title", "Status", "Requested by", "Party", "Requested on")
    assert sheet["A1"].font.bold and sheet.freeze_panes == "A2"
    by_number = {row[0]: dict(zip(header, row, strict=True)) for row in rows[1:]}
    assert set(by_number) == {"CR-1", "CR-2"}
    cr2 = by_number["CR-2"]
    assert cr2["Status"] == "Rejected" and cr2["Party"] == "Provider"
    assert isinstance(cr2["Requested on"], datetime)  # an Excel date, not text
    assert cr2["Finish impact (working days)"] == -2.0
    assert cr2["Customer decision"] == "Rejected" and cr2["Provider decision"] is None
    assert "Task 9 System integration test: duration" in cr2["Changes"]

    response = client.get(url("change-requests-xlsx"), {"status": "proposed"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet is not None
    assert [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)] == ["CR-1"]


# -- variance ---------------------------------------------------------------------------------


def test_variance_without_an_agreed_baseline_says_so(world: World, schedule: Schedule) -> None:
    baseline_create(acting_user=world.user(PM), schedule=schedule, name="Not agreed")
    response = world.client("customer.viewer").get(url("variance"))
    assert response.status_code == 200
    assert "No agreed baseline yet" in text(response)
    assert url("baselines") in response.content.decode()


def chain_schedule(count: int) -> ScheduleData:
    tasks = tuple(
        TaskRecord(task=Task(uid=i, name=f"Task {i}", duration=DAY), wbs=str(i))
        for i in range(1, count + 1)
    )
    return ScheduleData(
        name="Chain",
        start=datetime(2027, 1, 4, 8, 0),
        records=tasks,
        links=tuple(Link(i, i + 1) for i in range(1, count)),
    )


def queries(client: Client, path: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return len(captured.captured_queries)


def test_query_counts_do_not_grow_with_tasks(world: World) -> None:
    counts = []
    for size in (5, 40):
        Schedule.objects.filter(program=world.program).delete()
        schedule = make_schedule(world.program, world.user(PM), chain_schedule(size))
        baseline = agree(world, schedule, name=f"{size} tasks")
        propose(world, schedule, changes=duration_change(3, uid=2))
        client = world.client("customer.viewer")
        counts.append(
            (
                queries(client, url("variance")),
                queries(client, url("baseline", number=baseline.number)),
                queries(client, url("dcma")),
                queries(client, url("change-requests")),
            )
        )
    assert counts[0] == counts[1]
