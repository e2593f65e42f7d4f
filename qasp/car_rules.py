"""Who may do what with corrective action requests (CARs), as data
(``programs.registers.Workflow``), for services, pages and the API.

- The customer's editors (Program Manager, PMO Lead, PMO team) issue a CAR, evaluate the
  provider's answer (accept it, or return it with the reason and a new response due date),
  withdraw it with a reason, and escalate it to the next escalation level with a reason.
- Provider members who may comment (all but viewers) answer it: root cause, corrective
  action, target date; again after a return.
- A CAR whose answer was accepted closes when a later surveillance record of its standard
  is acceptable: the customer's editors record it, and the record closes it.
- Everyone else in the program (the IV&V agent, viewers) reads; outsiders find nothing.

issued -> answered -> accepted -> closed; answered -> returned -> answered;
any open status -> withdrawn; any open status escalated (recorded, status kept).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings

from programs import policy
from programs.choices import Party
from programs.models import Program
from programs.registers import Transition, Workflow

from .choices import OPEN_CAR_STATUSES, CarStatus
from .rules import is_provider_commenter

S = CarStatus

ISSUE_RULE = "Only the customer's editors issue corrective action requests."
ANSWER_RULE = "Only members of the provider who may comment answer a corrective action request."
EVALUATE_RULE = (
    "Only the customer's editors evaluate the provider's answer to a corrective action request."
)
WITHDRAW_RULE = "Only the customer's editors withdraw a corrective action request."
ESCALATE_RULE = "Only the customer's editors escalate a corrective action request."
CLOSE_RULE = (
    "A corrective action request is closed by a later acceptable surveillance record of its "
    "standard, which only the customer's editors record."
)


def is_customer_editor(user: Any, program: Program) -> bool:
    return policy.can_change_party(user, program, Party.CUSTOMER)


def may_issue(user: Any, program: Program) -> bool:
    return is_customer_editor(user, program)


def _customer(user: Any, car: Any) -> bool:
    return is_customer_editor(user, car.program)


def _provider(user: Any, car: Any) -> bool:
    return is_provider_commenter(user, car.program)


_OPEN = frozenset(OPEN_CAR_STATUSES)

WORKFLOW = Workflow(
    [
        Transition(
            name="answer",
            label="Answered",
            sources=frozenset({S.ISSUED, S.RETURNED}),
            target=S.ANSWERED,
            who=_provider,
            rule=ANSWER_RULE,
        ),
        Transition(
            name="accept",
            label="Accepted",
            sources=frozenset({S.ANSWERED}),
            target=S.ACCEPTED,
            who=_customer,
            rule=EVALUATE_RULE,
        ),
        Transition(
            name="return",
            label="Returned",
            sources=frozenset({S.ANSWERED}),
            target=S.RETURNED,
            who=_customer,
            rule=EVALUATE_RULE,
            needs_reason=True,
        ),
        Transition(
            name="close",
            label="Closed",
            sources=frozenset({S.ACCEPTED}),
            target=S.CLOSED,
            who=_customer,
            rule=CLOSE_RULE,
        ),
        Transition(
            name="withdraw",
            label="Withdrawn",
            sources=_OPEN,
            target=S.WITHDRAWN,
            who=_customer,
            rule=WITHDRAW_RULE,
            needs_reason=True,
        ),
        Transition(
            name="escalate",
            label="Escalated",
            sources=_OPEN,
            target=None,
            who=_customer,
            rule=ESCALATE_RULE,
            needs_reason=True,
        ),
    ],
    status_labels=dict(CarStatus.choices),
)

#: What a person does on a CAR's page; closing happens through a record, never a form.
PAGE_ACTIONS = ("answer", "accept", "return", "withdraw", "escalate")


def escalation_keys() -> list[str]:
    return [key for key, _ in settings.QASP_ESCALATION_LEVELS]


def next_level(level: str) -> str | None:
    """The escalation level above ``level``, or None at the top (or for an unknown level)."""
    keys = escalation_keys()
    if level not in keys or keys.index(level) == len(keys) - 1:
        return None
    return keys[keys.index(level) + 1]


def available_actions(user: Any, car: Any) -> list[str]:
    """The page actions ``user`` may take on ``car`` now; escalation only below the top."""
    names = [t.name for t in WORKFLOW.available(user, car) if t.name in PAGE_ACTIONS]
    if next_level(car.escalation_level) is None:
        names = [n for n in names if n != "escalate"]
    return names
