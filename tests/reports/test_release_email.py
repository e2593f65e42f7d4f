"""A released report is emailed once, its PDF attached, to the program's distribution list
(its members and the outside addresses) in Bcc, so no recipient sees the others; a second
run, a refused release or an unreleased report send nothing, and mail trouble is retried."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

import pytest
from django.conf import settings
from django.core import mail
from pypdf import PdfReader

from programs.errors import DomainError
from programs.models import Job, Membership
from reports.models import StatusReport
from reports.services.lifecycle import report_approve, report_rate, report_release
from reports.services.report_settings import report_settings_update
from reports.tasks import send_released_report
from tests.conftest import World
from tests.pmp.conftest import record

from .conftest import PM

SPONSOR = "customer.executive_sponsor"


@pytest.fixture
def report(world: World, run_build: Callable[..., Job]) -> StatusReport:
    record(world, "risk", on_status_report=True)  # the proposed rating is 3
    run_build()
    report = StatusReport.objects.get(program=world.program)
    sponsor = world.user(SPONSOR)
    sponsor.email = "sponsor@agency.example"
    sponsor.save()
    report_settings_update(
        acting_user=world.user(PM),
        program=world.program,
        period_length="monthly",
        due_business_day=5,
        members=[Membership.objects.get(program=world.program, user=sponsor)],
        outside_emails=["omb.desk@omb.example", "SPONSOR@agency.example"],
    )
    report_approve(acting_user=world.user(PM), report=report)
    report_approve(acting_user=world.user("provider.program_manager"), report=report)
    return report_rate(
        acting_user=world.user(PM), report=report, rating=report.proposed_rating or 3
    )


def test_a_release_emails_the_pdf_to_the_list_once(
    world: World, report: StatusReport, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        report_release(acting_user=world.user(PM), report=report)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert sorted(message.bcc) == ["omb.desk@omb.example", "sponsor@agency.example"]
    assert message.to == [settings.DEFAULT_FROM_EMAIL]  # no recipient sees the others
    assert sorted(message.recipients()) == sorted([*message.bcc, *message.to])
    headers = str(message.message()).split("\n\n", 1)[0]
    assert "omb.desk" not in headers and "sponsor@" not in headers.lower()
    assert "Bcc" not in headers and f"To: {settings.DEFAULT_FROM_EMAIL}" in headers
    assert message.subject == "alpha: status report of May 2026 released"
    assert "CIO rating" in message.body
    [(name, body, kind)] = message.attachments
    assert kind == "application/pdf" and name.startswith("alpha-status-report-2026-05-r1")
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(body)).pages)
    assert "Executive summary" in text
    report.refresh_from_db()
    sent_at = report.release_email_sent_at
    assert sent_at is not None

    assert send_released_report(report.pk) == 0  # delivered again: nothing more is sent
    assert len(mail.outbox) == 1
    report.refresh_from_db()
    assert report.release_email_sent_at == sent_at


def test_a_refused_release_or_an_unreleased_report_sends_nothing(
    world: World, report: StatusReport, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(DomainError):
        report_release(acting_user=world.user(PM), report=report)
        report_release(acting_user=world.user(PM), report=report)
    assert len(mail.outbox) == 1  # the first release only
    mail.outbox.clear()
    draft_period = StatusReport.objects.create(
        program=world.program,
        period_start=report.period_start.replace(month=4),
        period_end=report.period_start.replace(day=30, month=4),
        due_on=report.due_on,
        schema_version=report.schema_version,
        snapshot=report.snapshot,
        built_at=report.built_at,
    )
    assert send_released_report(draft_period.pk) == 0
    assert send_released_report(999_999) == 0
    assert mail.outbox == []
    draft_period.refresh_from_db()
    assert draft_period.release_email_sent_at is None


def test_an_empty_list_sends_nothing_and_records_the_release_handled(
    world: World, report: StatusReport, django_capture_on_commit_callbacks: Any
) -> None:
    settings_row = world.program.report_settings
    settings_row.outside_emails = []
    settings_row.save()
    settings_row.distribution_members.clear()
    with django_capture_on_commit_callbacks(execute=True):
        report_release(acting_user=world.user(PM), report=report)
    assert mail.outbox == []
    report.refresh_from_db()
    assert report.release_email_sent_at is not None


def test_mail_trouble_is_retried_a_bounded_number_of_times_and_sends_late(
    world: World, report: StatusReport, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert send_released_report.acks_late is True
    assert getattr(send_released_report, "autoretry_for", None) == (OSError,)
    assert send_released_report.max_retries == 5
    report_release(acting_user=world.user(PM), report=report)

    def broken(*args: Any, **kwargs: Any) -> int:
        raise ConnectionRefusedError("mail server down")

    monkeypatch.setattr("django.core.mail.EmailMessage.send", broken)
    with pytest.raises(OSError):
        send_released_report.run(report.pk)
    report.refresh_from_db()
    assert report.release_email_sent_at is None  # not recorded: the retry sends it
    monkeypatch.undo()
    assert send_released_report.run(report.pk) == 1
    assert len(mail.outbox) == 1
