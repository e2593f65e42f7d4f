"""The demo's corrective action requests on DRC Core HR (drc-hr), seeded after the demo's
surveillance records exist, through the services (validated and audited), each step as of
the day it happened:

- CAR-001 on PS-2 (payroll accuracy), July and August 2026 not acceptable: issued in early
  September, answered by prov.pm, returned once by cust.pm, answered again, accepted, and
  closed by the acceptable PS-2 record of October 2026;
- CAR-002 on PS-3 (help-desk response), September 2026 not acceptable: issued in October,
  awaiting the provider's answer.

Does nothing if drc-hr, those records, or requests already exist."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from unittest import mock

from django.contrib.auth.models import User
from django.utils import timezone

from programs import limits
from programs.models import Program

from .models import CarHistory, CorrectiveActionRequest, SurveillanceRecord
from .services import cars
from .services.car_proposals import proposed_car

HR = "drc-hr"


@contextmanager
def _as_of(day: dt.date) -> Iterator[None]:
    """Run a step as if today were ``day`` (never later than today), and date its history
    row that day."""
    day = min(day, limits.today())
    latest = CarHistory.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    with mock.patch.object(limits, "today", lambda: day):
        yield
    at = timezone.make_aware(dt.datetime.combine(day, dt.time(10, 0)))
    CarHistory.objects.filter(pk__gt=latest).update(at=at)


def _record(program: Program, code: str, month: dt.date) -> SurveillanceRecord | None:
    return SurveillanceRecord.objects.filter(
        program=program, standard_code=code, period=month
    ).first()


def _issue(program: Program, user: User, record: SurveillanceRecord) -> CorrectiveActionRequest:
    proposal = proposed_car(record)
    assert proposal is not None
    return cars.car_issue(
        acting_user=user,
        program=program,
        standard_code=proposal.standard_code,
        record_ids=[r.pk for r in proposal.records],
        escalation_level=proposal.escalation_level,
        description=proposal.description,
    )


def _payroll(program: Program, users: dict[str, User], august: SurveillanceRecord) -> None:
    customer, provider = users["cust.pm"], users["prov.pm"]
    with _as_of(dt.date(2026, 9, 3)):
        car = _issue(program, customer, august)
    with _as_of(dt.date(2026, 9, 10)):
        cars.car_answer(
            acting_user=provider,
            car=car,
            root_cause="Retroactive pay adjustments keyed after the payroll cut-off.",
            corrective_action="Remind payroll technicians of the cut-off.",
            target_date=dt.date(2026, 9, 30),
        )
    with _as_of(dt.date(2026, 9, 14)):
        cars.car_return(
            acting_user=customer,
            car=car,
            reason="A reminder is not a corrective action: why could adjustments be keyed "
            "after the cut-off at all, and what stops it happening again?",
        )
    with _as_of(dt.date(2026, 9, 21)):
        cars.car_answer(
            acting_user=provider,
            car=car,
            root_cause="The payroll system accepted retroactive adjustments after the "
            "cut-off without a second review, and no report showed late entries.",
            corrective_action="A system lock on adjustments after the cut-off, with "
            "supervisor override and a daily late-entry report reviewed by the payroll lead.",
            target_date=dt.date(2026, 10, 2),
        )
    with _as_of(dt.date(2026, 9, 24)):
        cars.car_accept(
            acting_user=customer, car=car, note="Accepted; verified by October's sample."
        )


def seed(programs: dict[str, Program], users: dict[str, User]) -> None:
    """Called after the demo's surveillance records exist (``qasp.apps``)."""
    program = programs.get(HR)
    if program is None or CorrectiveActionRequest.objects.filter(program=program).exists():
        return
    august = _record(program, "PS-2", dt.date(2026, 8, 1))
    october = _record(program, "PS-2", dt.date(2026, 10, 1))
    help_desk = _record(program, "PS-3", dt.date(2026, 9, 1))
    if august is None or august.acceptable or october is None or not october.acceptable:
        return
    _payroll(program, users, august)
    car = CorrectiveActionRequest.objects.get(program=program, number=1)
    if car.status == "accepted":  # a later record may have closed it already
        with _as_of(max(october.recorded_on, dt.date(2026, 9, 24))):
            cars.car_close_verified(acting_user=users["cust.pm"], car=car, record=october)
    if help_desk is not None and not help_desk.acceptable:
        with _as_of(dt.date(2026, 10, 6)):
            _issue(program, users["cust.pm"], help_desk)
