"""Sessions and attendance against the MOU's commitment: who was invited and attended, the
rate and the sessions committed so far, an SME flagged in words; refused input names the field
and changes nothing; every write is audited."""

from __future__ import annotations

import datetime as dt

import pytest

from programs.errors import DomainError
from programs.models import AuditEvent
from raci.models import Session, SessionAttendance
from raci.selectors.mou import SmeAttendance, sme_attendance
from raci.services import mou as mou_services

from ..conftest import World
from .mou_helpers import approved, make_mou, member

AS_OF = dt.date(2026, 3, 4)  # 59 days into the MOU's period: 1.9 months, 3 sessions committed


def record(world: World, day: dt.date, attended: bool, by: str = "provider.pmo_team") -> Session:
    sme = member(world, "customer.sme")
    return mou_services.session_create(
        acting_user=world.user(by),
        program=world.program,
        date=day,
        kind="fit_gap",
        topic="Payroll",
        invited=[sme, member(world, "provider.sme")],
        attended=[sme] if attended else [],
    )


def row_of(world: World, name: str, rows: list[SmeAttendance]) -> SmeAttendance:
    return next(r for r in rows if r.membership.user == world.user(name))


def test_an_sme_below_their_commitment_is_flagged_in_words(world: World) -> None:
    approved(world, make_mou(world))
    for day, came in ((10, True), (24, False)):
        record(world, dt.date(2026, 1, day), came)
    for day, came in ((7, True), (21, False)):
        record(world, dt.date(2026, 2, day), came)
    record(world, dt.date(2025, 12, 15), True)  # before the MOU's period: not counted
    record(world, dt.date(2026, 3, 20), True)  # not held yet

    row = row_of(world, "customer.sme", sme_attendance(world.program, as_of=AS_OF))
    assert (row.invited, row.attended, row.committed) == (4, 2, 3)
    assert row.rate == 0.5
    assert row.flagged
    assert row.flag_text == (
        "Below commitment: attended 2 of 4 invited sessions (50%); attended 2 of 3 committed so far"
    )
    assert row.hours_per_week == 6
    assert row.mou is not None and row.version is not None and row.version.number == 1


def test_without_an_mou_invited_sessions_count(world: World) -> None:
    for day in (10, 24):
        record(world, dt.date(2026, 1, day), True)
    row = row_of(world, "provider.sme", sme_attendance(world.program, as_of=AS_OF))
    assert (row.invited, row.attended, row.committed, row.mou) == (2, 0, 0, None)
    assert row.summary == "Attended 0 of 2 invited sessions (0%); no MOU"
    assert row.flag_text == "Below commitment: attended 0 of 2 invited sessions (0%)"
    customer = row_of(world, "customer.sme", sme_attendance(world.program, as_of=AS_OF))
    assert not customer.flagged  # 2 of 2, and no MOU commits them to more


def test_the_drafts_period_counts_until_one_is_approved(world: World) -> None:
    make_mou(world)
    for day in (10, 24):
        record(world, dt.date(2026, 1, day), True)
    row = row_of(world, "customer.sme", sme_attendance(world.program, as_of=AS_OF))
    assert (row.invited, row.attended, row.committed) == (2, 2, 3)
    assert row.flag_text == "Below commitment: attended 2 of 3 committed so far"


def test_the_minimum_is_a_setting(world: World, settings: object) -> None:
    for day, came in ((10, True), (24, True), (31, False)):
        record(world, dt.date(2026, 1, day), came)
    assert row_of(world, "customer.sme", sme_attendance(world.program, as_of=AS_OF)).flagged
    settings.PMO_SME_ATTENDANCE_MIN = 0.6  # type: ignore[attr-defined]
    assert not row_of(world, "customer.sme", sme_attendance(world.program, as_of=AS_OF)).flagged


def test_attendance_reads_in_a_fixed_number_of_queries(
    world: World, django_assert_max_num_queries: object
) -> None:
    approved(world, make_mou(world))
    for day in range(1, 25):
        record(world, dt.date(2026, 1, day), day % 2 == 0)
    # The SMEs, their MOUs with versions, signatures and named signers, and the attendance.
    with django_assert_max_num_queries(8):  # type: ignore[operator]
        sme_attendance(world.program, as_of=AS_OF)


def test_a_session_and_its_attendance_are_changed_and_audited(world: World) -> None:
    session = record(world, dt.date(2026, 1, 10), False)
    created = AuditEvent.objects.get(
        target_id=str(session.pk), target_type__model="session", action="create"
    )
    assert created.actor_party == "provider"
    assert "attendance" in created.changes
    mou_services.session_update(
        acting_user=world.user("customer.pmo_lead"),
        session=session,
        date=dt.date(2026, 1, 11),
        kind="design_workshop",
        topic="Payroll design",
        invited=[member(world, "customer.sme")],
        attended=[member(world, "customer.sme")],
    )
    update = AuditEvent.objects.get(
        target_id=str(session.pk), target_type__model="session", action="update"
    )
    assert update.actor_party == "customer"
    assert set(update.changes) == {"date", "kind", "topic", "attendance"}
    rows = list(SessionAttendance.objects.filter(session=session))
    assert [(r.membership.user.username, r.attended) for r in rows] == [("customer.sme", True)]
    pk = session.pk
    mou_services.session_delete(acting_user=world.user("customer.pmo_team"), session=session)
    assert not Session.objects.exists() and not SessionAttendance.objects.exists()
    assert AuditEvent.objects.filter(target_id=str(pk), action="delete").exists()


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"invited": ["customer.pmo_team"]}, "invited"),
        ({"invited": ["outsider"]}, "invited"),
        ({"invited": [], "attended": ["customer.sme"]}, "attended"),
        ({"date": dt.date(2015, 1, 1)}, "date"),
        ({"topic": "x" * 201}, "topic"),
        ({"topic": "  "}, "topic"),
        ({"kind": "party"}, "kind"),
    ],
)
def test_bad_input_names_the_field_and_changes_nothing(
    world: World, values: dict[str, object], field: str
) -> None:
    from programs.models import Membership

    def members(names: object) -> list[Membership]:
        return [Membership.objects.get(user__username=n) for n in names]  # type: ignore[attr-defined]

    args: dict[str, object] = {
        "date": dt.date(2026, 1, 10),
        "kind": "fit_gap",
        "topic": "Payroll",
        "invited": ["customer.sme"],
        "attended": [],
    }
    args |= values
    args["invited"] = members(args["invited"])
    args["attended"] = members(args["attended"])
    events = AuditEvent.objects.count()
    with pytest.raises(DomainError) as refused:
        mou_services.session_create(
            acting_user=world.user("customer.pmo_team"),
            program=world.program,
            **args,  # type: ignore[arg-type]
        )
    assert refused.value.field == field
    assert not Session.objects.exists()
    assert AuditEvent.objects.count() == events
