"""Shared fixtures.

``world`` is one program (``alpha``) with a member for every role each party may hold, named
``<party>.<role>`` (``customer.program_manager``, ``provider.executive_sponsor``, ...; sponsors
and the Business Owner are signatories), and a second program (``beta``) whose only member is
``outsider``. The access tests iterate over ``world.users``.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from rest_framework.test import APIClient

from programs.choices import PARTY_ROLES, Party, Role
from programs.models import DocumentVersion, Program

from .factories import PASSWORD, make_member, make_program

SIGNING_ROLES = {Role.EXECUTIVE_SPONSOR, Role.BUSINESS_OWNER}

# (username, party, role, signatory) for every role each party may hold.
ROLE_MATRIX: list[tuple[str, str, str, bool]] = [
    (f"{party}.{role}", party, role, role in SIGNING_ROLES)
    for party in Party.values
    for role in sorted(PARTY_ROLES[party])
]
OUTSIDER = "outsider"


@dataclass
class World:
    program: Program
    other_program: Program
    users: dict[str, User] = field(default_factory=dict)

    def user(self, name: str) -> User:
        return self.users[name]

    def client(self, name: str) -> Client:
        client = Client()
        client.force_login(self.users[name])
        return client

    def api_client(self, name: str) -> APIClient:
        """A client sending ``name``'s own API token, as a script does."""
        from accounts.models import ApiToken

        _, secret = ApiToken.objects.create(user=self.users[name], name="tests")
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {secret}")
        return client


@pytest.fixture(autouse=True)
def _fast_tests(settings: Any) -> None:
    """Hashing passwords for dozens of users is otherwise the slowest part of a test."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    """API throttling counts live in the cache: each test starts with none."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def answers_built(settings: Any) -> None:
    """Every read builds its answer, none is given from the cache (``PMO_KEEP_ANSWERS``): for
    tests that count the queries building a page or a list asks."""
    settings.PMO_KEEP_ANSWERS = False


@pytest.fixture(autouse=True)
def _media_in_tmp(settings: Any, tmp_path_factory: pytest.TempPathFactory) -> None:
    """Files a test stores (uploads waiting for their job) go to a directory of its own."""
    settings.MEDIA_ROOT = str(tmp_path_factory.mktemp("media"))


@pytest.fixture(scope="module")
def seeded_once(django_db_setup: None, django_db_blocker: Any) -> Iterator[None]:
    """The demo seeded once for a test module (``manage.py seed_demo``), in a transaction
    rolled back after its last test; tests that read it also take ``db``."""
    from django.db import transaction
    from django.test import override_settings

    from .programs.test_seed_demo import FAST_HASHER, seed_demo

    with (
        django_db_blocker.unblock(),
        override_settings(PASSWORD_HASHERS=FAST_HASHER),
        transaction.atomic(),
    ):
        seed_demo()
        yield
        transaction.set_rollback(True)


@pytest.fixture
def world(db: None) -> World:
    program = make_program("alpha")
    other = make_program("beta")
    w = World(program=program, other_program=other)
    for username, party, role, signatory in ROLE_MATRIX:
        w.users[username] = make_member(program, username, party, role, signatory=signatory).user
    w.users[OUTSIDER] = make_member(other, OUTSIDER, Party.CUSTOMER, Role.PROGRAM_MANAGER).user
    return w


@pytest.fixture
def password() -> str:
    return PASSWORD


@pytest.fixture
def approved_charter(world: World) -> DocumentVersion:
    """Version 1 of alpha's charter, approved by both executive sponsors."""
    from .factories import make_charter

    return make_charter(
        world.program,
        state="approved",
        editor=world.user("customer.program_manager"),
        signers=(
            world.user("customer.executive_sponsor"),
            world.user("provider.executive_sponsor"),
        ),
    )


@pytest.fixture
def version_in_review(world: World) -> DocumentVersion:
    """Version 1 of alpha's charter, in review (the review comment tests comment on it)."""
    from .factories import make_charter

    return make_charter(
        world.program, state="in_review", editor=world.user("customer.program_manager")
    )
