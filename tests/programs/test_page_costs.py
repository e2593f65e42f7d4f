"""What every program page pays, and what is kept between two writes to the program: the
reader's access (kept under the program's revision), the side navigation, and the parts of
the audit trail kept per revision. A write shows on the next read; a member removed is
refused at once."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db import connection
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from programs import kept_parts
from programs.choices import Party, Role
from programs.models import Membership
from programs.services import glossary as glossary_services
from programs.services import memberships as membership_services

from ..conftest import World
from ..factories import make_member


def url(name: str, **kwargs: Any) -> str:
    return reverse(f"programs:{name}", kwargs=kwargs)


def read(client: Client, path: str) -> tuple[int, list[str]]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    return response.status_code, [q["sql"] for q in queries]


def access_queries(sql: list[str]) -> list[str]:
    """The queries that read the reader's grants or membership."""
    return [q for q in sql if 'FROM "auth_permission"' in q or 'FROM "programs_membership"' in q]


def test_a_page_reads_the_readers_access_once_between_writes(world: World) -> None:
    client = world.client("customer.pmo_team")
    path = url("onboarding", code="alpha")
    status, first = read(client, path)
    assert status == 200 and access_queries(first)
    status, again = read(client, path)
    assert status == 200
    assert access_queries(again) == []
    assert len(again) == len(first) - len(access_queries(first))
    # Another page of the program, the same revision: nothing more to read.
    status, other = read(client, url("glossary", code="alpha"))
    assert status == 200 and access_queries(other) == []


def test_a_removed_member_is_refused_on_the_next_page(world: World) -> None:
    client = world.client("customer.pmo_team")
    path = url("onboarding", code="alpha")
    assert client.get(path).status_code == 200
    membership = Membership.objects.get(program=world.program, user=world.user("customer.pmo_team"))
    membership_services.membership_delete(
        acting_user=world.user("customer.program_manager"), membership=membership
    )
    assert client.get(path).status_code == 404


def test_a_new_role_shows_on_the_next_page(world: World) -> None:
    member = make_member(world.program, "newcomer", Party.CUSTOMER, Role.VIEWER)
    client = Client()
    client.force_login(member.user)
    path = url("glossary", code="alpha")
    assert "Add a term" not in client.get(path).content.decode()
    membership_services.membership_update(
        acting_user=world.user("customer.program_manager"), membership=member, role=Role.PMO_TEAM
    )
    assert "Add a term" in client.get(path).content.decode()


def test_the_navigation_marks_the_page_it_is_on(world: World) -> None:
    client = world.client("customer.program_manager")
    for name, label in (("members", "Members"), ("onboarding", "Onboarding"), ("audit", "Audit")):
        html = client.get(url(name, code="alpha")).content.decode()
        nav = html[html.index('<nav aria-label="Program alpha">') :]
        nav = nav[: nav.index("</nav>")]
        href = url(name, code="alpha")
        assert f'<a href="{href}" class="usa-current" aria-current="page">{label}</a>' in nav
        assert nav.count('aria-current="page"') == 1


def test_the_navigation_shows_the_cost_pages_only_to_who_sees_costs(world: World) -> None:
    manager = world.client("customer.program_manager").get(url("members", code="alpha"))
    viewer = world.client("customer.viewer").get(url("members", code="alpha"))
    assert "Cost and earned value" in manager.content.decode()
    assert "Cost and earned value" not in viewer.content.decode()


def test_the_board_kept_for_an_editor_is_not_shown_to_a_viewer(world: World) -> None:
    path = url("program-detail", code="alpha")
    editor = world.client("customer.program_manager").get(path).content.decode()
    viewer = world.client("customer.viewer").get(path).content.decode()
    provider = world.client("provider.program_manager").get(path).content.decode()
    assert "Edit<span" in editor
    assert "Edit<span" not in viewer
    # The customer's own activities are the customer's to change, not the provider's.
    customer_owned = world.program.activities.filter(owning_party="customer").first()
    assert customer_owned is not None
    edit = url("activity-edit", code="alpha", key=customer_owned.key)
    assert edit in editor and edit not in provider


def test_the_audit_trail_shows_a_write_on_the_next_read(world: World) -> None:
    client = world.client("customer.program_manager")
    path = url("audit", code="alpha")
    assert "Service level" not in client.get(path).content.decode()
    glossary_services.glossary_term_create(
        acting_user=world.user("customer.program_manager"),
        program=world.program,
        term="Service level",
        definition="What the provider commits to deliver.",
    )
    assert "Service level" in client.get(path).content.decode()


def test_the_audit_trail_is_read_once_between_writes_whatever_its_length(world: World) -> None:
    manager = world.user("customer.program_manager")
    client = world.client("customer.program_manager")
    path = url("audit", code="alpha")
    read(client, path)
    status, few = read(client, path)
    for i in range(30):
        glossary_services.glossary_term_create(
            acting_user=manager, program=world.program, term=f"Term {i}", definition="Meaning."
        )
    read(client, path)
    status, many = read(client, path)
    assert status == 200
    assert len(many) == len(few)
    assert not any("programs_auditevent" in q for q in many)
    # Another reader of the program is given the same trail without reading it again.
    status, viewer = read(world.client("provider.pmo_team"), path)
    assert status == 200 and not any("programs_auditevent" in q for q in viewer)


class BaselineForm(forms.Form):
    name = forms.CharField()
    description = forms.CharField()


def test_a_part_that_posts_is_never_kept(world: World) -> None:
    """A form that posts carries the reader's CSRF token: kept, it would go to others."""
    request = RequestFactory().get("/")
    request.user = world.user("customer.program_manager")
    rendered: list[int] = []

    def context() -> dict[str, Any]:
        rendered.append(1)
        return {"program": world.program, "form": BaselineForm()}

    for _ in range(2):
        html = kept_parts.kept_part(request, world.program, "schedule/_baseline_form.html", context)
        assert "csrfmiddlewaretoken" in html
    assert len(rendered) == 2
