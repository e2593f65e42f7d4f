"""The register's pages: recording through the form, a lesson's page with its steps, a refused
step showing the message beside the form, comments, the eight lessons page with the
self-assessment form, and the register's query count not growing with its rows."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lessons.models import Lesson, PlayLessonAssessment
from programs.models import Attachment
from tests.conftest import World
from tests.programs.attachment_files import pdf

from .conftest import FORM, record, validate_both

WEB = "/programs/alpha/lessons/"


def test_recording_through_the_form_lands_on_the_lesson(world: World) -> None:
    web = world.client("provider.pmo_lead")
    assert web.get(f"{WEB}new/").status_code == 200
    response = web.post(f"{WEB}new/", FORM)
    assert response.status_code == 302 and response["Location"] == f"{WEB}1/"
    page = web.get(f"{WEB}1/").content.decode()
    assert "LL-001 Size the conversion environment" in page
    assert "Validate this wording" in page  # a provider reviewer may validate it


def test_a_refused_form_shows_the_message_beside_the_field(world: World) -> None:
    web = world.client("customer.pmo_team")
    response = web.post(f"{WEB}new/", FORM | {"source": "CR-7"})
    assert response.status_code == 400
    assert (
        "has no RAID item, change request or IV&amp;V finding “CR-7”" in response.content.decode()
    )
    assert not Lesson.objects.exists()


def test_validate_then_apply_through_the_page(world: World) -> None:
    lesson = record(world)
    customer, provider = world.client("customer.pmo_lead"), world.client("provider.program_manager")
    assert customer.post(f"{WEB}1/validate/").status_code == 302
    page = customer.get(f"{WEB}1/").content.decode()
    assert "Customer: validated by" in page and "Provider: not validated yet" in page
    assert "Validate this wording" not in page  # already validated by this person
    assert provider.post(f"{WEB}1/validate/").status_code == 302
    lesson.refresh_from_db()
    assert lesson.status == "validated"
    refused = provider.post(f"{WEB}1/apply/", {"apply-where_applied": ""})
    assert refused.status_code == 400 and "This field is required" in refused.content.decode()
    done = provider.post(f"{WEB}1/apply/", {"apply-where_applied": "The Migration PMP."})
    assert done.status_code == 302
    lesson.refresh_from_db()
    assert lesson.status == "applied"
    page = provider.get(f"{WEB}1/").content.decode()
    assert "The Migration PMP." in page and "Edit the lesson" not in page


def test_a_refused_step_changes_nothing_and_says_why(world: World) -> None:
    record(world)
    web = world.client("customer.pmo_team")
    assert web.post(f"{WEB}1/validate/").status_code == 404  # not a reviewer
    response = web.post(f"{WEB}1/apply/", {"apply-where_applied": "Phase 4"})
    assert response.status_code == 400
    assert "only an item that is validated by both parties" in response.content.decode()
    lesson = Lesson.objects.get()
    assert lesson.status == "proposed" and not lesson.validations.exists()


def test_editing_a_validated_lesson_says_it_goes_back_for_validation(world: World) -> None:
    validate_both(world, record(world))
    web = world.client("customer.pmo_team")
    assert "a new wording goes back to both parties" in web.get(f"{WEB}1/").content.decode()
    response = web.post(f"{WEB}1/edit/", FORM | {"title": "Sized for the full volume"})
    assert response.status_code == 302
    assert Lesson.objects.get().status == "proposed"


def test_comments_on_the_page(world: World) -> None:
    record(world)
    web = world.client("independent.ivv_agent")
    response = web.post(f"{WEB}1/comment/", {"comment-text": "Seen in two programs."})
    assert response.status_code == 302
    assert "Seen in two programs." in web.get(f"{WEB}1/").content.decode()
    assert (
        world.client("customer.viewer").post(f"{WEB}1/comment/", {"comment-text": "x"}).status_code
        == 404
    )


def test_the_eight_lessons_page_and_a_self_assessment(world: World) -> None:
    web = world.client("customer.program_manager")
    page = web.get(f"{WEB}play/").content.decode()
    for number in range(1, 9):
        assert f'id="lesson-{number}"' in page
    assert "No source yet: the glossary has no term." in page
    assert "No source yet: the program has no PMO role agreement" in page
    response = web.post(
        f"{WEB}play/6/assess/", {"lesson-6-rating": "partly", "lesson-6-note": "Half agreed."}
    )
    assert response.status_code == 302
    row = PlayLessonAssessment.objects.get()
    assert (row.lesson, row.party, row.rating) == (6, "customer", "partly")
    assert "Half agreed." in web.get(f"{WEB}play/").content.decode()
    viewer = world.client("provider.viewer")
    assert "Save the assessment" not in viewer.get(f"{WEB}play/").content.decode()
    assert viewer.post(f"{WEB}play/6/assess/", {"lesson-6-rating": "followed"}).status_code == 404
    assert web.post(f"{WEB}play/9/assess/", {"lesson-9-rating": "followed"}).status_code == 404
    assert PlayLessonAssessment.objects.count() == 1


def test_filters_and_reference_search_on_the_register(world: World) -> None:
    record(world)
    record(world, title="Glossary early", impact_kind="positive", category="communications")
    web = world.client("customer.viewer")
    page = web.get(f"{WEB}?impact=positive").content.decode()
    assert "Glossary early" in page and "Size the conversion" not in page
    page = web.get(f"{WEB}?q=LL-1").content.decode()
    assert "LL-001" in page and "LL-002" not in page
    page = web.get(f"{WEB}?q=glossary").content.decode()
    assert "LL-002" in page and "LL-001" not in page


@pytest.mark.parametrize("rows", [2])
def test_register_queries_do_not_grow_with_rows(world: World, rows: int) -> None:
    web = world.client("provider.pmo_team")

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert web.get(WEB).status_code == 200
        return len(queries)

    count()  # warm the per-process caches (content types)
    # Each count is of the first read after a write: nothing kept for the program is reused.
    for _ in range(rows + 1):
        record(world)
    few = count()
    for _ in range(rows * 5 + 1):
        record(world)
    assert count() == few


def test_files_attach_to_a_lesson_by_its_editors_only(world: World) -> None:
    lesson = record(world)
    add = f"/programs/alpha/attachments/of/lessons.lesson/{lesson.pk}/add/"
    viewer = world.client("provider.viewer")
    assert viewer.post(add, {"file": SimpleUploadedFile("x.pdf", pdf())}).status_code == 404
    assert not Attachment.objects.exists()
    editor = world.client("provider.pmo_team")
    response = editor.post(add, {"file": SimpleUploadedFile("evidence.pdf", pdf())})
    assert response.status_code == 302
    assert "evidence.pdf" in viewer.get(f"{WEB}1/").content.decode()
