"""Schedules for tests: a small IMS with summary tasks, milestones, every link type and a lag,
imported through the service as a provider program manager would."""

from __future__ import annotations

from datetime import datetime

from django.contrib.auth.models import User

from programs.models import Program
from schedule.engine.model import CalendarSpec, LagUnit, Link, LinkType, Task
from schedule.interchange.data import ScheduleData, TaskRecord
from schedule.models import Schedule

DAY = 480  # working minutes
PARTIES = ("customer", "provider", "shared")


def sample_schedule_data(name: str = "Alpha IMS") -> ScheduleData:
    """Twelve rows: two summary phases, eight tasks, two milestones. Critical path:
    1.1 -> 1.2 -> 1.3 -> 2.1 -> 2.3 -> 2.4 (finish milestone); 1.4 and 2.2 have float."""
    rows = [
        # uid, wbs, name, level, parent, days, milestone, party
        (1, "1", "Plan the migration", 1, None, 0, False, "shared"),
        (2, "1.1", "Confirm scope with the customer", 2, 1, 5, False, "customer"),
        (3, "1.2", "Design the target payroll configuration", 2, 1, 10, False, "provider"),
        (4, "1.3", "Design review", 2, 1, 0, True, "shared"),
        (5, "1.4", "Draft the communications plan", 2, 1, 4, False, "customer"),
        (6, "2", "Build and test", 1, None, 0, False, "shared"),
        (7, "2.1", "Configure the payroll system", 2, 6, 15, False, "provider"),
        (8, "2.2", "Prepare test data", 2, 6, 6, False, "customer"),
        (9, "2.3", "System integration test", 2, 6, 10, False, "provider"),
        (10, "2.4", "Go-live readiness", 2, 6, 0, True, "shared"),
    ]
    records = tuple(
        TaskRecord(
            task=Task(
                uid=uid,
                name=name_,
                duration=days * DAY,
                milestone=milestone,
                parent=parent,
            ),
            wbs=wbs,
            outline_level=level,
            owner_party=party,
        )
        for uid, wbs, name_, level, parent, days, milestone, party in rows
    )
    links = (
        Link(2, 3),
        Link(3, 4),
        Link(2, 5, LinkType.SS, 2 * DAY),
        Link(4, 7),
        Link(7, 8, LinkType.FF, -DAY),  # a lead: test data is ready a day before the build ends
        Link(7, 9),
        Link(8, 9, LinkType.SS),
        Link(9, 10),
        Link(5, 10, LinkType.SF, 0, LagUnit.WORKING),
    )
    return ScheduleData(
        name=name,
        start=datetime(2027, 1, 4, 8, 0),
        records=records,
        links=links,
        calendar=CalendarSpec(),
        status_date=None,
    )


def make_schedule(program: Program, user: User, data: ScheduleData | None = None) -> Schedule:
    from schedule.services.schedules import schedule_import

    schedule, _ = schedule_import(
        acting_user=user,
        program=program,
        data=data or sample_schedule_data(),
        source_name="alpha-ims.xml",
    )
    return schedule


def generated(count: int) -> ScheduleData:
    """``count`` rows: a summary task every ten rows over a chain of tasks with mixed owners,
    link types and a milestone at the end of each group."""
    records = []
    links = []
    parent = None
    previous = None
    for uid in range(1, count + 1):
        if uid % 10 == 1:
            parent = uid
            records.append(
                TaskRecord(Task(uid=uid, name=f"Phase {uid // 10 + 1}"), wbs=str(uid // 10 + 1))
            )
            continue
        milestone = uid % 10 == 0
        records.append(
            TaskRecord(
                Task(
                    uid=uid,
                    name=f"Task {uid}",
                    duration=0 if milestone else (uid % 4 + 1) * DAY,
                    milestone=milestone,
                    parent=parent,
                ),
                wbs=f"{(uid - 1) // 10 + 1}.{(uid - 1) % 10}",
                outline_level=2,
                owner_party=PARTIES[uid % 3],
            )
        )
        if previous is not None:
            kind = LinkType.SS if uid % 7 == 0 else LinkType.FS
            links.append(Link(previous, uid, kind, DAY if uid % 5 == 0 else 0))
        previous = uid
    return ScheduleData(
        name=f"Generated IMS ({count} rows)",
        start=datetime(2027, 1, 4, 8, 0),
        records=tuple(records),
        links=tuple(links),
        status_date=datetime(2027, 2, 1, 17, 0),
    )


DEMO_FILE_NAME = "drc-hr-ims.xml"


def demo_mspdi() -> bytes:
    """The demo's Microsoft Project file (DRC Core HR's IMS: 37 auto-scheduled tasks with
    summaries, milestones, SS/FF links with lags, progress at a status date)."""
    from schedule.demo import hr_ims
    from schedule.interchange.mspdi import write_mspdi

    return write_mspdi(hr_ims())
