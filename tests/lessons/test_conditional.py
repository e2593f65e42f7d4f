"""The lessons register's exports and API list answer 304 to a client holding their ETag,
until a lesson is recorded."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from lessons import exports
from lessons.api.views import LessonViewSet
from tests.conftest import World
from tests.programs.conditional_checks import assert_answers_304_until_a_write

from .conftest import record


@pytest.mark.parametrize(
    ("path", "builder"),
    [
        ("/programs/alpha/lessons/export.xlsx", "lessons_xlsx"),
        ("/programs/alpha/lessons/export.pdf", "lessons_pdf"),
    ],
)
def test_exports_answer_304_until_a_lesson_is_recorded(
    world: World, monkeypatch: pytest.MonkeyPatch, path: str, builder: str
) -> None:
    record(world)
    assert_answers_304_until_a_write(
        world.client("customer.viewer"),
        path,
        builders=[(exports, builder)],
        write=lambda: record(world),
        monkeypatch=monkeypatch,
    )


def test_the_api_list_answers_304_until_a_lesson_is_recorded(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    record(world)
    client = APIClient()
    client.force_authenticate(world.user("customer.viewer"))
    assert_answers_304_until_a_write(
        client,
        "/api/programs/alpha/lessons/",
        builders=[(LessonViewSet, "get_serializer")],
        write=lambda: record(world),
        monkeypatch=monkeypatch,
    )
