"""Dates people type make sense for their program: no earlier than PMO_DATES_YEARS_BEFORE_START
years before its start, no later than PMO_DATES_YEARS_AFTER_END years after its planned end,
and a date something was done is not in the future. The message names the field and the
range with real dates; pages and the API get the same answer from the services."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from programs.errors import DomainError
from programs.limits import program_date_error, program_date_range
from programs.models import AuditEvent, OnboardingItem, PlayActivity
from programs.services import board as board_services
from programs.services import documents as document_services
from programs.services import onboarding as onboarding_services
from programs.services import programs as program_services
from tests.conftest import World
from tests.factories import OrganisationFactory, charter_content, make_charter, superuser

# alpha runs from 2026-01-05 to 2027-09-30 (tests.factories.make_program).
RANGE = "between 2016-01-05 and 2057-09-30 for Program Alpha"


def test_the_range_runs_from_ten_years_before_the_start_to_thirty_after_the_end(
    world: World,
) -> None:
    assert program_date_range(world.program) == (dt.date(2016, 1, 5), dt.date(2057, 9, 30))
    assert program_date_error(world.program, dt.date(2016, 1, 5), what="Due date") is None
    assert (
        program_date_error(world.program, dt.date(1900, 1, 1), what="Actual start")
        == f"Actual start is {RANGE}."
    )


def test_the_range_follows_the_settings(world: World, settings: Any) -> None:
    settings.PMO_DATES_YEARS_BEFORE_START = 1
    settings.PMO_DATES_YEARS_AFTER_END = 2
    assert program_date_range(world.program) == (dt.date(2025, 1, 5), dt.date(2029, 9, 30))


def test_a_done_date_is_not_in_the_future(world: World) -> None:
    today = timezone.localdate()
    assert program_date_error(world.program, today, what="Done", past_only=True) is None
    problem = program_date_error(
        world.program, today + dt.timedelta(days=1), what="The done date", past_only=True
    )
    assert (
        problem
        == f"The done date is between 2016-01-05 and {today:%Y-%m-%d} (today) for Program Alpha."
    )


@pytest.mark.parametrize(
    "values,field",
    [
        ({"due_date": dt.date(9999, 12, 31)}, "due_date"),
        ({"due_date": dt.date(1, 1, 1)}, "due_date"),
        ({"due_date": dt.date(2099, 1, 1)}, "due_date"),
        ({"due_date": dt.date(1999, 1, 1)}, "due_date"),
        ({"done_date": dt.date(2999, 1, 1)}, "done_date"),
        ({"done_date": timezone.localdate() + dt.timedelta(days=1)}, "done_date"),
    ],
)
def test_onboarding_dates_out_of_range_are_refused(
    world: World, values: dict[str, Any], field: str
) -> None:
    item = world.program.onboarding_items.first()
    assert item is not None
    events = AuditEvent.objects.count()
    with pytest.raises(DomainError) as refused:
        onboarding_services.onboarding_item_update(
            acting_user=world.user("provider.pmo_team"), item=item, **values
        )
    assert refused.value.field == field
    assert "for Program Alpha" in refused.value.message
    with pytest.raises(DomainError):
        onboarding_services.onboarding_item_create(
            acting_user=world.user("provider.pmo_team"),
            program=world.program,
            title="Badges",
            **values,
        )
    assert AuditEvent.objects.count() == events


def test_an_unchanged_date_is_not_checked_again(world: World, settings: Any) -> None:
    """An item whose due date fell out of range (the program moved) keeps taking other edits."""
    item = world.program.onboarding_items.first()
    assert item is not None
    OnboardingItem.objects.filter(pk=item.pk).update(due_date=dt.date(2000, 1, 1))
    item.refresh_from_db()
    onboarding_services.onboarding_item_update(
        acting_user=world.user("provider.pmo_team"), item=item, notes="Moved"
    )


@pytest.mark.parametrize("due", [dt.date(1, 1, 1), dt.date(9999, 12, 31), dt.date(2120, 1, 1)])
def test_activity_due_dates_out_of_range_are_refused(world: World, due: dt.date) -> None:
    activity = PlayActivity.objects.get(program=world.program, key="update_program_charter")
    with pytest.raises(DomainError) as refused:
        board_services.activity_update(
            acting_user=world.user("customer.program_manager"), activity=activity, due_date=due
        )
    assert refused.value.field == "due_date"
    activity.refresh_from_db()
    assert activity.due_date is None


def test_an_unknown_activity_status_is_refused_in_words(world: World) -> None:
    activity = PlayActivity.objects.get(program=world.program, key="update_program_charter")
    with pytest.raises(DomainError) as refused:
        board_services.activity_update(
            acting_user=world.user("customer.program_manager"), activity=activity, status="wip"
        )
    assert refused.value.message.startswith("Choose a status: ")
    assert "wip" not in refused.value.message


@pytest.mark.parametrize("planned", ["1900-01-01", "2100-01-01"])
def test_charter_milestone_dates_out_of_range_are_refused(world: World, planned: str) -> None:
    version = make_charter(world.program, state="draft")
    content = charter_content()
    content["tables"]["milestones"][1]["planned_date"] = planned
    with pytest.raises(DomainError) as refused:
        document_services.version_update_content(
            acting_user=superuser(),
            version=version,
            content=content,
            base_revision=version.revision,
        )
    assert refused.value.field == "tables.milestones[2].planned_date"
    assert f"Planned date is {RANGE}." in refused.value.message
    content["tables"]["milestones"][1]["planned_date"] = "9999-12-31"
    with pytest.raises(DomainError):
        document_services.version_update_content(
            acting_user=superuser(),
            version=version,
            content=content,
            base_revision=version.revision,
        )


def _create(**values: Any) -> Any:
    defaults: dict[str, Any] = {
        "name": "Program Gamma",
        "code": "gamma",
        "customer": OrganisationFactory.create(name="Agency G", acronym="AG"),
        "provider": OrganisationFactory.create(name="Provider G", acronym="PG"),
        "start_date": dt.date(2026, 1, 5),
        "planned_end_date": dt.date(2027, 9, 30),
    }
    return program_services.program_create(acting_user=superuser(), **{**defaults, **values})


@pytest.mark.parametrize(
    "values,field,words",
    [
        ({"planned_end_date": dt.date(2025, 1, 1)}, "planned_end_date", "on or after"),
        ({"planned_end_date": dt.date(2199, 1, 1)}, "planned_end_date", "at most 30 years"),
        ({"start_date": dt.date(1900, 1, 1)}, "planned_end_date", "at most 30 years"),
        ({"status_date": dt.date(1950, 1, 1)}, "status_date", "The status date is between"),
    ],
)
def test_program_create_refuses_senseless_spans(
    db: None, values: dict[str, Any], field: str, words: str
) -> None:
    with pytest.raises(DomainError) as refused:
        _create(**values)
    assert refused.value.field == field
    assert words in refused.value.message


def test_program_create_takes_a_sensible_program(db: None) -> None:
    program = _create(planned_end_date=dt.date(2056, 1, 5))
    assert program.status_date == dt.date(2026, 1, 5)
