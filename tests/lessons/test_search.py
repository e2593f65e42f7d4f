"""Search across every program the person is a member of: the page and the API find the
lessons of the person's programs only. On PostgreSQL the search is ranked full-text search
with stemming; elsewhere every word must appear in one of the fields."""

from __future__ import annotations

from django.db import connection
from rest_framework.test import APIClient

from lessons import services
from lessons.selectors import search_lessons
from programs.choices import Party, Role
from tests.conftest import World
from tests.factories import make_member

from .conftest import VALUES, record


def _other_program_lesson(world: World) -> None:
    services.lesson_create(
        acting_user=world.user("outsider"),
        program=world.other_program,
        **(VALUES | {"title": "Reconcile the ledger before cutover", "owner_party": "customer"}),
    )


def test_search_finds_lessons_of_the_persons_programs_only(world: World) -> None:
    record(world)
    _other_program_lesson(world)
    mine = search_lessons(user=world.user("customer.pmo_team"), text="conversion environment")
    assert [x.program.code for x in mine] == ["alpha"]
    theirs = search_lessons(user=world.user("outsider"), text="conversion environment")
    assert [x.title for x in theirs] == ["Reconcile the ledger before cutover"]  # same words
    assert not search_lessons(user=world.user("outsider"), text="sample").filter(
        program=world.program
    )


def test_a_member_of_two_programs_finds_both(world: World) -> None:
    record(world)
    _other_program_lesson(world)
    make_member(world.other_program, "customer.pmo_team", Party.CUSTOMER, Role.PMO_TEAM)
    found = search_lessons(user=world.user("customer.pmo_team"), text="conversion")
    assert sorted(x.program.code for x in found) == ["alpha", "beta"]


def test_every_word_counts_and_stems_on_postgresql(world: World) -> None:
    record(world)
    user = world.user("customer.viewer")
    assert search_lessons(user=user, text="storage volume").count() == 1
    assert search_lessons(user=user, text="storage unicorn").count() == 0
    if connection.vendor == "postgresql":
        # "environments" stems to the word of "environment".
        assert search_lessons(user=user, text="environments").count() == 1


def test_the_search_page_and_api(world: World) -> None:
    record(world)
    _other_program_lesson(world)
    page = world.client("customer.viewer").get("/programs/alpha/lessons/search/?q=storage")
    assert page.status_code == 200
    text = page.content.decode()
    assert "LL-001 Size the conversion environment" in text and "Reconcile" not in text
    outsider = world.client("outsider")
    assert outsider.get("/programs/alpha/lessons/search/?q=storage").status_code == 404
    api = APIClient()
    api.force_authenticate(world.user("outsider"))
    body = api.get("/api/lessons/search/", {"q": "ledger"}).json()
    rows = body["results"] if isinstance(body, dict) else body
    assert [r["program"] for r in rows] == ["beta"]
    body = api.get("/api/lessons/search/", {"q": "conversion"}).json()
    rows = body["results"] if isinstance(body, dict) else body
    assert all(r["program"] == "beta" for r in rows)
    assert api.get("/api/lessons/search/").status_code == 400
