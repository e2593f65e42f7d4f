"""Review comments: who comments, dispositions and concurs (every role of each party, the
IV&V agent, a user of another program), the rules of each, what blocks approval and what
the next version addresses."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied

from programs import reviews as rules
from programs.choices import (
    CommentType,
    Concurrence,
    Disposition,
    DocumentStatus,
    Party,
    Role,
    VersionReason,
)
from programs.errors import DomainError, ErrorCode
from programs.models import AuditEvent, DocumentVersion, ReviewComment
from programs.services import documents as document_services
from programs.services import reviews

from ..conftest import ROLE_MATRIX, World
from .review_fixtures import EDITOR, REVIEWER, comment

COMMENTERS = {
    name
    for name, party, role, _ in ROLE_MATRIX
    if role != Role.VIEWER and party in (Party.CUSTOMER, Party.PROVIDER, Party.INDEPENDENT)
}
DISPOSITIONERS = {
    name
    for name, party, role, _ in ROLE_MATRIX
    if party in (Party.CUSTOMER, Party.PROVIDER)
    and role in (Role.PROGRAM_MANAGER, Role.PMO_LEAD, Role.PMO_TEAM)
}
EVERYONE = [name for name, *_ in ROLE_MATRIX] + ["outsider"]


def _events(made: ReviewComment) -> Any:
    return AuditEvent.objects.filter(target_type__model="reviewcomment", target_id=str(made.pk))


def _state(version: DocumentVersion) -> tuple[object, ...]:
    return (
        list(ReviewComment.objects.values_list("number", "disposition", "concurrence")),
        AuditEvent.objects.count(),
        version.status,
    )


@pytest.mark.parametrize("who", EVERYONE)
def test_who_may_comment(world: World, version_in_review: DocumentVersion, who: str) -> None:
    in_review = version_in_review
    before = _state(in_review)
    if who in COMMENTERS:
        made = comment(world, in_review, who)
        assert made.label == "C-001"
        membership = world.user(who).memberships.get()
        assert made.author_party == membership.party
        event = _events(made).get()
        assert event.actor_party == membership.party
        assert event.changes["comment"] == [None, "C-001"]
    else:
        with pytest.raises(DomainError) as refused:
            comment(world, in_review, who)
        assert refused.value.code == ErrorCode.NOT_A_COMMENTER
        assert _state(in_review) == before


@pytest.mark.parametrize("who", EVERYONE)
def test_who_may_disposition(world: World, version_in_review: DocumentVersion, who: str) -> None:
    in_review = version_in_review
    made = comment(world, in_review)
    before = _state(in_review)
    set_it = lambda: reviews.comment_disposition_set(  # noqa: E731
        acting_user=world.user(who), comment=made, disposition=Disposition.ACCEPTED
    )
    if who in DISPOSITIONERS:
        assert set_it().disposition == Disposition.ACCEPTED
        event = _events(made).latest("pk")
        assert event.changes["disposition"] == ["", Disposition.ACCEPTED]
    else:
        with pytest.raises(DomainError):
            set_it()
        assert _state(in_review) == before


@pytest.mark.parametrize("who", EVERYONE)
def test_who_may_concur_with_a_customer_comment(
    world: World, version_in_review: DocumentVersion, who: str
) -> None:
    in_review = version_in_review
    made = comment(world, in_review, "customer.sme")
    reviews.comment_disposition_set(
        acting_user=world.user(EDITOR), comment=made, disposition=Disposition.ACCEPTED
    )
    before = _state(in_review)
    may = who in COMMENTERS and who.startswith("customer.")
    concur = lambda: reviews.comment_concurrence_set(  # noqa: E731
        acting_user=world.user(who), comment=made, concurrence=Concurrence.CONCUR
    )
    if may:
        assert concur().concurrence == Concurrence.CONCUR
    else:
        with pytest.raises(DomainError):
            concur()
        assert _state(in_review) == before


def test_only_the_ivv_agent_concurs_with_its_comment(
    world: World, version_in_review: DocumentVersion
) -> None:
    in_review = version_in_review
    made = comment(world, in_review)
    reviews.comment_disposition_set(
        acting_user=world.user(EDITOR),
        comment=made,
        disposition=Disposition.REJECTED,
        text="Dates belong in the milestones table.",
    )
    with pytest.raises(DomainError):
        reviews.comment_concurrence_set(
            acting_user=world.user("customer.program_manager"),
            comment=made,
            concurrence=Concurrence.CONCUR,
        )
    with pytest.raises(DomainError) as no_reason:
        reviews.comment_concurrence_set(
            acting_user=world.user(REVIEWER), comment=made, concurrence=Concurrence.NON_CONCUR
        )
    assert no_reason.value.field == "reason"
    answered = reviews.comment_concurrence_set(
        acting_user=world.user(REVIEWER),
        comment=made,
        concurrence=Concurrence.NON_CONCUR,
        reason="The table has no end-state milestone either.",
    )
    assert answered.non_concurs


def test_comment_on_a_version_not_in_review_is_refused(world: World) -> None:
    from ..factories import make_charter

    draft = make_charter(world.program, state="draft", editor=world.user(EDITOR))
    with pytest.raises(DomainError) as refused:
        comment(world, draft)
    assert refused.value.code == ErrorCode.VERSION_NOT_IN_REVIEW
    assert "only on a version in review" in refused.value.message
    assert not ReviewComment.objects.exists()


def test_anchor_quote_type_and_lengths_are_checked(
    world: World, version_in_review: DocumentVersion
) -> None:
    in_review = version_in_review
    cases = [
        ({"anchor": "sections.nonsense"}, "anchor"),
        ({"anchor": ""}, "anchor"),
        ({"type": "urgent"}, "type"),
        ({"text": "  "}, "text"),
        ({"text": "x" * (rules.COMMENT_MAX_LENGTH + 1)}, "text"),
        ({"quote": "words that are nowhere"}, "quote"),
        ({"proposed_change": "y" * (rules.PROPOSED_CHANGE_MAX_LENGTH + 1)}, "proposed_change"),
    ]
    for values, field in cases:
        with pytest.raises(DomainError) as refused:
            comment(world, in_review, **values)
        assert refused.value.field == field, values
    assert not ReviewComment.objects.exists()
    # A quote found in the part (white space and case aside), a field, a table.
    comment(world, in_review, quote="the PURPOSE and  vision of the program")
    comment(world, in_review, anchor="fields.budget", quote="4250000.00")
    made = comment(world, in_review, anchor="tables.milestones", quote="Integrated PMO stood up")
    assert made.label == "C-003"


def test_disposition_rules(world: World, version_in_review: DocumentVersion) -> None:
    in_review = version_in_review
    made = comment(world, in_review)
    editor = world.user(EDITOR)

    def refused(**values: object) -> str | None:
        with pytest.raises(DomainError) as error:
            reviews.comment_disposition_set(acting_user=editor, comment=made, **values)  # type: ignore[arg-type]
        return error.value.field

    assert refused(disposition=Disposition.REJECTED) == "text"
    assert refused(disposition=Disposition.ACCEPTED_WITH_MODIFICATION) == "text"
    assert refused(disposition=Disposition.DEFERRED) == "deferred_to"
    assert refused(disposition=Disposition.DEFERRED, deferred_to=1) == "deferred_to"
    assert refused(disposition="maybe") == "disposition"
    made.refresh_from_db()
    assert made.disposition == ""
    deferred = reviews.comment_disposition_set(
        acting_user=editor, comment=made, disposition=Disposition.DEFERRED, deferred_to=2
    )
    assert deferred.deferred_to == 2
    # Changed again, audited each time.
    reviews.comment_disposition_set(
        acting_user=editor, comment=made, disposition=Disposition.REJECTED, text="Out of scope."
    )
    events = _events(made).order_by("pk")
    assert [e.changes.get("disposition") for e in events][1:] == [
        ["", "deferred"],
        ["deferred", "rejected"],
    ]


def test_a_changed_disposition_asks_for_concurrence_again(
    world: World, version_in_review: DocumentVersion
) -> None:
    in_review = version_in_review
    made = comment(world, in_review)
    editor = world.user(EDITOR)
    reviews.comment_disposition_set(
        acting_user=editor, comment=made, disposition=Disposition.ACCEPTED
    )
    reviews.comment_concurrence_set(
        acting_user=world.user(REVIEWER), comment=made, concurrence=Concurrence.CONCUR
    )
    changed = reviews.comment_disposition_set(
        acting_user=editor, comment=made, disposition=Disposition.REJECTED, text="No."
    )
    assert changed.concurrence == ""


def _sign_both(world: World, version: DocumentVersion) -> None:
    document_services.version_sign(
        acting_user=world.user("customer.executive_sponsor"), version=version
    )
    document_services.version_sign(
        acting_user=world.user("provider.executive_sponsor"), version=version
    )


def test_critical_comment_without_disposition_blocks_approval(
    world: World, version_in_review: DocumentVersion
) -> None:
    in_review = version_in_review
    comment(world, in_review, type=CommentType.EDITORIAL)
    critical = comment(world, in_review, type=CommentType.CRITICAL)
    document_services.version_sign(
        acting_user=world.user("customer.executive_sponsor"), version=in_review
    )
    signatures = in_review.signatures.count()
    assert reviews.approval_blockers(in_review) == ["C-002 (critical) has no disposition"]
    with pytest.raises(DomainError) as refused:
        document_services.version_sign(
            acting_user=world.user("provider.executive_sponsor"), version=in_review
        )
    assert refused.value.code == ErrorCode.COMMENTS_UNDISPOSITIONED
    assert "C-002 (critical) has no disposition" in refused.value.message
    in_review.refresh_from_db()
    assert in_review.status == DocumentStatus.IN_REVIEW
    assert in_review.signatures.count() == signatures
    assert not reviews.all_dispositioned(in_review)

    reviews.comment_disposition_set(
        acting_user=world.user(EDITOR), comment=critical, disposition=Disposition.ACCEPTED
    )
    # An editorial comment without a disposition does not block.
    document_services.version_sign(
        acting_user=world.user("provider.executive_sponsor"), version=in_review
    )
    in_review.refresh_from_db()
    assert in_review.status == DocumentStatus.APPROVED
    assert [c.label for c in reviews.undispositioned(in_review)] == ["C-001"]


def test_editing_in_review_voids_signatures_but_keeps_comments(
    world: World, version_in_review: DocumentVersion
) -> None:
    in_review = version_in_review
    comment(world, in_review)
    document_services.version_sign(
        acting_user=world.user("customer.executive_sponsor"), version=in_review
    )
    content = {**in_review.content}
    content["sections"] = {**content["sections"], "purpose": "A new purpose."}
    document_services.version_update_content(
        acting_user=world.user(EDITOR),
        version=in_review,
        content=content,
        base_revision=in_review.revision,
    )
    assert not in_review.signatures.filter(voided_at__isnull=True).exists()
    assert ReviewComment.objects.filter(version=in_review).count() == 1


def test_next_version_lists_the_comments_it_addresses(
    world: World, version_in_review: DocumentVersion
) -> None:
    in_review = version_in_review
    editor = world.user(EDITOR)
    accepted, modified, rejected, deferred, later = (comment(world, in_review) for _ in range(5))
    for c, values in (
        (accepted, {"disposition": Disposition.ACCEPTED}),
        (modified, {"disposition": Disposition.ACCEPTED_WITH_MODIFICATION, "text": "Reworded."}),
        (rejected, {"disposition": Disposition.REJECTED, "text": "Out of scope."}),
        (deferred, {"disposition": Disposition.DEFERRED, "deferred_to": 2}),
        (later, {"disposition": Disposition.DEFERRED, "deferred_to": 3}),
    ):
        reviews.comment_disposition_set(acting_user=editor, comment=c, **values)
    _sign_both(world, in_review)
    version = document_services.version_create_next(
        acting_user=editor,
        document=in_review.document,
        reason=VersionReason.SCOPE_CHANGE,
        reason_text="Comments of the review.",
    )
    assert [c.label for c in reviews.comments_addressed_by(version)] == [
        "C-001",
        "C-002",
        "C-004",
    ]
    event = AuditEvent.objects.filter(
        target_type__model="documentversion", target_id=str(version.pk), action="create"
    ).get()
    assert event.changes["addresses_comments"] == [None, ["C-001", "C-002", "C-004"]]


def test_disposition_is_final_once_approved(
    world: World, version_in_review: DocumentVersion
) -> None:
    in_review = version_in_review
    made = comment(world, in_review)
    reviews.comment_disposition_set(
        acting_user=world.user(EDITOR), comment=made, disposition=Disposition.ACCEPTED
    )
    _sign_both(world, in_review)
    with pytest.raises(DomainError) as refused:
        reviews.comment_disposition_set(
            acting_user=world.user(EDITOR),
            comment=made,
            disposition=Disposition.REJECTED,
            text="Changed our mind.",
        )
    assert refused.value.code == ErrorCode.VERSION_LOCKED


def test_numbers_run_per_document(world: World, version_in_review: DocumentVersion) -> None:
    in_review = version_in_review
    assert [comment(world, in_review).number for _ in range(3)] == [1, 2, 3]
    assert rules.number_of("C-012") == 12
    assert rules.number_of("c-7") == 7
    assert rules.number_of("maybe") is None


def test_policy_denials_raise_for_outsider(
    world: World, version_in_review: DocumentVersion
) -> None:
    in_review = version_in_review
    with pytest.raises((DomainError, PermissionDenied)):
        comment(world, in_review, "outsider")
