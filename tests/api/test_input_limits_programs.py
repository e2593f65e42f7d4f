"""Numbers, dates and texts out of range through the programs and charter API: a 400 naming
the field (and the limit, for texts), never a 500, nothing stored. The schedule's side is in
test_input_limits.py."""

from __future__ import annotations

import json
from typing import Any

import pytest

from programs import limits
from programs.models import DocumentVersion, GlossaryTerm, OnboardingItem, PlayActivity

from ..conftest import World
from ..factories import charter_content
from .conftest import EDITOR, Api, charter_url, nothing_changes, program_url

ITEMS = program_url("onboarding-items/")
GLOSSARY = program_url("glossary/")
BAD_DATES = ["9999-12-31", "0001-01-01", "1899-12-31", "2200-01-01"]


def send(client: Any, method: str, url: str, body: Any) -> Any:
    raw = body if isinstance(body, str) else json.dumps(body)
    return getattr(client, method)(url, data=raw, content_type="application/json")


def refused(response: Any, field: str, *, limit: str | None = None) -> None:
    assert response.status_code == 400, (response.status_code, response.content[:300])
    body = response.json()
    assert body.get("field") == field, body
    if limit:
        assert limit in body["detail"], body


@pytest.mark.parametrize("value", BAD_DATES)
def test_dates_out_of_range_are_refused(world: World, api: Api, value: str) -> None:
    client = api("provider.pmo_team")
    item = OnboardingItem.objects.filter(program=world.program).first()
    assert item is not None
    activity = PlayActivity.objects.get(program=world.program, key="agree_ims")
    with nothing_changes(item, activity, model=OnboardingItem):
        for field in ("due_date", "done_date"):
            refused(send(client, "patch", f"{ITEMS}{item.pk}/", {field: value}), field)
        refused(send(client, "post", ITEMS, {"title": "X", "due_date": value}), "due_date")
        response = send(
            api("customer.pmo_team"),
            "patch",
            program_url("activities/agree_ims/"),
            {"due_date": value},
        )
        refused(response, "due_date")


def test_numbers_out_of_range_are_refused(world: World, api: Api) -> None:
    client = api("provider.pmo_team")
    item = OnboardingItem.objects.filter(program=world.program).first()
    assert item is not None
    with nothing_changes(item, model=OnboardingItem):
        for value in (str(10**30), "32768", "-1", "1e400"):
            response = send(client, "patch", f"{ITEMS}{item.pk}/", f'{{"position": {value}}}')
            refused(response, "position")


def test_texts_over_their_limit_are_refused(world: World, api: Api) -> None:
    client = api("provider.pmo_team")
    item = OnboardingItem.objects.filter(program=world.program).first()
    assert item is not None
    long_text = "t" * (limits.MAX_TEXT_LENGTH + 1)
    with nothing_changes(item, model=OnboardingItem):
        refused(send(client, "patch", f"{ITEMS}{item.pk}/", {"notes": long_text}), "notes")
        refused(send(client, "post", ITEMS, {"title": "X", "notes": long_text}), "notes")
    with nothing_changes(model=GlossaryTerm):
        response = send(client, "post", GLOSSARY, {"term": "ATO", "definition": long_text})
        refused(response, "definition", limit="20000")
        response = send(client, "post", GLOSSARY, {"term": "T" * 121, "definition": "D"})
        refused(response, "term", limit="120")


def test_the_service_holds_the_limits_whatever_the_path(world: World) -> None:
    from programs.errors import DomainError
    from programs.services import glossary as glossary_services
    from programs.services import onboarding as onboarding_services

    with pytest.raises(DomainError) as refused_:
        glossary_services.glossary_term_create(
            acting_user=world.user("provider.pmo_team"),
            program=world.program,
            term="ATO",
            definition="d" * (limits.MAX_TEXT_LENGTH + 1),
        )
    assert refused_.value.field == "definition" and "20,000 characters" in refused_.value.message
    item = OnboardingItem.objects.filter(program=world.program).first()
    assert item is not None
    with pytest.raises(DomainError) as refused_:
        onboarding_services.onboarding_item_update(
            acting_user=world.user("provider.pmo_team"), item=item, position=10**30
        )
    assert refused_.value.field == "position"


@pytest.mark.parametrize(
    "change,field",
    [
        ({"fields": {"budget": "1e306"}}, "fields.budget"),
        ({"fields": {"budget": str(10**30)}}, "fields.budget"),
        ({"fields": {"budget": "NaN"}}, "fields.budget"),
        ({"fields": {"budget": "-1"}}, "fields.budget"),
        (
            {"tables": {"milestones": [{"name": "Go-live", "planned_date": "9999-12-31"}]}},
            "tables.milestones[1].planned_date",
        ),
        (
            {"tables": {"milestones": [{"name": "Go-live", "planned_date": "0001-01-01"}]}},
            "tables.milestones[1].planned_date",
        ),
        ({"sections": {"purpose": "p" * (limits.MAX_TEXT_LENGTH + 1)}}, "sections.purpose"),
        (
            {"fields": {"funding_source": "f" * (limits.MAX_TEXT_LENGTH + 1)}},
            "fields.funding_source",
        ),
    ],
)
def test_charter_content_out_of_range_is_refused(
    draft_charter: DocumentVersion, api: Api, change: dict[str, Any], field: str
) -> None:
    content = charter_content()
    for part, values in change.items():
        if part == "sections" and "purpose" not in content["sections"]:
            key = next(iter(content["sections"]))
            values = {key: values["purpose"]}
            field = f"sections.{key}"
        content[part] = {**content[part], **values}
    url = charter_url(f"versions/{draft_charter.number}/")
    with nothing_changes(draft_charter):
        response = send(
            api(EDITOR), "patch", url, {"content": content, "revision": draft_charter.revision}
        )
        assert response.status_code == 400, response.content[:300]
        assert response.json().get("field") == field, response.json()


def test_the_schema_shows_the_ranges(api: Api) -> None:
    schema = api(EDITOR).get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    parts = schema["components"]["schemas"]
    item = parts["PatchedOnboardingItemWriteRequest"]["properties"]
    assert item["position"]["maximum"] == limits.MAX_POSITION
    assert item["notes"]["maxLength"] == limits.MAX_TEXT_LENGTH
    assert "2199-12-31" in item["due_date"]["description"]
    term = parts["GlossaryTermWriteRequest"]["properties"]
    assert term["definition"]["maxLength"] == limits.MAX_TEXT_LENGTH
