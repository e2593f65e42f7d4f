"""Funding documents and their modifications (limits, who may, audit), and the funding
summary on known data, its figures computed by hand below."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from pmp.models import FundingDocument, FundingModification
from pmp.models.expenditure import ReportStatus
from pmp.selectors.funding import funding_summary
from pmp.services import funding as services
from pmp.services.earned_value_setup import settings_update
from programs.errors import DomainError, PermissionRefused
from programs.models import AuditEvent
from tests.conftest import ROLE_MATRIX, World

from .funding_data import CUSTOMER_PM, accounts, document, report

MAY_CHANGE = {"customer.program_manager", "customer.pmo_lead"}


def _modify(world: World, doc: FundingDocument, **values: Any) -> FundingModification:
    defaults: dict[str, Any] = {
        "number": "P00001",
        "effective_on": date(2027, 3, 1),
        "amount": Decimal("-5000.00"),
        "description": "Deobligation of unused travel.",
    }
    return services.modification_create(
        acting_user=world.user(CUSTOMER_PM), document=doc, **{**defaults, **values}
    )


def test_a_document_with_modifications_totals_and_every_write_is_audited(world: World) -> None:
    doc = document(world)
    _modify(world, doc)
    _modify(world, doc, number="P00002", amount=Decimal("12500.50"))
    doc.refresh_from_db()
    assert doc.total_obligated == Decimal("57500.50")
    kinds = list(
        AuditEvent.objects.filter(program=world.program)
        .order_by("pk")
        .values_list("target_type__model", "action")
    )[-3:]
    assert kinds == [
        ("fundingdocument", "create"),
        ("fundingmodification", "create"),
        ("fundingmodification", "create"),
    ]
    services.document_update(
        acting_user=world.user("customer.pmo_lead"),
        document=doc,
        **{**{f: getattr(doc, f) for f in services.DOCUMENT_FIELDS}, "obligated": "60000"},
    )
    event = AuditEvent.objects.latest("pk")
    assert event.changes == {"obligated": ["50000.00", "60000.00"]}
    assert event.actor == world.user("customer.pmo_lead")
    services.document_delete(acting_user=world.user(CUSTOMER_PM), document=doc)
    event = AuditEvent.objects.latest("pk")
    assert event.action == "delete" and event.changes["modifications"][0] == [
        "P00001: -5000.00",
        "P00002: 12500.50",
    ]
    assert not FundingModification.objects.exists()


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"number": "  "}, "number"),
        ({"number": "N" * 61}, "number"),
        ({"title": "T" * 201}, "title"),
        ({"notes": "x" * (services.MAX_NOTES_LENGTH + 1)}, "notes"),
        ({"fiscal_year": 1999}, "fiscal_year"),
        ({"fiscal_year": 2101}, "fiscal_year"),
        ({"fiscal_year": "twenty"}, "fiscal_year"),
        ({"obligated": Decimal("-0.01")}, "obligated"),
        ({"obligated": Decimal("1000000000000.00")}, "obligated"),
        ({"obligated": Decimal("10.005")}, "obligated"),
        ({"obligated": "NaN"}, "obligated"),
        ({"obligated": "a lot"}, "obligated"),
        ({"performance_end": date(2026, 9, 30)}, "performance_end"),  # before the start
        ({"performance_end": date(2036, 10, 1)}, "performance_end"),  # over ten years
        ({"performance_start": date(1800, 1, 1)}, "performance_start"),
    ],
)
def test_document_limits_are_refused_naming_the_field(
    world: World, values: dict[str, Any], field: str
) -> None:
    with pytest.raises(DomainError) as refused:
        document(world, **values)
    assert refused.value.field == field
    assert not FundingDocument.objects.exists()


def test_the_largest_amount_and_ten_years_less_a_day_are_taken(world: World) -> None:
    doc = document(
        world,
        obligated=Decimal("999999999999.99"),
        performance_end=date(2036, 9, 30),
    )
    assert doc.obligated == Decimal("999999999999.99")


def test_numbers_are_unique_per_program_and_per_document(world: World) -> None:
    doc = document(world)
    with pytest.raises(DomainError) as refused:
        document(world, number="iaa-2027-01")
    assert refused.value.field == "number"
    _modify(world, doc)
    with pytest.raises(DomainError) as refused:
        _modify(world, doc, amount=Decimal(1))
    assert refused.value.field == "number"
    other = document(world, number="IAA-2027-02")
    _modify(world, other)  # the same modification number on another document
    assert FundingModification.objects.count() == 2


def test_a_modification_never_takes_the_total_below_zero(world: World) -> None:
    doc = document(world)
    with pytest.raises(DomainError) as refused:
        _modify(world, doc, amount=Decimal("-50000.01"))
    assert refused.value.field == "amount" and "below $0" in refused.value.message
    cut = _modify(world, doc, amount=Decimal("-50000.00"))  # down to nothing exactly
    raise_ = _modify(world, doc, number="P00002", amount=Decimal("1000.00"))
    with pytest.raises(DomainError):  # removing the increase would leave -1000
        services.document_update(
            acting_user=world.user(CUSTOMER_PM),
            document=doc,
            **{**{f: getattr(doc, f) for f in services.DOCUMENT_FIELDS}, "obligated": "0"},
        )
    with pytest.raises(DomainError):
        services.modification_update(
            acting_user=world.user(CUSTOMER_PM),
            modification=raise_,
            number="P00002",
            effective_on=date(2027, 3, 1),
            amount=Decimal("-0.01"),
        )
    services.modification_delete(acting_user=world.user(CUSTOMER_PM), modification=cut)
    with pytest.raises(DomainError):  # 50,000 + 1,000 is fine; deleting the cut was allowed
        _modify(world, doc, number="P00003", amount=Decimal("-51000.01"))
    doc.refresh_from_db()
    assert doc.total_obligated == Decimal("51000.00")


@pytest.mark.parametrize(
    ("day", "taken"),
    [
        (date(2026, 7, 3), True),  # 90 days before the period starts
        (date(2026, 7, 2), False),
        (date(2028, 9, 29), True),  # a year after it ends (2028 has a 29 February)
        (date(2028, 9, 30), False),
    ],
)
def test_a_modification_takes_effect_near_the_period_of_performance(
    world: World, day: date, taken: bool
) -> None:
    doc = document(world)
    if taken:
        assert _modify(world, doc, effective_on=day).effective_on == day
    else:
        with pytest.raises(DomainError) as refused:
            _modify(world, doc, effective_on=day)
        assert refused.value.field == "effective_on"
        assert "2026-07-03 to 2028-09-29" in refused.value.message


def test_the_period_cannot_move_away_from_a_modification(world: World) -> None:
    doc = document(world)
    _modify(world, doc, effective_on=date(2026, 8, 1))
    with pytest.raises(DomainError) as refused:
        services.document_update(
            acting_user=world.user(CUSTOMER_PM),
            document=doc,
            **{
                **{f: getattr(doc, f) for f in services.DOCUMENT_FIELDS},
                "performance_start": date(2027, 1, 1),
            },
        )
    assert refused.value.field == "performance_start"
    doc.refresh_from_db()
    assert doc.performance_start == date(2026, 10, 1)


@pytest.mark.parametrize("username", [u for u, *_ in ROLE_MATRIX if u not in MAY_CHANGE])
def test_others_are_refused_every_write_and_nothing_changes(world: World, username: str) -> None:
    doc = document(world)
    modification = _modify(world, doc)
    events = AuditEvent.objects.count()
    user = world.user(username)
    values = {f: getattr(doc, f) for f in services.DOCUMENT_FIELDS}
    attempts = [
        lambda: services.document_create(
            acting_user=user, program=world.program, **{**values, "number": "X-1"}
        ),
        lambda: services.document_update(
            acting_user=user, document=doc, **{**values, "obligated": Decimal(1)}
        ),
        lambda: services.document_delete(acting_user=user, document=doc),
        lambda: services.modification_create(
            acting_user=user,
            document=doc,
            number="P9",
            effective_on=date(2027, 1, 1),
            amount=Decimal(1),
        ),
        lambda: services.modification_update(
            acting_user=user,
            modification=modification,
            number="P00001",
            effective_on=date(2027, 1, 1),
            amount=Decimal(1),
        ),
        lambda: services.modification_delete(acting_user=user, modification=modification),
    ]
    for attempt in attempts:
        with pytest.raises(PermissionRefused, match="customer's editors who see costs"):
            attempt()
    assert AuditEvent.objects.count() == events
    assert list(FundingDocument.objects.values_list("number", "obligated")) == [
        ("IAA-2027-01", Decimal("50000.00"))
    ]
    assert list(FundingModification.objects.values_list("number", "amount")) == [
        ("P00001", Decimal("-5000.00"))
    ]


def test_the_outsider_is_refused(world: World) -> None:
    with pytest.raises(PermissionRefused):
        services.document_create(
            acting_user=world.user("outsider"),
            program=world.program,
            number="X",
            fiscal_year=2027,
            obligated=1,
            performance_start=date(2026, 10, 1),
            performance_end=date(2027, 9, 30),
        )


def known_funding(world: World) -> None:
    """FY2026: $30,000 + $10,000; FY2027: $50,000 - $5,000. Acknowledged actual cost: August
    2026 $4,000, September $2,500 (both FY2026), October $3,500 (its first revision, $7,000,
    superseded), November $1,000 (FY2027); December's $9,999 is disputed and counts for
    nothing."""
    first, second = accounts(world)
    fy26 = document(
        world,
        number="IAA-2026-01",
        fiscal_year=2026,
        obligated=Decimal("30000.00"),
        performance_start=date(2025, 10, 1),
        performance_end=date(2026, 9, 30),
    )
    _modify(world, fy26, effective_on=date(2026, 3, 1), amount=Decimal("10000.00"))
    _modify(world, document(world), amount=Decimal("-5000.00"))
    report(world, date(2026, 8, 1), [(first, "3000.00"), (second, "1000.00")])
    report(world, date(2026, 9, 1), [(first, "2500.00")])
    report(world, date(2026, 10, 1), [(first, "7000.00")], status=ReportStatus.SUPERSEDED)
    report(world, date(2026, 10, 1), [(first, "2000.00"), (second, "1500.00")], revision=2)
    report(world, date(2026, 11, 1), [(second, "1000.00")])
    report(world, date(2026, 12, 1), [(first, "9999.00")], status=ReportStatus.DISPUTED)
    settings_update(
        acting_user=world.user(CUSTOMER_PM),
        program=world.program,
        management_reserve=Decimal("7500.00"),
    )


def test_the_summary_of_known_funding(world: World) -> None:
    known_funding(world)
    summary = funding_summary(world.program)
    assert [
        (y.fiscal_year, y.original, y.modifications, y.obligated, y.expended, y.remaining)
        for y in summary.years
    ] == [
        (2026, Decimal(30000), Decimal(10000), Decimal(40000), Decimal(6500), Decimal(33500)),
        (2027, Decimal(50000), Decimal(-5000), Decimal(45000), Decimal(4500), Decimal(40500)),
    ]
    assert summary.obligated == Decimal("85000.00")
    assert summary.expended == Decimal("11000.00")
    assert summary.remaining == Decimal("74000.00")
    assert summary.budget_at_completion == Decimal("100000.00")  # the inactive $5,000 is out
    assert summary.management_reserve == Decimal("7500.00")
    assert summary.expended_of_obligated == Decimal("12.9")  # 11,000 / 85,000
    assert summary.expended_of_budget == Decimal("11.0")
    # September, October and November: (2,500 + 3,500 + 1,000) / 3
    assert [m for m, _ in summary.burn_months] == [
        date(2026, 9, 1),
        date(2026, 10, 1),
        date(2026, 11, 1),
    ]
    assert summary.burn_rate == Decimal("2333.33")
    assert summary.months_left == Decimal("31.7")  # 74,000 / 2,333.33


def test_a_summary_without_reports_has_no_burn_rate(world: World) -> None:
    document(world)
    summary = funding_summary(world.program)
    assert summary.burn_rate is None and summary.months_left is None
    assert summary.expended == 0 and summary.expended_of_budget is None
    assert [(y.fiscal_year, y.obligated) for y in summary.years] == [(2027, Decimal(50000))]


def test_spending_past_the_funds_leaves_no_months(world: World) -> None:
    (first, _second) = accounts(world)
    document(world, obligated=Decimal("1000.00"))
    report(world, date(2026, 10, 1), [(first, "1500.00")])
    summary = funding_summary(world.program)
    assert summary.remaining == Decimal("-500.00") and summary.months_left == Decimal("0.0")


def test_the_summary_reads_a_constant_number_of_queries(world: World) -> None:
    known_funding(world)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            funding_summary(world.program)
        return len(queries)

    few = count()
    first, second = accounts_more = (
        world.program.control_accounts.get(wbs="1"),
        world.program.control_accounts.get(wbs="2"),
    )
    assert accounts_more
    for i in range(5):
        doc = document(world, number=f"MORE-{i}", fiscal_year=2027)
        _modify(world, doc, number="P1", amount=Decimal(1))
        _modify(world, doc, number="P2", amount=Decimal(2))
        report(world, date(2027, i + 1, 1), [(first, "10.00"), (second, "20.00")])
    assert count() == few <= 6
