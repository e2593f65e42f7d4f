"""An MOU's version page offers each of its signers the signature that is theirs to give:
the SME signs as such, a signatory of the SME's party for that party, the named Program
Manager as such; a member the MOU does not name is offered nothing, and signing through the
page anyway is refused and changes nothing."""

from __future__ import annotations

import pytest

from programs.models import Signature
from programs.services import documents as document_services

from ..conftest import World
from .mou_helpers import in_review, make_mou

SIGN_BUTTON = "Sign version 1 "


@pytest.mark.parametrize(
    ("username", "offered"),
    [
        ("customer.sme", "as subject-matter expert"),
        ("provider.program_manager", "as program manager of the provider"),
        ("customer.executive_sponsor", "for the Customer"),
        ("provider.executive_sponsor", None),
        ("customer.pmo_lead", None),
        ("provider.sme", None),
        ("independent.ivv_agent", None),
    ],
)
def test_the_page_offers_each_signer_their_own_signature(
    world: World, username: str, offered: str | None
) -> None:
    version = in_review(world, make_mou(world))
    url = version.get_absolute_url()
    body = world.client(username).get(url).content.decode()
    if offered is None:
        assert SIGN_BUTTON not in body
    else:
        assert f"{SIGN_BUTTON}{offered}" in body


def test_a_member_the_mou_does_not_name_is_refused_and_nothing_changes(world: World) -> None:
    version = in_review(world, make_mou(world))
    sha = document_services.version_sha256(version)
    answer = world.client("provider.pmo_lead").post(
        f"{version.get_absolute_url()}sign/", {"content_sha256": sha}
    )
    assert answer.status_code == 400
    assert "names" in answer.content.decode()
    assert not Signature.objects.filter(version=version).exists()


def test_once_the_sme_signed_the_page_offers_them_nothing_more(world: World) -> None:
    version = in_review(world, make_mou(world))
    sha = document_services.version_sha256(version)
    client = world.client("customer.sme")
    answer = client.post(f"{version.get_absolute_url()}sign/", {"content_sha256": sha})
    assert answer.status_code == 302
    assert SIGN_BUTTON not in client.get(version.get_absolute_url()).content.decode()
    assert Signature.objects.get(version=version).named
