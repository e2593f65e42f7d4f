"""The My work digest: the same items as the page, the notifications held for it, once a day
at most, daily by default, weekly on its weekday, or off."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core import mail

from programs.models import DigestPreference, Notification, NotificationDelivery
from reports.my_work.selectors import my_work_for
from reports.my_work.services import digest_send
from reports.my_work.tasks import send_digests
from tests.conftest import World
from tests.factories import make_charter
from tests.ivv.conftest import file_finding

MONDAY = date(2026, 6, 15)
PM = "provider.program_manager"


def _work(world: World, after_commit: Any) -> Any:
    with after_commit(execute=True):
        finding = file_finding(world, answering_party="provider", raised_on=date(2026, 6, 10))
        make_charter(
            world.program, state="in_review", editor=world.user("customer.program_manager")
        )
    return finding


def test_the_digest_lists_the_pages_items_and_held_notifications(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    finding = _work(world, django_capture_on_commit_callbacks)
    held = Notification.objects.get(recipient=world.user(PM), kind="finding_raised")
    assert held.delivery == NotificationDelivery.DIGEST
    mail.outbox.clear()
    assert digest_send(user_id=world.user(PM).pk, today=MONDAY)
    [message] = mail.outbox
    assert message.to == [world.user(PM).email]
    work = my_work_for(user=world.user(PM), today=MONDAY)
    for group in work.groups:
        for item in group.items:
            assert item.title in message.body
            assert f"http://127.0.0.1:8000{item.url}" in message.body
    assert str(finding) in message.body and "Program Charter v1" in message.body
    assert held.title in message.body
    held.refresh_from_db()
    assert held.digested_at is not None
    # Once a day: a second run sends nothing.
    assert not digest_send(user_id=world.user(PM).pk, today=MONDAY)
    assert len(mail.outbox) == 1


def test_weekly_goes_out_on_its_weekday_and_off_never(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    _work(world, django_capture_on_commit_callbacks)
    user = world.user(PM)
    DigestPreference.objects.create(user=user, frequency="weekly")
    mail.outbox.clear()
    assert not digest_send(user_id=user.pk, today=date(2026, 6, 16))  # a Tuesday
    assert digest_send(user_id=user.pk, today=MONDAY)
    assert "weekly" in mail.outbox[0].subject
    DigestPreference.objects.filter(user=user).update(frequency="off", last_sent_on=None)
    assert not digest_send(user_id=user.pk, today=date(2026, 6, 22))
    assert len(mail.outbox) == 1


def test_nothing_to_say_sends_nothing(world: World) -> None:
    assert not digest_send(user_id=world.user("outsider").pk, today=MONDAY)
    assert mail.outbox == []


def test_the_beat_job_sends_each_due_digest_once(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    _work(world, django_capture_on_commit_callbacks)
    DigestPreference.objects.create(user=world.user("provider.pmo_lead"), frequency="off")
    mail.outbox.clear()
    assert send_digests.delay().get() == len(world.users) - 1
    recipients = {m.to[0] for m in mail.outbox}
    assert world.user(PM).email in recipients
    assert world.user("provider.pmo_lead").email not in recipients
    assert world.user("outsider").email not in recipients  # nothing waits on them
    sent = len(mail.outbox)
    send_digests.delay()
    assert len(mail.outbox) == sent
