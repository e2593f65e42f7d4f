"""Lessons on alpha (the shared test world): record one through the service, and have both
parties validate it."""

from __future__ import annotations

from typing import Any

from lessons import services
from lessons.models import Lesson
from tests.conftest import World

VALUES: dict[str, Any] = {
    "title": "Size the conversion environment for full volume",
    "what_happened": "Mock conversion 2 stopped: the environment ran out of storage.",
    "impact_kind": "negative",
    "impact": "Two weeks lost.",
    "root_cause": "Sized for a sample.",
    "recommendation": "Size every conversion environment for the full data volume.",
    "category": "technology",
    "phase": 3,
    "workstream": "technology",
    "owner_party": "provider",
    "source": "",
}
#: The form's field names and values (the page posts these).
FORM = {k: str(v) for k, v in VALUES.items()}
EDITORS = {
    f"{party}.{role}"
    for party in ("customer", "provider")
    for role in ("program_manager", "pmo_lead", "pmo_team")
}
REVIEWERS = {
    f"{party}.{role}"
    for party in ("customer", "provider")
    for role in ("program_manager", "pmo_lead")
}


def record(world: World, username: str = "customer.pmo_team", **changes: Any) -> Lesson:
    return services.lesson_create(
        acting_user=world.user(username), program=world.program, **(VALUES | changes)
    )


def validate_both(world: World, lesson: Lesson) -> Lesson:
    services.lesson_validate(acting_user=world.user("customer.program_manager"), lesson=lesson)
    services.lesson_validate(acting_user=world.user("provider.pmo_lead"), lesson=lesson)
    lesson.refresh_from_db()
    return lesson
