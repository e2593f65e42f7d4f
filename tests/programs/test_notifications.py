"""Notifications of events as they happen: for each kind, the right people, once, as each
chose (at once, in the digest, not at all); the bell's unread count and marking read; a
person sees and changes only their own notifications."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from html import escape
from typing import Any

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from programs.choices import AuditAction
from programs.models import AuditEvent, Notification, NotificationDelivery, NotificationPreference
from programs.notifications.tasks import dispatch_event
from programs.services import documents as document_services
from programs.services.audit import audit_record
from tests.conftest import World
from tests.factories import make_charter

CUSTOMER_PM = "customer.program_manager"
REVIEWERS = {
    f"{party}.{role}"
    for party in ("customer", "provider")
    for role in (
        "executive_sponsor",
        "program_manager",
        "pmo_lead",
        "pmo_team",
        "sme",
    )
} | {"customer.business_owner", "independent.ivv_agent"}


@pytest.fixture
def after_commit(django_capture_on_commit_callbacks: Any) -> Callable[[], Any]:
    """Run the after-commit hooks (and the Celery tasks they queue, eagerly) of a block."""

    @contextmanager
    def run() -> Iterator[None]:
        with django_capture_on_commit_callbacks(execute=True):
            yield

    return run


def notified(kind: str) -> set[str]:
    return set(Notification.objects.filter(kind=kind).values_list("recipient__username", flat=True))


def emailed_to() -> list[str]:
    return sorted(address for message in mail.outbox for address in message.to)


def test_a_version_in_review_notifies_its_reviewers_once(
    world: World, after_commit: Any, settings: Any
) -> None:
    settings.PMO_NOTIFICATION_DEFAULT_DELIVERY = "immediately"
    version = make_charter(world.program, state="draft", editor=world.user(CUSTOMER_PM))
    mail.outbox.clear()
    with after_commit():
        document_services.version_submit(acting_user=world.user(CUSTOMER_PM), version=version)
    expected = REVIEWERS - {CUSTOMER_PM}
    assert notified("version_in_review") == expected
    review_mail = [m for m in mail.outbox if "is in review" in m.subject]
    assert sorted(a for m in review_mail for a in m.to) == sorted(
        f"{u}@example.gov" for u in expected
    )
    assert "/charter/" in review_mail[0].body
    # A second delivery of the same event creates and sends nothing.
    event = AuditEvent.objects.get(action=AuditAction.SUBMIT)
    sent = len(mail.outbox)
    with after_commit():
        assert dispatch_event.delay(event.pk).get() == 0
    assert len(mail.outbox) == sent
    assert Notification.objects.filter(kind="version_in_review").count() == len(expected)


def test_preferences_at_once_in_the_digest_or_not_at_all(
    world: World, after_commit: Any, settings: Any
) -> None:
    settings.PMO_NOTIFICATION_DEFAULT_DELIVERY = "immediately"
    NotificationPreference.objects.create(
        user=world.user("provider.program_manager"),
        kind="version_in_review",
        delivery=NotificationDelivery.DIGEST,
    )
    NotificationPreference.objects.create(
        user=world.user("provider.pmo_lead"),
        kind="version_in_review",
        delivery=NotificationDelivery.OFF,
    )
    version = make_charter(world.program, state="draft", editor=world.user(CUSTOMER_PM))
    mail.outbox.clear()
    with after_commit():
        document_services.version_submit(acting_user=world.user(CUSTOMER_PM), version=version)
    held = Notification.objects.get(recipient=world.user("provider.program_manager"))
    assert held.delivery == NotificationDelivery.DIGEST and held.emailed_at is None
    assert "provider.pmo_lead" not in notified("version_in_review")
    addresses = emailed_to()
    assert "provider.program_manager@example.gov" not in addresses
    assert "provider.pmo_lead@example.gov" not in addresses
    assert "provider.pmo_team@example.gov" in addresses


def test_returned_to_draft_and_signatures_voided(world: World, after_commit: Any) -> None:
    version = make_charter(world.program, state="in_review", editor=world.user(CUSTOMER_PM))
    document_services.version_sign(
        acting_user=world.user("customer.executive_sponsor"), version=version
    )
    with after_commit():
        document_services.version_return_to_draft(
            acting_user=world.user(CUSTOMER_PM), version=version, reason="The budget changed."
        )
    assert notified("version_returned_to_draft") == REVIEWERS - {CUSTOMER_PM}
    # The signatories of both signing parties are asked to sign again.
    assert notified("signatures_voided") == {
        "customer.executive_sponsor",
        "customer.business_owner",
        "provider.executive_sponsor",
    }


def test_a_finding_raised_tells_the_answering_partys_managers(
    world: World, after_commit: Any
) -> None:
    from tests.ivv.conftest import file_finding

    with after_commit():
        finding = file_finding(world, answering_party="provider")
    assert notified("finding_raised") == {"provider.program_manager", "provider.pmo_lead"}
    note = Notification.objects.filter(kind="finding_raised").first()
    assert note is not None and note.link == finding.get_absolute_url()
    assert note.program == world.program


def test_change_requests_proposed_and_decided(world: World, after_commit: Any) -> None:
    from schedule.services.change_requests import change_request_decide, change_request_propose
    from tests.schedule.factories import make_schedule

    schedule = make_schedule(world.program, world.user("provider.program_manager"))
    with after_commit():
        change_request = change_request_propose(
            acting_user=world.user("customer.pmo_team"),
            schedule=schedule,
            title="Longer payroll configuration",
            description="Configuration takes 20 days instead of 15.",
            justification="Two more pay plans were found in Fit-Gap.",
            changes=[{"op": "update_task", "uid": 3, "duration_days": 20}],
        )
    managers = {
        f"{p}.{r}" for p in ("customer", "provider") for r in ("program_manager", "pmo_lead")
    }
    assert notified("change_request_proposed") == managers
    with after_commit():
        change_request_decide(
            acting_user=world.user(CUSTOMER_PM),
            change_request=change_request,
            decision="reject",
            comment="Not in this release.",
        )
    assert notified("change_request_decided") == (managers - {CUSTOMER_PM}) | {"customer.pmo_team"}
    title = Notification.objects.filter(kind="change_request_decided").first()
    assert title is not None and "rejected" in title.title


def test_a_corrective_action_request_tells_the_providers_managers(
    world: World, after_commit: Any
) -> None:
    from qasp.choices import CarStatus
    from tests.qasp.evaluation_factories import make_car

    with after_commit():
        car = make_car(world.program, 1, status=CarStatus.ISSUED, closed_on=None)
        audit_record(
            acting_user=world.user("customer.pmo_lead"),
            program=world.program,
            action=AuditAction.CREATE,
            target=car,
        )
    assert notified("car_raised") == {"provider.program_manager", "provider.pmo_lead"}


def test_a_released_report_tells_sponsors_and_managers(world: World, after_commit: Any) -> None:
    from reports.models import StatusReport

    report = StatusReport.objects.create(
        program=world.program,
        period_start=date(2026, 5, 1),
        period_end=date(2026, 5, 31),
        due_on=date(2026, 6, 5),
        schema_version=1,
        snapshot={"period": {"label": "May 2026"}},
        built_at=timezone.now(),
        status="released",
    )
    with after_commit():
        audit_record(
            acting_user=world.user(CUSTOMER_PM),
            program=world.program,
            action=AuditAction.TRANSITION,
            target=report,
            changes={"status": ["reviewed", "released"]},
        )
    assert notified("report_released") == {
        f"{p}.{r}"
        for p in ("customer", "provider")
        for r in ("executive_sponsor", "program_manager", "pmo_lead")
    } - {CUSTOMER_PM}
    assert "outsider" not in notified("report_released")


def _one_notification(world: World, after_commit: Any) -> Notification:
    from tests.ivv.conftest import file_finding

    with after_commit():
        file_finding(world, answering_party="provider")
    return Notification.objects.get(recipient=world.user("provider.program_manager"))


def test_the_bell_counts_unread_and_marks_read(world: World, after_commit: Any) -> None:
    note = _one_notification(world, after_commit)
    client = world.client("provider.program_manager")
    page = client.get(reverse("notifications:list")).content.decode()
    assert escape(note.title) in page
    nav = client.get(reverse("my_work:nav")).content.decode()
    assert 'Notifications <span class="usa-tag">1<span class="usa-sr-only"> unread</span>' in nav
    response = client.post(reverse("notifications:read", kwargs={"pk": note.pk}), {"open": "1"})
    assert response.status_code == 302 and response["Location"] == note.link
    note.refresh_from_db()
    assert note.read_at is not None
    nav = client.get(reverse("my_work:nav")).content.decode()
    assert '<span class="usa-sr-only"> unread</span>' not in nav
    assert AuditEvent.objects.filter(
        target_id=str(note.pk), action=AuditAction.UPDATE, changes__has_key="read"
    ).exists()


def test_mark_all_read(world: World, after_commit: Any) -> None:
    _one_notification(world, after_commit)
    client = world.client("provider.program_manager")
    client.post(reverse("notifications:read-all"))
    assert not Notification.objects.filter(
        read_at__isnull=True, recipient__username="provider.program_manager"
    ).exists()
    # The other manager's stays unread.
    assert Notification.objects.filter(
        read_at__isnull=True, recipient__username="provider.pmo_lead"
    ).exists()


@pytest.mark.parametrize("username", ["provider.pmo_lead", "outsider", "customer.program_manager"])
def test_another_persons_notification_is_not_found(
    world: World, after_commit: Any, username: str
) -> None:
    note = _one_notification(world, after_commit)
    client = world.client(username)
    response = client.post(reverse("notifications:read", kwargs={"pk": note.pk}))
    assert response.status_code == 404
    note.refresh_from_db()
    assert note.read_at is None
    page = client.get(reverse("notifications:list")).content.decode()
    assert reverse("notifications:read", kwargs={"pk": note.pk}) not in page


def test_the_pages_need_a_signed_in_user(client: Any, world: World) -> None:
    for url in (
        reverse("notifications:list"),
        reverse("accounts:notification-preferences"),
    ):
        response = client.get(url)
        assert response.status_code == 302 and reverse("login") in response["Location"]


def test_preferences_page_saves_and_audits(world: World) -> None:
    from programs.models import DigestPreference

    client = world.client("provider.program_manager")
    page = client.get(reverse("accounts:notification-preferences"))
    assert page.status_code == 200
    assert "An IV&amp;V finding is raised against my party" in page.content.decode()
    data = {"digest": "weekly", "kind_finding_raised": "immediately", "kind_car_raised": "off"}
    response = client.post(reverse("accounts:notification-preferences"), data)
    assert response.status_code == 302
    user = world.user("provider.program_manager")
    assert DigestPreference.objects.get(user=user).frequency == "weekly"
    assert dict(
        NotificationPreference.objects.filter(user=user).values_list("kind", "delivery")
    ) == {"finding_raised": "immediately", "car_raised": "off"}
    event = AuditEvent.objects.filter(actor=user, action=AuditAction.UPDATE).latest("pk")
    assert event.changes["digest"] == ["daily", "weekly"]


def test_preferences_refuse_an_unknown_choice_and_save_nothing(world: World) -> None:
    client = world.client("provider.program_manager")
    data = {"digest": "hourly", "kind_finding_raised": "digest"}
    response = client.post(reverse("accounts:notification-preferences"), data)
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not NotificationPreference.objects.exists()


def test_the_api_lists_and_marks_only_ones_own(world: World, after_commit: Any) -> None:
    note = _one_notification(world, after_commit)
    own = world.client("provider.program_manager")
    listed = own.get("/api/notifications/?unread=1").json()
    assert [n["id"] for n in listed["results"]] == [note.pk]
    assert listed["results"][0]["program"] == "alpha"
    assert own.get("/api/notifications/unread-count/").json() == {"unread": 1}
    other = world.client("provider.pmo_lead")
    assert note.pk not in [n["id"] for n in other.get("/api/notifications/").json()["results"]]
    assert other.post(f"/api/notifications/{note.pk}/read/").status_code == 404
    note.refresh_from_db()
    assert note.read_at is None
    response = own.post(f"/api/notifications/{note.pk}/read/")
    assert response.status_code == 200 and response.json()["read"] is True
    assert own.get("/api/notifications/unread-count/").json() == {"unread": 0}
    assert other.post("/api/notifications/read-all/").json() == {"marked": 1}


def test_the_bell_counts_a_new_notification_on_the_next_page(
    world: World, after_commit: Any
) -> None:
    client = world.client("provider.program_manager")
    nav = client.get(reverse("my_work:nav")).content.decode()
    assert '<span class="usa-sr-only"> unread</span>' not in nav  # none, and kept so
    _one_notification(world, after_commit)
    nav = client.get(reverse("my_work:nav")).content.decode()
    assert 'Notifications <span class="usa-tag">1<span class="usa-sr-only"> unread</span>' in nav
