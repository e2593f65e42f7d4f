"""The steps of a RAID item's life cycle that an imported row asks for: a status other than the
item's (Closed, Done, Reopened...), a date done, a review. Each is a step of the item's
workflow (``raid_rules.WORKFLOWS``) with the rules its page's service keeps
(``raid_workflow``): who may take it and from which status, the reason it needs (the import
gives its file as the reason), what it records (the day closed, done, decided; the
resolution), and what must hold (an action is done on or after the day it was raised, not
in the future; a review is recorded on the day it happens). A date done marks an open action
done whatever its status cell says; reopened, it has none. A row takes at most one step; a
status two steps away, and a risk that occurs (it becomes an issue, on its page), are
refused. Planning only: ``raid_import_writes.write_steps`` records them."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.contrib.auth.models import User

from programs import limits
from programs.errors import DomainError
from programs.registers import Transition

from ..choices import STATUSES_BY_KIND, RaidKind, RaidStatus
from ..imports.raid_sheet import Problem, SheetRow
from ..models import RaidItem, RiskScheme
from .raid_rules import WORKFLOWS


@dataclass
class Step:
    """A step to take once the row's fields are written: its transition, the fields it sets
    and the reason it records."""

    transition: Transition
    changes: dict[str, Any] = field(default_factory=dict)
    reason: str = ""


def _status(value: str) -> str:
    return RaidStatus(value).label.lower()


def _listed(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + f" or {words[-1]}"


def plan_step(
    *,
    user: User,
    item: RaidItem,
    row: SheetRow,
    merged: dict[str, Any],
    scheme: RiskScheme,
    filename: str,
    problems: list[Problem],
) -> Step | None:
    """The step ``row`` asks of ``item`` (as it stands before the row; a new item in its
    first status), ``merged`` being every field once the row's cells are written; a rule it
    breaks is added to ``problems``."""
    kind = item.kind
    label = RaidKind(kind).label.lower()
    a_kind = f"{'An' if label[0] in 'aeiou' else 'A'} {label}"
    reference = row.reference_text or f"The new {label}"
    checked = row.checked
    count = len(problems)

    def problem(column: str, message: str) -> None:
        problems.append(Problem(row.number, column, message))

    done = checked.get("done_on", item.done_on)
    reviewed = checked.get("last_reviewed_on", item.last_reviewed_on)
    if kind != RaidKind.ACTION and done is not None:
        problem("Done", f"{a_kind} is not done: leave the cell empty.")
    if kind != RaidKind.RISK and reviewed is not None:
        problem("Last reviewed", f"{a_kind} is not reviewed: leave the cell empty.")
    target = checked.get("status") or item.status
    dated = kind == RaidKind.ACTION and "done_on" in checked  # the sheet has a Done column
    if dated and done is not None and target == RaidStatus.OPEN:
        target = RaidStatus.DONE  # a date done marks an action done (reopened: no date)
    if target not in STATUSES_BY_KIND[kind]:
        statuses = [_status(s) for s in STATUSES_BY_KIND[kind]]
        problem("Status", f"{a_kind} is {_listed(statuses)}.")
        return None
    if dated and target != RaidStatus.DONE and done is not None:
        problem("Done", f"An action that is {_status(target)} has no date done: empty the cell.")
        return None

    step: Step | None = None
    if target != item.status:
        step = _status_step(user, item, target, reference, problem)
    elif dated and target == RaidStatus.DONE and done != item.done_on:
        problem(
            "Done",
            f"{reference} was done on {item.done_on}: the date done changes by "
            "reopening the action and marking it done again.",
        )
    if step is not None:
        _step_changes(step, item, merged, done, filename, problem)
    if kind == RaidKind.RISK and reviewed != item.last_reviewed_on:
        today = limits.today()
        if reviewed != today:
            problem(
                "Last reviewed",
                f"A review is recorded on the day it happens: write today's date "
                f"({today:%Y-%m-%d}) to record one, or leave the date as it was.",
            )
        elif step is not None:
            problem(
                "Last reviewed",
                f"{reference} changes status in this row: record its review on its page.",
            )
        else:
            given = row.values.get("next_review_on")
            if item.pk is not None and given == item.next_review_on:
                given = None  # not changed by the row: the scheme's interval from today
            step = _review(user, item, given, scheme, today, problem)
    return step if len(problems) == count else None


def _status_step(
    user: User, item: RaidItem, target: str, reference: str, problem: Any
) -> Step | None:
    workflow = WORKFLOWS[item.kind]
    found = [t for t in workflow.transitions.values() if item.status in t.sources]
    step = next((t for t in found if t.target == target), None)
    if step is None:
        reachable = [_status(t.target) for t in found if t.target and t.name != "occur"]
        problem(
            "Status",
            f"{reference} is {_status(item.status)}: "
            + (
                f"in one step it becomes {_listed(reachable)}, not {_status(target)}."
                if reachable
                else f"it does not become {_status(target)}."
            ),
        )
        return None
    if step.name == "occur":
        problem(
            "Status",
            "A risk that occurs becomes an issue: record that on the risk's page (Occurred).",
        )
        return None
    try:
        workflow.check(user, item, step.name)
    except DomainError as exc:
        problem("Status", exc.message)
        return None
    return Step(step)


def _step_changes(
    step: Step,
    item: RaidItem,
    merged: dict[str, Any],
    done: date | None,
    filename: str,
    problem: Any,
) -> None:
    """What the step records, as its service (``raid_workflow``) does, and the rules of it."""
    name = step.transition.name
    today = limits.today()
    if step.transition.needs_reason:
        step.reason = f"Imported from {filename}"[:200]
    if name in ("close", "cancel", "supersede"):
        step.changes["closed_on"] = today
    elif name == "reopen":
        step.changes["closed_on"] = None
        if item.kind == RaidKind.ACTION:
            step.changes["done_on"] = None
    elif name == "resolve":
        if not (merged.get("resolution") or "").strip():
            problem("Resolution", "A resolved issue says how it was resolved.")
        step.changes["resolution"] = merged.get("resolution")
    elif name == "complete":
        day = done or today
        try:
            limits.check_program_date(
                item.program, day, field="done_on", what="The date done", past_only=True
            )
        except DomainError as exc:
            problem("Done", exc.message)
        raised = merged.get("raised_on")
        if raised is not None and day < raised:
            problem(
                "Done",
                f"An action is done on or after the day it was raised ({raised:%Y-%m-%d}).",
            )
        step.changes["done_on"] = day
    elif name == "decide":
        day = merged.get("decided_on") or today
        try:
            limits.check_program_date(
                item.program, day, field="decided_on", what="The date decided", past_only=True
            )
        except DomainError as exc:
            problem("Date decided", exc.message)
        step.changes["decided_on"] = day


def _review(
    user: User,
    item: RaidItem,
    following: date | None,
    scheme: RiskScheme,
    today: date,
    problem: Any,
) -> Step | None:
    """The review ``risk_review`` records: today, the next one on ``following`` (the row's
    date, if it gives a new one), else the scheme's interval from today."""
    workflow = WORKFLOWS[item.kind]
    try:
        transition = workflow.check(user, item, "review")
    except DomainError as exc:
        problem("Last reviewed", exc.message)
        return None
    if following is None:
        following = today + timedelta(days=scheme.review_interval_days)
    elif following <= today:
        problem("Next review", "The next review falls after today.")
        return None
    return Step(transition, {"last_reviewed_on": today, "next_review_on": following})
