"""The access model as a table: for every role of every party (and a user of another program),
which actions the policy allows on objects owned by the customer, the provider, or both."""

from __future__ import annotations

import pytest

from programs import policy
from programs.choices import Party
from programs.models import (
    AuditEvent,
    Document,
    DocumentVersion,
    GlossaryTerm,
    Membership,
    OnboardingItem,
    PlayActivity,
)

from ..access import expected
from ..conftest import OUTSIDER, ROLE_MATRIX, World

C, P, I = "customer", "provider", "independent"  # noqa: E741
_expected = expected

USERNAMES = [name for name, *_ in ROLE_MATRIX] + [OUTSIDER]


@pytest.mark.parametrize("username", USERNAMES)
def test_board_activity_permissions_follow_the_owning_party(world: World, username: str) -> None:
    user = world.user(username)
    for activity in PlayActivity.objects.filter(program=world.program):
        for action in ("view", "change"):
            assert policy.can(user, action, activity) is _expected(
                username, action, activity.owning_party
            ), (username, action, activity.key)


@pytest.mark.parametrize("username", USERNAMES)
def test_restrict_agrees_with_can(world: World, username: str) -> None:
    """Lists and single objects give the same answer: restrict() is can() over a queryset."""
    user = world.user(username)
    for model in (PlayActivity, OnboardingItem, Membership, AuditEvent):
        rows = model.objects.filter(**{model.policy_program_field: world.program})
        for action in ("view", "change"):
            allowed = set(policy.restrict(rows, user, action).values_list("pk", flat=True))
            expected = {row.pk for row in rows if policy.can(user, action, row)}
            assert allowed == expected, (username, model.__name__, action)


@pytest.mark.parametrize("username", USERNAMES)
def test_onboarding_is_provider_owned(world: World, username: str) -> None:
    item = OnboardingItem.objects.filter(program=world.program).first()
    assert item is not None
    assert policy.can(world.user(username), "change", item) is _expected(username, "change", P)
    assert policy.can(world.user(username), "view", item) is _expected(username, "view", P)


@pytest.mark.parametrize("username", USERNAMES)
def test_glossary_is_shared(world: World, username: str) -> None:
    term = GlossaryTerm(program=world.program, term="Go-live", definition="...")
    assert policy.can(world.user(username), "change", term) is _expected(
        username, "change", "shared"
    )


@pytest.mark.parametrize("username", USERNAMES)
@pytest.mark.parametrize("member_party", [C, P, I])
def test_members_are_managed_by_their_own_party(
    world: World, username: str, member_party: str
) -> None:
    member = Membership.objects.filter(
        program=world.program, party=member_party, role="viewer"
    ).first()
    assert member is not None
    assert policy.can(world.user(username), "change", member) is _expected(
        username, "change_member", member_party
    )


@pytest.mark.parametrize("username", USERNAMES)
@pytest.mark.parametrize("owner", ["customer", "provider", "shared"])
def test_documents_change_and_sign_by_owning_party(world: World, username: str, owner: str) -> None:
    document = Document(program=world.program, kind="charter", title="X", owning_party=owner)
    version = DocumentVersion(document=document, number=1, phase=3)
    user = world.user(username)
    assert policy.can(user, "change", version) is _expected(username, "change", owner)
    signs = policy.signing_party(user, version) is not None
    assert signs is _expected(username, "sign", owner)
    if signs:
        assert policy.signing_party(user, version) == username.split(".")[0]


def test_outsider_sees_nothing_of_alpha_but_everything_of_beta(world: World) -> None:
    outsider = world.user(OUTSIDER)
    visible = policy.restrict(PlayActivity.objects.all(), outsider, "view")
    assert set(visible.values_list("program__code", flat=True)) == {"beta"}


def test_membership_change_resyncs_permissions(world: World) -> None:
    from programs.services.memberships import membership_delete, membership_update

    pm = world.user("customer.program_manager")
    team = Membership.objects.get(program=world.program, user=world.user("customer.pmo_team"))
    activity = PlayActivity.objects.get(program=world.program, key="update_program_charter")
    assert policy.can(team.user, "change", activity)

    membership_update(acting_user=pm, membership=team, role="viewer")
    policy.forget_cached_permissions(team.user)
    assert not policy.can(team.user, "change", activity)
    assert policy.can(team.user, "view", activity)

    membership_delete(acting_user=pm, membership=team)
    policy.forget_cached_permissions(team.user)
    assert not policy.can(team.user, "view", activity)


def test_anonymous_users_get_nothing(world: World) -> None:
    from django.contrib.auth.models import AnonymousUser

    anonymous = AnonymousUser()
    assert not policy.restrict(PlayActivity.objects.all(), anonymous, "view").exists()
    assert not policy.can(anonymous, "view", world.program)


def test_parties_in_the_matrix_cover_every_party() -> None:
    assert {party for _, party, *_ in ROLE_MATRIX} == set(Party.values)
