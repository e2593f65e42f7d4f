"""The IV&V plan (activity 5): the customer's document in IEEE 1012's sections with its
integrity levels seeded; both parties and the IV&V agent comment on a version in review; a
critical comment without a disposition blocks approval; the customer signs alone; activity 5
is done while a version made in the current phase is approved with every comment
dispositioned."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from ivv.plan import IVV_PLAN
from programs.choices import ActivityStatus, CommentType, Disposition, DocumentStatus
from programs.errors import DomainError
from programs.models import Document, PlayActivity
from programs.services import documents as document_services
from programs.services import reviews as review_services
from tests.conftest import World

from .conftest import plan_in_review

PM = "customer.program_manager"


def activity_5(world: World) -> str:
    return PlayActivity.objects.get(program=world.program, key="review_ivv_plan").status


def test_a_new_plan_starts_from_ieee_1012s_four_integrity_levels(world: World) -> None:
    document = document_services.document_create(
        acting_user=world.user(PM), program=world.program, kind=IVV_PLAN
    )
    assert document.owning_party == "customer"
    levels = document.versions.get().content["tables"]["integrity_levels"]
    assert [row["level"] for row in levels] == ["4", "3", "2", "1"]
    assert activity_5(world) == ActivityStatus.IN_PROGRESS


def test_the_provider_cannot_start_or_edit_the_customers_plan(world: World) -> None:
    with pytest.raises(PermissionDenied):
        document_services.document_create(
            acting_user=world.user("provider.program_manager"),
            program=world.program,
            kind=IVV_PLAN,
        )
    assert not Document.objects.filter(kind=IVV_PLAN).exists()
    version = plan_in_review(world)
    answer = world.client("provider.program_manager").get(
        f"/programs/alpha/ivv/plan/v{version.number}/edit/"
    )
    assert answer.status_code == 404


def test_a_critical_comment_blocks_approval_until_dispositioned_then_activity_5_is_done(
    world: World,
) -> None:
    version = plan_in_review(world)
    critical = review_services.comment_create(
        acting_user=world.user("independent.ivv_agent"),
        version=version,
        anchor="tables.activities",
        type=CommentType.CRITICAL,
        text="No V&V of the payroll parallel runs.",
    )
    review_services.comment_create(
        acting_user=world.user("provider.pmo_team"),
        version=version,
        anchor="sections.schedule",
        type=CommentType.EDITORIAL,
        text="Name the IMS milestones.",
    )
    with pytest.raises(DomainError) as refused:
        document_services.version_sign(
            acting_user=world.user("customer.executive_sponsor"), version=version
        )
    assert "C-001 (critical) has no disposition" in refused.value.message
    version.refresh_from_db()
    assert version.status == DocumentStatus.IN_REVIEW
    assert not version.signatures.exists()

    review_services.comment_disposition_set(
        acting_user=world.user(PM),
        comment=critical,
        disposition=Disposition.ACCEPTED_WITH_MODIFICATION,
        text="Parallel runs added to the test stage at integrity level 4.",
    )
    # The customer signs alone: the plan is the customer's.
    document_services.version_sign(
        acting_user=world.user("customer.executive_sponsor"), version=version
    )
    version.refresh_from_db()
    assert version.status == DocumentStatus.APPROVED
    # An editorial comment is still without a disposition: approved, but not every comment
    # is dispositioned, so activity 5 is not done yet.
    assert activity_5(world) == ActivityStatus.IN_PROGRESS
    assert not review_services.all_dispositioned(version)


def test_activity_5_is_done_when_every_comment_is_dispositioned(world: World) -> None:
    version = plan_in_review(world)
    comment = review_services.comment_create(
        acting_user=world.user("customer.pmo_team"),
        version=version,
        anchor="sections.purpose",
        type=CommentType.SUBSTANTIVE,
        text="Say which functions are in scope.",
    )
    review_services.comment_disposition_set(
        acting_user=world.user(PM), comment=comment, disposition=Disposition.ACCEPTED
    )
    document_services.version_sign(
        acting_user=world.user("customer.executive_sponsor"), version=version
    )
    assert activity_5(world) == ActivityStatus.DONE


def test_the_plans_pages_answer_members_and_hide_from_outsiders(world: World) -> None:
    version = plan_in_review(world)
    for path in ("", f"v{version.number}/", f"v{version.number}/export.pdf"):
        url = f"/programs/alpha/ivv/plan/{path}"
        assert world.client("independent.ivv_agent").get(url).status_code == 200
        assert world.client("outsider").get(url).status_code == 404
    page = world.client("independent.ivv_agent").get(f"/programs/alpha/ivv/plan/v{version.number}/")
    assert "Integrity levels" in page.content.decode()
