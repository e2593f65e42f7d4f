"""Dates and texts out of range on the programs pages: refused beside the field, nothing
stored, never a server error (a start date in year 9999 overflowed the onboarding checklist's
due dates)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from programs import limits
from programs.models import GlossaryTerm, OnboardingItem, Program

from ..conftest import World
from .test_program_create import NEW_PROGRAM, admin_client, counts, parties, program_data

__all__ = ["admin_client", "parties"]  # fixtures used below

BAD_DATES = ["9999-12-25", "0001-01-01", "1899-12-31", "2200-01-01"]


@pytest.mark.parametrize("value", BAD_DATES)
@pytest.mark.parametrize("field", ["start_date", "planned_end_date", "status_date"])
def test_program_dates_out_of_range_are_refused(
    admin_client: Client, parties: dict, field: str, value: str
) -> None:
    before = counts()
    response = admin_client.post(NEW_PROGRAM, program_data(parties, **{field: value}))
    assert response.status_code in (200, 400)
    page = response.content.decode()
    assert f"id_{field}_error" in page and "1900-01-01 and 2199-12-31" in page
    assert counts() == before


def test_a_program_far_in_the_future_is_refused_by_the_service(world: World, parties: dict) -> None:
    """The service itself refuses, for callers other than the page."""
    import datetime as dt

    from programs.errors import DomainError
    from programs.services import programs as program_services
    from tests.factories import superuser

    with pytest.raises(DomainError) as refused:
        program_services.program_create(
            acting_user=superuser(),
            name="Far",
            code="far",
            customer=parties["agency"],
            provider=parties["provider"],
            start_date=dt.date(9999, 12, 25),
            planned_end_date=dt.date(9999, 12, 31),
        )
    assert refused.value.field == "start_date"
    assert not Program.objects.filter(code="far").exists()


def test_long_texts_are_refused_beside_the_field(world: World) -> None:
    client = world.client("provider.pmo_team")
    long_text = "t" * (limits.MAX_TEXT_LENGTH + 1)
    terms = GlossaryTerm.objects.count()
    response = client.post(
        reverse("programs:glossary-add", kwargs={"code": "alpha"}),
        {"new-term": "Cutover", "new-definition": long_text},
    )
    assert "20000" in response.content.decode() or "20,000" in response.content.decode()
    assert GlossaryTerm.objects.count() == terms
    items = OnboardingItem.objects.count()
    response = client.post(
        reverse("programs:onboarding-add", kwargs={"code": "alpha"}),
        {"new-title": "Badges", "new-notes": long_text, "new-due_date": "9999-12-31"},
    )
    assert response.status_code < 500
    assert OnboardingItem.objects.count() == items
