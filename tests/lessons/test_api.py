"""The lessons API: the register with the page's filters, recording, editing, validation,
applying, comments, history, the eight lessons and the self-assessment, the report; refusals
answer 403 naming the rule or 400 naming the field, and change nothing."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook
from rest_framework.test import APIClient

from lessons.models import Lesson
from tests.conftest import World

from .conftest import VALUES, record

API = "/api/programs/alpha/lessons/"


def _api(world: World, username: str) -> APIClient:
    client = APIClient()
    client.force_authenticate(world.user(username))
    return client


def test_record_read_and_filter(world: World) -> None:
    api = _api(world, "customer.pmo_team")
    created = api.post(API, VALUES, format="json")
    assert created.status_code == 201, created.content
    body = created.json()
    assert (body["reference"], body["status"], body["program"]) == ("LL-001", "proposed", "alpha")
    assert body["validations"] == [
        {"party": "customer", "validated_by": []},
        {"party": "provider", "validated_by": []},
    ]
    record(world, title="Glossary early", impact_kind="positive")
    listed = api.get(API, {"impact": "positive"}).json()
    rows = listed["results"] if isinstance(listed, dict) else listed
    assert [r["reference"] for r in rows] == ["LL-002"]
    assert api.get(f"{API}1/").json()["title"] == VALUES["title"]


def test_bad_input_answers_400_naming_the_field(world: World) -> None:
    api = _api(world, "customer.pmo_team")
    response = api.post(API, VALUES | {"source": "IVV-9"}, format="json")
    assert response.status_code == 400
    assert response.json()["field"] == "source"
    response = api.post(API, VALUES | {"category": "nope"}, format="json")
    assert response.status_code == 400
    assert not Lesson.objects.exists()


def test_validate_apply_comment_and_history(world: World) -> None:
    record(world)
    assert _api(world, "customer.program_manager").post(f"{API}1/validate/").status_code == 200
    again = _api(world, "customer.program_manager").post(f"{API}1/validate/")
    assert again.status_code == 400 and again.json()["code"] == "already_accepted"
    body = _api(world, "provider.pmo_lead").post(f"{API}1/validate/").json()
    assert body["status"] == "validated"
    refused = _api(world, "provider.pmo_team").post(f"{API}1/validate/")
    assert refused.status_code == 403 and "Only a Program Manager" in refused.json()["detail"]
    applied = _api(world, "provider.pmo_team").post(
        f"{API}1/apply/", {"where_applied": "The PMP of Phase 4."}, format="json"
    )
    assert applied.status_code == 200 and applied.json()["status"] == "applied"
    api = _api(world, "independent.ivv_agent")
    assert api.post(f"{API}1/comments/", {"text": "Good."}, format="json").status_code == 201
    assert [c["text"] for c in api.get(f"{API}1/comments/").json()] == ["Good."]
    history = api.get(f"{API}1/history/").json()
    assert [h["action"] for h in history] == ["validate", "agree", "apply"]


def test_update_rewords_and_refuses_for_an_applied_lesson(world: World) -> None:
    record(world)
    api = _api(world, "provider.program_manager")
    response = api.put(f"{API}1/", VALUES | {"title": "New title"}, format="json")
    assert response.status_code == 200 and response.json()["wording_revision"] == 2


def test_play_lessons_and_self_assessment(world: World) -> None:
    api = _api(world, "provider.pmo_lead")
    saved = api.post(
        f"{API}play/7/assessment/",
        {"rating": "followed", "note": "All MOUs signed."},
        format="json",
    )
    assert saved.status_code == 200 and saved.json()["party"] == "provider"
    lessons = api.get(f"{API}play/").json()
    assert [lesson["number"] for lesson in lessons] == list(range(1, 9))
    assert lessons[6]["provider"]["rating"] == "followed" and lessons[6]["customer"] is None
    assert all(lesson["facts"] for lesson in lessons)
    refused = _api(world, "customer.viewer").post(
        f"{API}play/7/assessment/", {"rating": "followed"}, format="json"
    )
    assert refused.status_code == 403
    assert (
        api.post(f"{API}play/9/assessment/", {"rating": "followed"}, format="json").status_code
        == 404
    )


@pytest.mark.parametrize("fmt", ["xlsx", "pdf"])
def test_the_report_through_the_api(world: World, fmt: str) -> None:
    record(world)
    response = _api(world, "customer.viewer").get(f"{API}report/", {"format": fmt})
    assert response.status_code == 200
    if fmt == "xlsx":
        workbook = load_workbook(io.BytesIO(response.content))
        assert workbook.sheetnames == ["Lessons learned", "Play 3.1 lessons"]
    else:
        assert response.content.startswith(b"%PDF")
    assert _api(world, "customer.viewer").get(f"{API}report/", {"format": "doc"}).status_code == 400
