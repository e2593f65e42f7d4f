"""The review comments on the shared version page: the panel and its filters, adding a
comment, disposition and concurrence forms (without JavaScript), refusals naming the rule,
the matrix export and import, the comparison showing comments beside each part."""

from __future__ import annotations

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from programs import review_excel
from programs.choices import CommentType, Disposition, VersionReason
from programs.models import AuditEvent, DocumentVersion, ReviewComment
from programs.services import documents as document_services
from programs.services import reviews

from ..conftest import World
from .review_fixtures import EDITOR, REVIEWER, comment

PAGE = "/programs/alpha/charter/v1/"


def test_panel_lists_filters_and_flags(world: World, version_in_review: DocumentVersion) -> None:
    comment(world, version_in_review, quote="purpose and vision")
    critical = comment(world, version_in_review, "customer.sme", type=CommentType.CRITICAL)
    reviews.comment_disposition_set(
        acting_user=world.user(EDITOR),
        comment=critical,
        disposition=Disposition.REJECTED,
        text="Agreed at kickoff.",
    )
    reviews.comment_concurrence_set(
        acting_user=world.user("customer.sme"),
        comment=critical,
        concurrence="non_concur",
        reason="Kickoff did not decide it.",
    )
    page = world.client("customer.viewer").get(PAGE)
    html = page.content.decode()
    assert page.status_code == 200
    assert "C-001" in html and "C-002" in html
    assert "Non-concurs" in html and "Kickoff did not decide it." in html
    assert "“purpose and vision”" in html
    assert "Add a comment" not in html  # viewers read
    filtered = world.client("customer.viewer").get(PAGE, {"status": "non_concur"})
    assert [c.label for c in filtered.context["comments"].comments] == ["C-002"]
    by_party = world.client("customer.viewer").get(PAGE, {"party": "independent"})
    assert [c.label for c in by_party.context["comments"].comments] == ["C-001"]
    assert world.client("outsider").get(PAGE).status_code == 404


def test_add_comment_without_javascript(world: World, version_in_review: DocumentVersion) -> None:
    client = world.client(REVIEWER)
    assert "Add a comment" in client.get(PAGE).content.decode()
    answer = client.post(
        f"{PAGE}comments/",
        {"anchor": "sections.scope_in", "type": "critical", "text": "Payroll is missing."},
    )
    assert answer.status_code == 302 and answer["Location"].endswith("#comment-1")
    made = ReviewComment.objects.get()
    assert (made.anchor, made.author_party) == ("sections.scope_in", "independent")
    page = client.get(PAGE).content.decode()
    assert "C-001 (critical) has no disposition" in page


def test_refused_comment_names_the_rule_and_changes_nothing(
    world: World, version_in_review: DocumentVersion
) -> None:
    events = AuditEvent.objects.count()
    answer = world.client("customer.viewer").post(
        f"{PAGE}comments/", {"anchor": "sections.purpose", "type": "editorial", "text": "x"}
    )
    assert answer.status_code == 403
    assert "viewers read only" in answer.content.decode()
    bad = world.client(REVIEWER).post(
        f"{PAGE}comments/",
        {"anchor": "sections.purpose", "type": "editorial", "text": "x", "quote": "not there"},
    )
    assert bad.status_code == 400
    assert "The quoted passage is not in" in bad.content.decode()
    assert world.client("outsider").post(f"{PAGE}comments/", {}).status_code == 404
    assert (ReviewComment.objects.count(), AuditEvent.objects.count()) == (0, events)


def test_disposition_and_concurrence_forms(
    world: World, version_in_review: DocumentVersion
) -> None:
    made = comment(world, version_in_review)
    editor = world.client(EDITOR)
    assert "Disposition C-001" in editor.get(PAGE).content.decode()
    refused = editor.post(f"{PAGE}comments/1/disposition/", {"c1-disposition": "rejected"})
    assert refused.status_code == 400 and "rationale" in refused.content.decode()
    assert (
        world.client(REVIEWER)
        .post(f"{PAGE}comments/1/disposition/", {"c1-disposition": "accepted"})
        .status_code
        == 403
    )
    done = editor.post(
        f"{PAGE}comments/1/disposition/",
        {"c1-disposition": "deferred", "c1-deferred_to": "2"},
    )
    assert done.status_code == 302
    made.refresh_from_db()
    assert (made.disposition, made.deferred_to) == ("deferred", 2)
    reviewer = world.client(REVIEWER)
    assert (
        reviewer.post(
            f"{PAGE}comments/1/concurrence/", {"c1-concurrence": "non_concur"}
        ).status_code
        == 400
    )
    assert (
        reviewer.post(
            f"{PAGE}comments/1/concurrence/",
            {"c1-concurrence": "non_concur", "c1-reason": "It is needed now."},
        ).status_code
        == 302
    )
    assert "Non-concurs" in world.client("customer.viewer").get(PAGE).content.decode()
    assert editor.post(f"{PAGE}comments/9/disposition/", {}).status_code == 404


def test_matrix_export_and_import_pages(world: World, version_in_review: DocumentVersion) -> None:
    comment(world, version_in_review)
    export = world.client("customer.viewer").get(f"{PAGE}comments.xlsx")
    assert export.status_code == 200
    book = load_workbook(io.BytesIO(export.content))
    sheet = book[review_excel.SHEET]
    sheet.cell(row=review_excel.FIRST_ROW, column=9, value="maybe")
    out = io.BytesIO()
    book.save(out)
    client = world.client(EDITOR)
    assert client.get(f"{PAGE}comments/import/").status_code == 200
    refused = client.post(
        f"{PAGE}comments/import/",
        {"file": SimpleUploadedFile("m.xlsx", out.getvalue())},
    )
    assert refused.status_code == 400
    assert f"Comments!I{review_excel.FIRST_ROW}" in refused.content.decode()
    sheet.cell(row=review_excel.FIRST_ROW, column=9, value="Accepted")
    out = io.BytesIO()
    book.save(out)
    done = client.post(
        f"{PAGE}comments/import/", {"file": SimpleUploadedFile("m.xlsx", out.getvalue())}
    )
    assert done.status_code == 302
    assert ReviewComment.objects.get().disposition == Disposition.ACCEPTED
    assert world.client("outsider").get(f"{PAGE}comments.xlsx").status_code == 404


def test_compare_shows_comments_beside_parts_and_next_version_lists_them(
    world: World, version_in_review: DocumentVersion
) -> None:
    made = comment(world, version_in_review, anchor="sections.scope_in", text="Add payroll.")
    comment(world, version_in_review, anchor="sections.risks", text="Unchanged part.")
    reviews.comment_disposition_set(
        acting_user=world.user(EDITOR), comment=made, disposition=Disposition.ACCEPTED
    )
    for sponsor in ("customer.executive_sponsor", "provider.executive_sponsor"):
        document_services.version_sign(acting_user=world.user(sponsor), version=version_in_review)
    v2 = document_services.version_create_next(
        acting_user=world.user(EDITOR),
        document=version_in_review.document,
        reason=VersionReason.SCOPE_CHANGE,
        reason_text="Review comments.",
    )
    content = {**v2.content, "sections": {**v2.content["sections"], "scope_in": "Payroll too."}}
    document_services.version_update_content(
        acting_user=world.user(EDITOR), version=v2, content=content, base_revision=v2.revision
    )
    client = world.client("customer.viewer")
    page = client.get("/programs/alpha/charter/v2/").content.decode()
    assert "Version 2 addresses:" in page and "C-001" in page
    compare = client.get("/programs/alpha/charter/compare/", {"a": 1, "b": 2})
    parts = {p.key: [c.label for c in cs] for p, cs in compare.context["parts"]}
    assert parts["sections.scope_in"] == ["C-001"]
    assert parts["sections.risks"] == ["C-002"]
    html = compare.content.decode()
    assert "Review comments on Scope: in" in html and "Add payroll." in html
