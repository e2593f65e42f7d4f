"""The shared glossary: editors of either party add and reword terms; a reviewer of each
party accepts the current wording, and a new wording needs new acceptances."""

from __future__ import annotations

import pytest

from programs.models import AuditEvent, GlossaryAcceptance, GlossaryTerm

from ..conftest import World
from .conftest import Api, assert_error, nothing_changes, program_url

GLOSSARY = program_url("glossary/")


@pytest.fixture
def term(world: World) -> GlossaryTerm:
    return GlossaryTerm.objects.create(
        program=world.program, term="Go-live", definition="The day users move to the provider."
    )


def test_editor_adds_a_term(world: World, api: Api) -> None:
    response = api("customer.pmo_team").post(
        GLOSSARY, {"term": " Cutover ", "definition": "The final data move."}, format="json"
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["term"], body["revision"], body["agreed"]) == ("Cutover", 1, False)
    assert body["accepted_parties"] == []
    assert AuditEvent.objects.filter(action="create", target_id=str(body["id"])).exists()


def test_both_parties_accept_then_a_rewording_needs_them_again(
    world: World, api: Api, term: GlossaryTerm
) -> None:
    url = f"{GLOSSARY}{term.pk}/"
    first = api("customer.program_manager").post(f"{url}accept/")
    assert first.status_code == 200, first.content
    assert (first.json()["accepted_parties"], first.json()["agreed"]) == (["customer"], False)

    second = api("provider.executive_sponsor").post(f"{url}accept/").json()
    assert second["accepted_parties"] == ["customer", "provider"]
    assert second["agreed"] is True
    assert [a["username"] for a in second["acceptances"]] == [
        "customer.program_manager",
        "provider.executive_sponsor",
    ]

    reworded = api("provider.pmo_team").patch(
        url, {"definition": "The day the provider's system becomes the system of record."}
    )
    assert reworded.status_code == 200
    body = reworded.json()
    assert (body["revision"], body["agreed"], body["accepted_parties"]) == (2, False, [])
    assert api("customer.viewer").get(url).json()["revision"] == 2


def test_accepting_twice_or_without_being_a_reviewer_is_refused(
    world: World, api: Api, term: GlossaryTerm
) -> None:
    url = f"{GLOSSARY}{term.pk}/accept/"
    assert api("customer.pmo_lead").post(url).status_code == 200
    with nothing_changes(term, model=GlossaryAcceptance):
        assert_error(api("customer.pmo_lead").post(url), 400, "already_accepted")
        assert_error(api("customer.viewer").post(url), 400, "not_a_reviewer")
        assert_error(api("independent.ivv_agent").post(url), 400, "not_a_reviewer")
        assert_error(api("outsider").post(url), 404, "not_found")


@pytest.mark.parametrize(
    "username", ["customer.viewer", "provider.sme", "independent.ivv_agent", "outsider"]
)
def test_readers_do_not_change_the_glossary(
    world: World, api: Api, term: GlossaryTerm, username: str
) -> None:
    client = api(username)
    url = f"{GLOSSARY}{term.pk}/"
    with nothing_changes(term, model=GlossaryTerm):
        assert_error(
            client.post(GLOSSARY, {"term": "X", "definition": "Y"}, format="json"), 404, "not_found"
        )
        assert_error(client.patch(url, {"definition": "Z"}, format="json"), 404, "not_found")
        assert_error(client.delete(url), 404, "not_found")


def test_duplicate_and_empty_terms_are_refused(world: World, api: Api, term: GlossaryTerm) -> None:
    client = api("provider.pmo_lead")
    with nothing_changes(term, model=GlossaryTerm):
        assert_error(
            client.post(GLOSSARY, {"term": "go-live", "definition": "Again"}, format="json"),
            400,
            "duplicate_term",
            "term",
        )
        assert_error(
            client.post(GLOSSARY, {"term": "", "definition": "x"}, format="json"),
            400,
            "invalid",
            "term",
        )
        assert_error(
            client.patch(f"{GLOSSARY}{term.pk}/", {"definition": "   "}, format="json"),
            400,
            "invalid",
            "definition",
        )
        assert_error(client.get(f"{GLOSSARY}999999/"), 404, "not_found")


def test_editor_removes_a_term(world: World, api: Api, term: GlossaryTerm) -> None:
    assert api("customer.pmo_lead").delete(f"{GLOSSARY}{term.pk}/").status_code == 204
    assert not GlossaryTerm.objects.filter(pk=term.pk).exists()
    assert AuditEvent.objects.filter(action="delete", target_id=str(term.pk)).exists()
