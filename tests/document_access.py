"""What the access matrices of versioned document kinds share: the state a write runs
against (the plan's version in review), a write's declaration, and the calls and setups the
writes are made of. Each kind's matrix (tests/pmp/test_plan_access.py,
tests/qasp/test_plan_access.py) declares its own writes with them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.test import Client
from rest_framework.test import APIClient

from programs.models import Document, DocumentVersion
from programs.services import documents as document_services

from .conftest import World


class State:
    """What the shared write helpers call ``s``: the world and the plan's version in review."""

    def __init__(self, world: World, plan: Document) -> None:
        self.world = world
        self.plan = plan

    def open(self) -> DocumentVersion:
        return DocumentVersion.objects.get(document=self.plan, number=2)


Call = Callable[[Client, APIClient, State], Any]


@dataclass(frozen=True)
class Write:
    name: str
    call: Call
    allowed: Callable[[str], bool]
    # The answers a member who may not do it gets (the outsider always gets a 404).
    refused: Callable[[str], tuple[int, ...]] = lambda u: (404,)
    setup: Callable[[State, str], Any] | None = None
    refusal_code: str = ""


def post(path: Callable[[State], str], data: Callable[[State], Any] | None = None) -> Call:
    return lambda web, api, s: web.post(path(s), data(s) if data else {})


def api_call(
    method: str, path: Callable[[State], str], data: Callable[[State], Any] | None = None
) -> Call:
    def call(web: Client, api: APIClient, s: State) -> Any:
        return getattr(api, method)(path(s), data(s) if data else {}, format="json")

    return call


def sign_open(*names: str) -> Callable[[State, str], None]:
    def setup(s: State, username: str) -> None:
        for name in names:
            document_services.version_sign(acting_user=s.world.user(name), version=s.open())

    return setup


def to_draft(s: State, username: str) -> None:
    document_services.version_return_to_draft(
        acting_user=s.world.user("customer.program_manager"), version=s.open()
    )


def remove_document(s: State, username: str) -> None:
    Document.objects.filter(pk=s.plan.pk).delete()
