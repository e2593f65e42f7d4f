"""The charter through the API: starting it, editing, submitting, signing, returning to
draft, new versions, comparing and exporting; with every refusal leaving things as they were."""

from __future__ import annotations

import copy
import io
import zipfile
from typing import Any

import pytest

from programs.choices import ActivityStatus, DocumentStatus
from programs.models import AuditEvent, Document, DocumentVersion, PlayActivity, Signature

from ..conftest import World
from ..factories import charter_content
from .conftest import (
    EDITOR,
    READ_ONLY,
    SPONSORS,
    Api,
    assert_error,
    charter_url,
    nothing_changes,
)


def version_url(number: int, tail: str = "") -> str:
    return charter_url(f"versions/{number}/{tail}")


# -- starting and reading --------------------------------------------------------------


def test_no_charter_yet_is_not_found(world: World, api: Api) -> None:
    assert_error(api(EDITOR).get(charter_url()), 404, "not_found")
    assert_error(api(EDITOR).get(version_url(1)), 404, "not_found")


def test_editor_starts_the_charter(world: World, api: Api) -> None:
    response = api("provider.pmo_team").post(charter_url(), {}, format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["program"] == "alpha"
    assert body["title"] == "Program Charter"
    assert body["owning_party"] == "shared"
    assert body["signing_parties"] == ["customer", "provider"]
    assert (body["current_version"], body["open_version"]) == (None, 1)
    assert [(v["number"], v["status"]) for v in body["versions"]] == [(1, "draft")]
    activity = PlayActivity.objects.get(program=world.program, key="update_program_charter")
    assert activity.status == ActivityStatus.IN_PROGRESS

    again = api(EDITOR).post(charter_url(), {}, format="json")
    assert_error(again, 400, "document_exists")
    assert Document.objects.filter(program=world.program).count() == 1


@pytest.mark.parametrize("username", [*READ_ONLY, "provider.executive_sponsor"])
def test_readers_do_not_start_the_charter(world: World, api: Api, username: str) -> None:
    with nothing_changes(model=Document):
        assert_error(api(username).post(charter_url(), {}, format="json"), 404, "not_found")


def test_starting_with_bad_content_creates_nothing(world: World, api: Api) -> None:
    with nothing_changes(model=Document):
        response = api(EDITOR).post(
            charter_url(), {"content": {"sections": {"vision": "x"}}}, format="json"
        )
    assert_error(response, 400, "invalid_content", "sections.vision")


def test_members_read_the_charter_and_its_versions(
    world: World, api: Api, approved_charter: DocumentVersion
) -> None:
    client = api("independent.ivv_agent")
    charter = client.get(charter_url()).json()
    assert (charter["current_version"], charter["open_version"]) == (1, None)

    listing = client.get(charter_url("versions/")).json()
    assert [v["number"] for v in listing["results"]] == [1]

    version = client.get(version_url(1)).json()
    assert version["status"] == "approved"
    assert version["phase"] == 3
    assert version["reason"] is None
    assert version["is_editable"] is False
    assert version["content"]["sections"]["purpose"].startswith("The purpose and vision")
    assert len(version["content"]["stakeholders"]) > 10
    assert len(version["content_sha256"]) == 64
    signatures = version["signatures"]
    assert [(s["party"], s["role"], s["valid"]) for s in signatures] == [
        ("customer", "executive_sponsor", True),
        ("provider", "executive_sponsor", True),
    ]
    assert all(s["matches_content"] for s in signatures)
    assert all(s["content_sha256"] == version["content_sha256"] for s in signatures)
    assert version["awaiting_parties"] == []


def test_outsider_and_unknown_versions_are_not_found(
    world: World, api: Api, approved_charter: DocumentVersion
) -> None:
    assert_error(api("outsider").get(charter_url()), 404, "not_found")
    assert_error(api("outsider").get(charter_url("versions/")), 404, "not_found")
    assert_error(api("outsider").get(version_url(1)), 404, "not_found")
    assert_error(api("customer.viewer").get(version_url(99)), 404, "not_found")
    assert_error(api("customer.viewer").get(charter_url(code="beta")), 404, "not_found")


# -- the whole flow --------------------------------------------------------------------


def test_the_charter_flow_from_draft_to_approved(world: World, api: Api) -> None:
    editor = api(EDITOR)
    assert editor.post(charter_url(), {}, format="json").status_code == 201

    saved = editor.patch(
        version_url(1), {"content": charter_content(), "revision": 1}, format="json"
    )
    assert saved.status_code == 200, saved.content
    assert saved.json()["revision"] == 2

    submitted = editor.post(version_url(1, "submit/"))
    assert submitted.status_code == 200, submitted.content
    body = submitted.json()
    assert body["status"] == "in_review"
    assert body["awaiting_parties"] == ["customer", "provider"]
    assert body["content"]["stakeholders"]

    customer = api(SPONSORS[0])
    sha = customer.get(version_url(1)).json()["content_sha256"]
    signed = customer.post(version_url(1, "sign/"), {"content_sha256": sha}, format="json")
    assert signed.status_code == 200, signed.content
    assert signed.json()["status"] == "in_review"
    assert signed.json()["awaiting_parties"] == ["provider"]

    approved = api(SPONSORS[1]).post(version_url(1, "sign/"), {}, format="json")
    assert approved.status_code == 200, approved.content
    body = approved.json()
    assert body["status"] == "approved"
    assert body["approved_at"]
    assert [s["party"] for s in body["signatures"]] == ["customer", "provider"]

    board = api("customer.viewer").get("/api/programs/alpha/activities/update_program_charter/")
    assert board.json()["status"] == "done"
    program = api("customer.viewer").get("/api/programs/alpha/").json()
    assert program["board"]["done"] == 1


def test_a_new_version_is_signed_again_and_supersedes_the_old(
    world: World, api: Api, approved_charter: DocumentVersion
) -> None:
    editor = api(EDITOR)
    started = editor.post(
        charter_url("versions/"),
        {"reason": "timeline_change", "reason_text": "Go-live moves to October."},
        format="json",
    )
    assert started.status_code == 201, started.content
    body = started.json()
    assert (body["number"], body["status"], body["reason"]) == (2, "draft", "timeline_change")
    assert "stakeholders" not in body["content"]

    content = charter_content()
    content["tables"]["milestones"][1]["planned_date"] = "2027-10-04"
    assert (
        editor.patch(
            version_url(2), {"content": content, "revision": body["revision"]}, format="json"
        ).status_code
        == 200
    )
    assert editor.post(version_url(2, "submit/")).status_code == 200
    for sponsor in SPONSORS:
        assert api(sponsor).post(version_url(2, "sign/")).status_code == 200

    versions = api("customer.viewer").get(charter_url("versions/")).json()["results"]
    assert [(v["number"], v["status"]) for v in versions] == [(2, "approved"), (1, "superseded")]

    compared = api("customer.viewer").get(charter_url("versions/compare/"), {"a": 1, "b": 2})
    assert compared.status_code == 200
    parts = {p["key"]: p for p in compared.json()["parts"]}
    milestones = parts["tables.milestones"]
    assert milestones["status"] == "changed"
    assert "2027-04-05" in milestones["old"] and "2027-10-04" in milestones["new"]
    assert {"op": "insert", "text": "2027-10-04"} in milestones["ops"]
    assert parts["sections.purpose"]["status"] == "unchanged"


def test_return_to_draft_voids_signatures(
    world: World, api: Api, charter_in_review: DocumentVersion
) -> None:
    assert api(SPONSORS[0]).post(version_url(1, "sign/")).status_code == 200
    with nothing_changes(charter_in_review, model=Signature):
        assert_error(
            api("provider.pmo_lead").post(version_url(1, "return-to-draft/")),
            400,
            "reason_required",
        )
    response = api("provider.pmo_lead").post(
        version_url(1, "return-to-draft/"), {"reason": "Scope changed."}, format="json"
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["status"] == "draft"
    assert [s["valid"] for s in body["signatures"]] == [False]
    assert body["signatures"][0]["void_reason"] == "Returned to draft: Scope changed."
    event = AuditEvent.objects.get(action="void_signatures", target_id=str(charter_in_review.pk))
    assert event.changes["reason"] == [None, "Scope changed."]
    assert event.actor_name == "provider.pmo_lead"


def test_only_a_manager_voids_signatures_by_returning_to_draft(
    world: World, api: Api, charter_in_review: DocumentVersion
) -> None:
    assert api(SPONSORS[0]).post(version_url(1, "sign/")).status_code == 200
    for username in ("customer.pmo_team", "provider.pmo_team"):
        with nothing_changes(charter_in_review, model=Signature):
            response = api(username).post(
                version_url(1, "return-to-draft/"), {"reason": "Oops."}, format="json"
            )
            assert_error(response, 403, "permission_denied")


def test_a_reason_over_1000_characters_is_refused(
    world: World, api: Api, charter_in_review: DocumentVersion
) -> None:
    assert api(SPONSORS[0]).post(version_url(1, "sign/")).status_code == 200
    with nothing_changes(charter_in_review, model=Signature):
        response = api("customer.program_manager").post(
            version_url(1, "return-to-draft/"), {"reason": "x" * 1001}, format="json"
        )
        assert response.status_code == 400


def test_the_voided_signers_are_emailed_who_and_why(
    world: World,
    api: Api,
    charter_in_review: DocumentVersion,
    django_capture_on_commit_callbacks: Any,
    mailoutbox: Any,
) -> None:
    assert api(SPONSORS[0]).post(version_url(1, "sign/")).status_code == 200
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = api("customer.program_manager").post(
            version_url(1, "return-to-draft/"),
            {"reason": "The go-live date moved to October."},
            format="json",
        )
    assert response.status_code == 200, response.content
    sponsor = world.user(SPONSORS[0])
    assert [m.to for m in mailoutbox] == [[sponsor.email]]
    message = mailoutbox[0]
    assert "was voided" in message.subject
    assert "The go-live date moved to October." in message.body
    manager = world.user("customer.program_manager")
    assert (manager.get_full_name() or manager.username) in message.body


# -- refusals --------------------------------------------------------------------------


def test_a_non_signatory_cannot_sign(
    world: World, api: Api, charter_in_review: DocumentVersion
) -> None:
    for username in (EDITOR, "customer.viewer", "independent.ivv_agent"):
        with nothing_changes(charter_in_review, model=Signature):
            response = api(username).post(version_url(1, "sign/"))
        assert_error(response, 400, "not_a_signatory")
    with nothing_changes(charter_in_review, model=Signature):
        assert_error(api("outsider").post(version_url(1, "sign/")), 404, "not_found")


def test_signing_twice_is_refused(
    world: World, api: Api, charter_in_review: DocumentVersion
) -> None:
    sponsor = api(SPONSORS[0])
    assert sponsor.post(version_url(1, "sign/")).status_code == 200
    with nothing_changes(charter_in_review, model=Signature):
        assert_error(sponsor.post(version_url(1, "sign/")), 400, "already_signed")
        # The customer's Business Owner is a signatory too, but the customer has signed.
        assert_error(
            api("customer.business_owner").post(version_url(1, "sign/")),
            400,
            "party_already_signed",
        )


def test_signing_content_one_did_not_read_is_refused(
    world: World, api: Api, charter_in_review: DocumentVersion
) -> None:
    with nothing_changes(charter_in_review, model=Signature):
        response = api(SPONSORS[1]).post(
            version_url(1, "sign/"), {"content_sha256": "0" * 64}, format="json"
        )
    body = assert_error(response, 400, "stale_version", "content_sha256")
    assert len(body["current_sha256"]) == 64


def test_signing_a_draft_is_refused(world: World, api: Api, draft_charter: DocumentVersion) -> None:
    with nothing_changes(draft_charter, model=Signature):
        assert_error(api(SPONSORS[0]).post(version_url(1, "sign/")), 400, "version_not_in_review")


def test_an_approved_version_never_changes(
    world: World, api: Api, approved_charter: DocumentVersion
) -> None:
    editor = api(EDITOR)
    content = charter_content(purpose="A new purpose.")
    with nothing_changes(approved_charter):
        response = editor.patch(
            version_url(1),
            {"content": content, "revision": approved_charter.revision},
            format="json",
        )
        assert_error(response, 400, "version_locked")
        assert_error(editor.post(version_url(1, "submit/")), 400, "version_not_in_draft")
        assert_error(editor.post(version_url(1, "return-to-draft/")), 400, "version_not_in_review")


def test_a_stale_save_is_refused_with_what_changed(
    world: World, api: Api, draft_charter: DocumentVersion
) -> None:
    # make_charter saved revision 1 into revision 2; this editor still holds revision 1.
    assert draft_charter.revision == 2
    content = charter_content(purpose="My own purpose.")
    with nothing_changes(draft_charter):
        response = api("provider.pmo_team").patch(
            version_url(1), {"content": content, "revision": 1}, format="json"
        )
    body = assert_error(response, 409, "stale_version", "revision")
    assert body["current_revision"] == 2
    assert body["changed_meanwhile"][0]["by"] == EDITOR
    assert body["changed_meanwhile"][0]["revision"] == 2
    assert "Purpose and vision" in body["changed_meanwhile"][0]["parts"]
    assert body["current_content"] == draft_charter.content


def test_submit_needs_every_required_section(world: World, api: Api) -> None:
    editor = api(EDITOR)
    editor.post(charter_url(), {}, format="json")
    content = charter_content()
    content["sections"]["governance"] = "   "
    editor.patch(version_url(1), {"content": content, "revision": 1}, format="json")
    version = DocumentVersion.objects.get(document__program=world.program)
    with nothing_changes(version):
        response = editor.post(version_url(1, "submit/"))
    assert_error(response, 400, "required_section_empty", "sections.governance")
    assert version.status == DocumentStatus.DRAFT


def _with(content: dict[str, Any], path: tuple[Any, ...], value: Any) -> dict[str, Any]:
    changed = copy.deepcopy(content)
    target = changed
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    return changed


@pytest.mark.parametrize(
    ("payload", "code", "field"),
    [
        (
            {"content": _with(charter_content(), ("sections", "vision"), "x"), "revision": 2},
            "invalid_content",
            "sections.vision",
        ),
        (
            {
                "content": _with(
                    charter_content(), ("tables", "milestones", 0, "planned_date"), "2026-02-30"
                ),
                "revision": 2,
            },
            "invalid_content",
            "tables.milestones[1].planned_date",
        ),
        (
            {"content": _with(charter_content(), ("sections", "purpose"), 42), "revision": 2},
            "invalid_content",
            "sections.purpose",
        ),
        (
            {"content": _with(charter_content(), ("fields", "budget"), "lots"), "revision": 2},
            "invalid_content",
            "fields.budget",
        ),
        ({"content": ["not", "an", "object"], "revision": 2}, "invalid_content", "content"),
        ({"content": charter_content(), "revision": "two"}, "invalid", "revision"),
        ({"content": charter_content()}, "invalid", "revision"),
        ({"revision": 2}, "invalid", "content"),
    ],
)
def test_malformed_content_is_refused_with_its_place(
    world: World,
    api: Api,
    draft_charter: DocumentVersion,
    payload: dict[str, Any],
    code: str,
    field: str,
) -> None:
    with nothing_changes(draft_charter):
        response = api(EDITOR).patch(version_url(1), payload, format="json")
    assert_error(response, 400, code, field)


@pytest.mark.parametrize("username", [*READ_ONLY, *SPONSORS])
def test_readers_do_not_edit_submit_or_return_the_charter(
    world: World, api: Api, charter_in_review: DocumentVersion, username: str
) -> None:
    client = api(username)
    with nothing_changes(charter_in_review):
        assert_error(
            client.patch(
                version_url(1),
                {"content": charter_content(), "revision": charter_in_review.revision},
                format="json",
            ),
            404,
            "not_found",
        )
        assert_error(client.post(version_url(1, "submit/")), 404, "not_found")
        assert_error(client.post(version_url(1, "return-to-draft/")), 404, "not_found")
        assert_error(
            client.post(
                charter_url("versions/"),
                {"reason": "scope_change", "reason_text": "More scope."},
                format="json",
            ),
            404,
            "not_found",
        )


def test_new_version_needs_a_reason_and_no_open_version(
    world: World, api: Api, approved_charter: DocumentVersion
) -> None:
    editor = api(EDITOR)
    versions = charter_url("versions/")
    with nothing_changes(approved_charter):
        assert_error(
            editor.post(versions, {"reason_text": "Because."}, format="json"),
            400,
            "reason_required",
            "reason",
        )
        assert_error(
            editor.post(versions, {"reason": "scope_change"}, format="json"),
            400,
            "reason_required",
            "reason_text",
        )
        assert_error(
            editor.post(versions, {"reason": "whim", "reason_text": "x"}, format="json"),
            400,
            "invalid",
            "reason",
        )
    assert (
        editor.post(
            versions, {"reason": "other", "reason_text": "Annual review."}, format="json"
        ).status_code
        == 201
    )
    with nothing_changes(model=DocumentVersion):
        assert_error(
            editor.post(versions, {"reason": "other", "reason_text": "Again."}, format="json"),
            400,
            "open_version_exists",
        )


def test_compare_needs_two_existing_versions(
    world: World, api: Api, approved_charter: DocumentVersion
) -> None:
    client = api("customer.viewer")
    compare = charter_url("versions/compare/")
    assert_error(client.get(compare, {"a": 1}), 400, "invalid", "b")
    assert_error(client.get(compare, {"a": "1", "b": "x"}), 400, "invalid", "b")
    assert_error(client.get(compare, {"a": 1, "b": 7}), 404, "not_found")
    # Larger than any version number the database can hold (found by fuzzing: a 500).
    assert_error(client.get(compare, {"a": 1182547838968687755264, "b": 1}), 400, "invalid", "a")
    assert_error(api("outsider").get(compare, {"a": 1, "b": 1}), 404, "not_found")
    same = client.get(compare, {"a": 1, "b": 1}).json()
    assert {p["status"] for p in same["parts"]} == {"unchanged"}


# -- exports ---------------------------------------------------------------------------


def test_export_pdf(world: World, api: Api, approved_charter: DocumentVersion) -> None:
    events = AuditEvent.objects.count()
    response = api("independent.ivv_agent").get(version_url(1, "export/"), {"format": "pdf"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "alpha-program-charter-v1-approved.pdf" in response["Content-Disposition"]
    assert response.content.startswith(b"%PDF")
    assert AuditEvent.objects.count() == events


def test_export_xlsx(world: World, api: Api, draft_charter: DocumentVersion) -> None:
    response = api("customer.viewer").get(version_url(1, "export/"), {"format": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert "alpha-program-charter-v1-draft.xlsx" in response["Content-Disposition"]
    assert response.content.startswith(b"PK\x03\x04")
    assert zipfile.ZipFile(io.BytesIO(response.content)).testzip() is None


def test_export_refusals_answer_json(
    world: World, api: Api, approved_charter: DocumentVersion
) -> None:
    client = api("customer.viewer")
    assert_error(
        client.get(version_url(1, "export/"), {"format": "docx"}), 400, "invalid", "format"
    )
    assert_error(client.get(version_url(1, "export/")), 400, "invalid", "format")
    assert_error(client.get(version_url(9, "export/"), {"format": "pdf"}), 404, "not_found")
    assert_error(
        api("outsider").get(version_url(1, "export/"), {"format": "pdf"}), 404, "not_found"
    )
