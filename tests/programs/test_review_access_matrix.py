"""The access matrix of review comments: every role of every party, and a user of another
program, against every comment page, write and API action, on a version in review of two
documents: the charter (shared: both parties' editors disposition) and the IV&V plan
(customer-owned: only the customer's editors disposition).

Who comments: members of the customer and the provider but viewers, and the IV&V agent. Who
concurs with a disposition: the commenter, or a member of their party who may comment; a
comment of the IV&V agent only the agent. Allowed writes succeed and are audited; a member
refused is told the rule (403, or 400 for a workbook whose rows are refused) and nothing
changes: no comment, no disposition, no concurrence, no audit event. The outsider finds
nothing (404), reads included. Each write runs in a savepoint that is rolled back.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from openpyxl import load_workbook
from rest_framework.test import APIClient

from programs import review_excel as excel
from programs.choices import CommentType, Disposition
from programs.models import AuditEvent, DocumentVersion, ReviewComment
from programs.services import reviews

from ..access import CUSTOMER, INDEPENDENT, PROVIDER, expected
from ..conftest import OUTSIDER, ROLE_MATRIX, World
from ..factories import make_charter
from ..ivv.conftest import plan_in_review

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
USERNAMES = [name for name, *_ in ROLE_MATRIX] + [OUTSIDER]
EDITOR = "customer.program_manager"

# The comments each version starts with, all dispositioned (accepted), by who made them.
AUTHORS = {1: "independent.ivv_agent", 2: "customer.sme", 3: "provider.pmo_team"}
PARTY_OF = {1: INDEPENDENT, 2: CUSTOMER, 3: PROVIDER}


@dataclass
class Doc:
    world: World
    version: DocumentVersion
    owner: str  # the document's owning party, for ``expected``
    page: str  # the version's pages: .../v<number>/
    api: str  # its API: .../versions/<number>/


def _charter(world: World) -> Doc:
    version = make_charter(world.program, state="in_review", editor=world.user(EDITOR))
    n = version.number
    return Doc(
        world,
        version,
        "shared",
        f"/programs/alpha/charter/v{n}/",
        f"/api/programs/alpha/charter/versions/{n}/",
    )


def _plan(world: World) -> Doc:
    version = plan_in_review(world)
    n = version.number
    return Doc(
        world,
        version,
        CUSTOMER,
        f"/programs/alpha/ivv/plan/v{n}/",
        f"/api/programs/alpha/ivv-plan/versions/{n}/",
    )


@pytest.fixture(params=["charter", "ivv_plan"])
def doc(request: pytest.FixtureRequest, world: World) -> Doc:
    made = (_charter if request.param == "charter" else _plan)(world)
    for number, author in AUTHORS.items():
        comment = reviews.comment_create(
            acting_user=world.user(author),
            version=made.version,
            anchor="sections.purpose",
            type=CommentType.SUBSTANTIVE,
            text=f"Comment {number}: the purpose names no end date.",
        )
        assert comment.number == number
        reviews.comment_disposition_set(
            acting_user=world.user(EDITOR), comment=comment, disposition=Disposition.ACCEPTED
        )
    return made


# -- the writes -----------------------------------------------------------------------------

NEW_COMMENT = {"anchor": "sections.purpose", "type": "editorial", "text": "A typo in the purpose."}
REJECTION = {"disposition": "rejected", "text": "The end date is in the schedule."}


def _matrix(d: Doc, edit: Callable[[Any], None]) -> bytes:
    """The version's comment resolution matrix as exported, changed by ``edit``."""
    book = load_workbook(io.BytesIO(excel.export_matrix(d.version)))
    edit(book[excel.SHEET])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _new_row(sheet: Any) -> None:
    row = excel.FIRST_ROW + len(AUTHORS)
    location = sheet.cell(row=excel.FIRST_ROW, column=excel.COLUMN["location"]).value  # C-001's
    sheet.cell(row=row, column=excel.COLUMN["location"], value=location)
    sheet.cell(row=row, column=excel.COLUMN["type"], value="Editorial")
    sheet.cell(row=row, column=excel.COLUMN["text"], value="A typo in the purpose.")


def _rejection_of(number: int) -> Callable[[Any], None]:
    def edit(sheet: Any) -> None:
        row = excel.FIRST_ROW + number - 1
        assert sheet.cell(row=row, column=excel.COLUMN["id"]).value == f"C-{number:03d}"
        sheet.cell(row=row, column=excel.COLUMN["disposition"], value="Rejected")
        sheet.cell(row=row, column=excel.COLUMN["disposition_text"], value=REJECTION["text"])

    return edit


def _xlsx(data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile("matrix.xlsx", data, content_type=XLSX)


@dataclass(frozen=True)
class Write:
    name: str
    call: Callable[[Client, APIClient, Doc], Any]
    action: str  # comment, disposition, concur
    comment: int = 0  # the comment acted on (concur: whose party answers)
    refused: int = 403  # a member's refusal


def _web(path: str, data: Callable[[Doc], dict[str, Any]]) -> Callable[..., Any]:
    return lambda web, api, d: web.post(d.page + path, data(d))


def _api(path: str, data: dict[str, Any]) -> Callable[..., Any]:
    return lambda web, api, d: api.post(d.api + path, data, format="json")


def _web_import(edit: Callable[[Any], None]) -> Callable[..., Any]:
    return lambda web, api, d: web.post(
        d.page + "comments/import/", {"file": _xlsx(_matrix(d, edit))}
    )


def _api_import(edit: Callable[[Any], None]) -> Callable[..., Any]:
    return lambda web, api, d: api.post(
        d.api + "comments/matrix/", {"file": _xlsx(_matrix(d, edit))}, format="multipart"
    )


def _concur(number: int) -> list[Write]:
    form = {f"c{number}-concurrence": "non_concur", f"c{number}-reason": "The date is missing."}
    body = {"concurrence": "non_concur", "reason": "The date is missing."}
    return [
        Write(
            f"concur with C-00{number}",
            _web(f"comments/{number}/concurrence/", lambda d: form),
            "concur",
            number,
        ),
        Write(
            f"API: concur with C-00{number}",
            _api(f"comments/{number}/concurrence/", body),
            "concur",
            number,
        ),
    ]


def _disposition(number: int) -> list[Write]:
    form = {f"c{number}-disposition": "rejected", f"c{number}-text": REJECTION["text"]}
    return [
        Write(
            f"disposition C-00{number}",
            _web(f"comments/{number}/disposition/", lambda d: form),
            "disposition",
            number,
        ),
        Write(
            f"API: disposition C-00{number}",
            _api(f"comments/{number}/disposition/", REJECTION),
            "disposition",
            number,
        ),
        Write(
            f"import a disposition of C-00{number}",
            _web_import(_rejection_of(number)),
            "disposition",
            number,
            refused=400,
        ),
        Write(
            f"API: import a disposition of C-00{number}",
            _api_import(_rejection_of(number)),
            "disposition",
            number,
            refused=400,
        ),
    ]


WRITES = [
    Write("comment", _web("comments/", lambda d: NEW_COMMENT), "comment"),
    Write("API: comment", _api("comments/", NEW_COMMENT), "comment"),
    Write("import a new comment", _web_import(_new_row), "comment", refused=400),
    Write("API: import a new comment", _api_import(_new_row), "comment", refused=400),
    *_disposition(1),
    *_disposition(3),
    *_concur(1),
    *_concur(2),
    *_concur(3),
]


def _allowed(username: str, write: Write, d: Doc) -> bool:
    if write.action == "comment":
        return expected(username, "comment")
    if write.action == "disposition":
        return expected(username, "change", d.owner)
    return expected(username, "concur", PARTY_OF[write.comment])


def fingerprint(d: Doc) -> Any:
    """Everything a comment write could touch."""
    return (
        AuditEvent.objects.count(),
        list(
            ReviewComment.objects.order_by("pk").values_list(
                "document_id",
                "number",
                "author_id",
                "text",
                "disposition",
                "disposition_text",
                "dispositioned_by",
                "concurrence",
                "concurrence_reason",
                "concurred_by",
            )
        ),
    )


def _clients(world: World, username: str) -> tuple[Client, APIClient]:
    web, api = Client(), APIClient()
    web.force_login(world.user(username))
    api.force_authenticate(world.user(username))
    return web, api


@pytest.mark.parametrize("username", USERNAMES)
def test_comment_writes(doc: Doc, username: str) -> None:
    web, api = _clients(doc.world, username)
    for write in WRITES:
        allowed = _allowed(username, write, doc)
        with transaction.atomic():
            before = fingerprint(doc)
            response = write.call(web, api, doc)
            after = fingerprint(doc)
            transaction.set_rollback(True)
        where = (username, doc.page, write.name, response.status_code)
        if allowed:
            assert response.status_code < 400, (*where, response.content[:1000])
            assert after[0] > before[0], (*where, "no audit event")
            assert after[1] != before[1], (*where, "nothing changed")
            continue
        assert after == before, (*where, "a denied request changed something")
        if username == OUTSIDER:
            assert response.status_code == 404, where
        else:
            assert response.status_code == write.refused, where
            if write.refused == 400:  # the workbook's refused rows are located
                assert b"Comments!" in response.content, where


def test_the_matrix_names_who_disposition_what(doc: Doc) -> None:
    """The charter's comments are dispositioned by either party's editors, the IV&V plan's
    by the customer's only: the owning party's, as the policy says."""
    editors = {u for u in USERNAMES if u != OUTSIDER and expected(u, "change", doc.owner)}
    customer = {"customer.program_manager", "customer.pmo_lead", "customer.pmo_team"}
    provider = {"provider.program_manager", "provider.pmo_lead", "provider.pmo_team"}
    assert editors == (customer | provider if doc.owner == "shared" else customer)


READS = ["", "comments.xlsx", "comments/import/"]
API_READS = ["comments/", "comments/matrix/"]


@pytest.mark.parametrize("username", USERNAMES)
def test_comment_reads(doc: Doc, username: str) -> None:
    web, api = _clients(doc.world, username)
    want = 404 if username == OUTSIDER else 200
    for path in READS:
        response = web.get(doc.page + path)
        assert response.status_code == want, (username, doc.page + path)
    for path in API_READS:
        answer = api.get(doc.api + path)
        assert answer.status_code == want, (username, doc.api + path)
    if want == 200:
        listed = api.get(doc.api + "comments/").json()
        assert [c["id"] for c in listed] == ["C-001", "C-002", "C-003"]
