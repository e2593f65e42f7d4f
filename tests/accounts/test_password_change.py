"""Changing one's password: from the user menu, revoking every API token and ending every
other session, audited."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.test import Client
from rest_framework.test import APIClient

from accounts import services
from accounts.models import ApiToken
from programs.models import AuditEvent

from ..conftest import World

VIEWER = "customer.viewer"
PAGE = "/accounts/password/"
NEW = "a-much-longer-passphrase-2026"


def test_the_user_menu_links_the_page(world: World) -> None:
    page = world.client(VIEWER).get("/programs/").content.decode()
    assert f'href="{PAGE}"' in page
    assert 'href="/accounts/tokens/"' in page


def test_a_password_change_revokes_tokens_and_other_sessions(world: World, password: str) -> None:
    user = world.user(VIEWER)
    _, first = services.api_token_create(acting_user=user, name="one")
    _, second = services.api_token_create(acting_user=user, name="two")
    services.api_token_create(acting_user=world.user("outsider"), name="theirs")
    here, elsewhere = Client(), Client()
    for client in (here, elsewhere):
        client.post("/accounts/login/", {"username": VIEWER, "password": password})
        assert "_auth_user_id" in client.session

    response = here.post(
        PAGE, {"old_password": password, "new_password1": NEW, "new_password2": NEW}
    )
    assert response.status_code == 302
    assert response["Location"] == PAGE
    user.refresh_from_db()
    assert user.check_password(NEW)
    assert not ApiToken.objects.filter(user=user).exists()
    assert ApiToken.objects.filter(user=world.user("outsider")).count() == 1
    for secret in (first, second):
        api = APIClient()
        api.credentials(HTTP_AUTHORIZATION=f"Token {secret}")
        assert api.get("/api/programs/").status_code == 401

    # This session goes on; the other one is signed out.
    message = here.get(PAGE).content.decode()
    assert "your 2 API tokens revoked." in message
    assert here.get("/programs/").status_code == 200
    assert elsewhere.get("/programs/").status_code == 302

    event = AuditEvent.objects.get(
        target_id=str(user.pk), target_type__model="user", action="update"
    )
    assert event.changes["api_tokens"] == [2, 0]


def test_a_wrong_old_password_changes_nothing(world: World, password: str) -> None:
    user = world.user(VIEWER)
    services.api_token_create(acting_user=user, name="one")
    events = AuditEvent.objects.count()
    response = world.client(VIEWER).post(
        PAGE, {"old_password": "not-it", "new_password1": NEW, "new_password2": NEW}
    )
    assert response.status_code == 200
    assert "Your old password was entered incorrectly" in response.content.decode()
    assert User.objects.get(pk=user.pk).check_password(password)
    assert ApiToken.objects.filter(user=user).count() == 1
    assert AuditEvent.objects.count() == events


def test_the_page_needs_a_login(db: None) -> None:
    response = Client().get(PAGE)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
