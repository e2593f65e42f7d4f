"""Links in the signatories' email point where the portal was reached when the email was
queued, unless PORTAL_BASE_URL says otherwise."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core import mail
from django.urls import reverse

from programs.models import DocumentVersion
from programs.services import documents as svc

from ..conftest import World
from ..factories import make_charter

PM = "customer.program_manager"


@pytest.fixture
def draft(world: World) -> DocumentVersion:
    return make_charter(world.program, state="draft", editor=world.user(PM))


def links_sent() -> set[str]:
    assert mail.outbox, "no email was sent"
    return {link for m in mail.outbox for link in re.findall(r"https?://\S+", str(m.body))}


def submit_through_the_page(world: World, capture: Any, **extra: Any) -> None:
    with capture(execute=True):
        response = world.client(PM).post(
            reverse("charter:submit", kwargs={"code": "alpha", "number": 1}), **extra
        )
    assert response.status_code == 302, response.content


def test_an_email_queued_by_a_request_links_to_the_host_and_port_it_was_served_at(
    world: World,
    draft: DocumentVersion,
    settings: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    settings.PORTAL_BASE_URL = ""
    submit_through_the_page(world, django_capture_on_commit_callbacks, HTTP_HOST="testserver:8123")
    assert links_sent() == {f"http://testserver:8123{draft.get_absolute_url()}"}


def test_portal_base_url_wins_when_set(
    world: World,
    draft: DocumentVersion,
    settings: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    settings.PORTAL_BASE_URL = "https://pmo.example.gov/"
    submit_through_the_page(world, django_capture_on_commit_callbacks, HTTP_HOST="testserver:8123")
    assert links_sent() == {f"https://pmo.example.gov{draft.get_absolute_url()}"}


def test_without_a_request_or_the_setting_links_go_to_the_development_server(
    world: World,
    draft: DocumentVersion,
    settings: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    settings.PORTAL_BASE_URL = ""
    with django_capture_on_commit_callbacks(execute=True):
        svc.version_submit(acting_user=world.user(PM), version=draft)
    assert links_sent() == {f"http://127.0.0.1:8000{draft.get_absolute_url()}"}
