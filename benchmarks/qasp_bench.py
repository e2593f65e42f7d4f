"""Benchmark of the QASP's performance pages: the scorecard of 50 monthly standards over an
agreed period of 36 months (every month recorded), and the surveillance log of 10,000
records, its first page and a filtered page; under 200 ms of server time each. Run by
``run.py qasp`` once Django is set up on its throwaway database; the figures are wall and
CPU milliseconds of whole requests through the test client."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

STANDARDS = 50
MONTHS = 36
LOG_RECORDS = 10_000


def _approved_qasp(program: Any, first: dt.date, last: dt.date, rows: list[dict[str, Any]]) -> None:
    from programs.choices import DocumentStatus
    from programs.models import Document, DocumentVersion

    document = Document.objects.create(
        program=program, kind="qasp", title="Quality Assurance Surveillance Plan",
        owning_party="customer",
    )  # fmt: skip
    DocumentVersion.objects.create(
        document=document,
        number=1,
        status=DocumentStatus.APPROVED,
        phase=program.phase,
        content={
            "fields": {"period_start": first.isoformat(), "period_end": last.isoformat()},
            "tables": {"performance_requirements": rows},
        },
    )


def _standard(code: str, frequency: str) -> dict[str, Any]:
    return {
        "code": code, "objective": f"Objective of {code}", "source": "PWS 3.1",
        "standard": f"Standard {code}", "metric": "Availability", "unit": "%",
        "direction": "at_least", "aql": "99.5", "method": "periodic_inspection",
        "frequency": frequency, "incentive": "",
    }  # fmt: skip


def _record(program: Any, evaluator: Any, code: str, period: dt.date, n: int) -> Any:
    from qasp.models import SurveillanceRecord

    bad = n % 7 == 0
    value = Decimal("98.2") if bad else Decimal("99.8")
    return SurveillanceRecord(
        program=program, standard_code=code, standard_text=f"Standard {code}",
        aql=Decimal("99.5"), direction="at_least", unit="%", period=period,
        method="periodic_inspection", measured_value=value, observed_value=value,
        acceptable=not bad, evaluator=evaluator, recorded_on=period + dt.timedelta(days=35),
        rebuttal_due=period + dt.timedelta(days=42),
    )  # fmt: skip


def _member(program: Any, name: str) -> Any:
    from programs.choices import Party, Role
    from programs.models import Membership
    from tests.factories import make_member

    user = make_member(program, name, Party.CUSTOMER, Role.VIEWER).user
    return user, Membership.objects.get(program=program, user=user)


def run(
    measure: Callable[..., Any], query_count: Callable[[str, Any], int]
) -> list[tuple[str, Any, str]]:
    from django.test import Client

    from programs.federal_calendar import add_months, month_start
    from qasp.models import SurveillanceRecord
    from tests.factories import make_program

    today = dt.date.today()
    last = month_start(today) - dt.timedelta(days=1)
    first = add_months(month_start(today), -MONTHS)

    card = make_program("qasp-bench", name="QASP of 50 standards over 36 months")
    viewer, evaluator = _member(card, "qasp-bench.viewer")
    codes = [f"PS-{n}" for n in range(1, STANDARDS + 1)]
    _approved_qasp(card, first, last, [_standard(c, "monthly") for c in codes])
    months = [add_months(first, i) for i in range(MONTHS)]
    SurveillanceRecord.objects.bulk_create(
        (
            _record(card, evaluator, code, month, i * MONTHS + j)
            for i, code in enumerate(codes)
            for j, month in enumerate(months)
        ),
        batch_size=1_000,
    )

    log = make_program("qasp-log-bench", name="QASP surveillance log of 10,000 records")
    log_viewer, log_evaluator = _member(log, "qasp-log-bench.viewer")
    events = [f"EV-{n}" for n in range(1, 11)]
    start = today - dt.timedelta(days=LOG_RECORDS // len(events))
    _approved_qasp(log, start, today, [_standard(c, "per_event") for c in events])
    SurveillanceRecord.objects.bulk_create(
        (
            _record(log, log_evaluator, code, start + dt.timedelta(days=d), d * 10 + i)
            for d in range(LOG_RECORDS // len(events))
            for i, code in enumerate(events)
        ),
        batch_size=1_000,
    )

    rows = []
    pages = [
        ("scorecard, 50 standards x 36 months (last 12 shown)", viewer, card, ""),
        ("scorecard, its first 12 months", viewer, card, f"?from={first:%Y-%m}"),
        ("trend of one standard, 36 months", viewer, card, "standards/PS-25/"),
        ("surveillance log, first page, 10,000 records", log_viewer, log, "log"),
        ("surveillance log, page 100", log_viewer, log, "log?page=100"),
        (
            "surveillance log, one standard, not acceptable",
            log_viewer,
            log,
            "log?standard=EV-3&verdict=not_acceptable",
        ),
    ]
    for label, user, program, tail in pages:
        base = "surveillance/" if tail.startswith("log") else "performance/"
        path = f"/programs/{program.code}/qasp/{base}{tail.replace('log', 'log/', 1)}"
        client = Client()
        client.force_login(user)

        def get(client: Any = client, path: str = path) -> None:
            response = client.get(path)
            if response.status_code != 200:
                raise RuntimeError(f"GET {path} answered {response.status_code}")

        rows.append((f"QASP {label}", measure(get, runs=7), f"{query_count(path, user)} queries"))
    return rows
