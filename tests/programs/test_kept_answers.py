"""Kept answers (``programs.kept_answers``): a page or API list built once is given again from
the cache until the program changes, and only to whom it was built for. A write shows on the
next read; a reader of other rights, another sign-in (CSRF secret) or another program never
gets an answer kept for someone else; a message waiting after a change is shown; each create
form given again carries a key of its own."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.test import APIClient

from programs.models import AuditEvent, GlossaryTerm
from programs.services import glossary as glossary_services
from programs.services.idempotency import FORM_FIELD

from ..conftest import World

GLOSSARY = reverse("programs:glossary", kwargs={"code": "alpha"})
MEMBERS = reverse("programs:members", kwargs={"code": "alpha"})
API_GLOSSARY = "/api/programs/alpha/glossary/"
MANAGER = "customer.program_manager"


def read(client: Client | APIClient, path: str, **headers: str) -> tuple[Any, int]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path, headers=headers)
    return response, len(queries)


def signed_in(world: World, name: str) -> Client:
    """A browser that signed in and holds its CSRF cookie (the first page sets it)."""
    client = world.client(name)
    assert client.get(GLOSSARY).status_code == 200
    return client


def add_term(world: World, term: str) -> None:
    glossary_services.glossary_term_create(
        acting_user=world.user(MANAGER), program=world.program, term=term, definition="Meaning."
    )


def test_a_page_read_again_is_given_from_the_cache_until_the_program_changes(
    world: World,
) -> None:
    client = signed_in(world, "customer.pmo_team")
    built, built_queries = read(client, GLOSSARY)
    kept, kept_queries = read(client, GLOSSARY)
    assert kept.status_code == 200
    assert kept_queries < built_queries
    # The same page, but for what is new at every rendering: the masked CSRF token, and
    # each create form's key.
    strip = re.compile(rb'name="(csrfmiddlewaretoken|idempotency_key)" value="[^"]+"')
    assert strip.sub(b"", kept.content) == strip.sub(b"", built.content)

    add_term(world, "Go-live")
    fresh, fresh_queries = read(client, GLOSSARY)
    assert "Go-live" in fresh.content.decode()
    assert fresh_queries > kept_queries


def test_a_page_kept_for_an_editor_is_never_given_to_a_viewer(world: World) -> None:
    editor = signed_in(world, "customer.pmo_team")
    read(editor, GLOSSARY)
    assert "Add a term" in read(editor, GLOSSARY)[0].content.decode()
    viewer = signed_in(world, "customer.viewer")
    for _ in range(2):
        page = read(viewer, GLOSSARY)[0]
        assert page.status_code == 200
        assert "Add a term" not in page.content.decode()


def test_an_outsider_is_refused_after_a_member_s_page_was_kept(world: World) -> None:
    member = signed_in(world, MANAGER)
    read(member, MEMBERS)
    events = AuditEvent.objects.count()
    outsider = world.client("outsider")
    for _ in range(2):
        assert outsider.get(MEMBERS).status_code == 404
        assert outsider.get(API_GLOSSARY).status_code == 404
    assert AuditEvent.objects.count() == events


def test_a_kept_page_posts_with_the_token_of_the_sign_in_that_reads_it(world: World) -> None:
    """The same person signed in twice (two browsers): each gets a page whose form token is
    their own, so the second browser's post is accepted."""
    first = Client(enforce_csrf_checks=True)
    first.force_login(world.user(MANAGER))
    first.get(GLOSSARY)
    first.get(GLOSSARY)  # kept for the first browser's CSRF secret
    second = Client(enforce_csrf_checks=True)
    second.force_login(world.user(MANAGER))
    second.get(GLOSSARY)
    page = second.get(GLOSSARY).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    key = re.search(rf'name="{FORM_FIELD}" value="([^"]+)"', page)
    assert token and key
    answer = second.post(
        reverse("programs:glossary-add", kwargs={"code": "alpha"}),
        {
            "csrfmiddlewaretoken": token[1],
            FORM_FIELD: key[1],
            "new-term": "Cutover",
            "new-definition": "The switch to the provider.",
        },
    )
    assert answer.status_code == 302
    assert GlossaryTerm.objects.filter(program=world.program, term="Cutover").exists()


def test_each_page_given_again_has_new_create_form_keys(world: World) -> None:
    """Two tabs of one kept page are two renderings: each create form has its own key, so
    both tabs' terms are added."""
    client = signed_in(world, MANAGER)
    pattern = re.compile(rf'name="{FORM_FIELD}" value="([0-9a-f]{{32}})"')
    tabs = [client.get(GLOSSARY).content.decode() for _ in range(3)]
    keys = [pattern.findall(tab) for tab in tabs]
    assert all(len(found) == 1 for found in keys)
    assert len({found[0] for found in keys}) == 3

    add = reverse("programs:glossary-add", kwargs={"code": "alpha"})
    for term, found in (("Wave 1", keys[1]), ("Wave 2", keys[2])):
        data = {FORM_FIELD: found[0], "new-term": term, "new-definition": "A group."}
        assert client.post(add, data).status_code == 302
    terms = set(GlossaryTerm.objects.filter(program=world.program).values_list("term", flat=True))
    assert {"Wave 1", "Wave 2"} <= terms


def test_a_message_waiting_is_shown_on_a_kept_page(world: World) -> None:
    """Saving a term unchanged writes nothing, so the program keeps its revision and the
    glossary stays kept; the message that says so is shown on it, once."""
    add_term(world, "Parallel run")
    term = GlossaryTerm.objects.get(program=world.program, term="Parallel run")
    client = signed_in(world, MANAGER)
    read(client, GLOSSARY)
    edit = reverse("programs:glossary-edit", kwargs={"code": "alpha", "pk": term.pk})
    data = {"term": term.term, "definition": term.definition, "revision": term.revision}
    answer = client.post(edit, data, follow=True)
    assert answer.status_code == 200
    assert "“Parallel run” is unchanged." in answer.content.decode()
    for _ in range(2):
        assert "is unchanged" not in client.get(GLOSSARY).content.decode()


def test_partial_requests_are_built_every_time(world: World) -> None:
    client = signed_in(world, "customer.pmo_team")
    first = read(client, GLOSSARY, HX_Request="true")[1]
    again = read(client, GLOSSARY, HX_Request="true")[1]
    assert again == first


def test_an_api_list_is_kept_per_reader_and_shows_a_write_at_once(world: World) -> None:
    client = world.api_client("customer.pmo_team")
    built, built_queries = read(client, API_GLOSSARY)
    kept, kept_queries = read(client, API_GLOSSARY)
    assert kept.status_code == 200 and kept.json() == built.json()
    assert kept["ETag"] == built["ETag"]
    assert kept["Content-Type"] == "application/json"
    assert kept_queries < built_queries

    add_term(world, "Hypercare")
    fresh = read(client, API_GLOSSARY)[0]
    assert "Hypercare" in {row["term"] for row in fresh.json()["results"]}
    assert fresh["ETag"] != kept["ETag"]
    # A 304 still answers a client that holds the current ETag.
    assert client.get(API_GLOSSARY, headers={"If-None-Match": fresh["ETag"]}).status_code == 304


def test_money_kept_for_a_reader_who_sees_costs_is_not_given_to_one_who_does_not(
    world: World,
) -> None:
    from ..schedule.factories import make_schedule

    make_schedule(world.program, world.user(MANAGER))
    path = "/api/programs/alpha/schedule/tasks/"
    sees = world.api_client(MANAGER)
    for _ in range(2):
        row = read(sees, path)[0].json()["results"][0]
        assert "fixed_cost" in row
    hidden = world.api_client("customer.pmo_team")
    for _ in range(2):
        row = read(hidden, path)[0].json()["results"][0]
        assert "fixed_cost" not in row


@pytest.mark.parametrize("path", [GLOSSARY, API_GLOSSARY])
def test_with_kept_answers_off_every_read_is_built(world: World, settings: Any, path: str) -> None:
    settings.PMO_KEEP_ANSWERS = False
    client = signed_in(world, "customer.pmo_team")
    if path.startswith("/api/"):
        client = world.api_client("customer.pmo_team")
    read(client, path)
    first = read(client, path)[1]
    assert read(client, path)[1] == first


def test_one_program_is_answered_conditionally_and_the_list_of_programs_is_not(
    world: World,
) -> None:
    client = world.api_client("customer.pmo_team")
    one = client.get("/api/programs/alpha/")
    assert one.status_code == 200 and one["ETag"]
    assert (
        client.get("/api/programs/alpha/", headers={"If-None-Match": one["ETag"]}).status_code
        == 304
    )
    # The list spans programs: no ETag, since no one program's revision covers it.
    assert "ETag" not in client.get("/api/programs/")
    # Whoever may not read the program is refused, whatever they send.
    outsider = world.api_client("outsider")
    refused = outsider.get("/api/programs/alpha/", headers={"If-None-Match": one["ETag"]})
    assert refused.status_code == 404


def test_a_new_name_shows_on_the_next_page(world: World) -> None:
    """The layout says who is signed in: a kept page is not given under an old name."""
    client = signed_in(world, "customer.pmo_team")
    read(client, GLOSSARY)
    user = world.user("customer.pmo_team")
    user.first_name, user.last_name = "Ada", "Renamed"
    user.save(update_fields=["first_name", "last_name"])
    assert "Signed in as <strong>Ada Renamed</strong>" in client.get(GLOSSARY).content.decode()
