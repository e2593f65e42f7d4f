"""The register's rules through its services: numbering, sources, validation by both parties
of the current wording, applying, comments and self-assessments; each refusal names the
field or rule and changes nothing."""

from __future__ import annotations

from typing import Any

import pytest

from ivv.models import Finding
from lessons import services
from lessons.models import Lesson, LessonHistory, LessonValidation, PlayLessonAssessment
from pmp.models import RaidItem
from programs.errors import DomainError, PermissionRefused
from programs.models import AuditEvent
from tests.conftest import World

from .conftest import record, validate_both


def _state() -> Any:
    return (
        AuditEvent.objects.count(),
        LessonHistory.objects.count(),
        LessonValidation.objects.count(),
        sorted(Lesson.objects.values_list("number", "status", "title", "revision")),
    )


def test_lessons_are_numbered_per_program_proposed_and_audited(world: World) -> None:
    first, second = record(world), record(world, title="Second")
    assert (first.reference, second.reference) == ("LL-001", "LL-002")
    assert first.status == "proposed" and (first.revision, first.wording_revision) == (1, 1)
    event = AuditEvent.objects.filter(action="create").latest("pk")
    assert event.changes["title"] == [None, "Second"]


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("title", "  ", "A lesson needs a title."),
        ("what_happened", "", "Say what happened."),
        ("recommendation", "", "A lesson needs a recommendation."),
        ("impact_kind", "neutral", "positive or negative"),
        ("category", "nothing", "Choose a category."),
        ("phase", 9, "M3 phase"),
        ("workstream", "x", "workstream"),
        ("owner_party", "independent", "customer, the provider or both"),
        ("title", "x" * 201, "The title"),
        ("source", "R-99", "has no RAID item, change request or IV&V finding “R-99”"),
        ("source", "nonsense", "R-3, A-2, I-1, D-4, CR-2 or IVV-001"),
    ],
)
def test_bad_input_is_refused_naming_the_field_and_nothing_is_saved(
    world: World, field: str, value: Any, message: str
) -> None:
    before = _state()
    with pytest.raises(DomainError) as refused:
        record(world, **{field: value})
    assert refused.value.field == field
    assert message in refused.value.message
    assert _state() == before


def test_a_lesson_comes_from_a_raid_item_or_a_finding_of_its_program(world: World) -> None:
    from tests.ivv.conftest import file_finding
    from tests.pmp.conftest import record as record_raid

    item = record_raid(world, "risk")
    lesson = record(world, source=item.reference)
    assert lesson.raid_item == item and lesson.source == item
    finding = file_finding(world)
    lesson = record(world, source=f"ivv-{finding.number}")
    assert lesson.finding == finding
    assert (
        services.lesson_update(
            acting_user=world.user("provider.pmo_team"), lesson=lesson, source=""
        ).source
        is None
    )
    assert RaidItem.objects.count() == 1 and Finding.objects.count() == 1


def test_a_source_of_another_program_is_not_found(world: World) -> None:
    from tests.pmp.conftest import record as record_raid

    item = record_raid(world, "risk")
    RaidItem.objects.filter(pk=item.pk).update(program=world.other_program)
    with pytest.raises(DomainError, match="has no RAID item"):
        record(world, source=item.reference)


def test_validated_by_both_parties_once_a_reviewer_of_each_validated_the_wording(
    world: World,
) -> None:
    lesson = record(world)
    services.lesson_validate(acting_user=world.user("customer.program_manager"), lesson=lesson)
    assert lesson.status == "proposed"
    services.lesson_validate(acting_user=world.user("customer.pmo_lead"), lesson=lesson)
    assert lesson.status == "proposed"  # two of one party are still one party
    services.lesson_validate(acting_user=world.user("provider.program_manager"), lesson=lesson)
    assert lesson.status == "validated"
    actions = list(lesson.history.values_list("action", "from_status", "to_status"))
    assert actions[-1] == ("agree", "proposed", "validated")


def test_a_new_wording_needs_new_validations(world: World) -> None:
    lesson = validate_both(world, record(world))
    services.lesson_update(
        acting_user=world.user("provider.pmo_team"), lesson=lesson, title="Sized for volume"
    )
    assert (lesson.status, lesson.wording_revision) == ("proposed", 2)
    assert lesson.history.last().action == "reword"  # type: ignore[union-attr]
    # The old validations do not count: each party validates again.
    services.lesson_validate(acting_user=world.user("customer.program_manager"), lesson=lesson)
    assert lesson.status == "proposed"
    services.lesson_validate(acting_user=world.user("provider.pmo_lead"), lesson=lesson)
    assert lesson.status == "validated"


def test_a_change_that_keeps_the_wording_keeps_the_validation(world: World) -> None:
    lesson = validate_both(world, record(world))
    services.lesson_update(
        acting_user=world.user("customer.pmo_team"), lesson=lesson, category="risk"
    )
    assert (lesson.status, lesson.wording_revision, lesson.category) == ("validated", 1, "risk")
    # The record moved on (two validations, then the edit): an edit form opened before is stale.
    assert lesson.revision == 4


def test_validation_refusals_change_nothing(world: World) -> None:
    lesson = record(world)
    services.lesson_validate(acting_user=world.user("customer.program_manager"), lesson=lesson)
    before = _state()
    with pytest.raises(DomainError, match="already validated this wording"):
        services.lesson_validate(acting_user=world.user("customer.program_manager"), lesson=lesson)
    for username in ("customer.pmo_team", "provider.executive_sponsor", "independent.ivv_agent"):
        with pytest.raises(PermissionRefused, match="Only a Program Manager or PMO Lead"):
            services.lesson_validate(acting_user=world.user(username), lesson=lesson)
    assert _state() == before


def test_applying_needs_a_validated_lesson_and_where(world: World) -> None:
    lesson = record(world)
    before = _state()
    with pytest.raises(DomainError, match="only an item that is validated by both parties"):
        services.lesson_apply(
            acting_user=world.user("customer.pmo_team"), lesson=lesson, where_applied="PMP"
        )
    validate_both(world, lesson)
    before = _state()
    with pytest.raises(DomainError) as refused:
        services.lesson_apply(
            acting_user=world.user("customer.pmo_team"), lesson=lesson, where_applied=" "
        )
    assert refused.value.field == "where_applied"
    assert _state() == before
    services.lesson_apply(
        acting_user=world.user("customer.pmo_team"),
        lesson=lesson,
        where_applied="The Migration phase's PMP.",
    )
    lesson.refresh_from_db()
    assert lesson.status == "applied" and lesson.where_applied == "The Migration phase's PMP."
    assert lesson.applied_on is not None


def test_an_applied_lessons_wording_stays(world: World) -> None:
    lesson = validate_both(world, record(world))
    services.lesson_apply(
        acting_user=world.user("customer.pmo_team"), lesson=lesson, where_applied="PMP"
    )
    before = _state()
    with pytest.raises(DomainError, match="is applied: its wording stays"):
        services.lesson_update(
            acting_user=world.user("customer.pmo_team"), lesson=lesson, title="New"
        )
    assert _state() == before


def test_outsiders_viewers_and_the_ivv_agent_do_not_record_or_edit(world: World) -> None:
    lesson = record(world)
    before = _state()
    for username in ("outsider", "customer.viewer", "independent.ivv_agent", "provider.sme"):
        with pytest.raises(PermissionRefused, match="Only Program Managers, PMO Leads"):
            record(world, username)
        with pytest.raises(PermissionRefused):
            services.lesson_update(acting_user=world.user(username), lesson=lesson, title="X")
    assert _state() == before


def test_comments_by_members_but_viewers(world: World) -> None:
    lesson = record(world)
    comment = services.lesson_comment_add(
        acting_user=world.user("independent.ivv_agent"), lesson=lesson, text=" Agreed. "
    )
    assert (comment.text, comment.author_party) == ("Agreed.", "independent")
    count = AuditEvent.objects.count()
    with pytest.raises(PermissionRefused):
        services.lesson_comment_add(
            acting_user=world.user("provider.viewer"), lesson=lesson, text="Hi"
        )
    with pytest.raises(DomainError, match="A comment says something"):
        services.lesson_comment_add(
            acting_user=world.user("provider.pmo_team"), lesson=lesson, text=""
        )
    assert AuditEvent.objects.count() == count and lesson.comments.count() == 1


def test_each_party_self_assesses_its_own_side(world: World) -> None:
    row = services.assessment_set(
        acting_user=world.user("provider.pmo_team"),
        program=world.program,
        lesson=6,
        rating="partly",
        note="Leave terms open.",
    )
    assert (row.party, row.rating) == ("provider", "partly")
    services.assessment_set(
        acting_user=world.user("provider.program_manager"),
        program=world.program,
        lesson=6,
        rating="followed",
    )
    assert PlayLessonAssessment.objects.get(lesson=6, party="provider").rating == "followed"
    before = (AuditEvent.objects.count(), list(PlayLessonAssessment.objects.values()))
    with pytest.raises(PermissionRefused, match="self-assess"):
        services.assessment_set(
            acting_user=world.user("customer.viewer"),
            program=world.program,
            lesson=6,
            rating="followed",
        )
    with pytest.raises(DomainError) as refused:
        services.assessment_set(
            acting_user=world.user("customer.pmo_lead"),
            program=world.program,
            lesson=9,
            rating="followed",
        )
    assert refused.value.field == "lesson"
    with pytest.raises(DomainError) as refused:
        services.assessment_set(
            acting_user=world.user("customer.pmo_lead"), program=world.program, lesson=1, rating="x"
        )
    assert refused.value.field == "rating"
    assert (AuditEvent.objects.count(), list(PlayLessonAssessment.objects.values())) == before
