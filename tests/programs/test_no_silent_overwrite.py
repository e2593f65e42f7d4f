"""No silent overwrite of onboarding items, glossary terms and memberships: two people edit
one record at once; the second save, made from the revision they opened, is refused with the
first person's change shown, nothing of it written, and what they typed kept for a second
save (issue 17 §4)."""

from __future__ import annotations

import html
import re
from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import reverse

from programs.choices import Role
from programs.models import AuditEvent, GlossaryAcceptance, GlossaryTerm, Membership, OnboardingItem
from programs.services import glossary as glossary_services
from programs.services import onboarding as onboarding_services

from ..conftest import World

HTMX = {"HX-Request": "true"}


def url(name: str, **kwargs: Any) -> str:
    return reverse(f"programs:{name}", kwargs={"code": "alpha", **kwargs})


def revision_in(body: str, name: str = "revision") -> int:
    """The revision the form in ``body`` would send back."""
    found = re.search(rf'name="{re.escape(name)}" value="(\d+)"', body)
    assert found, body
    return int(found[1])


def audit_events(record: Any) -> Any:
    return AuditEvent.objects.filter(
        target_type=ContentType.objects.get_for_model(record), target_id=str(record.pk)
    )


def audit_count(record: Any) -> int:
    return audit_events(record).count()


@pytest.fixture
def item(world: World) -> OnboardingItem:
    return OnboardingItem.objects.create(program=world.program, title="Badge request", position=1)


@pytest.fixture
def term(world: World) -> GlossaryTerm:
    return GlossaryTerm.objects.create(
        program=world.program, term="Go-live", definition="The day users move to the provider."
    )


@pytest.fixture
def viewer(world: World) -> Membership:
    return Membership.objects.get(program=world.program, user=world.user("customer.viewer"))


# -- onboarding items ---------------------------------------------------------------------


def _onboarding_form(title: str, notes: str, revision: int) -> dict[str, Any]:
    return {"title": title, "owner": "", "due_date": "", "done_date": "", "notes": notes} | {
        "revision": revision
    }


def test_two_provider_editors_save_one_onboarding_item(world: World, item: OnboardingItem) -> None:
    first, second = world.client("provider.program_manager"), world.client("provider.pmo_team")
    edit_url = url("onboarding-edit", pk=item.pk)
    opened = revision_in(first.get(edit_url).content.decode())
    assert opened == revision_in(second.get(edit_url).content.decode()) == 1

    saved = first.post(edit_url, _onboarding_form("Badge request", "Form sent to HR", opened))
    assert saved.status_code == 302

    refused = second.post(edit_url, _onboarding_form("Building badge", "Photo taken", opened))
    assert refused.status_code == 409
    body = html.unescape(refused.content.decode())
    assert "provider.program_manager" in body
    assert "Notes: “(empty)” became “Form sent to HR”" in body
    assert "Building badge" in body and "Photo taken" in body  # what they typed is kept
    item.refresh_from_db()
    assert (item.title, item.notes, item.revision) == ("Badge request", "Form sent to HR", 2)
    assert audit_count(item) == 1

    again = second.post(
        edit_url, _onboarding_form("Building badge", "Photo taken", revision_in(body))
    )
    assert again.status_code == 302
    item.refresh_from_db()
    assert (item.title, item.notes, item.revision) == ("Building badge", "Photo taken", 3)


def test_marking_done_from_a_row_someone_changed_meanwhile_is_refused(
    world: World, item: OnboardingItem
) -> None:
    client = world.client("provider.pmo_team")
    row = client.get(url("onboarding")).content.decode()
    seen = revision_in(row[row.index(f'id="onboarding-{item.pk}"') :])
    onboarding_services.onboarding_item_update(
        acting_user=world.user("provider.program_manager"), item=item, title="Badge and laptop"
    )

    answer = client.post(url("onboarding-done", pk=item.pk), {"revision": seen}, headers=HTMX)
    assert answer.status_code == 200  # htmx swaps the row in with the refusal
    body = html.unescape(answer.content.decode())
    assert "Someone else saved this meanwhile" in body
    assert "provider.program_manager" in body
    assert "Title: “Badge request” became “Badge and laptop”" in body
    item.refresh_from_db()
    assert item.done_date is None and item.revision == 2

    done = client.post(url("onboarding-done", pk=item.pk), {"revision": revision_in(body)})
    assert done.status_code == 302
    item.refresh_from_db()
    assert item.done_date is not None and item.revision == 3


# -- glossary terms -----------------------------------------------------------------------


def test_two_editors_reword_one_term_and_the_wording_moves_one_revision_each(
    world: World, term: GlossaryTerm
) -> None:
    customer, provider = world.client("customer.pmo_team"), world.client("provider.pmo_team")
    edit_url = url("glossary-edit", pk=term.pk)
    opened = revision_in(customer.get(edit_url).content.decode())
    assert revision_in(provider.get(edit_url).content.decode()) == opened == 1
    glossary_services.glossary_term_accept(acting_user=world.user("customer.pmo_lead"), term=term)

    saved = customer.post(
        edit_url,
        {"term": "Go-live", "definition": "The day the provider runs the system.", "revision": 1},
    )
    assert saved.status_code == 302
    term.refresh_from_db()
    assert term.revision == 2  # one rewording, one revision: not moved twice

    refused = provider.post(
        edit_url, {"term": "Cutover", "definition": "The weekend of the data move.", "revision": 1}
    )
    assert refused.status_code == 409
    body = html.unescape(refused.content.decode())
    assert "customer.pmo_team" in body
    assert (
        "Definition: “The day users move to the provider.” became "
        "“The day the provider runs the system.”"
    ) in body
    assert "The weekend of the data move." in body
    term.refresh_from_db()
    assert (term.term, term.definition, term.revision) == (
        "Go-live",
        "The day the provider runs the system.",
        2,
    )
    assert audit_count(term) == 2  # the acceptance and the one rewording

    again = provider.post(
        edit_url,
        {
            "term": "Cutover",
            "definition": "The weekend of the data move.",
            "revision": revision_in(body),
        },
    )
    assert again.status_code == 302
    term.refresh_from_db()
    assert (term.term, term.revision) == ("Cutover", 3)
    last = audit_events(term).latest("pk")
    assert last.changes["revision"] == [2, 3]
    # The acceptance was of revision 1: the new wording needs new acceptances.
    assert not GlossaryAcceptance.objects.filter(term=term, revision=term.revision).exists()


def test_a_save_of_the_same_wording_moves_nothing(world: World, term: GlossaryTerm) -> None:
    response = world.client("customer.pmo_team").post(
        url("glossary-edit", pk=term.pk),
        {"term": term.term, "definition": term.definition, "revision": 1},
    )
    assert response.status_code == 302
    term.refresh_from_db()
    assert term.revision == 1 and audit_count(term) == 0


# -- memberships --------------------------------------------------------------------------


def _member_form(member: Membership, role: str, revision: int) -> dict[str, Any]:
    prefix = f"member-{member.pk}"
    return {f"{prefix}-role": role, f"{prefix}-revision": revision}


def test_two_managers_change_one_member_at_once_inline(world: World, viewer: Membership) -> None:
    manager, lead = world.client("customer.program_manager"), world.client("customer.pmo_lead")
    edit_url = url("member-edit", pk=viewer.pk)
    field = f"member-{viewer.pk}-revision"
    opened = revision_in(manager.get(edit_url, headers=HTMX).content.decode(), field)
    assert revision_in(lead.get(edit_url, headers=HTMX).content.decode(), field) == opened == 1

    saved = manager.post(edit_url, _member_form(viewer, Role.PMO_TEAM, opened), headers=HTMX)
    assert saved.status_code == 200 and "PMO Team" in saved.content.decode()

    events = audit_count(viewer)
    refused = lead.post(edit_url, _member_form(viewer, Role.SME, opened), headers=HTMX)
    assert refused.status_code == 200  # the inline row, for htmx to swap in
    body = html.unescape(refused.content.decode())
    assert "Someone else saved this meanwhile" in body
    assert "customer.program_manager" in body
    assert "Role: “Viewer” became “PMO Team”" in body
    # Both changed the role: the form keeps the lead's choice and names both.
    assert re.search(r'<option value="sme" selected>', body)
    assert "Role: yours “Subject-matter expert”, theirs “PMO Team”" in body
    viewer.refresh_from_db()
    assert (viewer.role, viewer.revision) == (Role.PMO_TEAM, 2)
    assert audit_count(viewer) == events

    again = lead.post(
        edit_url, _member_form(viewer, Role.SME, revision_in(body, field)), headers=HTMX
    )
    assert again.status_code == 200 and "Someone else saved" not in again.content.decode()
    viewer.refresh_from_db()
    assert (viewer.role, viewer.revision) == (Role.SME, 3)


def test_a_stale_member_page_answers_409(world: World, viewer: Membership) -> None:
    edit_url = url("member-edit", pk=viewer.pk)
    world.client("customer.program_manager").post(
        edit_url, _member_form(viewer, Role.PMO_TEAM, 1), headers=HTMX
    )
    refused = world.client("customer.pmo_lead").post(edit_url, _member_form(viewer, Role.SME, 1))
    assert refused.status_code == 409
    assert "customer.program_manager" in refused.content.decode()
    viewer.refresh_from_db()
    assert viewer.role == Role.PMO_TEAM


def test_who_may_not_manage_the_member_is_not_told_what_changed(
    world: World, viewer: Membership
) -> None:
    """A stale save by someone who may not change the member at all is refused for that."""
    edit_url = url("member-edit", pk=viewer.pk)
    world.client("customer.program_manager").post(
        edit_url, _member_form(viewer, Role.PMO_TEAM, 1), headers=HTMX
    )
    provider = world.client("provider.program_manager")
    assert provider.post(edit_url, _member_form(viewer, Role.SME, 1)).status_code == 404
    viewer.refresh_from_db()
    assert (viewer.role, viewer.revision) == (Role.PMO_TEAM, 2)


# -- the API: ETag and If-Match -----------------------------------------------------------

API_CASES = [
    # (record fixture, URL tail, first editor, second editor, first change, second change,
    #  the field as the refusal names it)
    (
        "item",
        "onboarding-items/",
        "provider.program_manager",
        "provider.pmo_team",
        {"notes": "Form sent to HR"},
        {"notes": "Photo taken"},
        "notes",
    ),
    (
        "term",
        "glossary/",
        "customer.pmo_team",
        "provider.pmo_team",
        {"definition": "The day the provider runs the system."},
        {"definition": "The weekend of the data move."},
        "definition",
    ),
    (
        "viewer",
        "members/",
        "customer.program_manager",
        "customer.pmo_lead",
        {"role": "pmo_team"},
        {"role": "sme"},
        "role",
    ),
]


@pytest.mark.parametrize(("record", "tail", "first", "second", "one", "two", "field"), API_CASES)
def test_api_refuses_a_change_from_an_older_etag(
    request: pytest.FixtureRequest,
    world: World,
    record: str,
    tail: str,
    first: str,
    second: str,
    one: dict[str, str],
    two: dict[str, str],
    field: str,
) -> None:
    row = request.getfixturevalue(record)
    detail = f"/api/programs/alpha/{tail}{row.pk}/"
    a, b = world.api_client(first), world.api_client(second)
    read_a, read_b = a.get(detail), b.get(detail)
    assert read_a["ETag"] == read_b["ETag"] and read_a.json()["revision"] == 1

    saved = a.patch(detail, one, format="json", HTTP_IF_MATCH=read_a["ETag"])
    assert saved.status_code == 200, saved.content
    assert saved.json()["revision"] == 2 and saved["ETag"] != read_a["ETag"]

    before = type(row).objects.filter(pk=row.pk).values().get()
    refused = b.patch(detail, two, format="json", HTTP_IF_MATCH=read_b["ETag"])
    assert refused.status_code == 412, refused.content
    body = refused.json()
    assert body["current_revision"] == 2
    (change,) = body["changed_meanwhile"]
    assert change["by"] == first
    assert [c["name"] for c in change["changes"]] == [field]
    assert type(row).objects.filter(pk=row.pk).values().get() == before

    again = b.patch(detail, two, format="json", HTTP_IF_MATCH=saved["ETag"])
    assert again.status_code == 200, again.content
    assert again.json()["revision"] == 3


@pytest.mark.parametrize(("record", "tail", "first", "second", "one", "two", "field"), API_CASES)
def test_api_change_without_if_match_follows_the_setting(
    request: pytest.FixtureRequest,
    settings: Any,
    world: World,
    record: str,
    tail: str,
    first: str,
    second: str,
    one: dict[str, str],
    two: dict[str, str],
    field: str,
) -> None:
    row = request.getfixturevalue(record)
    detail = f"/api/programs/alpha/{tail}{row.pk}/"
    client = world.api_client(first)
    assert client.patch(detail, one, format="json").status_code == 200

    settings.PMO_API_WRITES_WITHOUT_IF_MATCH = False
    before = type(row).objects.filter(pk=row.pk).values().get()
    events = AuditEvent.objects.count()
    refused = client.patch(detail, two, format="json")
    assert refused.status_code == 428, refused.content
    assert type(row).objects.filter(pk=row.pk).values().get() == before
    assert AuditEvent.objects.count() == events


def test_page_without_a_revision_still_saves(world: World, item: OnboardingItem) -> None:
    """A form posted without the revision (an older page still open) saves as before."""
    client: Client = world.client("provider.pmo_team")
    form = _onboarding_form("Badge request", "Sent", 1)
    del form["revision"]
    assert client.post(url("onboarding-edit", pk=item.pk), form).status_code == 302
    item.refresh_from_db()
    assert item.notes == "Sent"


@pytest.mark.parametrize("revision", ["two", "0", "-3", "99999999999999999999"])
def test_a_revision_changed_in_the_page_is_refused_in_words(
    world: World, term: GlossaryTerm, revision: str
) -> None:
    """The hidden revision is the page's, not the person's: a value the portal never gave is
    refused with a sentence saying what to do, and nothing is saved."""
    response = world.client("customer.pmo_team").post(
        url("glossary-edit", pk=term.pk),
        {"term": term.term, "definition": "Reworded.", "revision": revision},
    )
    assert response.status_code == 200
    body = html.unescape(response.content.decode())
    assert "does not say which version of the record it was opened at" in body
    assert "Enter a whole number" not in body
    term.refresh_from_db()
    assert term.definition != "Reworded." and audit_count(term) == 0
