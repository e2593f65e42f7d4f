"""The program workspace in a real browser, every page checked by axe-core: the program
list, the Play 3.1 board with its inline (htmx) editing, members, onboarding, the glossary and
the audit trail, as the people who use each of them."""

from __future__ import annotations

from typing import Any

from programs.models import (
    AuditEvent,
    GlossaryAcceptance,
    Membership,
    OnboardingItem,
    PlayActivity,
    person_name,
)
from programs.services import glossary as glossary_services

from ..conftest import World
from .conftest import assert_accessible, log_in


def test_the_board_is_edited_in_place(page: Any, world: World, password: str) -> None:
    log_in(page, "customer.program_manager", password)
    assert_accessible(page, "program-list")
    page.get_by_role("link", name="alpha").first.click()
    page.wait_for_url("**/programs/alpha/")
    assert page.get_by_role("heading", level=1).inner_text().startswith("Program Alpha")
    assert_accessible(page, "program-workspace")

    row = page.locator("#activity-manage_schedule")
    row.get_by_role("link", name="Edit activity 9").click()
    editing = page.locator("#activity-manage_schedule.portal-editing")
    editing.get_by_label("Status").select_option("in_progress")
    assert_accessible(page, "program-workspace-editing")
    editing.get_by_role("button", name="Save activity 9").click()
    page.locator("#activity-manage_schedule:not(.portal-editing)").wait_for()
    assert "in progress" in page.locator("#activity-manage_schedule").inner_text().lower()
    activity = PlayActivity.objects.get(program=world.program, key="manage_schedule")
    assert activity.status == "in_progress"
    event = AuditEvent.objects.filter(target_id=str(activity.pk)).latest("created_at")
    assert (event.actor_name, event.actor_party) == ("customer.program_manager", "customer")

    # The customer reads the provider's onboarding checklist but changes nothing of it.
    page.get_by_role("link", name="Onboarding", exact=True).click()
    page.wait_for_url("**/onboarding/")
    assert page.get_by_role("button", name="Mark done").count() == 0
    assert_accessible(page, "onboarding-customer")

    page.get_by_role("link", name="Members", exact=True).click()
    page.wait_for_url("**/members/")
    assert_accessible(page, "members")

    page.get_by_role("link", name="Audit", exact=True).click()
    page.wait_for_url("**/audit/")
    page.get_by_label("Party").select_option("customer")
    page.get_by_role("button", name="Filter").click()
    page.wait_for_url("**actor_party=customer**")
    assert "in_progress" in page.content()
    assert_accessible(page, "audit")


def test_the_provider_works_its_checklist_and_both_parties_agree_a_term(
    page: Any, world: World, password: str
) -> None:
    term = glossary_services.glossary_term_create(
        acting_user=world.user("customer.pmo_team"),
        program=world.program,
        term="Cutover",
        definition="The move from legacy systems to the provider's.",
    )
    glossary_services.glossary_term_accept(acting_user=world.user("customer.pmo_lead"), term=term)

    log_in(page, "provider.pmo_team", password)
    page.goto("/programs/alpha/onboarding/")
    first = OnboardingItem.objects.filter(program=world.program).order_by("position").first()
    assert first is not None
    page.get_by_role("button", name=f"Mark done “{first.title}”").click()
    page.get_by_role("button", name=f"Reopen “{first.title}”").wait_for()
    first.refresh_from_db()
    assert first.is_done
    assert_accessible(page, "onboarding-provider")

    page.goto("/programs/alpha/glossary/")
    page.get_by_role("button", name="Accept this wording of “Cutover”").click()
    page.get_by_text("Customer and provider accepted revision 1.").wait_for()
    assert set(
        GlossaryAcceptance.objects.filter(term=term, revision=term.revision).values_list(
            "party", flat=True
        )
    ) == {"customer", "provider"}
    assert_accessible(page, "glossary")


def test_the_sponsor_grants_signatory_authority_in_place(
    page: Any, world: World, password: str
) -> None:
    """Only the party's Executive Sponsor sees the signatory flag in the member form; the
    row then says who granted it and when."""
    viewer = Membership.objects.get(program=world.program, user=world.user("customer.viewer"))
    log_in(page, "customer.executive_sponsor", password)
    page.goto("/programs/alpha/members/")
    row = page.locator(f"#member-{viewer.pk}")
    row.get_by_role("link", name="Change").click()
    editing = page.locator(f"#member-{viewer.pk}.portal-editing")
    editing.get_by_label("Role").select_option("business_owner")
    # USWDS draws the box on the label and keeps the input off screen: tick it from the
    # keyboard, as a keyboard user does.
    editing.get_by_label("Signatory").focus()
    page.keyboard.press("Space")
    assert editing.get_by_label("Signatory").is_checked()
    assert_accessible(page, "members-granting")
    editing.get_by_role("button", name="Save").click()
    page.locator(f"#member-{viewer.pk}:not(.portal-editing)").wait_for()
    sponsor = world.user("customer.executive_sponsor")
    assert f"granted by {person_name(sponsor)}" in row.inner_text()
    assert_accessible(page, "members-granted")
    viewer.refresh_from_db()
    assert (viewer.role, viewer.is_signatory) == ("business_owner", True)

    # A PMO Lead's form offers no flag and no role above their own.
    log_in(page, "customer.pmo_lead", password)
    page.goto("/programs/alpha/members/")
    team = Membership.objects.get(program=world.program, user=world.user("customer.pmo_team"))
    page.locator(f"#member-{team.pk}").get_by_role("link", name="Change").click()
    editing = page.locator(f"#member-{team.pk}.portal-editing")
    options = editing.get_by_label("Role").locator("option").all_inner_texts()
    assert "Program Manager" not in options and "Executive Sponsor" not in options
    assert editing.get_by_label("Signatory").count() == 0


def test_an_override_of_the_charter_status_states_its_reason(
    page: Any, world: World, password: str
) -> None:
    log_in(page, "customer.program_manager", password)
    page.goto("/programs/alpha/")
    page.locator("#activity-update_program_charter").get_by_role(
        "link", name="Edit activity 2"
    ).click()
    editing = page.locator("#activity-update_program_charter.portal-editing")
    editing.get_by_label("Status").select_option("done")
    editing.get_by_role("button", name="Save activity 2").click()
    # Refused beside the reason field: the charter says not started.
    error = page.locator("#id_activity-2-reason_error")
    error.wait_for()
    assert "Say why activity 2 is “Done”" in error.inner_text()
    assert_accessible(page, "board-override-refused")

    page.locator("#activity-update_program_charter").get_by_label("Reason").fill(
        "Signed on paper at the kick-off; the scan follows."
    )
    page.locator("#activity-update_program_charter").get_by_role(
        "button", name="Save activity 2"
    ).click()
    page.locator("#activity-update_program_charter:not(.portal-editing)").wait_for()
    row = page.locator("#activity-update_program_charter").inner_text()
    assert "Override" in row and "Signed on paper at the kick-off" in row
    assert_accessible(page, "board-override")
    activity = PlayActivity.objects.get(program=world.program, key="update_program_charter")
    assert (activity.status, activity.overridden_by) == (
        "done",
        world.user("customer.program_manager"),
    )
