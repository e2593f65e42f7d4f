"""Surveillance services and selectors: verdict arithmetic, refusals naming the field with
nothing changed, who records and who rebuts, audit, the computed schedule."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from programs.errors import DomainError
from programs.models import AuditEvent, Membership
from qasp import selectors
from qasp.models import SurveillanceRecord
from qasp.services.surveillance import rebuttal_add, record_create, record_update
from qasp.standards import quantity_text

from .factories import AVAILABILITY, PAYROLL_ERRORS, make_approved_qasp

TODAY = date(2026, 6, 15)


@pytest.fixture(autouse=True)
def _today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("programs.limits.today", lambda: TODAY)


@pytest.fixture
def qasp(world: Any) -> Any:
    return make_approved_qasp(world.program)


def _evaluator(world: Any) -> Membership:
    return Membership.objects.get(program=world.program, user=world.user("customer.pmo_team"))


def availability(world: Any, value: str, period: date = date(2026, 3, 1), **kw: Any) -> Any:
    return record_create(
        acting_user=kw.pop("user", world.user("customer.program_manager")),
        program=world.program,
        standard_code="PS-1",
        period=period,
        evaluator=kw.pop("evaluator", _evaluator(world)),
        recorded_on=date(2026, 4, 2),
        measured_value=Decimal(value),
        **kw,
    )


def errors(world: Any, defects: int, sample: int = 200, **kw: Any) -> Any:
    return record_create(
        acting_user=kw.pop("user", world.user("customer.program_manager")),
        program=world.program,
        standard_code=kw.pop("standard_code", "PS-2"),
        period=kw.pop("period", date(2026, 1, 1)),
        evaluator=_evaluator(world),
        recorded_on=date(2026, 4, 6),
        population=kw.pop("population", 5000),
        sample_size=sample,
        defects=defects,
        **kw,
    )


@pytest.mark.parametrize(
    ("value", "acceptable"), [("99.4999", False), ("99.5", True), ("99.5001", True)]
)
def test_at_least_verdict_at_and_around_the_threshold(
    world: Any, qasp: Any, value: str, acceptable: bool
) -> None:
    record = availability(world, value)
    assert record.observed_value == Decimal(value)
    assert record.acceptable is acceptable
    assert record.aql == Decimal("99.5") and record.standard_text.startswith("Service")


@pytest.mark.parametrize(
    ("defects", "sample", "rate", "acceptable"),
    [(1, 200, "0.5", True), (2, 200, "1", False), (0, 200, "0", True), (1, 199, "0.5025", False)],
)
def test_at_most_defect_rate_at_and_around_the_threshold(
    world: Any, qasp: Any, defects: int, sample: int, rate: str, acceptable: bool
) -> None:
    record = errors(world, defects, sample)
    assert record.observed_value == Decimal(rate)
    assert record.acceptable is acceptable


@pytest.mark.parametrize(
    ("defects", "rate", "acceptable"), [(4, "98", True), (5, "97.5", False), (0, "100", True)]
)
def test_sampling_against_an_at_least_aql_reads_the_conforming_rate(
    world: Any, defects: int, rate: str, acceptable: bool
) -> None:
    on_time = {**PAYROLL_ERRORS, "code": "PS-5", "direction": "at_least", "aql": "98"}
    make_approved_qasp(world.program, rows=[AVAILABILITY, on_time])
    record = errors(world, defects, standard_code="PS-5", period=date(2026, 4, 1))
    assert record.observed_value == Decimal(rate)
    assert record.acceptable is acceptable


def test_a_later_qasp_version_never_changes_a_verdict(world: Any, qasp: Any) -> None:
    record = availability(world, "99.2")
    rows = [dict(r) for r in qasp.content["tables"]["performance_requirements"]]
    rows[0]["aql"] = "99.0"
    make_approved_qasp(world.program, rows=rows)
    record.refresh_from_db()
    assert record.acceptable is False and record.aql == Decimal("99.5")


@pytest.mark.parametrize(
    ("call", "field"),
    [
        (lambda w: errors(w, 1, sample=200, population=100), "sample_size"),
        (lambda w: errors(w, 201, sample=200), "defects"),
        (lambda w: errors(w, -1), "defects"),
        (lambda w: availability(w, "-1"), "measured_value"),
        (lambda w: availability(w, "99", period=date(2025, 12, 1)), "period"),
        (lambda w: availability(w, "99", period=date(2026, 3, 2)), "period"),
        (lambda w: errors(w, 1, period=date(2026, 2, 1)), "period"),
        (lambda w: availability(w, "99", period=date(2026, 7, 1)), "period"),
        (
            lambda w: record_create(
                acting_user=w.user("customer.program_manager"),
                program=w.program,
                standard_code="PS-9",
                period=date(2026, 3, 1),
                evaluator=_evaluator(w),
                recorded_on=date(2026, 4, 2),
                measured_value=Decimal(1),
            ),
            "standard_code",
        ),
        (
            lambda w: availability(
                w,
                "99",
                evaluator=Membership.objects.get(user=w.user("provider.program_manager")),
            ),
            "evaluator",
        ),
    ],
)
def test_bad_input_is_refused_naming_the_field(
    world: Any, qasp: Any, call: Any, field: str
) -> None:
    with pytest.raises(DomainError) as refused:
        call(world)
    assert refused.value.field == field
    assert not SurveillanceRecord.objects.exists()
    assert not AuditEvent.objects.filter(target_type__model="surveillancerecord").exists()


def test_a_second_record_for_the_same_standard_and_period_is_refused(world: Any, qasp: Any) -> None:
    availability(world, "99.9")
    with pytest.raises(DomainError) as refused:
        availability(world, "99.1")
    assert refused.value.field == "period"
    assert SurveillanceRecord.objects.count() == 1


def test_no_approved_qasp_no_surveillance(world: Any) -> None:
    with pytest.raises(DomainError) as refused:
        availability(world, "99.9")
    assert refused.value.field == "standard_code"


@pytest.mark.parametrize(
    "username",
    [
        "provider.program_manager",
        "provider.pmo_team",
        "independent.ivv_agent",
        "customer.viewer",
        "customer.executive_sponsor",
        "outsider",
    ],
)
def test_only_customer_editors_record(world: Any, qasp: Any, username: str) -> None:
    with pytest.raises(DomainError) as refused:
        availability(world, "99.9", user=world.user(username))
    assert refused.value.status_code == 403
    assert not SurveillanceRecord.objects.exists()


def test_creation_and_correction_are_audited(world: Any, qasp: Any) -> None:
    record = availability(world, "99.9")
    created = AuditEvent.objects.get(action="create", target_type__model="surveillancerecord")
    assert created.changes["acceptable"] == [None, True]
    record = record_update(
        acting_user=world.user("customer.pmo_team"), record=record, measured_value=Decimal("98")
    )
    assert record.acceptable is False and record.observed_value == Decimal("98")
    updated = AuditEvent.objects.get(action="update", target_type__model="surveillancerecord")
    assert updated.changes["acceptable"] == [True, False]


def test_the_provider_cannot_correct_a_record(world: Any, qasp: Any) -> None:
    record = availability(world, "98")
    with pytest.raises(DomainError) as refused:
        record_update(
            acting_user=world.user("provider.program_manager"),
            record=record,
            measured_value=Decimal("99.9"),
        )
    assert refused.value.status_code == 403
    record.refresh_from_db()
    assert record.acceptable is False


def test_the_provider_rebuts_once_within_the_due_date(
    world: Any, qasp: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    record = availability(world, "98")
    assert record.rebuttal_due == date(2026, 4, 9)  # five business days after April 2
    monkeypatch.setattr("programs.limits.today", lambda: date(2026, 4, 9))
    for username in ("customer.program_manager", "provider.viewer", "independent.ivv_agent"):
        with pytest.raises(DomainError) as refused:
            rebuttal_add(acting_user=world.user(username), record=record, text="No")
        assert refused.value.status_code == 403
    rebuttal_add(
        acting_user=world.user("provider.pmo_team"), record=record, text="The outage was planned."
    )
    record.refresh_from_db()
    assert record.rebuttal == "The outage was planned." and record.acceptable is False
    assert AuditEvent.objects.filter(
        target_type__model="surveillancerecord", changes__has_key="rebuttal"
    ).exists()
    with pytest.raises(DomainError) as again:
        rebuttal_add(acting_user=world.user("provider.program_manager"), record=record, text="x")
    assert again.value.field == "rebuttal"
    with pytest.raises(DomainError):  # the record stands as rebutted
        record_update(acting_user=world.user("customer.program_manager"), record=record, notes="x")


def test_no_rebuttal_after_the_due_date(
    world: Any, qasp: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    record = availability(world, "98")
    monkeypatch.setattr("programs.limits.today", lambda: date(2026, 4, 10))
    with pytest.raises(DomainError) as refused:
        rebuttal_add(acting_user=world.user("provider.program_manager"), record=record, text="No")
    assert refused.value.field == "rebuttal"
    record.refresh_from_db()
    assert record.rebuttal == ""


def test_the_schedule_reads_each_period(world: Any, qasp: Any) -> None:
    availability(world, "98", period=date(2026, 3, 1))
    plan = selectors.schedule(world.program, today=TODAY)
    monthly, quarterly = plan.rows
    statuses = {c.period: c.status for c in monthly.cells}
    assert statuses[date(2026, 3, 1)] == "Not acceptable"
    assert statuses[date(2026, 1, 1)] == "Overdue"
    # May ended on the 31st: ten business days later is June 12.
    assert statuses[date(2026, 5, 1)] == "Overdue"
    may = selectors.schedule(world.program, today=date(2026, 6, 12)).rows[0].cells[4]
    assert (may.period, may.status, may.due_by) == (date(2026, 5, 1), "Due", date(2026, 6, 12))
    assert statuses[date(2026, 6, 1)] == "Not yet due"
    assert [c.period for c in quarterly.cells] == [date(2026, 1, 1), date(2026, 4, 1)]
    owed = selectors.due_and_overdue(world.program, today=TODAY)
    assert {(c.standard.code, c.period) for c in owed} >= {("PS-2", date(2026, 1, 1))}


def test_schedule_and_log_query_counts_do_not_grow(world: Any, qasp: Any) -> None:
    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            selectors.schedule(world.program, today=TODAY)
            list(selectors.log_rows(world.program))
        return len(queries)

    availability(world, "99.9", period=date(2026, 1, 1))
    few = count()
    for month in (2, 3, 4, 5):
        availability(world, "99.9", period=date(2026, month, 1))
    errors(world, 0)
    assert count() == few


@pytest.mark.parametrize(
    ("value", "unit", "places", "text"),
    [
        ("99.3333", "%", 2, "99.33 %"),
        ("99.5000", "%", 2, "99.5 %"),
        ("1", "hours", 4, "1 hour"),
        ("4", "hours", 4, "4 hours"),
        ("0.75", "% of pay records", 2, "0.75 % of pay records"),
        ("99.9995", "%", 4, "99.9995 %"),
    ],
)
def test_figures_read_as_a_person_writes_them(
    value: str, unit: str, places: int, text: str
) -> None:
    assert quantity_text(Decimal(value), unit, places=places) == text
