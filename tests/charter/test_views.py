"""The Program Charter pages as people use them: start, edit, submit, sign, new versions,
compare, and every refusal leaving the charter as it was."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from programs.choices import ActivityStatus, DocumentStatus
from programs.models import AuditEvent, Document, DocumentVersion, Program
from programs.services.documents import version_sha256

from ..conftest import World
from ..factories import charter_content
from .conftest import EDITOR, READ_ONLY, SPONSORS, form_data, snapshot, url


def _hidden(html: str, name: str) -> str:
    match = re.search(rf'name="{name}" value="([^"]*)"', html) or re.search(
        rf'value="([^"]*)" name="{name}"', html
    )
    assert match, f"no hidden {name} on the page"
    return match.group(1)


def _error_beside(html: str, field_id: str) -> str:
    match = re.search(
        rf'<span class="usa-error-message" id="{field_id}_error">([^<]*)</span>', html
    )
    assert match, f"no error message beside {field_id}"
    return match.group(1)


def _assert_in_program_layout(html: str, program: Program, *trail: str) -> None:
    """The program's side navigation is there with Charter, and only Charter, current; the
    breadcrumbs read Programs > program > Program Charter > ``trail``."""
    nav = re.search(r'<ul class="usa-sidenav">(.*?)</ul>', html, re.S)
    assert nav, "no program side navigation on the page"
    current = re.findall(r'<a href="([^"]*)"[^>]*aria-current="page"[^>]*>([^<]*)</a>', nav[1])
    assert current == [(url("charter"), "Charter")]
    crumbs = re.search(r'<nav class="usa-breadcrumb"(.*?)</nav>', html, re.S)
    assert crumbs, "no breadcrumbs on the page"
    labels = re.findall(r"<span>([^<]*)</span>", crumbs[1])
    assert labels == ["Programs", f"{program.code}: {program.name}", "Program Charter", *trail]


# -- the whole life of a charter ---------------------------------------------------------------


def test_charter_from_start_to_a_compared_second_version(world: World) -> None:
    editor = world.client(EDITOR)

    home = editor.get(url("charter"))
    assert home.status_code == 200
    assert "Start the charter" in home.content.decode()

    started = editor.post(url("start"))
    assert started.status_code == 302
    assert started["Location"] == url("edit", 1)
    version = DocumentVersion.objects.get(document__program=world.program)

    edit = editor.get(url("edit", 1))
    assert edit.status_code == 200
    assert _hidden(edit.content.decode(), "base_revision") == str(version.revision)

    content = charter_content(scope_in="Core HR and payroll services.")
    saved = editor.post(url("edit", 1), form_data(content, base_revision=version.revision))
    assert saved.status_code == 302, saved.content.decode()
    version.refresh_from_db()
    assert version.content["sections"]["scope_in"] == "Core HR and payroll services."
    assert version.content["tables"]["milestones"] == content["tables"]["milestones"]

    submitted = editor.post(url("submit", 1))
    assert submitted.status_code == 302
    version.refresh_from_db()
    assert version.status == DocumentStatus.IN_REVIEW

    for name, party in zip(SPONSORS, ("Customer", "Provider"), strict=True):
        sponsor = world.client(name)
        page = sponsor.get(url("version", 1)).content.decode()
        assert f"Sign version 1 for the {party}" in page
        signed = sponsor.post(url("sign", 1), {"content_sha256": _hidden(page, "content_sha256")})
        assert signed.status_code == 302, signed.content.decode()

    version.refresh_from_db()
    assert version.status == DocumentStatus.APPROVED
    activity = world.program.activities.get(key="update_program_charter")
    assert activity.status == ActivityStatus.DONE
    page = editor.get(url("version", 1)).content.decode()
    assert "Awaiting signature" not in page
    assert version_sha256(version) in page
    assert "Edit version 1" not in page

    # A new version needs a reason: an empty one is refused beside the field.
    refused = editor.post(url("new-version"), {"reason": "scope_change", "reason_text": "  "})
    assert refused.status_code == 400
    assert (
        _error_beside(refused.content.decode(), "id_reason_text")
        == "Describe the reason for the new version."
    )
    assert version.document.versions.count() == 1

    created = editor.post(
        url("new-version"),
        {"reason": "scope_change", "reason_text": "Time and attendance joins the scope."},
    )
    assert created.status_code == 302
    second = version.document.versions.get(number=2)
    assert second.reason == "scope_change"
    home_html = editor.get(url("charter")).content.decode()
    assert "Time and attendance joins the scope." in home_html
    assert "Start a new version</button>" not in home_html

    changed = charter_content(scope_in="Core HR, payroll and time and attendance services.")
    assert (
        editor.post(url("edit", 2), form_data(changed, base_revision=second.revision)).status_code
        == 302
    )

    compared = editor.get(url("compare"), {"a": 1, "b": 2})
    assert compared.status_code == 200
    html = compared.content.decode()
    assert re.search(r"Scope: in <span[^>]*>changed</span>", html)
    assert any("time and attendance" in added for added in re.findall(r"<ins>(.*?)</ins>", html))
    assert "<summary>Purpose and vision: unchanged</summary>" in html


def test_new_version_needs_a_reason_from_the_list(
    world: World, approved_charter: DocumentVersion
) -> None:
    response = world.client(EDITOR).post(url("new-version"), {"reason": "", "reason_text": "x"})
    assert response.status_code == 400
    assert _error_beside(response.content.decode(), "id_reason") == (
        "Choose a reason: scope change, timeline change or other."
    )


def test_no_second_open_version(world: World, draft_charter: DocumentVersion) -> None:
    client = world.client(EDITOR)
    home = client.get(url("charter")).content.decode()
    assert "Start a new version</button>" not in home
    before = snapshot(draft_charter)
    response = client.post(url("new-version"), {"reason": "other", "reason_text": "Again."})
    assert response.status_code == 400
    assert "finish it before starting another" in response.content.decode()
    assert snapshot(draft_charter) == before


# -- editing ------------------------------------------------------------------------------------


def test_stale_save_keeps_the_text_and_says_who_changed_what(
    world: World, draft_charter: DocumentVersion
) -> None:
    opened_at = draft_charter.revision
    first, second = world.client(EDITOR), world.client("provider.pmo_lead")

    theirs = charter_content(scope_in="Payroll only, agreed at the board.")
    assert first.post(url("edit", 1), form_data(theirs, opened_at)).status_code == 302
    draft_charter.refresh_from_db()
    stored = draft_charter.revision

    mine = charter_content(scope_in="Payroll and benefits, as the provider proposes.")
    response = second.post(url("edit", 1), form_data(mine, opened_at))
    assert response.status_code == 409
    html = response.content.decode()
    assert "Someone else saved this version meanwhile" in html
    assert "Payroll and benefits, as the provider proposes." in html  # the editor's own text
    assert re.search(r"<strong>customer\.program_manager</strong> \(Customer\)", html)
    assert "changed Scope: in" in html
    assert "<h3>Scope: in</h3>" in html and "<del>" in html and "<ins>" in html
    assert _hidden(html, "base_revision") == str(stored)
    draft_charter.refresh_from_db()
    assert draft_charter.content["sections"]["scope_in"] == "Payroll only, agreed at the board."
    assert draft_charter.revision == stored

    merged = charter_content(scope_in="Payroll and benefits, agreed at the board.")
    assert second.post(url("edit", 1), form_data(merged, stored)).status_code == 302
    draft_charter.refresh_from_db()
    assert (
        draft_charter.content["sections"]["scope_in"]
        == "Payroll and benefits, agreed at the board."
    )


def test_bad_milestone_date_is_shown_beside_its_row(
    world: World, draft_charter: DocumentVersion
) -> None:
    before = snapshot(draft_charter)
    content = charter_content(purpose="Changed, but never saved.")
    content["tables"]["milestones"][1]["planned_date"] = "2027-13-45"
    response = world.client(EDITOR).post(url("edit", 1), form_data(content, draft_charter.revision))
    assert response.status_code == 400
    html = response.content.decode()
    assert _error_beside(html, "id_milestones-2-planned_date") == (
        "Milestones, row 2, Planned date: “2027-13-45” is not a date (use YYYY-MM-DD)."
    )
    assert "Changed, but never saved." in html
    assert snapshot(draft_charter) == before


def test_cleared_row_removes_a_milestone(world: World, draft_charter: DocumentVersion) -> None:
    data = form_data(draft_charter.content, draft_charter.revision)
    data["milestones-1-name"] = data["milestones-1-planned_date"] = ""
    data["milestones-3-name"], data["milestones-3-planned_date"] = "Cut-over", "2027-03-01"
    assert world.client(EDITOR).post(url("edit", 1), data).status_code == 302
    draft_charter.refresh_from_db()
    assert [m["name"] for m in draft_charter.content["tables"]["milestones"]] == [
        "Go-live of core HR services",
        "Cut-over",
    ]


def test_saving_a_version_in_review_warns_and_voids_its_signatures(
    world: World, charter_in_review
) -> None:
    sponsor = world.client(SPONSORS[0])
    sponsor.post(url("sign", 1), {"content_sha256": version_sha256(charter_in_review)})
    editor = world.client(EDITOR)
    page = editor.get(url("edit", 1)).content.decode()
    assert "saving a change voids the signatures" in page
    charter_in_review.refresh_from_db()
    content = dict(charter_in_review.content)
    content["sections"] = {**content["sections"], "risks": "A new risk, found late."}
    assert (
        editor.post(url("edit", 1), form_data(content, charter_in_review.revision)).status_code
        == 302
    )
    page = editor.get(url("version", 1)).content.decode()
    assert "Voided signatures" in page
    assert "Content changed in revision" in page
    assert page.count("Awaiting signature") == 2


def test_approved_version_cannot_be_edited(world: World, approved_charter: DocumentVersion) -> None:
    client = world.client(EDITOR)
    page = client.get(url("edit", 1))
    assert page.status_code == 409
    html = page.content.decode()
    assert "Version 1 is approved and can never change." in html
    assert "Save version 1" not in html and 'name="base_revision"' not in html

    before = snapshot(approved_charter)
    posted = client.post(url("edit", 1), form_data(charter_content(purpose="New."), 99))
    assert posted.status_code == 409
    assert "can never change" in posted.content.decode()
    assert snapshot(approved_charter) == before


# -- review and signing ------------------------------------------------------------------------


def test_submit_with_an_empty_required_section_names_the_rule(
    world: World, draft_charter: DocumentVersion
) -> None:
    client = world.client(EDITOR)
    content = charter_content()
    content["sections"]["scope_out"] = ""
    client.post(url("edit", 1), form_data(content, draft_charter.revision))
    before = snapshot(draft_charter)
    response = client.post(url("submit", 1))
    assert response.status_code == 400
    html = response.content.decode()
    assert 'role="alert"' in html
    assert (
        "The section “Scope: out” is required before the Program Charter goes into review." in html
    )
    assert snapshot(draft_charter) == before


def test_return_to_draft_voids_signatures(world: World, charter_in_review: DocumentVersion) -> None:
    world.client(SPONSORS[1]).post(
        url("sign", 1), {"content_sha256": version_sha256(charter_in_review)}
    )
    client = world.client(EDITOR)
    # A signed version asks first: what it voids, and why.
    confirm = client.get(url("return-to-draft", 1))
    assert confirm.status_code == 200
    page = confirm.content.decode()
    assert "These signatures will be voided" in page
    assert 'name="reason"' in page
    without_reason = client.post(url("return-to-draft", 1), {"reason": ""})
    assert without_reason.status_code == 400
    charter_in_review.refresh_from_db()
    assert charter_in_review.status == DocumentStatus.IN_REVIEW
    response = client.post(url("return-to-draft", 1), {"reason": "The budget figure is wrong."})
    assert response.status_code == 302
    charter_in_review.refresh_from_db()
    assert charter_in_review.status == DocumentStatus.DRAFT
    html = client.get(url("version", 1)).content.decode()
    assert "Voided signatures" in html
    assert "Returned to draft: The budget figure is wrong." in html
    assert "The program's current members" in html  # live stakeholders again


def test_a_version_without_signatures_returns_at_once(
    world: World, charter_in_review: DocumentVersion
) -> None:
    client = world.client("customer.pmo_team")
    assert client.post(url("return-to-draft", 1)).status_code == 302
    charter_in_review.refresh_from_db()
    assert charter_in_review.status == DocumentStatus.DRAFT


def test_a_pmo_team_member_cannot_void_a_sponsors_signature(
    world: World, charter_in_review: DocumentVersion
) -> None:
    world.client(SPONSORS[0]).post(
        url("sign", 1), {"content_sha256": version_sha256(charter_in_review)}
    )
    client = world.client("customer.pmo_team")
    page = client.get(url("version", 1)).content.decode()
    assert "Return to draft" not in page
    before = snapshot(charter_in_review)
    response = client.post(url("return-to-draft", 1), {"reason": "Oops."})
    assert response.status_code == 403
    assert snapshot(charter_in_review) == before
    assert charter_in_review.signatures.filter(voided_at__isnull=True).count() == 1


def test_signing_twice_is_refused(world: World, charter_in_review: DocumentVersion) -> None:
    sponsor = world.client(SPONSORS[0])
    sha = version_sha256(charter_in_review)
    assert sponsor.post(url("sign", 1), {"content_sha256": sha}).status_code == 302
    page = sponsor.get(url("version", 1)).content.decode()
    assert "Sign version 1" not in page
    before = snapshot(charter_in_review)
    again = sponsor.post(url("sign", 1), {"content_sha256": sha})
    assert again.status_code == 400
    assert "You have already signed this version." in again.content.decode()
    assert snapshot(charter_in_review) == before


@pytest.mark.parametrize("name", ["customer.pmo_team", "customer.viewer", "independent.ivv_agent"])
def test_a_non_signatory_cannot_sign(
    world: World, charter_in_review: DocumentVersion, name: str
) -> None:
    client = world.client(name)
    assert "Sign version 1" not in client.get(url("version", 1)).content.decode()
    before = snapshot(charter_in_review)
    response = client.post(url("sign", 1), {"content_sha256": version_sha256(charter_in_review)})
    assert response.status_code == 400
    assert (
        "Only a signatory of the Customer and Provider signs the Program Charter; you are not one."
        in response.content.decode()
    )
    assert snapshot(charter_in_review) == before


def test_signature_of_content_changed_since_is_refused(
    world: World, charter_in_review: DocumentVersion
) -> None:
    sponsor = world.client(SPONSORS[0])
    shown = _hidden(sponsor.get(url("version", 1)).content.decode(), "content_sha256")
    editor = world.client(EDITOR)
    content = dict(charter_in_review.content)
    content["sections"] = {**content["sections"], "purpose": "Rewritten after the page was read."}
    editor.post(url("edit", 1), form_data(content, charter_in_review.revision))
    before = snapshot(charter_in_review)
    response = sponsor.post(url("sign", 1), {"content_sha256": shown})
    assert response.status_code == 400
    assert "The content changed after you read it" in response.content.decode()
    assert snapshot(charter_in_review) == before


# -- access ---------------------------------------------------------------------------------------

WRITES = [
    ("post", "new-version", None, {"reason": "other", "reason_text": "Because."}),
    ("get", "edit", 1, None),
    ("post", "edit", 1, "content"),
    ("post", "submit", 1, None),
    ("post", "return-to-draft", 1, None),
]


@pytest.mark.parametrize("name", READ_ONLY)
@pytest.mark.parametrize("state", ["draft", "in_review", "approved"])
def test_writes_are_not_found_for_readers_and_outsiders(
    world: World, name: str, state: str
) -> None:
    from ..factories import make_charter

    version = make_charter(
        world.program,
        state=state,
        editor=world.user(EDITOR),
        signers=tuple(world.user(s) for s in SPONSORS),
    )
    client = world.client(name)
    before = snapshot(version)
    for method, view, number, data in WRITES:
        if data == "content":
            data = form_data(charter_content(purpose="Not theirs."), version.revision)
        response = getattr(client, method)(url(view, number), data or {})
        assert response.status_code == 404, (view, method, response.status_code)
        assert snapshot(version) == before, view


@pytest.mark.parametrize("name", READ_ONLY)
def test_only_editors_start_the_charter(world: World, name: str) -> None:
    client = world.client(name)
    home = client.get(url("charter"))
    if name == "outsider":
        assert home.status_code == 404
    else:
        assert "This program has no charter yet." in home.content.decode()
        assert "Start the charter" not in home.content.decode()
    events = AuditEvent.objects.count()
    assert client.post(url("start")).status_code == 404
    assert not Document.objects.filter(program=world.program).exists()
    assert AuditEvent.objects.count() == events


def test_outsider_cannot_sign_or_read(world: World, charter_in_review: DocumentVersion) -> None:
    client = world.client("outsider")
    before = snapshot(charter_in_review)
    for view in ("charter", "compare"):
        assert client.get(url(view)).status_code == 404
    for view in ("version", "export-pdf", "export-xlsx"):
        assert client.get(url(view, 1)).status_code == 404
    sha = version_sha256(charter_in_review)
    assert client.post(url("sign", 1), {"content_sha256": sha}).status_code == 404
    assert snapshot(charter_in_review) == before


def test_anonymous_is_sent_to_log_in(world: World, approved_charter: DocumentVersion) -> None:
    for path in (url("charter"), url("version", 1), url("compare") + "?a=1&b=1"):
        response = Client().get(path)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


def test_pages_render_for_every_member(world: World, approved_charter: DocumentVersion) -> None:
    editor = world.client(EDITOR)
    editor.post(url("new-version"), {"reason": "timeline_change", "reason_text": "Go-live slips."})
    for name in world.users:
        client = world.client(name)
        if name == "outsider":
            assert client.get(url("charter")).status_code == 404
            continue
        home = client.get(url("charter"))
        assert home.status_code == 200, name
        html = home.content.decode()
        assert html.count("<h1") == 1
        assert "View version 1" in html and "View version 2" in html
        _assert_in_program_layout(html, world.program)
        for number in (1, 2):
            page = client.get(url("version", number))
            assert page.status_code == 200, (name, number)
            assert page.content.decode().count("<h1") == 1
            _assert_in_program_layout(page.content.decode(), world.program, f"Version {number}")
        compared = client.get(url("compare"), {"a": 1, "b": 2})
        assert compared.status_code == 200
        _assert_in_program_layout(compared.content.decode(), world.program, "Compare versions")
        edits = name.split(".")[1] in (
            "program_manager",
            "pmo_lead",
            "pmo_team",
        ) and not name.startswith("independent")
        edit = client.get(url("edit", 2))
        assert edit.status_code == (200 if edits else 404), name
        if edits:
            _assert_in_program_layout(edit.content.decode(), world.program, "Version 2", "Edit")
        assert ("Edit version 2" in client.get(url("version", 2)).content.decode()) == edits


def test_version_page_shows_the_approval_block(
    world: World, approved_charter: DocumentVersion
) -> None:
    html = world.client("customer.viewer").get(url("version", 1)).content.decode()
    signature = approved_charter.signatures.get(party="customer")
    assert signature.content_sha256 in html
    assert "Executive Sponsor" in html
    assert version_sha256(approved_charter) in html
    assert "As recorded when version 1 went into review." in html
    assert "Purpose and vision" in html and "Integrated PMO stood up" in html
    assert "Working Capital Fund" in html and "4,250,000.00" in html
    assert "Export PDF" in html and "Export Excel" in html


def test_draft_shows_live_stakeholders(world: World, draft_charter: DocumentVersion) -> None:
    html = world.client("customer.sme").get(url("version", 1)).content.decode()
    assert "Live</span>" in html
    assert "independent.ivv_agent" in html or "IV&amp;V agent" in html
    assert html.count("Awaiting signature") == 2


# -- comparing -------------------------------------------------------------------------------------


def test_compare_with_bad_or_unknown_numbers(
    world: World, approved_charter: DocumentVersion
) -> None:
    client = world.client("customer.viewer")
    bad = client.get(url("compare"), {"a": "one", "b": "1"})
    assert bad.status_code == 400
    assert "Choose two versions to compare" in bad.content.decode()
    unknown = client.get(url("compare"), {"a": 1, "b": 7})
    assert unknown.status_code == 404
    assert "has no version 7" in unknown.content.decode()


def test_compare_from_the_home_page_is_a_partial_for_htmx(
    world: World, approved_charter: DocumentVersion
) -> None:
    client = world.client(EDITOR)
    client.post(url("new-version"), {"reason": "other", "reason_text": "Refresh."})
    home = client.get(url("charter")).content.decode()
    assert 'hx-get="' + url("compare") + '"' in home
    assert '<option value="1" selected>Version 1</option>' in home
    assert '<option value="2" selected>Version 2</option>' in home
    response = client.get(url("compare"), {"a": 1, "b": 2}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" not in html
    assert "usa-sidenav" not in html and "usa-breadcrumb" not in html
    assert "compared with version 2" in html
