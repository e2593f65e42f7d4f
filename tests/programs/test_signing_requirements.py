"""The signatures a version needs: one per signing party of its kind, met by a valid
signature of that party."""

from __future__ import annotations

from programs.models import DocumentVersion
from programs.services.documents import signing_requirements

from ..conftest import World
from ..factories import make_charter


def test_a_draft_needs_one_signature_per_party_and_has_none(world: World) -> None:
    version = make_charter(
        world.program, state="draft", editor=world.user("customer.program_manager")
    )
    requirements = signing_requirements(version)
    assert [(r.label, r.party, r.user_id, r.met) for r in requirements] == [
        ("Customer signatory", "customer", None, False),
        ("Provider signatory", "provider", None, False),
    ]


def test_an_approved_version_meets_each_with_its_party_signature(
    approved_charter: DocumentVersion,
) -> None:
    requirements = signing_requirements(approved_charter)
    assert all(r.met for r in requirements)
    assert [r.signature.party for r in requirements if r.signature] == ["customer", "provider"]
