"""The rules a RAID item's content keeps, by kind: each refusal names the field and the rule,
and nothing is written. The services call ``check_item`` before every create and update."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from programs import limits
from programs.choices import OwningParty, Party, in_words
from programs.errors import DomainError
from programs.models import Membership, Program

from ..choices import (
    ActionSource,
    EscalationLevel,
    IssuePriority,
    RaidKind,
    ResponseStrategy,
    RiskCategory,
)
from ..models import RiskScheme

MAX_TITLE = limits.MAX_TITLE_LENGTH
MAX_TEXT = limits.MAX_TEXT_LENGTH
RATED = "A risk is rated on probability and impact before its response."

COMMON_FIELDS = ["title", "description", "owner_party", "owner", "raised_on", "category"]
KIND_FIELDS: dict[str, list[str]] = {
    RaidKind.RISK: [
        "cause",
        "effect",
        "inherent_probability",
        "inherent_impact",
        "residual_probability",
        "residual_impact",
        "response_strategy",
        "trigger",
        "proximity_on",
        "next_review_on",
        "on_status_report",
    ],
    RaidKind.ISSUE: [
        "priority",
        "impact",
        "due_on",
        "escalation_level",
        "resolution",
        "on_status_report",
    ],
    RaidKind.ACTION: ["due_on", "source"],
    RaidKind.DECISION: [
        "decision",
        "decided_on",
        "decided_by",
        "rationale",
        "alternatives",
        "change_request",
    ],
}
ALL_FIELDS = sorted({*COMMON_FIELDS, *(f for fs in KIND_FIELDS.values() for f in fs)})

_TEXTS = {
    "title": ("The title", MAX_TITLE),
    "decided_by": ("Who decided", MAX_TITLE),
    "description": ("The description", MAX_TEXT),
    "cause": ("The cause", MAX_TEXT),
    "effect": ("The effect", MAX_TEXT),
    "trigger": ("The trigger", MAX_TEXT),
    "impact": ("The impact", MAX_TEXT),
    "resolution": ("The resolution", MAX_TEXT),
    "decision": ("The decision", MAX_TEXT),
    "rationale": ("The rationale", MAX_TEXT),
    "alternatives": ("The alternatives considered", MAX_TEXT),
}
_CHOICES: dict[str, tuple[Any, str]] = {
    "category": (RiskCategory, "The category"),
    "response_strategy": (ResponseStrategy, "The response strategy"),
    "priority": (IssuePriority, "The priority"),
    "escalation_level": (EscalationLevel, "The escalation level"),
    "source": (ActionSource, "The source"),
}
_DATES = {
    "due_on": "The due date",
    "proximity_on": "The proximity date",
    "next_review_on": "The next review date",
    "decided_on": "The date decided",
}


def _required(values: dict[str, Any], name: str, message: str) -> None:
    value = values.get(name)
    if value is None or (isinstance(value, str) and not value.strip()):
        raise DomainError(message, field=name)


def _check_scale(
    scheme: RiskScheme, values: dict[str, Any], name: str, labels: list[str], what: str
) -> None:
    value = values.get(name)
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= len(labels):
        raise DomainError(
            f"{what} is 1 ({labels[0]}) to {len(labels)} ({labels[-1]}) on this program's "
            "risk scheme.",
            field=name,
        )


def _check_residual(values: dict[str, Any]) -> None:
    if (values.get("residual_probability") is None) != (values.get("residual_impact") is None):
        missing = "impact" if values.get("residual_impact") is None else "probability"
        field = f"residual_{missing}"
        raise DomainError(
            "A residual rating has both a probability and an impact, or neither.", field=field
        )


def _check_owner(program: Program, values: dict[str, Any], kind: str) -> None:
    party = values.get("owner_party")
    if party not in (OwningParty.CUSTOMER, OwningParty.PROVIDER, OwningParty.SHARED):
        raise DomainError(
            "A RAID item is owned by the customer, the provider or both (shared).",
            field="owner_party",
        )
    owner: Membership | None = values.get("owner")
    if owner is None:
        if kind == RaidKind.ACTION:
            raise DomainError("An action needs an owner.", field="owner")
        return
    parties = (Party.CUSTOMER, Party.PROVIDER) if party == OwningParty.SHARED else (party,)
    if owner.program_id != program.pk or owner.party not in parties:
        whose = "the customer or the provider" if party == OwningParty.SHARED else f"the {party}"
        raise DomainError(
            f"The owner is a member of {whose} in {program.name}, the party that owns the item.",
            field="owner",
        )


def check_item(program: Program, scheme: RiskScheme, kind: str, values: dict[str, Any]) -> None:
    """Refuse ``values`` of an item of ``kind`` that break a rule, naming field and rule (the
    first of ``item_problems``)."""
    problems = item_problems(program, scheme, kind, values)
    if problems:
        raise problems[0]


def item_problems(
    program: Program, scheme: RiskScheme, kind: str, values: dict[str, Any]
) -> list[DomainError]:
    """Every rule ``values`` of an item of ``kind`` break, the first of each field, in the
    order ``check_item`` checks them (an import reports them all)."""
    problems: list[DomainError] = []
    fields: set[str | None] = set()

    def check(rule: Callable[..., None], *args: Any, **kwargs: Any) -> None:
        try:
            rule(*args, **kwargs)
        except DomainError as exc:
            if exc.field not in fields:
                fields.add(exc.field)
                problems.append(exc)

    for name, (what, limit) in _TEXTS.items():
        check(limits.check_text, values.get(name) or "", field=name, limit=limit, what=what)
    check(_required, values, "title", "A RAID item needs a title.")
    for name, (choices, what) in _CHOICES.items():
        check(_check_choice, values, name, choices, what)
    check(_check_owner, program, values, kind)
    raised: date | None = values.get("raised_on")
    check(_required, values, "raised_on", "A RAID item needs the date it was raised.")
    check(
        limits.check_program_date,
        program,
        raised,
        field="raised_on",
        what="The date raised",
        past_only=True,
    )
    for name, what in _DATES.items():
        check(limits.check_program_date, program, values.get(name), field=name, what=what)
    if kind == RaidKind.RISK:
        check(_required, values, "category", "A risk needs a category.")
        for position in ("inherent", "residual"):
            for scale, labels in (
                ("probability", scheme.probability_labels),
                ("impact", scheme.impact_labels),
            ):
                what = f"The {scale}"
                check(_check_scale, scheme, values, f"{position}_{scale}", labels, what)
        for name in ("inherent_probability", "inherent_impact"):
            check(_required, values, name, RATED)
        check(_check_residual, values)
    if kind in (RaidKind.ACTION, RaidKind.ISSUE):
        if kind == RaidKind.ACTION:
            check(_required, values, "due_on", "An action needs a due date.")
        check(_check_due, kind, values, raised)
    if kind == RaidKind.ISSUE:
        check(_required, values, "priority", "An issue needs a priority.")
    if kind == RaidKind.DECISION:
        check(
            _required,
            values,
            "decided_by",
            "A decision names who decides it: a governance body or a person.",
        )
        check(_required, values, "decision", "A decision states what is (or was) decided.")
        check(_check_change_request, program, values)
    return problems


def _check_choice(values: dict[str, Any], name: str, choices: Any, what: str) -> None:
    value = values.get(name) or ""
    if value and value not in choices.values:
        raise DomainError(f"{what} is one of {in_words(choices, lower=True)}.", field=name)


def _check_due(kind: str, values: dict[str, Any], raised: date | None) -> None:
    due = values.get("due_on")
    if due is not None and raised is not None and due < raised:
        raise DomainError(
            f"An {kind} is due on or after the day it was raised ({raised:%Y-%m-%d}).",
            field="due_on",
        )


def _check_change_request(program: Program, values: dict[str, Any]) -> None:
    change_request = values.get("change_request")
    if change_request is not None and change_request.schedule.program_id != program.pk:
        raise DomainError(
            "A decision links only to a change request of its own program.",
            field="change_request",
        )
