"""The lessons register for every role of every party and a user of another program:
members read every page and the API, outsiders get 404; Program Managers, PMO Leads and PMO
Team of both parties record and edit; a Program Manager or PMO Lead of each party validates;
editors apply; each party's editors self-assess for it; members but viewers and the IV&V
agent comment. A page refused is a 404, the API a 403 naming the rule (a 404 for the
outsider, and for recording, which a non-editor cannot reach); nothing changes when refused."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.db import transaction
from rest_framework.test import APIClient

from lessons.models import Lesson, LessonComment, LessonHistory, PlayLessonAssessment
from programs.models import AuditEvent
from tests.access import expected
from tests.conftest import OUTSIDER, ROLE_MATRIX, World

from .conftest import FORM, VALUES, record, validate_both

USERS = [name for name, *_ in ROLE_MATRIX] + [OUTSIDER]
WEB = "/programs/alpha/lessons/"
API = "/api/programs/alpha/lessons/"
REVIEWERS = {
    u
    for u in USERS
    if u != OUTSIDER
    and u.split(".")[1] in ("program_manager", "pmo_lead")
    and not u.startswith("independent")
}
EDITORS = {u for u in USERS if expected(u, "change")}
COMMENTERS = {u for u in USERS if u != OUTSIDER and u.split(".")[1] != "viewer"}


@dataclass(frozen=True)
class Write:
    name: str
    call: Callable[[Any, APIClient], Any]
    allowed: frozenset[str]
    api: bool
    setup: Callable[[World], None] | None = None
    api_refusal: int = 403


def _validated(world: World) -> None:
    validate_both(world, Lesson.objects.get())


WRITES = [
    Write("web record", lambda web, api: web.post(f"{WEB}new/", FORM), frozenset(EDITORS), False),
    Write(
        "api record",
        lambda web, api: api.post(API, VALUES, format="json"),
        frozenset(EDITORS),
        True,
        api_refusal=404,
    ),
    Write(
        "web edit",
        lambda web, api: web.post(f"{WEB}1/edit/", FORM | {"title": "Reworded"}),
        frozenset(EDITORS),
        False,
    ),
    Write(
        "api edit",
        lambda web, api: api.put(f"{API}1/", VALUES | {"title": "Reworded"}, format="json"),
        frozenset(EDITORS),
        True,
    ),
    Write(
        "web validate", lambda web, api: web.post(f"{WEB}1/validate/"), frozenset(REVIEWERS), False
    ),
    Write(
        "api validate", lambda web, api: api.post(f"{API}1/validate/"), frozenset(REVIEWERS), True
    ),
    Write(
        "web apply",
        lambda web, api: web.post(f"{WEB}1/apply/", {"apply-where_applied": "Phase 4"}),
        frozenset(EDITORS),
        False,
        setup=_validated,
    ),
    Write(
        "api apply",
        lambda web, api: api.post(f"{API}1/apply/", {"where_applied": "Phase 4"}, format="json"),
        frozenset(EDITORS),
        True,
        setup=_validated,
    ),
    Write(
        "web comment",
        lambda web, api: web.post(f"{WEB}1/comment/", {"comment-text": "Noted."}),
        frozenset(COMMENTERS),
        False,
    ),
    Write(
        "api comment",
        lambda web, api: api.post(f"{API}1/comments/", {"text": "Noted."}, format="json"),
        frozenset(COMMENTERS),
        True,
    ),
    Write(
        "web assess",
        lambda web, api: web.post(f"{WEB}play/2/assess/", {"lesson-2-rating": "partly"}),
        frozenset(EDITORS),
        False,
    ),
    Write(
        "api assess",
        lambda web, api: api.post(f"{API}play/2/assessment/", {"rating": "partly"}, format="json"),
        frozenset(EDITORS),
        True,
    ),
]


def fingerprint() -> Any:
    return (
        AuditEvent.objects.count(),
        LessonHistory.objects.count(),
        LessonComment.objects.count(),
        sorted(Lesson.objects.values_list("number", "status", "title", "revision")),
        sorted(PlayLessonAssessment.objects.values_list("lesson", "party", "rating")),
    )


def _clients(world: World, username: str) -> tuple[Any, APIClient]:
    api = APIClient()
    api.force_authenticate(world.user(username))
    return world.client(username), api


@pytest.fixture
def lesson(world: World) -> Lesson:
    return record(world)


@pytest.mark.parametrize("username", USERS)
def test_members_read_every_page_and_the_api_and_the_outsider_nothing(
    world: World, lesson: Lesson, username: str
) -> None:
    web, api = _clients(world, username)
    before = fingerprint()
    want = 404 if username == OUTSIDER else 200
    for path in (
        WEB,
        f"{WEB}?status=proposed&category=technology&phase=3&impact=negative&owner=provider&age=0-30",
        f"{WEB}1/",
        f"{WEB}play/",
        f"{WEB}search/?q=conversion",
        f"{WEB}export.xlsx",
        f"{WEB}export.pdf?status=proposed",
        f"{WEB}report.xlsx",
        API,
        f"{API}1/",
        f"{API}1/history/",
        f"{API}1/comments/",
        f"{API}play/",
    ):
        response = (api if path.startswith("/api/") else web).get(path)
        assert response.status_code == want, (username, path, response.status_code)
    editor = username in EDITORS
    assert web.get(f"{WEB}new/").status_code == (200 if editor else 404), username
    assert web.get(f"{WEB}1/edit/").status_code == (200 if editor else 404), username
    assert fingerprint() == before


@pytest.mark.parametrize("username", USERS)
def test_writes_by_role(world: World, lesson: Lesson, username: str) -> None:
    web, api = _clients(world, username)
    for write in WRITES:
        with transaction.atomic():
            if write.setup is not None:
                write.setup(world)
            before = fingerprint()
            response = write.call(web, api)
            after = fingerprint()
            transaction.set_rollback(True)
        where = (username, write.name, response.status_code)
        if username in write.allowed:
            assert response.status_code in (200, 201, 302), (*where, response.content[:400])
            assert after[0] > before[0], (*where, "no audit event")
            continue
        assert after == before, (*where, "a refused request changed something")
        if username == OUTSIDER or not write.api:
            assert response.status_code == 404, where
        else:
            assert response.status_code == write.api_refusal, where
            if write.api_refusal == 403:
                assert "Only" in response.json()["detail"], where
