"""The daily overdue notice of corrective action requests: once per request, step and due
date, emailed after commit to the editors of the party that owes the step."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.core import mail

from qasp.models import CarOverdueNotice
from qasp.services import cars
from qasp.tasks import notify_overdue_cars
from tests.conftest import World

from .car_helpers import CUSTOMER_PM, answer, issue, missed

pytestmark = pytest.mark.usefixtures("qasp")

PROVIDER_EDITORS = {"provider.program_manager", "provider.pmo_lead", "provider.pmo_team"}
CUSTOMER_EDITORS = {"customer.program_manager", "customer.pmo_lead", "customer.pmo_team"}


def _on(monkeypatch: pytest.MonkeyPatch, day: date) -> None:
    monkeypatch.setattr("programs.limits.today", lambda: day)


def _run(capture: Any) -> int:
    with capture(execute=True):
        return notify_overdue_cars()


def _sent(world: World) -> set[tuple[str, str]]:
    emails = {u.email: name for name, u in world.users.items()}
    found = {(str(m.subject), emails[m.to[0]]) for m in mail.outbox}
    mail.outbox.clear()
    return found


def test_each_overdue_step_is_emailed_once_to_the_party_that_owes_it(
    world: World, monkeypatch: pytest.MonkeyPatch, django_capture_on_commit_callbacks: Any
) -> None:
    car = issue(world, *missed(world, 3))
    answer_due = car.response_due  # June 30, 2026 (Juneteenth is a holiday)
    assert _run(django_capture_on_commit_callbacks) == 0 and not mail.outbox

    _on(monkeypatch, answer_due + timedelta(days=1))
    assert _run(django_capture_on_commit_callbacks) == 1
    subject = "[alpha] CAR-001 is overdue: The provider's answer"
    assert _sent(world) == {(subject, name) for name in PROVIDER_EDITORS}
    assert _run(django_capture_on_commit_callbacks) == 0 and not mail.outbox

    answer(world, car, target_date=date(2026, 8, 3))
    car.refresh_from_db()
    evaluation_due = car.evaluation_due
    assert evaluation_due is not None
    _on(monkeypatch, evaluation_due + timedelta(days=1))
    assert _run(django_capture_on_commit_callbacks) == 1
    subject = "[alpha] CAR-001 is overdue: The customer's evaluation"
    assert _sent(world) == {(subject, name) for name in CUSTOMER_EDITORS}

    cars.car_return(acting_user=world.user(CUSTOMER_PM), car=car, reason="Too vague.")
    car.refresh_from_db()
    new_due = car.response_due
    _on(monkeypatch, new_due + timedelta(days=1))
    assert _run(django_capture_on_commit_callbacks) == 1
    assert {s for s, _ in _sent(world)} == {"[alpha] CAR-001 is overdue: The provider's answer"}
    assert _run(django_capture_on_commit_callbacks) == 0

    answer(world, car, target_date=new_due + timedelta(days=2))
    cars.car_accept(acting_user=world.user(CUSTOMER_PM), car=car)
    _on(monkeypatch, new_due + timedelta(days=3))
    assert _run(django_capture_on_commit_callbacks) == 1
    subject = "[alpha] CAR-001 is overdue: The provider's corrective action"
    assert _sent(world) == {(subject, name) for name in PROVIDER_EDITORS}
    kinds = list(CarOverdueNotice.objects.values_list("kind", "due"))
    assert kinds == [
        ("answer", answer_due),
        ("evaluation", evaluation_due),
        ("answer", new_due),
        ("action", new_due + timedelta(days=2)),
    ]
    assert all(n.sent_at for n in CarOverdueNotice.objects.all())


def test_the_email_says_what_is_owed_by_when_and_links_the_request(
    world: World, monkeypatch: pytest.MonkeyPatch, django_capture_on_commit_callbacks: Any
) -> None:
    issue(world, *missed(world, 3))
    _on(monkeypatch, date(2026, 7, 1))
    _run(django_capture_on_commit_callbacks)
    body = mail.outbox[0].body
    assert "CAR-001 of Program Alpha, on PS-1" in body
    assert "from the provider by 30 June 2026" in body
    assert "/programs/alpha/qasp/cars/1/" in body


def test_closed_and_withdrawn_requests_are_never_overdue(
    world: World, monkeypatch: pytest.MonkeyPatch, django_capture_on_commit_callbacks: Any
) -> None:
    car = issue(world, *missed(world, 3))
    cars.car_withdraw(acting_user=world.user(CUSTOMER_PM), car=car, reason="In error.")
    _on(monkeypatch, date(2026, 9, 1))
    assert _run(django_capture_on_commit_callbacks) == 0 and not mail.outbox
