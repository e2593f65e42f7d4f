"""The critical path method, as Microsoft Project computes it, in integer working minutes.

``compute(project)`` validates the project, converts every date to working minutes once, runs a
forward pass (early dates) fused with Kahn's topological sort, a backward pass (late dates, total
and free float), and converts the results back to datetimes once (``results``). The passes work
on plain lists indexed by node position; the only per-edge work is an addition and a comparison.

The network. Every non-summary task is a node. A summary task that has links, a constraint or
a deadline becomes two nodes: a *gate*, processed before its descendants (the earliest they may
start: its incoming links, its start-no-earlier-than date, its own gate), and a *roll-up*,
processed after them (earliest child start, latest child finish), from which its outgoing links
leave. Other summaries are rolled up after the passes. Each task's edge to the gate and roll-up
of its nearest such summary ancestor carries the rules of Microsoft Project: a link into a
summary holds back everything inside it; a link out of it follows its rolled-up dates.

Choices where Microsoft Project offers several (documented here because reports depend on them):

- A link's constraint is turned, at build time, into a bound on the successor's start:
  finish-to-finish and start-to-finish subtract the successor's duration (its remaining
  duration when in progress). The backward pass mirrors it onto the predecessor's late finish.
  Unlike Microsoft Project, start-to-start and start-to-finish links do constrain the
  predecessor's late dates (textbook CPM: a predecessor that drives a critical task is critical).
- Must start on / must finish on fix both early and late dates (total float 0). Start no later
  than / finish no later than and deadlines only limit late dates, so they can make float
  negative; they never move early dates.
- As late as possible: after a first backward pass, each such task is held to start no
  earlier than its late start and the forward and backward passes run again, so its
  successors move with it and its total float is 0 (the project finish does not move).
- Progress: a task with an actual finish (or 100 % complete) is fixed at its actual dates, and
  its late dates equal its early dates; it is never critical. A task in progress keeps its
  actual start; its remaining duration runs from the latest of the status date, the work done
  so far and what its links allow. A task without progress starts no earlier than the status
  date.
- Total float of a summary task is its rolled-up late finish (latest child late finish) minus
  its rolled-up early finish, as Microsoft Project's TotalSlack; it is critical when that is at
  or below the project's limit. Summaries never appear in the critical path.
- A milestone (zero duration) after the project start is shown at the end of the working
  period it follows (Friday 17:00, as Microsoft Project shows a milestone after a task); at the
  project start it is shown at the start (Monday 08:00).
- Free float is the smallest slack of a task's outgoing links with early dates; a task without
  links out has free float up to the project finish. It never exceeds the total float and is
  never negative.
- Elapsed lags are counted from a start's first working minute or a finish's last one and
  rounded to the next working minute; the backward pass takes the latest predecessor date that
  still satisfies the link.
"""

from __future__ import annotations

import gc
from collections.abc import Sequence
from datetime import date, timedelta

from .calendar import FAR, OnClock, WorkCalendar, shared_calendar
from .errors import DependencyLoop, Problem, ScheduleError
from .lanes import Shape, WorkPlan, plan_work
from .model import (
    CalendarSpec,
    Constraint,
    LagUnit,
    Link,
    LinkType,
    Project,
    Result,
    Task,
)
from .results import build_result

# Node kinds.
_PLAIN = 0  # a task whose dates follow its links alone
_SPECIAL = 1  # a task with a constraint, a deadline, progress or manual scheduling
_GATE = 2  # where a summary's descendants may start
_ROLLUP = 3  # a summary's rolled-up start and finish

# Enum members the passes compare with, read once: on Python 3.11 reading a member off its
# class goes through ``EnumType.__getattr__``, ten times the cost of reading a global.
_ASAP, _ALAP = Constraint.ASAP, Constraint.ALAP
_SNET, _SNLT, _FNET, _FNLT = Constraint.SNET, Constraint.SNLT, Constraint.FNET, Constraint.FNLT
_MSO, _MFO = Constraint.MSO, Constraint.MFO
_ELAPSED = LagUnit.ELAPSED

_DATED = frozenset({_SNET, _SNLT, _FNET, _FNLT, _MSO, _MFO})


def _label(task: Task) -> str:
    return f"{task.name or 'Task'} (UID {task.uid})"


class _Special:
    """What makes a task other than plain, in working minutes. Few tasks have one."""

    __slots__ = (
        "alap_floor",
        "constraint",
        "constraint_at",
        "deadline_at",
        "done",
        "done_work",
        "fixed_finish",
        "fixed_start",
        "in_progress",
        "lanes_only",
        "manual_start",
        "percent",
        "remaining",
        "shape",
    )

    def __init__(self) -> None:
        self.constraint = _ASAP
        self.constraint_at = 0
        self.deadline_at: int | None = None
        self.done = False
        self.in_progress = False
        self.fixed_start: int | None = None  # actual start
        self.fixed_finish: int | None = None  # actual finish
        self.remaining = 0
        self.done_work = 0
        self.manual_start: int | None = None
        self.alap_floor: int | None = None
        #: A task on other hours than the clock's: its dates come through its lanes.
        self.shape: Shape | None = None
        self.percent = 0
        #: Its lanes alone set its dates: no progress, manual start, constraint or deadline.
        self.lanes_only = False


def _task_problems(task: Task, summary: bool) -> list[Problem]:
    name = _label(task)
    problems = []
    if not 0 <= task.percent_complete <= 100:
        problems.append(
            Problem(
                f"{name}: percent complete must be between 0 and 100, not {task.percent_complete}.",
                task.uid,
            )
        )
    if task.constraint in _DATED and task.constraint_date is None:
        problems.append(
            Problem(f"{name}: the constraint {task.constraint.name} needs a date.", task.uid)
        )
    if summary:
        return problems
    if task.duration < 0:
        problems.append(Problem(f"{name}: the duration cannot be negative.", task.uid))
    if task.milestone and task.duration != 0:
        problems.append(
            Problem(
                f"{name}: a milestone has no duration; clear the milestone flag or set the "
                f"duration to 0 (it is {task.duration} minutes).",
                task.uid,
            )
        )
    if task.actual_finish is not None and task.actual_start is None:
        problems.append(Problem(f"{name}: an actual finish needs an actual start.", task.uid))
    if (
        task.actual_finish is not None
        and task.actual_start is not None
        and task.actual_finish < task.actual_start
    ):
        problems.append(Problem(f"{name}: the actual finish is before the actual start.", task.uid))
    return problems


def _link_problems(
    link: Link, tasks: Sequence[Task], pred: int | None, succ: int | None
) -> list[Problem]:
    problems = []
    if pred is None:
        about = f" of {_label(tasks[succ])}" if succ is not None else ""
        problems.append(
            Problem(
                f"The predecessor UID {link.predecessor}{about} is not a task.",
                link.successor if succ is not None else None,
            )
        )
    if succ is None:
        about = f" of {_label(tasks[pred])}" if pred is not None else ""
        problems.append(
            Problem(
                f"The successor UID {link.successor}{about} is not a task.",
                link.predecessor if pred is not None else None,
            )
        )
    if pred is None or succ is None:
        return problems
    if pred == succ:
        problems.append(Problem(f"{_label(tasks[pred])} is linked to itself.", link.predecessor))
    else:
        problems.append(
            Problem(
                f"{_label(tasks[pred])} → {_label(tasks[succ])}: a summary task cannot be "
                f"the successor of a {link.type.value} link (only FS or SS).",
                link.successor,
            )
        )
    return problems


def _validate(
    project: Project,
) -> tuple[list[int], list[bool], list[tuple[int, int]]]:
    """Each task's parent position, which tasks are summaries, each link's predecessor and
    successor positions; raises
    ``ScheduleError`` listing every fault found."""
    tasks = project.tasks
    problems: list[Problem] = []
    index_of: dict[int, int] = {}
    for position, task in enumerate(tasks):
        if task.uid in index_of:
            problems.append(Problem(f"{_label(task)}: another task has the same UID.", task.uid))
        else:
            index_of[task.uid] = position
    parent_of = [-1] * len(tasks)
    summary = [False] * len(tasks)
    for position, task in enumerate(tasks):
        if task.parent is None:
            continue
        parent = index_of.get(task.parent)
        if parent is None:
            problems.append(
                Problem(f"{_label(task)}: its parent UID {task.parent} is not a task.", task.uid)
            )
        elif parent >= position:
            problems.append(
                Problem(
                    f"{_label(task)}: its parent {_label(tasks[parent])} must come before it "
                    "in outline order.",
                    task.uid,
                )
            )
        else:
            parent_of[position] = parent
            summary[parent] = True
    for position, task in enumerate(tasks):
        if (
            not 0 <= task.percent_complete <= 100
            or (task.constraint_date is None and task.constraint in _DATED)
            or (
                not summary[position]
                and (
                    task.duration < 0
                    or (task.milestone and task.duration)
                    or task.actual_finish is not None
                )
            )
        ):
            problems.extend(_task_problems(task, summary[position]))
    ends: list[tuple[int, int]] = []
    record = ends.append
    find = index_of.get
    refused = (LinkType.FF, LinkType.SF)
    for link in project.links:
        pred = find(link.predecessor)
        succ = find(link.successor)
        if pred is None or succ is None or pred == succ or (summary[succ] and link.type in refused):
            problems.extend(_link_problems(link, tasks, pred, succ))
        else:
            record((pred, succ))
    if problems:
        raise ScheduleError(problems)
    return parent_of, summary, ends


def compute(project: Project) -> Result:
    """Schedule ``project``: early and late dates, floats, the critical path.

    The cyclic garbage collector is paused meanwhile: the engine allocates hundreds of thousands
    of small acyclic objects (tuples, datetimes, results), and collecting while they are made
    costs a third of the run on a large schedule.
    """
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _compute(project)
    finally:
        if collecting:
            gc.enable()


def _compute(project: Project) -> Result:
    tasks = project.tasks
    n = len(tasks)
    parent_of, summary, ends = _validate(project)
    plan = plan_work(project, summary)
    if plan.problems:
        raise ScheduleError(plan.problems)
    origin = project.start.date()
    calendar = shared_calendar(plan.clock, origin)
    hours = _on_clock(plan, calendar, origin)
    to_minutes = calendar.to_minutes
    start_at = to_minutes(project.start)
    status_at = to_minutes(project.status_date) if project.status_date is not None else None

    # Which summaries need nodes of their own: those with links, a constraint or a deadline.
    links = project.links
    active = [False] * n
    if any(summary):
        for pred, succ in ends:
            if summary[pred]:
                active[pred] = True
            if summary[succ]:
                active[succ] = True
        for position, task in enumerate(tasks):
            if summary[position] and (task.constraint is not _ASAP or task.deadline is not None):
                active[position] = True

    # Node numbering: task i is node i (the gate, for an active summary); roll-ups follow.
    rollup_of = [-1] * n
    node_task: list[int] = list(range(n))
    for position in range(n):
        if active[position]:
            rollup_of[position] = len(node_task)
            node_task.append(position)
    size = len(node_task)
    kind = [_PLAIN] * size
    for position in range(n):
        if summary[position]:
            kind[position] = _GATE
    for position in range(n, size):
        kind[position] = _ROLLUP

    # Durations, progress, constraints.
    base = [start_at] * size  # earliest start before links
    tail = [0] * size  # minutes from the bounded point (start, or resumption) to the finish
    specials: dict[int, _Special] = {}
    gate_floor: dict[int, int] = {}
    summary_limits: dict[int, tuple[int | None, int | None]] = {}  # finish, start
    floor = start_at if status_at is None or status_at < start_at else status_at
    for position, task in enumerate(tasks):
        if summary[position]:
            if not active[position]:
                continue
            at = to_minutes(task.constraint_date) if task.constraint_date is not None else None
            finish_limit = to_minutes(task.deadline) if task.deadline is not None else None
            start_limit = None
            if at is not None:
                if task.constraint in (_SNET, _MSO):
                    gate_floor[position] = at
                elif task.constraint in (_FNLT, _MFO):
                    finish_limit = at if finish_limit is None else min(finish_limit, at)
                elif task.constraint is _SNLT:
                    start_limit = at
            summary_limits[rollup_of[position]] = (finish_limit, start_limit)
            continue
        duration = plan.durations[position]
        tail[position] = duration
        special: _Special | None = None
        started = task.actual_start is not None or task.percent_complete > 0
        if plan.shaped[position]:
            lanes = plan.lanes[position]
            assert lanes is not None
            for lane in lanes:
                lane.hours = hours[lane.spec]
            special = _Special()
            special.shape = Shape(lanes)
            special.percent = task.percent_complete
        if task.manual and task.start is not None:
            special = special or _Special()
            special.manual_start = to_minutes(task.start)
        elif started:
            special = special or _Special()
            if task.actual_start is not None:
                special.fixed_start = to_minutes(task.actual_start)
            if task.actual_finish is not None or task.percent_complete >= 100:
                special.done = True
                if task.actual_finish is not None:
                    special.fixed_finish = to_minutes(task.actual_finish)
            else:
                special.in_progress = True
                remaining = (duration * (100 - task.percent_complete) + 50) // 100
                special.remaining = remaining
                special.done_work = duration - remaining
                tail[position] = remaining
        else:
            base[position] = floor
        if task.constraint is not _ASAP or task.deadline is not None:
            if special is None:
                special = _Special()
            special.constraint = task.constraint
            if task.constraint_date is not None:
                special.constraint_at = to_minutes(task.constraint_date)
            if task.deadline is not None:
                special.deadline_at = to_minutes(task.deadline)
        if special is not None:
            specials[position] = special
            kind[position] = _SPECIAL
            special.lanes_only = special.shape is not None and not (
                (task.manual and task.start is not None)
                or started
                or task.constraint is not _ASAP
                or task.deadline is not None
            )

    # Edges. Forward lists hold (successor node, offset) so that the successor's bounded point
    # is at least the predecessor's start or finish plus the offset; backward lists hold the
    # negated offset. Hierarchy: gate -> member (start-to-start, no lag), member -> roll-up.
    succ_from_start: list[list[tuple[int, int]]] = [[] for _ in range(size)]
    succ_from_finish: list[list[tuple[int, int]]] = [[] for _ in range(size)]
    pred_to_start: list[list[tuple[int, int]]] = [[] for _ in range(size)]
    pred_to_finish: list[list[tuple[int, int]]] = [[] for _ in range(size)]
    succ_elapsed: dict[int, list[_SlowEdge]] = {}
    pred_elapsed: dict[int, list[_SlowEdge]] = {}
    roll_parent = [-1] * size
    roll_members: dict[int, list[int]] = {}
    indeg = [0] * size
    nearest = [-1] * n  # nearest active summary ancestor
    for position in range(n):
        parent = parent_of[position]
        if parent >= 0:
            nearest[position] = parent if active[parent] else nearest[parent]
        if summary[position] and not active[position]:
            continue
        holder = nearest[position]
        if holder < 0:
            continue
        succ_from_start[holder].append((position, 0))
        pred_to_start[position].append((holder, 0))
        indeg[position] += 1
        out = rollup_of[position] if summary[position] else position
        rollup = rollup_of[holder]
        roll_parent[out] = rollup
        roll_members.setdefault(rollup, []).append(out)
        indeg[rollup] += 1
    fs, ff, sf = LinkType.FS, LinkType.FF, LinkType.SF
    # Links that plain arithmetic cannot carry go the slow way, through datetimes: elapsed
    # lags, working lags when the clock is not the project calendar (lags count on the
    # project calendar), a finish bound on a shaped successor, a shaped predecessor's start.
    other_clock = plan.clock != project.calendar
    shaped = {position for position, special in specials.items() if special.shape is not None}
    for link, (pred, succ) in zip(links, ends, strict=True):
        if summary[pred]:
            pred = rollup_of[pred]
        link_type = link.type
        from_finish = link_type is fs or link_type is ff
        to_finish = link_type is ff or link_type is sf
        indeg[succ] += 1
        elapsed = link.lag_unit is _ELAPSED
        if (
            elapsed
            or (link.lag and other_clock)
            or (to_finish and succ in shaped)
            or (not from_finish and pred in shaped)
        ):
            succ_elapsed.setdefault(pred, []).append(
                (succ, from_finish, to_finish, link.lag, elapsed)
            )
            pred_elapsed.setdefault(succ, []).append(
                (pred, from_finish, to_finish, link.lag, elapsed)
            )
            continue
        offset = link.lag - tail[succ] if to_finish else link.lag
        if from_finish:
            succ_from_finish[pred].append((succ, offset))
            pred_to_finish[succ].append((pred, -offset))
        else:
            succ_from_start[pred].append((succ, offset))
            pred_to_start[succ].append((pred, -offset))

    used = [v for v in range(size) if not (v < n and summary[v] and not active[v])]
    net = _Network()
    net.calendar = calendar
    net.lags = hours[project.calendar]
    net.size = size
    net.used = used
    net.kind = kind
    net.base = base
    net.tail = tail
    net.indeg = indeg
    net.specials = specials
    net.gate_floor = gate_floor
    net.summary_limits = summary_limits
    net.status_at = status_at
    net.succ_from_start = succ_from_start
    net.succ_from_finish = succ_from_finish
    net.pred_to_start = pred_to_start
    net.pred_to_finish = pred_to_finish
    net.succ_elapsed = succ_elapsed
    net.pred_elapsed = pred_elapsed
    net.roll_parent = roll_parent
    net.roll_members = roll_members
    es = net.es = [0] * size
    ef = net.ef = [0] * size
    ls = net.ls = [0] * size
    lf = net.lf = [0] * size

    order = _forward(net)
    if len(order) < len(used):
        raise _loop(project, order, net, node_task)
    finish_at = start_at
    for v in used:
        if kind[v] != _GATE and ef[v] > finish_at:
            finish_at = ef[v]
    free = _backward(net, order, finish_at)

    alap = [
        u
        for u, special in specials.items()
        if special.constraint is _ALAP
        and not special.done
        and not special.in_progress
        and special.manual_start is None
    ]
    if alap:
        for u in alap:
            specials[u].alap_floor = ls[u]
        order = _forward(net)
        free = _backward(net, order, finish_at)

    return build_result(
        project,
        plan,
        hours,
        calendar,
        start_at,
        finish_at,
        summary,
        parent_of,
        rollup_of,
        specials,
        es,
        ef,
        ls,
        lf,
        free,
    )


#: A link the passes carry through datetimes: (the node at its other end, from the
#: predecessor's finish, to the successor's finish, lag, lag in elapsed time).
_SlowEdge = tuple[int, bool, bool, int, bool]


class _Network:
    """The arrays both passes share, indexed by node."""

    calendar: WorkCalendar
    #: The calendar working lags count on, when it is not the clock.
    lags: OnClock | None
    size: int
    used: list[int]
    kind: list[int]
    base: list[int]
    tail: list[int]
    indeg: list[int]
    specials: dict[int, _Special]
    gate_floor: dict[int, int]
    summary_limits: dict[int, tuple[int | None, int | None]]
    status_at: int | None
    succ_from_start: list[list[tuple[int, int]]]
    succ_from_finish: list[list[tuple[int, int]]]
    pred_to_start: list[list[tuple[int, int]]]
    pred_to_finish: list[list[tuple[int, int]]]
    succ_elapsed: dict[int, list[_SlowEdge]]
    pred_elapsed: dict[int, list[_SlowEdge]]
    roll_parent: list[int]
    roll_members: dict[int, list[int]]
    es: list[int]
    ef: list[int]
    ls: list[int]
    lf: list[int]


def _forward(net: _Network) -> list[int]:
    """Early dates, computed in Kahn's topological order; returns the order, which is shorter
    than ``net.used`` when the links run in a loop."""
    size = net.size
    kind = net.kind
    tail = net.tail
    specials = net.specials
    gate_floor = net.gate_floor
    status_at = net.status_at
    succ_from_start = net.succ_from_start
    succ_from_finish = net.succ_from_finish
    succ_elapsed = net.succ_elapsed
    roll_parent = net.roll_parent
    es = net.es
    ef = net.ef
    finish_bound: dict[int, int] = {}
    remaining_in = net.indeg[:]
    bound = net.base[:]
    low = [FAR] * size
    high = [-FAR] * size
    stack = [v for v in reversed(net.used) if not remaining_in[v]]
    pop = stack.pop
    push = stack.append
    order: list[int] = []
    record = order.append
    while stack:
        u = pop()
        record(u)
        k = kind[u]
        if k == _PLAIN:
            s = bound[u]
            f = s + tail[u]
        elif k == _SPECIAL:
            special = specials[u]
            shape = special.shape
            if shape is None:
                s, f = _forward_special(special, bound[u], tail[u], status_at)
            elif special.lanes_only and u not in finish_bound:
                s, f = shape.forward(bound[u])
            else:
                s, f = _forward_shaped(special, bound[u], finish_bound.get(u), status_at)
        elif k == _GATE:
            s = bound[u]
            s = f = max(s, gate_floor.get(u, s))
        else:
            s = low[u]
            f = high[u]
        es[u] = s
        ef[u] = f
        for w, offset in succ_from_start[u]:
            v = s + offset
            if v > bound[w]:
                bound[w] = v
            d = remaining_in[w] - 1
            remaining_in[w] = d
            if not d:
                push(w)
        for w, offset in succ_from_finish[u]:
            v = f + offset
            if v > bound[w]:
                bound[w] = v
            d = remaining_in[w] - 1
            remaining_in[w] = d
            if not d:
                push(w)
        if u in succ_elapsed:
            for w, from_finish, to_finish, lag, elapsed in succ_elapsed[u]:
                v = _reach(net, f if from_finish else s, lag, from_finish, to_finish, elapsed)
                if to_finish:
                    if kind[w] == _SPECIAL and specials[w].shape is not None:
                        if v > finish_bound.get(w, -FAR):
                            finish_bound[w] = v
                        v = -FAR
                    else:
                        v -= tail[w]
                if v > bound[w]:
                    bound[w] = v
                d = remaining_in[w] - 1
                remaining_in[w] = d
                if not d:
                    push(w)
        r = roll_parent[u]
        if r >= 0:
            if s < low[r]:
                low[r] = s
            if f > high[r]:
                high[r] = f
            d = remaining_in[r] - 1
            remaining_in[r] = d
            if not d:
                push(r)
    return order


def _reach(
    net: _Network, source: int, lag: int, from_finish: bool, to_finish: bool, elapsed: bool
) -> int:
    """Where a link's lag, counted from ``source`` (a start or a finish on the clock), ends."""
    clock = net.calendar
    if elapsed:
        return clock.add_elapsed(source, lag, finish=from_finish)
    lags = net.lags
    if not lag or lags is None:
        return source + lag
    reached = lags.minutes(source) + lag
    return lags.finish(reached) if to_finish else lags.start(reached)


def _latest_working_source(
    net: _Network, target: int, lag: int, from_finish: bool, to_finish: bool
) -> int:
    """The latest predecessor date whose working lag still reaches no later than ``target``."""
    lags = net.lags
    if not lag or lags is None:
        return target - lag
    source = lags.minutes(target) - lag
    return lags.finish(source) if from_finish else lags.start(source)


def _latest_source(calendar: WorkCalendar, target: int, from_finish: bool, lag: int) -> int:
    """The latest predecessor date (start or finish) whose elapsed lag still reaches no later
    than ``target``."""
    moment = calendar.to_datetime(target, finish=False) - timedelta(minutes=lag)
    source = calendar.to_minutes(moment)
    while calendar.add_elapsed(source, lag, finish=from_finish) > target:
        source -= 1
    return source


def _backward(net: _Network, order: list[int], finish_at: int) -> list[int]:
    """Late dates, in reverse topological order; returns each node's free float (the least
    slack of its outgoing links with early dates; ``FAR`` when it has none)."""
    size = net.size
    kind = net.kind
    tail = net.tail
    specials = net.specials
    summary_limits = net.summary_limits
    pred_to_start = net.pred_to_start
    pred_to_finish = net.pred_to_finish
    pred_elapsed = net.pred_elapsed
    roll_members = net.roll_members
    calendar = net.calendar
    es = net.es
    ef = net.ef
    ls = net.ls
    lf = net.lf
    free = [FAR] * size
    span = [0] * size
    for v in order:
        span[v] = ef[v] - es[v]
    limit = [finish_at] * size
    for u in reversed(order):
        k = kind[u]
        f = limit[u]
        shape = None
        if k == _SPECIAL:
            special = specials[u]
            shape = special.shape
            if shape is None:
                f = _backward_special(special, f, span[u], ef[u])
        elif k == _ROLLUP:
            finish_limit, start_limit = summary_limits[u]
            if finish_limit is not None and finish_limit < f:
                f = finish_limit
            if start_limit is not None and start_limit + span[u] < f:
                f = start_limit + span[u]
        if shape is not None:
            if special.lanes_only:
                late_point, f = shape.backward(f)
                ls[u] = late_point
            else:
                late_point, ls[u], f = _backward_shaped(special, f, es[u], ef[u])
            lf[u] = f
            early_point = es[u]
        else:
            lf[u] = f
            if k <= _SPECIAL:
                late_point = f - tail[u]
                early_point = ef[u] - tail[u]
            else:
                late_point = f - span[u]
                early_point = es[u]
            ls[u] = f - span[u]
        for p, offset in pred_to_finish[u]:
            v = late_point + offset
            if v < limit[p]:
                limit[p] = v
            v = early_point + offset - ef[p]
            if v < free[p]:
                free[p] = v
        for p, offset in pred_to_start[u]:
            v = late_point + offset
            if v + span[p] < limit[p]:
                limit[p] = v + span[p]
            v = early_point + offset - es[p]
            if v < free[p]:
                free[p] = v
        if u in pred_elapsed:
            for p, from_finish, to_finish, lag, elapsed in pred_elapsed[u]:
                target = f if to_finish else late_point
                if elapsed:
                    v = _latest_source(calendar, target, from_finish, lag)
                else:
                    v = _latest_working_source(net, target, lag, from_finish, to_finish)
                if not from_finish:
                    source_shape = specials[p].shape if kind[p] == _SPECIAL else None
                    v = source_shape.dates(v)[1] if source_shape is not None else v + span[p]
                if v < limit[p]:
                    limit[p] = v
                reached = _reach(
                    net, ef[p] if from_finish else es[p], lag, from_finish, to_finish, elapsed
                )
                v = (ef[u] if to_finish else early_point) - reached
                if v < free[p]:
                    free[p] = v
        if k == _ROLLUP:
            for member in roll_members[u]:
                if f < limit[member]:
                    limit[member] = f
    return free


def _forward_special(
    special: _Special, bound: int, tail: int, status_at: int | None
) -> tuple[int, int]:
    """Early start and finish of a task that is not plain."""
    if special.manual_start is not None:
        return special.manual_start, special.manual_start + tail
    if special.done:
        start = special.fixed_start if special.fixed_start is not None else bound
        finish = special.fixed_finish if special.fixed_finish is not None else start + tail
        return start, finish
    if special.in_progress:
        # ``bound`` is where links allow the remaining work to resume.
        start = special.fixed_start if special.fixed_start is not None else bound
        resume = max(bound, start + special.done_work)
        if status_at is not None and status_at > resume:
            resume = status_at
        return start, resume + special.remaining
    constraint = special.constraint
    at = special.constraint_at
    start = bound
    if constraint is _SNET:
        start = max(start, at)
    elif constraint is _FNET:
        start = max(start, at - tail)
    elif constraint is _MSO:
        start = at
    elif constraint is _MFO:
        start = at - tail
    if special.alap_floor is not None and special.alap_floor > start:
        start = special.alap_floor
    return start, start + tail


def _forward_shaped(
    special: _Special, bound: int, finish_bound: int | None, status_at: int | None
) -> tuple[int, int]:
    """Early start and finish of a shaped task: where its lanes begin and end."""
    shape = special.shape
    assert shape is not None
    if special.manual_start is not None:
        return shape.forward(special.manual_start)
    if special.done:
        start = special.fixed_start if special.fixed_start is not None else bound
        if special.fixed_finish is not None:
            return start, special.fixed_finish
        return start, shape.forward(start)[1]
    if finish_bound is not None:
        bound = max(bound, shape.start_for_finish(finish_bound))
    if special.in_progress:
        start = special.fixed_start if special.fixed_start is not None else bound
        resume = max(bound, start)
        if status_at is not None and status_at > resume:
            resume = status_at
        return start, shape.forward(resume, special.percent)[1]
    constraint = special.constraint
    at = special.constraint_at
    start = bound
    if constraint is _SNET:
        start = max(start, at)
    elif constraint is _FNET:
        start = max(start, shape.start_for_finish(at))
    elif constraint is _MSO:
        start = at
    elif constraint is _MFO:
        start = shape.start_for_finish(at)
    if special.alap_floor is not None and special.alap_floor > start:
        start = special.alap_floor
    return shape.forward(start)


def _backward_shaped(
    special: _Special, limit: int, early_start: int, early_finish: int
) -> tuple[int, int, int]:
    """Late point (where its links' late dates are read), late start and late finish of a
    shaped task."""
    shape = special.shape
    assert shape is not None
    if special.done:
        return early_start, early_start, early_finish
    constraint = special.constraint
    at = special.constraint_at
    if special.manual_start is None and not special.in_progress:
        if constraint is _MSO:
            start, finish = shape.dates(at)
            return start, start, finish
        if constraint is _MFO:
            start, finish = shape.backward(at)
            return start, start, finish
        if constraint is _SNLT:
            limit = min(limit, shape.dates(at)[1])
        elif constraint is _FNLT:
            limit = min(limit, at)
    if special.deadline_at is not None:
        limit = min(limit, special.deadline_at)
    if special.in_progress:
        resume, finish = shape.backward(limit, special.percent)
        return resume, early_start + (finish - early_finish), finish
    start, finish = shape.backward(limit)
    return start, start, finish


def _backward_special(special: _Special, limit: int, span: int, early_finish: int) -> int:
    """Late finish of a task that is not plain."""
    if special.done:
        return early_finish
    constraint = special.constraint
    at = special.constraint_at
    if special.manual_start is None and not special.in_progress:
        if constraint is _MSO:
            return at + span
        if constraint is _MFO:
            return at
        if constraint is _SNLT:
            limit = min(limit, at + span)
        elif constraint is _FNLT:
            limit = min(limit, at)
    if special.deadline_at is not None:
        limit = min(limit, special.deadline_at)
    return limit


def _loop(
    project: Project, order: list[int], net: _Network, node_task: list[int]
) -> DependencyLoop:
    """One actual cycle among the nodes Kahn's sort could not place, in link order."""
    placed = set(order)
    left = [v for v in net.used if v not in placed]
    succ_from_start = net.succ_from_start
    succ_from_finish = net.succ_from_finish
    succ_elapsed = net.succ_elapsed
    roll_parent = net.roll_parent
    remaining = set(left)
    preds: dict[int, list[int]] = {v: [] for v in left}
    for u in left:
        targets = [w for w, _ in succ_from_start[u]] + [w for w, _ in succ_from_finish[u]]
        targets += [w for w, *_ in succ_elapsed.get(u, ())]
        if roll_parent[u] >= 0:
            targets.append(roll_parent[u])
        for w in targets:
            if w in remaining:
                preds[w].append(u)
    seen: dict[int, int] = {}
    walk: list[int] = []
    v = left[0]
    while v not in seen:
        seen[v] = len(walk)
        walk.append(v)
        v = min(preds[v])
    cycle_nodes = list(reversed(walk[seen[v] :]))
    tasks = project.tasks
    uids: list[int] = []
    for node in cycle_nodes:
        uid = tasks[node_task[node]].uid
        if not uids or uids[-1] != uid:
            uids.append(uid)
    if len(uids) > 1 and uids[0] == uids[-1]:
        uids.pop()
    first = uids.index(min(uids))
    uids = uids[first:] + uids[:first]
    names = {task.uid: task.name for task in tasks if task.uid in set(uids)}
    return DependencyLoop(uids, names)


def _on_clock(
    plan: WorkPlan, clock: WorkCalendar, origin: date
) -> dict[CalendarSpec, OnClock | None]:
    """Every calendar of the plan read on the clock (``None`` for the clock itself), from
    calendars kept between computations."""
    out: dict[CalendarSpec, OnClock | None] = {plan.clock: None}
    for spec in plan.specs:
        if spec not in out:
            out[spec] = shared_calendar(spec, origin).on(clock)
    return out


def driving_path(result: Result, uid: int) -> tuple[int, ...]:
    """The chain of driving predecessors that sets the early start of task ``uid``, from the
    first task to ``uid`` itself. A link drives when it leaves no slack (with early dates).
    A link into a summary drives its members; a link out of a summary is followed into the
    member that sets the summary's date. Summaries themselves are not listed."""
    project = result.project
    tasks = {task.uid: task for task in project.tasks}
    if uid not in tasks:
        raise ScheduleError([Problem(f"UID {uid} is not a task of this schedule.", uid)])
    calendar = shared_calendar(project.calendar, project.start.date())
    to_minutes = calendar.to_minutes
    times = result.tasks
    children: dict[int, list[int]] = {}
    for task in project.tasks:
        if task.parent is not None:
            children.setdefault(task.parent, []).append(task.uid)
    incoming: dict[int, list[Link]] = {}
    for link in project.links:
        incoming.setdefault(link.successor, []).append(link)

    def early(of: int, finish: bool) -> int:
        entry = times[of]
        return to_minutes(entry.early_finish if finish else entry.early_start)

    def member_setting(of: int, finish: bool) -> int:
        """Descend from a summary to the non-summary task that sets its rolled-up date."""
        while of in children:
            wanted = early(of, finish)
            of = next(c for c in children[of] if early(c, finish) == wanted)
        return of

    def driver(of: int) -> int | None:
        entry = times[of]
        start = to_minutes(entry.early_start)
        finish = to_minutes(entry.early_finish)
        holders = [of]
        parent = tasks[of].parent
        while parent is not None:
            holders.append(parent)
            parent = tasks[parent].parent
        for holder in holders:
            for link in sorted(incoming.get(holder, ()), key=lambda x: x.predecessor):
                from_finish = link.type in (LinkType.FS, LinkType.FF)
                to_finish = link.type in (LinkType.FF, LinkType.SF)
                source = early(link.predecessor, from_finish)
                if link.lag_unit is LagUnit.ELAPSED:
                    reached = calendar.add_elapsed(source, link.lag, finish=from_finish)
                else:
                    reached = source + link.lag
                if (finish if to_finish else start) == reached:
                    return member_setting(link.predecessor, from_finish)
        return None

    path = [uid]
    seen = {uid}
    current: int | None = driver(uid)
    while current is not None and current not in seen:
        path.append(current)
        seen.add(current)
        current = driver(current)
    return tuple(reversed(path))
