"""The demo's performance evaluation of Q4 FY2026 on drc-hr, seeded over the state the
surveillance and corrective action request demos leave (written here directly where they
are not seeded: the QASP's
agreed period from May 2026, the quarter's records with PS-2 missed in July and August and
PS-3 in September, CAR-001 on PS-2): proposed, rated by cust.pm, commented by prov.pm,
signed by cust.pm; seeding again changes nothing."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.contrib.auth.models import User

from programs.models import Membership, Program
from qasp import demo_evaluations
from qasp.choices import CarStatus, EvaluationStatus
from qasp.models import CorrectiveActionRequest, PerformanceEvaluation, SurveillanceRecord
from qasp.standards import approved_standards, approved_version

from .evaluation_factories import make_car

DEMO_TODAY = date(2026, 11, 30)
MISSED = {("PS-2", 7), ("PS-2", 8), ("PS-3", 9)}


@pytest.fixture
def hr(seeded_once: None, db: None, monkeypatch: pytest.MonkeyPatch) -> Program:
    monkeypatch.setattr("programs.limits.today", lambda: DEMO_TODAY)
    program = Program.objects.get(code="drc-hr")
    version = approved_version(program)
    assert version is not None
    version.content["fields"] = {"period_start": "2026-05-01", "period_end": "2027-04-30"}
    version.save(update_fields=["content"])
    cor = Membership.objects.get(program=program, user__username="cust.pm")
    quarter = SurveillanceRecord.objects.filter(program=program, period__gte=date(2026, 7, 1))
    if not quarter.exists():  # the surveillance demo, where it is not seeded yet
        _records(program, cor)
    if not CorrectiveActionRequest.objects.filter(program=program).exists():
        make_car(
            program,
            1,
            returns=1,
            standard_code="PS-2",
            issued_on=date(2026, 9, 8),
            response_due=date(2026, 9, 22),
            answered_on=date(2026, 9, 18),
            status=CarStatus.CLOSED,
            closed_on=date(2026, 11, 9),
        )
    return program


def _records(program: Program, cor: Membership) -> None:
    for standard in approved_standards(program):
        months = {"monthly": (7, 8, 9), "quarterly": (7,)}.get(standard.frequency, ())
        for month in months:
            SurveillanceRecord.objects.create(
                program=program,
                standard_code=standard.code,
                standard_text=standard.standard,
                aql=standard.aql,
                direction=standard.direction,
                unit=standard.unit,
                period=date(2026, month, 1),
                method=standard.method,
                observed_value=standard.aql,
                acceptable=(standard.code, month) not in MISSED,
                evaluator=cor,
                recorded_on=date(2026, month + 1, 6),
                rebuttal_due=date(2026, month + 1, 13),
            )


def _seed() -> None:
    programs = {p.code: p for p in Program.objects.all()}
    users = {u.username: u for u in User.objects.all()}
    demo_evaluations.seed(programs, users)


def test_the_demo_evaluation_of_q4_fy2026_is_signed_by_cust_pm(hr: Program) -> None:
    _seed()
    evaluation = PerformanceEvaluation.objects.get(program=hr)
    assert (evaluation.period_start, evaluation.period_end) == (date(2026, 7, 1), date(2026, 9, 30))
    assert evaluation.status == EvaluationStatus.SIGNED
    assert evaluation.evaluator.user.username == "cust.pm"
    assert evaluation.signed_by is not None and evaluation.signed_by.username == "cust.pm"
    assert evaluation.commented_by is not None and evaluation.commented_by.username == "prov.pm"
    rows = {r.area: r for r in evaluation.ratings.all()}
    quality = rows["quality"]
    assert quality.proposed == 3 and quality.rating == 3
    assert "PS-2 missed its AQL in July and August 2026." in quality.proposal_reasons
    assert "PS-3 missed its AQL in September 2026." in quality.proposal_reasons
    assert any("CAR-001" in reason for reason in rows["management"].proposal_reasons)
    assert rows["schedule"].proposed is None and rows["schedule"].narrative


def test_seeding_again_changes_nothing(hr: Program) -> None:
    _seed()
    before: Any = list(PerformanceEvaluation.objects.values())
    _seed()
    assert list(PerformanceEvaluation.objects.values()) == before


def test_nothing_without_a_qasp_reaching_the_quarter(seeded_once: None, db: None) -> None:
    version = approved_version(Program.objects.get(code="drc-hr"))
    assert version is not None
    version.content["fields"] = {"period_start": "2026-10-01", "period_end": "2027-09-30"}
    version.save(update_fields=["content"])
    PerformanceEvaluation.objects.all().delete()
    _seed()
    assert not PerformanceEvaluation.objects.exists()


def test_members_read_it_and_the_outsider_cannot(hr: Program) -> None:
    from django.test import Client

    _seed()
    evaluation = PerformanceEvaluation.objects.get(program=hr)
    for username, expected in (("prov.pm", 200), ("ivv.agent", 200), ("outsider", 404)):
        web = Client()
        web.force_login(User.objects.get(username=username))
        assert web.get(evaluation.get_absolute_url()).status_code == expected
