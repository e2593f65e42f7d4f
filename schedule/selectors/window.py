"""Which rows of the schedule a page of the task table or the Gantt chart shows.

A schedule of 10,000 tasks is not sent whole: a page holds ``PER_PAGE`` rows of what the
filters let through, in outline order. A collapsed summary task keeps its row and hides every
task under it (the rows are not sent). The state lives in the query string (``page``,
``collapsed``, and the ``TaskFilter`` fields), so every view of the table is a plain link that
works without JavaScript and can be bookmarked.

Finding the window reads one narrow column list of the matching tasks (pk, uid, parent,
summary); only the rows of the window are then read in full. While a filter or a search is
applied, every match is shown whatever is collapsed: a task found must not stay hidden under
its summary task.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Max, Min, QuerySet
from django.http import QueryDict

from schedule.clock import to_engine
from schedule.models import Baseline, BaselineTask, Schedule, Task

PER_PAGE = 200
#: Query string keys of the window itself; every other key is a filter, kept in its links.
WINDOW_KEYS = frozenset({"page", "collapsed", "row", "table"})
#: The tables of the task list, as Microsoft Project names its own: Entry (dates and logic)
#: and Cost (the same with work, cost and actual cost, for whoever may see money).
TABLES = {"entry": "Entry", "cost": "Cost"}
# A URL must stay short enough for servers and browsers: so many summary tasks at most.
_MAX_COLLAPSED = 500


@dataclass(frozen=True)
class WindowQuery:
    """What the query string asks: the page (from 1), the collapsed summary tasks (UIDs) and
    the filters, as given (for the links)."""

    page: int
    collapsed: frozenset[int]
    filters: tuple[tuple[str, str], ...]
    table: str = "entry"

    @classmethod
    def from_params(cls, params: Mapping[str, str] | QueryDict) -> WindowQuery:
        page_text = str(params.get("page") or "1")
        page = int(page_text) if page_text.isdigit() else 1
        collapsed = frozenset(
            int(part)
            for part in str(params.get("collapsed") or "").split(",")[:_MAX_COLLAPSED]
            if part.strip().isdigit()
        )
        if isinstance(params, QueryDict):
            items: Iterable[tuple[str, str]] = (
                (key, value) for key, values in params.lists() for value in values
            )
        else:
            items = params.items()
        filters = tuple((k, v) for k, v in items if k not in WINDOW_KEYS and v != "")
        table = str(params.get("table") or "entry")
        return cls(
            page=max(page, 1),
            collapsed=collapsed,
            filters=filters,
            table=table if table in TABLES else "entry",
        )

    @property
    def entry_url(self) -> str:
        return self.url(table="entry")

    @property
    def cost_url(self) -> str:
        return self.url(table="cost")

    @property
    def filter_keys(self) -> frozenset[str]:
        return frozenset(key for key, _ in self.filters)

    def url(
        self,
        *,
        page: int | None = None,
        collapsed: Iterable[int] | None = None,
        table: str | None = None,
    ) -> str:
        """The query string ("?...") of this view with another page, collapsed set or table."""
        params = QueryDict(mutable=True)
        for key, value in self.filters:
            params.appendlist(key, value)
        chosen_table = self.table if table is None else table
        if chosen_table != "entry":
            params["table"] = chosen_table
        uids = sorted(self.collapsed if collapsed is None else collapsed)
        if uids:
            params["collapsed"] = ",".join(str(uid) for uid in uids)
        chosen = self.page if page is None else page
        if chosen > 1:
            params["page"] = str(chosen)
        text = params.urlencode(safe=",")
        return f"?{text}" if text else "?"


@dataclass(frozen=True)
class TaskWindow:
    """A page of rows: their pks in outline order and where they stand in the whole."""

    query: WindowQuery
    pks: list[int]
    #: Rows the filters and collapsed summary tasks leave (what the pages run through).
    total: int
    #: Every task of the schedule.
    task_count: int
    #: Rows hidden under collapsed summary tasks.
    hidden: int
    page: int
    per_page: int
    filtered: bool
    #: Collapsed summary tasks (UIDs) that have rows to hide.
    collapsed: frozenset[int]

    @property
    def pages(self) -> int:
        return max((self.total + self.per_page - 1) // self.per_page, 1)

    @property
    def first(self) -> int:
        return (self.page - 1) * self.per_page + 1 if self.pks else 0

    @property
    def last(self) -> int:
        return self.first + len(self.pks) - 1 if self.pks else 0

    @property
    def previous_url(self) -> str:
        return self.query.url(page=self.page - 1) if self.page > 1 else ""

    @property
    def next_url(self) -> str:
        return self.query.url(page=self.page + 1) if self.page < self.pages else ""

    @property
    def status(self) -> str:
        """What the page shows, in words: "Rows 201-400 of 10,000"."""
        if not self.total:
            if self.filtered:
                return f"No task matches the filters ({self.task_count:,} tasks in all)."
            return "The schedule has no tasks yet."
        text = f"Rows {self.first:,}-{self.last:,} of {self.total:,}"
        if self.filtered:
            text += f" matching tasks ({self.task_count:,} in all)"
        elif self.hidden:
            text += f" ({self.hidden:,} more under collapsed summary tasks)"
        return text + "."

    def toggle_url(self, uid: int) -> str:
        """The view with summary task ``uid`` collapsed, or expanded if it is collapsed. The
        summary task keeps its place (only rows after it come and go), so the page is kept."""
        collapsed = self.collapsed ^ {uid}
        return self.query.url(collapsed=collapsed)

    @property
    def expand_all_url(self) -> str:
        return self.query.url(collapsed=(), page=1)


def task_window(
    schedule: Schedule,
    matching: QuerySet[Task],
    *,
    query: WindowQuery,
    filtered: bool,
    per_page: int = PER_PAGE,
) -> TaskWindow:
    """The page ``query`` asks of ``matching`` (the schedule's tasks through ``TaskFilter``);
    a page past the end shows the last one. One query, two while filtered (the whole
    count)."""
    rows = list(matching.order_by("position").values_list("pk", "uid", "parent_id", "is_summary"))
    collapsed_used: set[int] = set()
    if filtered or not query.collapsed:
        shown = [pk for pk, *_ in rows]
    else:
        shown = []
        closed: set[int] = set()  # pks whose descendants are hidden
        for pk, uid, parent, summary in rows:
            if parent is not None and parent in closed:
                closed.add(pk)
                continue
            shown.append(pk)
            if summary and uid in query.collapsed:
                closed.add(pk)
                collapsed_used.add(uid)
    task_count = Task.objects.filter(schedule=schedule).count() if filtered else len(rows)
    pages = max((len(shown) + per_page - 1) // per_page, 1)
    page = min(query.page, pages)
    return TaskWindow(
        query=query,
        pks=shown[(page - 1) * per_page : page * per_page],
        total=len(shown),
        task_count=task_count,
        hidden=len(rows) - len(shown) if not filtered else 0,
        page=page,
        per_page=per_page,
        filtered=filtered,
        collapsed=query.collapsed if filtered else frozenset(collapsed_used),
    )


def schedule_span(schedule: Schedule, baseline: Baseline | None) -> list[datetime]:
    """The earliest start and latest finish of the whole schedule (and of its agreed
    baseline): a page of the Gantt chart draws its rows on the timeline of all of them."""
    moments: list[datetime] = []
    spans = [Task.objects.filter(schedule=schedule).aggregate(a=Min("start"), b=Max("finish"))]
    if baseline is not None:
        spans.append(
            BaselineTask.objects.filter(baseline=baseline).aggregate(
                a=Min("start"), b=Max("finish")
            )
        )
    for span in spans:
        for value in (span["a"], span["b"]):
            moment = to_engine(value)
            if moment is not None:
                moments.append(moment)
    return moments
