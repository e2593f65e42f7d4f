"""Dates out of the program's range are refused through the API as on pages."""

from __future__ import annotations

from programs.models import OnboardingItem

from ..conftest import World
from .conftest import Api, program_url


def test_onboarding_done_date_in_the_future_is_refused_by_the_api(world: World, api: Api) -> None:
    item = world.program.onboarding_items.first()
    assert item is not None
    response = api("provider.pmo_team").patch(
        program_url(f"onboarding-items/{item.pk}/"), {"done_date": "2150-01-01"}, format="json"
    )
    assert response.status_code == 400, response.content
    body = response.json()
    assert body["field"] == "done_date"
    assert "The done date is between 2016-01-05 and" in body["detail"]
    assert OnboardingItem.objects.get(pk=item.pk).done_date is None


def test_activity_due_date_0001_is_refused_by_the_api(world: World, api: Api) -> None:
    response = api("customer.program_manager").patch(
        program_url("activities/update_program_charter/"), {"due_date": "0001-01-01"}, format="json"
    )
    assert response.status_code == 400, response.content
    assert response.json()["field"] == "due_date"
