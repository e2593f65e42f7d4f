"""Errors speak the user's words: choices by their labels, never the stored codes, and never
the raw value sent echoed back as "not a valid choice"."""

from __future__ import annotations

from programs.models import DocumentVersion, GlossaryTerm

from ..conftest import World
from ..factories import charter_content
from .conftest import EDITOR, Api, charter_url, program_url

LONG_DEFINITION = "d" * 200_000
LONG_SECTION = "s" * 420_000


def test_an_unknown_reason_lists_the_reasons_in_words(
    world: World, api: Api, approved_charter: DocumentVersion
) -> None:
    response = api(EDITOR).post(
        charter_url("versions/"), {"reason": "because", "reason_text": "x"}, format="json"
    )
    assert response.status_code == 400
    body = response.json()
    assert body["field"] == "reason"
    assert "Scope change, Timeline change or Other" in body["detail"]
    assert "because" not in body["detail"] and "scope_change" not in body["detail"]


def test_an_unknown_activity_status_lists_the_statuses(world: World, api: Api) -> None:
    response = api(EDITOR).patch(
        program_url("activities/update_program_charter/"), {"status": "wip"}, format="json"
    )
    assert response.status_code == 400
    detail = response.json()["detail"]
    assert detail.startswith("status: Choose one of: ") or "Choose one of: " in detail
    assert "wip" not in detail and "not a valid choice" not in detail


def test_a_200000_character_glossary_definition_is_refused(world: World, api: Api) -> None:
    response = api(EDITOR).post(
        program_url("glossary/"),
        {"term": "Cutover", "definition": LONG_DEFINITION},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["field"] == "definition"
    assert "20,000" in response.json()["detail"] or "20000" in response.json()["detail"]
    assert not GlossaryTerm.objects.filter(term="Cutover").exists()


def test_a_420000_character_charter_section_is_refused(
    world: World, api: Api, approved_charter: DocumentVersion
) -> None:
    editor = api(EDITOR)
    started = editor.post(
        charter_url("versions/"),
        {"reason": "scope_change", "reason_text": "More scope."},
        format="json",
    )
    assert started.status_code == 201
    content = charter_content()
    content["sections"]["scope_in"] = LONG_SECTION
    response = editor.patch(
        charter_url("versions/2/"), {"content": content, "revision": 1}, format="json"
    )
    assert response.status_code == 400
    assert response.json().get("field") == "sections.scope_in"
    version = DocumentVersion.objects.get(document__program=world.program, number=2)
    assert len(version.content["sections"].get("scope_in", "")) < 420_000
