"""The access matrix of Responsibilities (Play 3.1, activities 3 and 4): every role of every
party, and a user of another program, against every page, write view and API action of the
RACI matrix, the SME MOUs and sessions, the PMO role agreement, the Resource Management Plan
and each SME's MOU, with the expectations of ``tests/access.py``.

Allowed reads answer 200; allowed writes succeed and are audited; denied ones change nothing
(everything a write could touch is compared before and after) and answer 404 to anyone the
rule keeps out, or, for a member the portal tells why, the refusal the feature's own tests
assert (a code of another party's row: 403; a signature: the not_a_signatory refusal; voiding
signatures as an editor who is no manager: 403). Each write runs in a savepoint that is rolled
back, so every one starts from the same program:

- the RACI matrix seeded, every row with its A and R set by an editor of its owning party;
- the role agreement and the Resource Management Plan: version 1 approved, version 2 in review;
- an MOU of the customer's SME and one of the provider's SME, version 1 of each in review;
- one Fit-Gap session, and a second customer SME (``sme.newcomer``) without an MOU.
"""

from __future__ import annotations

import datetime as dt
import io
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.db import transaction
from django.test import Client
from openpyxl import load_workbook
from rest_framework.test import APIClient

from programs.documents import DocumentKind
from programs.models import (
    AuditEvent,
    Document,
    DocumentVersion,
    Membership,
    NamedSigner,
    PlayActivity,
    Signature,
)
from programs.services import documents as document_services
from raci import excel
from raci.definitions import RESOURCE_PLAN, RESOURCE_PLAN_KIND, ROLE_AGREEMENT, ROLE_AGREEMENT_KIND
from raci.models import (
    RaciCell,
    RaciCellChange,
    RaciColumn,
    RaciGroup,
    RaciMatrix,
    RaciRow,
    Session,
    SessionAttendance,
)
from raci.mou import SME_MOU_KIND
from raci.services import cells as cell_services
from raci.services import mou as mou_services
from raci.services.matrix import matrix_get_or_create

from ..access import expected
from ..conftest import OUTSIDER, ROLE_MATRIX, World
from ..factories import make_member
from .mou_helpers import make_mou, member
from .test_resource_plan import fill_valid

USERNAMES = [name for name, *_ in ROLE_MATRIX] + [OUTSIDER]
P = "/programs/alpha/responsibilities"
API = "/api/programs/alpha"
SPONSORS = ("customer.executive_sponsor", "provider.executive_sponsor")
OTHER = {"customer": "provider", "provider": "customer"}


@dataclass
class State:
    world: World
    matrix: RaciMatrix
    rows: dict[str, RaciRow]  # a row owned by each of customer, provider, shared
    empty_column: RaciColumn  # holds no code
    free_column: RaciColumn  # no code on any row: the writes set one
    coded_column: RaciColumn  # the customer PM: codes on customer and shared rows
    provider_column: RaciColumn  # the provider PM: codes on provider rows
    group: RaciGroup
    docs: dict[str, Document]  # role agreement, resource plan, MOUs of each party's SME
    session: Session
    new_sme: Membership

    def version(self, doc: str, number: int) -> DocumentVersion:
        return DocumentVersion.objects.get(document=self.docs[doc], number=number)


def _sign(world: World, version: DocumentVersion, *names: str) -> None:
    for name in names:
        document_services.version_sign(acting_user=world.user(name), version=version)


def _mou_signers(owner: str) -> tuple[str, ...]:
    return (f"{owner}.sme", f"{owner}.executive_sponsor", f"{OTHER[owner]}.program_manager")


def _shared_document(world: World, kind: str) -> Document:
    """Version 1 approved by both sponsors, version 2 in review."""
    pm = world.user("customer.pmo_lead")
    document = document_services.document_create(acting_user=pm, program=world.program, kind=kind)
    v1 = document.versions.get()
    content = dict(v1.content)
    content["sections"] = {k: v or f"The {k} agreed." for k, v in content["sections"].items()}
    v1 = document_services.version_update_content(
        acting_user=pm, version=v1, content=content, base_revision=v1.revision
    )
    v1 = document_services.version_submit(acting_user=pm, version=v1)
    _sign(world, v1, *SPONSORS)
    v2 = document_services.version_create_next(
        acting_user=pm, document=document, reason="scope_change", reason_text="Payroll joins."
    )
    document_services.version_submit(acting_user=pm, version=v2)
    return document


@pytest.fixture
def state(world: World) -> State:
    matrix = matrix_get_or_create(
        program=world.program, acting_user=world.user("customer.program_manager")
    )
    fill_valid(world, matrix)
    rows = {
        party: RaciRow.objects.filter(matrix=matrix, owning_party=party).first()
        for party in ("customer", "provider", "shared")
    }
    docs = {
        "role-agreement": _shared_document(world, ROLE_AGREEMENT),
        "resource-plan": _shared_document(world, RESOURCE_PLAN),
    }
    for owner in ("customer", "provider"):
        mou = make_mou(world, sme=f"{owner}.sme", by=f"{owner}.program_manager")
        document_services.version_submit(
            acting_user=world.user(f"{owner}.program_manager"), version=mou.versions.get()
        )
        docs[f"mou-{owner}"] = mou
    session = mou_services.session_create(
        acting_user=world.user("customer.program_manager"),
        program=world.program,
        date=dt.date(2026, 2, 2),
        kind="fit_gap",
        topic="Payroll",
        invited=[member(world, "customer.sme")],
        attended=[member(world, "customer.sme")],
    )
    new_sme = make_member(world.program, "sme.newcomer", "customer", "sme")
    return State(
        world=world,
        matrix=matrix,
        rows=rows,  # type: ignore[arg-type]
        empty_column=RaciColumn.objects.get(matrix=matrix, label="Customer Executive Sponsor"),
        free_column=RaciColumn.objects.get(matrix=matrix, label="Provider PMO Team"),
        coded_column=RaciColumn.objects.get(matrix=matrix, label="Customer Program Manager"),
        provider_column=RaciColumn.objects.get(matrix=matrix, label="Provider Program Manager"),
        group=RaciGroup.objects.get(matrix=matrix, title="PMO processes"),
        docs=docs,
        session=session,
        new_sme=new_sme,
    )


# -- what a write sends ----------------------------------------------------------------------


def form_data(kind: DocumentKind, version: DocumentVersion) -> dict[str, str]:
    """The editor as a browser submits it, with the first section changed."""
    content = version.content
    data: dict[str, str] = {"base_revision": str(version.revision)}
    for number, s in enumerate(kind.sections):
        text = content["sections"].get(s.key) or ""
        data[f"section-{s.key}"] = "Changed by the access test." if number == 0 else text
    for f in kind.fields:
        value = content["fields"].get(f.key)
        data[f"field-{f.key}"] = "" if value is None else str(value)
    for t in kind.tables:
        for number, row in enumerate(content["tables"].get(t.key, []), start=1):
            for c in t.columns:
                value = row.get(c.key)
                data[f"{t.key}-{number}-{c.key}"] = "" if value is None else str(value)
    return data


def api_content(kind: DocumentKind, version: DocumentVersion) -> dict[str, Any]:
    content = {k: version.content[k] for k in ("sections", "fields", "tables")}
    first = kind.sections[0].key
    content["sections"] = {**content["sections"], first: "Changed by the access test."}
    return {"content": content, "revision": version.revision}


def workbook(s: State, owner: str) -> bytes:
    """The matrix's export with one code added on a row of ``owner``."""
    book = load_workbook(io.BytesIO(excel.export_xlsx(s.matrix)))
    sheet = book[excel.SHEET]
    header = [c.value for c in sheet[1]]
    column = header.index(s.free_column.label) + 1
    row = s.rows[owner]
    for cells in sheet.iter_rows(min_row=2):
        if cells[1].value == row.title:
            sheet.cell(row=cells[0].row, column=column, value="I")
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def upload(s: State, owner: str) -> io.BytesIO:
    data = io.BytesIO(workbook(s, owner))
    data.name = "raci.xlsx"
    return data


# -- the writes ------------------------------------------------------------------------------


Call = Callable[[Client, APIClient, State], Any]
Rule = Callable[[str], bool]


@dataclass(frozen=True)
class Write:
    name: str
    call: Call
    allowed: Rule
    # The answers a member who may not do it gets (the outsider always gets a 404).
    refused: Callable[[str], tuple[int, ...]] = lambda u: (404,)
    # Run before the write, inside its savepoint, given the acting username.
    setup: Callable[[State, str], Any] | None = None
    # The API error code a refused member is told, if any.
    refusal_code: str = ""


def may(action: str, owner: str = "shared") -> Rule:
    return lambda u: expected(u, action, owner)


def may_sign_mou(owner: str) -> Rule:
    """An MOU: the SME, a signatory of the SME's party and the other party's Program Manager."""
    return lambda u: u in _mou_signers(owner) or expected(u, "sign", owner)


def _post(path: Callable[[State], str], data: Callable[[State], Any] | None = None) -> Call:
    return lambda web, api, s: web.post(path(s), data(s) if data else {})


def _api(
    method: str, path: Callable[[State], str], data: Callable[[State], Any] | None = None
) -> Call:
    def call(web: Client, api: APIClient, s: State) -> Any:
        body = data(s) if data else {}
        return getattr(api, method)(path(s), body, format="json")

    return call


def _multipart(path: Callable[[State], str], owner: str) -> Call:
    return lambda web, api, s: api.post(path(s), {"file": upload(s, owner)}, format="multipart")


CODES_REFUSED = lambda u: (403,)  # noqa: E731 - a member is told whose row it is
SIGN_REFUSED = lambda u: (302, 400)  # noqa: E731 - the version page with the refusal


def void_refused(owner: str) -> Callable[[str], tuple[int, ...]]:
    """An editor of an owning party who is no manager is told so (403); others get a 404."""
    return lambda u: (403,) if expected(u, "change", owner) else (404,)


def structure_then(status: int) -> Callable[[str], tuple[int, ...]]:
    """A structure write that touches codes: an editor who may not set them is told why
    (``status``); anyone who changes no structure gets a 404."""
    return lambda u: (status,) if expected(u, "change", "shared") else (404,)


def _undo_setup(s: State, username: str) -> None:
    """The user's own last change if they may set codes of the shared row; otherwise another
    member's, which is not theirs to undo."""
    by = username if expected(username, "change", "shared") else "customer.program_manager"
    cell_services.cell_set(
        acting_user=s.world.user(by),
        matrix=s.matrix,
        row=s.rows["shared"],
        column=s.free_column,
        code="I",
        revision=0,
    )


def _cell_url(owner: str) -> Callable[[State], str]:
    return lambda s: f"{P}/matrix/cells/{s.rows[owner].pk}/{s.free_column.pk}/"


def _batch(owner: str) -> Callable[[State], Any]:
    return lambda s: {
        "cells": [{"row": s.rows[owner].pk, "column": s.free_column.pk, "code": "C", "revision": 0}]
    }


MATRIX_WRITES = [
    # codes: the owning party's editors (shared rows: both)
    *(
        Write(
            f"set a code of a {owner} row",
            _post(_cell_url(owner), lambda s: {"code": "C", "revision": 0}),
            may("change", owner),
            CODES_REFUSED,
        )
        for owner in ("customer", "provider", "shared")
    ),
    *(
        Write(
            f"API: set a code of a {owner} row",
            _api("post", lambda s: f"{API}/raci/cells/", _batch(owner)),
            may("change", owner),
            CODES_REFUSED,
        )
        for owner in ("customer", "provider", "shared")
    ),
    Write(
        "clear a code of a customer row",
        _post(
            lambda s: (
                f"{P}/matrix/cells/{s.rows['customer'].pk}/"
                f"{RaciCell.objects.get(row=s.rows['customer'], code='R').column_id}/"
            ),
            lambda s: {"code": "", "revision": 1},
        ),
        may("change", "customer"),
        CODES_REFUSED,
    ),
    Write(
        "undo one's last change",
        _post(lambda s: f"{P}/matrix/undo/"),
        may("change", "shared"),
        lambda u: (302,),  # "You have no change of this matrix to undo."
        setup=_undo_setup,
    ),
    *(
        Write(
            f"import a workbook changing a {owner} row",
            lambda web, api, s, owner=owner: web.post(  # type: ignore[misc]
                f"{P}/matrix/import/", {"file": upload(s, owner)}
            ),
            may("change", owner),
            lambda u: (400,),  # the import page lists the cells refused
        )
        for owner in ("customer", "provider")
    ),
    Write(
        "API: import a workbook changing a provider row",
        _multipart(lambda s: f"{API}/raci/import/", "provider"),
        may("change", "provider"),
        lambda u: (400,),
    ),
    # structure: editors of either party
    Write(
        "change the variant",
        _post(
            lambda s: f"{P}/matrix/structure/",
            lambda s: {"form": "matrix", "variant": "rasci", "overload_limit": "12"},
        ),
        may("change"),
    ),
    Write(
        "add a group",
        _post(lambda s: f"{P}/matrix/structure/", lambda s: {"form": "group", "title": "Cutover"}),
        may("change"),
    ),
    Write(
        "add a row",
        _post(
            lambda s: f"{P}/matrix/structure/",
            lambda s: {
                "form": "row",
                "title": "Cutover rehearsal",
                "group": s.group.pk,
                "kind": "activity",
                "owning_party": "customer",
                "activity_key": "",
            },
        ),
        may("change"),
    ),
    Write(
        "add a column",
        _post(
            lambda s: f"{P}/matrix/structure/",
            lambda s: {"form": "column", "role": "customer:sme", "label": ""},
        ),
        may("change"),
    ),
    Write(
        "rename a customer row",
        _post(
            lambda s: f"{P}/matrix/rows/{s.rows['customer'].pk}/edit/",
            lambda s: {
                "title": "Renamed by the access test",
                "group": s.rows["customer"].group_id,
                "kind": s.rows["customer"].kind,
                "owning_party": "customer",
                "activity_key": s.rows["customer"].activity_key,
            },
        ),
        may("change"),
    ),
    Write(
        "share a customer row",
        _post(
            lambda s: f"{P}/matrix/rows/{s.rows['customer'].pk}/edit/",
            lambda s: {
                "title": s.rows["customer"].title,
                "group": s.rows["customer"].group_id,
                "kind": s.rows["customer"].kind,
                "owning_party": "shared",
                "activity_key": s.rows["customer"].activity_key,
            },
        ),
        # Its codes change hands: only who sets them now and after.
        may("change", "customer"),
        structure_then(403),
    ),
    Write(
        "rename a group",
        _post(lambda s: f"{P}/matrix/groups/{s.group.pk}/edit/", lambda s: {"title": "Processes"}),
        may("change"),
    ),
    Write(
        "rename a column",
        _post(
            lambda s: f"{P}/matrix/columns/{s.empty_column.pk}/edit/",
            lambda s: {"label": "Agency head"},
        ),
        may("change"),
    ),
    Write(
        "move a row down",
        _post(lambda s: f"{P}/matrix/rows/{s.rows['customer'].pk}/down/"),
        may("change"),
    ),
    Write(
        "move a column down",
        _post(lambda s: f"{P}/matrix/columns/{s.empty_column.pk}/down/"),
        may("change"),
    ),
    Write(
        "remove an empty column",
        _post(lambda s: f"{P}/matrix/columns/{s.empty_column.pk}/delete/"),
        may("change"),
    ),
    Write(
        "remove a column holding codes of customer and shared rows",
        _post(lambda s: f"{P}/matrix/columns/{s.coded_column.pk}/delete/"),
        may("change", "customer"),
        structure_then(302),
    ),
    Write(
        "API: remove a column holding codes of provider rows",
        _api("delete", lambda s: f"{API}/raci/columns/{s.provider_column.pk}/"),
        may("change", "provider"),
        structure_then(403),
    ),
    Write(
        "remove a customer row holding codes",
        _post(lambda s: f"{P}/matrix/rows/{s.rows['customer'].pk}/delete/"),
        may("change", "customer"),
        structure_then(302),  # the structure page with the refusal
    ),
    Write(
        "API: change the variant",
        _api("patch", lambda s: f"{API}/raci/", lambda s: {"variant": "rasci"}),
        may("change"),
    ),
    Write(
        "API: add a row",
        _api(
            "post",
            lambda s: f"{API}/raci/rows/",
            lambda s: {"group": s.group.title, "title": "Cutover", "owning_party": "provider"},
        ),
        may("change"),
    ),
    Write(
        "API: rename a provider row",
        _api(
            "patch",
            lambda s: f"{API}/raci/rows/{s.rows['provider'].pk}/",
            lambda s: {"title": "Renamed by the access test"},
        ),
        may("change"),
    ),
    Write(
        "API: share a provider row",
        _api(
            "patch",
            lambda s: f"{API}/raci/rows/{s.rows['provider'].pk}/",
            lambda s: {"owning_party": "shared"},
        ),
        may("change", "provider"),
        structure_then(403),
    ),
    Write(
        "API: hand a provider row to the customer",
        _api(
            "patch",
            lambda s: f"{API}/raci/rows/{s.rows['provider'].pk}/",
            lambda s: {"owning_party": "customer"},
        ),
        # Only who sets the codes of both parties' rows (a portal administrator): nobody here.
        lambda u: expected(u, "change", "customer") and expected(u, "change", "provider"),
        structure_then(403),
    ),
    Write(
        "API: remove a provider row holding codes",
        _api("delete", lambda s: f"{API}/raci/rows/{s.rows['provider'].pk}/"),
        may("change", "provider"),
        structure_then(403),
    ),
    Write(
        "API: add a column",
        _api(
            "post", lambda s: f"{API}/raci/columns/", lambda s: {"party": "provider", "role": "sme"}
        ),
        may("change"),
    ),
    Write(
        "API: rename a column",
        _api(
            "patch",
            lambda s: f"{API}/raci/columns/{s.empty_column.pk}/",
            lambda s: {"label": "Agency head"},
        ),
        may("change"),
    ),
    Write(
        "API: remove an empty column",
        _api("delete", lambda s: f"{API}/raci/columns/{s.empty_column.pk}/"),
        may("change"),
    ),
]

SESSION = {"date": "2026-03-02", "kind": "testing", "topic": "Payroll parallel test"}

MOU_AND_SESSION_WRITES = [
    Write(
        "start an MOU of a customer SME",
        _post(lambda s: f"{P}/mous/new/", lambda s: {"sme": s.new_sme.pk}),
        may("change", "customer"),
        # The form offers only SMEs of the editor's own party: another is refused beside it.
        lambda u: (400,) if expected(u, "change", "provider") else (404,),
    ),
    Write(
        "API: start an MOU of a customer SME",
        _api("post", lambda s: f"{API}/raci/mous/", lambda s: {"sme": s.new_sme.pk}),
        may("change", "customer"),
        lambda u: (403,) if expected(u, "change", "provider") else (404,),
    ),
    Write(
        "record a session",
        _post(
            lambda s: f"{P}/sessions/",
            lambda s: (
                {f"new-{k}": v for k, v in SESSION.items()}
                | {"new-invited": [s.new_sme.pk], "new-attended": [s.new_sme.pk]}
            ),
        ),
        may("change"),
    ),
    Write(
        "change a session",
        _post(lambda s: f"{P}/sessions/{s.session.pk}/edit/", lambda s: SESSION),
        may("change"),
    ),
    Write(
        "delete a session", _post(lambda s: f"{P}/sessions/{s.session.pk}/delete/"), may("change")
    ),
    Write(
        "API: record a session",
        _api(
            "post",
            lambda s: f"{API}/raci/sessions/",
            lambda s: SESSION | {"attendance": [{"member": s.new_sme.pk, "attended": True}]},
        ),
        may("change"),
    ),
    Write(
        "API: change a session's attendance",
        _api(
            "put",
            lambda s: f"{API}/raci/sessions/{s.session.pk}/",
            lambda s: SESSION | {"attendance": [{"member": s.new_sme.pk, "attended": True}]},
        ),
        may("change"),
    ),
    Write(
        "API: delete a session",
        _api("delete", lambda s: f"{API}/raci/sessions/{s.session.pk}/"),
        may("change"),
    ),
]


# -- the versioned documents -----------------------------------------------------------------


@dataclass(frozen=True)
class Doc:
    """One document of the area: its key in ``State.docs``, kind, owner, who signs it, and
    the version in review the writes act on."""

    key: str
    kind: DocumentKind
    owner: str
    may_sign: Rule
    signers: Callable[[State], tuple[str, ...]]
    open_number: int

    def web(self, s: State) -> str:
        if self.key.startswith("mou-"):
            return f"{P}/mous/{s.docs[self.key].pk}/"
        return f"{P}/{self.key}/"

    def api(self, s: State) -> str:
        if self.key.startswith("mou-"):
            return f"{API}/raci/mous/{s.docs[self.key].pk}/"
        return f"{API}/{self.key}/"

    def open(self, s: State) -> DocumentVersion:
        return s.version(self.key, self.open_number)


DOCS = [
    Doc("role-agreement", ROLE_AGREEMENT_KIND, "shared", may("sign"), lambda s: SPONSORS, 2),
    Doc("resource-plan", RESOURCE_PLAN_KIND, "shared", may("sign"), lambda s: SPONSORS, 2),
    *(
        Doc(
            f"mou-{owner}",
            SME_MOU_KIND,
            owner,
            may_sign_mou(owner),
            lambda s, owner=owner: _mou_signers(owner),  # type: ignore[misc]
            1,
        )
        for owner in ("customer", "provider")
    ),
]


def _approve(d: Doc) -> Callable[[State, str], None]:
    return lambda s, u: _sign(s.world, d.open(s), *d.signers(s))


def _to_draft(d: Doc) -> Callable[[State, str], Any]:
    owner = "customer" if d.owner == "shared" else d.owner
    return lambda s, u: document_services.version_return_to_draft(
        acting_user=s.world.user(f"{owner}.program_manager"), version=d.open(s)
    )


def _signed_once(d: Doc) -> Callable[[State, str], None]:
    return lambda s, u: _sign(s.world, d.open(s), d.signers(s)[0])


def _remove(d: Doc) -> Callable[[State, str], Any]:
    return lambda s, u: Document.objects.filter(pk=s.docs[d.key].pk).delete()


def document_writes(d: Doc) -> list[Write]:
    name = d.key.replace("-", " ")
    n = d.open_number
    v = lambda s: f"{d.web(s)}v{n}/"  # noqa: E731
    av = lambda s: f"{d.api(s)}versions/{n}/"  # noqa: E731
    reason = {"reason": "scope_change", "reason_text": "Payroll joins the scope."}
    writes = [
        Write(
            f"{name}: new version",
            _post(lambda s: f"{d.web(s)}new-version/", lambda s: reason),
            may("change", d.owner),
            setup=_approve(d),
        ),
        Write(
            f"{name}: edit the version in review",
            _post(lambda s: f"{v(s)}edit/", lambda s: form_data(d.kind, d.open(s))),
            may("change", d.owner),
        ),
        Write(
            f"{name}: submit",
            _post(lambda s: f"{v(s)}submit/"),
            may("change", d.owner),
            setup=_to_draft(d),
        ),
        Write(
            f"{name}: return to draft",
            _post(lambda s: f"{v(s)}return-to-draft/"),
            may("change", d.owner),
        ),
        Write(
            f"{name}: return the signed version to draft",
            _post(lambda s: f"{v(s)}return-to-draft/", lambda s: {"reason": "The scope changed."}),
            may("void_signatures", d.owner),
            void_refused(d.owner),
            setup=_signed_once(d),
        ),
        Write(
            f"{name}: sign",
            _post(
                lambda s: f"{v(s)}sign/",
                lambda s: {"content_sha256": document_services.version_sha256(d.open(s))},
            ),
            d.may_sign,
            SIGN_REFUSED,
        ),
        Write(
            f"API {name}: new version",
            _api("post", lambda s: f"{d.api(s)}versions/", lambda s: reason),
            may("change", d.owner),
            setup=_approve(d),
        ),
        Write(
            f"API {name}: edit",
            _api("patch", av, lambda s: api_content(d.kind, d.open(s))),
            may("change", d.owner),
        ),
        Write(
            f"API {name}: submit",
            _api("post", lambda s: f"{av(s)}submit/"),
            may("change", d.owner),
            setup=_to_draft(d),
        ),
        Write(
            f"API {name}: return to draft",
            _api("post", lambda s: f"{av(s)}return-to-draft/"),
            may("change", d.owner),
        ),
        Write(
            f"API {name}: return the signed version to draft",
            _api("post", lambda s: f"{av(s)}return-to-draft/", lambda s: {"reason": "Scope."}),
            may("void_signatures", d.owner),
            void_refused(d.owner),
            setup=_signed_once(d),
        ),
        Write(
            f"API {name}: sign",
            _api("post", lambda s: f"{av(s)}sign/"),
            d.may_sign,
            lambda u: (400,),
            refusal_code="not_a_signatory",
        ),
    ]
    if d.owner == "shared":  # a kind held once is started from its own page
        writes += [
            Write(
                f"{name}: start",
                _post(lambda s: f"{d.web(s)}start/"),
                may("change", d.owner),
                setup=_remove(d),
            ),
            Write(
                f"API {name}: start",
                _api("post", d.api),
                may("change", d.owner),
                setup=_remove(d),
            ),
        ]
    return writes


WRITES = [*MATRIX_WRITES, *MOU_AND_SESSION_WRITES, *(w for d in DOCS for w in document_writes(d))]


# -- the reads -------------------------------------------------------------------------------


def reads(s: State) -> list[str]:
    """Pages and API reads every member opens."""
    row, col = s.rows["shared"], s.free_column
    person = member(s.world, "customer.sme")
    paths = [
        f"{P}/",
        f"{P}/matrix/",
        f"{P}/matrix/?party=provider",
        f"{P}/matrix/cells/{row.pk}/{col.pk}/",
        f"{P}/matrix/roles/{col.pk}/",
        f"{P}/matrix/people/{person.pk}/",
        f"{P}/matrix/export.xlsx",
        f"{P}/matrix/import/",
        f"{P}/mous/",
        f"{P}/sessions/",
        f"{API}/raci/",
        f"{API}/raci/rows/",
        f"{API}/raci/rows/{row.pk}/",
        f"{API}/raci/columns/",
        f"{API}/raci/columns/{col.pk}/",
        f"{API}/raci/cells/",
        f"{API}/raci/rules/",
        f"{API}/raci/mous/",
        f"{API}/raci/sessions/",
        f"{API}/raci/sessions/{s.session.pk}/",
        f"{API}/raci/sme-attendance/",
    ]
    for d in DOCS:
        n = d.open_number
        web, api = d.web(s), d.api(s)
        paths += [
            web,
            f"{web}v{n}/",
            f"{web}compare/?a=1&b={n}",
            f"{web}v{n}/export.xlsx",
            api,
            f"{api}versions/",
            f"{api}versions/{n}/",
            f"{api}versions/compare/?a=1&b={n}",
            f"{api}versions/{n}/export/?format=xlsx",
        ]
        if n > 1:
            paths.append(f"{web}v1/")
    # One PDF of each kind (the renderer is the slow part of the matrix).
    paths += [
        f"{P}/role-agreement/v1/export.pdf",
        f"{P}/resource-plan/v2/export.pdf",
        f"{API}/raci/mous/{s.docs['mou-provider'].pk}/versions/1/export/?format=pdf",
    ]
    return paths


def guarded_reads(s: State) -> list[tuple[str, Rule]]:
    """Pages that show a form only to who may use it: 200 for them, 404 for anyone else."""
    out: list[tuple[str, Rule]] = [
        (f"{P}/matrix/structure/", may("change")),
        (f"{P}/matrix/rows/{s.rows['customer'].pk}/edit/", may("change")),
        (f"{P}/matrix/columns/{s.empty_column.pk}/edit/", may("change")),
        (
            f"{P}/mous/new/",
            lambda u: expected(u, "change", "customer") or expected(u, "change", "provider"),
        ),
        (f"{P}/sessions/{s.session.pk}/edit/", may("change")),
        (f"{P}/sessions/{s.session.pk}/delete/", may("change")),
    ]
    for d in DOCS:
        v = f"{d.web(s)}v{d.open_number}/"
        out += [
            (f"{v}edit/", may("change", d.owner)),
            (f"{v}return-to-draft/", may("change", d.owner)),
        ]
    return out


def fingerprint(s: State) -> Any:
    """Everything the writes above could touch."""
    versions = sorted(
        (
            v.document_id,
            v.number,
            v.status,
            v.revision,
            json.dumps(v.content, sort_keys=True, default=str),
        )
        for v in DocumentVersion.objects.all()
    )
    return (
        AuditEvent.objects.count(),
        list(RaciMatrix.objects.values_list("pk", "variant", "overload_limit")),
        sorted(RaciGroup.objects.values_list("pk", "title", "position")),
        sorted(
            RaciRow.objects.values_list(
                "pk", "group_id", "title", "kind", "owning_party", "activity_key", "position"
            )
        ),
        sorted(RaciColumn.objects.values_list("pk", "label", "party", "role", "position")),
        sorted(RaciCell.objects.values_list("row_id", "column_id", "code", "revision")),
        sorted(RaciCellChange.objects.values_list("pk", "after", "undone")),
        sorted(Document.objects.values_list("pk", "kind", "key", "owning_party", "title")),
        versions,
        sorted(Signature.objects.values_list("pk", "voided_at")),
        sorted(NamedSigner.objects.values_list("document_id", "user_id")),
        sorted(Session.objects.values_list("pk", "date", "kind", "topic", "notes")),
        sorted(SessionAttendance.objects.values_list("session_id", "membership_id", "attended")),
        sorted(PlayActivity.objects.values_list("program_id", "key", "status")),
    )


def _clients(world: World, username: str) -> tuple[Client, APIClient]:
    web, api = Client(), APIClient()
    web.force_login(world.user(username))
    api.force_authenticate(world.user(username))
    return web, api


@pytest.mark.parametrize("username", USERNAMES)
def test_reads(state: State, username: str) -> None:
    web, api = _clients(state.world, username)
    before = fingerprint(state)
    for path in reads(state):
        response = (api if path.startswith("/api/") else web).get(path)
        want = 200 if expected(username, "view") else 404
        assert response.status_code == want, (username, path, response.status_code)
    for path, rule in guarded_reads(state):
        response = web.get(path)
        assert response.status_code == (200 if rule(username) else 404), (
            username,
            path,
            response.status_code,
        )
    assert fingerprint(state) == before, (username, "a read changed something")


@pytest.mark.parametrize("username", USERNAMES)
def test_writes(state: State, username: str) -> None:
    web, api = _clients(state.world, username)
    for write in WRITES:
        allowed = write.allowed(username)
        with transaction.atomic():
            if write.setup is not None:
                write.setup(state, username)
            before = fingerprint(state)
            response = write.call(web, api, state)
            after = fingerprint(state)
            transaction.set_rollback(True)
        where = (username, write.name, response.status_code)
        if allowed:
            assert response.status_code < 400, (*where, getattr(response, "content", b"")[:300])
            assert after[0] > before[0], (*where, "no audit event")
            continue
        assert after == before, (*where, "a denied request changed something")
        want = (404,) if username == OUTSIDER else write.refused(username)
        assert response.status_code in want, where
        if write.refusal_code and username != OUTSIDER:
            assert response.json()["code"] == write.refusal_code, where


@pytest.mark.parametrize("username", USERNAMES)
def test_an_mou_home_offers_its_writes_only_to_its_partys_editors(
    state: State, username: str
) -> None:
    """The home of the customer SME's MOU links its editor and offers a new version only to
    the customer's editors: the provider's would get a 404 from either."""
    document = state.docs["mou-customer"]
    _sign(state.world, document.versions.get(), *_mou_signers("customer"))
    response = state.world.client(username).get(f"{P}/mous/{document.pk}/")
    if not expected(username, "view"):
        assert response.status_code == 404
        return
    page = response.content.decode()
    offers = expected(username, "change", "customer")
    assert ("new-version/" in page) == offers, username
