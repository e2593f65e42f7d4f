"""The access matrix of the Program Management Plan (activity 6): every role of every party,
and a user of another program, against its pages, writes and API actions, with the
expectations of ``tests/access.py``, as the Resource Management Plan is covered in
``tests/raci/test_access_matrix.py`` (whose write helpers this reuses).

The plan is shared: editors of both parties change it, a signatory of each signs it, members
read it, the outsider gets a 404. Denied writes change nothing. Each write runs in a savepoint
that is rolled back; the plan starts with version 1 approved and version 2 in review.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.db import transaction

from pmp.definitions import PROGRAM_MANAGEMENT_PLAN_KIND
from programs.models import AuditEvent, Document, DocumentVersion, PlayActivity, Signature
from programs.services import documents as document_services

from ..access import expected
from ..conftest import OUTSIDER, ROLE_MATRIX, World
from ..document_access import (
    State,
    Write,
    api_call,
    post,
    remove_document,
    sign_open,
    to_draft,
)
from ..raci.test_access_matrix import (
    SIGN_REFUSED,
    _clients,
    api_content,
    form_data,
    may,
    void_refused,
)
from .test_plan import add_communication, fill, sign, start, submit

USERNAMES = [name for name, *_ in ROLE_MATRIX] + [OUTSIDER]
WEB = "/programs/alpha/pmp/plan/"
API = "/api/programs/alpha/pmp/plan/"
KIND = PROGRAM_MANAGEMENT_PLAN_KIND


@pytest.fixture
def plan(world: World) -> Document:
    """Version 1 approved by both sponsors, version 2 in review."""
    add_communication(world, "HR staff newsletter")
    v1 = sign(world, submit(world, fill(world, start(world))))
    v2 = document_services.version_create_next(
        acting_user=world.user("customer.pmo_lead"),
        document=v1.document,
        reason="scope_change",
        reason_text="Payroll joins the scope.",
    )
    submit(world, v2)
    return v1.document


SPONSORS = ("customer.executive_sponsor", "provider.executive_sponsor")
REASON = {"reason": "scope_change", "reason_text": "Payroll joins the scope."}
V2, AV2 = f"{WEB}v2/", f"{API}versions/2/"

WRITES = [
    Write(
        "new version",
        post(lambda s: f"{WEB}new-version/", lambda s: REASON),
        may("change"),
        setup=sign_open(*SPONSORS),
    ),
    Write(
        "edit the version in review",
        post(lambda s: f"{V2}edit/", lambda s: form_data(KIND, s.open())),
        may("change"),
    ),
    Write("submit", post(lambda s: f"{V2}submit/"), may("change"), setup=to_draft),
    Write("return to draft", post(lambda s: f"{V2}return-to-draft/"), may("change")),
    Write(
        "return the signed version to draft",
        post(lambda s: f"{V2}return-to-draft/", lambda s: {"reason": "The scope changed."}),
        may("void_signatures"),
        void_refused("shared"),
        setup=sign_open(SPONSORS[0]),
    ),
    Write(
        "sign",
        post(
            lambda s: f"{V2}sign/",
            lambda s: {"content_sha256": document_services.version_sha256(s.open())},
        ),
        may("sign"),
        SIGN_REFUSED,
    ),
    Write("start", post(lambda s: f"{WEB}start/"), may("change"), setup=remove_document),
    Write(
        "API: new version",
        api_call("post", lambda s: f"{API}versions/", lambda s: REASON),
        may("change"),
        setup=sign_open(*SPONSORS),
    ),
    Write(
        "API: edit",
        api_call("patch", lambda s: AV2, lambda s: api_content(KIND, s.open())),
        may("change"),
    ),
    Write(
        "API: submit", api_call("post", lambda s: f"{AV2}submit/"), may("change"), setup=to_draft
    ),
    Write(
        "API: return to draft", api_call("post", lambda s: f"{AV2}return-to-draft/"), may("change")
    ),
    Write(
        "API: sign",
        api_call("post", lambda s: f"{AV2}sign/"),
        may("sign"),
        lambda u: (400,),
        refusal_code="not_a_signatory",
    ),
    Write("API: start", api_call("post", lambda s: API), may("change"), setup=remove_document),
]

READS = [
    WEB,
    V2,
    f"{WEB}v1/",
    f"{WEB}compare/?a=1&b=2",
    f"{V2}export.xlsx",
    f"{V2}export.pdf",
    API,
    f"{API}versions/",
    AV2,
    f"{API}versions/compare/?a=1&b=2",
    f"{AV2}export/?format=xlsx",
]
GUARDED = [(f"{V2}edit/", "change"), (f"{V2}return-to-draft/", "change")]


def fingerprint() -> Any:
    return (
        AuditEvent.objects.count(),
        sorted(Document.objects.values_list("pk", "kind", "owning_party", "title")),
        sorted(
            (v.document_id, v.number, v.status, v.revision, json.dumps(v.content, sort_keys=True))
            for v in DocumentVersion.objects.all()
        ),
        sorted(Signature.objects.values_list("pk", "voided_at")),
        sorted(PlayActivity.objects.values_list("program_id", "key", "status")),
    )


@pytest.mark.parametrize("username", USERNAMES)
def test_reads(world: World, plan: Document, username: str) -> None:
    web, api = _clients(world, username)
    before = fingerprint()
    for path in READS:
        response = (api if path.startswith("/api/") else web).get(path)
        want = 200 if expected(username, "view") else 404
        assert response.status_code == want, (username, path, response.status_code)
    for path, action in GUARDED:
        want = 200 if expected(username, action) else 404
        assert web.get(path).status_code == want, (username, path)
    assert fingerprint() == before, (username, "a read changed something")


@pytest.mark.parametrize("username", USERNAMES)
def test_writes(world: World, plan: Document, username: str) -> None:
    web, api = _clients(world, username)
    state = State(world, plan)
    for write in WRITES:
        allowed = write.allowed(username)
        with transaction.atomic():
            if write.setup is not None:
                write.setup(state, username)
            before = fingerprint()
            response = write.call(web, api, state)
            after = fingerprint()
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
