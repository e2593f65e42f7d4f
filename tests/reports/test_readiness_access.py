"""Who may do what with the progress review readiness, for every role of every party and
another program's user, on the pages and the API: every member reads the readiness and
downloads a built package; the Program Managers and PMO Leads of the customer and the
provider build one; everyone else gets a 404 and nothing changes (no job, no audit event)."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse
from rest_framework.test import APIClient

from programs.choices import JobStatus
from programs.models import AuditEvent, Job
from reports.readiness import package
from tests.conftest import OUTSIDER, ROLE_MATRIX, World

from .conftest import BUILDERS

USERS = [name for name, *_ in ROLE_MATRIX] + [OUTSIDER]
API = "/api/programs/alpha/reports/readiness"
PDF = b"%PDF-1.7 the package"


@pytest.fixture
def built(world: World) -> Job:
    """A package built earlier for alpha, its file in storage."""
    path = default_storage.save("review-packages/alpha/built.pdf", ContentFile(PDF))
    return Job.objects.create(
        program=world.program,
        kind=package.KIND,
        key="review_package:built",
        title="Progress review package",
        status=JobStatus.DONE,
        params={"file": path},
        result={"pages": 1},
        created_by=world.user("customer.pmo_lead"),
    )


def _api(world: World, username: str) -> APIClient:
    client = APIClient()
    client.force_authenticate(world.user(username))
    return client


def _counts() -> tuple[int, int]:
    return Job.objects.count(), AuditEvent.objects.count()


def _body(response: Any) -> bytes:
    return b"".join(response.streaming_content)


@pytest.mark.parametrize("username", USERS)
def test_reading_and_downloading(world: World, built: Job, username: str) -> None:
    member = username != OUTSIDER
    client = world.client(username)
    page = client.get(reverse("reports:readiness", kwargs={"code": "alpha"}))
    assert page.status_code == (200 if member else 404)
    download = client.get(
        reverse("reports:readiness_download", kwargs={"code": "alpha", "pk": built.pk})
    )
    assert download.status_code == (200 if member else 404)
    api = _api(world, username)
    readiness = api.get(f"{API}/")
    assert readiness.status_code == (200 if member else 404)
    assert api.get(f"{API}/packages/").status_code == (200 if member else 404)
    assert api.get(f"{API}/packages/{built.pk}/").status_code == (200 if member else 404)
    api_download = api.get(f"{API}/packages/{built.pk}/download/")
    assert api_download.status_code == (200 if member else 404)
    if member:
        assert readiness.json()["program"] == "alpha" and len(readiness.json()["criteria"]) == 9
        assert _body(download) == _body(api_download) == PDF


@pytest.mark.parametrize("username", USERS)
def test_building_on_the_page(world: World, username: str) -> None:
    before = _counts()
    response = world.client(username).post(
        reverse("reports:readiness_build", kwargs={"code": "alpha"})
    )
    if username in BUILDERS:
        job = Job.objects.get(kind=package.KIND)
        assert response.status_code == 302 and response["Location"] == job.get_absolute_url()
        assert job.created_by == world.user(username) and job.status == JobStatus.QUEUED
    else:
        assert response.status_code == 404
        assert _counts() == before


@pytest.mark.parametrize("username", USERS)
def test_building_through_the_api(world: World, username: str) -> None:
    before = _counts()
    response = _api(world, username).post(f"{API}/packages/")
    if username in BUILDERS:
        assert response.status_code == 202
        job = Job.objects.get(kind=package.KIND)
        assert response.json()["id"] == job.pk and response["Location"] == response.json()["url"]
    else:
        assert response.status_code == 404
        assert _counts() == before


def test_another_programs_package_is_not_found(world: World, built: Job) -> None:
    """A package of alpha asked for under beta, by beta's own member: 404."""
    client = world.client(OUTSIDER)
    url = reverse("reports:readiness_download", kwargs={"code": "beta", "pk": built.pk})
    assert client.get(url).status_code == 404
    assert (
        _api(world, OUTSIDER)
        .get(f"/api/programs/beta/reports/readiness/packages/{built.pk}/")
        .status_code
        == 404
    )


def test_a_package_not_yet_built_does_not_download(world: World, built: Job) -> None:
    Job.objects.filter(pk=built.pk).update(status=JobStatus.RUNNING)
    url = reverse("reports:readiness_download", kwargs={"code": "alpha", "pk": built.pk})
    assert world.client("customer.viewer").get(url).status_code == 404
