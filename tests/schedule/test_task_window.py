"""The task table and the Gantt chart at the size of real programs: a window of 200 rows a
page, summary tasks collapsed on the server (their rows are not sent), find by name, WBS or
UID, and the filters of ``TaskFilter`` (critical, late, owner party, responsible)."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

import pytest
from django.urls import reverse

from schedule.clock import from_engine
from schedule.models import Schedule, Task
from tests.conftest import World

from .factories import generated, make_schedule
from .test_pages_query_counts import agree

PM = "provider.program_manager"
HTMX = {"HX-Request": "true"}


def page(world: World, query: str = "", *, name: str = "tasks", user: str = PM) -> str:
    path = reverse(f"schedule:{name}", kwargs={"code": "alpha"})
    response = world.client(user).get(path + query)
    assert response.status_code == 200
    return response.content.decode()


def shown(html: str) -> list[int]:
    """UIDs of the task rows, or of the Gantt rows, in the order sent."""
    return [int(uid) for uid in re.findall(r'id="(?:task|gantt-task)-(\d+)"', html)]


@pytest.fixture
def big(world: World) -> Schedule:
    """450 rows: a summary task every ten rows (UIDs 1, 11, 21, ...) over nine tasks."""
    return make_schedule(world.program, world.user(PM), generated(450))


def test_page_two_shows_rows_201_to_400_and_states_the_total(world: World, big: Schedule) -> None:
    html = page(world, "?page=2")
    assert shown(html) == list(range(201, 401))
    assert "Rows 201-400 of 450." in html
    assert "Page 2 of 3" in html
    # Plain links to the pages either side, which htmx follows in place.
    assert 'rel="prev" href="?"' in html and 'rel="next" href="?page=3"' in html
    assert 'hx-get="?page=3" hx-target="#task-window"' in html
    # The status line is a live region, announced when the window changes.
    assert '<span id="task-window-status" role="status" aria-live="polite">' in html
    last = page(world, "?page=3")
    assert shown(last) == list(range(401, 451)) and "Rows 401-450 of 450." in last
    # A page past the end shows the last one; a page that is not a number, the first.
    assert shown(page(world, "?page=99")) == list(range(401, 451))
    assert shown(page(world, "?page=x"))[:1] == [1]


def test_htmx_gets_the_window_and_the_status_out_of_band(world: World, big: Schedule) -> None:
    path = reverse("schedule:tasks", kwargs={"code": "alpha"})
    response = world.client(PM).get(path + "?page=2", headers=HTMX)
    body = response.content.decode()
    assert body.lstrip().startswith('<div id="task-window"') and "<html" not in body
    assert shown(body) == list(range(201, 401))
    assert '<span id="task-window-status" hx-swap-oob="innerHTML">Rows 201-400 of 450.' in body


def test_a_collapsed_summary_task_keeps_its_row_and_hides_its_children(
    world: World, big: Schedule
) -> None:
    html = page(world, "?collapsed=1,21")
    rows = shown(html)
    assert rows[:3] == [1, 11, 12] and 2 not in rows and 22 not in rows and 21 in rows
    assert "Rows 1-200 of 432 (18 more under collapsed summary tasks)." in html
    # Its toggle is a link that expands it again, keeping the other one collapsed.
    toggle = re.search(r'<a class="schedule-toggle" id="toggle-1" href="([^"]+)"[^>]*>', html)
    assert toggle is not None
    assert toggle.group(1) == "?collapsed=21#task-1" and 'aria-expanded="false"' in toggle.group(0)
    assert "Show the tasks under 1 Phase 1" in html
    opened = re.search(r'<a class="schedule-toggle" id="toggle-11" href="([^"]+)"', html)
    assert opened is not None and opened.group(1) == "?collapsed=1,11,21#task-11"
    # The Gantt chart takes the same query string.
    assert shown(page(world, "?collapsed=1,21", name="gantt"))[:3] == [1, 11, 12]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("?q=Task+123", [123]),  # words in the name
        ("?q=13.", list(range(122, 131))),  # the start of a WBS code: 13.1 to 13.9
        ("?q=uid+305", [305]),  # a UID
        ("?q=405", [405]),
    ],
)
def test_find_by_name_wbs_or_uid(
    world: World, big: Schedule, query: str, expected: list[int]
) -> None:
    html = page(world, query)
    assert shown(html) == expected
    assert f"of {len(expected)} matching tasks (450 in all)." in html


def test_a_search_shows_matches_under_collapsed_summary_tasks(world: World, big: Schedule) -> None:
    assert shown(page(world, "?collapsed=121&q=Task+123")) == [123]


def test_filters_for_critical_owner_party_and_responsible(world: World, big: Schedule) -> None:
    critical = set(
        Task.objects.filter(schedule=big, is_critical=True).values_list("uid", flat=True)
    )
    html = page(world, "?critical=true")
    assert set(shown(html)) == set(list(critical)[:200]) or set(shown(html)) <= critical
    assert f"of {len(critical)} matching tasks" in html
    customer = shown(page(world, "?owner_party=customer"))
    assert customer and all(uid % 3 == 0 and uid % 10 != 1 for uid in customer)
    person = world.user("customer.pmo_team")
    Task.objects.filter(schedule=big, uid__in=[5, 305]).update(responsible=person)
    assert shown(page(world, f"?responsible={person.pk}")) == [5, 305]


def test_late_tasks(world: World, big: Schedule) -> None:
    """Late: finishing after the agreed baseline's finish or a deadline, or not complete
    though the baseline had it finished by the status date."""
    agree(world, big)
    # A status date (set without recomputing) on the day task 40 was to finish.
    status = Task.objects.get(schedule=big, uid=40).finish
    assert status is not None
    Schedule.objects.filter(pk=big.pk).update(status_date=status)
    due = list(
        Task.objects.filter(schedule=big, finish__lte=status)
        .order_by("position")
        .values_list("uid", flat=True)
    )
    assert len(due) > 2
    Task.objects.filter(schedule=big, uid=due[0]).update(percent_complete=100)
    Task.objects.filter(schedule=big, uid=400).update(
        deadline=from_engine(datetime(2027, 1, 5, 17, 0))
    )
    slipped = Task.objects.get(schedule=big, uid=300)
    assert slipped.finish is not None
    Task.objects.filter(pk=slipped.pk).update(finish=slipped.finish + timedelta(days=2))
    assert shown(page(world, "?late=true")) == [*due[1:], 300, 400]
    assert due[0] in shown(page(world, "?late=false"))


def test_an_invalid_filter_shows_every_task_and_the_error(world: World, big: Schedule) -> None:
    html = page(world, "?owner_party=nobody")
    assert shown(html)[:2] == [1, 2] and "Rows 1-200 of 450." in html
    assert "usa-error-message" in html
