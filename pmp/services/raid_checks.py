"""The rules a RAID item's content keeps, by kind: each refusal names the field and the rule,
and nothing is written. The services call ``check_item`` before every create and update."""

from __future__ import annotations

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
    RaidKind.ISSUE: ["priority", "impact", "due_on", "escalation_level", "resolution"],
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


def _check_risk(scheme: RiskScheme, values: dict[str, Any]) -> None:
    _required(values, "category", "A risk needs a category.")
    p_labels, i_labels = scheme.probability_labels, scheme.impact_labels
    for position in ("inherent", "residual"):
        _check_scale(scheme, values, f"{position}_probability", p_labels, "The probability")
        _check_scale(scheme, values, f"{position}_impact", i_labels, "The impact")
    for name in ("inherent_probability", "inherent_impact"):
        _required(values, name, "A risk is rated on probability and impact before its response.")
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
    """Refuse ``values`` of an item of ``kind`` that break a rule, naming field and rule."""
    for name, (what, limit) in _TEXTS.items():
        limits.check_text(values.get(name) or "", field=name, limit=limit, what=what)
    _required(values, "title", "A RAID item needs a title.")
    for name, (choices, what) in _CHOICES.items():
        value = values.get(name) or ""
        if value and value not in choices.values:
            raise DomainError(f"{what} is one of {in_words(choices, lower=True)}.", field=name)
    _check_owner(program, values, kind)
    raised: date | None = values.get("raised_on")
    _required(values, "raised_on", "A RAID item needs the date it was raised.")
    limits.check_program_date(
        program, raised, field="raised_on", what="The date raised", past_only=True
    )
    for name, what in _DATES.items():
        limits.check_program_date(program, values.get(name), field=name, what=what)
    if kind == RaidKind.RISK:
        _check_risk(scheme, values)
    if kind in (RaidKind.ACTION, RaidKind.ISSUE):
        due = values.get("due_on")
        if kind == RaidKind.ACTION:
            _required(values, "due_on", "An action needs a due date.")
        if due is not None and raised is not None and due < raised:
            raise DomainError(
                f"An {kind} is due on or after the day it was raised ({raised:%Y-%m-%d}).",
                field="due_on",
            )
    if kind == RaidKind.ISSUE:
        _required(values, "priority", "An issue needs a priority.")
    if kind == RaidKind.DECISION:
        _required(
            values,
            "decided_by",
            "A decision names who decides it: a governance body or a person.",
        )
        _required(values, "decision", "A decision states what is (or was) decided.")
        change_request = values.get("change_request")
        if change_request is not None and change_request.schedule.program_id != program.pk:
            raise DomainError(
                "A decision links only to a change request of its own program.",
                field="change_request",
            )
