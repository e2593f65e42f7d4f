"""The demo's corrective action requests: seeded on the surveillance records the demo makes
(written here as the surveillance demo writes them), through the services, once."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.contrib.auth.models import User

from programs.models import Membership, Program
from qasp.choices import CarStatus
from qasp.demo_cars import seed
from qasp.models import CorrectiveActionRequest, SurveillanceRecord


def _record(program: Program, code: str, month: int, observed: str, acceptable: bool) -> None:
    evaluator = Membership.objects.get(program=program, user__username="cust.pm")
    SurveillanceRecord.objects.create(
        program=program,
        standard_code=code,
        standard_text="Payroll accuracy" if code == "PS-2" else "Help-desk response time",
        aql=Decimal("0.5") if code == "PS-2" else Decimal("4"),
        direction="at_most",
        unit="%" if code == "PS-2" else "hours",
        period=date(2026, month, 1),
        method="random_sampling" if code == "PS-2" else "records_review",
        sample_size=200 if code == "PS-2" else None,
        defects=int(Decimal(observed) * 2) if code == "PS-2" else None,
        measured_value=None if code == "PS-2" else Decimal(observed),
        observed_value=Decimal(observed),
        acceptable=acceptable,
        evaluator=evaluator,
        recorded_on=date(2026, month + 1, 5),
        rebuttal_due=date(2026, month + 1, 12),
    )


@pytest.fixture
def seeded(seeded_once: None, db: None, monkeypatch: pytest.MonkeyPatch) -> Program:
    monkeypatch.setattr("programs.limits.today", lambda: date(2026, 11, 30))
    program = Program.objects.get(code="drc-hr")
    for month, observed, ok in ((7, "1.5", False), (8, "1", False), (9, "0.5", True)):
        _record(program, "PS-2", month, observed, ok)
    _record(program, "PS-2", 10, "0", True)
    _record(program, "PS-3", 9, "6.5", False)
    users = {u.username: u for u in User.objects.all()}
    seed({"drc-hr": program}, users)
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
    assert "July 2026: observed 1.5 %" in car.description


def test_car_002_on_help_desk_awaits_the_providers_answer(seeded: Program) -> None:
    car = CorrectiveActionRequest.objects.get(program=seeded, number=2)
    assert (car.standard_code, car.status) == ("PS-3", CarStatus.ISSUED)
    assert car.issued_on == date(2026, 10, 6)
    assert CorrectiveActionRequest.objects.filter(program=seeded).count() == 2
