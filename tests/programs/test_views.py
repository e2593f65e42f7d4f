"""The programs pages as people use them: who sees what, who may change what, and that a
refused change changes nothing."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from programs.choices import ActivityStatus, Party, Role
from programs.models import (
    AuditEvent,
    GlossaryTerm,
    Membership,
    OnboardingItem,
    PlayActivity,
)
from programs.services import board as board_services
from programs.services import glossary as glossary_services
from programs.services import memberships as membership_services

from ..conftest import World
from ..factories import UserFactory, make_member, make_program, superuser

HTMX = {"HX-Request": "true"}


def url(name: str, **kwargs: Any) -> str:
    return reverse(f"programs:{name}", kwargs=kwargs)


def activity(world: World, key: str) -> PlayActivity:
    return world.program.activities.get(key=key)


def activity_data(act: PlayActivity, **values: Any) -> dict[str, Any]:
    data = {"status": act.status, "due_date": "", "assignee": ""} | values
    return {f"activity-{act.number}-{k}": v for k, v in data.items()}


def snapshot_activity(act: PlayActivity) -> tuple[Any, ...]:
    act.refresh_from_db()
    return (act.status, act.due_date, act.assignee_id)


# -- who sees the pages ---------------------------------------------------------------

PAGES = ["program-detail", "members", "onboarding", "glossary", "audit"]


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize(
    "username", ["customer.viewer", "provider.pmo_team", "independent.ivv_agent"]
)
def test_program_pages_render_for_members(world: World, page: str, username: str) -> None:
    response = world.client(username).get(url(page, code="alpha"))
    assert response.status_code == 200
    body = response.content.decode()
    assert body.count("<h1") == 1
    # The shared side navigation, with the charter built by its own app.
    assert reverse("charter:charter", kwargs={"code": "alpha"}) in body
    assert 'aria-current="page"' in body


@pytest.mark.parametrize("page", PAGES)
def test_program_pages_are_not_found_for_outsiders(world: World, page: str) -> None:
    assert world.client("outsider").get(url(page, code="alpha")).status_code == 404


@pytest.mark.parametrize("page", PAGES)
def test_program_pages_send_anonymous_people_to_log_in(world: World, page: str) -> None:
    response = Client().get(url(page, code="alpha"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_program_list_shows_only_the_users_programs_with_party_role_and_progress(
    world: World,
) -> None:
    board_services.activity_update(
        acting_user=world.user("customer.program_manager"),
        activity=activity(world, "manage_schedule"),
        status=ActivityStatus.DONE,
    )
    body = world.client("provider.pmo_lead").get(url("program-list")).content.decode()
    assert url("program-detail", code="alpha") in body
    assert url("program-detail", code="beta") not in body
    assert "CA-alpha" in body and "SP-alpha" in body
    assert "Phase 3: Engagement" in body
    assert "Provider, PMO Lead" in body
    assert "1 of 9 activities done" in body

    outsider = world.client("outsider").get(url("program-list")).content.decode()
    assert url("program-detail", code="beta") in outsider
    assert url("program-detail", code="alpha") not in outsider


def test_program_list_redirects_anonymous_people(db: None) -> None:
    response = Client().get(url("program-list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


# -- the workspace and its Play 3.1 board ---------------------------------------------


def test_workspace_shows_facts_board_and_links(world: World, approved_charter: Any) -> None:
    body = world.client("customer.viewer").get(url("program-detail", code="alpha")).content
    text = body.decode()
    assert "Customer agency alpha (CA-alpha)" in text
    assert "Phase 3: Engagement" in text
    assert "Planned end" in text
    for number in range(1, 10):
        assert f"<td>{number}</td>" in text
    assert "Onboard provider PMO" in text
    assert url("onboarding", code="alpha") in text
    # Activity 2 links to the charter that evidences it and is done.
    assert reverse("charter:charter", kwargs={"code": "alpha"}) in text
    assert "1 of 9</strong> activities done" in text
    assert "Shared" in text and "Provider" in text and "Customer" in text
    # A viewer gets no edit controls.
    assert "/edit/" not in text


def test_workspace_offers_editing_only_of_activities_the_user_may_change(world: World) -> None:
    text = world.client("provider.program_manager").get(url("program-detail", code="alpha"))
    body = text.content.decode()
    assert url("activity-edit", code="alpha", key="onboard_provider_pmo") in body
    assert url("activity-edit", code="alpha", key="agree_ims") in body
    # The QASP is the customer's.
    assert url("activity-edit", code="alpha", key="develop_qasp") not in body


def test_activity_edit_inline_with_htmx(world: World) -> None:
    client = world.client("customer.program_manager")
    act = activity(world, "manage_schedule")
    assignee = Membership.objects.get(user=world.user("provider.pmo_lead"))
    edit_url = url("activity-edit", code="alpha", key=act.key)

    row = client.get(edit_url, headers=HTMX)
    assert row.status_code == 200
    assert row.content.decode().lstrip().startswith("<tr")
    assert 'name="activity-9-status"' in row.content.decode()

    before = AuditEvent.objects.count()
    response = client.post(
        edit_url,
        activity_data(act, status="done", due_date="2026-03-02", assignee=assignee.pk),
        headers=HTMX,
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert '<tr id="activity-manage_schedule">' in body
    assert "Done" in body and assignee.display_name in body
    assert 'hx-swap-oob="true"' in body and "1 of 9</strong>" in body
    assert snapshot_activity(act) == ("done", dt.date(2026, 3, 2), assignee.pk)
    event = AuditEvent.objects.latest("pk")
    assert AuditEvent.objects.count() == before + 1
    assert event.actor_party == Party.CUSTOMER and set(event.changes) == {
        "status",
        "due_date",
        "assignee",
    }


def test_activity_edit_without_javascript(world: World) -> None:
    client = world.client("provider.pmo_team")
    act = activity(world, "onboard_provider_pmo")
    edit_url = url("activity-edit", code="alpha", key=act.key)
    page = client.get(edit_url)
    assert page.status_code == 200 and "<h1>Activity 1:" in page.content.decode()
    response = client.post(
        edit_url, activity_data(act, status="in_progress", reason="Kick-off held on paper.")
    )
    assert response.status_code == 302
    assert response["Location"] == url("program-detail", code="alpha")
    assert snapshot_activity(act)[0] == "in_progress"


def test_cancel_puts_the_read_row_back(world: World) -> None:
    response = world.client("customer.pmo_team").get(
        url("activity-row", code="alpha", key="agree_ims"), headers=HTMX
    )
    assert response.status_code == 200
    assert '<tr id="activity-agree_ims">' in response.content.decode()


def test_assignee_must_be_a_member_of_this_program(world: World) -> None:
    act = activity(world, "agree_ims")
    stranger = Membership.objects.get(user=world.user("outsider"))
    before = (snapshot_activity(act), AuditEvent.objects.count())
    response = world.client("customer.program_manager").post(
        url("activity-edit", code="alpha", key=act.key),
        activity_data(act, status="done", assignee=stranger.pk),
        headers=HTMX,
    )
    assert response.status_code == 200
    assert "usa-error-message" in response.content.decode()
    assert (snapshot_activity(act), AuditEvent.objects.count()) == before


@pytest.mark.parametrize(
    ("username", "key"),
    [
        ("customer.viewer", "agree_ims"),
        ("independent.ivv_agent", "agree_ims"),
        ("customer.executive_sponsor", "agree_ims"),
        ("provider.sme", "agree_ims"),
        ("provider.program_manager", "develop_qasp"),
        ("customer.program_manager", "onboard_provider_pmo"),
        ("outsider", "agree_ims"),
    ],
)
def test_activity_edit_is_not_found_for_those_who_may_not_change_it(
    world: World, username: str, key: str
) -> None:
    act = activity(world, key)
    before = (snapshot_activity(act), AuditEvent.objects.count())
    client = world.client(username)
    edit_url = url("activity-edit", code="alpha", key=key)
    assert client.get(edit_url, headers=HTMX).status_code == 404
    response = client.post(edit_url, activity_data(act, status="done"), headers=HTMX)
    assert response.status_code == 404
    assert (snapshot_activity(act), AuditEvent.objects.count()) == before


# -- members --------------------------------------------------------------------------


def test_members_are_listed_by_party(world: World) -> None:
    body = world.client("independent.viewer").get(url("members", code="alpha")).content.decode()
    for party in ("Customer", "Provider", "Independent (IV&amp;V)"):
        assert f"{party} members (" in body
    assert "provider.executive_sponsor" in body
    assert "Add a member" not in body
    assert "/remove/" not in body


def test_customer_pmo_lead_adds_a_member(world: World) -> None:
    UserFactory(username="new.analyst", organisation=world.program.customer)
    client = world.client("customer.pmo_lead")
    page = client.get(url("members", code="alpha")).content.decode()
    assert "Add a member" in page
    # The party choices are the parties the PMO lead manages.
    assert 'value="customer"' in page and 'value="independent"' in page
    assert 'value="provider"' not in page

    response = client.post(
        url("member-add", code="alpha"),
        {"username": "new.analyst", "party": "customer", "role": "pmo_team", "is_signatory": ""},
    )
    assert response.status_code == 302
    membership = Membership.objects.get(program=world.program, user__username="new.analyst")
    assert (membership.party, membership.role, membership.is_signatory) == (
        "customer",
        "pmo_team",
        False,
    )
    assert AuditEvent.objects.filter(target_id=str(membership.pk), action="create").exists()


def test_provider_program_manager_may_not_add_a_customer_member(world: World) -> None:
    UserFactory(username="new.analyst")
    before = (Membership.objects.count(), AuditEvent.objects.count())
    response = world.client("provider.program_manager").post(
        url("member-add", code="alpha"),
        {"username": "new.analyst", "party": "customer", "role": "pmo_team"},
    )
    assert response.status_code == 404
    assert (Membership.objects.count(), AuditEvent.objects.count()) == before


@pytest.mark.parametrize("username", ["customer.pmo_team", "provider.viewer", "outsider"])
def test_others_may_not_add_members(world: World, username: str) -> None:
    UserFactory(username="new.analyst")
    before = (Membership.objects.count(), AuditEvent.objects.count())
    response = world.client(username).post(
        url("member-add", code="alpha"),
        {"username": "new.analyst", "party": "provider", "role": "pmo_team"},
    )
    assert response.status_code == 404
    assert (Membership.objects.count(), AuditEvent.objects.count()) == before


def test_a_role_not_of_the_party_is_shown_beside_the_role(world: World) -> None:
    UserFactory(username="new.auditor")
    before = (Membership.objects.count(), AuditEvent.objects.count())
    response = world.client("customer.program_manager").post(
        url("member-add", code="alpha"),
        {"username": "new.auditor", "party": "independent", "role": "program_manager"},
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert 'id="id_role_error"' in body
    assert "cannot be a Program Manager" in body
    assert (Membership.objects.count(), AuditEvent.objects.count()) == before


def test_an_unknown_username_and_an_existing_member_are_shown_beside_the_username(
    world: World,
) -> None:
    client = world.client("provider.pmo_lead")
    data = {"party": "provider", "role": "sme"}
    unknown = client.post(url("member-add", code="alpha"), data | {"username": "nobody"})
    assert 'id="id_username_error"' in unknown.content.decode()
    existing = client.post(url("member-add", code="alpha"), data | {"username": "provider.sme"})
    assert 'id="id_username_error"' in existing.content.decode()
    assert "already a member" in existing.content.decode()


def test_member_role_change_inline(world: World) -> None:
    """A manager changes a role in place; the signatory flag is not theirs to give, so the
    form does not offer it and a forged one is ignored."""
    member = Membership.objects.get(user=world.user("provider.pmo_team"))
    edit_url = url("member-edit", code="alpha", pk=member.pk)
    client = world.client("provider.program_manager")
    form = client.get(edit_url, headers=HTMX).content.decode()
    assert "<tr" in form and "is_signatory" not in form
    prefix = f"member-{member.pk}"
    response = client.post(
        edit_url, {f"{prefix}-role": "pmo_lead", f"{prefix}-is_signatory": "on"}, headers=HTMX
    )
    assert response.status_code == 200
    assert "PMO Lead" in response.content.decode()
    member.refresh_from_db()
    assert (member.role, member.is_signatory) == (Role.PMO_LEAD, False)


def test_sponsor_grants_signatory_inline_and_the_page_says_who(world: World) -> None:
    member = Membership.objects.get(user=world.user("customer.viewer"))
    edit_url = url("member-edit", code="alpha", pk=member.pk)
    client = world.client("customer.executive_sponsor")
    assert "is_signatory" in client.get(edit_url, headers=HTMX).content.decode()
    prefix = f"member-{member.pk}"
    response = client.post(
        edit_url,
        {f"{prefix}-role": "business_owner", f"{prefix}-is_signatory": "on"},
        headers=HTMX,
    )
    assert response.status_code == 200
    member.refresh_from_db()
    assert (member.role, member.is_signatory) == (Role.BUSINESS_OWNER, True)
    assert member.signatory_granted_by == world.user("customer.executive_sponsor")
    page = client.get(url("members", code="alpha")).content.decode()
    row = page[page.index(f'id="member-{member.pk}"') :]
    row = row[: row.index("</tr>")]
    sponsor = world.user("customer.executive_sponsor")
    assert f"granted by {sponsor.get_full_name() or sponsor.username}" in row


def test_a_party_keeps_a_member_manager(world: World) -> None:
    membership_services.membership_delete(
        acting_user=world.user("customer.program_manager"),
        membership=Membership.objects.get(user=world.user("customer.pmo_lead")),
    )
    member = Membership.objects.get(user=world.user("customer.program_manager"))
    before = AuditEvent.objects.count()
    prefix = f"member-{member.pk}"
    response = world.client("customer.program_manager").post(
        url("member-edit", code="alpha", pk=member.pk),
        {f"{prefix}-role": "viewer"},
        headers=HTMX,
    )
    assert f'id="id_{prefix}-role_error"' in response.content.decode()
    member.refresh_from_db()
    assert member.role == Role.PROGRAM_MANAGER and AuditEvent.objects.count() == before


def test_customer_manager_removes_the_ivv_agent_after_confirming(world: World) -> None:
    member = Membership.objects.get(user=world.user("independent.ivv_agent"))
    remove_url = url("member-remove", code="alpha", pk=member.pk)
    client = world.client("customer.pmo_lead")
    confirm = client.get(remove_url)
    assert confirm.status_code == 200 and "Remove member" in confirm.content.decode()
    assert Membership.objects.filter(pk=member.pk).exists()
    assert client.post(remove_url).status_code == 302
    assert not Membership.objects.filter(pk=member.pk).exists()
    assert world.client("independent.ivv_agent").get(url("members", code="alpha")).status_code == (
        404
    )


@pytest.mark.parametrize(
    ("username", "target"),
    [
        ("provider.program_manager", "customer.pmo_team"),
        ("provider.pmo_lead", "independent.ivv_agent"),
        ("customer.pmo_team", "customer.viewer"),
        ("customer.business_owner", "customer.viewer"),
        ("provider.executive_sponsor", "customer.viewer"),
    ],
)
def test_members_of_a_party_one_does_not_manage_are_not_found(
    world: World, username: str, target: str
) -> None:
    member = Membership.objects.get(program=world.program, user=world.user(target))
    before = ((member.role, member.is_signatory), AuditEvent.objects.count())
    client = world.client(username)
    prefix = f"member-{member.pk}"
    edit = client.post(
        url("member-edit", code="alpha", pk=member.pk),
        {f"{prefix}-role": "pmo_lead", f"{prefix}-is_signatory": "on"},
    )
    remove = client.post(url("member-remove", code="alpha", pk=member.pk))
    assert (edit.status_code, remove.status_code) == (404, 404)
    member.refresh_from_db()
    assert ((member.role, member.is_signatory), AuditEvent.objects.count()) == before


# -- provider onboarding --------------------------------------------------------------


def test_onboarding_checklist_reads_for_the_customer(world: World) -> None:
    item = world.program.onboarding_items.first()
    assert item is not None
    item.due_date = timezone.localdate() - dt.timedelta(days=1)
    item.save()
    body = world.client("customer.pmo_team").get(url("onboarding", code="alpha")).content
    text = body.decode()
    assert "0 of 8 done" in text
    assert "Overdue" in text
    assert "Mark done" not in text and "Add an item" not in text


def test_provider_editor_keeps_the_checklist(world: World) -> None:
    client = world.client("provider.pmo_team")
    owner = Membership.objects.get(user=world.user("provider.pmo_lead"))
    page = client.get(url("onboarding", code="alpha")).content.decode()
    assert "Mark done" in page and "Add an item" in page

    added = client.post(
        url("onboarding-add", code="alpha"),
        {"new-title": "Badges issued", "new-owner": owner.pk, "new-due_date": "2026-02-01"},
    )
    assert added.status_code == 302
    item = OnboardingItem.objects.get(program=world.program, title="Badges issued")
    assert item.owner == owner and item.position == 9

    done = client.post(url("onboarding-done", code="alpha", pk=item.pk), headers=HTMX)
    assert done.status_code == 200
    assert "1 of 9 done" in done.content.decode() and 'hx-swap-oob="true"' in done.content.decode()
    item.refresh_from_db()
    assert item.done_date == timezone.localdate()

    edited = client.post(
        url("onboarding-edit", code="alpha", pk=item.pk),
        {"title": "Badges issued to provider staff", "notes": "Two pending", "done_date": ""},
    )
    assert edited.status_code == 302
    item.refresh_from_db()
    assert (item.title, item.notes, item.done_date, item.owner) == (
        "Badges issued to provider staff",
        "Two pending",
        None,
        None,
    )

    assert client.post(url("onboarding-delete", code="alpha", pk=item.pk)).status_code == 302
    assert not OnboardingItem.objects.filter(pk=item.pk).exists()


@pytest.mark.parametrize(
    "username", ["customer.pmo_team", "customer.program_manager", "provider.viewer", "outsider"]
)
def test_onboarding_writes_are_not_found_for_others(world: World, username: str) -> None:
    item = world.program.onboarding_items.first()
    assert item is not None
    fields = ("title", "done_date", "notes")
    before = ([getattr(item, f) for f in fields], OnboardingItem.objects.count())
    events = AuditEvent.objects.count()
    client = world.client(username)
    responses = [
        client.post(url("onboarding-add", code="alpha"), {"new-title": "Sneaked in"}),
        client.post(url("onboarding-edit", code="alpha", pk=item.pk), {"title": "Changed"}),
        client.post(url("onboarding-done", code="alpha", pk=item.pk), headers=HTMX),
        client.post(url("onboarding-delete", code="alpha", pk=item.pk)),
    ]
    assert [r.status_code for r in responses] == [404] * 4
    item.refresh_from_db()
    assert ([getattr(item, f) for f in fields], OnboardingItem.objects.count()) == before
    assert AuditEvent.objects.count() == events


# -- shared glossary ------------------------------------------------------------------


def add_term(world: World, term: str = "Go-live", definition: str = "First day in use.") -> Any:
    return glossary_services.glossary_term_create(
        acting_user=world.user("customer.program_manager"),
        program=world.program,
        term=term,
        definition=definition,
    )


def term_cell(body: bytes, term: GlossaryTerm) -> str:
    text = body.decode()
    start = text.index(f'<tr id="term-{term.pk}">')
    return text[start : text.index("</tr>", start)]


def test_editor_adds_a_term_and_a_duplicate_is_shown_beside_the_term(world: World) -> None:
    client = world.client("provider.pmo_team")
    response = client.post(
        url("glossary-add", code="alpha"),
        {"new-term": "Cutover", "new-definition": "The switch to the provider's system."},
    )
    assert response.status_code == 302
    assert GlossaryTerm.objects.filter(program=world.program, term="Cutover").exists()

    before = (GlossaryTerm.objects.count(), AuditEvent.objects.count())
    duplicate = client.post(
        url("glossary-add", code="alpha"), {"new-term": "cutover", "new-definition": "Other."}
    )
    assert duplicate.status_code == 200
    body = duplicate.content.decode()
    assert 'id="id_new-term_error"' in body and "already has" in body
    assert (GlossaryTerm.objects.count(), AuditEvent.objects.count()) == before


def test_agreement_needs_both_parties_and_resets_when_the_wording_changes(world: World) -> None:
    term = add_term(world)
    glossary_url = url("glossary", code="alpha")
    accept_url = url("glossary-accept", code="alpha", pk=term.pk)

    customer = world.client("customer.business_owner")
    row = customer.post(accept_url, headers=HTMX)
    assert row.status_code == 200
    assert "Customer accepted revision 1; awaiting the provider" in row.content.decode()
    assert "You accepted this wording" in row.content.decode()

    provider = world.client("provider.pmo_lead")
    provider.post(accept_url)
    cell = term_cell(provider.get(glossary_url).content, term)
    assert ">Agreed<" in cell

    edit = provider.post(
        url("glossary-edit", code="alpha", pk=term.pk),
        {"term": "Go-live", "definition": "The first business day in production."},
    )
    assert edit.status_code == 302
    cell = term_cell(customer.get(glossary_url).content, term)
    assert ">Agreed<" not in cell and "Not agreed" in cell
    assert "Revision 2: awaiting the customer and the provider" in cell
    assert "Accept this wording" in cell


def test_a_refused_acceptance_is_shown_and_changes_nothing(world: World) -> None:
    term = add_term(world)
    before = (term.acceptances.count(), AuditEvent.objects.count())
    response = world.client("independent.ivv_agent").post(
        url("glossary-accept", code="alpha", pk=term.pk), headers=HTMX
    )
    assert response.status_code == 200
    assert "Only a customer or provider member" in response.content.decode()
    assert (term.acceptances.count(), AuditEvent.objects.count()) == before


@pytest.mark.parametrize("username", ["customer.viewer", "independent.ivv_agent", "outsider"])
def test_glossary_writes_are_not_found_for_others(world: World, username: str) -> None:
    term = add_term(world)
    before = (GlossaryTerm.objects.count(), AuditEvent.objects.count())
    client = world.client(username)
    responses = [
        client.post(url("glossary-add", code="alpha"), {"new-term": "X", "new-definition": "Y"}),
        client.post(
            url("glossary-edit", code="alpha", pk=term.pk), {"term": "X", "definition": "Y"}
        ),
        client.post(url("glossary-delete", code="alpha", pk=term.pk)),
    ]
    assert [r.status_code for r in responses] == [404] * 3
    term.refresh_from_db()
    assert (term.term, term.revision) == ("Go-live", 1)
    assert (GlossaryTerm.objects.count(), AuditEvent.objects.count()) == before


# -- audit ----------------------------------------------------------------------------


def test_audit_lists_changes_and_filters_by_party(world: World) -> None:
    board_services.activity_update(
        acting_user=world.user("provider.pmo_lead"),
        activity=activity(world, "manage_schedule"),
        status=ActivityStatus.IN_PROGRESS,
    )
    long_definition = "A very long definition. " * 10
    add_term(world, definition=long_definition)
    client = world.client("independent.ivv_agent")

    everything = client.get(url("audit", code="alpha")).content.decode()
    assert "status:" in everything and "Not started" not in everything
    assert "not_started" in everything and "in_progress" in everything
    assert "<details" in everything  # the long definition folds away

    provider_only = client.get(url("audit", code="alpha"), {"actor_party": "provider"})
    text = provider_only.content.decode()
    assert "provider.pmo_lead" in text
    assert "customer.program_manager" not in text.split("<caption>")[1]
    assert "1 event matching the filters" in text


def test_audit_is_paginated_newest_first(world: World) -> None:
    act = activity(world, "agree_ims")
    user = world.user("customer.pmo_team")
    for day in range(1, 53):
        board_services.activity_update(
            acting_user=user, activity=act, due_date=dt.date(2026, 5, day % 28 + 1)
        )
    client = world.client("customer.viewer")
    first = client.get(url("audit", code="alpha"), {"action": "update"}).content.decode()
    assert "page 1 of 2" in first and "action=update&amp;page=2" in first
    second = client.get(url("audit", code="alpha"), {"action": "update", "page": "2"})
    assert "page 2 of 2" in second.content.decode()


# -- query counts do not grow with rows -----------------------------------------------


def count_queries(client: Client, path: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries)


def test_program_list_queries_do_not_grow_with_programs(world: World) -> None:
    user = world.user("customer.program_manager")
    client = world.client("customer.program_manager")
    path = url("program-list")
    count_queries(client, path)  # warm caches (content types)
    one = count_queries(client, path)
    for code in ("gamma", "delta", "epsilon"):
        program = make_program(code)
        membership_services.membership_create(
            acting_user=superuser(),
            program=program,
            user=user,
            party=Party.PROVIDER,
            role=Role.PMO_TEAM,
            override_reason="Seconded to each provider to compare their programs.",
        )
    more = count_queries(client, path)
    assert "epsilon" in client.get(path).content.decode()
    assert more == one


def test_workspace_queries_do_not_grow_with_assignees_and_members(
    world: World, approved_charter: Any
) -> None:
    client = world.client("customer.program_manager")
    path = url("program-detail", code="alpha")
    count_queries(client, path)
    few = count_queries(client, path)
    manager = world.user("customer.program_manager")
    for i, act in enumerate(world.program.activities.exclude(owning_party="provider")):
        member = make_member(world.program, f"extra.{i}", Party.CUSTOMER, Role.PMO_TEAM)
        board_services.activity_update(
            acting_user=manager, activity=act, assignee=member, due_date=dt.date(2026, 4, 1)
        )
    count_queries(client, path)  # the writes moved the revision on: access is read again once
    many = count_queries(client, path)
    assert many == few


# -- log in and out -------------------------------------------------------------------


def test_login_page_and_logout(world: World, password: str) -> None:
    client = Client()
    assert client.get(reverse("login")).status_code == 200
    response = client.post(reverse("login"), {"username": "customer.viewer", "password": password})
    assert response.status_code == 302
    page = client.get(url("program-list")).content.decode()
    assert 'action="/accounts/logout/"' in page
    assert client.post(reverse("logout")).status_code == 302
    assert client.get(url("program-list")).status_code == 302
