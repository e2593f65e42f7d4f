"""Who may do what with surveillance records, in one place for services, pages and the API.

- Record and correct: the customer's editors (``change`` on a customer-owned record). The
  evaluator is a customer member: the COR or another.
- Correct a record: until the provider rebuts it; a rebuttal answers what the record said,
  so the record then stands as rebutted (a new observation is a new period's record).
- Rebut: provider members who may comment (all but viewers), once, on or before the rebuttal
  due date. They never change the record.
- Attach files: the customer's editors (evidence), and the provider's rebutters while the
  rebuttal is open to them (rebuttal evidence)."""

from __future__ import annotations

from typing import Any

from programs import limits, policy
from programs.choices import Party
from programs.models import Program

RECORD_RULE = "Only the customer's editors record surveillance."
CORRECT_RULE = "Only the customer's editors correct a record, and only before it is rebutted."
REBUT_RULE = "Only members of the provider who may comment rebut a surveillance record."


def may_record(user: Any, program: Program) -> bool:
    return policy.can_change_party(user, program, Party.CUSTOMER)


def may_correct(user: Any, record: Any) -> bool:
    return not record.rebuttal and policy.can(user, "change", record)


def is_provider_commenter(user: Any, program: Program) -> bool:
    membership = policy.membership_of(user, program)
    return (
        membership is not None
        and membership.party == Party.PROVIDER
        and policy.can_comment(user, program)
    )


def rebuttal_open(record: Any) -> bool:
    return not record.rebuttal and limits.today() <= record.rebuttal_due


def may_rebut(user: Any, record: Any) -> bool:
    return rebuttal_open(record) and is_provider_commenter(user, record.program)


def may_attach_rebuttal_evidence(user: Any, record: Any) -> bool:
    return limits.today() <= record.rebuttal_due and is_provider_commenter(user, record.program)
