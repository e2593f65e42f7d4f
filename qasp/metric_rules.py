"""Who may do what with the service metrics the provider reports, in one place for services,
pages and the API.

- Submit, and withdraw a submission still awaiting validation: the provider's editors
  (``change`` on a provider-owned artifact).
- Validate into a surveillance record, or reject with a reason: the customer's editors, who
  record surveillance (``qasp.rules.may_record``).
- Everyone else in the program reads them."""

from __future__ import annotations

from typing import Any

from programs import policy
from programs.choices import Party
from programs.models import Program

from .choices import MetricStatus
from .rules import may_record

SUBMIT_RULE = "Only the provider's editors submit service metrics."
WITHDRAW_RULE = "Only the provider's editors withdraw a submission, while it awaits validation."
REVIEW_RULE = "Only the customer's editors validate or reject a provider's submission."


def may_submit(user: Any, program: Program) -> bool:
    return policy.can_change_party(user, program, Party.PROVIDER)


def awaiting(submission: Any) -> bool:
    return bool(submission.status == MetricStatus.SUBMITTED)


def may_withdraw(user: Any, submission: Any) -> bool:
    return awaiting(submission) and may_submit(user, submission.program)


def may_review(user: Any, submission: Any) -> bool:
    """Validate or reject: the customer's editors, while the submission awaits validation."""
    return awaiting(submission) and may_record(user, submission.program)
