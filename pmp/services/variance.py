"""Variance explanations (VA-001): the provider's analysis of a control account's cost or
schedule variance that crossed the program's threshold when a month was closed.

Life cycle (``WORKFLOW``):
- closing a month asks for one per account and kind that crosses its threshold: requested,
  due ``explanation_due_business_days`` business days after the closing;
- the provider's editors who see costs submit the cause, the impact on the program and the
  corrective action (all three required): submitted;
- the customer's Program Manager, PMO Lead or Executive Sponsor who sees costs accepts it
  (accepted), or returns it with a reason (returned), and the provider submits it again.
Every step keeps its history row and an audit event; a refusal names its rule and changes
nothing.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from programs import limits, policy
from programs.choices import AuditAction, Party, Role
from programs.errors import DomainError
from programs.federal_calendar import add_business_days
from programs.models import Program, person_name
from programs.registers import Transition, Workflow, transition_apply
from programs.registers.numbering import allocate_number
from programs.services.audit import audit_record
from schedule.engine.earned import indicators

from ..evm.lights import variance_breaches
from ..models import (
    ControlAccount,
    EarnedValueSettings,
    ExplanationStatus,
    VarianceExplanation,
    VarianceExplanationHistory,
    VarianceKind,
)

if TYPE_CHECKING:
    from ..selectors.earned_value import Figures

S = ExplanationStatus

SUBMIT_RULE = (
    "Variance explanations are written by the provider's Program Managers, PMO Leads and PMO "
    "team members who see costs."
)
REVIEW_RULE = (
    "Variance explanations are accepted or returned by the customer's Program Managers, PMO "
    "Leads and Executive Sponsors who see costs."
)
REVIEWING_ROLES = frozenset({Role.PROGRAM_MANAGER, Role.PMO_LEAD, Role.EXECUTIVE_SPONSOR})
#: The statuses in which the provider owes the explanation.
AWAITING_PROVIDER = frozenset({S.REQUESTED, S.RETURNED})
EXPLANATION_FIELDS = ("cause", "impact", "corrective_action")
FIELD_LABELS = {
    "cause": "The cause",
    "impact": "The impact on the program",
    "corrective_action": "The corrective action",
}


def may_explain(user: Any, item: VarianceExplanation) -> bool:
    return policy.can(user, "change", item) and policy.can_see_costs(user, item.program)


def may_review(user: Any, item: VarianceExplanation) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    if not policy.can_see_costs(user, item.program):
        return False
    if getattr(user, "is_superuser", False):
        return True
    membership = policy.membership_of(user, item.program)
    return (
        membership is not None
        and membership.party == Party.CUSTOMER
        and membership.role in REVIEWING_ROLES
    )


WORKFLOW = Workflow(
    [
        Transition(
            name="submit",
            label="Submitted",
            sources=frozenset(AWAITING_PROVIDER),
            target=S.SUBMITTED,
            who=may_explain,
            rule=SUBMIT_RULE,
        ),
        Transition(
            name="accept",
            label="Accepted",
            sources=frozenset({S.SUBMITTED}),
            target=S.ACCEPTED,
            who=may_review,
            rule=REVIEW_RULE,
        ),
        Transition(
            name="return",
            label="Returned",
            sources=frozenset({S.SUBMITTED}),
            target=S.RETURNED,
            who=may_review,
            rule=REVIEW_RULE,
            needs_reason=True,
        ),
    ],
    status_labels=dict(ExplanationStatus.choices),
)


def is_overdue(item: VarianceExplanation, today: date | None = None) -> bool:
    """The provider owes it and its due date has passed."""
    return item.status in AWAITING_PROVIDER and item.due_on < (today or limits.today())


def explanations_request(
    *,
    acting_user: User,
    program: Program,
    figures: Figures,
    settings: EarnedValueSettings,
) -> list[VarianceExplanation]:
    """Ask for an explanation of each control account's variance in ``figures`` that crosses
    the settings' thresholds; in the caller's transaction (the period's closing)."""
    from ..selectors.earned_value import thresholds_of

    thresholds = thresholds_of(settings)
    accounts = {
        a.wbs: a
        for a in ControlAccount.objects.filter(program=program, wbs__in=list(figures.accounts))
    }
    due = add_business_days(limits.today(), settings.explanation_due_business_days)
    created = []
    with transaction.atomic():
        for wbs, (bac, pv, ev, ac) in figures.accounts.items():
            account = accounts.get(wbs)
            if account is None:
                continue
            value = indicators(bac, pv, ev, ac)
            for breach in variance_breaches(
                value.cv, value.cv_percent, value.sv, value.sv_percent, thresholds
            ):
                kind = VarianceKind.COST if breach.variance == "cost" else VarianceKind.SCHEDULE
                item = VarianceExplanation.objects.create(
                    program=program,
                    number=allocate_number(program, VarianceExplanation.register_key),
                    status=S.REQUESTED,
                    month=figures.month,
                    control_account=account,
                    kind=kind,
                    variance=breach.amount,
                    variance_percent=breach.percent,
                    due_on=due,
                )
                membership = policy.membership_of(acting_user, program)
                VarianceExplanationHistory.objects.create(
                    item=item,
                    action="request",
                    from_status="",
                    to_status=S.REQUESTED,
                    actor=acting_user,
                    actor_name=person_name(acting_user),
                    actor_party=membership.party if membership else "",
                    actor_role=membership.role if membership else "",
                    details={
                        "crossed": list(breach.crossed),
                        "direction": breach.direction.value,
                    },
                    at=timezone.now(),
                )
                audit_record(
                    acting_user=acting_user,
                    program=program,
                    action=AuditAction.CREATE,
                    target=item,
                    changes={
                        "kind": [None, kind.value],
                        "variance": [None, str(breach.amount)],
                        "due_on": [None, due.isoformat()],
                    },
                )
                created.append(item)
    return created


def explanation_submit(
    *,
    acting_user: User,
    item: VarianceExplanation,
    cause: str,
    impact: str,
    corrective_action: str,
) -> VarianceExplanationHistory:
    """The provider explains the variance (again, once returned)."""
    values = {"cause": cause, "impact": impact, "corrective_action": corrective_action}
    # Who may, and from which status, before the content: a refusal names the rule.
    WORKFLOW.check(acting_user, item, "submit")
    for name, text in values.items():
        text = (text or "").strip()
        if not text:
            raise DomainError(f"{FIELD_LABELS[name]} is required.", field=name)
        limits.check_text(text, field=name, limit=limits.MAX_TEXT_LENGTH, what=FIELD_LABELS[name])
        values[name] = text
    history = transition_apply(
        acting_user=acting_user,
        item=item,
        workflow=WORKFLOW,
        name="submit",
        history_model=VarianceExplanationHistory,
        changes=values,
    )
    assert isinstance(history, VarianceExplanationHistory)
    return history


def explanation_review(
    *, acting_user: User, item: VarianceExplanation, accept: bool, reason: str = ""
) -> VarianceExplanationHistory:
    """The customer accepts the explanation or returns it with a reason."""
    limits.check_text(reason, field="reason", limit=limits.MAX_TEXT_LENGTH, what="The reason")
    history = transition_apply(
        acting_user=acting_user,
        item=item,
        workflow=WORKFLOW,
        name="accept" if accept else "return",
        history_model=VarianceExplanationHistory,
        reason=reason,
    )
    assert isinstance(history, VarianceExplanationHistory)
    return history


def variance_amount_text(value: Decimal) -> str:
    sign = "\u2212" if value < 0 else ""
    return f"{sign}${abs(value):,.2f}"
