"""Every free text on a page states its maximum length: the browser holds the field to it
(maxlength), a long text says "Up to N characters" below the box, and a longer one posted
anyway is refused beside the field."""

from __future__ import annotations

import re

from django import forms
from django.urls import reverse

from charter.definition import CHARTER_KIND
from programs.document_pages.forms import ContentForm
from programs.forms import GlossaryTermForm, OnboardingItemForm, ProgramCreateForm
from programs.models import DocumentVersion, GlossaryTerm, Membership
from programs.services import documents as document_services
from schedule.forms import ExceptionForm, SettingsForm, TaskNewForm
from schedule.forms_control import BaselineForm, ChangeRequestForm, DecideForm
from tests.charter.conftest import form_data
from tests.conftest import World
from tests.factories import charter_content

EDITOR = "customer.program_manager"


def _text_boxes(html: str) -> list[str]:
    """Every visible text input and textarea of ``html``."""
    inputs = [
        tag
        for tag in re.findall(r"<input[^>]*>", html)
        if re.search(r'type="(text|email|search)"', tag)
    ]
    return inputs + re.findall(r"<textarea[^>]*>", html)


def _forms() -> list[forms.BaseForm]:
    return [
        GlossaryTermForm(),
        OnboardingItemForm(owners=Membership.objects.none()),
        ProgramCreateForm(),
        BaselineForm(),
        ChangeRequestForm(),
        DecideForm(),
        SettingsForm(),
        TaskNewForm(parents=[], parties=[]),
        ExceptionForm(),
    ]


def test_every_text_box_of_a_form_has_a_maxlength(db: None) -> None:
    for form in _forms():
        boxes = _text_boxes(str(form.as_div()))
        assert boxes, type(form).__name__
        for tag in boxes:
            assert "maxlength=" in tag, (type(form).__name__, tag)


def test_long_texts_say_how_long_they_may_be(db: None) -> None:
    html = str(GlossaryTermForm().as_div())
    assert re.search(r'<textarea[^>]*maxlength="20000"', html)
    assert "Up to 20,000 characters." in html
    assert 'maxlength="120"' in html  # the term


def test_the_charter_editor_holds_sections_fields_and_cells_to_their_length(db: None) -> None:
    form = ContentForm(kind=CHARTER_KIND, content=charter_content())
    html = "".join(str(form[name]) for name in form.fields)
    boxes = _text_boxes(html)
    assert len(boxes) >= len(CHARTER_KIND.sections)
    for tag in boxes:
        assert 'maxlength="20000"' in tag, tag
    assert "Up to 20,000 characters." in str(form[ContentForm.section_name("purpose")].help_text)


def test_the_glossary_page_refuses_a_200000_character_definition(world: World) -> None:
    response = world.client(EDITOR).post(
        reverse("programs:glossary-add", kwargs={"code": "alpha"}),
        {"term": "Cutover", "definition": "d" * 200_000},
    )
    assert response.status_code in (200, 400)
    assert "20000" in response.content.decode() or "20,000" in response.content.decode()
    assert not GlossaryTerm.objects.filter(term="Cutover").exists()


def test_the_charter_page_refuses_a_420000_character_section(
    world: World, approved_charter: DocumentVersion
) -> None:
    document_services.version_create_next(
        acting_user=world.user(EDITOR),
        document=approved_charter.document,
        reason="scope_change",
        reason_text="More scope.",
    )

    content = charter_content()
    content["sections"]["scope_in"] = "s" * 420_000
    response = world.client(EDITOR).post(
        reverse("charter:edit", kwargs={"code": "alpha", "number": 2}),
        form_data(content, base_revision=1),
    )
    assert response.status_code in (200, 400)
    version = DocumentVersion.objects.get(document=approved_charter.document, number=2)
    assert len(version.content["sections"].get("scope_in", "")) < 420_000
