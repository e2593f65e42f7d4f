"""``manage.py seed_demo``: the demo the README's tour relies on, and seeding it again
changes nothing."""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.db import models, transaction
from django.test import override_settings
from guardian.models import UserObjectPermission

from charter.definition import CHARTER
from ivv.models import Finding, FindingHistory
from pmp.models import (
    ControlAccount,
    EarnedValueSettings,
    ExpenditureHours,
    ExpenditureLine,
    ExpenditureReport,
    FundingDocument,
    FundingModification,
    StatusPeriod,
    VarianceExplanation,
    VarianceExplanationHistory,
)
from programs import demo, policy
from programs.choices import ActivityStatus, DocumentStatus, M3Phase, Party, Role, VersionReason
from programs.models import (
    Attachment,
    AuditEvent,
    Document,
    DocumentVersion,
    GlossaryAcceptance,
    GlossaryTerm,
    Membership,
    NamedSigner,
    OnboardingItem,
    Organisation,
    PlayActivity,
    Program,
    ReviewComment,
    Signature,
)
from programs.services import documents as document_services
from raci.models import RaciCell, RaciColumn, RaciMatrix, RaciRow, Session, SessionAttendance

pytestmark = pytest.mark.django_db

# What the suite's autouse fixture sets per test, for the module-wide seeding too.
FAST_HASHER = ["django.contrib.auth.hashers.MD5PasswordHasher"]

SEEDED_MODELS: list[type[models.Model]] = [
    User,
    Organisation,
    Program,
    Membership,
    UserObjectPermission,
    PlayActivity,
    OnboardingItem,
    GlossaryTerm,
    GlossaryAcceptance,
    Document,
    DocumentVersion,
    NamedSigner,
    Signature,
    AuditEvent,
    RaciMatrix,
    RaciRow,
    RaciColumn,
    RaciCell,
    Session,
    SessionAttendance,
    ReviewComment,
    Finding,
    FindingHistory,
    Attachment,
    FundingDocument,
    FundingModification,
    EarnedValueSettings,
    ControlAccount,
    ExpenditureReport,
    ExpenditureLine,
    ExpenditureHours,
    StatusPeriod,
    VarianceExplanation,
    VarianceExplanationHistory,
]

# username: (program, party, role, signatory)
EXPECTED_MEMBERS = {
    "cust.sponsor": (demo.HR, Party.CUSTOMER, Role.EXECUTIVE_SPONSOR, True),
    "cust.owner": (demo.HR, Party.CUSTOMER, Role.BUSINESS_OWNER, True),
    "cust.pm": (demo.HR, Party.CUSTOMER, Role.PROGRAM_MANAGER, False),
    "cust.pmolead": (demo.HR, Party.CUSTOMER, Role.PMO_LEAD, False),
    "cust.team": (demo.HR, Party.CUSTOMER, Role.PMO_TEAM, False),
    "cust.sme": (demo.HR, Party.CUSTOMER, Role.SME, False),
    "cust.sme2": (demo.HR, Party.CUSTOMER, Role.SME, False),
    "prov.sponsor": (demo.HR, Party.PROVIDER, Role.EXECUTIVE_SPONSOR, True),
    "prov.pm": (demo.HR, Party.PROVIDER, Role.PROGRAM_MANAGER, False),
    "prov.pmolead": (demo.HR, Party.PROVIDER, Role.PMO_LEAD, False),
    "prov.team": (demo.HR, Party.PROVIDER, Role.PMO_TEAM, False),
    "ivv.agent": (demo.HR, Party.INDEPENDENT, Role.IVV_AGENT, False),
    "outsider": (demo.FM, Party.CUSTOMER, Role.PROGRAM_MANAGER, False),
}


def seed_demo() -> str:
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def database_state() -> dict[str, list[dict[str, Any]]]:
    """Every row the demo writes, with every column, to compare two runs exactly."""
    return {
        model._meta.label: list(model._default_manager.order_by("pk").values())
        for model in SEEDED_MODELS
    }


@pytest.fixture(scope="module")
def seeded_once(django_db_setup: None, django_db_blocker: Any) -> Iterator[str]:
    """The demo, seeded once for the module inside a transaction rolled back at its end;
    each test still runs in its own savepoint, so changes stay within the test."""
    with (
        django_db_blocker.unblock(),
        override_settings(PASSWORD_HASHERS=FAST_HASHER),
        transaction.atomic(),
    ):
        yield seed_demo()
        transaction.set_rollback(True)


@pytest.fixture
def seeded(seeded_once: str, db: None) -> str:
    return seeded_once


def charter_of(code: str) -> Document:
    return Document.objects.get(program__code=code, kind=CHARTER)


def test_seeding_again_changes_nothing(seeded: str) -> None:
    before = database_state()

    seed_demo()

    after = database_state()
    assert {k: len(v) for k, v in after.items()} == {k: len(v) for k, v in before.items()}
    assert after == before


def test_prints_every_login_with_the_password(seeded: str) -> None:
    assert demo.DEMO_PASSWORD in seeded
    for user in demo.demo_logins():
        assert user.username in seeded


def test_demo_users_log_in_with_the_demo_password(seeded: str) -> None:
    for spec in demo.demo_logins():
        user = User.objects.get(username=spec.username)
        assert user.check_password(demo.DEMO_PASSWORD), spec.username
        assert user.first_name and user.last_name and user.email


def test_users_hold_their_party_role_and_signatory_flag(seeded: str) -> None:
    for username, (code, party, role, signatory) in EXPECTED_MEMBERS.items():
        membership = Membership.objects.get(user__username=username, program__code=code)
        assert (membership.party, membership.role, membership.is_signatory) == (
            party,
            role,
            signatory,
        ), username
    admin = User.objects.get(username=demo.ADMIN_USERNAME)
    assert admin.is_superuser and admin.is_staff


def test_programs_are_in_phase_3_with_a_description(seeded: str) -> None:
    for program in Program.objects.filter(code__in=[demo.HR, demo.FM]):
        assert program.phase == M3Phase.ENGAGEMENT
        assert program.description
        assert program.start_date < program.status_date < program.planned_end_date


def test_first_charter_has_approved_v1_and_a_timeline_draft_v2(seeded: str) -> None:
    versions = {v.number: v for v in charter_of(demo.HR).versions.all()}
    assert sorted(versions) == [1, 2]

    first = versions[1]
    assert first.status == DocumentStatus.APPROVED
    signed_by = {s.signer.get_username(): s.party for s in first.signatures.filter(voided_at=None)}
    assert signed_by == {"cust.sponsor": Party.CUSTOMER, "prov.sponsor": Party.PROVIDER}
    submitted = AuditEvent.objects.get(
        target_type__model="documentversion", target_id=str(first.pk), action="submit"
    )
    assert submitted.actor_name == "cust.pm"
    assert 4 <= len(first.content["tables"]["milestones"]) <= 6
    assert all(first.content["sections"].values())
    assert first.content["fields"]["budget"] and first.content["fields"]["funding_source"]

    second = versions[2]
    assert second.status == DocumentStatus.DRAFT
    assert second.reason == VersionReason.TIMELINE_CHANGE
    assert second.reason_text
    old = {m["name"]: m["planned_date"] for m in first.content["tables"]["milestones"]}
    new = {m["name"]: m["planned_date"] for m in second.content["tables"]["milestones"]}
    assert any(new[name] > old[name] for name in old), "v2 slips a milestone"


def test_charter_v1_dates_from_phase_2_so_activity_2_waits_for_v2(seeded: str) -> None:
    versions = {v.number: v for v in charter_of(demo.HR).versions.all()}
    assert (versions[1].phase, versions[2].phase) == (M3Phase.SELECTION, M3Phase.ENGAGEMENT)
    activity = PlayActivity.objects.get(program__code=demo.HR, key="update_program_charter")
    statuses = list(
        AuditEvent.objects.filter(
            target_type__model="playactivity", target_id=str(activity.pk), changes__has_key="status"
        )
        .order_by("pk")
        .values_list("changes__status", flat=True)
    )
    # Drafted, approved in Phase 2, back in progress when the program entered Phase 3.
    assert statuses == [
        [ActivityStatus.NOT_STARTED, ActivityStatus.IN_PROGRESS],
        [ActivityStatus.IN_PROGRESS, ActivityStatus.DONE],
        [ActivityStatus.DONE, ActivityStatus.IN_PROGRESS],
    ]
    assert activity.status == ActivityStatus.IN_PROGRESS and not activity.is_overridden
    assert activity.evidence == charter_of(demo.HR)


def test_board_statuses_follow_artifacts_or_say_why_a_person_set_them(seeded: str) -> None:
    board = {a.key: a for a in PlayActivity.objects.filter(program__code=demo.HR)}
    # Activity 7 follows the QASP, which the customer's sponsor approved.
    qasp = board["develop_qasp"]
    assert qasp.status == ActivityStatus.DONE and not qasp.is_overridden
    # No change request yet: the provider's PM says why schedule management is under way.
    managed = board["manage_schedule"]
    assert managed.status == ActivityStatus.IN_PROGRESS and "weekly" in managed.status_reason
    # Activity 8 follows the schedule, whose baseline both sponsors agreed.
    ims = board["agree_ims"]
    assert ims.status == ActivityStatus.DONE and not ims.is_overridden
    # Activity 1 follows the partly done onboarding checklist.
    onboarding = board["onboard_provider_pmo"]
    assert onboarding.status == ActivityStatus.IN_PROGRESS and not onboarding.is_overridden


def test_second_program_has_its_own_draft_charter(seeded: str) -> None:
    (version,) = charter_of(demo.FM).versions.all()
    assert version.status == DocumentStatus.DRAFT
    assert Membership.objects.filter(program__code=demo.FM).count() >= 3


def test_outsider_sees_only_the_second_program(seeded: str) -> None:
    outsider = User.objects.get(username="outsider")
    visible = policy.restrict(Program.objects.all(), outsider, "view")
    assert list(visible.values_list("code", flat=True)) == [demo.FM]
    hr_charter = charter_of(demo.HR)
    assert not policy.restrict(Document.objects.filter(pk=hr_charter.pk), outsider, "view")


def test_onboarding_is_partly_done(seeded: str) -> None:
    items = OnboardingItem.objects.filter(program__code=demo.HR)
    done = items.exclude(done_date=None).count()
    assert 0 < done < items.count()


def test_glossary_has_terms_agreed_by_both_parties_and_by_one(seeded: str) -> None:
    terms = GlossaryTerm.objects.filter(program__code=demo.HR)
    assert 6 <= terms.count() <= 8
    parties = {
        t.term: set(
            GlossaryAcceptance.objects.filter(term=t, revision=t.revision).values_list(
                "party", flat=True
            )
        )
        for t in terms
    }
    assert {Party.CUSTOMER, Party.PROVIDER} in parties.values()
    assert any(len(p) == 1 for p in parties.values())


def test_board_has_statuses_and_assignees(seeded: str) -> None:
    board = PlayActivity.objects.filter(program__code=demo.HR)
    # Every activity but 9 follows its artifact, some done and others in progress; none is
    # blocked now that the QASP is approved.
    assert set(board.values_list("status", flat=True)) == {
        ActivityStatus.DONE,
        ActivityStatus.IN_PROGRESS,
    }
    assert board.exclude(assignee=None).count() >= 5


def test_a_program_changed_during_a_tour_is_not_reverted(seeded: str) -> None:
    item = OnboardingItem.objects.filter(program__code=demo.HR).exclude(done_date=None).first()
    assert item is not None
    OnboardingItem.objects.filter(pk=item.pk).update(done_date=None)

    seed_demo()

    item.refresh_from_db()
    assert item.done_date is None


def test_the_readme_tour_submits_and_signs_v2(seeded: str) -> None:
    def user(name: str) -> User:
        return User.objects.get(username=name)

    def activity_2() -> PlayActivity:
        return PlayActivity.objects.get(program__code=demo.HR, key="update_program_charter")

    assert activity_2().status == ActivityStatus.IN_PROGRESS
    second = charter_of(demo.HR).versions.get(number=2)
    document_services.version_submit(acting_user=user("cust.pm"), version=second)
    document_services.version_sign(acting_user=user("cust.sponsor"), version=second)
    assert activity_2().status == ActivityStatus.IN_PROGRESS
    document_services.version_sign(acting_user=user("prov.sponsor"), version=second)

    statuses = dict(charter_of(demo.HR).versions.values_list("number", "status"))
    assert statuses == {1: DocumentStatus.SUPERSEDED, 2: DocumentStatus.APPROVED}
    assert activity_2().status == ActivityStatus.DONE


def test_responsibilities_show_a_newcomer_the_rules_and_the_sign_off(seeded: str) -> None:
    """drc-hr: role agreement v1 approved (activity 3 done); a RACI of about 25 rows by 9
    roles with one rule error and one warning; a Resource Management Plan draft (activity 4
    in progress); two SME MOUs, one signed by its three signers and one awaiting the SME;
    six Fit-Gap sessions, one SME below their commitment."""
    from raci import selectors as raci_selectors
    from raci.definitions import RESOURCE_PLAN, ROLE_AGREEMENT
    from raci.mou import SME_MOU
    from raci.selectors.mou import sme_attendance

    program = Program.objects.get(code=demo.HR)
    agreement = DocumentVersion.objects.get(
        document__program=program, document__kind=ROLE_AGREEMENT
    )
    assert agreement.status == DocumentStatus.APPROVED
    board = {a.key: a.status for a in PlayActivity.objects.filter(program=program)}
    assert board["agree_pmo_role"] == ActivityStatus.DONE
    assert board["document_raci"] == ActivityStatus.IN_PROGRESS

    assert 24 <= RaciRow.objects.filter(matrix__program=program).count() <= 26
    assert RaciColumn.objects.filter(matrix__program=program).count() == 9
    results = raci_selectors.rule_results(program)
    assert [v.marker for v in results.errors] == ["Error: no A"]
    assert len(results.warnings) == 1

    plan = DocumentVersion.objects.get(document__program=program, document__kind=RESOURCE_PLAN)
    assert plan.status == DocumentStatus.DRAFT

    mous = {
        d.subject.user.username: d.versions.get()
        for d in Document.objects.filter(program=program, kind=SME_MOU)
        if d.subject is not None
    }
    assert mous["cust.sme2"].status == DocumentStatus.APPROVED
    assert mous["cust.sme"].status == DocumentStatus.IN_REVIEW
    signers = set(
        mous["cust.sme"]
        .signatures.filter(voided_at__isnull=True)
        .values_list("signer__username", flat=True)
    )
    assert signers == {"cust.sponsor", "prov.pm"}  # awaiting the SME

    assert Session.objects.filter(program=program).count() == 6
    flagged = [a.membership.user.username for a in sme_attendance(program) if a.flagged]
    assert flagged == ["cust.sme"]


def test_ivv_shows_a_plan_under_review_and_findings_in_every_state(seeded: str) -> None:
    """drc-hr: the IV&V plan v1 approved, v2 in review with comments of both parties and the
    IV&V agent in several dispositions, one critical without one; fifteen findings across
    every state, two overdue."""
    from ivv import selectors as ivv_selectors
    from ivv.choices import FindingStatus
    from ivv.plan import IVV_PLAN
    from programs.services.reviews import approval_blockers

    program = Program.objects.get(code=demo.HR)
    versions = {
        v.number: v
        for v in DocumentVersion.objects.filter(document__program=program, document__kind=IVV_PLAN)
    }
    assert versions[1].status == DocumentStatus.APPROVED
    assert versions[2].status == DocumentStatus.IN_REVIEW
    comments = ReviewComment.objects.filter(version=versions[2])
    assert {c.author_party for c in comments} == {"customer", "provider", "independent"}
    assert len({c.disposition for c in comments}) >= 4  # several dispositions and none
    assert approval_blockers(versions[2]) == ["C-001 (critical) has no disposition"]
    board = {a.key: a.status for a in PlayActivity.objects.filter(program=program)}
    assert board["review_ivv_plan"] == ActivityStatus.IN_PROGRESS

    findings = Finding.objects.filter(program=program)
    assert findings.count() == 15
    assert set(findings.values_list("status", flat=True)) == set(FindingStatus.values)
    assert ivv_selectors.board_note(program).endswith(", 2 overdue")
