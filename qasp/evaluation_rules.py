"""Who may do what with performance evaluations, in one place for services, pages and the API.

- Create, refresh the proposal, rate and narrate, open for comment: the customer's editors
  (``change`` on a customer-owned evaluation), while the evaluation is a draft.
- Comment: provider members who may comment (all but viewers), once, while the evaluation is
  open for comment and on or before its comment due date.
- Sign: the customer's evaluator alone (the user of the evaluation's ``evaluator``
  membership), once the provider has commented or the comment window has closed. The
  provider comments on its evaluation but never signs it.
- A signed evaluation never changes."""

from __future__ import annotations

from typing import Any

from programs import limits, policy
from programs.choices import Party
from programs.models import Program

from .choices import EvaluationStatus
from .rules import is_provider_commenter

CREATE_RULE = "Only the customer's editors create a performance evaluation."
EDIT_RULE = (
    "Only the customer's editors rate a performance evaluation, and only while it is a draft."
)
COMMENT_RULE = "Only members of the provider who may comment comment on a performance evaluation."
SIGN_RULE = (
    "Only the customer's evaluator named on the evaluation signs it; the provider comments "
    "on its evaluation but never signs it."
)


def may_create(user: Any, program: Program) -> bool:
    return policy.can_change_party(user, program, Party.CUSTOMER)


def may_edit(user: Any, evaluation: Any) -> bool:
    return evaluation.status == EvaluationStatus.DRAFT and policy.can(user, "change", evaluation)


def comment_open(evaluation: Any) -> bool:
    return (
        evaluation.status == EvaluationStatus.OPEN_FOR_COMMENT
        and not evaluation.provider_comment
        and evaluation.comment_due is not None
        and limits.today() <= evaluation.comment_due
    )


def may_comment(user: Any, evaluation: Any) -> bool:
    return comment_open(evaluation) and is_provider_commenter(user, evaluation.program)


def is_evaluator(user: Any, evaluation: Any) -> bool:
    return bool(user.is_authenticated) and evaluation.evaluator.user_id == user.pk


def ready_to_sign(evaluation: Any) -> bool:
    return evaluation.status == EvaluationStatus.OPEN_FOR_COMMENT and (
        bool(evaluation.provider_comment)
        or (evaluation.comment_due is not None and limits.today() > evaluation.comment_due)
    )


def may_sign(user: Any, evaluation: Any) -> bool:
    return ready_to_sign(evaluation) and is_evaluator(user, evaluation)
