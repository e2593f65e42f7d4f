"""The access matrix: every role of every party, and a user of another program, against every
page, write view and API action of the program workspace and the charter.

Allowed writes succeed and are audited; denied ones answer 404 (or, for a member who may read
the version but signs for no party, the service's ``not_a_signatory`` refusal) and change
nothing. Each action runs in a savepoint that is rolled back, so every one starts from the same
program: version 1 of the charter approved, version 2 in review, one glossary term.

Responsibilities (the RACI matrix, SME MOUs and sessions, the role agreement, the Resource
Management Plan and each MOU) has its matrix in ``tests/raci/test_access_matrix.py``.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.db import transaction
from django.test import Client
from rest_framework.test import APIClient

from programs.models import (
    AuditEvent,
    DocumentVersion,
    GlossaryAcceptance,
    GlossaryTerm,
    Membership,
    OnboardingItem,
    PlayActivity,
    Signature,
)
from programs.services import documents as document_services
from programs.services import glossary as glossary_services

from .access import expected
from .charter.conftest import form_data
from .conftest import OUTSIDER, ROLE_MATRIX, World
from .factories import UserFactory, ivv_firm

USERNAMES = [name for name, *_ in ROLE_MATRIX] + [OUTSIDER]
P = "/programs/alpha"
API = "/api/programs/alpha"


@dataclass
class State:
    world: World
    v2: DocumentVersion
    term: GlossaryTerm
    item: OnboardingItem
    customer_viewer: int = 0  # membership ids the member writes act on
    provider_viewer: int = 0

    def member(self, username: str) -> Membership:
        return Membership.objects.get(program=self.world.program, user__username=username)


@pytest.fixture
def state(world: World, approved_charter: DocumentVersion) -> State:
    pm = world.user("customer.program_manager")
    v2 = document_services.version_create_next(
        acting_user=pm,
        document=approved_charter.document,
        reason="scope_change",
        reason_text="Payroll joins the scope.",
    )
    v2 = document_services.version_submit(acting_user=pm, version=v2)
    term = glossary_services.glossary_term_create(
        acting_user=pm,
        program=world.program,
        term="Go-live",
        definition="The first day users work in the provider's system.",
    )
    UserFactory.create(username="newcomer", organisation=world.program.customer)
    UserFactory.create(username="newcomer.provider", organisation=world.program.provider)
    UserFactory.create(username="newcomer.ivv", organisation=ivv_firm())
    item = OnboardingItem.objects.filter(program=world.program).first()
    assert item is not None
    state = State(world, v2, term, item)
    state.customer_viewer = state.member("customer.viewer").pk
    state.provider_viewer = state.member("provider.viewer").pk
    return state


def edit_form_data(version: DocumentVersion) -> dict[str, Any]:
    content = dict(version.content)
    content["sections"] = {**content["sections"], "risks": "A new initial risk."}
    return form_data(content, version.revision)


def edit_api_data(version: DocumentVersion) -> dict[str, Any]:
    content = {k: v for k, v in version.content.items() if k != "stakeholders"}
    content["sections"] = {**content["sections"], "risks": "A new initial risk."}
    return {"content": content, "revision": version.revision}


@dataclass(frozen=True)
class Write:
    name: str
    call: Callable[[Client, APIClient, State], Any]
    action: str
    owner: str = "shared"
    # Run before the write, inside its transaction (what the write needs, e.g. a signature).
    setup: Callable[[State], Any] | None = None


def _post(path: str, data: Callable[[State], dict[str, Any]] | None = None) -> Callable[..., Any]:
    return lambda web, api, s: web.post(path.format(s=s), data(s) if data else {})


def _api(method: str, path: str, data: Callable[[State], Any] | None = None) -> Callable[..., Any]:
    def call(web: Client, api: APIClient, s: State) -> Any:
        body = data(s) if data else {}
        return getattr(api, method)(path.format(s=s), body, format="json")

    return call


def _sign_v2(s: State) -> None:
    sponsor = s.world.user("customer.executive_sponsor")
    document_services.version_sign(acting_user=sponsor, version=s.v2)


WRITES = [
    # the Play 3.1 board: shared, customer-owned (QASP) and provider-owned (onboarding) rows
    Write(
        "board: shared activity",
        _post(f"{P}/board/manage_schedule/edit/", lambda s: {"activity-9-status": "in_progress"}),
        "change",
        "shared",
    ),
    Write(
        "board: customer activity",
        _post(
            f"{P}/board/develop_qasp/edit/",
            lambda s: {
                "activity-7-status": "in_progress",
                "activity-7-reason": "The COR drafts the standards outside the portal.",
            },
        ),
        "change",
        "customer",
    ),
    Write(
        "board: provider activity",
        _post(
            f"{P}/board/onboard_provider_pmo/edit/",
            lambda s: {
                "activity-1-status": "in_progress",
                "activity-1-reason": "Kick-off held; the checklist is updated next week.",
            },
        ),
        "change",
        "provider",
    ),
    Write(
        "API board: customer activity",
        _api(
            "patch",
            f"{API}/activities/develop_qasp/",
            lambda s: {"status": "blocked", "reason": "Waiting for the service levels."},
        ),
        "change",
        "customer",
    ),
    # members, managed by their own party (the customer's managers also add the IV&V party)
    Write(
        "add a customer member",
        _post(
            f"{P}/members/add/",
            lambda s: {"username": "newcomer", "party": "customer", "role": "viewer"},
        ),
        "manage",
        "customer",
    ),
    Write(
        "add a provider member",
        _post(
            f"{P}/members/add/",
            lambda s: {"username": "newcomer.provider", "party": "provider", "role": "viewer"},
        ),
        "manage",
        "provider",
    ),
    Write(
        "edit a provider member",
        _post(
            f"{P}/members/{{s.provider_viewer}}/edit/",
            lambda s: {f"member-{s.provider_viewer}-role": "sme"},
        ),
        "change_member",
        "provider",
    ),
    Write(
        "remove a customer member",
        _post(f"{P}/members/{{s.customer_viewer}}/remove/"),
        "change_member",
        "customer",
    ),
    Write(
        "API: add an independent member",
        _api(
            "post",
            f"{API}/members/",
            lambda s: {"username": "newcomer.ivv", "party": "independent", "role": "viewer"},
        ),
        "manage",
        "independent",
    ),
    # provider onboarding
    Write(
        "add an onboarding item",
        _post(f"{P}/onboarding/add/", lambda s: {"new-title": "Badges issued"}),
        "change",
        "provider",
    ),
    Write(
        "mark an onboarding item done",
        _post(f"{P}/onboarding/{{s.item.pk}}/done/"),
        "change",
        "provider",
    ),
    Write(
        "API: add an onboarding item",
        _api("post", f"{API}/onboarding-items/", lambda s: {"title": "Badges issued"}),
        "change",
        "provider",
    ),
    # the shared glossary
    Write(
        "add a glossary term",
        _post(
            f"{P}/glossary/add/",
            lambda s: {"new-term": "Cutover", "new-definition": "The switch to the provider."},
        ),
        "change",
    ),
    Write("accept a wording", _post(f"{P}/glossary/{{s.term.pk}}/accept/"), "accept"),
    Write(
        "API: edit a glossary term",
        _api(
            "patch", f"{API}/glossary/{{s.term.pk}}/", lambda s: {"definition": "Another wording."}
        ),
        "change",
    ),
    Write("API: accept a wording", _api("post", f"{API}/glossary/{{s.term.pk}}/accept/"), "accept"),
    # the charter, version 2 in review
    Write(
        "edit the charter in review",
        _post(f"{P}/charter/v2/edit/", lambda s: edit_form_data(s.v2)),
        "change",
    ),
    Write("return the charter to draft", _post(f"{P}/charter/v2/return-to-draft/"), "change"),
    Write(
        "return the signed charter to draft",
        _post(f"{P}/charter/v2/return-to-draft/", lambda s: {"reason": "The scope changed."}),
        "void_signatures",
        setup=lambda s: _sign_v2(s),
    ),
    Write(
        "sign the charter",
        _post(
            f"{P}/charter/v2/sign/",
            lambda s: {"content_sha256": document_services.version_sha256(s.v2)},
        ),
        "sign",
    ),
    Write(
        "API: edit the charter",
        _api("patch", f"{API}/charter/versions/2/", lambda s: edit_api_data(s.v2)),
        "change",
    ),
    Write("API: sign the charter", _api("post", f"{API}/charter/versions/2/sign/"), "sign"),
    Write(
        "API: return to draft", _api("post", f"{API}/charter/versions/2/return-to-draft/"), "change"
    ),
    Write(
        "API: return the signed charter to draft",
        _api(
            "post",
            f"{API}/charter/versions/2/return-to-draft/",
            lambda s: {"reason": "The scope changed."},
        ),
        "void_signatures",
        setup=lambda s: _sign_v2(s),
    ),
]

READS = [
    f"{P}/",
    f"{P}/members/",
    f"{P}/onboarding/",
    f"{P}/glossary/",
    f"{P}/audit/",
    f"{P}/charter/",
    f"{P}/charter/v1/",
    f"{P}/charter/v2/",
    f"{P}/charter/compare/?a=1&b=2",
    f"{P}/charter/v1/export.pdf",
    f"{P}/charter/v2/export.xlsx",
    f"{API}/",
    f"{API}/members/",
    f"{API}/activities/",
    f"{API}/onboarding-items/",
    f"{API}/glossary/",
    f"{API}/audit-events/",
    f"{API}/charter/",
    f"{API}/charter/versions/",
    f"{API}/charter/versions/2/",
    f"{API}/charter/versions/1/export/?format=pdf",
]


def fingerprint(s: State) -> Any:
    """Everything the writes above could touch."""
    v2 = DocumentVersion.objects.get(pk=s.v2.pk)
    return (
        AuditEvent.objects.count(),
        (v2.status, v2.revision, json.dumps(v2.content, sort_keys=True)),
        sorted(
            Membership.objects.filter(program=s.world.program).values_list(
                "user__username", "role", "is_signatory"
            )
        ),
        sorted(
            OnboardingItem.objects.filter(program=s.world.program).values_list("title", "done_date")
        ),
        sorted(
            GlossaryTerm.objects.filter(program=s.world.program).values_list(
                "term", "definition", "revision"
            )
        ),
        GlossaryAcceptance.objects.count(),
        Signature.objects.filter(voided_at__isnull=True).count(),
        sorted(PlayActivity.objects.filter(program=s.world.program).values_list("key", "status")),
    )


def _clients(world: World, username: str) -> tuple[Client, APIClient]:
    web, api = Client(), APIClient()
    web.force_login(world.user(username))
    api.force_authenticate(world.user(username))
    return web, api


@pytest.mark.parametrize("username", USERNAMES)
def test_reads(state: State, username: str) -> None:
    web, api = _clients(state.world, username)
    for path in READS:
        response = (api if path.startswith("/api/") else web).get(path)
        want = 200 if expected(username, "view") else 404
        assert response.status_code == want, (username, path, response.status_code)


@pytest.mark.parametrize("username", USERNAMES)
def test_writes(state: State, username: str) -> None:
    web, api = _clients(state.world, username)
    for write in WRITES:
        allowed = expected(username, write.action, write.owner)
        with transaction.atomic():
            if write.setup is not None:
                write.setup(state)
            before = fingerprint(state)
            response = write.call(web, api, state)
            after = fingerprint(state)
            transaction.set_rollback(True)
        where = (username, write.name, response.status_code)
        if allowed:
            assert response.status_code < 400, where
            assert after[0] > before[0], (*where, "no audit event")
            continue
        assert after == before, (*where, "a denied request changed something")
        if write.action in ("sign", "accept") and expected(username, "view"):
            # A member who may read the version or the term is told why they cannot sign or
            # accept it: the page again with the refusal (web), or its error code (API).
            assert response.status_code in (302, 400), where
            if write.name.startswith("API"):
                assert response.json()["code"] in ("not_a_signatory", "not_a_reviewer"), where
        elif write.action == "void_signatures" and expected(username, "change"):
            # An editor who may not void the signatures is told so; nothing changes.
            assert response.status_code == 403, where
        else:
            assert response.status_code == 404, where


# -- escalation: nobody raises their own authority -------------------------------------


@dataclass(frozen=True)
class Attempt:
    """A change of a member's role or flag (or their removal) that would raise someone's
    authority unless the actor holds it already. ``target`` names the member acted on for a
    given actor; ``data`` is the change asked for that member (None: remove them);
    ``allowed`` says which actors may do it."""

    name: str
    target: Callable[[str], str]
    data: Callable[[Membership], dict[str, Any] | None]
    allowed: Callable[[str, str], bool] = lambda actor, target: False


def _own_party(username: str) -> str:
    """The party whose members an actor is tried against: their own, and for the
    independent party and the outsider, the customer's."""
    party = username.split(".")[0]
    return party if party in ("customer", "provider") else "customer"


def _is_sponsor_of(actor: str, target: str) -> bool:
    return actor.endswith(".executive_sponsor") and actor.split(".")[0] == target.split(".")[0]


def _other_than(role: str, fallback: str) -> Callable[[Membership], dict[str, Any]]:
    return lambda m: {"role": role if m.role != role else fallback}


ATTEMPTS = [
    Attempt("self: signatory flag", lambda u: u, lambda m: {"is_signatory": not m.is_signatory}),
    Attempt("self: Executive Sponsor", lambda u: u, _other_than("executive_sponsor", "viewer")),
    Attempt("self: Program Manager", lambda u: u, _other_than("program_manager", "pmo_lead")),
    Attempt(
        "peer: a PMO Team member made signatory",
        lambda u: f"{_own_party(u)}.pmo_team",
        lambda m: {"is_signatory": True},
    ),
    Attempt(
        "upward: a Viewer made Executive Sponsor",
        lambda u: f"{_own_party(u)}.viewer",
        lambda m: {"role": "executive_sponsor"},
        _is_sponsor_of,
    ),
    Attempt(
        "upward: a Viewer made Program Manager",
        lambda u: f"{_own_party(u)}.viewer",
        lambda m: {"role": "program_manager"},
        lambda actor, target: (
            _is_sponsor_of(actor, target) or actor == f"{target.split('.')[0]}.program_manager"
        ),
    ),
    Attempt(
        "upward: the Program Manager made PMO Team",
        lambda u: f"{_own_party(u)}.program_manager",
        lambda m: {"role": "pmo_team"},
        lambda actor, target: _is_sponsor_of(actor, target) and actor != target,
    ),
    Attempt(
        "upward: the Executive Sponsor's flag removed",
        lambda u: f"{_own_party(u)}.executive_sponsor",
        lambda m: {"is_signatory": False},
    ),
    Attempt(
        "upward: the Executive Sponsor removed",
        lambda u: f"{_own_party(u)}.executive_sponsor",
        lambda m: None,
        lambda actor, target: actor == target,  # leaving is everyone's right
    ),
]


def authority_fingerprint(s: State) -> Any:
    from guardian.models import UserObjectPermission

    return (
        AuditEvent.objects.count(),
        sorted(
            Membership.objects.filter(program=s.world.program).values_list(
                "user__username", "role", "is_signatory", "signatory_granted_by"
            )
        ),
        UserObjectPermission.objects.count(),
        Signature.objects.filter(voided_at__isnull=True).count(),
    )


def _web_data(membership: Membership, data: dict[str, Any]) -> dict[str, Any]:
    prefix = f"member-{membership.pk}"
    form = {f"{prefix}-role": data.get("role", membership.role)}
    if data.get("is_signatory", membership.is_signatory):
        form[f"{prefix}-is_signatory"] = "on"
    return form


@pytest.mark.parametrize("username", USERNAMES)
def test_nobody_raises_their_own_authority(state: State, username: str) -> None:
    """Self, peer and upward escalation by every role of every party and an outsider, on
    the members page and the API: refused (404 where the member is out of reach, else the
    refusal), and nothing changed: not the member, not the permissions, not a signature."""
    web, api = _clients(state.world, username)
    for attempt in ATTEMPTS:
        target_name = attempt.target(username)
        if target_name == OUTSIDER:
            target_name = "customer.viewer"
        for channel in ("web", "api"):
            with transaction.atomic():
                target = state.member(target_name)
                data = attempt.data(target)
                before = authority_fingerprint(state)
                response: Any
                if channel == "api":
                    url = f"{API}/members/{target.pk}/"
                    if data is None:
                        response = api.delete(url)
                    else:
                        response = api.patch(url, data, format="json")
                elif data is None:
                    response = web.post(f"{P}/members/{target.pk}/remove/")
                else:
                    response = web.post(f"{P}/members/{target.pk}/edit/", _web_data(target, data))
                after = authority_fingerprint(state)
                transaction.set_rollback(True)
            where = (username, attempt.name, channel, response.status_code)
            if attempt.allowed(username, target_name):
                assert response.status_code < 400, where
                assert after != before, (*where, "an allowed change changed nothing")
                continue
            assert after == before, (*where, "a refused escalation changed something")
            reachable = username != OUTSIDER and expected(
                username, "change_member", target_name.split(".")[0]
            )
            if not reachable:
                assert response.status_code == 404, where
            elif channel == "api":
                assert response.status_code == 400, where
                assert response.json()["code"] in (
                    "own_membership",
                    "authority_required",
                    "role_above_own",
                    "signatory_role",
                    "role_not_for_party",
                ), where
            else:
                # The form does not offer what the member may not give: a forged flag is
                # not read (the page returns), a forged role is refused beside the field.
                assert response.status_code in (302, 400, 404), where
