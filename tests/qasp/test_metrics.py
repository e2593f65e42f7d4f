"""Provider-reported metrics, services: submitting one or many (all or nothing, every problem
located by row), withdrawing, the customer's validation into a surveillance record and its
rejection; every refusal names the field and changes nothing."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from programs.choices import DocumentStatus
from programs.errors import DomainError, ErrorCode, PermissionRefused
from programs.models import AuditEvent
from qasp.choices import MetricStatus
from qasp.models import MetricSubmission, SurveillanceRecord
from qasp.services.metric_checks import MetricRow
from qasp.services.metrics import (
    metric_reject,
    metric_submit,
    metric_submit_many,
    metric_validate,
    metric_withdraw,
)
from tests.conftest import OUTSIDER, ROLE_MATRIX, World

from .conftest import CUSTOMER_EDITORS, TODAY, evaluator, record_month
from .metric_helpers import PROVIDER_EDITORS, state, submit

USERS = [name for name, *_ in ROLE_MATRIX] + [OUTSIDER]
pytestmark = pytest.mark.usefixtures("qasp")


def test_the_provider_submits_a_month_awaiting_validation(world: World) -> None:
    submission = submit(world, source="  SLR   May 2026 ", notes=" Two outages. ")
    assert submission.status == MetricStatus.SUBMITTED
    assert (submission.standard_code, submission.period) == ("PS-1", date(2026, 5, 1))
    assert submission.measured_value == Decimal("99.7")
    assert (submission.source, submission.notes) == ("SLR May 2026", "Two outages.")
    assert submission.submitted_by == world.user("provider.program_manager")
    event = AuditEvent.objects.get(target_type__model="metricsubmission")
    assert event.action == "create" and event.changes["standard_code"] == [None, "PS-1"]


def test_a_sampled_standard_keeps_its_counts_and_drops_a_measured_value(world: World) -> None:
    submission = submit(
        world,
        standard_code="ps-2",
        period=date(2026, 1, 1),
        population=5000,
        sample_size=200,
        defects=1,
        measured_value=Decimal("3"),
    )
    assert submission.standard_code == "PS-2"
    assert (submission.population, submission.sample_size, submission.defects) == (5000, 200, 1)
    assert submission.measured_value is None


REFUSALS: list[tuple[dict[str, Any], str, str]] = [
    ({"standard_code": "PS-9"}, "standard_code", "The approved QASP has no standard PS-9."),
    ({"period": date(2026, 5, 15)}, "period", "the first day of a month (May 1, 2026)"),
    ({"period": date(2025, 12, 1)}, "period", "outside the QASP's agreed surveillance period"),
    ({"period": date(2026, 7, 1)}, "period", "A period is surveilled once it has started."),
    ({"period": None}, "period", "Give the period surveilled."),
    ({"measured_value": None}, "measured_value", "Give the measured value."),
    ({"measured_value": Decimal("-1")}, "measured_value", "The measured value is not negative."),
    ({"source": "x" * 201}, "source", "The source is at most 200 characters"),
    (
        {
            "standard_code": "PS-2",
            "period": date(2026, 1, 1),
            "population": 10,
            "sample_size": 20,
            "defects": 0,
        },
        "sample_size",
        "The sample (20) is larger than the population (10).",
    ),
    (
        {"standard_code": "PS-2", "period": date(2026, 1, 1), "sample_size": 20, "defects": 21},
        "defects",
        "The defects found (21) are more than the sample (20).",
    ),
    (
        {"standard_code": "PS-2", "period": date(2026, 1, 1), "defects": 1},
        "sample_size",
        "Give the sample size (at least 1).",
    ),
]


@pytest.mark.parametrize(("values", "field", "message"), REFUSALS)
def test_refusals_name_the_field_and_change_nothing(
    world: World, values: dict[str, Any], field: str, message: str
) -> None:
    before = state()
    with pytest.raises(DomainError) as refused:
        submit(world, **values)
    assert refused.value.field == field
    assert message in str(refused.value)
    assert state() == before


def test_one_open_submission_per_standard_and_period(world: World) -> None:
    first = submit(world)
    before = state()
    with pytest.raises(DomainError, match="PS-1 already has a submission for May 2026") as again:
        submit(world)
    assert again.value.field == "period" and state() == before
    metric_reject(acting_user=world.user("customer.pmo_team"), submission=first, reason="Wrong")
    assert submit(world).status == MetricStatus.SUBMITTED


def test_no_submission_for_a_period_the_customer_recorded(world: World) -> None:
    record_month(world, 3)
    before = state()
    with pytest.raises(DomainError, match="customer has already recorded PS-1 for March 2026"):
        submit(world, month=3)
    assert state() == before


@pytest.mark.parametrize("username", USERS)
def test_only_the_providers_editors_submit(world: World, username: str) -> None:
    before = state()
    values: dict[str, Any] = {"standard_code": "PS-1", "period": date(2026, 5, 1)}
    values["measured_value"] = Decimal("99.9")
    if username in PROVIDER_EDITORS:
        metric_submit(acting_user=world.user(username), program=world.program, **values)
        assert MetricSubmission.objects.count() == 1
        return
    with pytest.raises(PermissionRefused, match="Only the provider's editors submit"):
        metric_submit(acting_user=world.user(username), program=world.program, **values)
    assert state() == before


def test_many_rows_are_all_or_nothing_with_every_problem_located(world: World) -> None:
    rows = [
        MetricRow(2, {"standard_code": "PS-1", "period": date(2026, 4, 1), "measured_value": 99}),
        MetricRow(3, {"standard_code": "PS-9", "period": date(2026, 4, 1), "measured_value": 99}),
        MetricRow(4, {"standard_code": "PS-1", "period": date(2026, 4, 1), "measured_value": 98}),
        MetricRow(
            5,
            {
                "standard_code": "PS-2",
                "period": date(2026, 1, 1),
                "population": 5,
                "sample_size": 9,
                "defects": 0,
            },
        ),
    ]
    before = state()
    with pytest.raises(DomainError) as refused:
        metric_submit_many(
            acting_user=world.user("provider.pmo_team"), program=world.program, rows=rows
        )
    assert refused.value.code == ErrorCode.IMPORT_INVALID
    assert "3 problems; nothing was saved" in str(refused.value)
    problems = refused.value.extra["problems"]
    assert [(p["row"], p["column"]) for p in problems] == [
        (3, "Standard"),
        (4, "Period"),
        (5, "Sample size"),
    ]
    assert "already in row 2" in problems[1]["detail"]
    assert state() == before
    saved = metric_submit_many(
        acting_user=world.user("provider.pmo_team"), program=world.program, rows=rows[:1]
    )
    assert [s.period for s in saved] == [date(2026, 4, 1)]


def test_many_rows_need_one(world: World) -> None:
    with pytest.raises(DomainError, match="have no row of values"):
        metric_submit_many(
            acting_user=world.user("provider.pmo_team"), program=world.program, rows=[]
        )


def test_many_rows_refused_to_others(world: World) -> None:
    with pytest.raises(PermissionRefused):
        metric_submit_many(
            acting_user=world.user("customer.program_manager"), program=world.program, rows=[]
        )


@pytest.mark.parametrize("username", USERS)
def test_the_providers_editors_withdraw_a_submission_awaiting_validation(
    world: World, username: str
) -> None:
    submission = submit(world)
    before = state()
    if username in PROVIDER_EDITORS:
        metric_withdraw(acting_user=world.user(username), submission=submission)
        assert not MetricSubmission.objects.exists()
        assert AuditEvent.objects.filter(action="delete").count() == 1
        return
    with pytest.raises(PermissionRefused):
        metric_withdraw(acting_user=world.user(username), submission=submission)
    assert state() == before


def test_a_reviewed_submission_is_not_withdrawn(world: World) -> None:
    submission = submit(world)
    metric_reject(acting_user=world.user("customer.pmo_team"), submission=submission, reason="No")
    before = state()
    with pytest.raises(DomainError, match="The submission is rejected") as refused:
        metric_withdraw(acting_user=world.user("provider.pmo_team"), submission=submission)
    assert refused.value.field == "status" and state() == before


def _validate(world: World, submission: MetricSubmission, username: str, **kw: Any) -> Any:
    values: dict[str, Any] = {
        "evaluator": evaluator(world),
        "recorded_on": TODAY,
        "notes": "Checked.",
    } | kw
    return metric_validate(acting_user=world.user(username), submission=submission, **values)


def test_validation_makes_the_surveillance_record_with_its_verdict(world: World) -> None:
    submission = submit(world, value="99.1", notes="One outage.")
    record = _validate(world, submission, "customer.program_manager")
    submission.refresh_from_db()
    assert submission.status == MetricStatus.VALIDATED and submission.record == record
    assert submission.reviewed_by == world.user("customer.program_manager")
    assert (record.standard_code, record.period) == ("PS-1", date(2026, 5, 1))
    assert record.measured_value == Decimal("99.1") and record.acceptable is False
    assert record.evaluator == evaluator(world) and record.recorded_on == TODAY
    assert "Validated from the provider's submission by" in record.notes
    assert "Source: Service-level report May 2026." in record.notes
    assert "Provider's notes: One outage." in record.notes and record.notes.endswith("Checked.")
    actions = set(AuditEvent.objects.values_list("target_type__model", "action"))
    assert {("surveillancerecord", "create"), ("metricsubmission", "update")} <= actions


@pytest.mark.parametrize("username", USERS)
def test_only_the_customers_editors_validate_and_reject(world: World, username: str) -> None:
    submission = submit(world)
    before = state()
    if username in CUSTOMER_EDITORS:
        _validate(world, submission, username)
        assert SurveillanceRecord.objects.count() == 1
        return
    with pytest.raises(PermissionRefused, match="Only the customer's editors validate"):
        _validate(world, submission, username)
    with pytest.raises(PermissionRefused, match="Only the customer's editors validate"):
        metric_reject(acting_user=world.user(username), submission=submission, reason="No")
    assert state() == before


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        ({"evaluator": None}, "evaluator", "The evaluator is a member of the customer"),
        ({"recorded_on": date(2026, 6, 20)}, "recorded_on", "The date recorded"),
    ],
)
def test_a_refused_validation_changes_nothing(
    world: World, values: dict[str, Any], field: str, message: str
) -> None:
    submission = submit(world)
    before = state()
    with pytest.raises(DomainError) as refused:
        _validate(world, submission, "customer.pmo_team", **values)
    assert refused.value.field == field and message in str(refused.value)
    assert state() == before


def test_a_submission_is_reviewed_once(world: World) -> None:
    submission = submit(world)
    _validate(world, submission, "customer.pmo_team")
    before = state()
    with pytest.raises(DomainError, match="The submission is already validated"):
        _validate(world, submission, "customer.pmo_team")
    with pytest.raises(DomainError, match="The submission is already validated"):
        metric_reject(
            acting_user=world.user("customer.pmo_team"), submission=submission, reason="x"
        )
    assert state() == before


def test_rejection_needs_its_reason(world: World) -> None:
    submission = submit(world)
    before = state()
    with pytest.raises(DomainError, match="Say why the submission is rejected") as refused:
        metric_reject(
            acting_user=world.user("customer.pmo_team"), submission=submission, reason=" "
        )
    assert refused.value.field == "reason" and state() == before
    metric_reject(
        acting_user=world.user("customer.pmo_team"), submission=submission, reason="Wrong month"
    )
    submission.refresh_from_db()
    assert (submission.status, submission.rejection_reason) == (
        MetricStatus.REJECTED,
        "Wrong month",
    )
    assert submission.record is None


def test_a_program_without_an_approved_qasp_takes_no_metrics(world: World, qasp: Any) -> None:
    qasp.status = DocumentStatus.SUPERSEDED
    qasp.save()
    with pytest.raises(DomainError, match="has no approved QASP") as refused:
        submit(world)
    assert refused.value.field == "standard_code"
