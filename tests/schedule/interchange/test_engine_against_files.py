"""The engine against Microsoft Project: each file Microsoft Project saved is computed again and
its auto-scheduled, non-summary tasks must get the dates, total float and criticality Microsoft
Project wrote, and its assignments the start, finish and cost (resource calendars, units, rates
and cost per use as the file gives them; durations derived from work and units, not read).
Every known difference is listed below with its reason; nothing is skipped."""

from __future__ import annotations

from datetime import datetime

import pytest

from schedule.engine.calendar import WorkCalendar
from schedule.engine.cost import costs
from schedule.engine.cpm import compute
from schedule.interchange.data import ScheduleData
from schedule.interchange.mspdi import read_mspdi
from tests.shared_data import MSPDI_DIR, needs_mspdi

#: Files Microsoft Project itself saved (SOURCES.tsv); the others were written by exporters
#: whose computed values are not Microsoft Project's (Aspose's file is literally "not updated").
MS_PROJECT_FILES = (
    "mpxj__task-links-project2019-mspdi.xml",
    "mpxj__sample.xml",
    "mpxj__mspdirelations.xml",
    "mpxj__task-durations-project2019-mspdi.xml",
    "mpxj__calendar-recurring-exceptions-project2016-mspdi.xml",
    "mpxj__mspdinulltasks.xml",
)

_SAME_MOMENT = (
    "the same working minute: Microsoft Project writes 08:00 of the next working day where "
    "the engine writes 17:00 of the day before (a finish moment)"
)

#: (file, task UID, field) -> reason. Each is still checked: the two values must be the same
#: working minute.
SAME_WORKING_MINUTE: dict[tuple[str, int, str], str] = {
    ("mpxj__mspdirelations.xml", 5, "early_finish"): "SF link: " + _SAME_MOMENT,
    ("mpxj__sample.xml", 21, "early_finish"): "SF link: " + _SAME_MOMENT,
}

FIELDS = ("early_start", "early_finish", "late_start", "late_finish")

pytestmark = needs_mspdi


def _prepared(name: str) -> ScheduleData:
    """The file as read: tasks, links, calendars, resources and assignments, nothing given
    to the engine that the file does not say."""
    return read_mspdi((MSPDI_DIR / name).read_bytes(), source=name)


@pytest.mark.parametrize("name", MS_PROJECT_FILES)
def test_engine_matches_microsoft_project(name: str) -> None:
    data = _prepared(name)
    result = compute(data.to_project())
    calendar = WorkCalendar(data.calendar)
    summaries = {r.task.parent for r in data.records if r.task.parent is not None}
    mismatches = []
    compared = 0
    for record in data.records:
        task = record.task
        if task.manual or task.uid in summaries:
            continue
        compared += 1
        expected = record.file_values
        got = result.tasks[task.uid]
        for field in FIELDS:
            want: datetime | None = getattr(expected, field)
            have: datetime = getattr(got, field)
            if want is None or want == have:
                continue
            if (name, task.uid, field) in SAME_WORKING_MINUTE:
                assert calendar.to_minutes(want) == calendar.to_minutes(have), (task.uid, field)
                continue
            mismatches.append(f"UID {task.uid} {field}: Project {want}, engine {have}")
        if expected.total_slack is not None and expected.total_slack != got.total_float:
            mismatches.append(
                f"UID {task.uid} total float: Project {expected.total_slack} min, "
                f"engine {got.total_float} min"
            )
        if expected.critical is not None and expected.critical != got.critical:
            mismatches.append(
                f"UID {task.uid} critical: Project {expected.critical}, engine {got.critical}"
            )
    priced = costs(data.to_project(), result)
    for assigned in data.assignments:
        expected_dates = assigned.file_values
        cost = priced.assignments[assigned.assignment.uid].cost
        if expected_dates.cost is not None and expected_dates.cost != cost:
            mismatches.append(
                f"assignment UID {assigned.assignment.uid} cost: Project {expected_dates.cost}, "
                f"engine {cost}"
            )
        dated = result.assignments[assigned.assignment.uid]
        for field in ("start", "finish"):
            want = getattr(expected_dates, field)
            if want is not None and want != getattr(dated, field):
                mismatches.append(
                    f"assignment UID {assigned.assignment.uid} {field}: Project {want}, "
                    f"engine {getattr(dated, field)}"
                )
    assert not mismatches, "\n".join(mismatches)
    if name in {"mpxj__sample.xml", "mpxj__mspdirelations.xml", "mpxj__mspdinulltasks.xml"}:
        assert compared > 0  # these files have auto-scheduled tasks to compare


def test_every_listed_difference_is_still_needed() -> None:
    """A table entry the engine no longer needs would hide a regression elsewhere."""
    for (name, uid, field), _reason in SAME_WORKING_MINUTE.items():
        data = _prepared(name)
        result = compute(data.to_project())
        record = next(r for r in data.records if r.task.uid == uid)
        assert getattr(record.file_values, field) != getattr(result.tasks[uid], field)
