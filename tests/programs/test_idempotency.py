"""One click, one action: a create sent twice with the same idempotency key (a form's hidden
key, the API's Idempotency-Key header) creates once and answers the first result again."""

from __future__ import annotations

import datetime as dt
import re
import uuid
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from programs.models import GlossaryTerm, IdempotencyKey, Membership, OnboardingItem
from schedule.models import Baseline, ChangeRequest, Schedule

from ..conftest import World
from ..factories import UserFactory
from ..schedule.factories import make_schedule
from ..schedule.test_control_pages import CRITICAL_TASK, TEAM, agree, cr_form

pytestmark = pytest.mark.django_db

PM = "provider.program_manager"


@pytest.fixture
def schedule(world: World) -> Schedule:
    return make_schedule(world.program, world.user(PM))


def _key() -> str:
    return uuid.uuid4().hex


def _messages(client: Client, url: str) -> str:
    return client.get(url).content.decode()


# -- pages -------------------------------------------------------------------------------


def test_the_new_change_request_form_carries_a_key(world: World, schedule: Schedule) -> None:
    agree(world, schedule)
    page = world.client(TEAM).get(reverse("schedule:change-request-new", kwargs={"code": "alpha"}))
    keys = re.findall(r'name="idempotency_key" value="([0-9a-f]{32})"', page.content.decode())
    assert len(keys) == 1


def test_proposing_a_change_twice_with_one_key_creates_one(
    world: World, schedule: Schedule
) -> None:
    agree(world, schedule)
    team = world.client(TEAM)
    rows: list[dict[str, Any]] = [{"kind": "duration", "task": CRITICAL_TASK, "days": "20"}]
    data = cr_form(rows, "propose", idempotency_key=_key())
    path = reverse("schedule:change-request-new", kwargs={"code": "alpha"})
    first = team.post(path, data)
    second = team.post(path, data)
    change_request = ChangeRequest.objects.get()
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"] == change_request.get_absolute_url()
    assert "This was already submitted" in _messages(team, second["Location"])
    # htmx posts (the form's own way) are answered with a redirect for htmx.
    third = team.post(path, data, headers={"HX-Request": "true"})
    assert third.status_code == 204
    assert third["HX-Redirect"] == change_request.get_absolute_url()
    assert ChangeRequest.objects.count() == 1


def test_a_key_sent_again_with_other_content_is_refused_on_the_form(
    world: World, schedule: Schedule
) -> None:
    agree(world, schedule)
    team = world.client(TEAM)
    key = _key()
    path = reverse("schedule:change-request-new", kwargs={"code": "alpha"})
    rows: list[dict[str, Any]] = [{"kind": "duration", "task": CRITICAL_TASK, "days": "20"}]
    assert team.post(path, cr_form(rows, "propose", idempotency_key=key)).status_code == 302
    other = cr_form(rows, "propose", idempotency_key=key, title="Something else")
    response = team.post(path, other)
    assert response.status_code == 400
    assert "already submitted with different content" in response.content.decode()
    assert ChangeRequest.objects.count() == 1


def test_without_a_key_each_post_creates(world: World, schedule: Schedule) -> None:
    agree(world, schedule)
    team = world.client(TEAM)
    path = reverse("schedule:change-request-new", kwargs={"code": "alpha"})
    rows: list[dict[str, Any]] = [{"kind": "duration", "task": CRITICAL_TASK, "days": "20"}]
    team.post(path, cr_form(rows, "propose"))
    team.post(path, cr_form(rows, "propose"))
    assert ChangeRequest.objects.count() == 2


def test_saving_a_baseline_twice_with_one_key_creates_one(world: World, schedule: Schedule) -> None:
    pm = world.client(PM)
    path = reverse("schedule:baseline-new", kwargs={"code": "alpha"})
    data = {"name": "After Fit-Gap", "description": "", "idempotency_key": _key()}
    first, second = pm.post(path, data), pm.post(path, data)
    baseline = Baseline.objects.get()
    assert first["Location"] == second["Location"] == baseline.get_absolute_url()


def test_glossary_onboarding_and_members_pages_create_once(world: World) -> None:
    lead = world.client("customer.pmo_lead")
    glossary = reverse("programs:glossary-add", kwargs={"code": "alpha"})
    term = {"new-term": "Go-live", "new-definition": "The first day.", "idempotency_key": _key()}
    assert lead.post(glossary, term).status_code == 302
    assert lead.post(glossary, term).status_code == 302
    assert GlossaryTerm.objects.filter(program=world.program, term="Go-live").count() == 1

    provider = world.client("provider.pmo_lead")
    onboarding = reverse("programs:onboarding-add", kwargs={"code": "alpha"})
    before = OnboardingItem.objects.filter(program=world.program).count()
    item = {"new-title": "Badges issued", "idempotency_key": _key()}
    assert provider.post(onboarding, item).status_code == 302
    assert provider.post(onboarding, item).status_code == 302
    assert OnboardingItem.objects.filter(program=world.program).count() == before + 1

    UserFactory(username="new.analyst", organisation=world.program.customer)
    members = reverse("programs:member-add", kwargs={"code": "alpha"})
    member = {
        "username": "new.analyst",
        "party": "customer",
        "role": "viewer",
        "idempotency_key": _key(),
    }
    first, second = lead.post(members, member), lead.post(members, member)
    assert first.status_code == second.status_code == 302
    assert "This was already submitted" in _messages(lead, second["Location"])
    assert Membership.objects.filter(user__username="new.analyst").count() == 1


def test_a_remembered_key_expires(world: World, settings: Any) -> None:
    settings.IDEMPOTENCY_KEY_TTL_HOURS = 24
    lead = world.client("customer.pmo_lead")
    glossary = reverse("programs:glossary-add", kwargs={"code": "alpha"})
    key = _key()
    lead.post(glossary, {"new-term": "Go-live", "new-definition": "Day 1.", "idempotency_key": key})
    IdempotencyKey.objects.update(created_at=timezone.now() - dt.timedelta(hours=25))
    lead.post(glossary, {"new-term": "Cutover", "new-definition": "Day 0.", "idempotency_key": key})
    assert GlossaryTerm.objects.filter(program=world.program, term="Cutover").exists()
