"""List endpoints ask the database a fixed number of times, however many rows they show."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from programs.models import GlossaryTerm, Membership, OnboardingItem, PlayActivity
from programs.services import glossary as glossary_services

from ..conftest import World
from ..factories import make_member
from .conftest import Api, program_url

LISTS = [
    "/api/programs/",
    program_url(),
    program_url("members/"),
    program_url("activities/"),
    program_url("onboarding-items/"),
    program_url("glossary/"),
    program_url("audit-events/"),
]


def _counts(api: Api) -> dict[str, int]:
    client = api("customer.program_manager")
    counts = {}
    for url in LISTS:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200, url
        counts[url] = len(queries)
    return counts


def test_list_query_counts_do_not_grow_with_rows(world: World, api: Api) -> None:
    editor = world.user("customer.program_manager")
    reviewer = world.user("provider.executive_sponsor")
    seed = GlossaryTerm.objects.create(program=world.program, term="Seed", definition="One.")
    glossary_services.glossary_term_accept(acting_user=editor, term=seed)
    _counts(api)  # caches filled once per process (content types) are not the point here
    # Both counts are of the first reads after a write, which read the reader's access again.
    glossary_services.glossary_term_create(
        acting_user=editor, program=world.program, term="Warm", definition="Two."
    )
    before = _counts(api)

    for n in range(5):
        member = make_member(world.program, f"extra.{n}", "provider", "sme")
        term = glossary_services.glossary_term_create(
            acting_user=editor, program=world.program, term=f"Term {n}", definition="Meaning."
        )
        glossary_services.glossary_term_accept(acting_user=editor, term=term)
        glossary_services.glossary_term_accept(acting_user=reviewer, term=term)
        OnboardingItem.objects.filter(program=world.program, position=n + 1).update(owner=member)
        PlayActivity.objects.filter(program=world.program, number=n + 1).update(assignee=member)
    assert Membership.objects.filter(program=world.program, party="provider").count() > 10

    assert _counts(api) == before
