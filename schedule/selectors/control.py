"""Reads of the schedule-control pages: the DCMA assessment, baselines and their sign-off,
variance against the agreed baseline, and change requests described in words.

Every read starts from a program the caller already fetched through the access policy
(``programs.views.layout.get_program``); here the schedule, baselines and change requests are
looked up inside that program only, so anything else is a 404. Query counts do not grow with
the number of tasks: tasks, links and baseline rows are each read in one query.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import User
from django.db.models import Prefetch, QuerySet
from django.http import Http404

from programs import policy
from programs.choices import DocumentStatus, Party, Role
from programs.models import Membership, Signature
from programs.services.documents import version_sha256
from schedule.choices import (
    ChangeOp,
    ChangeRequestStatus,
    ConstraintChoice,
    LinkTypeChoice,
)
from schedule.clock import from_engine
from schedule.engine.dcma import BaselineDates, CheckResult
from schedule.engine.model import LinkType, Result
from schedule.interchange.data import ScheduleData
from schedule.models import Baseline, BaselineTask, ChangeRequest, Schedule, Task
from schedule.selectors.tasks import VarianceClock, days
from schedule.services.baselines import agreed_baseline
from schedule.services.change_requests import DECIDING_PARTIES, approver_party
from schedule.services.compute import (
    compute_data,
    load_tasks,
    schedule_data,
)
from schedule.services.quality import baseline_dates, dcma_results

# -- the schedule -----------------------------------------------------------------------------


# -- DCMA -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class OffendingTask:
    uid: int
    wbs: str
    name: str
    measured: str


@dataclass(frozen=True)
class DcmaReport:
    checks: tuple[CheckResult, ...]
    has_baseline: bool
    status_date: datetime | None
    #: What each offending task measured, per check number.
    offending: dict[int, list[OffendingTask]] = field(default_factory=dict)

    def check(self, number: int) -> CheckResult:
        for check in self.checks:
            if check.number == number:
                return check
        raise Http404(f"DCMA has no check {number}.")


def dcma_report(*, schedule: Schedule) -> DcmaReport:
    """The fourteen checks of the schedule as it is computed now, against the agreed
    baseline when there is one."""
    tasks = load_tasks(schedule)
    data = schedule_data(schedule, tasks)
    result = compute_data(data)
    baseline = baseline_dates(schedule)
    checks = dcma_results(schedule, data=data, result=result)
    measure = _Measure(data, result, baseline or {})
    by_uid = {t.uid: t for t in tasks}
    offending = {
        check.number: [
            OffendingTask(
                uid=uid,
                wbs=by_uid[uid].wbs if uid in by_uid else "",
                name=by_uid[uid].name if uid in by_uid else f"Task {uid}",
                measured=measure.text(check.number, uid),
            )
            for uid in check.offending
        ]
        for check in checks
    }
    return DcmaReport(
        checks=checks,
        has_baseline=baseline is not None,
        status_date=schedule.status_date,
        offending=offending,
    )


#: What the offending-task table of each check names its measured column.
MEASURED_HEADINGS = {
    1: "Missing logic",
    2: "Leads",
    3: "Lags",
    4: "Relationship types",
    5: "Constraint",
    6: "Total float",
    7: "Total float",
    8: "Duration",
    9: "Dates against the status date",
    10: "Responsible person",
    11: "Baseline finish and finish",
    12: "Critical path test",
    13: "Finish",
    14: "Baseline finish",
}


class _Measure:
    """The attribute of an offending task that made it fail a check, in words."""

    def __init__(
        self, data: ScheduleData, result: Result, baseline: Mapping[int, BaselineDates]
    ) -> None:
        self.data = data
        self.result = result
        self.baseline = baseline
        self.tasks = {r.task.uid: r.task for r in data.records}
        self.into: dict[int, list[Any]] = {}
        self.out_of: dict[int, list[Any]] = {}
        for link in data.links:
            self.into.setdefault(link.successor, []).append(link)
            self.out_of.setdefault(link.predecessor, []).append(link)

    def days(self, minutes: int | None) -> str:
        value = days(minutes, self.data.minutes_per_day)
        return "—" if value is None else f"{value:g} days"

    def text(self, number: int, uid: int) -> str:
        task = self.tasks.get(uid)
        times = self.result.tasks.get(uid)
        if task is None:
            return ""
        if number == 1:
            missing = [
                side
                for side, links in (("predecessor", self.into), ("successor", self.out_of))
                if not links.get(uid)
            ]
            return "No " + " and no ".join(missing) if missing else "Linked to a summary task only"
        if number in (2, 3, 4):
            wanted = {
                2: lambda lk: lk.lag < 0,
                3: lambda lk: lk.lag > 0,
                4: lambda lk: lk.type != LinkType.FS,
            }[number]
            return "; ".join(
                f"{lk.type.value} from task {lk.predecessor}"
                + (f", lag {self.days(lk.lag)}" if lk.lag else "")
                for lk in self.into.get(uid, [])
                if wanted(lk)
            )
        if number == 5:
            label = ConstraintChoice(task.constraint.value).label
            when = task.constraint_date.date().isoformat() if task.constraint_date else ""
            return f"{label} {when}".strip()
        if number in (6, 7):
            return self.days(times.total_float) if times else "—"
        if number == 8:
            planned = self.baseline.get(uid)
            if planned is not None and planned.duration is not None:
                return f"{self.days(planned.duration)} (baseline)"
            return self.days(times.duration if times else task.duration)
        if number == 9:
            parts = []
            if task.actual_start:
                parts.append(f"actual start {task.actual_start.date().isoformat()}")
            if task.actual_finish:
                parts.append(f"actual finish {task.actual_finish.date().isoformat()}")
            if times:
                parts.append(f"forecast {times.start.date()} to {times.finish.date()}")
            return ", ".join(parts)
        if number == 10:
            return "No responsible person"
        if number in (11, 14):
            planned = self.baseline.get(uid)
            planned_text = planned.finish.date().isoformat() if planned and planned.finish else "—"
            if number == 14:
                return f"Due {planned_text}, not finished"
            done = task.actual_finish or (times.finish if times else None)
            finished = (
                "not finished"
                if task.actual_finish is None and (times is None or times.percent_complete < 100)
                else f"finished {done.date().isoformat() if done else '—'}"
            )
            return f"Due {planned_text}, {finished}"
        if number == 12:
            return "The delayed critical task: the finish did not move with it"
        if number == 13:
            return f"Finishes {times.finish.date().isoformat()}" if times else ""
        return ""


# -- baselines --------------------------------------------------------------------------------

BASELINE_STATUS_LABELS = {
    DocumentStatus.DRAFT: "Saved",
    DocumentStatus.IN_REVIEW: "In review",
    DocumentStatus.APPROVED: "Agreed",
    DocumentStatus.SUPERSEDED: "Superseded",
}


def _valid_signatures() -> Prefetch[Any]:
    return Prefetch(
        "version__signatures",
        queryset=Signature.objects.filter(voided_at__isnull=True).select_related("signer"),
        to_attr="valid_signatures",
    )


def baselines_of(*, schedule: Schedule) -> QuerySet[Baseline]:
    return (
        Baseline.objects.filter(schedule=schedule)
        .select_related("version", "created_by", "schedule__program")
        .prefetch_related(_valid_signatures())
        .order_by("-number")
    )


def baseline_get(*, schedule: Schedule, number: int) -> Baseline:
    baseline = baselines_of(schedule=schedule).filter(number=number).first()
    if baseline is None:
        raise Http404("No such baseline.")
    return baseline


def baseline_status_label(baseline: Baseline) -> str:
    return BASELINE_STATUS_LABELS.get(DocumentStatus(baseline.status), "Saved")


def signatures_of(baseline: Baseline) -> list[Signature]:
    if baseline.version is None:
        return []
    return list(getattr(baseline.version, "valid_signatures", []))


@dataclass(frozen=True)
class BaselineRow:
    baseline: Baseline
    status: str
    status_key: str
    signatures: list[Signature]


def baseline_rows(*, schedule: Schedule) -> list[BaselineRow]:
    return [
        BaselineRow(
            baseline=b,
            status=baseline_status_label(b),
            status_key=str(b.status),
            signatures=signatures_of(b),
        )
        for b in baselines_of(schedule=schedule)
    ]


@dataclass(frozen=True)
class PartySignOff:
    party: str
    party_label: str
    signature: Signature | None
    #: Who may still sign for the party (its signatories), while no one has.
    signatories: list[str]


@dataclass(frozen=True)
class FrozenTask:
    uid: int
    wbs: str
    name: str
    is_summary: bool
    is_milestone: bool
    start: datetime
    finish: datetime
    duration_days: float


@dataclass(frozen=True)
class BaselinePage:
    baseline: Baseline
    status: str
    status_key: str
    tasks: list[FrozenTask]
    sign_off: list[PartySignOff]
    sha256: str
    can_propose: bool
    can_sign: bool
    sign_party_label: str


def baseline_page(*, user: User, baseline: Baseline) -> BaselinePage:
    version = baseline.version
    per_day = baseline.schedule.minutes_per_day
    signatures = {s.party: s for s in signatures_of(baseline)}
    parties = [str(p) for p in DECIDING_PARTIES]
    missing = [p for p in parties if p not in signatures]
    signatories: dict[str, list[str]] = {p: [] for p in missing}
    if missing:
        for m in Membership.objects.filter(
            program_id=baseline.schedule.program_id, party__in=missing, is_signatory=True
        ).select_related("user"):
            signatories[m.party].append(f"{m.display_name} ({m.get_role_display()})")
    in_review = version is not None and version.status == DocumentStatus.IN_REVIEW
    sign_party = policy.signing_party(user, version) if in_review and version else None
    proposed = version is not None and version.status != DocumentStatus.DRAFT
    return BaselinePage(
        baseline=baseline,
        status=baseline_status_label(baseline),
        status_key=str(baseline.status),
        tasks=[
            FrozenTask(
                uid=t.uid,
                wbs=t.wbs,
                name=t.name,
                is_summary=t.is_summary,
                is_milestone=t.is_milestone,
                start=t.start,
                finish=t.finish,
                duration_days=round(t.duration / per_day, 2),
            )
            for t in baseline.tasks.order_by("id")
        ],
        sign_off=[
            PartySignOff(
                party=p,
                party_label=str(Party(p).label),
                signature=signatures.get(p),
                signatories=signatories.get(p, []),
            )
            for p in parties
        ],
        sha256=version_sha256(version) if version is not None else "",
        can_propose=not proposed and policy.can(user, "change", baseline),
        can_sign=(
            sign_party is not None
            and sign_party not in signatures
            and not any(s.signer_id == user.pk for s in signatures.values())
        ),
        sign_party_label=str(Party(sign_party).label) if sign_party else "",
    )


# -- variance ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class VarianceRow:
    uid: int
    wbs: str
    name: str
    outline_level: int
    is_summary: bool
    is_milestone: bool
    baseline_start: datetime | None
    baseline_finish: datetime | None
    start: datetime | None
    finish: datetime | None
    #: Working days, positive when later (or longer) than the baseline; None when not baselined.
    start_variance: float | None
    finish_variance: float | None
    duration_variance: float | None
    #: Hours of work more (positive) or less than the baseline; None when not baselined.
    work_variance: float | None = None
    #: Dollars more or less than the baseline's cost; None when not baselined or not shown.
    cost_variance: Decimal | None = None

    @property
    def cost_variance_text(self) -> str:
        return signed_dollars(self.cost_variance) if self.cost_variance is not None else ""

    @property
    def slipped(self) -> bool:
        return self.finish_variance is not None and self.finish_variance > 0


@dataclass(frozen=True)
class Variance:
    baseline: Baseline
    rows: list[VarianceRow]
    finish_variance: float | None
    removed: list[BaselineTask]
    #: The cost columns: for whoever may see the schedule's costs.
    shows_costs: bool = False


def variance_of(
    *, schedule: Schedule, slipped_only: bool = False, show_costs: bool = False
) -> Variance | None:
    """Every task against the agreed baseline, in outline order (None without one): dates,
    duration, work and (``show_costs``) cost."""
    baseline = agreed_baseline(schedule)
    if baseline is None:
        return None
    per_day = schedule.minutes_per_day
    clock = VarianceClock(schedule)
    planned = {row.uid: row for row in baseline.tasks.all()}
    tasks = list(schedule.tasks.order_by("position"))
    rows = []
    for task in tasks:
        base = planned.get(task.uid)
        known = base is not None and task.start is not None and task.finish is not None
        row = VarianceRow(
            uid=task.uid,
            wbs=task.wbs,
            name=task.name,
            outline_level=task.outline_level,
            is_summary=task.is_summary,
            is_milestone=task.is_milestone,
            baseline_start=base.start if base else None,
            baseline_finish=base.finish if base else None,
            start=task.start,
            finish=task.finish,
            start_variance=clock.days_between(base.start, task.start) if known and base else None,
            finish_variance=clock.days_between(base.finish, task.finish)
            if known and base
            else None,
            duration_variance=(
                round((task.duration - base.duration) / per_day, 2) if base else None
            ),
            work_variance=round((task.work - base.work) / 60, 2)
            if base and base.work is not None
            else None,
            cost_variance=(
                (task.computed_cost or Decimal(0)) - base.cost
                if show_costs and base is not None and base.cost is not None
                else None
            ),
        )
        rows.append(row)
    current = {t.uid for t in tasks}
    finish_variance = clock.days_between(baseline.finish, schedule.finish)
    return Variance(
        baseline=baseline,
        rows=[r for r in rows if r.slipped] if slipped_only else rows,
        finish_variance=finish_variance,
        removed=[row for uid, row in planned.items() if uid not in current],
        shows_costs=show_costs,
    )


# -- change requests ----------------------------------------------------------------------


def change_requests_of(*, schedule: Schedule) -> QuerySet[ChangeRequest]:
    return (
        ChangeRequest.objects.filter(schedule=schedule)
        .select_related("requested_by", "resulting_baseline", "schedule__program")
        .prefetch_related("decisions__decided_by")
        .order_by("-number")
    )


def change_request_get(*, schedule: Schedule, number: int) -> ChangeRequest:
    change_request = change_requests_of(schedule=schedule).filter(number=number).first()
    if change_request is None:
        raise Http404("No such change request.")
    return change_request


def decisions_by_party(change_request: ChangeRequest) -> list[tuple[str, Any, str]]:
    """(party label, its decision or None, the decider's role) for each deciding party."""
    decided = {d.party: d for d in change_request.decisions.all()}
    rows = []
    for party in DECIDING_PARTIES:
        decision = decided.get(str(party))
        role = ""
        if decision is not None:
            role = str(Role(decision.role).label) if decision.role in Role.values else decision.role
        rows.append((str(Party(party).label), decision, role))
    return rows


def impact_view(impact: Mapping[str, Any], *, show_costs: bool = False) -> dict[str, Any] | None:
    """The stored (or previewed) impact with its dates as datetimes, for the templates; its
    cost only for whoever may see the schedule's costs (``policy.can_see_costs``)."""
    if not impact:
        return None
    cost = None
    if show_costs and "cost_before" in impact:
        delta = Decimal(impact["cost_delta"])
        cost = {
            "before": dollars(Decimal(impact["cost_before"])),
            "after": dollars(Decimal(impact["cost_after"])),
            "delta": delta,
            "delta_text": signed_dollars(delta),
            "moved": [
                {
                    **m,
                    "cost_before": dollars(Decimal(m["cost_before"])),
                    "cost_after": dollars(Decimal(m["cost_after"])),
                    "delta_text": signed_dollars(Decimal(m["delta"])),
                }
                for m in impact.get("cost_moved", [])
            ],
        }

    def when(value: str | None) -> datetime | None:
        return from_engine(datetime.fromisoformat(value)) if value else None

    return {
        "finish_before": when(impact.get("finish_before")),
        "finish_after": when(impact.get("finish_after")),
        "finish_delta_days": impact.get("finish_delta_days", 0.0),
        "finish_delta_text": signed_days(impact.get("finish_delta_days")),
        "critical_added": impact.get("critical_added", []),
        "critical_removed": impact.get("critical_removed", []),
        "moved": [
            {
                **m,
                "finish_before": when(m.get("finish_before")),
                "finish_after": when(m.get("finish_after")),
                "delta_text": signed_days(m.get("delta_days")),
            }
            for m in impact.get("moved", [])
        ],
        "cost": cost,
    }


def dollars(value: Decimal) -> str:
    return f"${value:,.2f}"


def signed_dollars(value: Decimal) -> str:
    """+$6,000.00 / -$1,250.00 / $0.00: the sign always shown, as for days."""
    if not value:
        return "$0.00"
    return f"+${value:,.2f}" if value > 0 else f"-${-value:,.2f}"


def signed_days(value: float | None) -> str:
    """+3.0 / -1.0 / 0.0: the sign always shown, so a slip and a gain read apart."""
    if value is None:
        return "—"
    return f"{value:+.1f}" if value else "0.0"


@dataclass(frozen=True)
class TaskFacts:
    uid: int
    name: str
    duration: int
    constraint_type: str
    constraint_date: datetime | None


def task_facts(*, schedule: Schedule, uids: Iterable[int]) -> dict[int, TaskFacts]:
    wanted = set(uids)
    if not wanted:
        return {}
    return {
        t.uid: TaskFacts(t.uid, t.name, t.duration, t.constraint_type, t.constraint_date)
        for t in Task.objects.filter(schedule=schedule, uid__in=wanted).only(
            "uid", "name", "duration", "constraint_type", "constraint_date"
        )
    }


def uids_in(ops: Sequence[Mapping[str, Any]]) -> set[int]:
    found: set[int] = set()
    for op in ops:
        for key in ("uid", "parent_uid", "predecessor", "successor"):
            value = op.get(key) if isinstance(op, Mapping) else None
            if value not in (None, ""):
                try:
                    found.add(int(value))
                except (TypeError, ValueError):
                    continue
    return found


def describe_changes(
    *,
    schedule: Schedule,
    ops: Sequence[Mapping[str, Any]],
    show_current: bool,
    facts: Mapping[int, TaskFacts] | None = None,
) -> list[str]:
    """Each operation in words: "Task 7 Configure the payroll system: duration 15 → 20 days".
    ``show_current`` adds the value the schedule has now (a proposed change); once a change
    is applied the schedule holds the new value, so only that is said. ``facts`` (from
    ``task_facts``) saves the query when many requests are described at once."""
    if facts is None:
        facts = task_facts(schedule=schedule, uids=uids_in(ops))
    per_day = schedule.minutes_per_day

    def task(uid: Any) -> str:
        try:
            number = int(uid)
        except (TypeError, ValueError):
            return f"task {uid}"
        known = facts.get(number)
        return f"task {number} {known.name}" if known else f"task {number}"

    def day_text(value: Any) -> str:
        try:
            return f"{float(value):g} days"
        except (TypeError, ValueError):
            return f"{value} days"

    lines = []
    for op in ops:
        kind = op.get("op")
        if kind == ChangeOp.UPDATE_TASK:
            known = facts.get(int(op.get("uid", 0) or 0))
            parts = []
            if "duration_days" in op:
                now = f"{known.duration / per_day:g} → " if show_current and known else ""
                parts.append(f"duration {now}{day_text(op['duration_days'])}")
            if "constraint" in op:
                label = _constraint_label(op["constraint"])
                when = str(op.get("constraint_date") or "")[:10]
                if show_current and known:
                    current = _constraint_label(known.constraint_type)
                    if known.constraint_date:
                        current += f" {from_engine_date(known.constraint_date)}"
                    parts.append(f"constraint {current} → {label} {when}".rstrip())
                else:
                    parts.append(f"constraint {label} {when}".rstrip())
            elif "constraint_date" in op:
                parts.append(f"constraint date {str(op['constraint_date'])[:10]}")
            if "name" in op:
                parts.append(f"renamed “{op['name']}”")
            if "milestone" in op:
                parts.append("made a milestone" if op["milestone"] else "no longer a milestone")
            if "deadline" in op:
                parts.append(f"deadline {str(op['deadline'] or 'removed')[:10]}")
            subject = task(op.get("uid"))
            lines.append(f"{subject[:1].upper()}{subject[1:]}: {'; '.join(parts) or 'no change'}")
        elif kind == ChangeOp.ADD_TASK:
            what = (
                "milestone"
                if op.get("milestone")
                else f"task of {day_text(op.get('duration_days', 0))}"
            )
            under = (
                f" under {task(op['parent_uid'])}" if op.get("parent_uid") not in (None, "") else ""
            )
            lines.append(f"Add a {what}: “{op.get('name', '')}”{under}")
        elif kind == ChangeOp.REMOVE_TASK:
            lines.append(f"Remove {task(op.get('uid'))} (and any task under it)")
        elif kind in (ChangeOp.ADD_LINK, ChangeOp.UPDATE_LINK):
            verb = "Add" if kind == ChangeOp.ADD_LINK else "Change"
            link_type = _link_label(op.get("type", "FS"))
            lag = op.get("lag_days")
            lag_text = f", lag {day_text(lag)}" if lag not in (None, "", 0, "0") else ""
            lines.append(
                f"{verb} a dependency: {task(op.get('successor'))} waits on "
                f"{task(op.get('predecessor'))} ({link_type}{lag_text})"
            )
        elif kind == ChangeOp.REMOVE_LINK:
            lines.append(
                f"Remove the dependency of {task(op.get('successor'))} on "
                f"{task(op.get('predecessor'))}"
            )
        else:
            lines.append(f"Unknown change “{kind}”")
    return lines


def from_engine_date(value: datetime) -> str:
    return value.date().isoformat()


def _constraint_label(value: Any) -> str:
    try:
        return str(ConstraintChoice(str(value).lower()).label).lower()
    except ValueError:
        return str(value)


def _link_label(value: Any) -> str:
    try:
        return str(LinkTypeChoice(str(value).upper()).label).lower()
    except ValueError:
        return str(value)


def requester_party_member(*, user: User, change_request: ChangeRequest) -> bool:
    """Whether ``user`` may withdraw: the requester, or a member of the requester's party who
    may change the schedule."""
    if change_request.status != ChangeRequestStatus.PROPOSED:
        return False
    if not policy.can(user, "change", change_request):
        return False
    if change_request.requested_by_id == user.pk:
        return True
    membership = policy.membership_of(user, change_request.schedule.program)
    return membership is not None and membership.party == change_request.party


def decide_party(*, user: User, change_request: ChangeRequest) -> str | None:
    """The party ``user`` may still decide ``change_request`` for (None: offer no form)."""
    if change_request.status != ChangeRequestStatus.PROPOSED:
        return None
    party = approver_party(user, change_request)
    if party is None:
        return None
    if any(d.party == party for d in change_request.decisions.all()):
        return None
    return party
