"""The IV&V agent's periodic report: a document owned by the independent party, written and
signed by the IV&V agent alone (a named signer, no party signatory), read by every member;
the findings of its period frozen at review; one report per period."""

from __future__ import annotations

import datetime as dt
import importlib
import subprocess
from typing import Any

import pytest
from django.apps import apps as django_apps
from django.core.exceptions import PermissionDenied
from guardian.core import ObjectPermissionChecker

from ivv.choices import FindingStatus
from ivv.models import Finding
from ivv.report import IVV_REPORT
from ivv.report_services import report_create
from programs import policy
from programs.choices import DocumentStatus, OwningParty, Role
from programs.errors import DomainError
from programs.models import Document, DocumentVersion, Membership, Signature
from programs.services import documents as document_services
from programs.services import memberships as membership_services
from tests.conftest import OUTSIDER, ROLE_MATRIX, World
from tests.factories import superuser

from .conftest import file_finding

IVV = "independent.ivv_agent"
START, END = dt.date(2026, 10, 1), dt.date(2026, 10, 31)
PERM = "change_independent_artifacts"


def start_report(world: World, start: dt.date = START, end: dt.date = END) -> Document:
    return report_create(
        acting_user=world.user(IVV), program=world.program, period_start=start, period_end=end
    )


def fill(world: World, version: DocumentVersion, **fields: Any) -> DocumentVersion:
    content = {
        "fields": {
            "period_start": START.isoformat(),
            "period_end": END.isoformat(),
            "assessment": "2",
            **fields,
        },
        "sections": {"reasons": "Two critical findings are past due."},
    }
    return document_services.version_update_content(
        acting_user=world.user(IVV),
        version=version,
        content=content,
        base_revision=version.revision,
    )


def report_in_review(world: World) -> DocumentVersion:
    document = start_report(world)
    version = fill(world, document.versions.get())
    return document_services.version_submit(acting_user=world.user(IVV), version=version)


def _perms(world: World, name: str) -> set[str]:
    return set(ObjectPermissionChecker(world.user(name)).get_perms(world.program))


# -- the permission --------------------------------------------------------------------


def test_only_the_ivv_agent_holds_the_permission_to_change_independent_artifacts(
    world: World,
) -> None:
    holders = {name for name in world.users if PERM in _perms(world, name)}
    assert holders == {IVV}


def test_the_permission_goes_when_the_agent_changes_role_or_leaves(world: World) -> None:
    membership = Membership.objects.get(program=world.program, user=world.user(IVV))
    membership_services.membership_update(
        acting_user=superuser(), membership=membership, role=Role.VIEWER
    )
    assert PERM not in _perms(world, IVV)
    membership_services.membership_update(
        acting_user=superuser(), membership=membership, role=Role.IVV_AGENT
    )
    assert PERM in _perms(world, IVV)
    membership_services.membership_delete(acting_user=superuser(), membership=membership)
    assert PERM not in _perms(world, IVV)


def test_the_migration_grants_the_permission_to_existing_agents(world: World) -> None:
    from guardian.shortcuts import remove_perm

    remove_perm(f"programs.{PERM}", world.user(IVV), world.program)
    assert PERM not in _perms(world, IVV)
    migration = importlib.import_module("programs.migrations.0011_independent_owned_artifacts")
    migration.grant_to_ivv_agents(django_apps, None)
    assert PERM in _perms(world, IVV)
    assert {name for name in world.users if PERM in _perms(world, name)} == {IVV}


def test_independent_owned_documents_are_signed_by_no_party() -> None:
    assert OwningParty.INDEPENDENT.parties == ("independent",)
    assert OwningParty.INDEPENDENT.signing_parties == ()
    assert OwningParty.INDEPENDENT.code == "I"


# -- writing and signing ---------------------------------------------------------------


def test_the_agent_writes_submits_and_signs_alone_and_the_report_is_approved(
    world: World,
) -> None:
    version = report_in_review(world)
    document = version.document
    assert document.key == "period-2026-10"
    assert document.owning_party == OwningParty.INDEPENDENT
    assert document.signing_parties == ()
    requirements = document_services.signing_requirements(version)
    assert [(r.label, r.party, r.user_id) for r in requirements] == [
        (
            "IV&V agent (author): " + (world.user(IVV).get_full_name() or IVV),
            None,
            world.user(IVV).pk,
        )
    ]
    signature = document_services.version_sign(acting_user=world.user(IVV), version=version)
    assert signature.named and signature.party == "independent"
    version.refresh_from_db()
    assert version.status == DocumentStatus.APPROVED


@pytest.mark.parametrize("name", [name for name, *_ in ROLE_MATRIX if name != IVV] + [OUTSIDER])
def test_nobody_else_changes_or_signs_a_report(world: World, name: str) -> None:
    version = report_in_review(world)
    user = world.user(name)
    before = (version.content, version.revision, version.status)
    assert policy.can(user, "view", version) is (name != OUTSIDER)
    assert not policy.can(user, "change", version)
    assert not policy.can(user, "sign", version)
    with pytest.raises(PermissionDenied):
        document_services.version_update_content(
            acting_user=user,
            version=version,
            content=version.content,
            base_revision=version.revision,
        )
    with pytest.raises(PermissionDenied):
        document_services.version_return_to_draft(acting_user=user, version=version)
    with pytest.raises(DomainError):
        document_services.version_sign(acting_user=user, version=version)
    with pytest.raises(PermissionDenied):
        report_create(
            acting_user=user,
            program=world.program,
            period_start=dt.date(2026, 11, 1),
            period_end=dt.date(2026, 11, 30),
        )
    version.refresh_from_db()
    assert (version.content, version.revision, version.status) == before
    assert not Signature.objects.filter(version=version).exists()
    assert Document.objects.filter(kind=IVV_REPORT).count() == 1
    editable = policy.restrict(DocumentVersion.objects.all(), user, "change")
    assert not editable.filter(pk=version.pk).exists()


def test_the_agent_edits_only_independent_documents(world: World) -> None:
    agent = world.user(IVV)
    for owner in ("customer", "provider", "shared"):
        assert not policy.can(agent, "change", Document(program=world.program, owning_party=owner))
    assert policy.can(agent, "change", Document(program=world.program, owning_party="independent"))


# -- the findings of the period --------------------------------------------------------


def test_findings_are_frozen_at_review_and_stay_as_the_register_moves_on(world: World) -> None:
    opened = file_finding(world, title="Opened in October", raised_on=dt.date(2026, 10, 5))
    Finding.objects.filter(pk=opened.pk).update(response_due=dt.date(2026, 11, 6))
    late = file_finding(
        world, title="Late answer", raised_on=dt.date(2026, 9, 1), answering_party="customer"
    )
    Finding.objects.filter(pk=late.pk).update(response_due=dt.date(2026, 9, 20))
    closed = file_finding(world, title="Closed in October", raised_on=dt.date(2026, 9, 2))
    Finding.objects.filter(pk=closed.pk).update(
        status=FindingStatus.CLOSED, closed_on=dt.date(2026, 10, 20)
    )
    file_finding(world, title="Opened in November", raised_on=dt.date(2026, 11, 3))

    version = report_in_review(world)
    frozen = version.content["frozen"]["findings"]
    assert [r["title"] for r in frozen["opened"]] == ["Opened in October"]
    assert [r["title"] for r in frozen["closed"]] == ["Closed in October"]
    assert [r["title"] for r in frozen["overdue"]] == ["Late answer"]
    row = frozen["overdue"][0]
    assert row["reference"] == late.reference and row["answering_party"] == "Customer"
    assert row["severity"] == late.get_severity_display() and row["status"] == "Open"

    Finding.objects.filter(pk=opened.pk).update(raised_on=dt.date(2026, 11, 1))
    file_finding(world, title="Filed later", raised_on=dt.date(2026, 10, 7))
    version.refresh_from_db()
    assert version.content["frozen"]["findings"] == frozen
    page = world.client("customer.viewer").get(version.get_absolute_url())
    assert page.status_code == 200
    html = page.content.decode()
    assert "Opened in October" in html and "Filed later" not in html
    assert "2: Marginal" in html


def test_a_changed_assessment_and_findings_show_in_the_comparison(world: World) -> None:
    version = report_in_review(world)
    document_services.version_sign(acting_user=world.user(IVV), version=version)
    file_finding(world, title="A new one", raised_on=dt.date(2026, 10, 9))
    second = document_services.version_create_next(
        acting_user=world.user(IVV),
        document=version.document,
        reason="other",
        reason_text="Late finding.",
    )
    second = fill(world, second, assessment="3")
    second = document_services.version_submit(acting_user=world.user(IVV), version=second)
    from programs.documents import compare_contents

    changed = {
        p.key: p
        for p in compare_contents(version.document.definition, version.content, second.content)
        if p.changed
    }
    assert changed["fields.assessment"].old == "2: Marginal"
    assert changed["fields.assessment"].new == "3: Satisfactory"
    assert "A new one" in changed["frozen.findings"].new


# -- one per period --------------------------------------------------------------------


def test_one_report_per_period_and_the_period_end_after_its_start(world: World) -> None:
    start_report(world)
    with pytest.raises(DomainError) as second:
        start_report(world, START, dt.date(2026, 10, 15))
    assert second.value.field == "period_start" and "October 2026" in str(second.value)
    with pytest.raises(DomainError) as backwards:
        start_report(world, dt.date(2026, 11, 30), dt.date(2026, 11, 1))
    assert backwards.value.field == "period_end"
    assert Document.objects.filter(kind=IVV_REPORT).count() == 1


def test_the_list_page_starts_a_report_for_the_agent_only(world: World) -> None:
    url = f"/programs/{world.program.code}/ivv/reports/"
    data = {"period_start": "2026-10-01", "period_end": "2026-10-31"}
    assert world.client("customer.program_manager").post(url, data).status_code == 404
    assert world.client(OUTSIDER).get(url).status_code == 404
    assert not Document.objects.filter(kind=IVV_REPORT).exists()
    agent = world.client(IVV)
    response = agent.post(url, data)
    assert response.status_code == 302
    again = agent.post(url, {**data, "period_end": "2026-10-30"})
    assert again.status_code == 400 and "October 2026" in again.content.decode()
    backwards = agent.post(url, {"period_start": "2026-12-10", "period_end": "2026-12-01"})
    assert backwards.status_code == 400
    assert "The period end is before the period start." in backwards.content.decode()
    page = world.client("provider.viewer").get(url)
    assert page.status_code == 200 and "New report" not in page.content.decode()
    assert "1 Oct 2026 to 31 Oct 2026" in page.content.decode()
    register = world.client("provider.viewer").get(f"/programs/{world.program.code}/ivv/")
    assert url in register.content.decode()


# -- the PDF and the API -----------------------------------------------------------------


def test_the_pdf_shows_the_assessment_and_the_findings(world: World) -> None:
    finding = file_finding(
        world, title="Conversion lacks reconciliation", raised_on=dt.date(2026, 10, 5)
    )
    version = report_in_review(world)
    document_services.version_sign(acting_user=world.user(IVV), version=version)
    response = world.client("provider.pmo_team").get(
        f"/programs/{world.program.code}/ivv/reports/{version.document.pk}/v1/export.pdf"
    )
    assert response.status_code == 200
    text = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=response.content, capture_output=True, check=True
    ).stdout.decode()
    assert "Overall assessment" in text and "2: Marginal" in text
    assert "Findings in the period" in text and "Opened in the period (1)" in text
    words = " ".join(text.split())
    assert f"{finding.reference} Conversion lacks 2: High Open Provider reconciliation" in words


def test_the_api_lists_starts_and_signs_reports(world: World) -> None:
    from rest_framework.test import APIClient

    base = f"/api/programs/{world.program.code}/ivv/reports/"
    data = {"period_start": "2026-10-01", "period_end": "2026-10-31"}
    editor = APIClient()
    editor.force_authenticate(world.user("customer.program_manager"))
    assert editor.post(base, data, format="json").status_code == 404
    agent = APIClient()
    agent.force_authenticate(world.user(IVV))
    created = agent.post(base, data, format="json")
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["key"] == "period-2026-10" and body["owning_party"] == "independent"
    assert body["period_start"] == "2026-10-01" and body["assessment"] is None
    assert [r["user"] for r in body["signing_requirements"]] == [IVV]
    again = agent.post(base, {**data, "period_end": "2026-10-20"}, format="json")
    assert again.status_code == 400 and again.json()["code"] == "document_exists"

    versions = f"{base}{body['id']}/versions/"
    version = agent.get(f"{versions}1/").json()
    content = {
        "fields": {"period_start": "2026-10-01", "period_end": "2026-10-31", "assessment": "4"},
        "sections": {"reasons": "Steady progress."},
    }
    saved = agent.patch(
        f"{versions}1/", {"content": content, "revision": version["revision"]}, format="json"
    )
    assert saved.status_code == 200, saved.content
    refused = editor.patch(f"{versions}1/", {"content": content, "revision": 2}, format="json")
    assert refused.status_code == 404
    assert agent.post(f"{versions}1/submit/", format="json").status_code == 200
    assert editor.post(f"{versions}1/sign/", {}, format="json").status_code in (400, 403, 404)
    signed = agent.post(f"{versions}1/sign/", {}, format="json")
    assert signed.status_code in (200, 201), signed.content
    listed = editor.get(base).json()
    rows = listed["results"] if isinstance(listed, dict) else listed
    assert rows[0]["assessment"] == "4" and rows[0]["latest_version"]["status"] == "approved"
    outsider = APIClient()
    outsider.force_authenticate(world.user(OUTSIDER))
    assert outsider.get(base).status_code == 404


def test_the_pages_let_only_the_agent_edit(world: World) -> None:
    document = start_report(world)
    base = f"/programs/{world.program.code}/ivv/reports/{document.pk}/"
    agent = world.client(IVV)
    assert agent.get(base).status_code == 200
    edit = agent.get(f"{base}v1/edit/")
    assert edit.status_code == 200 and "Overall assessment" in edit.content.decode()
    for name in ("customer.program_manager", "provider.pmo_lead", "independent.viewer"):
        client = world.client(name)
        assert client.get(f"{base}v1/").status_code == 200
        assert client.get(f"{base}v1/edit/").status_code == 404
        assert client.post(f"{base}v1/submit/").status_code == 404
    assert world.client(OUTSIDER).get(f"{base}v1/").status_code == 404
    assert document.versions.get().status == DocumentStatus.DRAFT
