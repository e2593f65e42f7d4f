"""What the eight lessons page shows of the program, read from the other apps: the glossary's
agreed terms (lesson 6) and the governance bodies with both parties meeting (lesson 8); a
lesson without a source says so in words. Its queries do not grow with the bodies."""

from __future__ import annotations

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from lessons.play import play_lessons
from pmp.models import MeetingStatus
from pmp.services.governance import body_create, meeting_create
from programs.models import Membership
from programs.services.glossary import glossary_term_accept, glossary_term_create
from tests.conftest import World


def _facts(world: World, number: int) -> list[tuple[str, bool]]:
    evidence = play_lessons(program=world.program, user=world.user("customer.viewer"))
    return [(f.text, f.gap) for f in evidence[number - 1].facts]


def _member(world: World, username: str) -> Membership:
    return Membership.objects.get(program=world.program, user=world.user(username))


def test_glossary_terms_agreed_by_both_parties(world: World) -> None:
    editor = world.user("customer.pmo_team")
    agreed = glossary_term_create(
        acting_user=editor, program=world.program, term="Payroll", definition="Pay."
    )
    glossary_term_create(acting_user=editor, program=world.program, term="Leave", definition="L")
    for username in ("customer.pmo_lead", "provider.pmo_lead"):
        glossary_term_accept(acting_user=world.user(username), term=agreed)
    assert _facts(world, 6) == [("Glossary terms agreed by both parties: 1 of 2.", True)]


def _body(world: World, name: str, *usernames: str) -> None:
    body = body_create(
        acting_user=world.user("provider.pmo_lead"),
        program=world.program,
        name=name,
        members=[_member(world, u) for u in usernames],
    )
    meeting_create(
        acting_user=world.user("provider.pmo_lead"),
        program=world.program,
        body=body,
        starts_at=timezone.now() - dt.timedelta(days=2),
        attendees=[_member(world, u) for u in usernames],
        agenda="",
        status=MeetingStatus.HELD,
    )


def test_governance_bodies_with_both_parties_meeting(world: World) -> None:
    assert _facts(world, 8) == [("No source yet: the program has no governance body.", True)]
    _body(world, "Joint PMO", "customer.program_manager", "provider.program_manager")
    _body(world, "Customer board", "customer.program_manager")
    assert _facts(world, 8) == [
        (
            "Joint PMO: 1 customer and 1 provider members; 1 of 1 meetings held with both parties.",
            False,
        ),
        (
            "Customer board: 1 customer and 0 provider members; 0 of 1 meetings held with both "
            "parties.",
            True,
        ),
    ]


def test_lessons_without_a_source_say_so(world: World) -> None:
    assert _facts(world, 3)[0][0].startswith("No source yet: the program has no PMO role")
    # The world's two SMEs have no MOU yet.
    assert _facts(world, 7)[0] == ("Subject-matter experts with a signed MOU: 0 of 2.", True)
    assert _facts(world, 2)[0][0].startswith("No source yet: expenditure is reported against")


def test_the_page_queries_do_not_grow_with_the_bodies(world: World) -> None:
    web = world.client("customer.viewer")

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert web.get("/programs/alpha/lessons/play/").status_code == 200
        return len(queries)

    _body(world, "Joint PMO", "customer.program_manager", "provider.program_manager")
    few = count()
    for n in range(4):
        _body(world, f"Board {n}", "customer.pmo_lead", "provider.pmo_lead")
    assert count() == few
