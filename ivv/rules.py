"""Who moves a finding along its life cycle, as data (``programs.registers.Workflow``).

- The IV&V agent files findings and edits them while open; closes a finding whose closure is
  proposed (after verifying its evidence) or sends it back to in progress with a reason;
  escalates a non-concurrence to both Executive Sponsors; reopens a closed finding.
- The answering party's editors (Program Manager, PMO Lead, PMO team) answer, start the
  corrective action and propose closure.
- The customer's Executive Sponsor accepts the risk instead, with a rationale.
- Everyone else in the program reads; outsiders do not find the finding at all.

open -> answered -> in progress -> closure proposed -> closed (-> reopened: in progress);
closure proposed -> in progress (sent back); any unresolved status -> accepted risk.
"""

from __future__ import annotations

from typing import Any

from programs import policy
from programs.choices import Party, Role
from programs.registers import Transition, Workflow

from .choices import FindingResponse, FindingStatus
from .models import Finding

S = FindingStatus


def is_ivv_agent(user: Any, program: Any) -> bool:
    membership = policy.membership_of(user, program)
    return (
        membership is not None
        and membership.party == Party.INDEPENDENT
        and membership.role == Role.IVV_AGENT
    )


def answers_for(user: Any, finding: Finding) -> bool:
    """An editor (Program Manager, PMO Lead, PMO team) of the party that must answer."""
    membership = policy.membership_of(user, finding.program)
    return membership is not None and policy.can_change_party(
        user, finding.program, finding.answering_party
    )


def is_customer_sponsor(user: Any, program: Any) -> bool:
    membership = policy.membership_of(user, program)
    return (
        membership is not None
        and membership.party == Party.CUSTOMER
        and membership.role == Role.EXECUTIVE_SPONSOR
    )


def _ivv(user: Any, finding: Finding) -> bool:
    return is_ivv_agent(user, finding.program)


def _sponsor(user: Any, finding: Finding) -> bool:
    return is_customer_sponsor(user, finding.program)


def may_file(user: Any, program: Any) -> bool:
    return is_ivv_agent(user, program)


EDIT_RULE = "Only the IV&V agent edits a finding, and only while it is open."
FILE_RULE = "Only the IV&V agent files findings."
ANSWERING_RULE = (
    "Only the Program Manager, PMO Lead or PMO team of the party that must answer the finding "
    "{doing}."
)

WORKFLOW = Workflow(
    [
        Transition(
            name="answer",
            label="Answered",
            sources=frozenset({S.OPEN, S.ANSWERED}),
            target=S.ANSWERED,
            who=answers_for,
            rule=ANSWERING_RULE.format(doing="answers it"),
        ),
        Transition(
            name="start",
            label="Started",
            sources=frozenset({S.ANSWERED}),
            target=S.IN_PROGRESS,
            who=answers_for,
            rule=ANSWERING_RULE.format(doing="starts its corrective action"),
        ),
        Transition(
            name="propose_closure",
            label="Proposed for closure",
            sources=frozenset({S.IN_PROGRESS}),
            target=S.CLOSURE_PROPOSED,
            who=answers_for,
            rule=ANSWERING_RULE.format(doing="proposes its closure"),
        ),
        Transition(
            name="close",
            label="Closed",
            sources=frozenset({S.CLOSURE_PROPOSED}),
            target=S.CLOSED,
            who=_ivv,
            rule="Only the IV&V agent closes a finding after verifying its evidence.",
        ),
        Transition(
            name="send_back",
            label="Sent back",
            sources=frozenset({S.CLOSURE_PROPOSED}),
            target=S.IN_PROGRESS,
            who=_ivv,
            rule="Only the IV&V agent sends a proposed closure back.",
            needs_reason=True,
        ),
        Transition(
            name="accept_risk",
            label="Risk accepted",
            sources=frozenset({S.OPEN, S.ANSWERED, S.IN_PROGRESS, S.CLOSURE_PROPOSED}),
            target=S.ACCEPTED_RISK,
            who=_sponsor,
            rule="Only the customer's Executive Sponsor accepts the risk of a finding.",
            needs_reason=True,
            reason_label="rationale",
        ),
        Transition(
            name="escalate",
            label="Escalated",
            sources=frozenset({S.ANSWERED}),
            target=None,
            who=_ivv,
            rule="Only the IV&V agent escalates a non-concurrence to the Executive Sponsors.",
            needs_reason=True,
        ),
        Transition(
            name="reopen",
            label="Reopened",
            sources=frozenset({S.CLOSED}),
            target=S.IN_PROGRESS,
            who=_ivv,
            rule="Only the IV&V agent reopens a closed finding.",
            needs_reason=True,
        ),
    ],
    status_labels=dict(FindingStatus.choices),
)


def available_actions(user: Any, finding: Finding) -> list[str]:
    """The transitions ``user`` may make on ``finding`` now, by name; an escalation only of a
    non-concurrence not yet escalated, a start only of a concurrence."""
    names = [t.name for t in WORKFLOW.available(user, finding)]
    if finding.response != FindingResponse.NON_CONCUR or finding.escalated_at is not None:
        names = [n for n in names if n != "escalate"]
    if finding.response == FindingResponse.NON_CONCUR:
        names = [n for n in names if n != "start"]
    return names


def may_edit(user: Any, finding: Finding) -> bool:
    return finding.status == S.OPEN and is_ivv_agent(user, finding.program)
