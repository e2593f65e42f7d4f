"""The demo schedules: the Integrated Master Schedule of a shared-services migration.

DRC Core HR gets its schedule as a Microsoft Project file to import (``var/demo/``), as a
provider's scheduler would bring it; BIW Financial Management has its schedule in the portal
already, with an agreed baseline and a change request awaiting decision.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User

from programs.models import Program
from schedule.engine.model import (
    Assignment,
    CalendarException,
    CalendarSpec,
    Constraint,
    LagUnit,
    Link,
    LinkType,
    Rate,
    Resource,
    ResourceType,
    Task,
)
from schedule.interchange.data import AssignmentRecord, ResourceRecord, ScheduleData, TaskRecord
from schedule.models import Schedule

DAY = 480


@dataclass(frozen=True)
class Row:
    wbs: str
    name: str
    days: float = 0
    party: str = "shared"
    after: tuple[str, ...] = ()  # predecessors by WBS: "2.1", "2.1SS+5", "3.2FF-2"
    milestone: bool = False
    done: float = 0  # percent complete at the status date
    constraint: tuple[Constraint, date] | None = None
    responsible: str = ""


def _rows(system: str, go_live: date) -> tuple[Row, ...]:
    return (
        Row("1", "Program management and PMO integration"),
        Row("1.1", "Integrated PMO kickoff", 0, "shared", (), True, 100, responsible="prov.pm"),
        Row(
            "1.2",
            "Refresh the Program Charter",
            10,
            "shared",
            ("1.1",),
            done=100,
            responsible="cust.pm",
        ),
        Row(
            "1.3",
            "Agree PMO roles and the RACI",
            8,
            "shared",
            ("1.1SS+5",),
            done=100,
            responsible="cust.pmolead",
        ),
        Row(
            "1.4",
            "Establish the Program Management Plan",
            20,
            "shared",
            ("1.3",),
            done=60,
            responsible="prov.pmolead",
        ),
        Row("1.5", "Integrated Master Schedule agreed", 0, "shared", ("1.4",), True),
        Row("2", "Requirements and fit-gap"),
        Row(
            "2.1",
            f"Current-state walkthroughs of {system}",
            15,
            "customer",
            ("1.1",),
            done=100,
            responsible="cust.team",
        ),
        Row(
            "2.2",
            "Fit-gap workshops",
            20,
            "provider",
            ("2.1SS+10",),
            done=100,
            responsible="prov.team",
        ),
        Row(
            "2.3",
            "Gap dispositions and change requests",
            10,
            "shared",
            ("2.2",),
            done=80,
            responsible="prov.pm",
        ),
        Row("2.4", "Requirements baseline signed", 0, "shared", ("2.3",), True),
        Row("3", "Data conversion"),
        Row(
            "3.1",
            "Data mapping and cleansing rules",
            25,
            "customer",
            ("2.2SS+10",),
            done=50,
            responsible="cust.team",
        ),
        Row(
            "3.2",
            "Conversion programs",
            30,
            "provider",
            ("3.1SS+10",),
            done=20,
            responsible="prov.team",
        ),
        Row("3.3", "Mock conversion 1", 10, "provider", ("3.2",)),
        Row("3.4", "Mock conversion 2", 10, "provider", ("3.3FS+10",)),
        Row("3.5", "Mock conversion 3 (dress rehearsal)", 10, "provider", ("3.4FS+10", "5.2")),
        Row("4", "Configuration and build"),
        Row(
            "4.1",
            "Configure the shared-service platform",
            40,
            "provider",
            ("2.4",),
            responsible="prov.team",
        ),
        Row(
            "4.2", "Interfaces to agency systems", 35, "provider", ("2.4",), responsible="prov.team"
        ),
        Row("4.3", "Agency reports and extracts", 25, "provider", ("4.1SS+15",)),
        Row(
            "4.4",
            "Security authorization (ATO) package",
            30,
            "customer",
            ("4.2SS+10",),
            responsible="cust.team",
        ),
        Row("4.5", "Build complete", 0, "shared", ("4.1", "4.2", "4.3"), True),
        Row("5", "Testing"),
        Row("5.1", "System integration test", 25, "provider", ("4.5", "3.3")),
        Row("5.2", "User acceptance test", 20, "customer", ("5.1",), responsible="cust.team"),
        Row("5.3", "Parallel runs (two cycles)", 20, "shared", ("5.2", "3.4")),
        Row("5.4", "Go/no-go decision", 0, "shared", ("5.3", "4.4", "3.5", "6.3"), True),
        Row("6", "Training and organisational change"),
        Row("6.1", "Training needs analysis", 10, "customer", ("2.4",)),
        Row("6.2", "Train the trainers", 10, "provider", ("6.1", "4.5FF+0")),
        Row("6.3", "End-user training", 15, "customer", ("6.2", "5.2SS+5")),
        Row("7", "Deployment"),
        Row("7.1", "Cutover", 5, "shared", ("5.4",)),
        Row("7.2", "Go-live", 0, "shared", ("7.1",), True, constraint=(Constraint.FNLT, go_live)),
        Row("7.3", "Hypercare", 30, "provider", ("7.2",)),
        Row("7.4", f"Decommission {system}", 20, "customer", ("7.3SS+20",)),
    )


#: The people and roles of both parties, with federal-style fully burdened labour rates (the
#: provider's escalate 3 % at the start of fiscal year 2027), and a few material and cost
#: items: (key, name, type, party, max units %, hourly rate or unit cost).
_RESOURCES: tuple[tuple[str, str, ResourceType, str, int, str], ...] = (
    ("C-PM", "Agency Program Manager (GS-15)", ResourceType.WORK, "customer", 100, "128"),
    ("C-SME", "Agency business SMEs", ResourceType.WORK, "customer", 300, "96"),
    ("C-ISSO", "Agency ISSO", ResourceType.WORK, "customer", 100, "112"),
    ("C-OCM", "Agency change management lead", ResourceType.WORK, "customer", 100, "104"),
    ("P-PM", "Provider Program Manager", ResourceType.WORK, "provider", 100, "195"),
    ("P-BA", "Provider functional analyst", ResourceType.WORK, "provider", 200, "148"),
    ("P-ARCH", "Provider solution architect", ResourceType.WORK, "provider", 100, "182"),
    ("P-DEV", "Provider developers", ResourceType.WORK, "provider", 200, "158"),
    ("P-CONV", "Provider data conversion specialist", ResourceType.WORK, "provider", 100, "142"),
    ("P-TEST", "Provider test lead", ResourceType.WORK, "provider", 100, "139"),
    ("P-TRAIN", "Provider trainer", ResourceType.WORK, "provider", 100, "118"),
    ("ENV", "Test environment (environment-month)", ResourceType.MATERIAL, "provider", 0, "4200"),
    ("TRAVEL", "Travel", ResourceType.COST, "shared", 0, "0"),
)
_ESCALATION = date(2026, 10, 1)

#: Who works on what, by WBS: (resource key, units %), material as (key, quantity), cost
#: items as (key, dollars).
_STAFFING: dict[str, tuple[tuple[str, int], ...]] = {
    "1.2": (("C-PM", 50), ("P-PM", 50)),
    "1.3": (("C-PM", 50), ("P-PM", 25)),
    "1.4": (("P-PM", 50), ("C-PM", 25)),
    "2.1": (("C-SME", 200), ("P-BA", 100)),
    "2.2": (("P-BA", 100), ("C-SME", 150), ("P-ARCH", 50)),
    "2.3": (("P-BA", 100), ("C-PM", 25)),
    "3.1": (("C-SME", 100), ("P-CONV", 50)),
    "3.2": (("P-CONV", 100), ("P-DEV", 100)),
    "3.3": (("P-CONV", 100), ("C-SME", 50), ("ENV", 1)),
    "3.4": (("P-CONV", 100), ("C-SME", 50), ("ENV", 1)),
    "3.5": (("P-CONV", 100), ("C-SME", 50), ("ENV", 1)),
    "4.1": (("P-ARCH", 50), ("P-DEV", 200)),
    "4.2": (("P-DEV", 100), ("P-ARCH", 25)),
    "4.3": (("P-DEV", 100),),
    "4.4": (("C-ISSO", 100), ("P-ARCH", 25)),
    "5.1": (("P-TEST", 100), ("P-DEV", 100), ("ENV", 2)),
    "5.2": (("C-SME", 200), ("P-TEST", 50)),
    "5.3": (("P-CONV", 50), ("C-SME", 100)),
    "6.1": (("C-OCM", 100),),
    "6.2": (("P-TRAIN", 100),),
    "6.3": (("P-TRAIN", 100), ("C-OCM", 50), ("TRAVEL", 18000)),
    "7.1": (("P-CONV", 100), ("P-ARCH", 50), ("C-PM", 50), ("TRAVEL", 6500)),
    "7.3": (("P-DEV", 100), ("P-BA", 50)),
    "7.4": (("C-SME", 50), ("C-ISSO", 25)),
}


def _resources(start: date) -> tuple[ResourceRecord, ...]:
    """The resource sheet; the ISSO is away for a week of training a year into the program."""
    training = start.replace(year=start.year + 1)
    out = []
    for uid, (key, name, kind, party, max_units, amount) in enumerate(_RESOURCES, start=1):
        rate = Decimal(amount)
        rates: tuple[Rate, ...]
        if kind is ResourceType.COST:
            rates = ()
        elif party == "provider" and kind is ResourceType.WORK:
            escalated = (rate * Decimal("1.03")).quantize(Decimal("0.01"))
            rates = (Rate(None, rate), Rate(_ESCALATION, escalated))
        else:
            rates = (Rate(None, rate),)
        calendar = None
        if key == "C-ISSO":
            calendar = CalendarSpec(
                name="Agency ISSO",
                exceptions=(
                    CalendarException(training, training + timedelta(days=4), (), "Training"),
                ),
            )
        out.append(
            ResourceRecord(
                Resource(
                    uid,
                    name,
                    kind,
                    max_units=max_units if kind is ResourceType.WORK else 0,
                    calendar=calendar,
                    rates=rates,
                ),
                owner_party=party,
                stands_for=name,
            )
        )
    return tuple(out)


def _assignments(
    rows: tuple[Row, ...], uids: dict[str, int], resources: tuple[ResourceRecord, ...]
) -> tuple[AssignmentRecord, ...]:
    """The staffing table as assignments: work is the task's duration at the units, and the
    work done is the task's percent complete of it."""
    by_key = {key: record.resource for (key, *_), record in zip(_RESOURCES, resources, strict=True)}
    out: list[AssignmentRecord] = []
    for row in rows:
        for key, amount in _STAFFING.get(row.wbs, ()):
            resource = by_key[key]
            uid = len(out) + 1
            task = uids[row.wbs]
            if resource.type is ResourceType.MATERIAL:
                assignment = Assignment(uid, task, resource.uid, quantity=Decimal(amount))
            elif resource.type is ResourceType.COST:
                assignment = Assignment(uid, task, resource.uid, cost=Decimal(amount))
            else:
                work = round(row.days * DAY * amount / 100)
                done = round(work * row.done / 100)
                assignment = Assignment(
                    uid, task, resource.uid, units=amount, work=work, actual_work=done
                )
            out.append(AssignmentRecord(assignment))
    return tuple(out)


def _link(text: str, uids: dict[str, int], successor: int) -> Link:
    wbs = text
    kind = LinkType.FS
    lag = 0.0
    for code in ("SS", "FF", "SF", "FS"):
        if code in text:
            wbs, rest = text.split(code, 1)
            kind = LinkType(code)
            lag = float(rest or 0)
            break
    return Link(uids[wbs], successor, kind, round(lag * DAY), LagUnit.WORKING)


def migration_ims(
    *,
    name: str,
    system: str,
    start: date,
    status: date,
    go_live: date,
    progress: Mapping[str, float] | None = None,
) -> ScheduleData:
    """A migration IMS: PMO integration, fit-gap, conversion, build, test, training and
    deployment, with progress reported at ``status`` (tasks done or under way have actuals);
    ``progress`` gives the percent complete of some tasks (by WBS) instead of the usual."""
    rows = tuple(
        replace(row, done=progress[row.wbs]) if progress and row.wbs in progress else row
        for row in _rows(system, go_live)
    )
    uids = {row.wbs: uid for uid, row in enumerate(rows, start=1)}
    parents = {
        row.wbs: uids.get(row.wbs.rsplit(".", 1)[0]) if "." in row.wbs else None for row in rows
    }
    links = [_link(text, uids, uids[row.wbs]) for row in rows for text in row.after]
    # Progress: tasks reported done or under way carry actual dates, as a scheduler updates
    # them; the engine places the remaining work after the status date.
    from schedule.engine.calendar import WorkCalendar
    from schedule.engine.cpm import compute

    calendar = CalendarSpec()
    records = []
    plan = compute(
        ScheduleData(
            name=name,
            start=datetime.combine(start, time(8)),
            records=tuple(
                TaskRecord(
                    task=Task(
                        uids[r.wbs], r.name, round(r.days * DAY), r.milestone, parents[r.wbs]
                    ),
                    wbs=r.wbs,
                    outline_level=r.wbs.count(".") + 1,
                )
                for r in rows
            ),
            links=tuple(links),
            calendar=calendar,
        ).to_project()
    )
    clock = WorkCalendar(calendar)
    status_at = datetime.combine(status, time(17))
    for row in rows:
        uid = uids[row.wbs]
        times = plan.tasks[uid]
        actual_start = actual_finish = None
        if row.done and not (row.days == 0 and row.wbs.count(".") == 0):
            actual_start = times.start
            if row.done >= 100:
                actual_finish = times.finish
                if actual_finish > status_at:
                    actual_finish = clock.to_datetime(clock.to_minutes(status_at), finish=True)
        constraint, constraint_date = Constraint.ASAP, None
        if row.constraint:
            constraint = row.constraint[0]
            constraint_date = datetime.combine(row.constraint[1], time(17))
        records.append(
            TaskRecord(
                task=Task(
                    uid=uid,
                    name=row.name,
                    duration=round(row.days * DAY),
                    milestone=row.milestone,
                    parent=parents[row.wbs],
                    constraint=constraint,
                    constraint_date=constraint_date,
                    actual_start=actual_start,
                    actual_finish=actual_finish,
                    percent_complete=int(row.done),
                ),
                wbs=row.wbs,
                outline_level=row.wbs.count(".") + 1,
                owner_party=row.party,
                responsible=row.responsible,
            )
        )
    resources = _resources(start)
    return ScheduleData(
        name=name,
        start=datetime.combine(start, time(8)),
        records=tuple(records),
        links=tuple(links),
        calendar=calendar,
        status_date=status_at,
        resources=resources,
        assignments=_assignments(rows, uids, resources),
    )


#: DRC Core HR started in November 2025, a year of expenditure reports before the status
#: date: the work under way is further along than in a program that started in the spring.
HR_START = date(2025, 11, 3)
HR_PROGRESS: dict[str, float] = {"1.4": 95, "2.3": 100, "3.1": 90, "3.2": 75}


def hr_ims(start: date = HR_START) -> ScheduleData:
    return migration_ims(
        name="DRC Core HR Migration IMS",
        system="PERSONA",
        start=start,
        status=date(2026, 11, 20),
        go_live=date(2027, 10, 29),
        progress=HR_PROGRESS,
    )


def fm_ims() -> ScheduleData:
    return migration_ims(
        name="BIW Financial Management Migration IMS",
        system="the regional ledgers",
        start=date(2026, 7, 6),
        status=date(2026, 11, 20),
        go_live=date(2028, 3, 31),
    )


def demo_file_dir() -> Path:
    return Path(settings.VAR_DIR) / "demo"


def write_hr_file() -> Path:
    """The DRC Core HR schedule as a Microsoft Project file, for the import in a tour."""
    from schedule.interchange.mspdi import write_mspdi

    path = demo_file_dir() / "drc-hr-ims.xml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(write_mspdi(hr_ims()))
    return path


def _agreed(
    program: Program, scheduler: User, sponsors: tuple[User, User], data: ScheduleData
) -> Schedule:
    """A schedule imported by the provider's scheduler, baselined, and agreed by both
    sponsors."""
    from programs.services.documents import version_sign
    from schedule.services.baselines import baseline_create, baseline_propose
    from schedule.services.schedules import schedule_import

    schedule, _ = schedule_import(
        acting_user=scheduler,
        program=program,
        data=data,
        source_name=f"{program.code}-ims.xml",
    )
    baseline = baseline_create(
        acting_user=scheduler,
        schedule=schedule,
        name="Integrated baseline",
        description="The schedule both PMOs agreed at the Phase 3 integration review.",
    )
    version = baseline_propose(acting_user=scheduler, baseline=baseline)
    for sponsor in sponsors:
        version_sign(acting_user=sponsor, version=version)
    return schedule


def seed_hr(program: Program, users: dict[str, User]) -> None:
    """DRC's schedule, the file ``write_hr_file`` writes: imported, baselined and agreed by
    both sponsors (the Program Management Plan cites the baseline)."""
    from schedule.interchange.mspdi import read_mspdi

    data = read_mspdi(write_hr_file().read_bytes())
    _agreed(program, users["prov.pm"], (users["cust.sponsor"], users["prov.sponsor"]), data)


def seed_fm(program: Program, users: dict[str, User]) -> None:
    """BIW's schedule: imported, baselined, agreed by both sponsors, one change proposed."""
    from schedule.services.change_requests import change_request_propose

    scheduler = users["fin.prov.pm"]
    sponsors = (users["fin.sponsor"], users["fin.prov.sponsor"])
    schedule = _agreed(program, scheduler, sponsors, fm_ims())
    build = schedule.tasks.get(wbs="4.1")
    changes: list[dict[str, Any]] = [
        {"op": "update_task", "uid": build.uid, "duration_days": 50},
    ]
    change_request_propose(
        acting_user=scheduler,
        schedule=schedule,
        title="Extend platform configuration for the fixed-assets module",
        description="Configuration of the shared financial system takes 50 days instead of 40.",
        justification=(
            "Fit-gap found the bureau's fixed-asset depreciation rules need a configured "
            "extension; IFSC estimates ten more working days."
        ),
        changes=changes,
    )


def seed(programs: dict[str, Program], users: dict[str, User]) -> None:
    """Called by ``seed_demo`` for programs it has just created."""
    write_hr_file()
    hr = programs.get("drc-hr")
    if hr is not None and not hasattr(hr, "schedule") and "prov.pm" in users:
        seed_hr(hr, users)
    fm = programs.get("biw-fm")
    if fm is not None and not hasattr(fm, "schedule") and "fin.prov.pm" in users:
        seed_fm(fm, users)
