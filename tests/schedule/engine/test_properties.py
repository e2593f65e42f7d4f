"""Properties of the critical path method on random networks (no constraints, no progress)."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from schedule.engine.calendar import WorkCalendar
from schedule.engine.cpm import compute, driving_path
from schedule.engine.model import LagUnit, Link, LinkType, Project, Result, Task

START = datetime(2026, 6, 29, 8, 0)  # the week of the observed Independence Day


@st.composite
def networks(draw: st.DrawFn, *, elapsed_lags: bool = True) -> Project:
    """Random DAGs. Elapsed lags that end in non-working time leave their predecessor real
    float while still setting the successor's date (a lag ending Saturday starts Monday
    whenever the predecessor finishes before then), so the critical path property is checked
    on networks with working lags only."""
    size = draw(st.integers(min_value=1, max_value=25))
    tasks = [
        Task(uid, f"T{uid}", draw(st.sampled_from((0, 60, 240, 480, 960, 2400))))
        for uid in range(1, size + 1)
    ]
    tasks = [Task(t.uid, t.name, t.duration, milestone=t.duration == 0) for t in tasks]
    links = []
    for successor in range(2, size + 1):
        for predecessor in draw(
            st.sets(st.integers(min_value=1, max_value=successor - 1), max_size=3)
        ):
            elapsed = elapsed_lags and draw(st.booleans()) and draw(st.booleans())
            links.append(
                Link(
                    predecessor,
                    successor,
                    draw(st.sampled_from(list(LinkType))),
                    draw(st.sampled_from((-480, -60, 0, 0, 0, 90, 480, 1440))),
                    LagUnit.ELAPSED if elapsed else LagUnit.WORKING,
                )
            )
    # Numbering is not the order of the network: shuffle uids.
    order = draw(st.permutations(range(1, size + 1)))
    renumber = dict(zip(range(1, size + 1), order, strict=True))
    tasks = [Task(renumber[t.uid], t.name, t.duration, t.milestone) for t in tasks]
    links = [
        Link(renumber[x.predecessor], renumber[x.successor], x.type, x.lag, x.lag_unit)
        for x in links
    ]
    return Project(start=START, tasks=tasks, links=links)


def _minutes(result: Result) -> tuple[WorkCalendar, dict[int, tuple[int, int]]]:
    calendar = WorkCalendar(result.project.calendar)
    return calendar, {
        uid: (calendar.to_minutes(t.early_start), calendar.to_minutes(t.early_finish))
        for uid, t in result.tasks.items()
    }


@settings(max_examples=150, deadline=None)
@given(networks())
def test_no_task_starts_before_its_links_allow(project: Project) -> None:
    result = compute(project)
    calendar, early = _minutes(result)
    start = calendar.to_minutes(project.start)
    for link in project.links:
        pred_start, pred_finish = early[link.predecessor]
        succ_start, succ_finish = early[link.successor]
        source = pred_finish if link.type in (LinkType.FS, LinkType.FF) else pred_start
        target = succ_finish if link.type in (LinkType.FF, LinkType.SF) else succ_start
        if link.lag_unit is LagUnit.ELAPSED:
            from_finish = link.type in (LinkType.FS, LinkType.FF)
            reached = calendar.add_elapsed(source, link.lag, finish=from_finish)
        else:
            reached = source + link.lag
        assert target >= reached, link
    for uid, (task_start, task_finish) in early.items():
        assert task_start >= start
        assert task_finish - task_start == result.tasks[uid].duration


@settings(max_examples=150, deadline=None)
@given(networks(elapsed_lags=False))
def test_float_is_never_negative_and_the_critical_path_spans_the_project(
    project: Project,
) -> None:
    result = compute(project)
    calendar, early = _minutes(result)
    for times in result.tasks.values():
        assert times.total_float >= 0
        assert 0 <= times.free_float <= times.total_float
        assert times.late_start >= times.early_start
    path = result.critical_path
    assert path
    assert result.tasks[path[0]].early_start == result.start
    assert max(early[uid][1] for uid in path) == calendar.to_minutes(result.finish)
    starts = [early[uid][0] for uid in path]
    assert starts == sorted(starts)
    project_start = calendar.to_minutes(project.start)
    for uid in path:
        chain = driving_path(result, uid)
        assert chain[-1] == uid
        first = chain[0]
        # Every critical task is driven by a critical predecessor or starts the project.
        if len(chain) == 1:
            assert early[uid][0] == project_start or _driven_by_finish_link(project, uid)
        else:
            assert result.tasks[chain[-2]].critical
        assert result.tasks[first].critical


def _driven_by_finish_link(project: Project, uid: int) -> bool:
    """A task held back only through its finish (FF/SF link to a task that started at the
    project start) may start after the project start with no driving link on its start."""
    return any(
        link.successor == uid and link.type in (LinkType.FF, LinkType.SF) for link in project.links
    )


@settings(max_examples=80, deadline=None)
@given(networks(), st.randoms(use_true_random=False))
def test_same_input_same_output_whatever_the_order(project: Project, rng: random.Random) -> None:
    first = compute(project)
    assert compute(project) == first
    tasks = list(project.tasks)
    links = list(project.links)
    rng.shuffle(tasks)
    rng.shuffle(links)
    relinked = compute(Project(start=project.start, tasks=project.tasks, links=links))
    assert relinked == replace(first, project=relinked.project)
    # A new outline order may only reorder critical tasks that start together (in working
    # minutes: a milestone shown at Monday 17:00 starts with a task shown at Tuesday 08:00).
    shuffled = compute(Project(start=project.start, tasks=tasks, links=links))
    assert shuffled.tasks == first.tasks
    assert sorted(shuffled.critical_path) == sorted(first.critical_path)
    _, early = _minutes(first)
    starts = [early[uid][0] for uid in shuffled.critical_path]
    assert starts == sorted(starts)
