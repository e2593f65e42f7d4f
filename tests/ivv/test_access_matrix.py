"""Every role of every party, and a member of another program, against the IV&V area:

- each action on a finding, through its page: the allowed ones move it; a member refused
  sees the rule and nothing changes; the outsider finds nothing (404);
- the register's exports and API list: every member reads them;
- closure evidence on a finding the provider answers: its editors and the IV&V agent attach
  and remove it until the finding is closed, every member downloads it; a refusal stores no
  file and writes no row;
- the IV&V plan, the customer's: its editors change it, a customer signatory signs it, the
  provider and the IV&V agent read it (its review comments: tests/programs/
  test_review_access_matrix.py);
- the overdue notice emails only the answering party of the finding's own program."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from rest_framework.test import APIClient

from ivv import services
from ivv.models import CLOSURE_EVIDENCE, Finding
from ivv.plan import IVV_PLAN, IVV_PLAN_KIND
from ivv.tasks import notify_overdue_findings
from programs.models import Attachment, AuditEvent, Document, DocumentVersion, Signature
from programs.services import documents as document_services
from tests.access import CUSTOMER, expected
from tests.conftest import OUTSIDER, ROLE_MATRIX, World
from tests.factories import make_member
from tests.programs.attachment_files import pdf

from .conftest import IVV, advance, answer, attach_evidence, file_finding, owner_of, plan_in_review

PROVIDER_EDITORS = {"provider.program_manager", "provider.pmo_lead", "provider.pmo_team"}

# action -> (the state the finding starts in, who may, what the form sends)
MATRIX: dict[str, tuple[str, set[str]]] = {
    "answer": ("open", PROVIDER_EDITORS),
    "start": ("answered", PROVIDER_EDITORS),
    "propose_closure": ("in_progress", PROVIDER_EDITORS),
    "close": ("closure_proposed", {IVV}),
    "send_back": ("closure_proposed", {IVV}),
    "accept_risk": ("open", {"customer.executive_sponsor"}),
    "escalate": ("non_concur", {IVV}),
    "reopen": ("closed", {IVV}),
}


def _payload(world: World, action: str) -> dict[str, Any]:
    if action == "answer":
        return {
            "answer-response": "concur",
            "answer-corrective_action": "Reconcile control totals.",
            "answer-action_owner": owner_of(world).pk,
            "answer-action_target": (date.today() + timedelta(days=20)).isoformat(),
        }
    if action == "propose_closure":
        return {"propose_closure-evidence": "Reconciliation report."}
    return {f"{action}-reason": "Stated."}


def _state(finding: Finding) -> tuple[Any, ...]:
    finding.refresh_from_db()
    return (
        finding.status,
        finding.response,
        finding.escalated_at,
        finding.history.count(),
        AuditEvent.objects.count(),
    )


@pytest.mark.parametrize("action", list(MATRIX))
def test_each_action_for_every_role(world: World, action: str) -> None:
    start, allowed = MATRIX[action]
    for who in world.users:
        finding = advance(world, file_finding(world), start)
        if action == "propose_closure":
            attach_evidence(world, finding)
        before = _state(finding)
        url = f"/programs/alpha/ivv/{finding.number}/{action}/"
        response = world.client(who).post(url, _payload(world, action))
        if who == OUTSIDER:
            assert response.status_code == 404, who
        elif who in allowed:
            assert response.status_code == 302, (who, response.content[:2000])
        else:
            assert response.status_code == 400, who
            assert b"Only " in response.content, who
        if who not in allowed:
            assert _state(finding) == before, who
        else:
            assert _state(finding) != before, who


def test_filing_and_editing_for_every_role(world: World) -> None:
    finding = file_finding(world)
    form = {
        "title": "Edited",
        "raised_on": date.today().isoformat(),
        "source": "test",
        "category": "testing",
        "severity": "3",
        "integrity_level": "2",
        "answering_party": "customer",
        "description": "Test scripts cover no negative cases.",
    }
    for who in world.users:
        client = world.client(who)
        new = client.post("/programs/alpha/ivv/new/", form)
        edit = client.post(f"/programs/alpha/ivv/{finding.number}/edit/", form)
        page = client.get(f"/programs/alpha/ivv/{finding.number}/")
        register = client.get("/programs/alpha/ivv/")
        if who == OUTSIDER:
            assert {new.status_code, edit.status_code, page.status_code} == {404}
            assert register.status_code == 404
            continue
        assert page.status_code == register.status_code == 200, who
        if who == IVV:
            assert new.status_code == edit.status_code == 302
        else:
            assert new.status_code == edit.status_code == 404, who
    assert Finding.objects.count() == 2
    finding.refresh_from_db()
    assert finding.title == "Edited"


def test_the_api_reads_and_refuses_alike(world: World) -> None:
    finding = file_finding(world)
    for who in world.users:
        client = world.client(who)
        listed = client.get("/api/programs/alpha/ivv/findings/")
        one = client.get(f"/api/programs/alpha/ivv/findings/{finding.number}/")
        close = client.post(f"/api/programs/alpha/ivv/findings/{finding.number}/close/", {})
        if who == OUTSIDER:
            assert listed.status_code == one.status_code == close.status_code == 404
            continue
        assert listed.status_code == one.status_code == 200, who
        assert close.status_code in (400, 403), who
    finding.refresh_from_db()
    assert finding.status == "open"


def test_exports_and_the_api_list_for_every_role(world: World) -> None:
    """The register's Excel and PDF exports and the API list: every member, never the
    outsider."""
    finding = file_finding(world)
    paths = [
        "/programs/alpha/ivv/export.xlsx",
        "/programs/alpha/ivv/export.pdf",
        "/api/programs/alpha/ivv/findings/",
        f"/api/programs/alpha/ivv/findings/{finding.number}/history/",
    ]
    for who in world.users:
        client = world.client(who)
        for path in paths:
            response = client.get(path)
            want = 404 if who == OUTSIDER else 200
            assert response.status_code == want, (who, path)
            if want == 200 and path.endswith("/findings/"):
                assert finding.reference in response.content.decode(), who


# -- files attached to a finding: closure evidence -------------------------------------------

ATTACHERS = PROVIDER_EDITORS | {IVV}


def _files(settings: Any) -> int:
    return sum(1 for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file())


def _file_state(finding: Finding, settings: Any) -> tuple[Any, ...]:
    return (
        sorted(Attachment.objects.values_list("uuid", "removed_at")),
        AuditEvent.objects.count(),
        _files(settings),
    )


def _upload(web: Client, api: APIClient, finding: Finding, channel: str) -> Any:
    upload = SimpleUploadedFile("reconciliation.pdf", pdf(), content_type="application/pdf")
    if channel == "web":
        return web.post(
            f"/programs/alpha/attachments/of/ivv.finding/{finding.pk}/add/",
            {"file": upload, "purpose": CLOSURE_EVIDENCE},
        )
    return api.post(
        "/api/programs/alpha/attachments/",
        {
            "target_type": "ivv.finding",
            "target_id": finding.pk,
            "file": upload,
            "purpose": CLOSURE_EVIDENCE,
        },
        format="multipart",
    )


def _remove(web: Client, api: APIClient, attachment: Attachment, channel: str) -> Any:
    data = {"reason": "The wrong report."}
    if channel == "web":
        return web.post(f"/programs/alpha/attachments/{attachment.uuid}/remove/", data)
    return api.post(f"/api/programs/alpha/attachments/{attachment.uuid}/remove/", data)


def _clients(world: World, who: str) -> tuple[Client, APIClient]:
    web, api = world.client(who), APIClient()
    api.force_authenticate(world.user(who))
    return web, api


@pytest.mark.parametrize("state", ["in_progress", "closure_proposed", "closed"])
def test_closure_evidence_for_every_role(world: World, settings: Any, state: str) -> None:
    """On a finding the provider answers: its editors and the IV&V agent attach and remove
    closure evidence until the finding is closed; nobody else (the customer, viewers), and
    nobody at all once it is closed. A refusal is a 404 (nothing to attach to or remove) that
    stores no file and writes no row; the outsider finds nothing."""
    finding = advance(world, file_finding(world), state)
    if state == "in_progress":
        attach_evidence(world, finding)
    evidence = Attachment.objects.get()
    for who in world.users:
        web, api = _clients(world, who)
        for channel in ("web", "api"):
            for write in ("upload", "remove"):
                with transaction.atomic():
                    before = _file_state(finding, settings)
                    if write == "upload":
                        response = _upload(web, api, finding, channel)
                    else:
                        response = _remove(web, api, evidence, channel)
                    after = _file_state(finding, settings)
                    transaction.set_rollback(True)
                where = (who, state, channel, write, response.status_code)
                if who in ATTACHERS and state != "closed":
                    assert response.status_code in (201, 204, 302), where
                    assert after[0] != before[0] and after[1] > before[1], where
                else:
                    assert response.status_code == 404, where
                    assert after == before, (*where, "a refused write changed something")


@pytest.mark.parametrize("state", ["closure_proposed", "closed"])
def test_every_member_downloads_the_evidence(world: World, state: str) -> None:
    finding = advance(world, file_finding(world), state)
    evidence = Attachment.objects.get()
    paths = [
        f"/programs/alpha/attachments/{evidence.uuid}/",
        f"/programs/alpha/attachments/of/ivv.finding/{finding.pk}/",
        f"/api/programs/alpha/attachments/{evidence.uuid}/download/",
        f"/api/programs/alpha/attachments/?target_type=ivv.finding&target_id={finding.pk}",
    ]
    for who in world.users:
        web, api = _clients(world, who)
        for path in paths:
            response = (api if path.startswith("/api/") else web).get(path)
            want = 404 if who == OUTSIDER else 200
            assert response.status_code == want, (who, path)
            if want == 200 and ("download" in path or path.endswith(f"{evidence.uuid}/")):
                body = b"".join(response.streaming_content)  # type: ignore[attr-defined]
                assert body.startswith(b"%PDF"), (who, path)


# -- the IV&V plan: the customer's document ------------------------------------------------

PLAN = "/programs/alpha/ivv/plan"
PLAN_API = "/api/programs/alpha/ivv-plan"


def _plan_form(version: DocumentVersion) -> dict[str, str]:
    """The editor's form as a browser submits it, with one section changed."""
    content = version.content
    data = {"base_revision": str(version.revision)}
    for s in IVV_PLAN_KIND.sections:
        data[f"section-{s.key}"] = content["sections"].get(s.key) or ""
    data["section-tools"] = "Requirements management tool; test coverage reports."
    for f in IVV_PLAN_KIND.fields:
        value = content.get("fields", {}).get(f.key)
        data[f"field-{f.key}"] = "" if value is None else str(value)
    for t in IVV_PLAN_KIND.tables:
        for number, row in enumerate([*content["tables"].get(t.key, []), {}], start=1):
            for c in t.columns:
                data[f"{t.key}-{number}-{c.key}"] = str(row.get(c.key) or "")
    return data


def _plan_api_edit(version: DocumentVersion) -> dict[str, Any]:
    content = {k: v for k, v in version.content.items() if k != "stakeholders"}
    content["sections"] = {**content["sections"], "tools": "Test coverage reports."}
    return {"content": content, "revision": version.revision}


def _to_draft(v: DocumentVersion) -> None:
    document_services.version_return_to_draft(
        acting_user=v.document.program.memberships.get(user__username="customer.pmo_lead").user,
        version=v,
    )


def _approve(v: DocumentVersion) -> None:
    sponsor = v.document.program.memberships.get(user__username="customer.executive_sponsor")
    document_services.version_sign(acting_user=sponsor.user, version=v)


def _unstart(v: DocumentVersion) -> None:
    Document.objects.filter(pk=v.document_id).delete()


def _sha(v: DocumentVersion) -> dict[str, str]:
    return {"content_sha256": document_services.version_sha256(v)}


NEW_VERSION = {"reason": "scope_change", "reason_text": "Payroll joins the scope."}

# name -> (what the program looks like first, the request, the action of ``expected``)
PLAN_WRITES: dict[str, tuple[Any, Any, str]] = {
    "start": (_unstart, lambda w, a, v: w.post(f"{PLAN}/start/"), "change"),
    "API: start": (_unstart, lambda w, a, v: a.post(f"{PLAN_API}/", {}, format="json"), "change"),
    "edit": (None, lambda w, a, v: w.post(f"{PLAN}/v1/edit/", _plan_form(v)), "change"),
    "API: edit": (
        None,
        lambda w, a, v: a.patch(f"{PLAN_API}/versions/1/", _plan_api_edit(v), format="json"),
        "change",
    ),
    "submit": (_to_draft, lambda w, a, v: w.post(f"{PLAN}/v1/submit/"), "change"),
    "API: submit": (_to_draft, lambda w, a, v: a.post(f"{PLAN_API}/versions/1/submit/"), "change"),
    "return to draft": (None, lambda w, a, v: w.post(f"{PLAN}/v1/return-to-draft/"), "change"),
    "API: return to draft": (
        None,
        lambda w, a, v: a.post(f"{PLAN_API}/versions/1/return-to-draft/", {}, format="json"),
        "change",
    ),
    "sign": (None, lambda w, a, v: w.post(f"{PLAN}/v1/sign/", _sha(v)), "sign"),
    "API: sign": (
        None,
        lambda w, a, v: a.post(f"{PLAN_API}/versions/1/sign/", _sha(v), format="json"),
        "sign",
    ),
    "new version": (
        _approve,
        lambda w, a, v: w.post(f"{PLAN}/new-version/", NEW_VERSION),
        "change",
    ),
    "API: new version": (
        _approve,
        lambda w, a, v: a.post(f"{PLAN_API}/versions/", NEW_VERSION, format="json"),
        "change",
    ),
}


def _plan_state() -> tuple[Any, ...]:
    return (
        AuditEvent.objects.count(),
        sorted(
            (v.document_id, v.number, v.status, v.revision, json.dumps(v.content, sort_keys=True))
            for v in DocumentVersion.objects.filter(document__kind=IVV_PLAN)
        ),
        Signature.objects.filter(voided_at__isnull=True).count(),
    )


@pytest.mark.parametrize("who", [name for name, *_ in ROLE_MATRIX] + [OUTSIDER])
def test_the_plan_for_every_role(world: World, who: str) -> None:
    """The customer's editors start, edit, submit, return to draft and start new versions of
    the IV&V plan; a customer signatory signs it; the provider and the IV&V agent read it. A
    member refused finds nothing to change (404), or is told they sign for no party; nothing
    changes. The outsider finds nothing."""
    version = plan_in_review(world)
    web, api = _clients(world, who)
    for name, (setup, call, action) in PLAN_WRITES.items():
        allowed = expected(who, action, CUSTOMER)
        version.refresh_from_db()
        with transaction.atomic():
            if setup is not None:
                setup(version)
            before = _plan_state()
            response = call(web, api, version)
            after = _plan_state()
            transaction.set_rollback(True)
        where = (who, name, response.status_code)
        if allowed:
            assert response.status_code < 400, (*where, response.content[:500])
            assert after[0] > before[0] and after != before, (*where, "nothing recorded")
            continue
        assert after == before, (*where, "a denied request changed something")
        if action == "sign" and who != OUTSIDER:
            assert response.status_code == 400, where
            if name.startswith("API"):
                assert response.json()["code"] == "not_a_signatory", where
        else:
            assert response.status_code == 404, where


PLAN_READS = [
    f"{PLAN}/",
    f"{PLAN}/v1/",
    f"{PLAN}/compare/?a=1&b=1",
    f"{PLAN}/v1/export.pdf",
    f"{PLAN}/v1/export.xlsx",
    f"{PLAN_API}/",
    f"{PLAN_API}/versions/",
    f"{PLAN_API}/versions/1/",
    f"{PLAN_API}/versions/1/export/?format=pdf",
    f"{PLAN_API}/versions/1/export/?format=xlsx",
]


def test_every_member_reads_the_plan(world: World) -> None:
    plan_in_review(world)
    for who in world.users:
        web, api = _clients(world, who)
        for path in PLAN_READS:
            response = (api if path.startswith("/api/") else web).get(path)
            assert response.status_code == (404 if who == OUTSIDER else 200), (who, path)
        editor = web.get(f"{PLAN}/v1/edit/").status_code
        assert editor == (200 if expected(who, "change", CUSTOMER) else 404), who


# -- the overdue notice: only the answering party of the finding's program ---------------------


def test_overdue_notices_reach_only_the_answering_party_of_the_program(
    world: World, mailoutbox: list[Any], django_capture_on_commit_callbacks: Any
) -> None:
    """Each late finding is emailed to its answering party's editors and its corrective
    action's owner in its own program: never the other party, viewers, the IV&V party, or a
    member of another program (whose own late finding reaches only its own provider)."""
    late = date.today() - timedelta(days=60)
    provider_late = file_finding(world, raised_on=late, severity=1)
    customer_late = file_finding(world, raised_on=late, answering_party="customer")
    answer(world, customer_late)  # owner: customer.pmo_lead
    Finding.objects.filter(pk=customer_late.pk).update(action_target=date.today() - timedelta(1))
    beta = world.other_program
    beta_ivv = make_member(beta, "beta.ivv_agent", "independent", "ivv_agent").user
    make_member(beta, "beta.provider_pm", "provider", "program_manager")
    services.finding_create(
        acting_user=beta_ivv,
        program=beta,
        title="Interfaces untested",
        raised_on=late,
        source="artifact",
        category="testing",
        severity=1,
        integrity_level=3,
        description="No interface test plan.",
        answering_party="provider",
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert notify_overdue_findings() == 3
    sent: dict[str, set[str]] = {}
    for message in mailoutbox:
        sent.setdefault(message.subject.split(" is overdue")[0], set()).update(message.to)

    def emails(*names: str) -> set[str]:
        return {f"{name}@example.gov" for name in names}

    editors = ("program_manager", "pmo_lead", "pmo_team")
    assert sent == {
        f"[alpha] {provider_late.reference}": emails(*(f"provider.{r}" for r in editors)),
        f"[alpha] {customer_late.reference}": emails(*(f"customer.{r}" for r in editors)),
        "[beta] IVV-001": emails("beta.provider_pm"),
    }
