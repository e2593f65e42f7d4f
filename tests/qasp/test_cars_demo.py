"""The demo's corrective action requests: seeded on the surveillance records the demo makes,
through the services, once."""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.auth.models import User

from programs.models import Program
from qasp.choices import CarStatus
from qasp.demo_cars import seed
from qasp.models import CorrectiveActionRequest


@pytest.fixture
def seeded(seeded_once: None, db: None, monkeypatch: pytest.MonkeyPatch) -> Program:
    monkeypatch.setattr("programs.limits.today", lambda: date(2026, 11, 30))
    program = Program.objects.get(code="drc-hr")
    users = {u.username: u for u in User.objects.all()}
    seed({"drc-hr": program}, users)  # a second run adds nothing
    return program


def test_car_001_was_returned_once_accepted_and_closed_by_october(seeded: Program) -> None:
    car = CorrectiveActionRequest.objects.get(program=seeded, number=1)
    assert (car.standard_code, car.status, car.issued_on) == (
        "PS-2",
        CarStatus.CLOSED,
        date(2026, 9, 3),
    )
    assert [r.period.month for r in car.records.order_by("period")] == [7, 8]
    assert car.verifying_record is not None and car.verifying_record.period == date(2026, 10, 1)
    actions = list(car.history.values_list("action", "actor__username"))
    assert actions == [
        ("issue", "cust.pm"),
        ("answer", "prov.pm"),
        ("return", "cust.pm"),
        ("answer", "prov.pm"),
        ("accept", "cust.pm"),
        ("close", "cust.pm"),
    ]
    assert "July 2026: observed 1 %" in car.description


def test_car_002_on_help_desk_awaits_the_providers_answer(seeded: Program) -> None:
    car = CorrectiveActionRequest.objects.get(program=seeded, number=2)
    assert (car.standard_code, car.status) == ("PS-3", CarStatus.ISSUED)
    assert car.issued_on == date(2026, 10, 6)
    assert CorrectiveActionRequest.objects.filter(program=seeded).count() == 2
