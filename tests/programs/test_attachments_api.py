"""The attachments API: a round trip (attach, list by row, read, download, remove), and the
refusals (another party's row, an outsider, a file that is not what its name says, one over
the size limit) that change nothing."""

from __future__ import annotations

import hashlib
import io
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from rest_framework.test import APIClient

from programs.choices import AuditAction
from programs.models import Attachment, AuditEvent, OnboardingItem
from tests.conftest import OUTSIDER, World

from . import attachment_files as files

EDITOR = "provider.pmo_team"
API = "/api/programs/alpha/attachments/"
MB = 1024 * 1024


@pytest.fixture
def item(world: World) -> OnboardingItem:
    return OnboardingItem.objects.create(program=world.program, title="Payroll access forms")


def api(world: World, username: str = EDITOR) -> APIClient:
    client = APIClient()
    client.force_authenticate(world.user(username))
    return client


def named(content: bytes, name: str) -> io.BytesIO:
    stream = io.BytesIO(content)
    stream.name = name
    return stream


def payload(item: OnboardingItem, content: bytes, name: str, **extra: Any) -> dict[str, Any]:
    return {
        "target_type": "programs.onboardingitem",
        "target_id": item.pk,
        "file": named(content, name),
        **extra,
    }


def stored_files() -> list[Path]:
    return [p for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file()]


def nothing_stored(audit: int) -> None:
    assert not Attachment.objects.exists()
    assert stored_files() == []
    assert AuditEvent.objects.count() == audit


def test_the_round_trip(world: World, item: OnboardingItem) -> None:
    content = files.pdf()
    created = api(world).post(
        API,
        payload(item, content, "closure evidence.pdf", purpose="closure evidence"),
        format="multipart",
    )
    assert created.status_code == 201, created.json()
    body = created.json()
    uuid = body["id"]
    assert body == {
        "id": uuid,
        "target_type": "programs.onboardingitem",
        "target_id": item.pk,
        "purpose": "closure evidence",
        "name": "closure_evidence.pdf",
        "size": len(content),
        "sha256": hashlib.sha256(content).hexdigest(),
        "media_type": "application/pdf",
        "uploaded_by": EDITOR,
        "uploaded_at": body["uploaded_at"],
        "download_url": f"{API}{uuid}/download/",
    }

    reader = api(world, "independent.ivv_agent")
    listed = reader.get(API, {"target_type": "programs.onboardingitem", "target_id": str(item.pk)})
    assert listed.status_code == 200
    assert [row["id"] for row in listed.json()["results"]] == [uuid]
    assert reader.get(f"{API}{uuid}/").json() == body

    download = reader.get(body["download_url"])
    assert download.status_code == 200
    assert download.getvalue() == content
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"] == 'attachment; filename="closure_evidence.pdf"'
    assert download["X-Content-Type-Options"] == "nosniff"
    assert AuditEvent.objects.filter(action=AuditAction.DOWNLOAD).count() == 1

    # The customer may read the provider's evidence, not remove it.
    refused = api(world, "customer.program_manager").post(
        f"{API}{uuid}/remove/", {"reason": "Not ours"}, format="json"
    )
    assert refused.status_code == 404
    assert api(world).post(f"{API}{uuid}/remove/", {}, format="json").status_code == 400
    removed = api(world).post(f"{API}{uuid}/remove/", {"reason": "Wrong file"}, format="json")
    assert removed.status_code == 204
    attachment = Attachment.objects.get()
    assert attachment.removal_reason == "Wrong file"
    listed = reader.get(API, {"target_type": "programs.onboardingitem", "target_id": str(item.pk)})
    assert listed.json()["results"] == []
    assert reader.get(body["download_url"]).status_code == 404
    assert [e.action for e in AuditEvent.objects.filter(target_type__model="attachment")] == [
        AuditAction.REMOVE_FILE,
        AuditAction.DOWNLOAD,
        AuditAction.ATTACH,
    ]


@pytest.mark.parametrize("username", ["customer.program_manager", "provider.viewer", OUTSIDER])
def test_who_may_not_attach_gets_404_and_nothing_is_stored(
    world: World, item: OnboardingItem, username: str
) -> None:
    audit = AuditEvent.objects.count()
    response = api(world, username).post(
        API, payload(item, files.png(), "a.png"), format="multipart"
    )
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
    nothing_stored(audit)


def test_the_outsider_reads_nothing(world: World, item: OnboardingItem) -> None:
    created = api(world).post(API, payload(item, files.png(), "a.png"), format="multipart")
    uuid = created.json()["id"]
    outsider = api(world, OUTSIDER)
    query = {"target_type": "programs.onboardingitem", "target_id": str(item.pk)}
    assert outsider.get(API, query).status_code == 404
    assert outsider.get(f"{API}{uuid}/").status_code == 404
    assert outsider.get(f"{API}{uuid}/download/").status_code == 404
    beta = f"/api/programs/beta/attachments/{uuid}/download/"
    assert outsider.get(beta).status_code == 404


def test_a_list_names_its_row(world: World, item: OnboardingItem) -> None:
    response = api(world).get(API)
    assert response.status_code == 400
    assert response.json()["field"] == "target_type"
    membership = world.program.memberships.first()
    assert membership is not None
    query = {"target_type": "programs.membership", "target_id": str(membership.pk)}
    assert api(world).get(API, query).status_code == 404


def test_an_executable_named_pdf_is_refused(world: World, item: OnboardingItem) -> None:
    audit = AuditEvent.objects.count()
    response = api(world).post(
        API, payload(item, files.windows_executable(), "report.pdf"), format="multipart"
    )
    assert response.status_code == 400
    assert response.json() == {
        "code": "file_refused",
        "detail": "“report.pdf” is not a PDF: its content is a Windows executable.",
        "field": "file",
    }
    nothing_stored(audit)


def test_a_file_over_the_limit_is_refused_with_413(
    world: World, item: OnboardingItem, settings: Any
) -> None:
    settings.UPLOAD_LIMITS = {**settings.UPLOAD_LIMITS, "attachment": MB}
    audit = AuditEvent.objects.count()
    response = api(world).post(API, payload(item, b"x" * (2 * MB), "big.txt"), format="multipart")
    assert response.status_code == 413
    assert response.json() == {
        "code": "upload_too_large",
        "detail": "The file is 2 MB; attached files are limited to 1 MB.",
        "field": "file",
    }
    nothing_stored(audit)
