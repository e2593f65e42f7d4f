"""Who may do what in the lessons learned register, and its life cycle.

- Every member of the program reads the register (``view`` on the program).
- Program Managers, PMO Leads and PMO Team of the customer and the provider record and edit
  lessons (``change`` on a shared row).
- Validation takes a reviewer of each party: a Program Manager or PMO Lead of the customer
  and one of the provider, each validating the current wording.
- Applying a validated lesson is an editor's step, saying where it was applied.
- Each party self-assesses the eight Play 3.1 lessons for its own side (its editors).
- Members of either party but viewers, and the IV&V agent, comment.
"""

from __future__ import annotations

from typing import Any

from programs import policy
from programs.choices import MEMBER_MANAGING_ROLES, Party
from programs.models import Program
from programs.registers import Transition, Workflow

from .choices import LessonStatus
from .models import Lesson

S = LessonStatus

RECORD_RULE = (
    "Only Program Managers, PMO Leads and PMO Team of the customer and the provider record "
    "and edit lessons."
)
VALIDATE_RULE = (
    "Only a Program Manager or PMO Lead of the customer or the provider validates a lesson."
)
ASSESS_RULE = (
    "Only Program Managers, PMO Leads and PMO Team of a party self-assess the lessons for "
    "that party."
)
COMMENT_RULE = (
    "Only members of the customer and the provider (viewers read) and the IV&V agent comment."
)


def may_record(user: Any, program: Program) -> bool:
    return policy.can(user, "change", Lesson(program=program))


def may_edit(user: Any, lesson: Lesson) -> bool:
    return policy.can(user, "change", lesson)


def reviewer_party(user: Any, program: Program) -> str | None:
    """The party ``user`` validates lessons for, or None."""
    if not user.is_authenticated or not user.is_active:
        return None
    membership = policy.membership_of(user, program)
    if (
        membership is None
        or membership.party not in (Party.CUSTOMER, Party.PROVIDER)
        or membership.role not in MEMBER_MANAGING_ROLES
    ):
        return None
    return str(membership.party)


def may_validate(user: Any, lesson: Lesson) -> bool:
    return reviewer_party(user, lesson.program) is not None


def assessing_party(user: Any, program: Program) -> str | None:
    """The party ``user`` self-assesses the Play 3.1 lessons for, or None."""
    membership = policy.membership_of(user, program)
    if membership is None or membership.party not in (Party.CUSTOMER, Party.PROVIDER):
        return None
    return (
        str(membership.party) if policy.can_change_party(user, program, membership.party) else None
    )


def may_comment(user: Any, lesson: Lesson) -> bool:
    return policy.can(user, "view", lesson) and policy.can_comment(user, lesson)


WORKFLOW = Workflow(
    [
        Transition(
            name="validate",
            label="Validated",
            sources=frozenset({S.PROPOSED}),
            target=None,
            who=may_validate,
            rule=VALIDATE_RULE,
        ),
        Transition(
            name="agree",
            label="Validated by both parties",
            sources=frozenset({S.PROPOSED}),
            target=S.VALIDATED,
            who=may_validate,
            rule=VALIDATE_RULE,
        ),
        Transition(
            name="apply",
            label="Applied",
            sources=frozenset({S.VALIDATED}),
            target=S.APPLIED,
            who=may_edit,
            rule=RECORD_RULE,
            needs_reason=True,
            reason_label="note of where it was applied",
        ),
        Transition(
            name="reword",
            label="Reworded",
            sources=frozenset({S.PROPOSED, S.VALIDATED}),
            target=S.PROPOSED,
            who=may_edit,
            rule=RECORD_RULE,
        ),
    ],
    status_labels=dict(LessonStatus.choices),
)
