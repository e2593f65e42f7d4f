"""The task table and the Gantt page run as many queries for 200 tasks as for 10: rows, links,
baseline and permissions are each read once, never per task."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from programs.services.documents import version_sign
from schedule.models import Schedule
from schedule.services import baselines as baseline_services
from tests.conftest import World

from .factories import generated, make_schedule

PM = "provider.program_manager"


def queries(world: World, user: str, path: str) -> int:
    client = world.client(user)
    client.get(path)  # warm up: sessions, content types
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200
    return len(captured.captured_queries)


def agree(world: World, schedule: Schedule) -> None:
    baseline = baseline_services.baseline_create(
        acting_user=world.user(PM), schedule=schedule, name="Agreed"
    )
    version = baseline_services.baseline_propose(acting_user=world.user(PM), baseline=baseline)
    for sponsor in ("customer.executive_sponsor", "provider.executive_sponsor"):
        version_sign(acting_user=world.user(sponsor), version=version)


def counts(
    world: World, size: int, page: str, user: str, prepare: Callable[[Schedule], None]
) -> int:
    Schedule.objects.filter(program=world.program).delete()
    schedule = make_schedule(world.program, world.user(PM), generated(size))
    prepare(schedule)
    assert schedule.tasks.count() == size
    return queries(world, user, reverse(f"schedule:{page}", kwargs={"code": "alpha"}))


@pytest.mark.parametrize("page", ["tasks", "gantt"])
@pytest.mark.parametrize("user", [PM, "customer.pmo_team", "independent.ivv_agent"])
def test_query_count_does_not_grow_with_tasks(world: World, page: str, user: str) -> None:
    small = counts(world, 10, page, user, lambda s: None)
    large = counts(world, 200, page, user, lambda s: None)
    assert small == large, f"{page}: {small} queries for 10 tasks, {large} for 200"


@pytest.mark.parametrize("page", ["tasks", "gantt"])
def test_query_count_with_an_agreed_baseline(world: World, page: str) -> None:
    small = counts(world, 10, page, PM, lambda s: agree(world, s))
    large = counts(world, 200, page, PM, lambda s: agree(world, s))
    assert small == large, f"{page}: {small} queries for 10 tasks, {large} for 200"
    html = world.client(PM).get(reverse(f"schedule:{page}", kwargs={"code": "alpha"}))
    # The baseline is really read: its finish column, or its bars under the tasks.
    assert (b"Baseline finish" if page == "tasks" else b'class="gantt-baseline"') in html.content


def test_pages_stay_usable_at_2000_tasks(world: World) -> None:
    schedule = make_schedule(world.program, world.user(PM), generated(2000))
    client = world.client(PM)
    for page, marker in (("gantt", b'class="gantt-row '), ("tasks", b'class="schedule-row')):
        path = reverse(f"schedule:{page}", kwargs={"code": "alpha"})
        assert queries(world, PM, path) < 25
        response = client.get(path)  # its server time is measured by make bench
        # A window of 200 rows is sent, never the whole schedule, and says where it stands.
        assert response.content.count(marker) == 200 == schedule.tasks.count() // 10
        assert b"Rows 1-200 of 2,000." in response.content
        response = client.get(path + "?page=10")
        assert response.content.count(marker) == 200
        assert b"Rows 1,801-2,000 of 2,000." in response.content


def test_a_task_page_reads_the_task_and_its_neighbours_only(world: World) -> None:
    """One task's page runs as many queries for 600 tasks as for 10, and at that size asks
    for its new predecessor's UID rather than listing every task."""

    def task_page(size: int) -> tuple[int, str]:
        Schedule.objects.filter(program=world.program).delete()
        make_schedule(world.program, world.user(PM), generated(size))
        path = reverse("schedule:task", kwargs={"code": "alpha", "uid": 5})
        html = world.client(PM).get(path).content.decode()
        return queries(world, PM, path), html

    small, listed = task_page(10)
    large, typed = task_page(600)
    # A small schedule reads its tasks once more, for the pick list.
    assert large <= small, f"{small} queries for 10 tasks, {large} for 600"
    assert 'name="predecessor"' in listed and "- Select a task -" in listed
    assert 'name="predecessor"' not in typed and "Predecessor UID" in typed
    assert typed.count("<option") < 50


def test_a_large_schedule_takes_a_predecessor_by_uid(world: World) -> None:
    Schedule.objects.filter(program=world.program).delete()
    schedule = make_schedule(world.program, world.user(PM), generated(600))
    path = reverse("schedule:link-new", kwargs={"code": "alpha", "uid": 301})  # shared
    form = {"predecessor_uid": "12", "type": "FS", "lag_days": "0", "lag_unit": "working"}
    response = world.client(PM).post(path, form)
    assert response.status_code == 302, response.content.decode()[:500]
    task = schedule.tasks.get(uid=301)
    assert task.predecessor_links.filter(predecessor__uid=12).exists()
    missing = world.client(PM).post(path, {**form, "predecessor_uid": "99999"})
    assert missing.status_code == 400
    assert "no other task with UID 99999" in missing.content.decode()


def test_a_large_schedule_takes_a_new_task_s_parent_by_uid(world: World) -> None:
    Schedule.objects.filter(program=world.program).delete()
    schedule = make_schedule(world.program, world.user(PM), generated(600))
    path = reverse("schedule:task-new", kwargs={"code": "alpha"})
    page = world.client(PM).get(path).content.decode()
    assert "UID of the task it goes under" in page and page.count("<option") < 50
    form = {"name": "Freeze payroll", "duration_days": "2", "owner_party": "shared"}
    response = world.client(PM).post(path, {**form, "parent": "301"})
    assert response.status_code == 302, response.content.decode()[:300]
    assert schedule.tasks.filter(name="Freeze payroll", parent__uid=301).exists()
    missing = world.client(PM).post(path, {**form, "name": "Other", "parent": "99999"})
    assert missing.status_code == 400
    assert "no task with UID 99999" in missing.content.decode()
    assert not schedule.tasks.filter(name="Other").exists()


def assign_everyone(schedule: Schedule) -> None:
    """Two resources on every task that is not a summary: test data written directly, as
    only the page's reads are measured."""
    from schedule.models import Assignment, Resource

    analyst = Resource.objects.create(schedule=schedule, uid=1, name="Analyst")
    engineer = Resource.objects.create(schedule=schedule, uid=2, name="Engineer")
    tasks = list(schedule.tasks.filter(is_summary=False).order_by("uid"))
    Assignment.objects.bulk_create(
        Assignment(schedule=schedule, uid=n, task=t, resource=r, units=50, work=480)
        for n, (t, r) in enumerate(((t, r) for t in tasks for r in (analyst, engineer)), 1)
    )


@pytest.mark.parametrize("page", ["tasks", "gantt"])
@pytest.mark.parametrize("user", [PM, "customer.pmo_team"])
def test_query_count_with_resources_does_not_grow(world: World, page: str, user: str) -> None:
    """The Resources column (and the money columns for who sees costs), and the Gantt's
    resource names: one query for the window's assignments, whatever its rows."""
    suffix = "?resources=1" if page == "gantt" else ""

    def measure(size: int) -> int:
        Schedule.objects.filter(program=world.program).delete()
        schedule = make_schedule(world.program, world.user(PM), generated(size))
        assign_everyone(schedule)
        path = reverse(f"schedule:{page}", kwargs={"code": "alpha"}) + suffix
        return queries(world, user, path)

    small, large = measure(10), measure(200)
    assert small == large, f"{page}: {small} queries for 10 tasks, {large} for 200"
    html = world.client(user).get(reverse(f"schedule:{page}", kwargs={"code": "alpha"}) + suffix)
    assert b"Analyst [50%], Engineer [50%]" in html.content
