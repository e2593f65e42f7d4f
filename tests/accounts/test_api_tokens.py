"""API tokens: several per person, expiring, listed and revoked by their owner only, each
creation and revocation audited."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from accounts import services
from accounts.models import ApiToken
from programs.models import AuditEvent

from ..conftest import World

VIEWER = "customer.viewer"
PAGE = "/accounts/tokens/"


def _api(secret: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {secret}")
    return client


def _token_events(action: str) -> list[AuditEvent]:
    kind = ContentType.objects.get_for_model(ApiToken)
    return list(AuditEvent.objects.filter(target_type=kind, action=action))


def test_a_token_expires_after_ninety_days(world: World) -> None:
    token, secret = services.api_token_create(acting_user=world.user(VIEWER), name="script")
    assert token.expiry is not None
    assert abs(token.expiry - (timezone.now() + timedelta(days=90))) < timedelta(minutes=1)
    assert _api(secret).get("/api/programs/").status_code == 200

    ApiToken.objects.filter(pk=token.pk).update(expiry=timezone.now() - timedelta(seconds=1))
    response = _api(secret).get("/api/programs/")
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"
    # Kept and shown as expired to its owner until revoked.
    page = world.client(VIEWER).get(PAGE).content.decode()
    assert "Expired" in page


def test_only_a_hash_of_the_secret_is_stored(world: World) -> None:
    token, secret = services.api_token_create(acting_user=world.user(VIEWER), name="script")
    stored = ApiToken.objects.values().get(pk=token.pk)
    assert secret not in {str(v) for v in stored.values()}


def test_use_is_recorded(world: World) -> None:
    token, secret = services.api_token_create(acting_user=world.user(VIEWER), name="script")
    assert token.last_used is None
    _api(secret).get("/api/programs/")
    token.refresh_from_db()
    assert token.last_used is not None


def test_the_page_creates_a_token_and_shows_its_secret_once(world: World) -> None:
    client = world.client(VIEWER)
    response = client.post(PAGE, {"name": "monthly report script"})
    assert response.status_code == 201
    secret = response.context["secret"]
    assert secret in response.content.decode()
    token = ApiToken.objects.get(user=world.user(VIEWER))
    assert token.name == "monthly report script"
    assert _api(secret).get("/api/programs/").status_code == 200
    [event] = _token_events("create")
    assert event.actor == world.user(VIEWER)
    assert event.program is None

    later = client.get(PAGE).content.decode()
    assert "monthly report script" in later
    assert secret not in later
    assert token.digest not in later


def test_a_name_is_required(world: World) -> None:
    response = world.client(VIEWER).post(PAGE, {"name": "  "})
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    assert not ApiToken.objects.exists()


def test_the_list_shows_only_ones_own_tokens(world: World) -> None:
    services.api_token_create(acting_user=world.user(VIEWER), name="viewer sync")
    services.api_token_create(acting_user=world.user(VIEWER), name="viewer laptop")
    services.api_token_create(acting_user=world.user("outsider"), name="outsider sync")

    response = world.client(VIEWER).get(PAGE)
    assert response.status_code == 200
    page = response.content.decode()
    assert "viewer sync" in page
    assert "viewer laptop" in page
    assert "outsider sync" not in page
    assert [t.name for t in response.context["tokens"]] == ["viewer laptop", "viewer sync"]


def test_the_page_needs_a_login(db: None) -> None:
    response = Client().get(PAGE)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_the_owner_revokes_a_token(world: World) -> None:
    token, secret = services.api_token_create(acting_user=world.user(VIEWER), name="old")
    _, kept_secret = services.api_token_create(acting_user=world.user(VIEWER), name="new")
    client = world.client(VIEWER)
    url = f"/accounts/tokens/{token.pk}/revoke/"

    confirm = client.get(url)
    assert confirm.status_code == 200
    assert "Revoke API token “old”?" in confirm.content.decode()
    response = client.post(url)
    assert response.status_code == 302
    assert not ApiToken.objects.filter(pk=token.pk).exists()
    assert _api(secret).get("/api/programs/").status_code == 401
    assert _api(kept_secret).get("/api/programs/").status_code == 200
    [event] = _token_events("delete")
    assert event.actor == world.user(VIEWER)
    assert event.target_id == str(token.pk)


def test_nobody_else_can_revoke_a_token(world: World) -> None:
    token, secret = services.api_token_create(acting_user=world.user(VIEWER), name="mine")
    url = f"/accounts/tokens/{token.pk}/revoke/"
    events = AuditEvent.objects.count()
    for name in ("outsider", "customer.program_manager"):
        client = world.client(name)
        assert client.get(url).status_code == 404
        assert client.post(url).status_code == 404
    assert ApiToken.objects.filter(pk=token.pk, name="mine").exists()
    assert AuditEvent.objects.count() == events
    assert _api(secret).get("/api/programs/").status_code == 200


def test_the_service_refuses_someone_elses_token(world: World) -> None:
    token, _ = services.api_token_create(acting_user=world.user(VIEWER), name="mine")
    with pytest.raises(PermissionDenied):
        services.api_token_revoke(acting_user=world.user("outsider"), token=token)
    assert ApiToken.objects.filter(pk=token.pk).exists()


def test_administrators_see_tokens_but_not_their_hashes(world: World) -> None:
    from django.contrib.auth.models import User

    token, _ = services.api_token_create(acting_user=world.user(VIEWER), name="viewer sync")
    admin = Client()
    admin.force_login(User.objects.create_superuser("root", "root@example.gov", "x"))
    page = admin.get("/admin/accounts/apitoken/")
    assert page.status_code == 200
    assert "viewer sync" in page.content.decode()
    assert token.digest not in page.content.decode()
    assert admin.get("/admin/knox/authtoken/").status_code == 404
