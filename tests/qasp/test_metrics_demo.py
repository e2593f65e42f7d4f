"""The provider-metrics demo on drc-hr: PS-7 October 2026 awaiting validation, after an
earlier submission of it rejected with its reason; seeding twice changes nothing."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.contrib.auth.models import User

from programs.models import AuditEvent, Program
from qasp import demo_metrics
from qasp.choices import MetricStatus
from qasp.models import MetricSubmission


@pytest.fixture(autouse=True)
def _today(monkeypatch: pytest.MonkeyPatch) -> None:
    """The demo's today, late November 2026 (the package's tests run on June 15)."""
    monkeypatch.setattr("programs.limits.today", lambda: date(2026, 11, 30))


@pytest.fixture
def seeded(seeded_once: None, db: None) -> Program:
    program = Program.objects.get(code="drc-hr")
    users = {u.username: u for u in User.objects.filter(username__in=["prov.pm", "cust.pm"])}
    demo_metrics.seed({"drc-hr": program}, users)
    return program


def test_ps7_october_awaits_validation_after_a_rejected_submission(seeded: Program) -> None:
    rows = list(MetricSubmission.objects.filter(program=seeded).order_by("pk"))
    assert [(r.standard_code, r.period, r.status) for r in rows] == [
        ("PS-7", date(2026, 10, 1), MetricStatus.REJECTED),
        ("PS-7", date(2026, 10, 1), MetricStatus.SUBMITTED),
    ]
    rejected, awaiting = rows
    assert "September's" in rejected.rejection_reason and rejected.reviewed_by_name
    assert awaiting.measured_value == Decimal("99.6")
    assert awaiting.submitted_by == User.objects.get(username="prov.pm")
    assert AuditEvent.objects.filter(target_type__model="metricsubmission").count() == 3


def test_seeding_again_changes_nothing(seeded: Program) -> None:
    users = {u.username: u for u in User.objects.filter(username__in=["prov.pm", "cust.pm"])}
    demo_metrics.seed({"drc-hr": seeded}, users)
    demo_metrics.seed({}, users)
    assert MetricSubmission.objects.filter(program=seeded).count() == 2
