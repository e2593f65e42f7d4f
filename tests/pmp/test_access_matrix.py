"""Every role of every party, and a member of another program, against every page and action
of the RAID log, for an item owned by the customer, by the provider and shared:

- pages, exports and the API's reads: every member reads them; the outsider finds nothing;
- edit, step, link (pages and API): the owning party's editors (a shared item: either
  party's) succeed; anyone else is refused and nothing changes;
- comments: members of either party but viewers, and the IV&V agent;
- recording: an editor of a party records items owned by that party or shared;
- the risk scheme: Program Managers and PMO Leads of the customer and the provider."""

from __future__ import annotations

import json
from typing import Any

import pytest
from rest_framework.test import APIClient

from pmp.models import RaidComment, RaidItem, RaidLink, RiskScheme
from pmp.services.raid import scheme_for
from programs.models import AuditEvent
from tests.access import expected
from tests.conftest import OUTSIDER, World

from .conftest import record

OWNERS = ["customer", "provider", "shared"]
P = "/programs/alpha/pmp/raid"
API = "/api/programs/alpha/pmp/raid"


def _state(item: RaidItem) -> tuple[Any, ...]:
    item.refresh_from_db()
    return (
        item.title,
        item.status,
        item.history.count(),
        RaidComment.objects.filter(item=item).count(),
        RaidLink.objects.filter(item=item).count(),
        RaidItem.objects.count(),
        AuditEvent.objects.count(),
    )


def _api(world: World, who: str) -> APIClient:
    client = APIClient()
    client.force_authenticate(world.user(who))
    return client


@pytest.mark.parametrize("owner", OWNERS)
def test_reads_for_every_role(world: World, owner: str) -> None:
    item = record(world, "risk", owner_party=owner)
    ref = item.reference
    for who in world.users:
        client = world.client(who)
        answers = [
            client.get(f"{P}/").status_code,
            client.get(f"{P}/heat-map/").status_code,
            client.get(f"{P}/action-items/").status_code,
            client.get(f"{P}/risk-scheme/").status_code,
            client.get(f"{P}/{ref}/").status_code,
            client.get(f"{P}/export.xlsx").status_code,
            _api(world, who).get(f"{API}/items/").status_code,
            _api(world, who).get(f"{API}/items/{ref}/").status_code,
            _api(world, who).get(f"{API}/items/heat-map/").status_code,
            _api(world, who).get(f"{API}/risk-scheme/").status_code,
        ]
        assert set(answers) == ({404} if who == OUTSIDER else {200}), (who, answers)


@pytest.mark.parametrize("owner", OWNERS)
def test_page_writes_for_every_role(world: World, owner: str) -> None:
    for who in world.users:
        item = record(world, "risk", owner_party=owner)
        action_item = record(world, "action", owner_party="customer")
        ref = item.reference
        may_change = expected(who, "change", owner)
        client = world.client(who)
        before = _state(item)
        edit = client.post(
            f"{P}/{ref}/edit/",
            {
                "title": "Edited",
                "owner_party": owner,
                "raised_on": item.raised_on.isoformat(),
                "category": "data",
                "inherent_probability": "3",
                "inherent_impact": "3",
            },
        )
        link = client.post(
            f"{P}/{ref}/links/", {"link-kind": "raid_item", "link-target": action_item.reference}
        )
        close = client.post(f"{P}/{ref}/close/", {"close-reason": "Passed."})
        if who == OUTSIDER:
            assert {edit.status_code, link.status_code, close.status_code} == {404}
        elif may_change:
            assert edit.status_code == link.status_code == close.status_code == 302, who
        else:
            assert edit.status_code == link.status_code == 404, who
            assert close.status_code == 400 and b"Only the editors" in close.content, who
        if may_change:
            assert _state(item) != before
        else:
            assert _state(item) == before, who


def test_comments_for_every_role(world: World) -> None:
    for owner in OWNERS:
        item = record(world, "issue", owner_party=owner)
        for who in world.users:
            before = RaidComment.objects.filter(item=item).count()
            response = world.client(who).post(f"{P}/{item.reference}/comments/", {"text": "Hi."})
            after = RaidComment.objects.filter(item=item).count()
            allowed = who != OUTSIDER and expected(who, "comment")
            assert response.status_code == (302 if allowed else 404), who
            assert after == before + (1 if allowed else 0), who


@pytest.mark.parametrize("owner", OWNERS)
def test_recording_for_every_role(world: World, owner: str) -> None:
    form = {
        "title": "A new decision",
        "owner_party": owner,
        "raised_on": "2026-01-05",
        "decision": "Go.",
        "decided_by": "Joint PMO",
    }
    for who in world.users:
        before = RaidItem.objects.count()
        page = world.client(who).post(f"{P}/new/decision/", form)
        api = _api(world, who).post(f"{API}/items/", {**form, "kind": "decision"}, format="json")
        created = RaidItem.objects.count() - before
        if expected(who, "change", owner):
            assert (page.status_code, api.status_code, created) == (302, 201, 2), who
        else:
            assert page.status_code in (400, 404) and api.status_code in (403, 404), who
            assert created == 0, who


@pytest.mark.parametrize("owner", OWNERS)
def test_api_writes_for_every_role(world: World, owner: str) -> None:
    for who in world.users:
        item = record(world, "risk", owner_party=owner)
        before = _state(item)
        client = _api(world, who)
        url = f"{API}/items/{item.reference}/"
        patch = client.patch(url, {"title": "Edited"}, format="json")
        step = client.post(url + "transition/", {"action": "review"}, format="json")
        if who == OUTSIDER:
            assert {patch.status_code, step.status_code} == {404}
        elif expected(who, "change", owner):
            assert patch.status_code == step.status_code == 200, (who, patch.content)
        else:
            assert patch.status_code == step.status_code == 403, who
            assert _state(item) == before, who


def test_the_risk_scheme_for_every_role(world: World) -> None:
    scheme = scheme_for(world.program)
    body = {
        "probability_labels": ["Very low", "Low", "Medium", "High", "Very high"],
        "impact_labels": ["Minimal", "Minor", "Moderate", "Major", "Critical"],
        "bands": scheme.bands,
        "review_interval_days": 7,
    }
    for who in world.users:
        RiskScheme.objects.filter(pk=scheme.pk).update(review_interval_days=14)
        response = _api(world, who).put(
            f"{API}/risk-scheme/", json.dumps(body), content_type="application/json"
        )
        party, _, role = who.partition(".")
        allowed = party in ("customer", "provider") and role in ("program_manager", "pmo_lead")
        scheme.refresh_from_db()
        if who == OUTSIDER:
            assert response.status_code == 404
        assert (scheme.review_interval_days == 7) == allowed, who
        assert response.status_code == (200 if allowed else response.status_code), who


def test_the_risk_scheme_page_for_every_role(world: World) -> None:
    scheme = scheme_for(world.program)
    form = {"review_interval_days": "7"}
    scales = (("probability", scheme.probability_labels), ("impact", scheme.impact_labels))
    for scale, labels in scales:
        form |= {f"{scale}_label_{n}": label for n, label in enumerate(labels, 1)}
    for p, row in enumerate(scheme.bands, 1):
        form |= {f"band_{p}_{i}": band for i, band in enumerate(row, 1)}
    for who in world.users:
        RiskScheme.objects.filter(pk=scheme.pk).update(review_interval_days=14)
        audits = AuditEvent.objects.count()
        response = world.client(who).post(f"{P}/risk-scheme/", form)
        party, _, role = who.partition(".")
        allowed = party in ("customer", "provider") and role in ("program_manager", "pmo_lead")
        scheme.refresh_from_db()
        assert response.status_code == (302 if allowed else 404), who
        assert (scheme.review_interval_days == 7) == allowed, who
        assert AuditEvent.objects.count() == audits + (1 if allowed else 0), who
